/** `npm run steps`: render the vocabulary's glossary from the step definitions into docs/STEPS.md. */
import path from 'node:path';
import { loadVocabulary } from '../runner/run/index';
import { renderGlossaryMarkdown } from '../runner/reports/glossary';
import { writeAtomically } from '../runner/reports/write';
import { allParameterDocs, allSentences } from '../steps/vocabulary';

const root = path.resolve(__dirname, '..');
const target = path.join(root, 'docs', 'STEPS.md');
loadVocabulary()
  .then(() => writeAtomically(target, renderGlossaryMarkdown(allSentences(), allParameterDocs())))
  .then(
    () => process.stdout.write(`wrote ${path.relative(root, target)}\n`),
    (error: Error) => {
      process.stderr.write(`steps: ${error.message}\n`);
      process.exitCode = 1;
    },
  );

/**
 * The glossary: every sentence of the vocabulary with its parameter types,
 * what it means and an example, rendered from the step definitions (see
 * steps/vocabulary.ts) as docs/STEPS.md and as the text of
 * `response-conformance steps`.
 */
import type { ParameterDoc, Sentence } from '../../steps/vocabulary';

const KEYWORDS = ['Given', 'When', 'Then'] as const;

function parametersOf(pattern: string): string[] {
  return [...new Set([...pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];
}

/** The sections in glossary order: the general ones first, the contract's own last. */
function sections(sentences: readonly Sentence[]): [string, Sentence[]][] {
  const topics = new Map<string, Sentence[]>();
  for (const sentence of [...sentences].sort((a, b) => KEYWORDS.indexOf(a.keyword) - KEYWORDS.indexOf(b.keyword))) {
    const topic = sentence.contract ? "The contract's own sentences" : sentence.topic;
    topics.set(topic, [...(topics.get(topic) ?? []), sentence]);
  }
  const contract = topics.get("The contract's own sentences");
  topics.delete("The contract's own sentences");
  return [...topics, ...(contract ? [["The contract's own sentences", contract] as [string, Sentence[]]] : [])];
}

/** The feature at the top of the glossary; a test checks that every step of it reads as one sentence. */
export const EXAMPLE_FEATURE = `Feature: The item list a frontend on the shop's origin reads
  The shop's frontend (https://shop.example) pages through the items and
  reads the total from X-Total-Count. Sources: FastAPI, "Response Headers"
  (https://fastapi.tiangolo.com/advanced/response-headers/).

  Rule: The frontend can read the pagination headers

    @MUST @id:items-1
    Scenario: A script on the shop reads the total count
      When a script on "https://shop.example" calls "GET /api/items?page=1"
      Then the script can read "X-Total-Count"

    @SHOULD @id:items-2
    Scenario: The debug timing stays hidden from scripts
      When a script on "https://shop.example" calls "GET /api/items?page=1"
      Then the script cannot read "X-Debug-Query-Time"`;

/** The session example of the glossary; a test checks that every step of it reads as one sentence. */
export const SESSION_BACKGROUND = `Background: alice signs in with FastAPI's OAuth2 password form
  Given the value "password" comes from the environment variable "RESPONSE_CONFORMANCE_LOGIN_PASSWORD"
  And a client has called "POST /api/token" with the form:
    | username | alice        |
    | password | {{password}} |
  And the client remembers the field "access_token" of the answer as "token"

@MUST @id:notes-me
Scenario: A signed-in client reads its own user
  Given every request carries the header "Authorization" with the value "Bearer {{token}}"
  When a client calls "GET /api/me"
  Then the server answers 200 OK`;

/** A data table's rows as Gherkin writes them, cells padded to their column's width. */
function tableLines(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`);
}

export function renderGlossaryMarkdown(sentences: readonly Sentence[], parameters: readonly ParameterDoc[]): string {
  const out = [
    '# The vocabulary: every sentence a feature can use',
    '',
    '<!-- Generated from the step definitions by `npm run steps`. Do not edit: edit the sentences (listed in steps/vocabulary.ts) and run it again. -->',
    '',
    `${sentences.length} sentences. \`response-conformance steps\` prints this page in a terminal. Write your own features in these sentences and run them against your API:`,
    '',
    '```sh',
    'response-conformance --target http://127.0.0.1:8000 --features features/api/',
    '```',
    '',
    '## Writing a feature',
    '',
    'A feature file is Gherkin (https://cucumber.io/docs/gherkin/reference/). Each scenario checks one behaviour: a `When` that calls your API, then one or more `Then`s about the answer. Tag each scenario with its level, `@MUST` (a failure fails the run) or `@SHOULD` (a warning; a failure only under `--strict`), and a stable `@id:` that baselines and reports key on. A scenario without a level counts as MUST, and one without an id gets one made from its file and name; both are reported as warnings.',
    '',
    '```gherkin',
    EXAMPLE_FEATURE,
    '```',
    '',
    'A script fetches with credentials (it sends cookies, as a frontend that holds a session does) unless the run says `--credentials omit` (the default follows `--openapi`\'s security schemes), a `Given the frontend\'s scripts fetch without credentials` says so, or the sentence ends `without credentials`. `the allowed origin` is the run\'s `--origin`; `another origin` is one no server should allow. A step that does not read as any sentence below, or whose parameter does not parse, stops the run before anything is sent, with the file, the line and the nearest sentences.',
    '',
    '## A session',
    '',
    'A scenario can name values and use them in later steps as `{{name}}`, in any quoted text (an endpoint\'s path, a header\'s value), a doc string (in a JSON one, bare for a number: `{"id": {{note}}}`) or a data table: a value of the answer (`the client remembers the field "access_token" of the answer as "token"`), a cookie it sets, or an environment variable of the run (`the value "password" comes from the environment variable "RESPONSE_CONFORMANCE_LOGIN_PASSWORD"`), so that a password is never written in a feature. Names are strict: a `{{name}}` that no step before it in the scenario (its Background included) defines stops the run before anything is sent, with the file, the line and the names known there. A Background that sends the login form and remembers the token signs every scenario in:',
    '',
    '```gherkin',
    SESSION_BACKGROUND,
    '```',
    '',
    'Values read from the environment, tokens and cookies are secrets: the reports mask them, and a failure shows them as `{{name}}`. [Signing in from a feature](own-api.md#signing-in-from-a-feature) has the whole example.',
    '',
    '## Parameter types',
    '',
    '| type | accepts | examples |',
    '|---|---|---|',
    ...parameters.map((p) => `| \`{${p.name}}\` | ${p.accepts.replace(/\|/g, '\\|')} | ${p.examples.map((e) => `\`${e.replace(/\|/g, '\\|')}\``).join(', ')} |`),
  ];
  for (const [topic, list] of sections(sentences)) {
    out.push('', `## ${topic}`);
    if (topic === "The contract's own sentences") out.push('', 'These speak of the contract\'s routes (the route table in docs/reading-the-spec.md), and are of no use for another API.');
    for (const sentence of list) {
      out.push('', `### ${sentence.keyword} ${sentence.pattern}`, '', sentence.summary);
      const types = parametersOf(sentence.pattern);
      if (types.length > 0) out.push('', `Parameters: ${types.map((t) => `[\`{${t}}\`](#parameter-types)`).join(', ')}.`);
      out.push('', '```gherkin', sentence.example);
      if (sentence.docString !== undefined) out.push('  """', ...sentence.docString.split('\n').map((line) => `  ${line}`), '  """');
      if (sentence.dataTable !== undefined) out.push(...tableLines(sentence.dataTable).map((line) => `  ${line}`));
      out.push('```');
    }
  }
  return `${out.join('\n')}\n`;
}

export function renderGlossaryText(sentences: readonly Sentence[], parameters: readonly ParameterDoc[]): string {
  const out = [`${sentences.length} sentences a feature can use (docs/STEPS.md has them with more words).`, ''];
  for (const [topic, list] of sections(sentences)) {
    out.push(topic);
    for (const sentence of list) {
      const docString = sentence.docString === undefined ? '' : ` """${sentence.docString.split('\n').join('\n           ')}"""`;
      out.push(`  ${sentence.keyword} ${sentence.pattern}`, `      e.g. ${sentence.example}${docString}`);
      if (sentence.dataTable !== undefined) out.push(...tableLines(sentence.dataTable).map((line) => `             ${line}`));
    }
    out.push('');
  }
  out.push('Parameter types');
  for (const p of parameters) out.push(`  {${p.name}}  ${p.accepts.replace(/`/g, '')}`, `      e.g. ${p.examples.join(', ')}`);
  return `${out.join('\n')}\n`;
}

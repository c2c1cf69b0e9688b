/**
 * The README and the guides in docs/ are read in two places: in the repository
 * and in the installed package, which ships only package.json's `files`. A
 * relative link must resolve in both, so it may point only at a file the
 * package ships; anything else (examples/, test/, the sources) is named in a
 * code span instead. Absolute URLs and links inside code are not checked.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isRelativeFileLink, linkTargets, markdownFiles, relativeLinks as linksUnder, withoutCode, type Link } from '../support/markdown';

const relativeLinks = (): Link[] => linksUnder(root);

const root = path.resolve(__dirname, '..', '..');

/** Where a link lands, relative to the root, in POSIX form ('' for the root itself). */
function landing(link: Pick<Link, 'file' | 'target'>): string {
  const withoutFragment = decodeURI(link.target.replace(/[#?].*$/s, ''));
  const resolved = withoutFragment.startsWith('/') ? path.join(root, withoutFragment) : path.resolve(root, path.dirname(link.file), withoutFragment);
  return path.relative(root, resolved).split(path.sep).join('/');
}

const show = (link: Link, why: string) => `${link.file}:${link.line}: (${link.target}) ${why}`;

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(readFileSync(path.join(root, file), 'utf8')).split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = anchorOf(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

describe('the links of the README and the guides', () => {
  const links = relativeLinks();

  it('are found: the README and the guides link to each other', () => {
    assert.ok(links.some((l) => l.file === 'README.md' && landing(l) === 'docs/own-api.md'), 'README.md does not link to docs/own-api.md');
    assert.ok(links.filter((l) => l.file.startsWith('docs/')).length > 20, `only ${links.filter((l) => l.file.startsWith('docs/')).length} links found in docs/`);
  });

  it('each resolve to a file or folder, relative to the file that links', () => {
    const broken = links.filter((link) => !existsSync(path.join(root, landing(link))));
    assert.deepEqual(broken.map((link) => show(link, `points at ${landing(link) || '.'}, which does not exist`)), []);
  });

  it("each point at a file the package ships (package.json's files), so they resolve in the installed package too", () => {
    const files: string[] = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).files;
    const shipped = (where: string) => files.some((entry) => (entry.endsWith('/') ? where === entry.slice(0, -1) || where.startsWith(entry) : where === entry));
    const outside = links.filter((link) => link.target.startsWith('/') || !shipped(landing(link)));
    assert.deepEqual(
      outside.map((link) => show(link, `points at ${landing(link) || '.'}, which the package does not ship: name it in a code span and say "in the repository"`)),
      [],
    );
  });

  it('each name a heading of the page they point into, when they carry an #anchor', () => {
    const wrong = markdownFiles(root).flatMap((file) =>
      linkTargets(readFileSync(path.join(root, file), 'utf8'))
        .filter(({ target }) => target.includes('#') && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//'))
        .map(({ line, target }) => ({ file, line, target, landing: '' }))
        .filter((link) => {
          const page = link.target.startsWith('#') ? link.file : landing(link);
          if (!page.endsWith('.md') || !existsSync(path.join(root, page))) return false;
          return !anchorsIn(page).has(decodeURIComponent(link.target.slice(link.target.indexOf('#') + 1)));
        }),
    );
    assert.deepEqual(wrong.map((link) => show(link, 'names no heading of that page')), []);
  });
});

describe('the link finder', () => {
  it('finds inline links, images, reference definitions and HTML links, with their lines', () => {
    const text = 'see [the audit](docs/audit.md "title")\n![logo](docs/logo.png)\n[ci]: docs/ci.md\n<a href="LICENSE">MIT</a>';
    assert.deepEqual(linkTargets(text), [
      { line: 1, target: 'docs/audit.md' },
      { line: 2, target: 'docs/logo.png' },
      { line: 3, target: 'docs/ci.md' },
      { line: 4, target: 'LICENSE' },
    ]);
  });

  it('finds no link in a code span or a fenced code block', () => {
    const text = 'run `[x](examples/own-api/)` first\n```md\n[y](test/unit/)\n```\n[z](docs/z.md)';
    assert.deepEqual(linkTargets(text), [{ line: 5, target: 'docs/z.md' }]);
  });

  it('leaves absolute URLs and same-page anchors unchecked', () => {
    assert.equal(isRelativeFileLink('https://fetch.spec.whatwg.org/'), false);
    assert.equal(isRelativeFileLink('#the-contract'), false);
    assert.equal(isRelativeFileLink('docs/own-api.md#a-worked-example'), true);
  });

  it('makes anchors as GitHub does', () => {
    assert.equal(anchorOf('summary.json'), 'summaryjson');
    assert.equal(anchorOf('The audit: what a browser on your origin can read'), 'the-audit-what-a-browser-on-your-origin-can-read');
    assert.equal(anchorOf('`runSuite(options)`'), 'runsuiteoptions');
  });
});

describe('the README', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

  it('is a front page of at most 300 lines, the rest being guides in docs/', () => {
    const lines = readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0);
    assert.ok(lines <= 300, `README.md has ${lines} lines`);
  });

  it('keeps the two quick-start commands exactly', () => {
    const commands = [
      'bash scripts/install.sh && npm run conformance   # install everything, run the suite against the bundled reference server',
      'npm test                                         # run the tests: types, unit tests, harness tests, the suite',
    ];
    for (const command of commands) assert.ok(readme.split('\n').includes(command), `README.md has lost the line:\n${command}`);
  });
});

describe('the FastAPI workflow', () => {
  it('is the same text in docs/ci.md as in docs/examples/fastapi-conformance.yml', () => {
    const workflow = readFileSync(path.join(root, 'docs', 'examples', 'fastapi-conformance.yml'), 'utf8');
    const guide = readFileSync(path.join(root, 'docs', 'ci.md'), 'utf8');
    assert.ok(guide.includes('```yaml\n' + workflow + '```\n'), 'docs/ci.md does not show docs/examples/fastapi-conformance.yml as it is, in a yaml block');
  });
});

/** The guides about the repository itself (how it is built, proved and added to), for contributors who have it: their paths are the repository's. */
const REPOSITORY_GUIDES = new Set(['docs/architecture.md', 'docs/contributing.md', 'docs/proof.md', 'docs/COMPATIBILITY.md']);

describe('the example paths the README and the user guides name', () => {
  const files: string[] = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).files;
  /** A file or folder the package ships: one `files` names, or a folder holding one. */
  const shipped = (where: string) => {
    const bare = where.replace(/\/+$/, '');
    return files.some((entry) => {
      const name = entry.replace(/\/+$/, '');
      return bare === name || bare.startsWith(`${name}/`) || (entry.endsWith('/') || where.endsWith('/') ? name.startsWith(`${bare}/`) : false);
    });
  };

  it('each name an example the package ships, or sit in a section that says its examples are "in the repository"', () => {
    const unshipped = markdownFiles(root)
      .filter((file) => (file === 'README.md' || /^docs\/[^/]+\.md$/.test(file)) && !REPOSITORY_GUIDES.has(file))
      .flatMap((file) =>
        // A section (from one heading to the next) at a time: it says once that its examples are in the repository.
        readFileSync(path.join(root, file), 'utf8')
          .split(/\n(?=#{1,6} )/)
          .flatMap((paragraph) => [...paragraph.matchAll(/(?<![\w/.-])examples\/[\w.-]+(?:\/[\w.-]+)*\/?/g)].map((m) => ({ file, paragraph, where: m[0].replace(/\.$/, '') }))),
      )
      // A path relative to the guide (docs/examples/…, as a guide in docs/ names it) is that file.
      .filter(({ file, where }) => !existsSync(path.join(root, path.dirname(file), where)) || !shipped(path.posix.join(path.posix.dirname(file), where)))
      .filter(({ paragraph, where }) => !shipped(where) && !/in the repository/i.test(paragraph));
    assert.deepEqual(unshipped.map(({ file, where }) => `${file}: ${where} is not shipped: ship it (package.json's files), or say in its section that it is "in the repository"`), []);
  });

  it('finds the paths: the shop\'s example is named, and the package does not ship it (test/harness/package.test.ts: no examples)', () => {
    assert.equal(shipped('examples/own-api/app.py'), false);
    assert.equal(shipped('docs/examples/fastapi-conformance.yml'), true);
  });
});

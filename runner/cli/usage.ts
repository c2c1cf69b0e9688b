/**
 * The usage texts (--help) and the guides' flag tables, made from the
 * option schema (configuration/schema.ts): a flag added there is in the
 * usage, the parser and the guides at once. `npm run tables` writes the
 * tables into docs/own-api.md and docs/audit.md; a test holds them current.
 */
import { flagsOf, type Command, type FlagSpec } from '../configuration';
import { withGenerated } from '../reports/generated';

/** Where a flag's help text starts, and how wide a line may be, per usage. */
const LAYOUT: Readonly<Record<Command, { readonly column: number; readonly width: number }>> = {
  run: { column: 22, width: 99 },
  audit: { column: 24, width: 99 },
  observe: { column: 24, width: 99 },
};

const RUN_HEAD = `usage: response-conformance [options]
       response-conformance steps        print every sentence a feature can use (docs/STEPS.md)
       response-conformance audit ...    what a browser on your origin can read from your API (audit --help)
       response-conformance observe ...  your frontend's own traffic, judged as it happens (observe --help)

Checks a server against the response-conformance spec (features/*.feature), or
against your own features written in the suite's sentences (--features).
Without --target it runs against the bundled reference server.
`;

const RUN_TAIL = `Exit status: 0 conformant, 1 not conformant, 2 the run could not judge (a usage error, an unreachable target, an error of the run).
Colour only on a terminal; NO_COLOR turns it off.
`;

const AUDIT_HEAD = `usage: response-conformance audit --target URL --origin ORIGIN [--openapi FILE|URL] [--route "METHOD /path" ...] [options]

Shows, route by route, what a script on ORIGIN gets from the API with credentials
(cookies), judged by the Fetch model and by Chromium when it is installed: the status,
whether the response is granted (with and without credentials, and why not), every
header marked readable or hidden, every cookie with its attributes, and the CORS and
cookie mistakes found, each with an id, a level and what to change.

Without --route it reads the API's OpenAPI document (<target>/openapi.json, FastAPI's
default), calls every GET and HEAD operation as the frontend would, and checks each
answer against what the document promises: its status, media type, headers and schema.
POST, PUT, PATCH and DELETE are never sent without --unsafe: only their preflights are.
`;

const AUDIT_TAIL = `Exit status: 0 no MUST finding, 1 a MUST finding, 2 usage error or the API could not be judged.
`;

const OBSERVE_HEAD = `usage: response-conformance observe --target URL [--listen [HOST:]PORT] [--origin ORIGIN] [--openapi FILE|URL] [options] [-- COMMAND ...]
       response-conformance observe --target URL --har FILE [options]

A reverse proxy for the API that your frontend, or its end-to-end tests, calls instead of
the API. It forwards every request and answer unchanged (no header added, no preflight
answered by itself) and judges each exchange by the rules the audit uses: what a browser
on the request's Origin may read, its preflights, the cookies a browser there keeps and
deletes, error answers the script cannot read, and, with --openapi, the document's
promises for every method. Findings are grouped by operation (or route), with counts.

With -- COMMAND (npx playwright test, say) it runs the command while the proxy is up,
then judges; the command finds the proxy in OBSERVE_URL. Without one it runs until
interrupted (Ctrl-C, SIGTERM), then judges. --har judges a recorded HAR instead.
`;

const OBSERVE_TAIL = `Exit status: the command's own when it fails; else 0 no MUST finding, 1 a MUST finding, 2 usage error or nothing could be judged.
`;

/** The flag as the usage and the guides write it: "--timeout MS". */
export const flagHead = (flag: FlagSpec): string => `--${flag.name}${flag.arg === undefined ? '' : ` ${flag.arg}`}`;

/**
 * The words of a help text, a quoted example kept whole ("@MUST and not
 * @id:cors-3", 'POST /api/login {"username": "alice"}'): a line never breaks
 * inside one.
 */
function words(text: string): string[] {
  const out: string[] = [];
  let open: string | undefined;
  for (const word of text.split(' ')) {
    if (open !== undefined) {
      out[out.length - 1] += ` ${word}`;
      if (word.replace(/[.,;:)]+$/, '').endsWith(open)) open = undefined;
      continue;
    }
    out.push(word);
    const quote = word[0];
    if ((quote === '"' || quote === "'") && !(word.length > 1 && word.replace(/[.,;:)]+$/, '').endsWith(quote))) open = quote;
  }
  return out;
}

/** A help text as lines of at most `width`, each after `column` spaces but the first, which follows the flag. */
function wrapped(text: string, column: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words(text)) {
    if (line !== '' && column + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** The flags' part of a command's usage: each flag, then its help, wrapped at the layout's column and width. */
export function flagLines(command: Command): string {
  const { column, width } = LAYOUT[command];
  const indent = ' '.repeat(column);
  return flagsOf(command)
    .map((flag) => {
      const head = `  ${flagHead(flag)}`;
      const lines = wrapped(flag.help[command] ?? '', column, width).map((l) => `${indent}${l}`);
      // A flag too long for the column has its own line, the help below it.
      if (head.length + 2 > column) return [head, ...lines].join('\n');
      return [`${head.padEnd(column)}${lines[0].slice(column)}`, ...lines.slice(1)].join('\n');
    })
    .join('\n');
}

const HEADS: Readonly<Record<Command, readonly [string, string]>> = { run: [RUN_HEAD, RUN_TAIL], audit: [AUDIT_HEAD, AUDIT_TAIL], observe: [OBSERVE_HEAD, OBSERVE_TAIL] };

export function usageOf(command: Command): string {
  const [head, tail] = HEADS[command];
  return `${head}\n${flagLines(command)}\n\n${tail}`;
}

export const USAGE = usageOf('run');
export const AUDIT_USAGE = usageOf('audit');
export const OBSERVE_USAGE = usageOf('observe');

/** A table cell: pipes escaped, as GitHub's tables need even inside code. */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** A command's flags as the guides' table: flag, meaning (and, for a run, the default). */
export function flagsTable(command: Command): string {
  const rows = flagsOf(command).map((flag) => {
    const meaning = flag.doc?.[command] ?? flag.help[command] ?? '';
    const cells = [`\`${flagHead(flag)}\``, meaning, ...(command === 'run' ? [flag.doc?.default ?? ''] : [])];
    return `| ${cells.map(cell).join(' | ')} |`.replace(/\|  \|/g, '| |');
  });
  const head = command === 'run' ? '| flag | meaning | default |\n|---|---|---|' : '| flag | meaning |\n|---|---|';
  return `${head}\n${rows.join('\n')}\n`;
}

/** The guide that holds each command's table. */
export const FLAGS_GUIDES: Readonly<Record<Command, string>> = { run: 'docs/own-api.md', audit: 'docs/audit.md', observe: 'docs/observe.md' };

const WHOSE: Readonly<Record<Command, string>> = { run: "a run's", audit: "the audit's", observe: "observe's" };
const BEGIN = (command: Command) => `<!-- ${WHOSE[command]} flags: generated from runner/configuration/schema.ts by \`npm run tables\` -->`;
const END = '<!-- end of the generated flags -->';

/** The guide with its flag table made anew from the schema, between its markers. */
export function withFlagsTable(markdown: string, command: Command): string {
  return withGenerated(markdown, BEGIN(command), END, flagsTable(command), FLAGS_GUIDES[command]);
}

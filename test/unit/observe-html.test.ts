/**
 * observe.html: one self-contained page, every text escaped; the header says
 * what was observed and how it ended; a card per operation says what was
 * called, how often, from where, what the frontend could read and what was
 * hidden, and every finding with its count and first exchange.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { observeHtml } from '../../runner/observe/html';
import type { ObserveReport } from '../../runner/observe/index';
import { CLEAN, REPORT } from '../fixtures/observe-report';

/** The card of one operation: from its heading to the next section's end. */
function card(html: string, method: string, path: string): string {
  const start = html.indexOf(`<span class="method">${method}</span> ${path}`);
  assert.notEqual(start, -1, `no card for ${method} ${path}`);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('observe.html', () => {
  const html = observeHtml(REPORT);

  it('is one page that asks nothing of anywhere: no script, no stylesheet, no image, no frame', () => {
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|src=|@import|url\(/i);
  });

  it('escapes every text it shows: the finding, the document, the command, the notes', () => {
    assert.doesNotMatch(html, /<script>alert|<API>|<login>|<b>body/);
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    assert.match(html, /Shop &#60;API&#62; 0\.1\.0/);
    assert.match(html, /--grep &#60;login&#62;/);
    assert.match(html, /the &#60;b&#62;body&#60;\/b&#62; was cut short/);
  });

  it('the header: the target, the proxy, the document, the credentials, the command and how it ended, the counts and the exit', () => {
    assert.match(html, /<h1>What the frontend got from http:\/\/127\.0\.0\.1:8000<\/h1>/);
    assert.match(html, /12 exchanges through the proxy <code>http:\/\/127\.0\.0\.1:9000<\/code>/);
    assert.match(html, /written by FastAPI, from <code>http:\/\/127\.0\.0\.1:8000\/openapi\.json<\/code>: 5 operations/);
    assert.match(html, /credentials: include \(--credentials\)/);
    assert.match(html, /command: <code>npx playwright test --grep &#60;login&#62;<\/code> <span class="granted">exited 0<\/span>/);
    assert.match(html, /<b>3<\/b>MUST<\/div>\s*<div class="box should"><b>1<\/b>SHOULD/);
    assert.match(html, /<b>1<\/b>exit/);
    assert.match(html, /1 exchange without an answer: target-timed-out/);
  });

  it('per operation: how often it was called, its statuses, its origins, granted and refused', () => {
    const login = card(html, 'POST', '/api/login');
    assert.match(login, /<span class="status s2">200 OK ×2<\/span> <span class="status s4">422 Unprocessable Content ×1<\/span>/);
    assert.match(login, /<span>3 requests, 1 preflight<\/span>/);
    assert.match(login, /from <code>http:\/\/127\.0\.0\.1:5173<\/code>/);
    assert.match(login, /<span class="granted">granted 3<\/span> <span class="quiet">refused 0<\/span>/);
  });

  it('what the frontend could read, and what was hidden from it', () => {
    const items = card(html, 'GET', '/api/items');
    assert.match(items, /The frontend could read<\/h3><div class="chips"><span class="chip readable">content-type<\/span> <span class="chip readable">x-total-count<\/span> <span class="chip readable">link<\/span>/);
    assert.match(items, /Hidden from the frontend<\/h3><div class="chips"><span class="chip hidden">date<\/span> <span class="chip hidden">x-debug-query-time<\/span>/);
    assert.match(items, /<p class="clean">No finding\.<\/p>/);
  });

  it('every finding: its level, its id linked to its source, how often, the message and the first exchange', () => {
    const login = card(html, 'POST', '/api/login');
    assert.match(login, /<span class="level must">MUST<\/span> <a class="rule" href="[^"]+"[^>]*><code class="id">undeclared-field<\/code><\/a> <span class="count">3 times<\/span>/);
    assert.match(login, /first: <code>#4 POST \/api\/login → 200 OK<\/code> from http:\/\/127\.0\.0\.1:5173 · the document: <code>#\/components\/schemas\/User<\/code>/);
    assert.match(login, /<span class="level should">SHOULD<\/span> .*vary-origin-missing.*<span class="count">once<\/span>/);
  });

  it("a card's colour: red with a MUST finding, green with none", () => {
    assert.match(html, /<section class="card must">\s*<h2><span class="method">POST<\/span> \/api\/login/);
    assert.match(html, /<section class="card">\s*<h2><span class="method">GET<\/span> \/api\/items /);
  });

  it("an operation only preflighted says so, with its notes; the whole API's findings have their own card", () => {
    const put = card(html, 'PUT', '/api/items/{item_id}');
    assert.match(put, /<span>1 request, 1 preflight<\/span>/);
    assert.match(put, /<li>the target did not answer in time: 504 \(1 times\)<\/li>/);
    assert.match(html, /<h2>The whole API<\/h2>.*null-origin-allowed.*<span class="count">2 times<\/span>.*#11 GET \/api\/items\?page=3 → 200 OK<\/code> from null/s);
  });

  it('judged from a HAR: says so, and lists what the HAR leaves out', () => {
    const har: ObserveReport = { ...CLEAN, proxy: undefined, command: undefined, har: { source: 'recorded.har', omissions: ['Chromium leaves out the <body> of a redirect'], problems: [{ entry: 3, message: 'no response' }], elsewhere: {} } };
    const page = observeHtml(har);
    assert.match(page, /12 exchanges from the HAR <code>recorded\.har<\/code>/);
    assert.match(page, /What the HAR leaves out<\/h2><ul class="notes"><li>Chromium leaves out the &#60;body&#62; of a redirect<\/li><li>entry 3: no response<\/li>/);
    assert.doesNotMatch(observeHtml(CLEAN), /What the HAR leaves out/);
  });

  it('a report that could not be judged says why, and its exit is 2; a failed command is the exit', () => {
    assert.match(observeHtml({ ...CLEAN, error: 'nothing was observed' }), /could not judge: nothing was observed[\s\S]*<b>2<\/b>exit/);
    const failed = observeHtml({ ...CLEAN, command: { argv: ['npx', 'playwright', 'test'], exitCode: 3, signal: null } });
    assert.match(failed, /<span class="refused">exited 3<\/span> \(its failure is the exit status\)/);
    assert.match(failed, /<b>3<\/b>exit/);
  });
});

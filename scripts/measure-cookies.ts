/**
 * Measures what each engine does with the cookies an API sets in answer to
 * a frontend's fetch(credentials: 'include'): whether it stores each one,
 * sends it back on the next call, and (Chromium) why it blocked it. Run
 * `node -r ./scripts/transpile-only.js scripts/measure-cookies.ts`; the
 * result is written down in docs/cookies.md, with the machine and the date.
 *
 * The API is a tiny Node server on 127.0.0.1 (port 0), reached as loopback
 * (a trustworthy origin) and as the named host api.cookie-test (mapped to
 * 127.0.0.1: Chromium's --host-resolver-rules, Firefox's
 * network.dns.localDomains), which is not.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { launchChromium } from '../browser/chromium';
import { launchFirefox } from '../browser/firefox';
import { COOKIE_TEST_HOST } from '../browser/cookie-witness';

interface Case {
  readonly name: string;
  readonly frontend: string;
  /** 'loopback' or 'named': where the API is reached. */
  readonly api: 'loopback' | 'named';
  readonly setCookie: string;
}

const CASES: Case[] = [
  { name: 'cross-site, SameSite=None; Secure (third-party policy)', frontend: 'https://frontend.example', api: 'loopback', setCookie: 'c1=v; Path=/; SameSite=None; Secure' },
  { name: 'cross-site, SameSite=None without Secure', frontend: 'https://frontend.example', api: 'loopback', setCookie: 'c2=v; Path=/; SameSite=None' },
  { name: 'cross-site, SameSite=Lax', frontend: 'https://frontend.example', api: 'loopback', setCookie: 'c3=v; Path=/; SameSite=Lax' },
  { name: 'cross-site, no SameSite', frontend: 'https://frontend.example', api: 'loopback', setCookie: 'c4=v; Path=/' },
  { name: 'cross-site, Domain of another host', frontend: 'https://frontend.example', api: 'loopback', setCookie: 'c5=v; Path=/; Domain=other.example; SameSite=None; Secure' },
  { name: 'named host over http, Secure; SameSite=None', frontend: 'http://frontend.cookie-test', api: 'named', setCookie: 'c6=v; Path=/; SameSite=None; Secure' },
  { name: 'same-site named host over http, Secure; Lax', frontend: 'http://app.cookie-test', api: 'named', setCookie: 'c7=v; Path=/; SameSite=Lax; Secure' },
  { name: 'same-site named host over http, Lax', frontend: 'http://app.cookie-test', api: 'named', setCookie: 'c8=v; Path=/; SameSite=Lax' },
];

function serve(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://x');
  const origin = request.headers.origin;
  if (origin !== undefined) {
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  if (url.pathname === '/set') response.setHeader('Set-Cookie', url.searchParams.get('c') ?? '');
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify({ cookie: request.headers.cookie ?? null }));
}

const PAGE = '<!doctype html><title>measure</title>';


/** In the page, on the frontend's origin: a credentialed fetch() that sets the cookie, then one that asks what the next call carried. */
async function setThenEcho({ api, setCookie }: { api: string; setCookie: string }): Promise<string | null> {
  try {
    await (await fetch(`${api}/set?c=${encodeURIComponent(setCookie)}`, { credentials: 'include' })).text();
    return ((await (await fetch(`${api}/echo`, { credentials: 'include' })).json()) as { cookie: string | null }).cookie;
  } catch (error) {
    return `fetch failed: ${String(error)}`;
  }
}

async function main(): Promise<void> {
  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const apiOf = (c: Case) => (c.api === 'loopback' ? `http://127.0.0.1:${port}` : `http://${COOKIE_TEST_HOST}:${port}`);
  const rows: string[] = [];

  const chromium = await launchChromium();
  for (const c of CASES) {
    const context = await chromium.newContext();
    await context.route(`${c.frontend}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: PAGE }));
    const page = await context.newPage();
    await page.goto(`${c.frontend}/`);
    await context.unrouteAll();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const blocked: string[] = [];
    cdp.on('Network.responseReceivedExtraInfo', (event: { blockedCookies: { blockedReasons: string[] }[]; exemptedCookies?: { exemptionReason: string }[] }) => {
      for (const b of event.blockedCookies) blocked.push(b.blockedReasons.join('+'));
      for (const e of event.exemptedCookies ?? []) blocked.push(`exempted:${e.exemptionReason}`);
    });
    const api = apiOf(c);
    const fetched = await page.evaluate(setThenEcho, { api, setCookie: c.setCookie });
    const stored = (await context.cookies()).map((k) => k.name);
    rows.push(`| Chromium | ${c.name} | ${stored.join(', ') || 'nothing'} | ${fetched ?? 'nothing'} | ${blocked.join(', ') || '—'} |`);
    await context.close();
  }
  const chromiumVersion = chromium.version();
  await chromium.close();

  // puppeteer's profile sets cookieBehavior 0 (accept all); Firefox's own default is 5 (Total Cookie Protection). Both are measured.
  const { default: puppeteer } = await import('puppeteer-core');
  const firefoxOwn = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: {
      'network.lna.enabled': false,
      'network.lna.blocking': false,
      'network.dns.localDomains': COOKIE_TEST_HOST,
      'browser.contentblocking.features.standard': '-tp,tpPrivate,cookieBehavior5,cookieBehaviorPBM5,cp,fp,stp,lvl1',
      'network.cookie.cookieBehavior': 5,
    },
  });
  for (const [label, firefox] of [['Firefox (as the suite launches it)', await launchFirefox()], ['Firefox (its own default, cookieBehavior 5)', firefoxOwn]] as const) {
  for (const c of CASES) {
    const context = await firefox.createBrowserContext();
    const page = await context.newPage();
    await page.setRequestInterception(true);
    const onRequest = (request: import('puppeteer-core').HTTPRequest) => void (request.url().startsWith(`${c.frontend}/`) ? request.respond({ status: 200, contentType: 'text/html', body: PAGE }) : request.continue()).catch(() => undefined);
    page.on('request', onRequest);
    await page.goto(`${c.frontend}/`);
    page.off('request', onRequest);
    await page.setRequestInterception(false);
    const api = apiOf(c);
    const fetched = await page.evaluate(setThenEcho, { api, setCookie: c.setCookie });
    const all = (await context.cookies()).map((k) => `${k.name}${k.partitionKey === undefined ? '' : ` (partitioned: ${JSON.stringify(k.partitionKey)})`}`);
    rows.push(`| ${label} | ${c.name} | ${all.join(', ') || 'nothing'} | ${fetched ?? 'nothing'} | — |`);
    await context.close();
  }
  if (firefox !== firefoxOwn) await firefox.close();
  }
  const firefoxVersion = await firefoxOwn.version();
  await firefoxOwn.close();
  server.close();

  const machine = execFileSync('uname', ['-srm']).toString().trim();
  console.log(`Measured ${new Date().toISOString()} on ${machine}; ${chromiumVersion} (headless), ${firefoxVersion}`);
  console.log('| Engine | Case | Stored | Sent back on the next fetch() | Chromium blockedCookies |');
  console.log('|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import puppeteer from 'puppeteer-core';
import { startReferenceServer } from '../reference-server/server';
(async () => {
  const ref = await startReferenceServer({ allowedOrigin: 'https://frontend.example' });
  const t0 = Date.now();
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, protocol: 'webDriverBiDi',
    extraPrefsFirefox: { 'network.lna.enabled': false, 'network.lna.blocking': false } });
  const t1 = Date.now();
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  const handler = (req: any) => { try { if (req.url().startsWith('https://frontend.example')) req.respond({ status: 200, contentType: 'text/html', body: '<!doctype html><title>x</title>' }); else req.continue(); } catch {} };
  page.on('request', handler);
  await page.goto('https://frontend.example/');
  page.off('request', handler);
  await page.setRequestInterception(false);
  const t2 = Date.now();
  const r = await page.evaluate(async (url: string) => { try { const res = await fetch(url, { credentials: 'include', method: 'PUT', headers: {'Content-Type':'application/json'}, body: '{}' }); return [res.status, [...res.headers]]; } catch (e) { return String(e); } }, ref.url + '/get-or-create-task/foo');
  console.log(JSON.stringify(r));
  const h = await page.evaluate(async (url: string) => { try { const res = await fetch(url, { credentials: 'include' }); return [res.status, [...res.headers]]; } catch (e) { return String(e); } }, ref.url + '/hidden-header/');
  console.log(JSON.stringify(h));
  console.log('launch', t1 - t0, 'page', t2 - t1, 'version', await browser.version());
  const t3 = Date.now(); await browser.close(); console.log('close', Date.now() - t3);
  await ref.close();
})().catch((e) => { console.error('FAILED', e); process.exit(1); });

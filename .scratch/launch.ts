import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../steps/support/chromium';
async function time(path: string) {
  const t0 = Date.now();
  const browser = await chromium.launch({ executablePath: path, headless: true, args: CHROMIUM_FLAGS });
  const t1 = Date.now();
  const ctx = await browser.newContext(); const page = await ctx.newPage(); await page.goto('about:blank');
  const t2 = Date.now();
  await browser.close();
  const t3 = Date.now();
  console.log(path, 'launch', t1 - t0, 'page', t2 - t1, 'close', t3 - t2, 'version', browser.version());
}
(async () => { for (let i = 0; i < 3; i++) { await time('/usr/bin/chromium'); await time('/usr/bin/chromium-headless-shell'); } })();

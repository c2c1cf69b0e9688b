/**
 * The one browser of a run (browser-pool.ts), launched when the first
 * @browser scenario needs it and closed after the last unless the caller
 * keeps it for its next run. When Chromium is missing (or --no-browser), @browser
 * scenarios are skipped and say why; they are never reported as passed.
 */
import { AfterAll, Before } from '@cucumber/cucumber';
import { browserUnavailable } from '../../browser/availability';
import { SKIP_REASON_MEDIA_TYPE } from '../../http/media-type';
import { closeBrowser } from '../../browser/pool';
import type { ConformanceWorld } from './world';

Before({ tags: '@browser' }, function (this: ConformanceWorld) {
  const reason = browserUnavailable(this.settings);
  if (reason === null) return undefined;
  this.attach(reason, SKIP_REASON_MEDIA_TYPE);
  return 'skipped';
});

AfterAll(async function (this: { parameters: { keepBrowser?: boolean } }) {
  if (!this.parameters.keepBrowser) await closeBrowser();
});

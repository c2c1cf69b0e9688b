/** Guards that keep a scenario from passing by accident. */
import { After, BeforeAll } from '@cucumber/cucumber';
import { resetTimeoutBreakers } from '../../http/client';
import type { ConformanceWorld } from './world';
import { misuse } from './misuse';

// Each run gives the target a fresh chance, even one that hung in an earlier run in this process.
BeforeAll(function () {
  resetTimeoutBreakers();
});

// A scenario whose steps all ran but checked nothing proves nothing: fail it.
After(function (this: ConformanceWorld, { result }) {
  if (result?.status === 'PASSED' && this.checks === 0) {
    misuse('this scenario made no check: every scenario must assert something about the server');
  }
});

/** Guards that keep a scenario from passing by accident. */
import { After } from '@cucumber/cucumber';
import type { ConformanceWorld } from './world';
import { misuse } from './misuse';

// A scenario whose steps all ran but checked nothing proves nothing: fail it.
After(function (this: ConformanceWorld, { result }) {
  if (result?.status === 'PASSED' && this.checks === 0) {
    misuse('this scenario made no check: every scenario must assert something about the server');
  }
});

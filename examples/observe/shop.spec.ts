/**
 * The shop's frontend, walked as a shopper does: the items, signing in,
 * who is signed in, signing out. It checks the frontend's flow, not the
 * API: each step must end with its result or its error shown on the page
 * (a broken shop makes the page show an error, and the test still passes;
 * judging the API is `response-conformance observe`'s job). EXPECT_OUTCOMES
 * (playwright.config.mjs) pins what each step must end in.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';

// Under `response-conformance observe -- …` the proxy's address (OBSERVE_URL) wins, so the test never bypasses it.
const API_URL = process.env.OBSERVE_URL || process.env.API_URL || 'http://127.0.0.1:8000';
// The shop's demo account (examples/own-api/app.py USERS).
const USERNAME = 'alice';
const PASSWORD = 'wonderland-7c1f';

type Step = 'items' | 'signin' | 'me' | 'signout';
type Outcome = 'ok' | 'error';

/** EXPECT_OUTCOMES, "items=ok,me=error": the outcome each named step must end in. */
function expectedOutcomes(text: string | undefined): Partial<Record<Step, Outcome>> {
  const expected: Partial<Record<Step, Outcome>> = {};
  for (const pair of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(items|signin|me|signout)=(ok|error)$/.exec(pair);
    if (match === null) throw new Error(`EXPECT_OUTCOMES: ${JSON.stringify(pair)} is not STEP=ok|error (steps: items, signin, me, signout)`);
    expected[match[1] as Step] = match[2] as Outcome;
  }
  return expected;
}

const EXPECTED = expectedOutcomes(process.env.EXPECT_OUTCOMES);

/** What the page shows for a failed step: the browser's "Failed to fetch", or the API's status and detail. */
const SHOWN_ERROR = /^(Failed to fetch|HTTP \d{3}(: .+)?)$/;

/**
 * Waits for the step's own "done" marker (data-outcome leaves "pending"),
 * checks what the page shows for that outcome, and notes it on the test.
 */
async function ended(step: Step, status: Locator, ok: RegExp): Promise<Outcome> {
  await expect(status).toHaveAttribute('data-outcome', /^(ok|error)$/);
  const outcome = (await status.getAttribute('data-outcome')) as Outcome;
  const shown = (await status.textContent()) ?? '';
  test.info().annotations.push({ type: step, description: `${outcome}: ${shown}` });
  expect(shown, `the ${step} step ended "${outcome}"`).toMatch(outcome === 'ok' ? ok : SHOWN_ERROR);
  await expect(status).toBeVisible();
  if (EXPECTED[step] !== undefined) expect(outcome, `EXPECT_OUTCOMES says the ${step} step ends "${EXPECTED[step]}"; the page shows: ${shown}`).toBe(EXPECTED[step]);
  return outcome;
}

/** Script errors of the page itself: the frontend must never break, whatever the API answers. */
function pageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  return errors;
}

test('a shopper sees the items, signs in, sees who is signed in and signs out', async ({ page }) => {
  const errors = pageErrors(page);

  await test.step('the page lists the items', async () => {
    await page.goto(`/?api=${encodeURIComponent(API_URL)}`);
    await expect(page.locator('#api-url')).toHaveText(API_URL.replace(/\/+$/, ''));
    const outcome = await ended('items', page.locator('#items-status'), /^Showing \d+ (of \d+ )?items/);
    if (outcome === 'ok') await expect(page.locator('#item-list li').first()).toBeVisible();
    else await expect(page.locator('#item-list li')).toHaveCount(0);
  });

  await test.step('the shopper signs in', async () => {
    await page.getByLabel('Username').fill(USERNAME);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await ended('signin', page.locator('#signin-status'), new RegExp(`^Signed in as ${USERNAME}$`));
  });

  await test.step('the page says who is signed in', async () => {
    await page.getByRole('button', { name: 'Who am I?' }).click();
    await ended('me', page.locator('#me-status'), /^Signed in: .+$/);
  });

  await test.step('the shopper signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await ended('signout', page.locator('#signout-status'), /^Signed out$/);
  });

  expect(errors.map(String), 'the page threw no error of its own').toEqual([]);
});

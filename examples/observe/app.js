// The shop's frontend: plain fetch() calls, as a small single-page app makes
// them. The API's base URL comes from the query string (?api=URL), so the
// same page talks to the shop directly or through `response-conformance
// observe`. Every step ends on the page: its status line gets
// data-outcome="ok" or "error" and says what happened, and a failed fetch is
// shown as the user sees it ("Failed to fetch": the browser tells scripts no
// more, whatever CORS or the network refused).
'use strict';

const GIVEN = new URLSearchParams(location.search).get('api') || 'http://127.0.0.1:8000';
// An address that is not an absolute http(s) URL would be fetched relative to this page: refuse it instead.
const API = /^https?:\/\/[^/]/i.test(GIVEN) && URL.canParse(GIVEN) ? GIVEN.replace(/\/+$/, '') : null;
// The shop's demo token (examples/own-api/app.py API_TOKENS): GET /api/me takes a bearer token.
const TOKEN = 'demo-token-3b9d';

const $ = (id) => document.getElementById(id);

function show(id, outcome, text) {
  const status = $(id);
  status.dataset.outcome = outcome;
  status.textContent = text;
}

/** What an answer that is not 2xx says: its status and the API's detail when it sent one. */
async function failureOf(response) {
  let detail = '';
  try {
    const body = await response.json();
    if (body && typeof body.detail === 'string') detail = `: ${body.detail}`;
  } catch {
    // Not JSON (a 500's plain text, an empty body): the status says enough.
  }
  return `HTTP ${response.status}${detail}`;
}

/** Runs one step: pending while it runs, then its result or its error on the page. */
async function step(id, pendingText, run) {
  if (API === null) return show(id, 'error', `not an API address: ${GIVEN} (use ?api=http://HOST:PORT)`);
  show(id, 'pending', pendingText);
  try {
    const response = await run.request();
    if (!response.ok) return show(id, 'error', await failureOf(response));
    show(id, 'ok', await run.done(response));
  } catch (error) {
    show(id, 'error', error instanceof Error ? error.message : String(error));
  }
}

function loadItems() {
  return step('items-status', 'Loading items…', {
    request: () => fetch(`${API}/api/items?page=1`),
    async done(response) {
      const items = await response.json();
      const list = $('item-list');
      list.replaceChildren(...items.map((item) => {
        const li = document.createElement('li');
        li.textContent = `${item.name}: ${item.price}`;
        return li;
      }));
      // X-Total-Count is readable only when the API exposes it (Access-Control-Expose-Headers).
      const total = response.headers.get('X-Total-Count');
      return total === null ? `Showing ${items.length} items (total unknown)` : `Showing ${items.length} of ${total} items`;
    },
  });
}

function signIn(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  return step('signin-status', 'Signing in…', {
    request: () => fetch(`${API}/api/login`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
    }),
    async done(response) {
      const user = await response.json();
      return `Signed in as ${user.username}`;
    },
  });
}

function whoAmI() {
  return step('me-status', 'Asking…', {
    request: () => fetch(`${API}/api/me`, { headers: { Authorization: `Bearer ${TOKEN}` } }),
    async done(response) {
      const user = await response.json();
      return `Signed in: ${user.full_name || user.username}`;
    },
  });
}

function signOut() {
  return step('signout-status', 'Signing out…', {
    request: () => fetch(`${API}/api/session`, { method: 'DELETE', credentials: 'include' }),
    done: async () => 'Signed out',
  });
}

$('api-url').textContent = API ?? GIVEN;
$('signin-form').addEventListener('submit', signIn);
$('me-button').addEventListener('click', whoAmI);
$('signout-button').addEventListener('click', signOut);
loadItems();

/**
 * Not broken: the reference server with everything varied that HTTP allows
 * to vary. A conformance suite must pass it, or it would fail conformant
 * frameworks that happen to spell things differently.
 */
import { fieldValues, sameName } from '../../http/header-list';
import type { Fault, ProxiedResponse } from './fault-proxy';

/** Header names in another case (RFC 9110 §5.1). */
function shout(response: ProxiedResponse) {
  response.headers = response.headers.map(([n, v], i) => [i % 2 ? n.toUpperCase() : n.toLowerCase(), v]);
}

/** A comma-list header split over repeated fields, each element in another case where case does not matter (RFC 9110 §5.3). */
function split(response: ProxiedResponse, name: string, { lower = false } = {}) {
  const items = fieldValues(response.headers, name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (items.length === 0) return;
  response.headers = response.headers.filter(([n]) => !sameName(n, name));
  for (const item of items.reverse()) response.headers.push([name, lower ? item.toLowerCase() : item]);
}

/** JSON with other whitespace, keys in another order, and integers written as decimals (62 is 62.0). */
function reformat(response: ProxiedResponse) {
  let value: unknown;
  try {
    value = JSON.parse(response.body);
  } catch {
    return;
  }
  const reorder = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reorder) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v;
  response.body = JSON.stringify(reorder(value), null, 3).replace(/(:\s*)(-?\d+)(\s*[,\n}])/g, '$1$2.0$3');
}

/** Cookie attributes in another order and case (RFC 6265bis §5.6). */
function recookie(response: ProxiedResponse) {
  response.headers = response.headers.map(([n, v]) => {
    if (n.toLowerCase() !== 'set-cookie') return [n, v];
    const [pair, ...attributes] = v.split(';').map((p) => p.trim());
    return [n, [pair, ...attributes.reverse().map((a) => (a.includes('=') ? `${a.split('=')[0].toLowerCase()}=${a.split('=')[1].toUpperCase()}` : a.toUpperCase()))].join('; ').replace(/path=\/?/i, 'path=/')];
  });
}

export const VARY_EVERYTHING_ALLOWED: Fault = (req, res) => {
  if (req.method === 'OPTIONS' && res.status === 204) res.status = 200; // any 2xx answers a preflight
  split(res, 'Vary', { lower: true });
  split(res, 'Access-Control-Expose-Headers', { lower: true });
  split(res, 'Access-Control-Allow-Headers', { lower: true });
  split(res, 'Access-Control-Allow-Methods'); // methods are case-sensitive: split, but keep their case
  res.headers = res.headers.map(([n, v]) => {
    if (n.toLowerCase() === 'content-type' && v.includes('json')) return [n, 'Application/JSON;Charset="UTF-8"'];
    if (n.toLowerCase() === 'content-language') return [n, v.toLowerCase()];
    return [n, v];
  });
  recookie(res);
  reformat(res);
  shout(res);
};

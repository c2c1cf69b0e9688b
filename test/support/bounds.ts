/**
 * The one time bound the tests use: not a speed, a hang guard. Each test that
 * uses it checks something that, when broken, waits a minute or more (Node's
 * 60 s headers timeout, a 60 s --timeout, a run that sends every request to
 * a silent server: 144 s). Working, each takes a second or a few; a machine
 * ten times slower still passes. Speed itself is measured in `npm run bench`.
 */
export const WELL_BEFORE_A_HANG_MS = 30_000;

#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml) as a script, so that they can be
# tested: install the suite where the action lives, run the gate with the
# action's inputs (INPUT_* variables), and record its exit status as the
# step's output "exit-code". The exit status is the gate's: 0 conformant,
# 1 not, 2 could not judge.
#
# RC_COMMAND replaces the installed command (the tests use this checkout's).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
: "${INPUT_TARGET:?the action needs the input target, the URL of the server to check}"

if [ -z "${RC_COMMAND:-}" ]; then
  if [ ! -f "$here/dist/runner/cli/index.js" ]; then
    echo "installing response-conformance in $here" >&2
    (cd "$here" && npm ci --no-audit --no-fund >&2 && npm run build >&2)
  fi
  RC_COMMAND="node $here/bin/response-conformance.js"
fi

args=(--target "$INPUT_TARGET" --report-dir "${INPUT_REPORT_DIR:-conformance-reports}" --wait "${INPUT_WAIT:-30}")
[ -n "${INPUT_ORIGIN:-}" ] && args+=(--origin "$INPUT_ORIGIN")
# Feature paths, one per line or separated by spaces.
for path in ${INPUT_FEATURES:-}; do args+=(--features "$path"); done
[ "${INPUT_STRICT:-false}" = true ] && args+=(--strict)
[ -n "${INPUT_EXPECT:-}" ] && args+=(--expect "$INPUT_EXPECT")
[ -n "${INPUT_BROWSERS:-}" ] && args+=(--browsers "$INPUT_BROWSERS")
[ -n "${INPUT_CHROMIUM_PATH:-}" ] && export CHROMIUM_PATH="$INPUT_CHROMIUM_PATH"

status=0
$RC_COMMAND "${args[@]}" || status=$?
echo "exit-code=$status" >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$status"

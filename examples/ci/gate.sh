#!/usr/bin/env bash
# Starts the server under test, waits for it, runs the conformance gate with a
# baseline, and leaves every report in $REPORT_DIR for the CI to keep.
#
#   examples/ci/gate.sh "<command that starts your server>" <target URL> [baseline.json] [suite flags...]
#
# Flags after the baseline go to the suite as they are, e.g. your own features:
#   examples/ci/gate.sh "uvicorn app:app --port 8000" http://127.0.0.1:8000 "" \
#     --origin https://shop.example --features features/api/
#
# Environment: REPORT_DIR (default reports), CONFORMANCE (the command that runs
# the suite; default: this checkout's bin), STRICT=1 to fail on SHOULD too.
# Exit status is the gate's: 0 conformant, 1 not, 2 could not judge.
set -euo pipefail

start_command=${1:?usage: gate.sh "<start command>" <target URL> [baseline.json]}
target=${2:?usage: gate.sh "<start command>" <target URL> [baseline.json]}
baseline=${3:-}
shift $(($# < 3 ? $# : 3))
here=$(cd "$(dirname "$0")/../.." && pwd)
conformance=${CONFORMANCE:-node $here/bin/response-conformance.js}

bash -c "$start_command" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

args=(--target "$target" --wait 30 --report-dir "${REPORT_DIR:-reports}")
[ -n "$baseline" ] && args+=(--expect "$baseline")
[ "${STRICT:-0}" = 1 ] && args+=(--strict)
args+=("$@")

status=0
$conformance "${args[@]}" || status=$?
kill -0 "$server" 2>/dev/null || { echo "gate.sh: the server exited during the run" >&2; [ "$status" -ne 0 ] || status=2; }
exit "$status"

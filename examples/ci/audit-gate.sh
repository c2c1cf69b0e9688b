#!/usr/bin/env bash
# Audits an API from its own OpenAPI document, then gates it on the feature
# the audit wrote: the document's promises and today's picture of what a
# browser on the frontend's origin can read.
#
#   examples/ci/audit-gate.sh "<command that starts your server>" <target URL> <frontend origin> [audit flags...]
#
# Environment: REPORT_DIR (default reports/audit-gate): audit.json, audit.html,
# junit.xml, the written feature and the suite's reports; CONFORMANCE (the
# command; default: this checkout's bin). Exit status: the audit's (2 when the
# API could not be judged, 1 on a MUST finding), else the suite's under --strict.
set -euo pipefail

start_command=${1:?usage: audit-gate.sh "<start command>" <target URL> <origin>}
target=${2:?usage: audit-gate.sh "<start command>" <target URL> <origin>}
origin=${3:?usage: audit-gate.sh "<start command>" <target URL> <origin>}
shift 3
here=$(cd "$(dirname "$0")/../.." && pwd)
conformance=${CONFORMANCE:-node $here/bin/response-conformance.js}
reports=${REPORT_DIR:-reports/audit-gate}
mkdir -p "$reports"

bash -c "$start_command" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

# The audit has no --wait: wait for the document (at most 30 s) with Node's own fetch.
node -e '
  const url = process.argv[1];
  const deadline = Date.now() + 30000;
  (async function poll() {
    try { if ((await fetch(url)).ok) return; } catch {}
    if (Date.now() > deadline) { console.error(`audit-gate.sh: ${url} did not answer within 30 s`); process.exit(2); }
    setTimeout(poll, 250);
  })();
' "$target/openapi.json"

$conformance audit --target "$target" --origin "$origin" --report-dir "$reports" --write-feature "$reports/audit.feature" "$@"
$conformance --target "$target" --origin "$origin" --features "$reports/audit.feature" --strict --report-dir "$reports/suite"

#!/usr/bin/env bash
# Installs everything the suite and its tests need on a fresh Debian machine:
# the npm dependencies (exactly as package-lock.json pins them), and Debian's
# FastAPI packages for the FastAPI example (PyPI is not used), Chromium for the
# browser checks (Debian's chromium-headless-shell, which the suite prefers, and
# chromium) and Firefox ESR for the second engine (--browsers chromium,firefox).
# No browser is ever downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund

missing=()
/usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null || missing+=(python3-fastapi python3-uvicorn)
/usr/bin/python3 -c 'import email_validator' 2>/dev/null || missing+=(python3-email-validator)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian packages: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

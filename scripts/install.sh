#!/usr/bin/env bash
# Installs everything the suite and its tests need on a fresh Debian machine:
# the npm dependencies (exactly as package-lock.json pins them), and Debian's
# FastAPI packages for the FastAPI example (PyPI is not used), Chromium for the
# browser checks (Debian's chromium-headless-shell, which the suite prefers, and
# chromium) and Firefox ESR for the second engine (--browsers chromium,firefox),
# and the stacks of the compatibility table (Flask, Django, aiohttp, Falcon,
# Tornado; Go's net/http and Gin; Sinatra and Rails; nginx, Caddy and Apache). No browser is ever downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund

missing=()
/usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null || missing+=(python3-fastapi python3-uvicorn)
/usr/bin/python3 -c 'import email_validator' 2>/dev/null || missing+=(python3-email-validator)
# FastAPI's form bodies (the OAuth2 password login of examples/signed-in).
/usr/bin/python3 -c 'import multipart' 2>/dev/null || missing+=(python3-multipart)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
# The stacks of the compatibility table (docs/COMPATIBILITY.md).
/usr/bin/python3 -c 'import flask, flask_cors' 2>/dev/null || missing+=(python3-flask python3-flask-cors)
/usr/bin/python3 -c 'import django, corsheaders' 2>/dev/null || missing+=(python3-django python3-django-cors-headers)
/usr/bin/python3 -c 'import aiohttp, aiohttp_cors' 2>/dev/null || missing+=(python3-aiohttp python3-aiohttp-cors)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
/usr/bin/python3 -c 'import falcon' 2>/dev/null || missing+=(python3-falcon)
/usr/bin/python3 -c 'import tornado' 2>/dev/null || missing+=(python3-tornado)
/usr/bin/python3 -c 'import apispec, marshmallow' 2>/dev/null || missing+=(python3-apispec python3-marshmallow)
# Go builds offline against Debian's sources (GO111MODULE=off GOPATH=/usr/share/gocode).
[ -x /usr/bin/go ] || missing+=(golang-go)
[ -d /usr/share/gocode/src/github.com/rs/cors ] || missing+=(golang-github-rs-cors-dev)
[ -d /usr/share/gocode/src/github.com/gin-gonic/gin ] || missing+=(golang-github-gin-gonic-gin-dev)
[ -d /usr/share/gocode/src/github.com/gin-contrib/cors ] || missing+=(golang-github-gin-contrib-cors-dev)
# Ruby: Sinatra and Rails with rack-cors, on Puma.
[ -x /usr/bin/puma ] || missing+=(puma)
/usr/bin/ruby -e 'require "sinatra/base"; require "rack/cors"' 2>/dev/null || missing+=(ruby-sinatra ruby-rack-cors)
/usr/bin/ruby -e 'require "rails"' 2>/dev/null || missing+=(ruby-rails)
# The proxies, run in the foreground with their own configuration, like nginx.
[ -x /usr/bin/caddy ] || missing+=(caddy)
[ -x /usr/sbin/apache2 ] || missing+=(apache2-bin)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian packages: ${missing[*]}"
  # nginx, Caddy and Apache run in the foreground with its own configuration, never as a system service: keep
  # the package from starting one (policy-rc.d exit 101 means "do not start services").
  policy=/usr/sbin/policy-rc.d
  made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && made_policy=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [ "$made_policy" = 1 ]; then $sudo rm -f "$policy"; fi
fi

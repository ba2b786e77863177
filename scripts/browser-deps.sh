#!/usr/bin/env bash
# Installs what the browser tests and `make hub` need that pip cannot: Debian's chromium,
# PostgreSQL, and axe-core plus configurable-http-proxy (JupyterHub's proxy) from npm.
# Idempotent and quiet when all is there.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need[*]} from Debian ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing: ${need[*]}. Install as root: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi
# One npm call for both: a second `npm install --no-save` would remove the first's package.
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -x node_modules/.bin/configurable-http-proxy ]; then
  npm install --no-save --silent --no-audit --no-fund axe-core@4 configurable-http-proxy@5 >/dev/null
fi

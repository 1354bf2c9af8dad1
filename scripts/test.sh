#!/usr/bin/env bash
# The whole test suite: unit tests, end-to-end tests against the real PostgreSQL, Redis and an SMTP listener, then
# page tests in a real browser (chromium + axe-core).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install --no-audit --no-fund
bash scripts/ensure-services.sh
# The browser tests drive Debian's chromium (playwright-core downloads no browser).
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    echo "Falta chromium para las pruebas en navegador: sudo apt-get install -y chromium (o indique CHROMIUM_PATH)" >&2; exit 1
  fi
fi
npx jest --config test/jest-unit.json
npx jest --config test/jest-e2e.json --runInBand
npx jest --config test/browser/jest-browser.json --runInBand

#!/usr/bin/env bash
# The whole test suite: unit tests, then end-to-end tests against the real PostgreSQL, Redis and an SMTP listener.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install --no-audit --no-fund
bash scripts/ensure-services.sh
npx jest --config test/jest-unit.json
npx jest --config test/jest-e2e.json --runInBand

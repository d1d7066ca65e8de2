#!/usr/bin/env bash
# The whole test suite on a fresh checkout: dependencies, build, lint, types, a real local Neo4j
# (its own port and data folder, so a developer's graph on 7687 is never touched), then vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "test-all: Java 17+ and Maven are needed for the Neo4j tests (apt-get install openjdk-17-jdk-headless maven)" >&2
  exit 1
fi
if ! command -v chromium >/dev/null; then
  echo "test-all: Chromium is needed for the browser tests (apt-get install chromium fonts-noto-cjk)" >&2
  exit 1
fi

npm ci --no-audit --no-fund
npm run lint
npm run typecheck

export NEO4J_LOCAL_PORT="${NEO4J_LOCAL_PORT:-7688}"
export NEO4J_LOCAL_DATA="${NEO4J_LOCAL_DATA:-$PWD/data/neo4j-test}"
export NEO4J_URI="bolt://127.0.0.1:${NEO4J_LOCAL_PORT}"
node graph/neo4j-local/control.mjs start
trap 'node graph/neo4j-local/control.mjs stop >/dev/null 2>&1 || true' EXIT

# Neo4j suites must run here, not skip. The last line is a plain "N passed, N failed" summary.
mkdir -p artifacts
status=0
PARK_KG_REQUIRE_NEO4J=1 npx vitest run --reporter=default --reporter=json --outputFile.json=artifacts/vitest.json || status=$?
node -e '
  const r = require("./artifacts/vitest.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit "$status"

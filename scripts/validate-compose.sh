#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine (`config -q` only parses, interpolates
# and checks the schema). Uses docker-compose (1.29+) or the Compose v2 plugin, whichever exists;
# prints one line and exits 0 when neither is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

file="${1:-docker-compose.yml}"
if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "validate-compose: skipped, docker-compose is not installed (apt-get install docker-compose)"
  exit 0
fi

if ! output=$("${compose[@]}" -f "$file" config -q 2>&1); then
  echo "validate-compose: $file is INVALID according to ${compose[*]}:" >&2
  echo "$output" >&2
  exit 1
fi
echo "validate-compose: $file is valid (${compose[*]})"

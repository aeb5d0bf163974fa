#!/usr/bin/env bash
# GETs each URL until it answers 200 (CloudFront and a fresh task can take a minute), printing the
# last answer; fails if any URL never does.
# Usage: [SMOKE_RETRIES=12] smoke-test.sh <url>...
set -euo pipefail
failed=0
for url in "$@"; do
  if body="$(curl --silent --show-error --fail-with-body --max-time 10 \
    --retry "${SMOKE_RETRIES:-12}" --retry-delay 10 --retry-all-errors "$url")"; then
    echo "ok   $url $body"
  else
    echo "::error::$url did not answer 200: $body"
    failed=1
  fi
done
exit "$failed"

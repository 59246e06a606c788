#!/usr/bin/env bash
# System packages the test suite needs (Debian): headless Chromium for the browser test.
# Safe to re-run; skipped when already present or when apt is unavailable.
set -u
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) \
    >/dev/null 2>&1 || echo "setup-test-env: could not install chromium; browser tests will skip" >&2
fi
exit 0

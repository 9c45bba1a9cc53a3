#!/usr/bin/env bash
# The kiosk page of `ktpocr serve` in a real browser: installs what it needs (Debian's
# Chromium and fonts by apt-get, playwright-core by npm from the lock file), then runs
# crates/server/tests/kiosk-browser/kiosk.test.mjs against target/release/ktpocr (brought
# up to date first). Screenshots of each state land in target/kiosk-browser/.
#
# Skips, saying why, only when a package registry it needs cannot be reached; any other
# failure fails. Called by scripts/test.sh after `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_DIR=crates/server/tests/kiosk-browser

skip() {
  echo "kiosk browser test: SKIPPED: $*"
  exit 0
}

# Up to date and with the default features (scripts/test.sh also builds without them).
cargo build --release -p ktpocr --quiet

command -v node >/dev/null && command -v npm >/dev/null ||
  skip "node and npm are not installed (the machine's Node.js runs the test)"

if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  echo "kiosk browser test: installing Debian's chromium"
  if ! $sudo apt-get update -qq; then
    skip "Chromium is not installed and Debian's package registry cannot be reached"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    chromium fonts-liberation fonts-dejavu-core >/dev/null
fi

if ! (cd "$TEST_DIR" && npm ci --no-audit --no-fund --loglevel=error); then
  npm ping >/dev/null 2>&1 || skip "the npm registry cannot be reached for playwright-core"
  echo "kiosk browser test: npm ci failed with the registry reachable" >&2
  exit 1
fi

echo "kiosk browser test: Debian chromium $(dpkg-query -W -f='${Version}' chromium 2>/dev/null || echo "(not from a package)")"
cd "$TEST_DIR"
node --test --test-reporter=spec kiosk.test.mjs

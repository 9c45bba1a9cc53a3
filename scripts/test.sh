#!/usr/bin/env bash
# The test suite: set-up (idempotent, sha256-verified), then every unit, integration and
# end-to-end test against the real models. Release profile, so it shares the build with
# scripts/quickstart.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --release --workspace --all-targets

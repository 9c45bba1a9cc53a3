#!/usr/bin/env bash
# The test suite (what CI runs): set-up (idempotent, sha256-verified), formatting and lints,
# a check without the default features, a lint of the GPU path, then every unit, integration and end-to-end test
# of the workspace against the real models. Release profile, so it shares the build with
# scripts/quickstart.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "test: cargo fmt --check"
cargo fmt --all -- --check
echo "test: cargo clippy (all crates and targets, warnings are errors)"
cargo clippy --release --workspace --all-targets --quiet -- -D warnings
echo "test: check without default features (no pdf, no server)"
# Not the Python package: it asks for the library with pdf, which would turn pdf on for
# every crate of this build.
# (checked, not built: the code generation would cost minutes and find nothing more)
cargo check --release --workspace --exclude ktp-ocr-python --no-default-features --quiet
echo "test: the library's GPU path compiles and lints (--features cuda; no GPU needed)"
cargo clippy --release -p ktp-ocr --features cuda --quiet -- -D warnings
echo "test: redis-server for the shared-limits tests"
if ! bash scripts/install-redis.sh; then
  export KTPOCR_REDIS_SKIP="redis-server could not be installed from Debian's packages"
fi
echo "test: cargo test"
cargo test --release --workspace --all-targets
echo "test: Python package, Dask recipe and the Tencent SDKs (scripts/test-python.sh)"
bash scripts/test-python.sh
echo "test: the kiosk page in headless Chromium (scripts/kiosk-browser-test.sh)"
bash scripts/kiosk-browser-test.sh

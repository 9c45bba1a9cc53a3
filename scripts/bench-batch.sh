#!/usr/bin/env bash
# Batching across cards, measured: one `ktpocr scan` process per batch size over the same
# synthetic phone photos, on the CPU or on a GPU.
#
#   bash scripts/bench-batch.sh [--gpu N] [--cards N] [--sizes "1 8 32"]
#
# Prints one row per batch size: cards per second (wall clock of the whole scan, models
# loaded once), p50 and p95 of a card's own total_ms, the mean cards per detection call and
# per recognition run, peak RSS of the process, peak GPU memory (nvidia-smi, with --gpu),
# and how many field values differ from the batch-1 reading of the same photos.
# Needs scripts/setup.sh (and scripts/setup.sh --gpu for --gpu); builds the release binary
# (with --features cuda for --gpu). Speed is measured here, never asserted in tests.
set -euo pipefail
cd "$(dirname "$0")/.."

gpu="" cards=64 sizes="1 8 32"
while [ $# -gt 0 ]; do
  case "$1" in
  --gpu) gpu="$2"; shift 2 ;;
  --cards) cards="$2"; shift 2 ;;
  --sizes) sizes="$2"; shift 2 ;;
  *) echo "usage: $0 [--gpu N] [--cards N] [--sizes \"1 8 32\"]" >&2; exit 2 ;;
  esac
done

features=() device=(--threads 2)
if [ -n "$gpu" ]; then
  features=(--features cuda)
  device=(--gpu "$gpu")
fi
cargo build --release -p ktpocr "${features[@]}" --quiet
bin=target/release/ktpocr
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" synth --count "$cards" --seed 5 --condition phone_photo --out "$work/cards" >/dev/null

echo "machine: $(nproc) cores; $(if [ -n "$gpu" ]; then nvidia-smi --query-gpu=name --format=csv,noheader -i "$gpu"; else echo CPU only; fi)"
printf '%-6s %-8s %-9s %-9s %-11s %-11s %-10s %-10s %s\n' batch cards/s p50_ms p95_ms det_cards rec_cards rss_MB gpu_MB fields_changed
for b in $sizes; do
  peak_gpu="$work/gpu.$b"
  echo 0 >"$peak_gpu"
  sampler=""
  if [ -n "$gpu" ]; then
    (while :; do
      nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i "$gpu" >>"$peak_gpu" 2>/dev/null || true
      sleep 0.2
    done) &
    sampler=$!
  fi
  start=$(date +%s.%N)
  # exit 1 is "some cards were not read", which a bench counts; anything else stops it
  rc=0
  /usr/bin/time -f "%M" -o "$work/rss.$b" \
    "$bin" scan "$work/cards" "${device[@]}" --batch "$b" >"$work/out.$b.jsonl" 2>"$work/err.$b" || rc=$?
  end=$(date +%s.%N)
  if [ "$rc" -gt 1 ]; then
    [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
    echo "bench-batch: ktpocr scan --batch $b failed (exit $rc):" >&2
    head -c 2000 "$work/out.$b.jsonl" >&2
    tail -n 20 "$work/err.$b" >&2
    exit 1
  fi
  [ -n "$sampler" ] && kill "$sampler" && wait "$sampler" 2>/dev/null || true
  python3 - "$b" "$start" "$end" "$work" "$cards" <<'EOF'
import json, os, re, sys
b, start, end, work, n = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
def values(path):
    out = {}
    for line in open(path):
        d = json.loads(line)
        out[d.get("input")] = {k: v.get("value") for k, v in d.get("fields", {}).items()}
    return out
rows = [json.loads(l) for l in open(f"{work}/out.{b}.jsonl")]
totals = sorted(r["timings"]["total_ms"] for r in rows if "timings" in r)
q = lambda p: totals[min(len(totals) - 1, int(p * len(totals)))] if totals else float("nan")
err = open(f"{work}/err.{b}").read()
m = re.search(r"\(([\d.]+) a call\).*\(([\d.]+) a run\)", err)
det, rec = (m.group(1), m.group(2)) if m else ("1.0", "1.0")
rss = int(open(f"{work}/rss.{b}").read().split()[-1]) // 1024
gpu = max(int(x) for x in open(f"{work}/gpu.{b}").read().split() if x.isdigit())
first = f"{work}/out.1.jsonl"
base = values(first) if b != "1" and os.path.exists(first) else None
this = values(f"{work}/out.{b}.jsonl")
changed = 0
if base is not None:
    for k in base:
        for f in set(base[k]) | set(this.get(k, {})):
            changed += base[k].get(f) != this.get(k, {}).get(f)
print(f"{b:<6} {n / (end - start):<8.2f} {q(0.5):<9.0f} {q(0.95):<9.0f} {det:<11} {rec:<11} "
      f"{rss:<10} {gpu if gpu else '-':<10} {changed if base is not None else '-'}")
EOF
done

#!/usr/bin/env python3
"""The OCR models' own inference time, alone, at the input sizes the engine uses.

What the engine cannot go below on this machine, whatever its own code does. Needs
onnxruntime 1.31.1 and numpy (not the project's dependencies: use a throwaway venv):

    python3 -m venv /tmp/ortv && /tmp/ortv/bin/pip install onnxruntime==1.31.1 numpy
    /tmp/ortv/bin/python scripts/bench-models.py models/ppocrv6_det.onnx models/ppocrv6_rec.onnx

A model is told apart by its input: detection takes [1, 3, H, W], recognition [N, 3, 48, W].
Random inputs: inference time does not depend on the pixels. Prints milliseconds per call,
the median of --repeat calls after one warm-up, with 1 and 2 intra-op threads.
"""
import argparse
import statistics
import time

import numpy as np
import onnxruntime as ort

DETECTION_INPUTS = [(512, 800), (448, 704), (416, 640)]
RECOGNITION_INPUTS = [(8, 320), (8, 640), (1, 1280)]


def timed(session, x, repeat):
    name = session.get_inputs()[0].name
    session.run(None, {name: x})
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        session.run(None, {name: x})
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    for path in args.models:
        for threads in (1, 2):
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
            shape = session.get_inputs()[0].shape
            recognition = shape[2] == 48
            sizes = RECOGNITION_INPUTS if recognition else DETECTION_INPUTS
            for a, b in sizes:
                dims = (a, 3, 48, b) if recognition else (1, 3, a, b)
                x = rng.random(dims, dtype=np.float32)
                ms = timed(session, x, args.repeat)
                print(f"{path}\t{threads} thread(s)\tinput {list(dims)}\t{ms:.0f} ms")


if __name__ == "__main__":
    main()

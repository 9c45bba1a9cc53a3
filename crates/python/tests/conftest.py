"""Shared fixtures: synthetic cards made by `ktpocr synth` (never a real person's card) and
one engine for the session, on the repository's models."""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
KTPOCR = os.environ.get("KTPOCR_BIN", str(REPO / "target" / "release" / "ktpocr"))


def synth(out: pathlib.Path, count: int, seed: int):
    """(path, printed fields) of `count` synthetic flat scans."""
    subprocess.run(
        [KTPOCR, "synth", "--count", str(count), "--seed", str(seed),
         "--condition", "flat_scan", "--out", str(out)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    truth = [json.loads(line) for line in (out / "truth.jsonl").read_text().splitlines()]
    return [(out / t["file"], t["fields"]) for t in truth]


@pytest.fixture(scope="session")
def cards(tmp_path_factory):
    return synth(tmp_path_factory.mktemp("cards"), 3, 21)


@pytest.fixture(scope="session")
def engine():
    import ktp_ocr

    # Two reads at once, so the thread tests really overlap.
    return ktp_ocr.Engine(threads=1, concurrency=2)

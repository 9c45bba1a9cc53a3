"""A folder of cards read on a Dask cluster (`pip install 'ktp-ocr[dask]'`).

    from dask.distributed import Client, LocalCluster
    from ktp_ocr import dask_batch

    with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, Client(cluster):
        bag = dask_batch.read_folder("cards/", models_dir="/models", threads=1)
        bag.map(json.dumps).to_textfiles("results/*.jsonl")     # or bag.compute()

Dask does the distribution (partitions, scheduling, retries, spilling); this module only
says how one partition of file paths is read. Each worker process loads one Engine, the
first time it reads, and keeps it for every later partition; every record is the native
answer with its `input` path, as `ktpocr scan` prints it, and a card that fails gives an
error record (`status`, `reason`) instead of failing the batch.
"""

import functools
import os
from typing import Any, Dict, Iterable, List, Optional

from . import Engine, KtpOcrError

EXTENSIONS = (".jpg", ".jpeg", ".png", ".pdf")


@functools.lru_cache(maxsize=None)
def _engine(models_dir: Optional[str], threads: Optional[int]) -> Engine:
    # One per worker process and settings: the models load once, not once per partition.
    return Engine(models_dir, threads=threads)


def card_paths(folder: str, recursive: bool = True) -> List[str]:
    """The image and PDF files under `folder`, sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(
            os.path.join(root, f) for f in sorted(files) if f.lower().endswith(EXTENSIONS)
        )
        if not recursive:
            break
    return found


def read_paths(
    paths: Iterable[str],
    models_dir: Optional[str] = None,
    threads: Optional[int] = None,
    format: str = "native",
) -> List[Dict[str, Any]]:
    """Read one partition of paths on this worker: one record per path."""
    engine = _engine(models_dir, threads)
    records = []
    for path in paths:
        try:
            answer = engine.read(path, format=format)
        except KtpOcrError as e:
            answer = e.answer
        records.append({"input": path, **answer})
    return records


def read_folder(
    folder: str,
    *,
    models_dir: Optional[str] = None,
    threads: Optional[int] = None,
    format: str = "native",
    partition_size: int = 8,
    recursive: bool = True,
):
    """A dask.bag of the records of every card under `folder` (lazy: compute it, or write
    it with `to_textfiles`). Runs on the current Dask client, or Dask's default scheduler."""
    import dask.bag as db

    paths = card_paths(folder, recursive)
    if not paths:
        raise FileNotFoundError(f"no JPG, PNG or PDF file under {folder}")
    bag = db.from_sequence(paths, partition_size=partition_size)
    return bag.map_partitions(
        read_paths, models_dir=models_dir, threads=threads, format=format
    )

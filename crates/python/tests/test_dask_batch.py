"""The batch recipe (ktp_ocr.dask_batch) on a Dask LocalCluster of worker processes, as it
runs on a real cluster: a folder of synthetic cards in, one native record per card out."""

import os

import pytest

if os.environ.get("CI"):
    import dask  # noqa: F401  (installed by scripts/test-python.sh: never skipped in CI)
else:
    pytest.importorskip("distributed")

from conftest import synth


def test_a_folder_is_read_on_a_local_dask_cluster(tmp_path):
    from dask.distributed import Client, LocalCluster

    from ktp_ocr import dask_batch

    cards = synth(tmp_path / "cards", 4, 33)
    (tmp_path / "cards" / "note.jpg").write_bytes(b"not an image")
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster):
        bag = dask_batch.read_folder(str(tmp_path / "cards"), threads=1, partition_size=2)
        assert bag.npartitions == 3
        records = bag.compute()
    by_input = {r["input"]: r for r in records}
    assert len(by_input) == 5
    for path, truth in cards:
        record = by_input[str(path)]
        assert record["status"] == "OK"
        assert record["fields"]["nik"]["value"] == truth["nik"]
    bad = by_input[str(tmp_path / "cards" / "note.jpg")]
    assert bad["status"] == "INVALID_ARGUMENT"

"""The ktp_ocr package against the real models: reading from a path and from bytes, the
two cloud formats, errors as exceptions with the documented codes, where the models come
from, the GIL released during a read, and one engine shared by threads."""

import io
import os
import pathlib
import threading
import zlib
import struct

import pytest

import ktp_ocr


def png(width: int, height: int, grey: int) -> bytes:
    """A plain grey PNG, written by hand so the test needs no imaging package."""
    raw = b"".join(b"\x00" + bytes([grey]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_reads_a_card_from_a_path_and_from_bytes(engine, cards):
    path, truth = cards[0]
    reading = engine.read(path)
    assert reading["status"] == "OK"
    assert reading["fields"]["nik"]["value"] == truth["nik"]
    assert reading["fields"]["nama"]["value"] == truth["nama"]
    assert 0.0 < reading["fields"]["nik"]["confidence"] <= 1.0
    assert set(reading["fields"]) == set(ktp_ocr.FIELD_NAMES)
    data = path.read_bytes()
    assert engine.read(data)["fields"]["nik"]["value"] == truth["nik"]
    # Other bytes-like objects and str paths take the same ways in (read in the tests below).
    with pytest.raises(TypeError):
        engine.read(12345)


def test_the_two_cloud_formats(engine, cards):
    path, truth = cards[1]
    acc = engine.read(path, format="accuauth")
    assert acc["status"] == "OK" and acc["request_id"].startswith("TID")
    assert acc["results"][0]["id_number"] == truth["nik"]
    assert acc["results"][0]["gender_s"] in ("M", "F")

    v1 = engine.read(path, format="tencent")["Response"]
    assert v1["NIK"] == truth["nik"]
    assert v1["Provinsi"] == "" and v1["Kota"] == "", "Scene V1 leaves them empty"
    assert v1["Photo"] == ""
    v2 = engine.read(path, format="tencent", scene="V2", head_image=True)["Response"]
    assert v2["Provinsi"] != "" and v2["Kota"] != ""
    assert len(v2["Photo"]) > 1000, "the holder's photo as base64 JPEG"

    with pytest.raises(ValueError, match="head_image"):
        engine.read(path, format="accuauth", head_image=True)
    with pytest.raises(ValueError, match="format"):
        engine.read(path, format="xml")
    with pytest.raises(ValueError, match="scene"):
        engine.read(path, format="tencent", scene="V3")


def test_errors_are_exceptions_with_the_documented_codes(engine, tmp_path):
    with pytest.raises(ktp_ocr.InvalidArgument) as e:
        engine.read(b"")
    assert (e.value.code, e.value.http_status) == ("INVALID_ARGUMENT", 400)
    assert e.value.tencent_code == "InvalidParameterValue.InvalidParameterValueLimit"
    assert e.value.answer["status"] == "INVALID_ARGUMENT"

    with pytest.raises(ktp_ocr.DetectionFailed) as e:
        engine.read(png(800, 500, 250), format="tencent")
    assert e.value.code == "DETECTION_FAILED"
    assert e.value.answer["Response"]["Error"]["Code"] == "FailedOperation.OcrFailed"
    assert isinstance(e.value, ktp_ocr.KtpOcrError)

    with pytest.raises(ktp_ocr.DecodeFailed) as e:
        engine.read(png(300, 200, 10)[:70], format="accuauth")
    assert isinstance(e.value, ktp_ocr.InvalidArgument)
    assert e.value.tencent_code == "FailedOperation.ImageDecodeFailed"
    assert e.value.answer["status"] == "INVALID_ARGUMENT"
    # A clean sentence: no decoder debug text, no trailing newline.
    assert "\n" not in e.value.reason and e.value.reason == e.value.reason.strip()

    with pytest.raises(ktp_ocr.InvalidArgument, match="is a folder"):
        engine.read(tmp_path)
    with pytest.raises(ktp_ocr.InvalidArgument, match="cannot read"):
        engine.read(tmp_path / "missing.jpg")
    huge = tmp_path / "huge.jpg"
    with open(huge, "wb") as f:
        f.truncate(2_500_000_000)  # sparse: its size is refused, nothing is read
    with pytest.raises(ktp_ocr.InvalidArgument) as e:
        engine.read(huge, format="tencent")
    assert e.value.tencent_code == "LimitExceeded.TooLargeFileError"
    assert e.value.answer["Response"]["Error"]["Code"] == "LimitExceeded.TooLargeFileError"
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "card.jpg"
        os.mkfifo(fifo)
        with pytest.raises(ktp_ocr.InvalidArgument, match="not a regular file"):
            engine.read(fifo)


def test_models_are_found_as_the_cli_finds_them(tmp_path, monkeypatch):
    with pytest.raises(ktp_ocr.SetupFailed) as e:
        ktp_ocr.Engine(models_dir=tmp_path)
    assert e.value.code == "INTERNAL_ERROR" and str(tmp_path) in e.value.reason
    monkeypatch.setenv(ktp_ocr.MODELS_DIR_ENV, str(tmp_path / "elsewhere"))
    with pytest.raises(ktp_ocr.SetupFailed, match="elsewhere"):
        ktp_ocr.Engine()
    with pytest.raises(ValueError, match="reference_date"):
        ktp_ocr.Engine(reference_date="2026-02-30")


def test_default_models_are_the_checkouts(engine):
    repo_models = pathlib.Path(__file__).resolve().parents[3] / "models"
    if os.environ.get(ktp_ocr.MODELS_DIR_ENV):
        pytest.skip("$KTPOCR_MODELS is set")
    assert pathlib.Path(engine.models_dir).resolve() == repo_models.resolve()


def test_the_gil_is_released_while_a_card_is_read(engine, cards):
    path, truth = cards[2]
    data = memoryview(path.read_bytes())
    got = {}
    reader = threading.Thread(target=lambda: got.update(engine.read(data)))
    reader.start()
    spins = 0
    while reader.is_alive():
        spins += 1
    reader.join()
    assert got["fields"]["nik"]["value"] == truth["nik"]
    # Holding the GIL for the ~1 s read would stop this loop for all of it.
    assert spins > 100_000, spins


def test_one_engine_serves_several_threads(engine, cards):
    results = {}

    def read(i):
        path = cards[i][0]
        image = str(path) if i % 2 == 0 else bytearray(path.read_bytes())
        results[i] = engine.read(image)["fields"]["nik"]["value"]

    threads = [threading.Thread(target=read, args=(i,)) for i in range(len(cards))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {i: truth["nik"] for i, (_, truth) in enumerate(cards)}

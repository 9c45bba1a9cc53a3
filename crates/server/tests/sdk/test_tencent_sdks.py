"""Every official Tencent Cloud SDK, unmodified, against `ktpocr serve` on a non-80 port:
the Python SDK (tencentcloud-sdk-python-intl-en: OcrClient +
RecognizeIndonesiaIDCardOCRRequest) with its default TC3-HMAC-SHA256 and with signature v1,
and the Node.js SDK (tencentcloud-sdk-nodejs-intl-en 3.0.x) with its default HmacSHA256
and with TC3, each reading a synthetic card with the real engine; a wrong secret is
AuthFailure.SignatureFailure in both. scripts/test-python.sh installs the SDKs."""

import base64
import json
import os
import pathlib
import re
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[4]
KTPOCR = os.environ.get("KTPOCR_BIN", str(REPO / "target" / "release" / "ktpocr"))
NODE_SDK = os.environ.get("KTPOCR_NODE_SDK")  # a node_modules folder holding the SDK
SECRET_ID = "sdk-office"
SECRET_KEY = "sdk-office-secret-0123456789"
WRONG_KEY = "not-the-secret-0123456789"


@pytest.fixture(scope="module")
def card(tmp_path_factory):
    out = tmp_path_factory.mktemp("sdk-card")
    subprocess.run(
        [KTPOCR, "synth", "--count", "1", "--seed", "41", "--condition", "flat_scan",
         "--out", str(out)],
        check=True, stderr=subprocess.DEVNULL,
    )
    truth = json.loads((out / "truth.jsonl").read_text().splitlines()[0])
    return out / truth["file"], truth["fields"]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    keys = tmp_path_factory.mktemp("sdk-keys") / "keys.toml"
    keys.write_text(f'[[key]]\nid = "{SECRET_ID}"\nsecret = "{SECRET_KEY}"\n')
    keys.chmod(0o600)
    server = subprocess.Popen(
        [KTPOCR, "serve", "--addr", "127.0.0.1:0", "--keys", str(keys), "--workers", "1",
         "--quiet"],
        stderr=subprocess.PIPE, text=True,
    )
    try:
        addr = None
        for line in server.stderr:
            m = re.search(r"listening on http://(\S+)", line)
            if m:
                addr = m.group(1)
                break
        assert addr, "the server did not start"
        assert not addr.endswith(":80")
        yield addr
    finally:
        server.terminate()
        assert server.wait(timeout=60) == 0, "the server stops cleanly on SIGTERM"


def python_sdk(endpoint, secret, sign_method=None):
    from tencentcloud.common import credential
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile
    from tencentcloud.ocr.v20181119 import ocr_client

    profile = ClientProfile(httpProfile=HttpProfile(endpoint=endpoint, protocol="http"))
    if sign_method:
        profile.signMethod = sign_method
    return ocr_client.OcrClient(credential.Credential(SECRET_ID, secret), "ap-jakarta", profile)


def python_request(path):
    from tencentcloud.ocr.v20181119 import models

    req = models.RecognizeIndonesiaIDCardOCRRequest()
    req.ImageBase64 = base64.b64encode(path.read_bytes()).decode()
    req.Scene = "V2"
    return req


# HmacSHA1 is verified by crates/server/tests/signatures.rs.
@pytest.mark.parametrize("sign_method", [None, "HmacSHA256"])
def test_python_sdk_reads_a_card(endpoint, card, sign_method):
    path, truth = card
    resp = python_sdk(endpoint, SECRET_KEY, sign_method).RecognizeIndonesiaIDCardOCR(
        python_request(path)
    )
    assert resp.NIK == truth["nik"]
    assert resp.Provinsi, "Scene V2 fills Provinsi"


@pytest.mark.parametrize("sign_method", [None, "HmacSHA256"])
def test_python_sdk_wrong_secret_is_signature_failure(endpoint, card, sign_method):
    from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
        TencentCloudSDKException,
    )

    with pytest.raises(TencentCloudSDKException) as e:
        python_sdk(endpoint, WRONG_KEY, sign_method).RecognizeIndonesiaIDCardOCR(
            python_request(card[0])
        )
    assert e.value.get_code() == "AuthFailure.SignatureFailure"


def node(endpoint, secret, sign_method, path):
    if os.environ.get("KTPOCR_NODE_SKIP"):
        pytest.skip(os.environ["KTPOCR_NODE_SKIP"])
    if not NODE_SDK:
        if os.environ.get("CI"):
            pytest.fail("KTPOCR_NODE_SDK is not set: scripts/test-python.sh installs the SDK")
        pytest.skip("KTPOCR_NODE_SDK (a node_modules with tencentcloud-sdk-nodejs-intl-en) not set")
    out = subprocess.run(
        ["node", str(pathlib.Path(__file__).with_name("node_client.js")), endpoint,
         SECRET_ID, secret, sign_method, str(path)],
        check=True, capture_output=True, text=True, timeout=120,
        env={**os.environ, "NODE_PATH": NODE_SDK},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("sign_method", ["default", "TC3-HMAC-SHA256"])
def test_node_sdk_reads_a_card(endpoint, card, sign_method):
    path, truth = card
    answer = node(endpoint, SECRET_KEY, sign_method, path)
    assert answer.get("NIK") == truth["nik"], answer
    assert answer["Provinsi"]


@pytest.mark.parametrize("sign_method", ["default", "TC3-HMAC-SHA256"])
def test_node_sdk_wrong_secret_is_signature_failure(endpoint, card, sign_method):
    answer = node(endpoint, WRONG_KEY, sign_method, card[0])
    assert answer["error"] == "AuthFailure.SignatureFailure", answer

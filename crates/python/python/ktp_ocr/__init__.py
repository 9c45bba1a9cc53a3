"""ktp_ocr: read Indonesian identity cards (e-KTP) on this machine.

    import ktp_ocr
    engine = ktp_ocr.Engine()                # models: models_dir=, $KTPOCR_MODELS, the checkout's models/
    reading = engine.read("card.jpg")        # or bytes; the native answer as a dict
    reading["fields"]["nik"]["value"]
    engine.read(data, format="tencent", scene="V2")   # exactly Tencent's {"Response": {...}}

Failures raise KtpOcrError subclasses carrying the documented codes (`code`,
`http_status`, `tencent_code`), the `reason`, and the error `answer` in the format asked
for. One Engine serves any number of threads; the GIL is released while a card is read.
"""

import os
import stat
from typing import Any, Dict, Union

from ._native import (
    FIELD_NAMES,
    FILE_TOO_LARGE,
    MAX_FILE_BYTES,
    MODELS_DIR_ENV,
    DecodeFailed,
    DetectionFailed,
    InternalError,
    InvalidArgument,
    KtpOcrError,
    SetupFailed,
    __version__,
    invalid_argument as _invalid_argument,
)
from ._native import Engine as _NativeEngine

__all__ = [
    "Engine",
    "KtpOcrError",
    "InvalidArgument",
    "DecodeFailed",
    "DetectionFailed",
    "SetupFailed",
    "InternalError",
    "FIELD_NAMES",
    "MAX_FILE_BYTES",
    "MODELS_DIR_ENV",
    "read_file",
    "__version__",
]

Image = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]"]


def _too_large(shown: str, size: int, format: str) -> "InvalidArgument":
    # The engine's own wording, which the Tencent form answers with TooLargeFileError.
    return _invalid_argument(
        f"{FILE_TOO_LARGE}: {size} bytes; the limit is {MAX_FILE_BYTES} bytes ({shown})",
        format,
    )


def read_file(path: "Union[str, os.PathLike[str]]", format: str = "native") -> bytes:
    """The bytes of an input file, checked before a byte is read, as `ktpocr scan` checks:
    a regular file (a FIFO would block, a device never end) of at most MAX_FILE_BYTES."""
    shown = os.fspath(path)
    try:
        st = os.stat(path)
    except OSError as e:
        raise _invalid_argument(f"cannot read {shown}: {e.strerror}", format) from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise _invalid_argument(f"{shown} is {kind}: give an image or PDF file", format)
    if st.st_size > MAX_FILE_BYTES:
        raise _too_large(shown, st.st_size, format)
    with open(path, "rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(shown, len(data), format)
    return data


class Engine(_NativeEngine):
    """The engine: models loaded once, then read() from any thread.

    Engine(models_dir=None, *, threads=None, concurrency=None, reference_date=None)
    """

    def read(
        self,
        image: Image,
        *,
        format: str = "native",
        head_image: bool = False,
        scene: str = "V1",
    ) -> Dict[str, Any]:
        """Read one card: `image` is bytes (JPG, PNG, PDF) or a path. Returns the answer in
        `format` ("native", "accuauth" or "tencent") as a dict; raises KtpOcrError."""
        if isinstance(image, (str, os.PathLike)):
            data = read_file(image, format)
        elif isinstance(image, bytes):
            data = image
        elif isinstance(image, (bytearray, memoryview)):
            data = bytes(image)
        else:
            raise TypeError(
                f"image must be bytes or a path, not {type(image).__name__}"
            )
        return self.read_bytes(data, format=format, head_image=head_image, scene=scene)

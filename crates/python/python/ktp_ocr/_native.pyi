import os
from typing import Any, Dict, List, Optional, Union

__version__: str
MAX_FILE_BYTES: int
FILE_TOO_LARGE: str
FIELD_NAMES: List[str]
MODELS_DIR_ENV: str

class KtpOcrError(Exception):
    code: str
    http_status: int
    tencent_code: str
    reason: str
    answer: Dict[str, Any]

class InvalidArgument(KtpOcrError): ...
class DecodeFailed(InvalidArgument): ...
class DetectionFailed(KtpOcrError): ...
class SetupFailed(KtpOcrError): ...
class InternalError(KtpOcrError): ...

def invalid_argument(reason: str, format: str = "native") -> InvalidArgument: ...

class Engine:
    def __init__(
        self,
        models_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
        *,
        threads: Optional[int] = None,
        concurrency: Optional[int] = None,
        reference_date: Optional[str] = None,
    ) -> None: ...
    @property
    def models_dir(self) -> str: ...
    def read_bytes(
        self, image: bytes, *, format: str = "native", head_image: bool = False, scene: str = "V1"
    ) -> Dict[str, Any]: ...

"""Checks every input passes before any parser sees it, and text decoding.

Limits protect a batch run from one hostile or broken file: a size cap on what is
read, and (for the zip-based formats) a cap on what would be decompressed.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Optional, Union

from ..errors import BinaryFileError, DecodeError, EmptyFileError, FileMissingError, LimitExceededError
from .chars import fold_compatibility

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 10_000
MAX_ROWS = 100_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"PK\x03\x04", "a zip archive (a .docx or .xlsx?)"),
    (b"%PDF", "a PDF"),
    (b"\xd0\xcf\x11\xe0", "an old binary Office file (.doc/.xls)"),
)
#: Control characters that never occur in a text export (TAB, LF, CR, FF, VT do).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def check_file(path: Union[str, Path]) -> Path:
    """The path as a Path, after checking it is a readable, non-empty file under the size cap."""
    p = Path(path)
    if not p.exists():
        raise FileMissingError("no such file; check the path", str(path))
    if p.is_dir():
        raise FileMissingError("is a directory, not a report file; pass the files inside it", str(path))
    if not p.is_file():
        raise FileMissingError("is not a regular file", str(path))
    size = p.stat().st_size
    if size == 0:
        raise EmptyFileError("the file is empty; export the report again", str(path))
    if size > MAX_BYTES:
        raise LimitExceededError(
            f"the file is {size / 1024 / 1024:.0f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit; "
            "split it or pass the report alone",
            str(path),
        )
    return p


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise FileMissingError(f"cannot be read ({error.strerror or error}); check its permissions", str(path))


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode report text: a BOM decides; else UTF-8, else GB18030 (a superset of GBK/GB2312).

    Returns (text with newlines normalised to \\n, encoding name)."""
    text = None
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                raise DecodeError(f"the text has a {name} byte-order mark but is not valid {name}", path) from None
            encoding = name
            text = text.lstrip("\ufeff")
            break
    if text is None and b"\x00" in data:
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise BinaryFileError(f"is {what}, not text; give the file its real extension", path)
        text, encoding = _bomless_utf16(data)
        if text is None:
            raise BinaryFileError(
                "is a binary file (it contains NUL bytes), not text; give a .txt, .docx, .xlsx, .csv or .pdf",
                path,
            )
    if text is None:
        for name in ("utf-8", "gb18030"):
            try:
                text = data.decode(name)
                encoding = name
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        raise DecodeError(
            "the text is neither UTF-8, UTF-16 nor GB18030/GBK; save it again as UTF-8", path
        )
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise BinaryFileError("looks binary (many control characters), not text; check the file type", path)
    if not text.strip():
        raise EmptyFileError("the file holds only white space; export the report again", path)
    return fold_compatibility(text.replace("\r\n", "\n").replace("\r", "\n")), encoding


def _texty(ch: str) -> bool:
    return (
        " " <= ch <= "~"
        or ch in "\t\n\r"
        or "\u4e00" <= ch <= "\u9fff"  # CJK ideographs
        or "\u3000" <= ch <= "\u303f"  # CJK punctuation
        or "\uff00" <= ch <= "\uffef"  # full-width forms
        or "\u2000" <= ch <= "\u206f"  # general punctuation
    )


def _bomless_utf16(data: bytes) -> tuple[Optional[str], Optional[str]]:
    """UTF-16 written without a byte-order mark: accepted only when it decodes to
    text that reads as text (CJK, printable ASCII, white space, punctuation)."""
    if len(data) % 2:
        return None, None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        controls = len(_CONTROL.findall(sample))
        texty = sum(1 for ch in sample if _texty(ch))
        if controls <= len(sample) // 200 and texty >= 0.9 * len(sample):
            return text, name
    return None, None


def check_zip(path: Path, kind: str) -> None:
    """Refuse a .docx/.xlsx that is not a zip, or would decompress to something absurd."""
    import zipfile

    from ..errors import BadDocumentError

    program = "Word" if kind == ".docx" else "Excel"
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        with open(path, "rb") as head:
            old = head.read(4) == b"\xd0\xcf\x11\xe0"
        what = f"an old binary {program} file named {kind}" if old else "not a zip archive"
        raise BadDocumentError(
            f"is not a valid {kind} file ({what}); open it in {program} and save it again as {kind}", str(path)
        ) from None
    if len(members) > MAX_MEMBERS:
        raise LimitExceededError(f"the {kind} archive has {len(members)} parts; refusing to open it", str(path))
    unzipped = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unzipped > MAX_UNZIPPED or (unzipped > 10 * 1024 * 1024 and unzipped > MAX_RATIO * max(packed, 1)):
        raise LimitExceededError(
            f"the {kind} would decompress to {unzipped / 1024 / 1024:.0f} MB "
            f"({unzipped // max(packed, 1)}x its size): refusing a possible zip bomb",
            str(path),
        )

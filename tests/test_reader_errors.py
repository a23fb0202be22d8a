"""Every bad input gives its own typed error, one line naming the file, the problem
and what to do; nothing else escapes the reader."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from conftest import SEEDS
from nlp import errors
from nlp.reader import read_report


def _zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _zeros_zip(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)
    return path


def _xlsx(path: Path, rows: list[list]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def _pdf_without_text(path: Path) -> Path:
    from test_reader_formats import make_pdf

    return make_pdf(path)


CASES = {
    "missing": (lambda d: d / "nope.txt", errors.FileMissingError, "no such file"),
    "directory": (lambda d: d, errors.FileMissingError, "is a directory"),
    "empty": (lambda d: _write(d / "empty.txt", b""), errors.EmptyFileError, "empty"),
    "whitespace-only": (lambda d: _write(d / "blank.txt", " \n\t\n\u3000\n".encode()), errors.EmptyFileError,
                        "only white space"),
    "binary-nul": (lambda d: _write(d / "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256))),
                   errors.BinaryFileError, "binary"),
    "zip-named-txt": (lambda d: _zip(d / "report.txt", {"word/document.xml": b"<w/>"}), errors.BinaryFileError,
                      "a zip archive (a .docx or .xlsx?)"),
    "odd-utf16-like": (lambda d: _write(d / "odd.txt", b"a\0b\0\x01\0\x02\0" * 50), errors.BinaryFileError, "binary"),
    "binary-controls": (lambda d: _write(d / "ctl.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20),
                        errors.BinaryFileError, "binary"),
    "undecodable": (lambda d: _write(d / "latin.txt", "报告".encode() + b"\x80\xff caf\xe9"),
                    errors.DecodeError, "UTF-8"),
    "docx-not-zip": (lambda d: _write(d / "report.docx", SEEDS[0].read_bytes()), errors.BadDocumentError,
                     "not a zip"),
    "docx-really-doc": (lambda d: _write(d / "old.docx", b"\xd0\xcf\x11\xe0" + b"\0" * 100),
                        errors.BadDocumentError, "old binary Word file"),
    "docx-damaged": (lambda d: _zip(d / "broken.docx", {"hello.txt": b"hi"}), errors.BadDocumentError,
                     "not a readable Word document"),
    "xlsx-not-zip": (lambda d: _write(d / "table.xlsx", b"PK\x03\x04 truncated"), errors.BadDocumentError,
                     "not a zip"),
    "xlsx-damaged": (lambda d: _zip(d / "broken.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/x.xml": b"<"}),
                     errors.BadDocumentError, "not a readable Excel workbook"),
    "docx-zip-bomb": (lambda d: _zeros_zip(d / "bomb.docx", 20 << 20), errors.LimitExceededError, "zip bomb"),
    "xlsx-zip-bomb": (lambda d: _zeros_zip(d / "bomb.xlsx", 20 << 20), errors.LimitExceededError, "zip bomb"),
    "over-50MB": (lambda d: _sparse(d / "huge.txt", 51 << 20), errors.LimitExceededError, "50 MB limit"),
    "csv-100k-rows": (lambda d: _write(d / "rows.csv", "一级指标,二级指标,三级指标,指标值\n".encode()
                                       + "产出,数量,培训,5次\n".encode() * 100_001),
                      errors.LimitExceededError, "100,000 rows"),
    "csv-no-header": (lambda d: _write(d / "plain.csv", "a,b,c\n1,2,3\n".encode()), errors.NoIndicatorTableError,
                      "no indicator table"),
    "xlsx-no-header": (lambda d: _xlsx(d / "plain.xlsx", [["a", "b"], [1, 2]]), errors.NoIndicatorTableError,
                       "no indicator table"),
    "doc": (lambda d: _write(d / "report.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100), errors.UnsupportedFormatError,
            "save it as .docx"),
    "scanned-pdf": (lambda d: _pdf_without_text(d / "scan.pdf"), errors.UnsupportedFormatError, "no text layer"),
    "damaged-pdf": (lambda d: _write(d / "bad.pdf", b"%PDF-1.4\n garbage"), errors.BadDocumentError, "not a readable PDF"),
    "unknown-extension": (lambda d: _write(d / "report.rtf", b"{\\rtf1 hi}"), errors.UnsupportedFormatError,
                          "extension (.rtf)"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as out:
        out.truncate(size)
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_typed_one_line_error(tmp_path, case):
    make, error_type, phrase = CASES[case]
    path = make(tmp_path)
    with pytest.raises(error_type) as caught:
        read_report(path)
    message = str(caught.value)
    assert isinstance(caught.value, errors.InputError)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    assert phrase in message, message


def test_decompressed_size_cap(tmp_path, monkeypatch):
    from nlp.reader import files

    monkeypatch.setattr(files, "MAX_UNZIPPED", 1 << 20)
    path = _zip(tmp_path / "big.docx", {"word/document.xml": os.urandom(2 << 20)}, zipfile.ZIP_STORED)
    with pytest.raises(errors.LimitExceededError, match="decompress to 2 MB"):
        read_report(path)


def test_xlsx_row_limit(tmp_path, monkeypatch):
    from nlp.reader import tabular

    monkeypatch.setattr(tabular, "MAX_ROWS", 50)
    path = _xlsx(tmp_path / "rows.xlsx", [["一级指标", "二级指标", "三级指标", "指标值"]] + [["产出", "数量", "x", "1"]] * 60)
    with pytest.raises(errors.LimitExceededError, match="more than 50 rows"):
        read_report(path)


def test_utf16_without_valid_body_is_a_decode_error(tmp_path):
    path = _write(tmp_path / "odd.txt", b"\xff\xfe" + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(errors.DecodeError, match="utf-16"):
        read_report(path)


def test_good_file_after_bad_ones_still_reads(tmp_path):
    with pytest.raises(errors.EmptyFileError):
        read_report(_write(tmp_path / "e.txt", b""))
    assert len(read_report(SEEDS[3]).indicators) == 23

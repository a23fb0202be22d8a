"""The CLI error contract (issues 2 and 6), in-process on ``nlp.cli.app``.

Every bad input gives exit code 1 and ONE line on stderr that names the file and the
problem, never a traceback; with several inputs the good ones are still output.
Malformed training data names file, row and column and writes no model.

CliRunner catches any exception and reports exit code 1 for it too, so every test
also checks that the command ended by exiting (``SystemExit``), not by crashing.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp.cli.app import app

from conftest import SEEDS

#: Safety limits the reader enforces (issue 6).
SIZE_LIMIT_MB = 50
ROW_LIMIT = 100_000
#: Uncompressed size of the zip-bomb member: 300 MB of zeros (about 300 KB deflated).
BOMB_BYTES = 300 * 1024 * 1024


def invoke(*args) -> "Result":  # noqa: F821
    return CliRunner().invoke(app, [str(a) for a in args])


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_exited_cleanly(result) -> None:
    """Exit code 1 from the CLI's own error path, not an exception CliRunner caught."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    # The batch runner turns an unexpected exception into an "internal error" line: a bug, not a message.
    assert "internal error" not in result.stderr


# --- bad inputs, built in tmp_path ----------------------------------------------------------


def _missing(tmp: Path) -> Path:
    return tmp / "no_such_report.txt"


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.txt"
    path.write_bytes(b"")
    return path


def _blank(tmp: Path) -> Path:
    path = tmp / "blank.txt"
    path.write_text("\n\t\n　　\n\n", encoding="utf-8")
    return path


def _binary(tmp: Path) -> Path:
    path = tmp / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    return path


def _docx_not_zip(tmp: Path) -> Path:
    path = tmp / "report.docx"
    path.write_text(SEEDS[0].read_text(encoding="utf-8")[:2000], encoding="utf-8")
    return path


def _undecodable(tmp: Path) -> Path:
    # 0x80 and 0xFF are invalid lead bytes in UTF-8 and in GB18030; no BOM, no NUL.
    path = tmp / "garbled.txt"
    path.write_bytes(b"\x80\xff\x81\xfe\x80" * 401)  # odd length: not UTF-16 either
    return path


def _doc(tmp: Path) -> Path:
    # The OLE2 compound-file signature every Word 97-2003 .doc starts with.
    path = tmp / "old_report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    return path


def _too_large(tmp: Path) -> Path:
    path = tmp / "huge.txt"
    with open(path, "wb") as handle:
        handle.write("2023年度部门整体支出绩效自评报告\n".encode("utf-8"))
        handle.truncate((SIZE_LIMIT_MB + 1) * 1024 * 1024)  # sparse: costs no disk
    return path


def _zip_bomb(member: str, suffix: str):
    def build(tmp: Path) -> Path:
        path = tmp / f"bomb{suffix}"
        chunk = bytes(1024 * 1024)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
            with archive.open(member, "w", force_zip64=True) as handle:
                for _ in range(BOMB_BYTES // len(chunk)):
                    handle.write(chunk)
        assert path.stat().st_size < 2 * 1024 * 1024  # small on disk, huge inside
        return path

    return build


def _too_many_rows(tmp: Path) -> Path:
    path = tmp / "rows.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"])
        for n in range(ROW_LIMIT + 1):
            writer.writerow(["产出指标", "数量指标", f"培训人次{n}", "≥100人次", "120人次", "5", "5"])
    return path


# name -> (builder, words of which the message must contain at least one: the problem named)
BAD_INPUTS = {
    "missing": (_missing, ("not exist", "no such", "not found", "missing", "does not", "不存在")),
    "empty": (_empty, ("empty", "空")),
    "blank": (_blank, ("empty", "blank", "white", "空")),
    "binary": (_binary, ("binary", "二进制")),
    "docx-not-zip": (_docx_not_zip, ("zip", "docx", "damaged", "corrupt", "not a")),
    "undecodable": (_undecodable, ("encoding", "decode", "utf", "gb18030", "编码")),
    "doc": (_doc, (".docx",)),
    "over-size-limit": (_too_large, ("MB", "size", "large", "limit")),
    "zip-bomb-docx": (_zip_bomb("word/document.xml", ".docx"), ("uncompressed", "zip bomb", "too large", "limit", "MB")),
    "zip-bomb-xlsx": (_zip_bomb("xl/worksheets/sheet1.xml", ".xlsx"), ("uncompressed", "zip bomb", "too large", "limit", "MB")),
    "too-many-rows": (_too_many_rows, ("rows", "100000", "100,000", "100k", "行")),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_1(tmp_path, case):
    build, words = BAD_INPUTS[case]
    path = build(tmp_path)
    result = invoke("classify", path, "--format", "jsonl")
    assert_exited_cleanly(result)
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert path.name in lines[0], lines[0]
    assert any(word.lower() in lines[0].lower() for word in words), lines[0]
    assert result.stdout.strip() == "", "nothing is output for a file that could not be read"


@pytest.mark.parametrize("case", ["missing", "binary", "docx-not-zip", "doc"])
def test_one_bad_input_among_good_ones(tmp_path, case):
    """The good report is still output; the bad one gets its line; the exit code is 1."""
    bad = BAD_INPUTS[case][0](tmp_path)
    good = SEEDS[0]
    result = invoke("classify", good, bad, "--format", "jsonl")
    assert_exited_cleanly(result)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [Path(r["path"]).name for r in records] == [good.name]
    assert records[0]["indicators"], "the good report is fully processed"
    lines = stderr_lines(result)
    assert len(lines) == 1 and bad.name in lines[0], lines


def test_bad_input_first_does_not_stop_the_batch(tmp_path):
    bad = _binary(tmp_path)
    result = invoke("classify", bad, SEEDS[1], SEEDS[2], "--format", "jsonl")
    assert_exited_cleanly(result)
    names = [Path(json.loads(line)["path"]).name for line in result.stdout.splitlines() if line.strip()]
    assert names == [SEEDS[1].name, SEEDS[2].name]


# --- malformed training data -----------------------------------------------------------------

GOOD_ROWS = [
    ("举办培训班期数", "≥10期", "quantity"),
    ("培训合格率", "≥95%", "quality"),
    ("资金拨付及时率", "100%", "timeliness"),
]

# name -> (header, rows, the data row (1-based, header = row 1) and column the message must name)
BAD_DATA = {
    "unknown-label": (("text", "target", "label"), GOOD_ROWS + [("督促检查次数", "≥60次", "very-good")], 5, "label"),
    "empty-text": (("text", "target", "label"), GOOD_ROWS[:1] + [("", "≥60次", "quantity")] + GOOD_ROWS[1:], 3, "text"),
    "missing-label-column": (("text", "target"), [r[:2] for r in GOOD_ROWS], 1, "label"),
    "missing-target-column": (("text", "label"), [(r[0], r[2]) for r in GOOD_ROWS], 1, "target"),
}


def _write_csv(path: Path, header, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _write_xlsx(path: Path, header, rows) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)


def _write_jsonl(path: Path, header, rows) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(dict(zip(header, row)), ensure_ascii=False) + "\n")


WRITERS = {".csv": _write_csv, ".xlsx": _write_xlsx}


@pytest.mark.parametrize("suffix", list(WRITERS))
@pytest.mark.parametrize("case", list(BAD_DATA))
def test_train_malformed_data(tmp_path, case, suffix):
    header, rows, row, column = BAD_DATA[case]
    data = tmp_path / f"labels{suffix}"
    WRITERS[suffix](data, header, rows)
    out = tmp_path / "model"
    result = invoke("train", "--data", data, "--out", out, "--no-cv")
    assert_exited_cleanly(result)
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert data.name in lines[0]
    assert f"row {row}" in lines[0], lines[0]
    assert f"'{column}'" in lines[0], lines[0]
    assert not out.exists(), "no model directory is written for bad data"
    assert not [p for p in tmp_path.iterdir() if p.name not in (data.name,)], "no temp model left behind"


@pytest.mark.parametrize("case", ["unknown-label", "empty-text"])
def test_train_malformed_jsonl(tmp_path, case):
    header, rows, row, column = BAD_DATA[case]
    data = tmp_path / "labels.jsonl"
    _write_jsonl(data, header, rows)
    out = tmp_path / "model"
    result = invoke("train", "--data", data, "--out", out, "--no-cv")
    assert_exited_cleanly(result)
    lines = stderr_lines(result)
    assert len(lines) == 1 and data.name in lines[0], lines
    # JSONL has no header line: row N is the N-th line (the spreadsheet row minus one).
    assert f"row {row - 1}" in lines[0] and f"'{column}'" in lines[0], lines[0]
    assert not out.exists()


def test_train_bad_file_among_good_writes_nothing(tmp_path):
    good = tmp_path / "good.csv"
    _write_csv(good, ("text", "target", "label"), GOOD_ROWS * 4)
    header, rows, row, column = BAD_DATA["unknown-label"]
    bad = tmp_path / "bad.csv"
    _write_csv(bad, header, rows)
    out = tmp_path / "model"
    result = invoke("train", "--data", good, "--data", bad, "--out", out, "--no-cv")
    assert_exited_cleanly(result)
    lines = stderr_lines(result)
    assert len(lines) == 1 and bad.name in lines[0] and f"row {row}" in lines[0], lines
    assert not out.exists()


# name -> (file name, bytes, words of which the message must contain one)
UNREADABLE_DATA = {
    "csv-gbk": ("labels.csv", "text,target,label\n培训班期数,≥10期,数量\n".encode("gbk"), ("UTF-8", "utf-8", "encoding")),
    "jsonl-gbk": ("labels.jsonl", '{"text": "培训班期数", "target": "≥10期", "label": "数量"}\n'.encode("gbk"),
                  ("UTF-8", "utf-8", "encoding")),
    "jsonl-bad-json": ("labels.jsonl", b'{"text": "a", "target": "b", "label": "quantity"}\n{"text": \n', ("row 2",)),
    "xlsx-not-zip": ("labels.xlsx", b"text,target,label\n", ("xlsx",)),
    "csv-empty": ("labels.csv", b"", ("empty",)),
}


@pytest.mark.parametrize("case", list(UNREADABLE_DATA))
def test_train_unreadable_data(tmp_path, case):
    name, content, words = UNREADABLE_DATA[case]
    data = tmp_path / name
    data.write_bytes(content)
    out = tmp_path / "model"
    result = invoke("train", "--data", data, "--out", out, "--no-cv")
    assert_exited_cleanly(result)
    lines = stderr_lines(result)
    assert len(lines) == 1 and data.name in lines[0], lines
    assert any(word in lines[0] for word in words), lines[0]
    assert not out.exists()


def test_report_without_indicator_table_is_output_with_one_warning(tmp_path):
    """Not an error (its narrative and claims are still worth reading), but said on stderr."""
    import json

    report = tmp_path / "说明.txt"
    report.write_text("关于2023年工作情况的说明\n\n今年共举办培训班12期，培训干部300余人次。\n", encoding="gb18030")
    result = invoke("classify", report, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    (line,) = stderr_lines(result)
    assert line.startswith("warning: ") and report.name in line and "no indicator table" in line
    record = json.loads(result.stdout)
    assert record["indicators"] == [] and [c["text"] for c in record["claims"]] == ["12期", "300余人次"]

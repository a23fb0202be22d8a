"""Hardening: the reader and the claims extractor survive any input (hypothesis, bounded).

- Arbitrary bytes in a .txt/.docx/.xlsx/.csv/.pdf file, and real documents with bytes
  flipped or cut off: ``read_report`` returns a Report or raises a JixiaoError subclass,
  nothing else.
- Arbitrary text, Word-export-like text (tab-started cells, blank lines, CJK, digits,
  units) and very long lines: ``read_text`` and ``extract_claims`` raise nothing, every
  claim's offsets give back its text, every narrative paragraph's offsets index the
  report text.

Bounded for CI: each test has its own ``max_examples`` and no deadline; the file runs in
well under a minute. ``JIXIAO_FUZZ_SCALE=N`` multiplies the examples for a longer hunt.
"""

from __future__ import annotations

import io
import itertools
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from nlp.claims import extract_claims
from nlp.errors import EmptyFileError, JixiaoError
from nlp.reader import read_report, read_text
from nlp.schema import Claim, Report

from conftest import SEEDS

# JIXIAO_FUZZ_SCALE=20 runs twenty times the examples, for a longer hunt outside CI.
SCALE = max(1, int(os.environ.get("JIXIAO_FUZZ_SCALE", "1")))
FAST = settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CLAIM_KINDS = {"count", "percent", "money", "date", "duration", "ratio", "score"}
CLAIM_OPS = {"=", ">=", ">", "<=", "<", "~"}
SUFFIXES = (".txt", ".docx", ".xlsx", ".csv", ".pdf")
#: Starts of real file formats, so that random bytes also reach the zip/PDF/BOM paths.
MAGIC = (b"", b"PK\x03\x04", b"PK\x05\x06", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "一级指标,二级指标,三级指标,指标值\n".encode("utf-8"))

_counter = itertools.count()


@pytest.fixture(scope="module")
def scratch():
    # hypothesis reruns the test body many times per call, so no function-scoped tmp_path.
    with tempfile.TemporaryDirectory(prefix="jixiao-fuzz-") as folder:
        yield Path(folder)


def _write(folder: Path, suffix: str, data: bytes) -> Path:
    path = folder / f"fuzz{next(_counter)}{suffix}"
    path.write_bytes(data)
    return path


def _read_file(path: Path, record: bool = True):
    """read_report's contract: a Report or a JixiaoError, nothing else. ``record``
    counts the outcomes for ``--hypothesis-show-statistics`` (inside @given only)."""
    try:
        report = read_report(path)
    except JixiaoError as error:
        assert str(error), "a typed error carries a message"
        if record:
            event(f"refused: {type(error).__name__}")
        return None
    if record:
        event("read")
    assert isinstance(report, Report)
    check_report(report)
    return report


def check_claims(text: str, claims) -> None:
    for claim in claims:
        assert isinstance(claim, Claim)
        assert 0 <= claim.start <= claim.end <= len(text), claim
        assert text[claim.start:claim.end] == claim.text, claim
        assert claim.kind in CLAIM_KINDS, claim
        assert claim.op in CLAIM_OPS, claim


def check_report(report: Report) -> None:
    for paragraph in report.narratives:
        assert 0 <= paragraph.start <= paragraph.end <= len(report.text), paragraph
        assert report.text[paragraph.start:paragraph.end] == paragraph.text, paragraph
        check_claims(report.text, paragraph.claims)
    check_claims(report.text, report.claims)


# --- documents to mutate: real reports in each format, built once ----------------------------


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    text = SEEDS[0].read_text(encoding="utf-8")
    for line in text.splitlines()[:40]:
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate([("一级指标", "二级指标", "三级指标", "指标值"), ("产出指标", "数量指标", "培训期数", "≥10期"),
                             ("效益指标", "满意度指标", "群众满意度", "≥90%")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table_rows() -> list[list[str]]:
    """Seed 003's indicator table as a 绩效目标表 export would hold it: real report text,
    and no dependence on ../shared (a fresh clone has none)."""
    from nlp.reader import read_report

    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    report = read_report(SEEDS[3])
    rows = [[i.level1 or "", i.stated_category or "", i.name, i.target or "", i.actual or "",
             str(i.weight or ""), str(i.score or "")] for i in report.indicators]
    return [header] + rows


def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in _table_rows():
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_bytes() -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(_table_rows())
    return buffer.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    return {
        ".txt": SEEDS[2].read_bytes(),
        ".docx": _docx_bytes(),
        ".xlsx": _xlsx_bytes(),
        ".csv": _csv_bytes(),
    }


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".xlsx", ".csv"])
def test_the_documents_to_mutate_are_read(scratch, documents, suffix):
    """The unmutated documents are valid reports, so mutations start from real input."""
    assert _read_file(_write(scratch, suffix, documents[suffix]), record=False) is not None


# --- arbitrary bytes ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", SUFFIXES)
@FAST
@given(magic=st.sampled_from(MAGIC), data=st.binary(max_size=3000))
def test_read_report_arbitrary_bytes(scratch, suffix, magic, data):
    _read_file(_write(scratch, suffix, magic + data))


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".xlsx", ".csv"])
@FAST
@given(data=st.data())
def test_read_report_mutated_document(scratch, documents, suffix, data):
    """A real document with some bytes overwritten and maybe cut short: damaged, not random."""
    original = bytearray(documents[suffix])
    edits = data.draw(st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), max_size=12))
    for position, value in edits:
        original[position] = value
    cut = data.draw(st.one_of(st.none(), st.integers(0, len(original))))
    _read_file(_write(scratch, suffix, bytes(original[:cut] if cut is not None else original)))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
@FAST
@given(text=st.text(min_size=1, max_size=500))
def test_read_report_any_text_in_any_supported_encoding(scratch, encoding, text):
    _read_file(_write(scratch, ".txt", text.encode(encoding, errors="replace")))


# --- arbitrary and Word-export-like text ---------------------------------------------------------

_SEED_TEXT = "".join(p.read_text(encoding="utf-8") for p in SEEDS)
_CJK = "".join(sorted({ch for ch in _SEED_TEXT if "\u4e00" <= ch <= "\u9fff"}))
_SIGNS = "0123456789０１２３４５６７８９.．,，%％‰万元亿个期次人名项≥≤><=≧≦~～-—－（）()〔〕【】《》：:、；。余多近约左右以上以下内含年月日底前：\u3000 "

_cell = st.text(alphabet=st.sampled_from(_CJK + _SIGNS), max_size=40)
_seed_line = st.sampled_from(_SEED_TEXT.splitlines())
_line = st.one_of(
    st.builds(lambda tabs, cell: "\t" * tabs + cell, st.integers(0, 3), _cell),
    _seed_line,
    st.builds(lambda line: "\t" + line, _seed_line),
    st.just(""),
    st.just("\t"),
    st.sampled_from(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因",
                     "评价内容", "绩效目标", "完成情况", "目标1：", "任务1：", "指标1：", "（一）", "附件1"]).map(lambda s: "\t" + s),
)
word_export = st.builds(
    lambda lines, newline: newline.join(lines), st.lists(_line, max_size=120), st.sampled_from(["\n", "\r\n", "\r"])
)
long_line = st.builds(lambda unit, times, tabs: "\t" * tabs + unit * times,
                      st.text(alphabet=st.sampled_from(_CJK[:200] + _SIGNS), min_size=1, max_size=30),
                      st.integers(200, 3000), st.integers(0, 1))
any_text = st.one_of(st.text(max_size=2000), word_export, long_line)


def _read_text_ok(text: str) -> Report:
    try:
        report = read_text(text)
    except EmptyFileError:
        # The one refusal allowed: nothing but white space is an empty report, as for files.
        assert not text.strip()
        return None
    assert isinstance(report, Report)
    check_report(report)
    return report


@TEXT
@given(text=any_text)
def test_read_text_never_raises(text):
    _read_text_ok(text)


@TEXT
@given(text=any_text)
def test_extract_claims_never_raises_and_offsets_hold(text):
    check_claims(text, extract_claims(text))


@FAST
@given(lines=st.lists(_seed_line, min_size=1, max_size=60), seed=st.sampled_from(SEEDS))
def test_seed_fragments_read_with_valid_offsets(lines, seed):
    """Real report lines, recombined: the reader recovers what it can, offsets stay true."""
    text = seed.read_text(encoding="utf-8")[:2000] + "\n" + "\n".join(lines)
    report = _read_text_ok(text)
    assume(report is not None)
    for indicator in report.indicators:
        if indicator.start >= 0:
            assert indicator.start <= indicator.end <= len(report.text), indicator


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_narrative_offsets_index_the_text(seed):
    report = read_text(seed.read_text(encoding="utf-8"))
    assert report.narratives, "every seed has narrative paragraphs"
    check_report(report)


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_claims_offsets(seed):
    text = seed.read_text(encoding="utf-8")
    claims = extract_claims(text)
    assert claims, "every seed states figures"
    check_claims(text, claims)

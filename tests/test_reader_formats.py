"""The same report in other files gives the same indicators: the seeds re-encoded
(GB18030, UTF-16, UTF-8 with BOM) and rebuilt as real .docx tables with merged cells;
.xlsx/.csv indicator tables with shuffled columns; the Shenzhen CSV; a PDF text layer."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import SEEDS, SHENZHEN_CSV
from nlp.reader import read_report

GOLDEN_DIR = Path(__file__).parent / "golden" / "reader"
FIELDS = ("id", "table", "level1", "stated_category", "name", "target", "actual", "weight", "score",
          "deviation_note", "project")


def _rows(report) -> list[tuple]:
    return [tuple(getattr(i, f) for f in FIELDS) for i in report.indicators]


_txt_cache: dict[Path, object] = {}


def txt_report(seed: Path):
    if seed not in _txt_cache:
        _txt_cache[seed] = read_report(seed)
    return _txt_cache[seed]


# -- encodings ------------------------------------------------------------------------
ENCODINGS = [("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"),
             ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")]  # the last two: UTF-16 without a BOM


@pytest.mark.parametrize("codec,reported", ENCODINGS, ids=[e[0] for e in ENCODINGS])
@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem[:3] for s in SEEDS])
def test_reencoded_seed_gives_same_report(tmp_path, seed, codec, reported):
    text = seed.read_text(encoding="utf-8")
    path = tmp_path / f"{seed.stem}.txt"
    path.write_bytes(text.encode(codec))
    report, original = read_report(path), txt_report(seed)
    assert report.encoding == reported
    assert _rows(report) == _rows(original)
    assert [(i.start, i.end) for i in report.indicators] == [(i.start, i.end) for i in original.indicators]
    assert report.narratives == original.narratives


def test_crlf_text_reads_like_lf(tmp_path):
    seed = SEEDS[2]
    path = tmp_path / "crlf.txt"
    path.write_bytes(seed.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gbk"))
    assert _rows(read_report(path)) == _rows(txt_report(seed))


# -- .docx rebuilt from the seeds -----------------------------------------------------
def _carried_columns(rows) -> dict[int, tuple[int, list[int]]]:
    """For each header row of an indicator table in a grid: the width of its data
    rows and their 一级/二级 columns."""
    from nlp.reader.layouts import detect_header

    out = {}
    for r, row in enumerate(rows):
        header = detect_header(row)
        if header is None or header[0] not in ("indicators", "old_indicators") or r + 1 >= len(rows):
            continue
        kind, roles = header
        width = len(rows[r + 1].cells)
        if kind == "old_indicators":
            out[r] = (width, [width - 4, width - 3])
        else:
            offset = width - len(row.cells)
            out[r] = (width, [roles[k] + offset for k in ("level1", "level2") if k in roles])
    return out


def build_docx(seed: Path, path: Path) -> int:
    """Rebuild a seed as a Word document with real tables; the 一级/二级 cells the txt
    shows empty under a filled one become vertical merges. Returns the merges made."""
    import docx

    from nlp.reader.grid import Line
    from nlp.reader.txt import parse_txt

    document = docx.Document()
    merges = 0
    for block in parse_txt(seed.read_text(encoding="utf-8")):
        if isinstance(block, Line):
            document.add_paragraph(block.text)
            continue
        width = max(len(row.cells) for row in block.rows)
        table = document.add_table(rows=len(block.rows), cols=width)
        for r, row in enumerate(block.rows):
            targets = table.rows[r].cells  # one pass per row: table.cell() rescans the table
            for c, cell in enumerate(row.cells):
                target = targets[c]
                lines = [line.text for line in cell.lines]
                target.paragraphs[0].text = lines[0] if lines else ""
                for extra in lines[1:]:
                    target.add_paragraph(extra)
            if 0 < len(row.cells) < width:
                targets[len(row.cells) - 1].merge(targets[width - 1])
        for h, (data_width, columns) in _carried_columns(block.rows).items():
            run_end = h + 1
            while run_end < len(block.rows) and len(block.rows[run_end].cells) == data_width:
                run_end += 1
            for c in columns:
                top = None
                for r in range(h + 1, run_end + 1):
                    empty = r < run_end and not block.rows[r].cells[c].lines
                    if empty and top is not None:
                        continue
                    if top is not None and r - 1 > top:
                        table.cell(top, c).merge(table.cell(r - 1, c))
                        merges += 1
                    top = r if r < run_end and not empty else None
    document.save(str(path))
    return merges


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory) -> dict[str, tuple[Path, int]]:
    folder = tmp_path_factory.mktemp("docx")
    built = {}
    for seed in SEEDS:
        path = folder / f"{seed.stem}.docx"
        built[seed.stem] = (path, build_docx(seed, path))
    return built


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem[:3] for s in SEEDS])
def test_docx_gives_same_indicators_as_txt(seed_docx, seed):
    path, merges = seed_docx[seed.stem]
    assert merges > 0, "the fixture should exercise vertical merges"
    report, original = read_report(path), txt_report(seed)
    assert _rows(report) == _rows(original)
    assert report.targets == original.targets
    assert report.scoring == original.scoring
    assert report.funds == original.funds
    assert (report.overall_score, report.grade, report.kind) == (original.overall_score, original.grade, original.kind)


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem[:3] for s in SEEDS])
def test_docx_offsets_index_its_text(seed_docx, seed):
    report = read_report(seed_docx[seed.stem][0])
    assert report.narratives
    assert all(report.text[p.start : p.end] == p.text for p in report.narratives)
    for indicator in report.indicators:
        assert indicator.name[:4] in report.text[indicator.start : indicator.end].replace("\n", "")
    assert [p.text for p in report.narratives] == [p.text for p in txt_report(seed).narratives]


def test_docx_vertical_merge_is_read_as_empty_cell(seed_docx):
    import docx

    document = docx.Document(str(seed_docx[SEEDS[3].stem][0]))
    continued = sum(1 for t in document.tables for tr in t._tbl.tr_lst for tc in tr.tc_lst if tc.vMerge == "continue")
    assert continued > 10
    level1 = [i.level1 for i in read_report(seed_docx[SEEDS[3].stem][0]).indicators[:7]]
    assert level1 == ["产出指标(50分)"] * 7


# -- .xlsx / .csv indicator tables ----------------------------------------------------
PROJECT = json.loads((GOLDEN_DIR / f"{SEEDS[3].stem}.json").read_text(encoding="utf-8"))["indicators"][12:]
SHUFFLED = ["得分", "三级指标", "一级指标", "实际完成值", "二级指标", "分值", "年度指标值", "偏差原因分析及改进措施"]
KEY = {"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "年度指标值": "target", "实际完成值": "actual",
       "分值": "weight", "得分": "score", "偏差原因分析及改进措施": "deviation_note"}


def _sheet_rows() -> list[list[str]]:
    """The project table of seed 003, 一级/二级 written once per group (blank below)."""
    rows, last = [], {}
    for row in PROJECT:
        values = {"level1": row["level1"] or "", "level2": row["stated_category"] or "", "name": row["name"],
                  "target": row["target"], "actual": row["actual"], "weight": row["weight"], "score": row["score"],
                  "deviation_note": row["deviation_note"] or ""}
        shown = dict(values)
        for key in ("level1", "level2"):
            if values[key] and values[key] == last.get(key) and (key == "level1" or values["level1"] == last.get("level1")):
                shown[key] = ""
        last = values
        rows.append([shown[KEY[h]] for h in SHUFFLED])
    return rows


def _expected() -> list[tuple]:
    return [(r["level1"], r["stated_category"], r["name"], r["target"], r["actual"], Decimal(r["weight"]),
             Decimal(r["score"])) for r in PROJECT]


def _got(report) -> list[tuple]:
    return [(i.level1, i.stated_category, i.name, i.target, i.actual, i.weight, i.score) for i in report.indicators]


def test_xlsx_with_merged_cells_and_shuffled_columns(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2023年度项目支出绩效自评表"])
    sheet.append(SHUFFLED)
    body = _sheet_rows()
    for row in body:
        sheet.append([float(v) if v.isdigit() else v for v in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # "=100%" is text in the report, not a formula
    # merge each 一级/二级 group down its blank cells, as Excel templates do
    for header in ("一级指标", "二级指标"):
        column = SHUFFLED.index(header) + 1
        top = None
        for r in range(len(body) + 1):
            value = body[r][column - 1] if r < len(body) else "end"
            if value and top is not None and r - 1 > top:
                sheet.merge_cells(start_row=top + 3, start_column=column, end_row=r - 1 + 3, end_column=column)
            if value:
                top = r if r < len(body) and body[r][column - 1] else None
    assert sheet.merged_cells.ranges, "the fixture should hold merged cells"
    path = tmp_path / "targets.xlsx"
    workbook.save(path)
    report = read_report(path)
    assert report.kind == "indicator_table"
    assert _got(report) == _expected()


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "utf-8-sig"])
def test_csv_with_shuffled_columns(tmp_path, codec):
    path = tmp_path / "targets.csv"
    with open(path, "w", encoding=codec, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(SHUFFLED)
        writer.writerows(_sheet_rows())
    report = read_report(path)
    assert report.kind == "indicator_table"
    assert _got(report) == _expected()


@pytest.mark.skipif(not SHENZHEN_CSV.exists(), reason="../shared/corpus/shenzhen_targets/indicators.csv not present")
def test_shenzhen_csv_has_2394_indicator_rows():
    report = read_report(SHENZHEN_CSV)
    assert report.kind == "indicator_table"
    assert len(report.indicators) == 2394
    assert {i.level1 for i in report.indicators} == {"产出", "效益", "满意度"}
    assert report.indicators[0].stated_category == "数量" and report.indicators[0].target == "1处"
    assert report.indicators[0].project == "440306231391500000173"


# -- .pdf with a text layer -----------------------------------------------------------
def make_pdf(path: Path, text: str = "") -> Path:
    """A one-page PDF; with ``text`` it has a text layer, without it is like a scan."""
    content = f"BT /F1 18 Tf 72 700 Td ({text}) Tj ET".encode() if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_pdf_text_layer_becomes_narrative(tmp_path):
    report = read_report(make_pdf(tmp_path / "report.pdf", "Budget execution reached 98 percent."))
    assert [p.text for p in report.narratives] == ["Budget execution reached 98 percent."]
    assert report.indicators == ()


# -- a header on two rows ("绩效指标" merged over 一级/二级/三级, the rest merged down) --
def _two_row_header() -> tuple[list[str], list[str]]:
    upper, lower, grouped = [], [], False
    for name in SHUFFLED:
        if name in ("一级指标", "二级指标", "三级指标"):
            upper.append("" if grouped else "绩效指标")
            lower.append(name)
            grouped = True
        else:
            upper.append(name)
            lower.append("")
    return upper, lower


def test_csv_with_a_two_row_header(tmp_path):
    path = tmp_path / "targets.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerows(_two_row_header())
        writer.writerows(_sheet_rows())
    report = read_report(path)
    assert _got(report) == _expected()


def test_xlsx_with_a_two_row_header_of_merged_cells(tmp_path):
    import openpyxl
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    upper, lower = _two_row_header()
    sheet.append(upper)
    sheet.append(lower)
    for row in _sheet_rows():
        sheet.append([float(v) if v.isdigit() else v for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for c, (up, low) in enumerate(zip(upper, lower), 1):
        if not low:
            sheet.merge_cells(f"{get_column_letter(c)}1:{get_column_letter(c)}2")
    # "绩效指标" spans the first run of 一级/二级/三级 columns (they need not be adjacent)
    first = next(c for c, low in enumerate(lower, 1) if low)
    last = first
    while last < len(lower) and lower[last]:
        last += 1
    if last > first:
        sheet.merge_cells(f"{get_column_letter(first)}1:{get_column_letter(last)}1")
    assert len(sheet.merged_cells.ranges) >= 5
    path = tmp_path / "targets.xlsx"
    workbook.save(path)
    assert _got(read_report(path)) == _expected()


# -- .docx forms: the indicator table inside a cell of an outer table, inside a
# content control (w:sdt), or filled in with tracked changes --------------------------
def _project_table_docx(path: Path, wrap: str) -> Path:
    import docx
    from docx.oxml import OxmlElement

    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    order = [SHUFFLED.index(h) for h in header]
    rows = [header] + [[row[k] for k in order] for row in _sheet_rows()]
    document = docx.Document()
    document.add_paragraph("2023年度项目支出绩效自评表")
    if wrap == "nested":
        outer = document.add_table(rows=1, cols=1)
        holder = outer.cell(0, 0)
        holder.paragraphs[0].text = "绩效指标"
        table = holder.add_table(rows=len(rows), cols=len(header))
    else:
        table = document.add_table(rows=len(rows), cols=len(header))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    if wrap == "tracked-changes":
        # every body cell's value is a tracked insertion replacing a deleted old value
        from docx.oxml import parse_xml

        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        for r, values in enumerate(rows[1:], 1):
            for c, value in enumerate(values):
                paragraph = table.cell(r, c).paragraphs[0]
                paragraph.text = ""
                paragraph._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="r"><w:r><w:delText>旧值</w:delText></w:r></w:del>'))
                if value:
                    paragraph._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="r"><w:r><w:t>{value}</w:t></w:r></w:ins>'))
    if wrap == "content-control":
        sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
        table._tbl.addprevious(sdt)
        content.append(table._tbl)
        sdt.append(content)
    document.add_paragraph("一、项目概况")
    document.add_paragraph("本项目全年执行资金373万元。")
    document.save(str(path))
    return path


@pytest.mark.parametrize("wrap", ["nested", "content-control", "tracked-changes"])
def test_docx_indicator_table_in_a_wrapper(tmp_path, wrap):
    report = read_report(_project_table_docx(tmp_path / f"{wrap}.docx", wrap))
    assert _got(report) == _expected()
    assert [p.text for p in report.narratives][-1] == "本项目全年执行资金373万元。"
    assert all(report.text[p.start : p.end] == p.text for p in report.narratives)
    for indicator in report.indicators:
        assert indicator.name[:4] in report.text[indicator.start : indicator.end].replace("\n", "")


# -- a PDF printed from a real table (needs headless Chromium, as the HTML test) -----
def _font_files(query: str) -> set[str]:
    """The font files fontconfig lists for ``query`` (none without fontconfig)."""
    import subprocess

    try:
        out = subprocess.run(["fc-list", query, "file"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        return set()
    return {line.split(":")[0].strip() for line in out.splitlines() if line.strip()}


def _fonts_without_chinese(folder: Path) -> dict[str, str]:
    """An environment in which fontconfig sees only fonts that cannot draw Chinese."""
    import os

    latin = sorted(_font_files(":lang=en") - _font_files(":lang=zh"))
    if not latin:
        pytest.skip("no font without Chinese glyphs to print with")
    fonts = folder / "fonts"
    fonts.mkdir()
    for i, font in enumerate(latin):
        (fonts / f"{i}{Path(font).suffix}").symlink_to(font)
    conf = folder / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir><cachedir>{folder / "cache"}</cachedir></fontconfig>',
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def _print_pdf(html: str, folder: Path, env: dict[str, str] | None = None) -> Path:
    import shutil
    import subprocess

    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("no headless Chromium to print a PDF with (make test installs it when root)")
    source, target = folder / "table.html", folder / "table.pdf"
    source.write_text(html, encoding="utf-8")
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={target}", source.as_uri()],
        capture_output=True, timeout=120, check=False, env=env,
    )
    if not target.exists():
        pytest.skip("Chromium could not print a PDF here")
    return target


def _table_page() -> str:
    import html as html_lib

    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    order = [SHUFFLED.index(h) for h in header]
    rows = [header] + [[row[k] for k in order] for row in _sheet_rows()]
    cells = "".join("<tr>" + "".join(f"<td>{html_lib.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return (
        "<html><head><meta charset='utf-8'><style>td{border:1px solid #000;padding:2px;font-size:10px}"
        "table{border-collapse:collapse}</style></head><body><p>项目支出绩效自评表</p>"
        f"<table>{cells}</table><p>一、项目基本情况</p><p>本项目全年执行资金373万元。</p></body></html>"
    )


def test_pdf_table_gives_the_indicators_once(tmp_path, caplog):
    if not _font_files(":lang=zh"):
        pytest.skip("no Chinese font: Chromium would print glyphs without text (make test installs fonts-wqy-zenhei when root)")
    report = read_report(_print_pdf(_table_page(), tmp_path))
    assert _got(report) == _expected()
    # the table's words are its grid, not narrative paragraphs as well
    assert [p.text for p in report.narratives] == ["本项目全年执行资金373万元。"]
    assert not [r for r in caplog.records if r.name.startswith("pdfminer") and r.levelno >= 30]


def test_pdf_whose_fonts_map_no_characters_is_refused(tmp_path):
    # Printed with no font that can draw Chinese, the PDF's text layer is glyph ids
    # ("(cid:0)"): nothing to read, so one clear error instead of an empty report.
    from nlp.errors import UnsupportedFormatError

    pdf = _print_pdf(_table_page(), tmp_path, env=_fonts_without_chinese(tmp_path))
    with pytest.raises(UnsupportedFormatError) as error:
        read_report(pdf)
    assert "(cid:" in str(error.value) and "table.pdf" in str(error.value)


@pytest.mark.parametrize(
    "texts, share",
    [
        (["项目支出绩效自评表"], 0.0),
        (["(cid:0)(cid:0)(cid:0)"], 1.0),
        (["(cid:12)(cid:7) 12"], 0.5),
        ([], 0.0),
    ],
)
def test_unmapped_share(texts, share):
    from nlp.reader.pdf import unmapped_share

    assert unmapped_share(texts) == pytest.approx(share)

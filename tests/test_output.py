"""Every output format of ``classify``: the same fields, from the same flattening.

Writers are checked on a Report built by hand from seed 003's rows (conftest
``handmade_report``) and end to end on the real seeds through the full pipeline.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from nlp.cli import app
from nlp.output import rows as rows_mod
from nlp.output.csv_out import BOM, safe_cell, write_csv
from nlp.output.json_out import write_json, write_jsonl
from nlp.output.rows import INDICATOR_COLUMNS, SUMMARY_COLUMNS, indicator_rows, summary_row
from nlp.output.table import write_table
from nlp.serialize import report_to_dict

from conftest import SEEDS, handmade_report

REPORT_KEYS = ("path", "kind", "indicators", "targets", "scoring", "narratives", "claims", "flags", "summary")
INDICATOR_KEYS = (
    "id",
    "table",
    "level1",
    "stated_category",
    "name",
    "target",
    "actual",
    "weight",
    "score",
    "deviation_note",
    "category",
    "subcategory",
    "confidence",
    "target_claims",
    "actual_claims",
    "flags",
)
SEED_IDS = [p.name[:3] for p in SEEDS]


def invoke(args):
    return CliRunner().invoke(app, ["classify", *map(str, args)])


@pytest.fixture(scope="module")
def jsonl_by_seed() -> dict:
    """``classify --format jsonl`` on each seed, through the real pipeline, once."""
    out = {}
    for path in SEEDS:
        result = invoke([path, "--format", "jsonl"])
        assert result.exit_code == 0, result.output
        out[path.name[:3]] = result.stdout
    return out


@pytest.fixture
def hand():
    return report_to_dict(handmade_report())


# --- the flattening every tabular format shares -----------------------------------------
def test_indicator_rows_have_the_columns(hand):
    assert [list(r) for r in indicator_rows(hand)] == [list(INDICATOR_COLUMNS)] * len(hand["indicators"])


@pytest.mark.parametrize(
    "ind_id, expected",
    [
        ("7", "vague_target(high): 目标“效果明显”没有可衡量的数值、日期或等级"),
        ("1", "overshoot(low): 实际完成20次，超过目标12次的1.2倍，目标可能定得过低"),
        ("4", ""),
    ],
    ids=["three-flags", "one-flag", "no-flag"],
)
def test_flags_as_text(hand, ind_id, expected):
    row = next(r for r in indicator_rows(hand) if r["id"] == ind_id)
    assert row["flags"].split("\n")[0] == expected


@pytest.mark.parametrize(
    "ind_id, expected", [("7", "high"), ("1", "low"), ("4", None)], ids=["high", "low", "none"]
)
def test_max_severity(hand, ind_id, expected):
    assert next(r for r in indicator_rows(hand) if r["id"] == ind_id)["max_severity"] == expected


def test_claims_as_text(hand):
    row = next(r for r in indicator_rows(hand) if r["id"] == "3")
    assert (row["target_claims"], row["actual_claims"]) == ("≥60次", "70次")


def test_summary_row(hand):
    row = summary_row(hand)
    assert list(row) == list(SUMMARY_COLUMNS)
    assert (row["indicators"], row["high"], row["medium"], row["low"]) == (9, 4, 1, 1)
    assert row["report_flags"].startswith("missing_category(medium)")


@pytest.mark.parametrize("threshold, expected", [("high", True), ("medium", True), ("low", True)])
def test_reaches(hand, threshold, expected):
    assert rows_mod.reaches(hand, threshold) is expected


def test_reaches_nothing_when_unflagged():
    import dataclasses

    report = handmade_report()
    clean = dataclasses.replace(
        report, flags=(), indicators=tuple(dataclasses.replace(i, flags=()) for i in report.indicators)
    )
    assert not rows_mod.reaches(clean, "low")


# --- json / jsonl ---------------------------------------------------------------------------
def test_jsonl_writer_one_line_per_report(hand):
    stream = io.StringIO()
    write_jsonl([hand, hand], stream)
    assert [json.loads(line)["path"] for line in stream.getvalue().splitlines()] == [hand["path"]] * 2


def test_json_writer_is_an_array(hand):
    stream = io.StringIO()
    write_json([hand], stream)
    assert json.loads(stream.getvalue())[0]["indicators"][0]["name"] == "积极开展理论学习.培训"


@pytest.mark.parametrize("seed", SEED_IDS)
def test_jsonl_one_object_per_file(jsonl_by_seed, seed):
    assert len(jsonl_by_seed[seed].splitlines()) == 1


@pytest.mark.parametrize("seed", SEED_IDS)
@pytest.mark.parametrize("key", REPORT_KEYS)
def test_jsonl_report_keys(jsonl_by_seed, seed, key):
    assert key in json.loads(jsonl_by_seed[seed])


@pytest.mark.parametrize("seed", SEED_IDS)
def test_jsonl_indicator_keys(jsonl_by_seed, seed):
    indicators = json.loads(jsonl_by_seed[seed])["indicators"]
    assert indicators, "the seed has indicator rows"
    assert all(set(INDICATOR_KEYS) <= set(ind) for ind in indicators)


@pytest.mark.parametrize("seed", SEED_IDS)
def test_jsonl_indicators_are_classified(jsonl_by_seed, seed):
    indicators = json.loads(jsonl_by_seed[seed])["indicators"]
    assert any(ind["category"] for ind in indicators)


@pytest.mark.parametrize("seed", SEED_IDS)
def test_jsonl_summary_counts_indicators(jsonl_by_seed, seed):
    data = json.loads(jsonl_by_seed[seed])
    assert data["summary"]["indicators"] == len(data["indicators"])


# --- csv ------------------------------------------------------------------------------------
def test_csv_writer_bom_and_header(hand):
    stream = io.StringIO(newline="")
    write_csv([hand], stream)
    text = stream.getvalue()
    assert text.startswith(BOM)
    table = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert len(table) == 9 and table[6]["name"] == "服务经济社会发展"


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-5%", "-5%"),
        ("-", "-"),
        ("≥95%", "≥95%"),
        (5, 5),
    ],
    ids=["equals", "at", "plus-cmd", "negative-number", "dash-placeholder", "comparator", "number"],
)
def test_csv_formula_guard(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("seed", SEED_IDS)
def test_csv_cli_matches_jsonl(tmp_path, jsonl_by_seed, seed):
    path = next(p for p in SEEDS if p.name.startswith(seed))
    out = tmp_path / "out.csv"
    result = invoke([path, "--format", "csv", "-o", out])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    expected = json.loads(jsonl_by_seed[seed])["indicators"]
    assert [r["name"] for r in table] == [i["name"] for i in expected]


# --- xlsx -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    import openpyxl

    out = tmp_path_factory.mktemp("xlsx") / "review.xlsx"
    result = invoke([*SEEDS, "-o", out])  # format from the suffix
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def test_xlsx_sheets(workbook):
    assert workbook.sheetnames == ["summary", "indicators"]


@pytest.mark.parametrize("sheet, columns", [("summary", SUMMARY_COLUMNS), ("indicators", INDICATOR_COLUMNS)])
def test_xlsx_header(workbook, sheet, columns):
    assert tuple(c.value for c in workbook[sheet][1]) == columns


@pytest.mark.parametrize("sheet", ["summary", "indicators"])
def test_xlsx_frozen_header(workbook, sheet):
    assert workbook[sheet].freeze_panes == "A2"


@pytest.mark.parametrize("sheet", ["summary", "indicators"])
def test_xlsx_autofilter(workbook, sheet):
    ws = workbook[sheet]
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"


@pytest.mark.parametrize("sheet", ["summary", "indicators"])
def test_xlsx_column_widths(workbook, sheet):
    ws = workbook[sheet]
    assert all(ws.column_dimensions[c.column_letter].width > 5 for c in ws[1])


def test_xlsx_one_row_per_report(workbook):
    assert workbook["summary"].max_row - 1 == len(SEEDS)


def test_xlsx_one_row_per_indicator(workbook, jsonl_by_seed):
    expected = sum(len(json.loads(line)["indicators"]) for line in jsonl_by_seed.values())
    assert workbook["indicators"].max_row - 1 == expected


def test_xlsx_high_rows_highlighted(workbook):
    ws = workbook["indicators"]
    col = INDICATOR_COLUMNS.index("max_severity") + 1
    high = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value == "high"]
    assert high, "the seeds have high-severity flags"
    assert all(ws.cell(r, 1).fill.fgColor.rgb.endswith("F8CBAD") for r in high)


def test_xlsx_needs_output():
    result = invoke([SEEDS[0], "--format", "xlsx"])
    assert result.exit_code == 2
    assert "-o" in result.output


def test_xlsx_text_never_becomes_a_formula(tmp_path):
    import dataclasses

    import openpyxl

    from nlp.output.xlsx import write_xlsx

    report = handmade_report()
    first = dataclasses.replace(report.indicators[0], name='=HYPERLINK("http://x","y")')
    write_xlsx([report_to_dict(dataclasses.replace(report, indicators=(first,)))], tmp_path / "f.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "f.xlsx")["indicators"].cell(
        2, INDICATOR_COLUMNS.index("name") + 1
    )
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://x","y")')


# --- the pandas frame -------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEED_IDS)
def test_frame_one_row_per_indicator(jsonl_by_seed, seed):
    import nlp

    path = next(p for p in SEEDS if p.name.startswith(seed))
    frame = nlp.classify_reports(path)
    assert list(frame.columns) == list(INDICATOR_COLUMNS)
    assert frame["name"].tolist() == [i["name"] for i in json.loads(jsonl_by_seed[seed])["indicators"]]


def test_frame_raises_on_unreadable(tmp_path):
    import nlp
    from nlp.errors import InputError

    with pytest.raises(InputError, match="missing.txt"):
        nlp.classify_reports([SEEDS[0], tmp_path / "missing.txt"])


def test_frame_skip_lists_errors(tmp_path):
    import nlp

    frame = nlp.classify_reports([SEEDS[0], tmp_path / "missing.txt"], errors="skip")
    assert len(frame) > 0 and [p for p, _ in frame.attrs["errors"]] == [str(tmp_path / "missing.txt")]


# --- table ------------------------------------------------------------------------------------
def test_table_worst_first(hand):
    stream = io.StringIO()
    write_table([hand], stream, color=False, width=160)
    text = stream.getvalue()
    assert text.index("服务经济社会发展") < text.index("稿件合格率")


def test_table_strips_control_characters():
    import dataclasses

    report = handmade_report()
    first = dataclasses.replace(report.indicators[0], name="\x1b[2J\x1b[31m清屏")
    stream = io.StringIO()
    write_table(
        [report_to_dict(dataclasses.replace(report, indicators=(first,)))], stream, color=False, width=160
    )
    assert "\x1b" not in stream.getvalue() and "[2J[31m清屏" in stream.getvalue()


@pytest.mark.parametrize("seed", SEED_IDS)
def test_table_cli_shows_report(seed):
    path = next(p for p in SEEDS if p.name.startswith(seed))
    result = invoke([path, "--format", "table"])
    assert result.exit_code == 0, result.output
    assert path.name in result.stdout.replace("\n", "")


def test_table_batch_has_summary():
    result = invoke([*SEEDS, "--format", "table"])
    assert result.exit_code == 0, result.output
    assert f"{len(SEEDS)} 份报告" in result.stdout


@pytest.mark.parametrize(
    "suffix, marker",
    [(".jsonl", "{"), (".json", "["), (".csv", BOM), (".html", "<!DOCTYPE html>")],
    ids=["jsonl", "json", "csv", "html"],
)
def test_format_from_output_suffix(tmp_path, suffix, marker):
    out = tmp_path / f"out{suffix}"
    result = invoke([SEEDS[0], "-o", out])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(marker)


@pytest.mark.parametrize(
    "text, expected",
    [("目标" * 40, "目标" * 40), ("目标" * 41, "目标" * 39 + "目…"), (None, "")],
    ids=["at-limit", "over-limit", "none"],
)
def test_table_clips_long_cells(text, expected):
    from nlp.output.table import clip

    assert clip(text) == expected


# --- evidence: a reviewer sees what text triggered each flag -------------------------------------
# Flags as the seeds produce them (003's claims_conflict, 002's vague_target on 四个“大格局”).
_CONFLICT = {
    "code": "claims_conflict",
    "severity": "high",
    "message": "同一事项前后数字不一致：56件与115件",
    "evidence": "56件区委常委会及区委主要领导批示、口头交办重点任务 ↔ 115件区委常委会及区委主要领导批示、口头交办的重点任务",
    "field": "narrative",
}
_VAGUE = {"code": "vague_target", "severity": "high", "message": "目标值没有数量、比例、金额、时间或等级，无法据以评价",
          "evidence": "不断优化", "field": "target"}
_BENEFITS = {"code": "missing_category", "severity": "medium", "message": "效益指标4个全部是定性描述，没有一个可衡量的效益目标",
             "evidence": "服务经济社会发展：效果明显；服务经济社会发展：效果明显；服务生态环保提升：效果明显；服务社会可持续性发展：效果明显；"
                         "进一步提升工作质量、优化党委办公环境：效果明显", "field": "report"}
_COPIED = {"code": "vague_actual", "severity": "high", "message": "实际完成值只写了“完成”，没有说完成了多少",
           "evidence": "完成", "field": "actual"}


@pytest.mark.parametrize(
    "flag, expected",
    [
        (_VAGUE, "vague_target(high): 目标值没有数量、比例、金额、时间或等级，无法据以评价〔不断优化〕"),
        (_COPIED, "vague_actual(high): 实际完成值只写了“完成”，没有说完成了多少"),
        (_CONFLICT, "claims_conflict(high): 同一事项前后数字不一致：56件与115件〔56件区委常委会及区委主要领导批示、口头交办重点任务 ↔ "
                    "115件区委常委会及区委主要领导批示、口头交办的重点任务〕"),
        (_BENEFITS, "missing_category(medium): 效益指标4个全部是定性描述，没有一个可衡量的效益目标〔服务经济社会发展：效果明显；"
                    "服务经济社会发展：效果明显；服务生态环保提升：效果明显；服务社会可持续性发展：效果明显；进一步提升工作质量、优化党委办公环境：效果…〕"),
    ],
    ids=["evidence-quoted", "evidence-in-message-not-repeated", "conflict-both-sides", "long-evidence-clipped"],
)
def test_flag_text_quotes_evidence(flag, expected):
    assert rows_mod.flag_text(flag) == expected


def test_table_report_flags_quote_evidence(hand):
    data = {**hand, "flags": [_CONFLICT]}
    stream = io.StringIO()
    write_table([data], stream, color=False, width=200)
    assert "口头交办重点任务 ↔" in stream.getvalue().replace("\n", "")


def test_table_does_not_repeat_evidence_shown_in_a_cell(hand):
    stream = io.StringIO()
    write_table([hand], stream, color=False, width=200)
    # 003's "效果明显" is both the target cell and the vague_target evidence: quoted once only
    assert "〔效果明显〕" not in stream.getvalue()

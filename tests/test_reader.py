"""The reader on the real seed reports: every indicator row against hand-checked golden
files, plus goals, tasks, scoring/funds rows, score, grade and narrative offsets."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from nlp.reader import read_report, read_text

GOLDEN_DIR = Path(__file__).parent / "golden" / "reader"
GOLDEN = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN_DIR.glob("*.json"))}
SEED_BY_STEM = {p.stem: p for p in SEEDS}
FIELDS = ("id", "level1", "stated_category", "name", "target", "actual", "weight", "score", "deviation_note", "project")
EXPECTED_COUNTS = {"000": 6, "001": 12, "002": 9, "003": 23}

_cache: dict[str, object] = {}


def report_of(stem: str):
    if stem not in _cache:
        _cache[stem] = read_report(SEED_BY_STEM[stem])
    return _cache[stem]


def _as_golden(indicator) -> dict:
    row = {f: getattr(indicator, f) for f in FIELDS}
    for key in ("weight", "score"):
        row[key] = None if row[key] is None else str(row[key])
    return row


def test_every_seed_has_a_golden_file():
    assert sorted(GOLDEN) == sorted(SEED_BY_STEM)


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_indicator_count_matches_the_issue(stem):
    assert len(report_of(stem).indicators) == EXPECTED_COUNTS[stem[:3]]


def test_fifty_indicators_in_all():
    assert sum(len(report_of(stem).indicators) for stem in GOLDEN) == 50


GOLDEN_ROWS = [
    pytest.param(stem, k, id=f"{stem[:3]}-{row['id']}")
    for stem, data in sorted(GOLDEN.items())
    for k, row in enumerate(data["indicators"])
]


@pytest.mark.parametrize("stem,k", GOLDEN_ROWS)
def test_indicator_row_matches_golden(stem, k):
    expected = GOLDEN[stem]["indicators"][k]
    assert _as_golden(report_of(stem).indicators[k]) == expected


GOLDEN_TARGETS = [
    pytest.param(stem, k, id=f"{stem[:3]}-{t['id']}")
    for stem, data in sorted(GOLDEN.items())
    for k, t in enumerate(data["targets"])
]


@pytest.mark.parametrize("stem,k", GOLDEN_TARGETS)
def test_goal_or_task_matches_golden(stem, k):
    target = report_of(stem).targets[k]
    expected = GOLDEN[stem]["targets"][k]
    assert {"id": target.id, "kind": target.kind, "text": target.text, "actual": target.actual} == expected


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_counts_score_grade_and_kind(stem):
    report, data = report_of(stem), GOLDEN[stem]
    counts = {
        "indicators": len(report.indicators),
        "goals": sum(t.kind == "goal" for t in report.targets),
        "tasks": sum(t.kind == "task" for t in report.targets),
        "scoring": len(report.scoring),
        "funds": len(report.funds),
    }
    assert counts == data["counts"]
    assert (str(report.overall_score) if report.overall_score is not None else None) == data["overall_score"]
    assert report.grade == data["grade"]
    assert report.kind == data["kind"] == "department_report"


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_scoring_and_funds_rows_match_golden(stem):
    report, data = report_of(stem), GOLDEN[stem]
    scoring = [{"criterion": s.criterion, "weight": s.weight and str(s.weight), "score": s.score and str(s.score)}
               for s in report.scoring]
    assert scoring == data["scoring"]
    assert [f.item for f in report.funds] == [f["item"] for f in data["funds"]]


def test_scoring_rows_are_kept_apart_from_indicators():
    report = report_of(SEEDS[1].stem)
    criteria = {s.criterion for s in report.scoring}
    assert "财政供养人员控制率" in criteria
    assert not criteria & {i.name for i in report.indicators}
    assert {t.kind for t in report.tables} >= {"indicators", "scoring", "targets", "other"}
    first = report.scoring[0]
    assert (first.level1, first.level2, first.weight, first.score) == ("投  入（15分）", "预算配置（15分）", 5, 5)


def test_funds_row_of_the_department_table():
    funds = report_of(SEEDS[3].stem).funds[0]
    assert (funds.item, funds.initial_budget, funds.full_year_budget, funds.executed) == (
        "年度资金总额", Decimal("1105.56"), Decimal("1013.19"), Decimal("1013.19"))
    assert (funds.weight, funds.execution_rate, funds.score) == (10, 100, 10)


def test_work_area_kept_as_stated_category():
    indicator = report_of(SEEDS[0].stem).indicators[0]
    assert indicator.stated_category == "机关党建"
    assert indicator.level1.startswith("产出目标")


def test_placeholder_row_is_an_indicator():
    names = [(i.stated_category, i.name, i.actual) for i in report_of(SEEDS[1].stem).indicators]
    assert ("生态效益", "无此目标", "无此目标") in names


def test_project_table_indicators_name_their_project():
    report = report_of(SEEDS[3].stem)
    assert {i.project for i in report.indicators} == {None, "区委办专项"}
    assert [t.project for t in report.tables if t.kind == "indicators"] == [None, "区委办专项"]


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_indicator_ids_unique_and_offsets_locate_the_row(stem):
    report = report_of(stem)
    assert len({i.id for i in report.indicators}) == len(report.indicators)
    for indicator in report.indicators:
        assert 0 <= indicator.start < indicator.end <= len(report.text)
        assert indicator.name[:4] in report.text[indicator.start : indicator.end].replace("\n", "")


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_narrative_offsets_index_the_text(stem):
    report = report_of(stem)
    assert report.narratives
    assert all(report.text[p.start : p.end] == p.text for p in report.narratives)


def test_narrative_sections_are_the_nearest_heading():
    report = report_of(SEEDS[3].stem)
    problems = [p for p in report.narratives if p.section == "六、存在的问题及原因分析"]
    assert [p.text[:8] for p in problems] == ["1、绩效评价并不", "2、对预算绩效管"]


def _split_variant() -> str:
    """Seed 001 with its two 时效指标 rows written in one cell, as some reports do."""
    text = SEEDS[1].read_text(encoding="utf-8")
    one = "\t\n\t\n\t时效指标\n\t指标1：按工作计划实施\n\t已完成\n\n\t\n\t\n\t\n\t指标2：活动开展按照财政要求落实\n\t已完成\n"
    assert one in text
    merged = "\t\n\t\n\t时效指标\n\t指标1：按工作计划实施；指标2：活动开展按照财政要求落实\n\t已完成\n"
    return text.replace(one, merged)


def test_several_indicators_in_one_cell_are_split():
    report = read_text(_split_variant())
    timeliness = [i for i in report.indicators if i.stated_category == "时效指标"]
    assert [(i.name, i.actual) for i in timeliness] == [("按工作计划实施", "已完成"), ("活动开展按照财政要求落实", "已完成")]
    assert len(report.indicators) == 12
    assert len({i.id for i in report.indicators}) == 12


def test_modern_cell_split_pairs_targets():
    text = (
        "\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\t偏差原因分析及改进措施\n\n"
        "\t产出指标\n\t数量指标\n\t指标1：培训次数指标2：督查次数\n\t指标1：≥12次；指标2：≥4次\n\t12次\n\t5\n\t5\n\t\n\n"
    )
    report = read_text(text)
    assert [(i.name, i.target, i.weight) for i in report.indicators] == [
        ("培训次数", "≥12次", 5), ("督查次数", "≥4次", 5)]


def test_text_without_tables_is_not_an_error():
    report = read_text("2023年度工作总结\n一、基本情况\n本单位全年完成各项工作任务，预算执行率100%。\n")
    assert report.indicators == () and report.kind == "unknown"
    assert report.narratives[0].section == "一、基本情况"


def test_txt_path_imports_nothing_heavy():
    probe = (
        "import sys, json; from nlp.reader import read_report; read_report(sys.argv[1]);"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(SEEDS[3])], capture_output=True, text=True, check=True)
    modules = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert not modules & {"docx", "openpyxl", "pdfplumber", "pandas", "sklearn", "lxml"}


# -- robustness: hostile and odd inputs never crash, invariants hold ----------------
@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000,
        "\t" * 100_000,
        "\t\n" * 100_000,
        "\n" * 100_000,
        "指标1：" * 50_000,
        "\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\n" + "\t\n\t\n\t" + "1" * 500_000 + "\n\n",
        "\t评价内容\n\t绩效目标\n\t完成情况\n\n" + "\t\n\t\n\n" * 20_000,
    ],
    ids=["1MB-line", "100k-tabs", "100k-empty-cells", "100k-newlines", "markers", "long-number", "many-rows"],
)
def test_large_inputs_parse(text):
    report = read_text(text)
    assert report.text == text


ALPHABET = st.sampled_from(
    ["\t", "\n", "\n\n", " ", "　", "\r\n", "x", "5", "100%", "指标1：", "指标2：", "目标1：", "任务1：", "一、",
     "1.", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "总分",
     "评价内容", "绩效目标", "完成情况", "预期目标", "实际完成", "评分标准", "自评得分", "年初预算数",
     "全年执行数", "绩效自评综合得分", "评价等次", "项目名称", "产出指标", "数量指标"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=80))
def test_fuzzed_text_never_crashes(parts):
    text = "".join(parts)
    report = read_text(text)
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    assert report.text == normalised
    assert all(report.text[p.start : p.end] == p.text for p in report.narratives)
    assert len({i.id for i in report.indicators}) == len(report.indicators)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_seed_never_crashes(data):
    lines = SEEDS[data.draw(st.integers(0, len(SEEDS) - 1))].read_text(encoding="utf-8").split("\n")
    start = data.draw(st.integers(0, len(lines)))
    stop = data.draw(st.integers(start, min(len(lines), start + 200)))
    report = read_text("\n".join(lines[:start] + lines[stop:]))
    assert all(report.text[p.start : p.end] == p.text for p in report.narratives)


def test_project_self_evaluation_alone():
    """Seed 003's annex 3 on its own is a 项目支出绩效自评表: a project report."""
    text = SEEDS[3].read_text(encoding="utf-8")
    report = read_text(text[text.index("附件3") :])
    assert report.kind == "project_report"
    assert len(report.indicators) == 11
    assert {i.project for i in report.indicators} == {"区委办专项"}
    assert [f.item for f in report.funds] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert report.overall_score == 98
    assert [t.kind for t in report.targets] == ["goal"]


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_read_text_equals_read_report(stem):
    text = SEED_BY_STEM[stem].read_text(encoding="utf-8")
    assert read_text(text).indicators == report_of(stem).indicators


def test_old_table_ends_without_a_score_row():
    """Without 绩效自评综合得分 the signature rows below must not become indicators."""
    text = SEEDS[0].read_text(encoding="utf-8")
    cut = text.replace("\t绩效自评综合得分\n\t100\n\n\t评价等次\n\t优秀\n\t\n\t签字\n\n", "")
    assert cut != text
    names = [i.name for i in read_text(cut).indicators]
    assert names == [i.name for i in report_of(SEEDS[0].stem).indicators]


def test_text_after_the_last_table_stays_narrative():
    """Paragraphs after the last table are prose, not the last cell of the last row."""
    text = SEEDS[3].read_text(encoding="utf-8")
    annex = text[text.index("附件3") :].replace("\t总分\n\t100\n\t98\n\t　\n", "")
    prose = "\n\n一、项目基本情况\n\n本项目全年执行资金373万元，完成全部预定任务。\n"
    report = read_text(annex + prose)
    assert len(report.indicators) == 11
    assert report.indicators[-1].deviation_note is None
    paragraph = report.narratives[-1]
    assert (paragraph.text, paragraph.section) == ("本项目全年执行资金373万元，完成全部预定任务。", "一、项目基本情况")


def test_modern_template_without_title_column():
    """The 2021+ project form: 一级 starts the row, merged cells empty, a 成本指标 level."""
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "10", "10", ""],
        ["", "", "培训期数", "4期", "4期", "10", "10", ""],
        ["", "质量指标", "合格率", "≥95%", "90%", "10", "8", "部分学员未达标"],
        ["成本指标", "经济成本指标", "人均成本", "≤500元", "480元", "10", "10", ""],
        ["总分", "", "", "", "", "100", "98", ""],
    ]
    text = "2023年度项目支出绩效自评表\n" + "".join("".join(f"\t{c}\n" for c in r) + "\n" for r in rows)
    report = read_text(text + "一、项目概况\n本项目预算50万元，全部执行。\n")
    got = [(i.level1, i.stated_category, i.name, i.target, i.actual, i.score, i.deviation_note) for i in report.indicators]
    assert got == [
        ("产出指标", "数量指标", "培训人次", "≥100人次", "120人次", 10, None),
        ("产出指标", "数量指标", "培训期数", "4期", "4期", 10, None),
        ("产出指标", "质量指标", "合格率", "≥95%", "90%", 8, "部分学员未达标"),
        ("成本指标", "经济成本指标", "人均成本", "≤500元", "480元", 10, None),
    ]
    assert (report.kind, report.overall_score) == ("project_report", 98)
    assert report.narratives[-1].section == "一、项目概况"


# -- rows written one per line, cells separated by tabs (pasted from Excel/WPS) ------
def _as_tab_separated(text: str) -> str:
    """The seed with every table row on one line, its cells joined by tabs."""
    from nlp.reader.grid import Grid
    from nlp.reader.txt import parse_txt

    parts = []
    for block in parse_txt(text):
        if isinstance(block, Grid):
            parts.append("\n".join("\t".join(cell.text for cell in row.cells) for row in block.rows))
        else:
            parts.append(block.text)
    return "\n\n".join(parts)


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_tab_separated_rows_give_the_same_indicators(stem):
    text = SEED_BY_STEM[stem].read_text(encoding="utf-8")
    report = read_text(_as_tab_separated(text))
    # ids name the table by its position, and Word's multi-table rows may split differently
    without_id = [{k: v for k, v in row.items() if k != "id"} for row in GOLDEN[stem]["indicators"]]
    assert [{k: v for k, v in _as_golden(i).items() if k != "id"} for i in report.indicators] == without_id
    assert all(report.text[p.start : p.end] == p.text for p in report.narratives)
    assert (str(report.overall_score) if report.overall_score is not None else None) == GOLDEN[stem]["overall_score"]


@pytest.mark.parametrize("trimmed", [False, True], ids=["trailing-tabs-kept", "trailing-tabs-trimmed"])
def test_tab_separated_project_table(trimmed):
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "10", "10", ""],
        ["", "", "培训期数", "4期", "4期", "10", "10", ""],
        ["", "质量指标", "合格率", "≥95%", "90%", "10", "8", "部分学员未达标"],
        ["总分", "", "", "", "", "100", "98", ""],
    ]
    lines = ["\t".join(r).rstrip("\t") if trimmed else "\t".join(r) for r in rows]
    text = "2023年度项目支出绩效自评表\n" + "\n".join(lines) + "\n\n一、项目概况\n本项目预算50万元。\n"
    report = read_text(text)
    got = [(i.level1, i.stated_category, i.name, i.target, i.actual, i.score, i.deviation_note) for i in report.indicators]
    assert got == [
        ("产出指标", "数量指标", "培训人次", "≥100人次", "120人次", 10, None),
        ("产出指标", "数量指标", "培训期数", "4期", "4期", 10, None),
        ("产出指标", "质量指标", "合格率", "≥95%", "90%", 8, "部分学员未达标"),
    ]
    assert (report.kind, report.overall_score) == ("project_report", 98)
    assert [(p.text, p.section) for p in report.narratives][-1] == ("本项目预算50万元。", "一、项目概况")
    for indicator in report.indicators:
        assert indicator.name in report.text[indicator.start : indicator.end]


def test_tab_separated_quoted_cells_span_lines():
    # Excel and WPS copy a cell holding line breaks in double quotes; its row goes on
    # after the break.
    rows = [
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        '产出指标\t数量指标\t"培训人次\n（含线上）"\t≥100人次\t120人次\t10\t10\t',
        '\t质量指标\t合格率\t≥95%\t90%\t10\t8\t"部分学员\n未达标"',
        # a stray quote that closes nowhere is text, and takes nothing with it
        '效益指标\t社会效益指标\t"受益人次\t≥800人次\t850人次\t10\t10\t',
    ]
    text = "2023年度项目支出绩效自评表\n" + "\n".join(rows) + "\n\n一、项目概况\n本项目预算50万元。\n"
    report = read_text(text)
    got = [(i.stated_category, i.name, i.target, i.actual, i.score, i.deviation_note) for i in report.indicators]
    assert got == [
        ("数量指标", "培训人次（含线上）", "≥100人次", "120人次", 10, None),
        ("质量指标", "合格率", "≥95%", "90%", 8, "部分学员未达标"),
        ("社会效益指标", '"受益人次', "≥800人次", "850人次", 10, None),
    ]
    assert report.narratives[-1].text == "本项目预算50万元。"
    first = report.indicators[0]
    assert "培训人次\n（含线上）" in report.text[first.start : first.end]


def test_a_stray_tab_inside_a_word_export_changes_nothing():
    text = SEED_BY_STEM[sorted(GOLDEN)[3]].read_text(encoding="utf-8")
    stray = text.replace("全年共收文普通件", "全年共收文\t普通件", 1).replace("清退密件", "清退\t密件", 1)
    assert stray.count("\t") == text.count("\t") + 2
    assert [_as_golden(i) for i in read_text(stray).indicators] == GOLDEN[sorted(GOLDEN)[3]]["indicators"]


# -- text that went through a PDF: Kangxi radicals for ideographs (⽉ for 月) --------
def _as_radicals(text: str) -> str:
    from nlp.reader.chars import _table

    back = {ord(folded): chr(code) for code, folded in _table().items() if 0x2E80 <= code <= 0x2FDF}
    return text.translate(back)


@pytest.mark.parametrize("stem", sorted(GOLDEN))
def test_radicals_read_as_ideographs(stem):
    text = SEED_BY_STEM[stem].read_text(encoding="utf-8")
    radicals = _as_radicals(text)
    assert radicals != text and len(radicals) == len(text)
    report = read_text(radicals)
    assert [_as_golden(i) for i in report.indicators] == GOLDEN[stem]["indicators"]
    assert report.narratives == report_of(stem).narratives


@pytest.mark.parametrize(
    "text, warned",
    [
        ("关于2023年工作情况的说明\n\n今年共举办培训班12期，培训干部300余人次。\n", True),
        ((SEEDS[3]).read_text(encoding="utf-8"), False),
    ],
    ids=["narrative_only", "seed_003"],
)
def test_missing_indicator_table_is_said(text, warned):
    """A report with no indicator table still yields its narrative, and says so."""
    report = read_text(text, path="r.txt")
    assert report.narratives
    assert any("no indicator table" in w for w in report.warnings) == warned

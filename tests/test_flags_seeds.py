"""End to end on the four seed reports: real reader → real claims → flags.

The vague flags are scored against the reviewed labels in
``tests/golden/flags/seed_vague.csv`` (50 rows, labelled by hand before the rules were
written; rows are matched by report and order, and the name is checked so that a reader
change that shifts rows fails loudly instead of scoring the wrong rows).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "corpus" / "reports"
GOLDEN = ROOT / "tests" / "golden" / "flags" / "seed_vague.csv"
SEEDS = sorted(p.stem for p in REPORTS.glob("*.txt"))
F1_MIN = 0.92


def _norm(text) -> str:
    text = re.sub(r"^(?:(?:指标|目标)\s*\d*\s*[：:])", "", re.sub(r"[\s\u3000]+", "", text or ""))
    return text.rstrip("。；;，,")


@pytest.fixture(scope="module")
def annotated() -> dict:
    from nlp.claims.annotate import annotate_report as add_claims
    from nlp.flags import annotate_report
    from nlp.reader import read_report

    return {stem: annotate_report(add_claims(read_report(REPORTS / f"{stem}.txt"))) for stem in SEEDS}


@pytest.fixture(scope="module")
def gold() -> dict:
    with GOLDEN.open(encoding="utf-8") as f:
        return {(r["report"], int(r["row"])): r for r in csv.DictReader(f)}


@pytest.mark.parametrize("stem", SEEDS)
def test_rows_align_with_labels(stem, annotated, gold):
    indicators = annotated[stem].indicators
    rows = sorted(row for (report, row) in gold if report == stem)
    assert len(indicators) == len(rows)
    for row, ind in zip(rows, indicators):
        want = _norm(gold[(stem, row)]["name"])
        assert want in (_norm(ind.name), _norm(ind.stated_category)), (row, want, ind.name)


def _f1(code: str, annotated: dict, gold: dict) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for stem, report in annotated.items():
        for row, ind in enumerate(report.indicators, 1):
            predicted = any(f.code == code for f in ind.flags)
            wanted = gold[(stem, row)][code] == "1"
            tp += predicted and wanted
            fp += predicted and not wanted
            fn += wanted and not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@pytest.mark.parametrize("code", ["vague_target", "vague_actual"])
def test_vague_flags_agree_with_reviewed_labels(code, annotated, gold):
    precision, recall, f1 = _f1(code, annotated, gold)
    assert f1 >= F1_MIN, f"{code}: P={precision:.3f} R={recall:.3f} F1={f1:.3f}"


def test_003_claims_conflict_on_交办_tasks(annotated):
    flags = [f for f in annotated["003_66e78293cd0851a8"].flags if f.code == "claims_conflict"]
    assert len(flags) == 1
    assert "56件" in flags[0].evidence and "115件" in flags[0].evidence
    assert "口头交办" in flags[0].evidence


@pytest.mark.parametrize(
    "stem,expected",
    [
        pytest.param("002_bc248be2135334e4", {"各项得分合计98，与总分栏99不符", "自评综合得分95与评分表总分99不符"}, id="002_totals_broken"),
        pytest.param("001_b0e8321e1bc75b62", set(), id="001_adds_up"),
        pytest.param("003_66e78293cd0851a8", set(), id="003_indicator_tables_add_up"),
    ],
)
def test_scoring_arithmetic_on_seeds(stem, expected, annotated):
    got = {f.message for f in annotated[stem].flags if f.code == "score_inconsistent"}
    assert len(got) == len(expected), got
    for want in expected:
        assert any(want in m for m in got), got


@pytest.mark.parametrize(
    "stem,code,rows",
    [
        pytest.param("003_66e78293cd0851a8", "duplicate_indicator", {8, 9}, id="003_服务经济社会发展_twice"),
        pytest.param("003_66e78293cd0851a8", "overshoot", {1, 14}, id="003_12→20_and_4→6"),
        pytest.param("003_66e78293cd0851a8", "ceiling_target", set(), id="003_≤100%_budget_cap_is_not_trivial"),
        pytest.param("003_66e78293cd0851a8", "long_name", {22}, id="003_17_char_name"),
        pytest.param("003_66e78293cd0851a8", "process_as_output", {17}, id="003_经费支出时效性"),
        pytest.param("003_66e78293cd0851a8", "target_not_met", set(), id="003_every_target_met"),
        pytest.param("001_b0e8321e1bc75b62", "not_applicable", {11}, id="001_无此目标"),
        pytest.param("000_ffd76d6a357bc11c", "unnamed_indicator", {4, 6}, id="000_成本_and_满意度_named_100%"),
        pytest.param("003_66e78293cd0851a8", "unnamed_indicator", set(), id="003_every_row_named"),
        pytest.param("002_bc248be2135334e4", "value_form_mismatch", {5, 9}, id="002_时效_and_满意度_forms"),
    ],
)
def test_rows_flagged_on_seeds(stem, code, rows, annotated):
    got = {i for i, ind in enumerate(annotated[stem].indicators, 1) if any(f.code == code for f in ind.flags)}
    assert got == rows


@pytest.mark.parametrize(
    "stem,missing",
    [
        pytest.param("000_ffd76d6a357bc11c", {"无质量指标", "无时效指标"}, id="000_no_quality_no_timeliness"),
        pytest.param("003_66e78293cd0851a8", set(), id="003_has_both"),
    ],
)
def test_missing_category_on_seeds(stem, missing, annotated):
    got = {f.evidence for f in annotated[stem].flags if f.code == "missing_category" and f.evidence.startswith("无")}
    assert got == missing


def test_summary_on_seeds_sorts_003_least_weak(annotated):
    weakness = {stem: r.summary.weakness for stem, r in annotated.items()}
    assert min(weakness, key=weakness.get) == "003_66e78293cd0851a8"
    for r in annotated.values():
        s = r.summary
        assert s.indicators == len(r.indicators)
        assert sum(s.by_severity.values()) == sum(s.by_code.values())


# --- category_mismatch: the classifier's flag, end to end with the shipped model -------------------
@pytest.fixture(scope="module")
def classified() -> dict:
    from nlp.pipeline import Analyzer

    analyzer = Analyzer()
    return {stem: analyzer.analyze(REPORTS / f"{stem}.txt") for stem in SEEDS}


@pytest.mark.parametrize(
    "stem,row,expected",
    [
        pytest.param("003_66e78293cd0851a8", 15, True, id="003_督查及时性_under_质量"),
        pytest.param("002_bc248be2135334e4", 1, True, id="002_不断加强党的理论武装_under_质量"),
        pytest.param("001_b0e8321e1bc75b62", 5, True, id="001_抗疫扶贫贡献力量_under_数量"),
        pytest.param("003_66e78293cd0851a8", 4, False, id="003_稿件合格率_under_质量"),
        pytest.param("003_66e78293cd0851a8", 6, False, id="003_按计划时间完成任务_under_时效"),
        pytest.param("003_66e78293cd0851a8", 7, False, id="003_支出不超过预算_under_成本"),
        pytest.param("003_66e78293cd0851a8", 23, False, id="003_满意度_under_满意度"),
        pytest.param("000_ffd76d6a357bc11c", 1, False, id="000_机关党建_is_a_work_area"),
    ],
)
def test_category_mismatch_on_seeds(stem, row, expected, classified):
    ind = classified[stem].indicators[row - 1]
    assert any(f.code == "category_mismatch" for f in ind.flags) == expected, (ind.name, ind.subcategory, ind.flags)

"""Shared fixtures: paths to the real seed reports shipped in corpus/reports."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "corpus" / "reports"
SEEDS = sorted(REPORTS.glob("*.txt"))
SHARED = ROOT.parent / "shared"
SHENZHEN_CSV = SHARED / "corpus" / "shenzhen_targets" / "indicators.csv"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return SEEDS


@pytest.fixture(scope="session")
def segmenter():
    from nlp.segment import Segmenter

    return Segmenter()


# --- output writers: a report built by hand from seed 003's rows --------------------
# The writers are tested on a Report whose text is copied from corpus/reports/003
# (its indicator table and one narrative paragraph), so that they can be checked
# apart from the reader, claims and flag rules; tests/test_output.py also runs them
# end to end on the seeds through the real pipeline.

SEED_003 = REPORTS / "003_66e78293cd0851a8.txt"


def _claims_in(text, pieces, kind_of, base=0):
    from decimal import Decimal

    from nlp.schema import Claim

    claims, pos = [], 0
    for piece in pieces:
        start = text.index(piece, pos)
        pos = start + len(piece)
        digits = "".join(ch for ch in piece if ch.isdigit() or ch == ".")
        claims.append(
            Claim(piece, base + start, base + pos, Decimal(digits or "0"), piece.lstrip("≥≧≤0123456789."), kind_of(piece))
        )
    return tuple(claims)


def _kind(piece):
    return "percent" if "%" in piece else "money" if "元" in piece else "date" if "、12" in piece else "count"


def handmade_report(path: str = str(SEED_003), cells: dict | None = None):
    """A Report for seed 003 built by hand; ``cells`` overrides indicator fields by
    id, e.g. ``{"3": {"name": "<script>alert(1)</script>"}}``."""
    import dataclasses
    from decimal import Decimal

    from nlp.schema import Flag, Indicator, Paragraph, Report, Summary

    rows = [
        ("1", "数量指标", "积极开展理论学习.培训", "12次", "20次", 5, 5),
        ("2", "数量指标", "起草文稿，报送信息", "800篇、条", "850篇、条", 5, 5),
        ("3", "数量指标", "督促检查", "≥60次", "70次", 5, 5),
        ("4", "质量指标", "稿件合格率", "≥98%", "100%", 5, 5),
        ("5", "时效指标", "按计划时间完成任务", "2023、12、31", "2023、12、31", 10, 10),
        ("6", "成本指标", "支出不超过预算批复金额", "≤1013.19万元", "1013.19万元", 10, 10),
        ("7", "经济效益指标", "服务经济社会发展", "效果明显", "效果明显", 10, 9),
        ("8", "社会效益指标", "服务经济社会发展", "效果明显", "效果明显", 5, 5),
        ("9", "满意度指标", "社会公众或服务对象满意度", "≧95%", "98%", 10, 10),
    ]
    flags = {
        "1": (Flag("overshoot", "low", "实际完成20次，超过目标12次的1.2倍，目标可能定得过低", "20次", "actual"),),
        "7": (
            Flag("vague_target", "high", "目标“效果明显”没有可衡量的数值、日期或等级", "效果明显", "target"),
            Flag("vague_actual", "high", "实际完成值“效果明显”没有给出数值", "效果明显", "actual"),
            Flag("duplicate_indicator", "medium", "“服务经济社会发展”在两个类别下重复出现", "服务经济社会发展", "name"),
        ),
        "8": (
            Flag("vague_target", "high", "目标“效果明显”没有可衡量的数值、日期或等级", "效果明显", "target"),
            Flag("vague_actual", "high", "实际完成值“效果明显”没有给出数值", "效果明显", "actual"),
        ),
    }
    indicators = []
    for id_, stated, name, target, actual, weight, score in rows:
        level1 = "产出指标" if stated in ("数量指标", "质量指标", "时效指标", "成本指标") else "效益指标"
        claims = lambda text: _claims_in(text, [text], _kind) if any(c.isdigit() for c in text) else ()  # noqa: E731
        ind = Indicator(
            id=id_, table="t1", level1=level1, stated_category=stated, name=name, target=target, actual=actual,
            weight=Decimal(weight), score=Decimal(score), deviation_note=None,
            category="benefit" if "效益" in stated or "满意" in stated else "output",
            subcategory={"数量指标": "quantity", "质量指标": "quality", "时效指标": "timeliness",
                         "成本指标": "cost", "经济效益指标": "economic", "社会效益指标": "social",
                         "满意度指标": "satisfaction"}[stated],
            confidence=0.9, target_claims=claims(target), actual_claims=claims(actual), flags=flags.get(id_, ()),
        )
        indicators.append(dataclasses.replace(ind, **(cells or {}).get(id_, {})))
    text = SEED_003.read_text(encoding="utf-8")
    para = text.splitlines()[44]
    start = text.index(para)
    paragraph = Paragraph(para, start, start + len(para), "总体运行情况",
                          _claims_in(para, ["115件", "90%", "9件", "12项", "11个"], _kind, base=start))
    all_flags = [f for ind in indicators for f in ind.flags]
    by_sev = {s: sum(f.severity == s for f in all_flags) for s in ("high", "medium", "low")}
    by_code: dict = {}
    for f in all_flags:
        by_code[f.code] = by_code.get(f.code, 0) + 1
    return Report(
        path=path, kind="department_report", text=text, encoding="utf-8",
        title="2023年度中共岳阳市君山区委办公室整体支出绩效自评报告",
        indicators=tuple(indicators), narratives=(paragraph,), claims=paragraph.claims,
        overall_score=Decimal(99), grade="优",
        flags=(Flag("missing_category", "medium", "没有可持续影响以外的生态效益量化指标", "", "report"),),
        summary=Summary(indicators=len(indicators), flagged=sum(bool(i.flags) for i in indicators),
                        by_severity=by_sev, by_code=by_code, high_share=2 / 9, weakness=4.5),
    )


@pytest.fixture
def hand_report():
    return handmade_report()

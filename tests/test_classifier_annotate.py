"""annotate_report: categories on every real indicator and target, mismatch flags by threshold.

A fixed fake runtime isolates the annotation logic from any trained model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pytest

from nlp.classifier.annotate import annotate_report
from nlp.placeholders import is_placeholder, names_nothing
from nlp.classifier.runtime import Prediction
from nlp.schema import Flag, Indicator, Report, Target
from nlp.taxonomy import FINE_TO_COARSE


@dataclass
class FakeRuntime:
    fine: str
    coarse_confidence: float
    mismatch_threshold: float = 0.8
    calls: int = 0
    probabilities: Optional[dict] = None

    def predict(self, names, targets):
        self.calls += 1
        return [
            Prediction(self.fine, FINE_TO_COARSE[self.fine], self.coarse_confidence,
                       self.probabilities or {self.fine: self.coarse_confidence}, self.coarse_confidence)
            for _ in names
        ]


def indicator(name: str, stated, flags=()) -> Indicator:
    return Indicator(id="i1", table="t1", level1="产出指标", stated_category=stated, name=name, target="10个工作日", flags=flags)


@pytest.mark.parametrize(
    "stated, fine, confidence, expected",
    [
        ("质量指标", "timeliness", 0.95, ("high", "填报类别为“质量指标”，按内容更像时效")),
        ("质量指标", "timeliness", 0.85, ("medium", "填报类别为“质量指标”，按内容更像时效")),
        ("质量指标", "timeliness", 0.92, ("medium", "填报类别为“质量指标”，按内容更像时效")),
        ("质量指标", "timeliness", 0.9499, ("medium", "按内容更像时效（置信度0.94）")),  # never shows the high bar
        ("成本指标", "social", 0.95, ("high", "按内容更像社会效益")),
        ("生态效益", "economic", 0.98, ("medium", "填报类别为“生态效益”，按内容更像经济效益")),  # domain.md item 7
        ("生态效益", "social", 0.90, None),  # another benefit type, but not near-certain
        ("质量指标", "timeliness", 0.79, None),  # below the threshold
        ("时效指标", "timeliness", 0.99, None),  # agrees
        ("社会效益", "satisfaction", 0.99, None),  # same coarse class (benefit)
        ("机关党建", "timeliness", 0.99, None),  # a work area, not a category
        (None, "timeliness", 0.99, None),
    ],
)
def test_mismatch_flag(stated, fine, confidence, expected):
    report = Report(path="r.txt", kind="department_report", indicators=(indicator("督查及时性", stated),))
    (out,) = annotate_report(report, FakeRuntime(fine, confidence)).indicators
    assert (out.category, out.subcategory) == (FINE_TO_COARSE[fine], fine)
    flags = [f for f in out.flags if f.code == "category_mismatch"]
    if expected is None:
        assert flags == []
    else:
        (flag,) = flags
        assert flag.severity == expected[0] and expected[1] in flag.message
        # A suggestion to check, not a verdict: real reports' flags are wrong about one time in three.
        assert flag.message.endswith("，请核实")
        assert (flag.evidence, flag.field) == ("督查及时性", "stated_category")


@pytest.mark.parametrize(
    "stated, probabilities, flagged",
    [
        # domain.md item 7: split between social and economic, but certainly not ecological.
        ("生态效益", {"social": 0.80, "economic": 0.19, "ecological": 0.001}, True),
        ("生态效益", {"social": 0.80, "economic": 0.15, "ecological": 0.05}, False),  # a chance left
        ("社会效益", {"satisfaction": 0.80, "social": 0.001}, False),  # 满意度 under 社会效益: old templates
        ("质量指标", {"social": 0.80, "quality": 0.001}, False),  # another coarse class: the threshold rules
    ],
)
def test_benefit_type_given_almost_no_chance_is_flagged(stated, probabilities, flagged):
    fine = max(probabilities, key=probabilities.get)
    runtime = FakeRuntime(fine, 0.80, mismatch_threshold=0.87, probabilities=probabilities)
    row = indicator("创造良好的社会发展环境，促进经济发展", stated)
    (out,) = annotate_report(Report(path="r.txt", kind="department_report", indicators=(row,)), runtime).indicators
    flags = [f for f in out.flags if f.code == "category_mismatch"]
    assert len(flags) == flagged
    if flagged:
        assert flags[0].severity == "medium" and "按内容更像社会效益（置信度0.80）" in flags[0].message


@pytest.mark.parametrize("name", ["无此目标", "不适用", "/", "—", "", "  "])
def test_placeholders_left_alone(name):
    report = Report(path="r.txt", kind="department_report", indicators=(indicator(name, "质量指标"),))
    (out,) = annotate_report(report, FakeRuntime("timeliness", 0.99)).indicators
    assert (out.category, out.subcategory, out.confidence, out.flags) == (None, None, None, ())
    assert is_placeholder(name)


# Seed 000 files its 成本 and 满意度 rows with only "100%" where the name belongs: no words,
# nothing to read a category from, so no category and no mismatch flag either.
@pytest.mark.parametrize("name", ["100%", "≥95%", "2023-12-31", "≤1013.19"])
def test_value_only_names_left_alone(name):
    report = Report(path="r.txt", kind="department_report", indicators=(indicator(name, "成本指标"),))
    (out,) = annotate_report(report, FakeRuntime("quantity", 0.99)).indicators
    assert (out.category, out.subcategory, out.confidence, out.flags) == (None, None, None, ())
    assert names_nothing(name) and not is_placeholder(name)


@pytest.mark.parametrize("name", ["PM2.5达标率", "文稿采用率", "N/A率", "5G基站数"])
def test_names_with_words_are_classified(name):
    assert not names_nothing(name)


def test_existing_flags_kept_and_one_batch():
    earlier = Flag(code="vague_target", severity="medium", message="目标不可衡量")
    runtime = FakeRuntime("timeliness", 0.99)
    report = Report(
        path="r.txt",
        kind="department_report",
        indicators=(indicator("督查及时性", "质量指标", flags=(earlier,)), indicator("督查次数", None)),
        targets=(Target(id="g1", kind="goal", text="目标1：按时完成督查任务"), Target(id="g2", kind="goal", text="不适用")),
    )
    out = annotate_report(report, runtime)
    assert runtime.calls == 1
    assert [f.code for f in out.indicators[0].flags] == ["vague_target", "category_mismatch"]
    assert out.targets[0].subcategory == "timeliness" and out.targets[1].subcategory is None
    assert report.indicators[0].flags == (earlier,)  # the input is not changed


@pytest.mark.parametrize("confidence, shown", [(0.57, "0.57"), (0.58, "0.58"), (0.9499, "0.94"), (0.999, "0.99")])
def test_mismatch_message_truncates_the_confidence_exactly(confidence, shown):
    from nlp.classifier.annotate import mismatch_flag

    flag = mismatch_flag(indicator("督查及时性", "质量指标"), "timeliness", confidence, threshold=0.5)
    assert f"（置信度{shown}）" in flag.message

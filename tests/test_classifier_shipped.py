"""The shipped model (models/default): loads, agrees with its Pipeline, meets the bar.

These fail when the model in the repository is retrained into something worse,
which is their purpose."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.classifier import data, store, train
from nlp.classifier.runtime import load_runtime
from nlp.taxonomy import FINE_TO_COARSE

from conftest import ROOT, SHENZHEN_CSV

SHIPPED = ROOT / "models" / "default"
LABELLED = ROOT / "corpus" / "labelled"
SEED_ROWS = LABELLED / "seed_reports.csv"


@pytest.fixture(scope="module")
def runtime():
    return load_runtime(SHIPPED)


@pytest.fixture(scope="module")
def corpus() -> list[data.LabelledRow]:
    paths = [LABELLED] + ([SHENZHEN_CSV] if SHENZHEN_CSV.is_file() else [])
    return data.all_rows(data.load_labelled(paths))


def test_model_directory_is_small():
    size = sum(p.stat().st_size for p in SHIPPED.iterdir())
    assert size < 5 * 1024 * 1024


def test_trained_on_every_team_source(runtime):
    sources = set(runtime.meta["sources"])
    assert {"seed"} <= sources and len(sources) >= 3
    assert 0.5 <= runtime.mismatch_threshold <= 0.99


def test_runtime_equals_pipeline_on_whole_corpus(runtime, corpus):
    pipeline, _ = store.load_pipeline(SHIPPED)
    names, targets = [r.text for r in corpus], [r.target for r in corpus]
    expected = pipeline.predict_proba(train.inputs(names, targets))
    np.testing.assert_allclose(runtime.predict_proba(names, targets), expected, atol=1e-6)


def test_seed_rows_coarse_accuracy(runtime):
    rows = data.load_file(SEED_ROWS).rows
    preds = runtime.predict([r.text for r in rows], [r.target for r in rows])
    accuracy = sum(p.coarse == FINE_TO_COARSE[r.label] for p, r in zip(preds, rows)) / len(rows)
    assert accuracy >= 0.94


@pytest.mark.parametrize(
    "name, target, coarse",
    [
        ("督促检查", "≥60次", "output"),
        ("稿件合格率", "≥98%", "quality"),
        ("按计划时间完成任务", "2023、12、31", "timeliness"),
        ("支出不超过预算批复金额", "≤1013.19万元", "cost"),
        ("起草文稿，报送信息", "800篇、条", "output"),
        ("社会公众或服务对象满意度", "≧95%", "benefit"),
        ("出具物业评估报告及时性", "3个工作日", "timeliness"),
        ("经费总成本", "≤1300万元", "cost"),
    ],
)
def test_hand_picked_rows(runtime, name, target, coarse):
    (pred,) = runtime.predict([name], [target])
    assert pred.coarse == coarse, pred


def test_high_severity_mismatch_flags_are_the_more_precise_on_real_rows(runtime):
    """On real reports' rows held out (meta.json), flags at HIGH_CONFIDENCE and above must be
    right more often than those between the model's threshold and it: otherwise the
    high/medium split tells a reviewer nothing."""
    from nlp.classifier.annotate import HIGH_CONFIDENCE

    curve = {point["threshold"]: point for point in runtime.meta["mismatch_on_real_rows"]["curve"]}
    low, high = curve[runtime.meta["mismatch_threshold"]], curve[HIGH_CONFIDENCE]
    right = lambda point: round(point["raised"] * point["precision"])
    band_raised, band_right = low["raised"] - high["raised"], right(low) - right(high)
    assert band_raised > 0 and high["precision"] > low["precision"]
    assert band_right / band_raised < high["precision"] - 0.2


def test_domain_example_of_a_wrong_benefit_type_is_flagged(runtime):
    """domain.md item 7: "创造良好的社会发展环境" under 生态效益 (seed 002). The model splits it between
    social and economic, but gives ecological almost nothing: a reviewer should be asked to check."""
    from nlp.classifier.annotate import annotate_report
    from nlp.reader import read_report

    report = annotate_report(read_report(ROOT / "corpus" / "reports" / "002_bc248be2135334e4.txt"), runtime)
    (row,) = [i for i in report.indicators if i.name.startswith("创造良好的社会发展环境")]
    (flag,) = [f for f in row.flags if f.code == "category_mismatch"]
    assert row.stated_category == "生态效益" and row.category == "benefit" and row.subcategory != "ecological"
    assert flag.severity == "medium" and flag.message.startswith("填报类别为“生态效益”")

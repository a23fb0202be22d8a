"""``jixiao train / evaluate / export`` in-process: exit codes, one-line errors, the labelling loop."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp.cli import app
from nlp.classifier import store
from nlp.classifier.runtime import load_runtime

from conftest import ROOT, SEEDS

TINY = ROOT / "tests" / "data" / "classifier_tiny.csv"


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def cli_model(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "m"
    result = invoke("train", "--data", TINY, "--out", out)
    assert result.exit_code == 0, result.output
    assert "leave-one-source-out" in result.output and "coarse confusion" in result.output
    return out


def test_train_writes_model(cli_model):
    assert load_runtime(cli_model).meta["rows"] == 39


def test_train_refuses_overwrite_without_force(cli_model):
    before = store.sha256_file(cli_model / store.RUNTIME_FILE)
    result = invoke("train", "--data", TINY, "--out", cli_model)
    assert result.exit_code == 1
    assert "--force" in result.output and len(result.output.strip().splitlines()) == 1
    assert store.sha256_file(cli_model / store.RUNTIME_FILE) == before


@pytest.mark.parametrize(
    "content, words",
    [("text,label\n督促检查,quantity\n", "row 1, column 'target'"), ("text,target,label\n督促检查,≥60次,好\n", "row 2, column 'label'")],
    ids=["missing-column", "unknown-label"],
)
def test_train_bad_data_is_one_line_and_writes_nothing(tmp_path, content, words):
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    result = invoke("train", "--data", bad, "--out", tmp_path / "m")
    assert result.exit_code == 1 and words in result.output and str(bad) in result.output
    assert not (tmp_path / "m").exists()


def test_train_on_one_label_is_one_line_and_writes_nothing(tmp_path):
    one = tmp_path / "one.csv"
    one.write_text("text,target,label\n督促检查,≥60次,数量\n培训人次,≥500人次,数量\n", encoding="utf-8")
    result = invoke("train", "--data", one, "--out", tmp_path / "m")
    assert result.exit_code == 1 and "at least two labels" in result.output and str(one) in result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "m").exists()


def test_train_on_names_without_any_target(tmp_path):
    # A reviewer's sheet of indicator names alone: nothing for the target block to learn, which
    # scikit-learn refuses as an empty vocabulary; the model is trained without that block.
    names = tmp_path / "names.csv"
    rows = ["培训人次", "督促检查次数", "验收合格率", "稿件合格率", "完成及时率", "按时完成率", "成本控制率", "预算成本节约率"]
    labels = ["数量", "数量", "质量", "质量", "时效", "时效", "成本", "成本"]
    names.write_text("text,target,label\n" + "".join(f"{t},,{l}\n" for t, l in zip(rows, labels)), encoding="utf-8")
    result = invoke("train", "--data", names, "--out", tmp_path / "m")
    assert result.exit_code == 0, result.output
    runtime = load_runtime(tmp_path / "m")
    assert [p.fine for p in runtime.predict(["参训人次", "资料合格率"], ["", ""])] == ["quantity", "quality"]


def test_evaluate_prints_scores(cli_model):
    result = invoke("evaluate", "--data", TINY, "--model", cli_model)
    assert result.exit_code == 0, result.output
    assert "tiny" in result.output and "coarse confusion" in result.output


@pytest.fixture()
def fresh(tmp_path) -> Path:
    """One labelled row the tiny model never saw, with no stated category."""
    path = tmp_path / "fresh.csv"
    path.write_text("text,target,label\n稿件合格率,≥98%,质量\n", encoding="utf-8")
    return path


def test_evaluate_says_when_the_data_was_trained_on(cli_model, fresh):
    """Scores on training rows are not held-out figures: a reviewer must be told."""
    seen = invoke("evaluate", "--data", TINY, "--model", cli_model)
    assert "was part of this model's training data" in seen.stderr and TINY.name in seen.stderr
    unseen = invoke("evaluate", "--data", fresh, "--model", cli_model)
    assert unseen.exit_code == 0, unseen.output
    assert "training data" not in unseen.stderr


def test_evaluate_scores_the_mismatch_flags_on_the_data():
    """A reviewer who labels new reports learns how the flags fared on them: the seed rows,
    whose reviewers marked 8 of 44 stated categories wrong, with the shipped model."""
    result = invoke("evaluate", "--data", ROOT / "corpus" / "labelled" / "seed_reports.csv")
    assert result.exit_code == 0, result.output
    scored = re.search(r"on 44 rows with a stated category: (\d+) flags, (\d+) right .*; 8 misfiled rows, (\d+) flagged", result.stdout)
    assert scored, result.stdout
    flags, right, flagged = map(int, scored.groups())
    # The shipped model of 2026-12-06 raises 7, all right: the eighth misfiled row,
    # 活动开展按照财政要求落实 under 时效指标, is read as cost at coarse probability 0.86, under the 0.87 bar.
    assert right == flags == flagged and flagged >= 7


def test_evaluate_without_stated_categories_says_flags_are_not_scored(cli_model, fresh):
    result = invoke("evaluate", "--data", fresh, "--model", cli_model)
    assert result.exit_code == 0, result.output
    assert "no row has a stated category" in result.stdout


@pytest.mark.parametrize("args", [["evaluate"], ["evaluate", "spelling", "--data", str(TINY)]], ids=["no-data", "unknown"])
def test_evaluate_usage_errors(args):
    assert invoke(*args).exit_code == 2


def test_evaluate_missing_model(tmp_path):
    result = invoke("evaluate", "--data", TINY, "--model", tmp_path / "none")
    assert result.exit_code == 1 and "jixiao train" in result.output


def test_evaluate_claims_dispatches(monkeypatch, tmp_path):
    seen = {}
    golden = types.ModuleType("nlp.claims.golden")
    golden.evaluate = lambda paths: seen.setdefault("paths", list(paths)) and {"f1": 0.5}
    golden.format_report = lambda metrics: f"claims f1 {metrics['f1']}"
    monkeypatch.setitem(sys.modules, "nlp.claims.golden", golden)
    import nlp.claims

    monkeypatch.setattr(nlp.claims, "golden", golden, raising=False)
    result = invoke("evaluate", "claims", "--golden", tmp_path)
    assert result.exit_code == 0, result.output
    assert "claims f1 0.5" in result.output and seen["paths"] == [tmp_path]


def test_export_train_loop(cli_model, tmp_path):
    """export → a reviewer fills ``label`` → train on the sheet (+ the tiny set) → the model works."""
    import openpyxl

    sheet_path = tmp_path / "labels.xlsx"
    result = invoke("export", SEEDS[-1], "-o", sheet_path, "--model", cli_model)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(sheet_path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[-1] == "label" and {"report", "id", "text", "target", "actual", "stated"} <= set(header)
    assert sheet.max_row > 5
    label_col = header.index("label") + 1
    guess_col = header.index("predicted_subcategory") + 1
    for row in range(2, sheet.max_row + 1):
        assert sheet.cell(row, label_col).value in (None, "")
        # The "reviewer" accepts the model's guess, in Chinese, as a person would type it.
        guess = sheet.cell(row, guess_col).value
        sheet.cell(row, label_col).value = {"quantity": "数量", "quality": "质量"}.get(guess, guess)
    book.save(sheet_path)

    out = tmp_path / "retrained"
    result = invoke("train", "--data", sheet_path, "--data", TINY, "--out", out)
    assert result.exit_code == 0, result.output
    runtime = load_runtime(out)
    assert runtime.meta["sources"]["labels"] == sheet.max_row - 1
    (pred,) = runtime.predict(["稿件合格率"], ["≥98%"])
    assert pred.coarse == "quality"

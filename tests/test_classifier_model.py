"""Training, the model directory and the numpy runtime, on a tiny hand-written set.

The shipped model is tested in test_classifier_shipped.py; here each property is
checked on models trained in a temporary directory, so the tests cannot pass by
accident of what is in models/.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nlp.classifier import build, store, train
from nlp.classifier.data import load_file
from nlp.classifier.runtime import load_runtime
from nlp.errors import ModelExistsError, ModelIncompatibleError, ModelNotFoundError, ModelUntrustedError
from nlp.taxonomy import FINE_LABELS

from conftest import ROOT

TINY = ROOT / "tests" / "data" / "classifier_tiny.csv"
# min_df=1: the tiny set has too few rows for the shipped pruning.
CONFIG = train.TrainConfig(min_df=1)


def _train(out: Path, **kwargs) -> build.TrainResult:
    return build.train_model([TINY], out, config=CONFIG, **kwargs)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    return _train(tmp_path_factory.mktemp("model") / "tiny").path


@pytest.fixture()
def model_copy(model_dir, tmp_path) -> Path:
    import shutil

    return Path(shutil.copytree(model_dir, tmp_path / "copy"))


def test_directory_contents_and_meta(model_dir):
    assert sorted(p.name for p in model_dir.iterdir()) == sorted(
        [store.MODEL_FILE, store.RUNTIME_FILE, store.META_FILE, store.CARD_FILE]
    )
    meta = json.loads((model_dir / store.META_FILE).read_text(encoding="utf-8"))
    assert meta["format_version"] == store.FORMAT_VERSION
    assert meta["fine_labels"] == list(FINE_LABELS)
    assert meta["files"][store.RUNTIME_FILE] == store.sha256_file(model_dir / store.RUNTIME_FILE)
    assert meta["training_data"]["files"][0]["sha256"] == load_file(TINY).sha256
    assert {"python", "numpy", "scikit-learn", "jieba"} <= set(meta["libraries"])
    assert set(meta["metrics"]["leave_one_source_out"]["by_source"]) == {"tiny:dept_a", "tiny:dept_b", "tiny:dept_c"}
    assert 0.5 <= meta["mismatch_threshold"] <= 0.99


def test_save_load_round_trip(model_dir):
    pipeline, meta = store.load_pipeline(model_dir)
    refit = train.fit(load_file(TINY).rows, CONFIG)
    x = train.rows_inputs(load_file(TINY).rows)
    np.testing.assert_allclose(pipeline.predict_proba(x), refit.predict_proba(x), atol=1e-12)
    assert meta["rows"] == len(x)


def test_runtime_equals_pipeline(model_dir):
    pipeline, _ = store.load_pipeline(model_dir)
    runtime = load_runtime(model_dir)
    rows = load_file(TINY).rows
    names, targets = [r.text for r in rows] + ["完全没见过的指标", ""], [r.target for r in rows] + [None, ""]
    expected = pipeline.predict_proba(train.inputs(names, targets))
    assert list(pipeline.classes_) == list(runtime.classes)
    np.testing.assert_allclose(runtime.predict_proba(names, targets), expected, atol=1e-6)


def test_prediction_fields(model_dir):
    (pred,) = load_runtime(model_dir).predict(["稿件合格率"], ["≥98%"])
    assert pred.fine in FINE_LABELS and pred.confidence == pytest.approx(pred.probabilities[pred.fine])
    assert pred.coarse_confidence >= pred.confidence and sum(pred.probabilities.values()) == pytest.approx(1.0)


def test_training_is_deterministic(tmp_path, model_dir):
    again = _train(tmp_path / "again").path
    with np.load(model_dir / store.RUNTIME_FILE) as a, np.load(again / store.RUNTIME_FILE) as b:
        assert a.files == b.files
        for key in a.files:
            np.testing.assert_array_equal(a[key], b[key])


def test_refuses_overwrite_without_force(model_copy):
    before = store.sha256_file(model_copy / store.RUNTIME_FILE)
    with pytest.raises(ModelExistsError, match="--force"):
        _train(model_copy, cross_validate=False)
    assert store.sha256_file(model_copy / store.RUNTIME_FILE) == before


def test_failed_write_leaves_old_model(model_copy, monkeypatch):
    before = sorted(p.name for p in model_copy.parent.iterdir())

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "save_pipeline", broken)
    with pytest.raises(OSError):
        _train(model_copy, force=True, cross_validate=False)
    assert sorted(p.name for p in model_copy.parent.iterdir()) == before
    load_runtime(model_copy)


@pytest.mark.parametrize("name", [store.MODEL_FILE, store.RUNTIME_FILE])
def test_altered_file_refused(model_copy, name):
    path = model_copy / name
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0xFF
    path.write_bytes(bytes(content))
    with pytest.raises(ModelUntrustedError, match="altered"):
        store.load_pipeline(model_copy) if name == store.MODEL_FILE else load_runtime(model_copy)


def test_untrusted_type_refused(model_copy):
    """A model.skops holding a type outside the trusted list is refused even when
    its hash was updated to match (someone re-signed a malicious file)."""
    import zipfile

    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    pipeline, _ = store.load_pipeline(model_copy)
    pipeline.steps.insert(0, ("evil", FunctionTransformer(func=subprocess.call)))
    sio.dump(pipeline, model_copy / store.MODEL_FILE, compression=zipfile.ZIP_DEFLATED)
    meta = json.loads((model_copy / store.META_FILE).read_text(encoding="utf-8"))
    meta["files"][store.MODEL_FILE] = store.sha256_file(model_copy / store.MODEL_FILE)
    (model_copy / store.META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelUntrustedError, match="subprocess.call"):
        store.load_pipeline(model_copy)


@pytest.mark.parametrize(
    "change, words",
    [
        ({"format_version": 99}, "model format 99"),
        ({"fine_labels": ["quantity", "quality"]}, "labels differ"),
        ({"mismatch_threshold": None}, "no mismatch_threshold"),
        ({"files": {}}, "no hash for runtime.npz"),
    ],
    ids=["format", "labels", "threshold", "hashes"],
)
def test_incompatible_meta_names_the_fix(model_copy, change, words):
    meta = json.loads((model_copy / store.META_FILE).read_text(encoding="utf-8"))
    meta.update(change)
    (model_copy / store.META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelIncompatibleError) as info:
        load_runtime(model_copy)
    assert words in str(info.value) and "jixiao train --data" in str(info.value)


def test_missing_runtime_file(model_copy):
    (model_copy / store.RUNTIME_FILE).unlink()
    with pytest.raises(ModelIncompatibleError, match="runtime.npz is missing.*jixiao train"):
        load_runtime(model_copy)


def test_no_model(tmp_path, monkeypatch):
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path / "nothing"))
    with pytest.raises(ModelNotFoundError, match="jixiao train"):
        load_runtime()


PROBE = """
import sys, json
from nlp.classifier.runtime import load_runtime
preds = load_runtime(sys.argv[1]).predict(["稿件合格率", "督促检查"], ["≥98%", "≥60次"])
print(json.dumps({"n": len(preds), "modules": sorted({m.split('.')[0] for m in sys.modules})}))
"""


@pytest.mark.parametrize("heavy", ["sklearn", "skops", "pandas", "scipy", "jieba"])
def test_runtime_imports_nothing_heavy(model_dir, heavy):
    out = subprocess.run([sys.executable, "-c", PROBE, str(model_dir)], capture_output=True, text=True, check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["n"] == 2 and heavy not in probe["modules"]


def _proba(fine: str, p: float) -> np.ndarray:
    """A probability row giving ``fine`` ``p`` and the rest spread evenly."""
    row = np.full(len(FINE_LABELS), (1 - p) / (len(FINE_LABELS) - 1))
    row[FINE_LABELS.index(fine)] = p
    return row


def test_a_fold_never_trains_on_rows_echoing_the_source_it_scores():
    from nlp.classifier.data import LabelledRow

    def row(text, source, echoes=""):
        return LabelledRow(text=text, target="", label="social", source=source, group=source, echoes=echoes)

    rows = [row("a", "seed"), row("b", "team", echoes="seed"), row("c", "team"), row("d", "shenzhen")]
    seed_held = np.array([True, False, False, False])
    assert [r.text for r in train.training_rows(rows, seed_held)] == ["c", "d"]
    # Held out with another source, the echoing row trains like any other.
    shenzhen_held = np.array([False, False, False, True])
    assert [r.text for r in train.training_rows(rows, shenzhen_held)] == ["a", "b", "c"]


def test_mismatch_at_threshold_counts_flags_and_misfilings():
    # stated, label, prediction and its probability
    rows = [
        ("quality", "timeliness", "timeliness", 0.95),  # misfiled and flagged: right
        ("quality", "quality", "timeliness", 0.95),  # filed right, flagged: a false alarm
        ("quality", "timeliness", "timeliness", 0.60),  # misfiled, too unsure to flag: missed
        ("cost", "cost", "cost", 0.99),  # agrees: no flag
        (None, "social", "quantity", 0.99),  # no stated category: not scored
        ("social", "satisfaction", "satisfaction", 0.99),  # same coarse class: not a coarse misfiling
    ]
    stated, true = [r[0] for r in rows], [r[1] for r in rows]
    proba = np.array([_proba(fine, p) for _, _, fine, p in rows])
    result = train.mismatch_at(stated, true, proba, threshold=0.9)
    assert result == {
        "threshold": 0.9,
        "rows_with_stated": 5,
        "misfiled": 2,
        "flags_raised": 2,
        "flags_right": 1,
        "precision": 0.5,
        "recall": 0.5,
    }
    assert train.mismatch_at([None], ["cost"], proba[:1], 0.9)["precision"] is None

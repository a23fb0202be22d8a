"""``jixiao train`` as a library call: load data, cross-validate, fit, write the model.

Nothing is written until everything has succeeded; the model directory appears
in one rename (``store.write_model_dir``).
"""

from __future__ import annotations

import json
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import numpy as np

from ..errors import DataError
from ..taxonomy import COARSE_LABELS, FINE_LABELS
from . import data, evaluate, store, train
from .card import render_card


@dataclass(frozen=True)
class TrainResult:
    path: Path
    meta: dict[str, Any]


def _library_versions() -> dict[str, str]:
    import jieba
    import rjieba  # noqa: F401  (version from metadata: rjieba has no __version__)
    import sklearn
    import skops
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
        "skops": skops.__version__,
        "jieba": jieba.__version__,
        "rjieba": version("rjieba"),
    }


def cross_validated_metrics(rows: Sequence[data.LabelledRow], config: train.TrainConfig) -> tuple[dict, np.ndarray]:
    """Leave-one-source-out scores, Shenzhen unseen-project scores, the naive
    baseline on the same splits, and the out-of-fold probabilities."""
    folds = [train.fold_of(r) for r in rows]
    labels = [r.label for r in rows]
    metrics: dict[str, Any] = {}
    if len(set(folds)) > 1:
        proba, proba_bare = train.cross_validate(rows, folds, config)
        pred = [FINE_LABELS[i] for i in proba.argmax(axis=1)]
        metrics["leave_one_source_out"] = evaluate.scores_by_source(folds, labels, pred)
        # Other offices' tables leave the 指标值 cell blank or put it where the reader does not
        # look: the rows that have a target, scored as written and with it removed.
        own = np.flatnonzero(train.has_own_target(rows))
        metrics["without_target"] = {
            "rows": len(own),
            "as_written": evaluate.scores([labels[i] for i in own], [pred[i] for i in own]),
            "target_removed": evaluate.scores([labels[i] for i in own], [FINE_LABELS[j] for j in proba_bare[own].argmax(axis=1)]),
        }
        # Is `confidence` a probability a reviewer can read as one? Checked out of fold.
        metrics["calibration"] = evaluate.reliability(
            [float(p) for p in proba.max(axis=1)], [p == t for p, t in zip(pred, labels)]
        )
        filed = [i for i, r in enumerate(rows) if r.source == data.SHENZHEN_SOURCE and r.reviewed and r.stated]
        if filed:
            # The same predictions against the office's own filings, for comparison with
            # figures quoted on the unreviewed data (the review changed about one filing in ten).
            metrics["shenzhen_against_filed"] = evaluate.scores(
                [rows[i].stated for i in filed], [pred[i] for i in filed]
            )
    else:
        proba = np.zeros((len(rows), len(FINE_LABELS)))
    if any(r.source == data.SHENZHEN_SOURCE for r in rows):
        idx, sz_proba = train.cross_validate_projects(rows, config)
        sz_pred = [FINE_LABELS[j] for j in sz_proba.argmax(axis=1)]
        metrics["shenzhen_unseen_projects"] = evaluate.scores([labels[i] for i in idx], sz_pred)
        if all(rows[i].reviewed and rows[i].stated for i in idx):
            metrics["shenzhen_unseen_projects_against_filed"] = evaluate.scores([rows[i].stated for i in idx], sz_pred)
        base = train.baseline_predictions(rows)
        metrics["baseline_shenzhen_only"] = evaluate.scores_by_source(folds, labels, base)
    return metrics, proba


def train_model(
    paths: Sequence[Union[str, Path]],
    out: Union[str, Path],
    force: bool = False,
    config: train.TrainConfig = train.TrainConfig(),
    cross_validate: bool = True,
) -> TrainResult:
    """Train on the labelled files under ``paths`` and write the model directory ``out``."""
    out = Path(out)
    if out.exists() and not force:
        # Checked first as well as at the end: do not spend minutes training for nothing.
        from ..errors import ModelExistsError

        raise ModelExistsError("a model already exists here; pass --force to replace it", str(out))
    files = data.load_labelled(paths)
    rows = train.sort_rows(data.all_rows(files))
    try:
        return _train(rows, files, out, force, config, cross_validate)
    except DataError as error:
        # Raised by the fit (too few labels or too little text): about the data as a whole.
        if error.path:
            raise
        raise DataError(error.message, ", ".join(str(p) for p in paths)) from None


def _train(rows, files, out: Path, force: bool, config: train.TrainConfig, cross_validate: bool) -> TrainResult:
    """``train_model`` once the data is loaded: cross-validate, fit, write."""
    started = time.time()
    metrics: dict[str, Any] = {}
    threshold = {"threshold": 0.99, "note": "no cross-validation: flag only near-certain mismatches"}
    real_rows: dict[str, Any] = {}
    if cross_validate:
        metrics, oof = cross_validated_metrics(rows, config)
        if "leave_one_source_out" in metrics:
            # Precision is measurable only where the stated category and the label are
            # independent judgements: an unreviewed Shenzhen label *is* its stated 二级, so
            # a flag there would count as wrong even where the office misfiled the row.
            stated = [r.stated if r.reviewed else None for r in rows]
            labels = [r.label for r in rows]
            threshold = train.choose_threshold(stated, labels, oof)
            # The team's written misfilings are clear-cut, real authors' are not: the same
            # curve on real reports' rows alone says how often a flag is right there.
            real = [i for i, r in enumerate(rows) if r.source != train.WRITTEN_SOURCE]
            real_rows = train.choose_threshold([stated[i] for i in real], [labels[i] for i in real], oof[real])
    pipeline = train.fit(rows, config)
    arrays = train.export_runtime(pipeline)
    sources = sorted({r.source for r in rows})
    from .. import __version__

    meta: dict[str, Any] = {
        "format_version": store.FORMAT_VERSION,
        "jixiao_version": __version__,
        "fine_labels": list(FINE_LABELS),
        "coarse_labels": list(COARSE_LABELS),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "training_seconds": round(time.time() - started, 1),
        "training_data": {
            "sha256": data.data_sha256(files),
            "files": [
                {"path": f.path, "sha256": f.sha256, "rows": len(f.rows), "skipped": f.skipped}
                | ({"reviews": len(f.reviews)} if f.reviews else {})
                for f in files
            ],
            "reviewed_relabelled": sum(r.reviewed and r.source == data.SHENZHEN_SOURCE and r.label != r.stated for r in rows),
        },
        "rows": len(rows),
        "sources": {s: sum(r.source == s for r in rows) for s in sources},
        "label_counts": evaluate.label_counts([r.label for r in rows]),
        "label_counts_by_source": {
            s: evaluate.label_counts([r.label for r in rows if r.source == s]) for s in sources
        },
        "config": train.config_dict(config),
        "libraries": _library_versions(),
        "metrics": metrics,
        "mismatch": threshold,
        "mismatch_threshold": threshold["threshold"],
        "mismatch_on_real_rows": real_rows,
        "n_features": int(arrays["coef"].shape[1]),
    }

    def write(tmp: Path) -> None:
        store.save_pipeline(pipeline, tmp / store.MODEL_FILE)
        np.savez_compressed(tmp / store.RUNTIME_FILE, **arrays)
        meta["files"] = {name: store.sha256_file(tmp / name) for name in (store.MODEL_FILE, store.RUNTIME_FILE)}
        (tmp / store.META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (tmp / store.CARD_FILE).write_text(render_card(meta), encoding="utf-8")

    path = store.write_model_dir(out, write, force=force)
    return TrainResult(path=path, meta=meta)


def evaluate_model(paths: Sequence[Union[str, Path]], model: Optional[Union[str, Path]] = None) -> dict:
    """Scores of an existing model (its skops Pipeline) on labelled data, per source."""
    pipeline, meta = store.load_pipeline(model)
    files = data.load_labelled(paths)
    rows = data.all_rows(files)
    proba = train.proba_all_labels(pipeline, train.rows_inputs(rows))
    pred = [FINE_LABELS[i] for i in proba.argmax(axis=1)]
    # A file the model was trained on scores what the model memorised, not what it
    # will do on new reports: say so (by content hash, whatever the file is called).
    trained = {f["sha256"] for f in meta.get("training_data", {}).get("files", [])}
    return {
        "model": str(store.resolve(model)),
        "scores": evaluate.scores_by_source([r.source for r in rows], [r.label for r in rows], pred),
        "mismatch_threshold": meta["mismatch_threshold"],
        # Does the threshold chosen on the training data hold on this data? Only rows
        # with a stated category count; a reviewer's labels make this the precision
        # a reviewer would see on these reports.
        "mismatch": train.mismatch_at([r.stated for r in rows], [r.label for r in rows], proba, meta["mismatch_threshold"]),
        "seen_in_training": [f.path for f in files if f.sha256 in trained],
    }

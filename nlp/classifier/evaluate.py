"""Scores of predictions against labels: accuracy (fine and coarse), fine macro-F1,
the coarse confusion matrix, overall and per source. Pure numpy, so the notebook
and the CLI read the same numbers."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Sequence

from ..taxonomy import COARSE_LABELS, FINE_LABELS, FINE_TO_COARSE


def macro_f1(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] = FINE_LABELS) -> float:
    """Macro-F1 over the labels that occur in ``y_true`` (a label absent from a
    split would add a meaningless 0 or 1)."""
    present = [label for label in labels if label in set(y_true)]
    if not present:
        return 0.0
    scores = []
    for label in present:
        tp = sum(1 for t, p in zip(y_true, y_pred) if t == label and p == label)
        fp = sum(1 for t, p in zip(y_true, y_pred) if t != label and p == label)
        fn = sum(1 for t, p in zip(y_true, y_pred) if t == label and p != label)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores)


def confusion(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] = COARSE_LABELS) -> list[list[int]]:
    """Counts ``[true][pred]`` in ``labels`` order."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for t, p in zip(y_true, y_pred):
        matrix[index[t]][index[p]] += 1
    return matrix


def scores(y_true: Sequence[str], y_pred: Sequence[str]) -> dict:
    """Figures for one set of fine-label predictions."""
    n = len(y_true)
    coarse_true = [FINE_TO_COARSE[t] for t in y_true]
    coarse_pred = [FINE_TO_COARSE[p] for p in y_pred]
    return {
        "rows": n,
        "fine_accuracy": sum(t == p for t, p in zip(y_true, y_pred)) / n if n else 0.0,
        "coarse_accuracy": sum(t == p for t, p in zip(coarse_true, coarse_pred)) / n if n else 0.0,
        "fine_macro_f1": macro_f1(y_true, y_pred),
        "coarse_confusion": confusion(coarse_true, coarse_pred),
    }


def scores_by_source(sources: Sequence[str], y_true: Sequence[str], y_pred: Sequence[str]) -> dict:
    """``{"all": scores, "by_source": {source: scores}}``."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, source in enumerate(sources):
        groups[source].append(i)
    return {
        "all": scores(y_true, y_pred),
        "by_source": {
            source: scores([y_true[i] for i in idx], [y_pred[i] for i in idx]) for source, idx in sorted(groups.items())
        },
    }


def label_counts(labels: Sequence[str]) -> dict[str, int]:
    counts = Counter(labels)
    return {label: counts.get(label, 0) for label in FINE_LABELS}


def reliability(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> dict:
    """Expected calibration error and the reliability table of ``confidence`` (the
    probability given to the predicted label) against whether the prediction was right:
    a confidence of 0.8 should be right about 80% of the time."""
    table = []
    ece = 0.0
    n = len(confidence)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidence) if lo < c <= hi or (b == 0 and c == 0)]
        if not idx:
            continue
        mean_conf = sum(confidence[i] for i in idx) / len(idx)
        accuracy = sum(bool(correct[i]) for i in idx) / len(idx)
        ece += len(idx) / n * abs(mean_conf - accuracy)
        table.append({"bin": [lo, hi], "rows": len(idx), "confidence": round(mean_conf, 4), "accuracy": round(accuracy, 4)})
    return {"ece": round(ece, 4), "bins": table}

"""The classifier on the classify path: numpy arrays, no scikit-learn.

``import sklearn`` alone costs ~1.5 s and skops ~2 s, more than ``classify`` may
spend in total, so ``train`` exports the fitted Pipeline as arrays (``runtime.npz``)
and this module re-implements only its transform: the same analyzer functions,
vocabulary lookup, sublinear tf, idf, l2 norm, block weights, the linear decision
and the softmax of multinomial logistic regression. A test holds it equal to the
Pipeline's ``predict_proba`` to 1e-6.

>>> runtime = load_runtime()                                   # doctest: +SKIP
>>> runtime.predict(["督促检查"], ["≥60次"])[0].fine               # doctest: +SKIP
'quantity'
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import numpy as np

from ..errors import ModelIncompatibleError
from ..taxonomy import FINE_LABELS, FINE_TO_COARSE
from . import store
from .features import ANALYZERS, value_text

#: Inputs a block may read: the indicator name or its target value.
INPUTS = ("name", "target")


@dataclass(frozen=True)
class Prediction:
    """The classifier's answer for one indicator.

    ``confidence`` is the probability of the fine label; ``coarse_confidence`` the
    probability of its coarse class (summed over that class's fine labels), which is
    what a category-mismatch decision uses."""

    fine: str
    coarse: str
    confidence: float
    probabilities: dict[str, float] = field(default_factory=dict)
    coarse_confidence: float = 0.0


@dataclass(frozen=True)
class _Block:
    name: str
    analyzer: str
    input: str
    vocabulary: dict[str, int]
    idf: Optional[np.ndarray]
    offset: int
    sublinear_tf: bool
    binary: bool
    norm: Optional[str]
    weight: float


class ClassifierRuntime:
    """A loaded model: ``predict`` names and targets, read ``meta`` and
    ``mismatch_threshold``. Create with ``load_runtime``."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any], path: Path):
        self.meta = meta
        self.path = path
        self.mismatch_threshold = float(meta["mismatch_threshold"])
        hint = store.RETRAIN_HINT.format(path=path)
        try:
            config = json.loads(str(arrays["config"]))
            self.classes: tuple[str, ...] = tuple(str(c) for c in arrays["classes"])
            self._coef = np.asarray(arrays["coef"], dtype=np.float64)
            self._intercept = np.asarray(arrays["intercept"], dtype=np.float64)
            blocks = []
            offset = 0
            for spec in config["blocks"]:
                if spec["analyzer"] not in ANALYZERS or spec["input"] not in INPUTS:
                    raise ModelIncompatibleError(
                        f"runtime.npz names an unknown analyzer or input ({spec['analyzer']}, {spec['input']}); {hint}",
                        str(path),
                    )
                vocab = arrays["vocab_" + spec["name"]]
                idf = arrays["idf_" + spec["name"]] if spec["use_idf"] else None
                blocks.append(
                    _Block(
                        name=spec["name"],
                        analyzer=spec["analyzer"],
                        input=spec["input"],
                        vocabulary={str(tok): i for i, tok in enumerate(vocab)},
                        idf=None if idf is None else np.asarray(idf, dtype=np.float64),
                        offset=offset,
                        sublinear_tf=bool(spec["sublinear_tf"]),
                        binary=bool(spec["binary"]),
                        norm=spec["norm"],
                        weight=float(spec["weight"]),
                    )
                )
                offset += len(vocab)
        except (KeyError, ValueError, TypeError) as error:
            raise ModelIncompatibleError(f"runtime.npz is incomplete ({error}); {hint}", str(path)) from None
        if set(self.classes) - set(FINE_LABELS) or self._coef.shape != (len(self.classes), offset):
            raise ModelIncompatibleError(f"runtime.npz does not fit its labels or features; {hint}", str(path))
        self._blocks = tuple(blocks)
        self.n_features = offset

    def _row(self, name: str, target: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices and values of one row, exactly as the Pipeline computes them."""
        indices: list[np.ndarray] = []
        values: list[np.ndarray] = []
        texts = {"name": name, "target": target}
        for block in self._blocks:
            counts = Counter(
                block.vocabulary[t] for t in ANALYZERS[block.analyzer](texts[block.input]) if t in block.vocabulary
            )
            if not counts:
                continue
            idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            if block.binary:
                tf = np.ones_like(tf)
            if block.sublinear_tf:
                tf = np.log(tf) + 1.0
            if block.idf is not None:
                tf = tf * block.idf[idx]
            if block.norm == "l2":
                norm = math.sqrt(float(np.dot(tf, tf)))
                if norm > 0:
                    tf = tf / norm
            indices.append(idx + block.offset)
            values.append(tf * block.weight)
        if not indices:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(indices), np.concatenate(values)

    def predict_proba(self, names: Sequence[str], targets: Sequence[Optional[str]]) -> np.ndarray:
        """Class probabilities, one row per input, columns in ``self.classes`` order."""
        if len(names) != len(targets):
            raise ValueError("names and targets must have the same length")
        scores = np.empty((len(names), len(self.classes)))
        for i, (name, target) in enumerate(zip(names, targets)):
            idx, val = self._row(name or "", value_text(name, target))
            scores[i] = self._coef[:, idx] @ val + self._intercept
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict(self, names: Sequence[str], targets: Sequence[Optional[str]]) -> list[Prediction]:
        """One Prediction per (name, target); batch a report's rows into one call."""
        proba = self.predict_proba(names, targets)
        predictions = []
        for row in proba:
            best = int(np.argmax(row))
            fine = self.classes[best]
            coarse = FINE_TO_COARSE[fine]
            probabilities = {label: float(p) for label, p in zip(self.classes, row)}
            coarse_confidence = sum(p for label, p in probabilities.items() if FINE_TO_COARSE[label] == coarse)
            predictions.append(
                Prediction(
                    fine=fine,
                    coarse=coarse,
                    confidence=float(row[best]),
                    probabilities=probabilities,
                    coarse_confidence=float(min(coarse_confidence, 1.0)),
                )
            )
        return predictions


def load_runtime(path: Optional[Union[str, Path]] = None) -> ClassifierRuntime:
    """The model at ``path`` (default: ``$JIXIAO_MODEL`` or ``<repo>/models/default``),
    checked against its meta.json. Raises ModelNotFoundError, ModelIncompatibleError
    or ModelUntrustedError, each naming the fix."""
    path = store.resolve(path)
    meta = store.read_meta(path)
    file_path = store.verify_file(path, meta, store.RUNTIME_FILE)
    try:
        with np.load(file_path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except (OSError, ValueError) as error:
        raise ModelIncompatibleError(
            f"runtime.npz is unreadable ({error}); {store.RETRAIN_HINT.format(path=path)}", str(path)
        ) from None
    return ClassifierRuntime(arrays, meta, path)

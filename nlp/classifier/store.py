"""The model directory: file names, ``meta.json``, checks on load, atomic writes.

A model is a directory ``models/NAME/`` holding

* ``model.skops`` — the fitted scikit-learn Pipeline (canonical: evaluate, export,
  the notebook), loaded with an explicit list of trusted types;
* ``runtime.npz`` — the same model as plain arrays for the numpy runtime that
  ``classify`` uses (no scikit-learn, no pickle);
* ``meta.json`` — format version, labels, data hashes, library versions, metrics,
  the mismatch threshold; ``MODEL_CARD.md`` — the same for people.

Only the skops functions import skops, inside the function: the classify path
reads meta and checks hashes without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional, Union

from ..errors import ModelExistsError, ModelIncompatibleError, ModelNotFoundError, ModelUntrustedError
from ..taxonomy import COARSE_LABELS, FINE_LABELS

# 2: the value-form blocks read features.value_text (the name when the target cell is empty;
#    a bare-number target joined to the unit the name ends with).
# 3: an empty target is read as the name only when the name states a value (features.value_text):
#    a format-2 model would be read with other tokens for such rows.
FORMAT_VERSION = 3
MODEL_FILE = "model.skops"
RUNTIME_FILE = "runtime.npz"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"
ENV_VAR = "JIXIAO_MODEL"

#: Every type a jixiao model.skops may contain. skops refuses anything else, so a
#: file edited to smuggle in another callable is rejected instead of executed.
TRUSTED_TYPES: tuple[str, ...] = (
    "nlp.classifier.features.word_tokens",
    "nlp.classifier.features.char_ngrams",
    "nlp.classifier.features.form_tokens",
    "nlp.classifier.features.cue_tokens",
    "sklearn.pipeline.Pipeline",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "builtins.slice",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
)

RETRAIN_HINT = "retrain with `jixiao train --data corpus/labelled --data ../shared/corpus/shenzhen_targets/indicators.csv --out {path} --force`"


def default_model_path() -> Path:
    """``$JIXIAO_MODEL`` if set, else ``<repo>/models/default``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    import nlp

    return Path(nlp.__file__).resolve().parents[1] / "models" / "default"


def resolve(path: Optional[Union[str, Path]]) -> Path:
    return Path(path) if path else default_model_path()


def sha256_file(path: Union[str, Path]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_meta(path: Path) -> dict[str, Any]:
    """``meta.json`` of the model at ``path``, checked against this jixiao version."""
    meta_path = path / META_FILE
    if not path.is_dir() or not meta_path.is_file():
        raise ModelNotFoundError(
            "no classifier model here; train one with "
            f"`jixiao train --data corpus/labelled --out {path}` or set {ENV_VAR}",
            str(path),
        )
    hint = RETRAIN_HINT.format(path=path)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelIncompatibleError(f"meta.json is unreadable ({error}); {hint}", str(path)) from None
    if not isinstance(meta, dict):
        raise ModelIncompatibleError(f"meta.json is not an object; {hint}", str(path))
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelIncompatibleError(
            f"model format {meta.get('format_version')!r}, this jixiao reads format {FORMAT_VERSION}; {hint}",
            str(path),
        )
    if tuple(meta.get("fine_labels") or ()) != FINE_LABELS or tuple(meta.get("coarse_labels") or ()) != COARSE_LABELS:
        raise ModelIncompatibleError(f"the model's labels differ from jixiao's taxonomy; {hint}", str(path))
    if not isinstance(meta.get("mismatch_threshold"), (int, float)):
        raise ModelIncompatibleError(f"meta.json has no mismatch_threshold; {hint}", str(path))
    return meta


def verify_file(path: Path, meta: dict[str, Any], name: str) -> Path:
    """The path of ``name`` inside the model, after checking it against the SHA-256
    recorded in meta (a file changed after training is refused)."""
    file_path = path / name
    if not file_path.is_file():
        raise ModelIncompatibleError(f"{name} is missing; {RETRAIN_HINT.format(path=path)}", str(path))
    expected = (meta.get("files") or {}).get(name)
    if not expected:
        raise ModelIncompatibleError(
            f"meta.json records no hash for {name}; {RETRAIN_HINT.format(path=path)}", str(path)
        )
    if sha256_file(file_path) != expected:
        raise ModelUntrustedError(
            f"{name} differs from the file recorded in meta.json (altered or corrupted); "
            f"{RETRAIN_HINT.format(path=path)}",
            str(path),
        )
    return file_path


def save_pipeline(pipeline: Any, file_path: Path) -> None:
    import zipfile

    import skops.io as sio

    sio.dump(pipeline, file_path, compression=zipfile.ZIP_DEFLATED)


def load_pipeline(path: Optional[Union[str, Path]] = None) -> tuple[Any, dict[str, Any]]:
    """The fitted Pipeline and meta of the model at ``path`` (default model if None).

    Types outside ``TRUSTED_TYPES`` raise ModelUntrustedError, never execute."""
    import skops.io as sio

    path = resolve(path)
    meta = read_meta(path)
    file_path = verify_file(path, meta, MODEL_FILE)
    untrusted = [t for t in sio.get_untrusted_types(file=file_path) if t not in TRUSTED_TYPES]
    if untrusted:
        raise ModelUntrustedError(
            f"{MODEL_FILE} contains types jixiao does not trust ({', '.join(sorted(untrusted))}); "
            f"{RETRAIN_HINT.format(path=path)}",
            str(path),
        )
    try:
        pipeline = sio.load(file_path, trusted=list(TRUSTED_TYPES))
    except Exception as error:  # skops raises several types for bad files
        raise ModelUntrustedError(f"{MODEL_FILE} cannot be loaded safely ({error}); "
                                  f"{RETRAIN_HINT.format(path=path)}", str(path)) from None
    return pipeline, meta


def write_model_dir(out: Union[str, Path], write: Callable[[Path], None], force: bool = False) -> Path:
    """Create the model directory ``out`` atomically: ``write(tmp)`` fills a temporary
    sibling directory, which then replaces ``out``. On any error nothing changes."""
    out = Path(out)
    if out.exists() and not force:
        raise ModelExistsError("a model already exists here; pass --force to replace it", str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a shipped model must be readable by all
    try:
        write(tmp)
        if out.exists():
            # Move the old model aside first so that a failure leaves one of the two whole.
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            old.rmdir()
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out

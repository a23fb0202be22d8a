"""The pandas API: ``nlp.classify_reports(paths) -> DataFrame``, one row per indicator.

The columns are ``rows.INDICATOR_COLUMNS``, the same as the csv and the xlsx
``indicators`` sheet, so a notebook and a reviewer's workbook hold the same data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional, Union

from ..batch import run_batch
from ..errors import InputError
from .rows import INDICATOR_COLUMNS, indicator_rows

PathLike = Union[str, Path]


def classify_reports(
    paths: Union[PathLike, Iterable[PathLike]],
    model: Optional[PathLike] = None,
    jobs: int = 1,
    *,
    errors: str = "raise",
    classify: bool = True,
):
    """Read, classify and flag every report under ``paths`` (files or folders).

    ``errors="raise"`` (default) raises an InputError naming every file that could
    not be read, after all were tried; ``errors="skip"`` leaves them out and lists
    them in ``frame.attrs["errors"]`` as (path, message) pairs.

    >>> frame = classify_reports(["corpus/reports"])        # doctest: +SKIP
    >>> frame[frame.max_severity == "high"][["name", "target", "flags"]]  # doctest: +SKIP
    """
    import pandas as pd

    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    if isinstance(paths, (str, Path)):
        paths = [paths]
    outcomes = run_batch(paths, model, jobs=jobs, classify=classify)
    failed = [(o.path, o.error) for o in outcomes if not o.ok]
    if failed and errors == "raise":
        raise InputError("; ".join(message for _, message in failed))
    rows = [row for o in outcomes if o.ok for row in indicator_rows(o.report)]
    frame = pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))
    frame.attrs["errors"] = failed
    return frame

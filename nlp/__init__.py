"""jixiao: triage of Chinese budget-performance self-evaluation reports.

The public API is imported lazily so that ``import nlp`` (and ``classify --help``)
stays cheap: pandas, scikit-learn and spaCy load only on the paths that use them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "read_report": ".reader",
    "extract_claims": ".claims",
    "Analyzer": ".pipeline",
    "analyze": ".pipeline",
    "classify_reports": ".output.frame",
    "Report": ".schema",
    "Indicator": ".schema",
    "Target": ".schema",
    "Table": ".schema",
    "Claim": ".schema",
    "Flag": ".schema",
    "Paragraph": ".schema",
    "ScoringRow": ".schema",
    "FundsRow": ".schema",
    "JixiaoError": ".errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nlp' has no attribute {name!r}")
    return getattr(import_module(module, __name__), name)

"""Quantitative claims: counts, percentages, money, dates, durations, ratios and
scores, with unit, comparator and subject, at character offsets of the given text.

``extract_claims`` is pure and deterministic; the lexicons it compiles live in
``nlp/resources/claims/`` and are read once per process. Importing this package
loads neither spaCy, pandas, scikit-learn nor (until a long Chinese numeral needs
it) cn2an.
"""

from __future__ import annotations

from ..schema import Claim
from .extract import extract_claims

__all__ = ["Claim", "extract_claims"]

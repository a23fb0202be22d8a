"""Claims for every text field of a Report: indicator targets and actuals, goal and
task texts, and narrative paragraphs (at offsets into the report's source text)."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..schema import Claim, Paragraph, Report
from .extract import extract_claims


def _claims(text: Optional[str]) -> tuple[Claim, ...]:
    return tuple(extract_claims(text)) if text else ()


def _shift(claim: Claim, offset: int) -> Claim:
    return replace(claim, start=claim.start + offset, end=claim.end + offset)


def paragraph_claims(paragraph: Paragraph) -> tuple[Claim, ...]:
    """Claims of a paragraph, indexing the report text (paragraph.start + offset)."""
    base = max(paragraph.start, 0)
    return tuple(_shift(c, base) for c in _claims(paragraph.text))


def annotate_report(report: Report) -> Report:
    """A copy of ``report`` with claims on indicators, targets and narratives.

    ``report.claims`` holds the narrative claims in document order."""
    indicators = tuple(
        replace(ind, target_claims=_claims(ind.target), actual_claims=_claims(ind.actual))
        for ind in report.indicators
    )
    targets = tuple(
        replace(t, claims=_claims(t.text), actual_claims=_claims(t.actual)) for t in report.targets
    )
    narratives = tuple(replace(p, claims=paragraph_claims(p)) for p in report.narratives)
    claims = tuple(c for p in narratives for c in p.claims)
    return replace(report, indicators=indicators, targets=targets, narratives=narratives, claims=claims)

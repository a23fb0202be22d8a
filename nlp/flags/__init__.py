"""Weak-indicator flags: the checklist in shared/domain.md as small rules with stable codes.

``annotate_report(report)`` returns a copy of the report with flags appended (never
replacing the classifier's ``category_mismatch``) to indicators and targets, report-level
flags in ``report.flags`` and a ``Summary``. Every rule is a function listed in a registry
below under its code; severities and messages come from ``resources/flags/rules.json``.

Placeholder rows ("无此目标", "不适用", "/") get ``not_applicable`` and no other rule.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from ..schema import Flag, Indicator, Report, Target
from .base import is_not_applicable, make_flag
from .category import (
    activity_not_measure,
    duplicate_flags,
    long_name,
    missing_category_flags,
    process_as_output,
    unnamed_indicator,
)
from .compare import deviation_unexplained, overshoot, score_inconsistent, target_not_met
from .lexicon import lexicon, strip_marker
from .report import claims_conflict_flags, scoring_flags
from .summary import summarise, weakness
from .values import (
    ceiling_target,
    not_applicable,
    not_comparable,
    value_form_mismatch,
    vague_actual,
    vague_target,
)

IndicatorRule = Callable[[Indicator], list[Flag]]

#: Rules on one indicator, in the order their flags are appended.
INDICATOR_RULES: tuple[tuple[str, IndicatorRule], ...] = (
    ("vague_target", vague_target),
    ("vague_actual", vague_actual),
    ("not_comparable", not_comparable),
    ("target_not_met", target_not_met),
    ("score_inconsistent", score_inconsistent),
    ("deviation_unexplained", deviation_unexplained),
    ("overshoot", overshoot),
    ("ceiling_target", ceiling_target),
    ("value_form_mismatch", value_form_mismatch),
    ("activity_not_measure", activity_not_measure),
    ("process_as_output", process_as_output),
    ("long_name", long_name),
    ("unnamed_indicator", unnamed_indicator),
)

#: Codes decided on a whole report (some land on indicators, some on the report).
REPORT_RULES: tuple[str, ...] = ("duplicate_indicator", "missing_category", "score_inconsistent", "claims_conflict")

#: Every code a flag may carry, including the classifier's ``category_mismatch``.
CODES: tuple[str, ...] = (
    "vague_target",
    "vague_actual",
    "category_mismatch",
    "not_applicable",
    "not_comparable",
    "target_not_met",
    "score_inconsistent",
    "deviation_unexplained",
    "overshoot",
    "ceiling_target",
    "value_form_mismatch",
    "activity_not_measure",
    "process_as_output",
    "duplicate_indicator",
    "missing_category",
    "long_name",
    "claims_conflict",
    "unnamed_indicator",
)


def indicator_flags(ind: Indicator) -> list[Flag]:
    """The flags of one indicator on its own (no report-level rules)."""
    if is_not_applicable(ind):
        return not_applicable(ind)
    return [flag for _, rule in INDICATOR_RULES for flag in rule(ind)]


def target_flags(tgt: Target, shared: int = 1) -> list[Flag]:
    """Qualitative goals are text by design: only a placeholder or a bare "完成" is flagged.
    ``shared`` is how many goals share this goal's 实际完成 cell (the flag names them once)."""
    lx = lexicon()
    if lx.is_placeholder(strip_marker(tgt.text)):
        return [make_flag("not_applicable", strip_marker(tgt.text) or "（空）", text=strip_marker(tgt.text) or "空")]
    if tgt.actual and lx.is_completion(tgt.actual):
        core = strip_marker(tgt.actual)
        scope = f"（{shared}个目标共用）" if shared > 1 else ""
        return [make_flag("vague_actual", core, why=f"只写了“{core}”{scope}，没有说完成了多少")]
    return []


def _targets_with_flags(targets: tuple[Target, ...]) -> tuple[Target, ...]:
    # One 实际完成 cell often answers several goals; flag the cell once, on its first goal.
    counts: dict[str, int] = {}
    for t in targets:
        if t.actual:
            counts[t.actual] = counts.get(t.actual, 0) + 1
    seen: set[str] = set()
    out = []
    for t in targets:
        if t.actual and t.actual in seen:
            out.append(t)
            continue
        if t.actual:
            seen.add(t.actual)
        out.append(dataclasses.replace(t, flags=t.flags + tuple(target_flags(t, counts.get(t.actual or "", 1)))))
    return tuple(out)


def annotate_report(report: Report) -> Report:
    """A copy of ``report`` with every flag rule applied and ``summary`` filled."""
    per_indicator = [list(ind.flags) + indicator_flags(ind) for ind in report.indicators]
    for i, flags in duplicate_flags(report.indicators).items():
        per_indicator[i].extend(flags)
    indicators = tuple(
        dataclasses.replace(ind, flags=tuple(flags)) for ind, flags in zip(report.indicators, per_indicator)
    )
    targets = _targets_with_flags(report.targets)
    report_flags = report.flags + tuple(
        missing_category_flags(indicators) + scoring_flags(report) + claims_conflict_flags(report)
    )
    out = dataclasses.replace(report, indicators=indicators, targets=targets, flags=report_flags)
    return dataclasses.replace(out, summary=summarise(out))


__all__ = ["CODES", "INDICATOR_RULES", "REPORT_RULES", "annotate_report", "indicator_flags", "weakness"]

"""The per-report ``Summary`` and the weakness score that sorts a batch worst-first.

weakness = 100 × mean over judged indicators of min(1, (3·high + 1·medium + 0.25·low) / 3)
         + 10 × report-level high + 5 × report-level medium + 1 × report-level low

An indicator with one high flag (or three medium ones) counts as fully weak; a report
whose judged indicators are all fully weak scores 100 before its report-level flags
(scoring arithmetic, missing categories, conflicting claims) are added. Placeholder rows
("无此目标") are not judged and do not dilute the mean. Targets' flags are counted in
``by_code``/``by_severity`` but not in the score: qualitative goals are not indicators.
"""

from __future__ import annotations

from collections import Counter

from ..schema import SEVERITIES, Flag, Report, Summary

SEVERITY_WEIGHT = {"high": 3.0, "medium": 1.0, "low": 0.25}
REPORT_FLAG_WEIGHT = {"high": 10.0, "medium": 5.0, "low": 1.0}


def _indicator_weakness(flags: tuple[Flag, ...]) -> float:
    return min(1.0, sum(SEVERITY_WEIGHT.get(f.severity, 0.0) for f in flags) / 3.0)


def weakness(report: Report) -> float:
    judged = [ind for ind in report.indicators if not any(f.code == "not_applicable" for f in ind.flags)]
    mean = sum(_indicator_weakness(ind.flags) for ind in judged) / len(judged) if judged else 0.0
    extra = sum(REPORT_FLAG_WEIGHT.get(f.severity, 0.0) for f in report.flags)
    return round(100.0 * mean + extra, 1)


def summarise(report: Report) -> Summary:
    all_flags = [f for ind in report.indicators for f in ind.flags]
    all_flags += [f for tgt in report.targets for f in tgt.flags]
    all_flags += list(report.flags)
    by_severity = {s: 0 for s in SEVERITIES}
    by_severity.update(Counter(f.severity for f in all_flags))
    by_code = dict(sorted(Counter(f.code for f in all_flags).items()))
    n = len(report.indicators)
    high = sum(1 for ind in report.indicators if any(f.severity == "high" for f in ind.flags))
    return Summary(
        indicators=n,
        flagged=sum(1 for ind in report.indicators if ind.flags),
        by_severity=by_severity,
        by_code=by_code,
        high_share=round(high / n, 4) if n else 0.0,
        weakness=weakness(report),
    )

"""Reports flattened for tabular formats: one row per indicator, one row per report.

csv, xlsx, the pandas frame, the terminal table and the HTML page all read the
fields here, and these read ``serialize.report_to_dict`` (the JSON contract), so
no format re-derives a field of its own and all of them agree with ``--format jsonl``.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from ..schema import SEVERITIES, Report
from ..serialize import report_to_dict

#: Columns of the indicator rows, in order (csv header, xlsx ``indicators`` sheet, DataFrame).
INDICATOR_COLUMNS = (
    "path",
    "kind",
    "id",
    "table",
    "project",
    "level1",
    "stated_category",
    "name",
    "target",
    "actual",
    "weight",
    "score",
    "deviation_note",
    "category",
    "subcategory",
    "confidence",
    "target_claims",
    "actual_claims",
    "flags",
    "flag_codes",
    "max_severity",
)

#: Columns of the per-report rows (xlsx ``summary`` sheet, the batch summary table).
SUMMARY_COLUMNS = (
    "path",
    "kind",
    "title",
    "indicators",
    "flagged",
    "high",
    "medium",
    "low",
    "high_share",
    "weakness",
    "overall_score",
    "grade",
    "report_flags",
    "codes",
)

#: Higher is worse; unknown severities rank below "low" rather than failing.
SEVERITY_RANK = {name: len(SEVERITIES) - i for i, name in enumerate(SEVERITIES)}

#: Separator of several values in one text cell: a line break, so that Excel/WPS
#: (with wrapping on) and the terminal show one flag or claim per line.
JOIN = "\n"


def severity_rank(severity: Optional[str]) -> int:
    return SEVERITY_RANK.get(severity or "", 0)


#: Longest evidence quoted in a text cell; the full span is in json/jsonl and the html page.
EVIDENCE_CHARS = 80


def evidence_note(flag: dict, limit: int = EVIDENCE_CHARS) -> str:
    """The flag's evidence as a quote, or "" when the message already quotes it: a
    reviewer must see what text triggered a flag, but not the same text twice."""
    evidence = " ".join((flag.get("evidence") or "").split())
    if not evidence or evidence in flag.get("message", ""):
        return ""
    if len(evidence) > limit:
        evidence = evidence[: limit - 1] + "…"
    return f"〔{evidence}〕"


def flag_text(flag: dict) -> str:
    """``code(severity): message〔evidence〕`` — the one-line form of a flag in text cells."""
    return f"{flag['code']}({flag['severity']}): {flag['message']}{evidence_note(flag)}"


def flags_text(flags: Iterable[dict]) -> str:
    return JOIN.join(flag_text(f) for f in flags)


def claims_text(claims: Iterable[dict]) -> str:
    return JOIN.join(c["text"] for c in claims)


def max_severity(flags: Iterable[dict]) -> Optional[str]:
    """The worst severity among ``flags``, or None when there are none."""
    worst = None
    for flag in flags:
        if severity_rank(flag.get("severity")) > severity_rank(worst):
            worst = flag["severity"]
    return worst


def all_flags(data: dict) -> list[dict]:
    """Every flag of a report dict: report-level, indicators', targets'."""
    found = list(data.get("flags", ()))
    for ind in data.get("indicators", ()):
        found.extend(ind.get("flags", ()))
    for tgt in data.get("targets", ()):
        found.extend(tgt.get("flags", ()))
    return found


def as_dict(report: Report | dict) -> dict:
    """The contract dict of a Report (a dict is assumed to be one already)."""
    return report if isinstance(report, dict) else report_to_dict(report)


def indicator_rows(report: Report | dict) -> list[dict[str, Any]]:
    """One flat row per indicator, keyed by ``INDICATOR_COLUMNS``, in document order."""
    data = as_dict(report)
    rows = []
    for ind in data["indicators"]:
        row = {
            "path": data["path"],
            "kind": data["kind"],
            **{key: ind.get(key) for key in INDICATOR_COLUMNS if key in ind},
            "target_claims": claims_text(ind.get("target_claims", ())),
            "actual_claims": claims_text(ind.get("actual_claims", ())),
            "flags": flags_text(ind.get("flags", ())),
            "flag_codes": ",".join(dict.fromkeys(f["code"] for f in ind.get("flags", ()))),
            "max_severity": max_severity(ind.get("flags", ())),
        }
        rows.append({key: row.get(key) for key in INDICATOR_COLUMNS})
    return rows


def summary_row(report: Report | dict) -> dict[str, Any]:
    """One row per report, keyed by ``SUMMARY_COLUMNS``, from the report's ``summary``."""
    data = as_dict(report)
    summary = data.get("summary") or {}
    by_severity = summary.get("by_severity") or {}
    by_code = summary.get("by_code") or {}
    row = {
        "path": data["path"],
        "kind": data["kind"],
        "title": data.get("title"),
        "indicators": summary.get("indicators", len(data["indicators"])),
        "flagged": summary.get("flagged", 0),
        "high": by_severity.get("high", 0),
        "medium": by_severity.get("medium", 0),
        "low": by_severity.get("low", 0),
        "high_share": summary.get("high_share", 0.0),
        "weakness": summary.get("weakness", 0.0),
        "overall_score": data.get("overall_score"),
        "grade": data.get("grade"),
        "report_flags": flags_text(data.get("flags", ())),
        "codes": ", ".join(
            f"{code}×{n}" for code, n in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
    }
    return {key: row[key] for key in SUMMARY_COLUMNS}


def worst_first(reports: Iterable[Report | dict]) -> list[dict]:
    """Report dicts sorted by the summary's weakness score, worst first; ties keep
    input order (sorted() is stable), so the output is deterministic."""
    datas = [as_dict(r) for r in reports]
    return sorted(datas, key=lambda d: -float((d.get("summary") or {}).get("weakness") or 0.0))


def indicator_order(indicators: list[dict]) -> list[dict]:
    """Indicators worst first: by worst flag severity, then number of flags; ties
    keep document order."""
    return sorted(
        indicators,
        key=lambda ind: (-severity_rank(max_severity(ind.get("flags", ()))), -len(ind.get("flags", ()))),
    )


def reaches(report: Report | dict, threshold: str) -> bool:
    """True when the report has a flag of ``threshold`` severity or worse (``--fail-on``)."""
    floor = severity_rank(threshold)
    return any(severity_rank(f.get("severity")) >= floor for f in all_flags(as_dict(report)))

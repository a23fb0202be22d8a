"""Reports to plain JSON-ready dicts: the output contract of ``classify --format jsonl``.

Kept apart from the writers so that every format (json, jsonl, csv, xlsx, html,
the pandas frame) reads the same fields.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from .schema import Claim, Flag, Indicator, Paragraph, Report, ScoringRow, Target


def _num(value: Any) -> Any:
    """Decimal to int when integral, else float: JSON readers expect numbers."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    return value


def claim_to_dict(claim: Claim) -> dict:
    return {
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "value": _num(claim.value),
        "unit": claim.unit,
        "kind": claim.kind,
        "op": claim.op,
        "subject": claim.subject,
        "value_yuan": _num(claim.value_yuan),
        "high": _num(claim.high),
    }


def flag_to_dict(flag: Flag) -> dict:
    return dataclasses.asdict(flag)


def indicator_to_dict(ind: Indicator) -> dict:
    return {
        "id": ind.id,
        "table": ind.table,
        "project": ind.project,
        "level1": ind.level1,
        "stated_category": ind.stated_category,
        "name": ind.name,
        "target": ind.target,
        "actual": ind.actual,
        "weight": _num(ind.weight),
        "score": _num(ind.score),
        "deviation_note": ind.deviation_note,
        "category": ind.category,
        "subcategory": ind.subcategory,
        "confidence": ind.confidence,
        "target_claims": [claim_to_dict(c) for c in ind.target_claims],
        "actual_claims": [claim_to_dict(c) for c in ind.actual_claims],
        "flags": [flag_to_dict(f) for f in ind.flags],
    }


def target_to_dict(t: Target) -> dict:
    return {
        "id": t.id,
        "kind": t.kind,
        "text": t.text,
        "actual": t.actual,
        "category": t.category,
        "subcategory": t.subcategory,
        "confidence": t.confidence,
        "claims": [claim_to_dict(c) for c in t.claims],
        "actual_claims": [claim_to_dict(c) for c in t.actual_claims],
        "flags": [flag_to_dict(f) for f in t.flags],
    }


def scoring_to_dict(row: ScoringRow) -> dict:
    return {k: _num(v) for k, v in dataclasses.asdict(row).items()}


def paragraph_to_dict(p: Paragraph) -> dict:
    return {
        "text": p.text,
        "start": p.start,
        "end": p.end,
        "section": p.section,
        "claims": [claim_to_dict(c) for c in p.claims],
    }


def report_to_dict(report: Report) -> dict:
    """The contract: one JSON object per input file."""
    return {
        "path": report.path,
        "kind": report.kind,
        "title": report.title,
        "encoding": report.encoding,
        "overall_score": _num(report.overall_score),
        "grade": report.grade,
        "indicators": [indicator_to_dict(i) for i in report.indicators],
        "targets": [target_to_dict(t) for t in report.targets],
        "scoring": [scoring_to_dict(r) for r in report.scoring],
        "funds": [{k: _num(v) for k, v in dataclasses.asdict(f).items()} for f in report.funds],
        "narratives": [paragraph_to_dict(p) for p in report.narratives],
        "claims": [claim_to_dict(c) for c in report.claims],
        "flags": [flag_to_dict(f) for f in report.flags],
        "summary": dataclasses.asdict(report.summary),
        "warnings": list(report.warnings),
    }


def dumps(obj: Any, *, indent: int | None = None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _num(value)
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")

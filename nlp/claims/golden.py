"""Scoring the extractor on golden cases (``tests/golden/claims/*.json``).

A case is ``{"input", "results": [{"text", "start", "end", "value", "unit", "kind",
"op", ...}], "negative"?, "ambiguous"?, "source"?}``, after Microsoft
Recognizers-Text's ``Specs/NumberWithUnit``. A claim counts as correct when its
(value, kind, op) equals an expected one (each expected claim matches once);
ambiguous cases are listed but not scored.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Union

from ..errors import DataError, FileMissingError
from .extract import extract_claims

Key = tuple[str, str, str]


@dataclass(frozen=True)
class CaseResult:
    source: str
    input: str
    ambiguous: bool
    expected: tuple[Key, ...]
    predicted: tuple[Key, ...]
    correct: int

    @property
    def ok(self) -> bool:
        return self.correct == len(self.expected) == len(self.predicted)


@dataclass(frozen=True)
class GoldenResult:
    cases: tuple[CaseResult, ...]
    true_positives: int
    predicted: int
    expected: int
    by_kind: dict = field(default_factory=dict)  # kind -> {"tp", "predicted", "expected"}
    by_source: dict = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0


def _value_key(value) -> str:
    """'2.30', 2.3 and Decimal('2.3') compare equal; dates compare as strings."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return str(number.normalize())


def key(value, kind: str, op: str) -> Key:
    return (_value_key(value), kind, op)


def load_cases(paths: Iterable[Union[str, Path]]) -> list[dict]:
    """Cases from the given files and folders (``*.json``), in a stable order."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.glob("*.json")))
        elif path.is_file():
            files.append(path)
        else:
            raise FileMissingError("no golden case file or folder here", str(path))
    cases = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            message = f"not valid JSON ({error.msg}); fix the file"
            raise DataError(message, str(file), row=error.lineno) from None
        if not isinstance(data, list):
            raise DataError("a golden file holds a JSON list of cases", str(file))
        for i, case in enumerate(data, 1):
            if not isinstance(case, dict) or "input" not in case or "results" not in case:
                raise DataError("each case needs 'input' and 'results'", str(file), row=i)
            cases.append({**case, "_file": file.name})
    return cases


def score_case(case: dict) -> CaseResult:
    expected = tuple(key(r["value"], r["kind"], r["op"]) for r in case["results"])
    predicted = tuple(key(c.value, c.kind, c.op) for c in extract_claims(case["input"]))
    correct = sum((Counter(expected) & Counter(predicted)).values())
    return CaseResult(
        source=case.get("source") or case["_file"],
        input=case["input"],
        ambiguous=bool(case.get("ambiguous")),
        expected=expected,
        predicted=predicted,
        correct=correct,
    )


def _add(table: dict, name: str, tp: int, predicted: int, expected: int) -> None:
    row = table.setdefault(name, {"tp": 0, "predicted": 0, "expected": 0})
    row["tp"] += tp
    row["predicted"] += predicted
    row["expected"] += expected


def evaluate(paths: Iterable[Union[str, Path]]) -> GoldenResult:
    """Precision and recall on exact (value, kind, op) over the non-ambiguous cases."""
    results = tuple(score_case(case) for case in load_cases(paths))
    by_kind: dict = {}
    by_source: dict = {}
    tp = predicted = expected = 0
    for result in results:
        if result.ambiguous:
            continue
        tp += result.correct
        predicted += len(result.predicted)
        expected += len(result.expected)
        _add(by_source, result.source.split()[0], result.correct, len(result.predicted), len(result.expected))
        exp, pred = Counter(result.expected), Counter(result.predicted)
        both = exp & pred
        for kind in {k[1] for k in exp} | {k[1] for k in pred}:
            _add(
                by_kind,
                kind,
                sum(n for k, n in both.items() if k[1] == kind),
                sum(n for k, n in pred.items() if k[1] == kind),
                sum(n for k, n in exp.items() if k[1] == kind),
            )
    return GoldenResult(results, tp, predicted, expected, by_kind, by_source)


def _pr(row: dict) -> str:
    p = row["tp"] / row["predicted"] if row["predicted"] else 1.0
    r = row["tp"] / row["expected"] if row["expected"] else 1.0
    return f"{p:9.3f} {r:7.3f} {row['expected']:9d} {row['predicted']:10d}"


def format_report(result: GoldenResult, *, show_errors: int = 20) -> str:
    """A plain-text table: overall, per kind, per source, then the first misses."""
    scored = [c for c in result.cases if not c.ambiguous]
    lines = [
        f"claims golden set: {len(result.cases)} cases, {len(scored)} scored, "
        f"{len(result.cases) - len(scored)} ambiguous (listed, not scored)",
        f"exact (value, kind, op): precision {result.precision:.3f}  recall {result.recall:.3f}  "
        f"({result.true_positives} correct of {result.predicted} found, {result.expected} expected)",
        "",
        f"{'':12} {'precision':>9} {'recall':>7} {'expected':>9} {'predicted':>10}",
    ]
    for name in sorted(result.by_kind):
        lines.append(f"{'kind ' + name:12} {_pr(result.by_kind[name])}")
    for name in sorted(result.by_source):
        lines.append(f"{'src ' + name:12} {_pr(result.by_source[name])}")
    misses = [c for c in scored if not c.ok]
    if misses:
        lines += ["", f"cases with errors: {len(misses)}"]
        for case in misses[:show_errors]:
            lines.append(f"- {case.input[:60]!r}")
            lines.append(f"    expected {list(case.expected)}")
            lines.append(f"    found    {list(case.predicted)}")
    return "\n".join(lines)

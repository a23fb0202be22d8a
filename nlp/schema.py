"""The data that flows through jixiao: frozen dataclasses, nothing else.

Every stage (reader, claims extractor, classifier, flag rules) takes these and
returns new instances (``dataclasses.replace``); nothing is mutated in place, so a
Report can be shared between threads and serialised at any point.

Offsets are character offsets (Python ``str`` indices) into the text named in each
docstring, never into a normalised copy. Numbers are ``Decimal`` so that "654.74万元"
stays exactly 654.74 and scores add up without float noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Union

#: Report kinds, as written in the JSON contract.
REPORT_KINDS = ("department_report", "project_report", "indicator_table", "unknown")
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Claim:
    """One quantitative statement found in a text.

    ``start``/``end`` index the text the extractor was given. ``value`` is a Decimal,
    or an ISO date string (``2023-12-31``, ``2023-12``) for ``kind == "date"``.
    ``op`` is one of ``=``, ``>=``, ``>``, ``<=``, ``<``, ``~``.
    ``value_yuan`` is money normalised to 元 (None for other kinds). ``high`` is the
    upper bound of a range ("80%（含）-90%"), else None.
    """

    text: str
    start: int
    end: int
    value: Union[Decimal, str]
    unit: str
    kind: str  # count | percent | money | date | duration | ratio | score
    op: str = "="
    subject: Optional[str] = None
    value_yuan: Optional[Decimal] = None
    high: Optional[Decimal] = None


@dataclass(frozen=True)
class Flag:
    """A weakness found by a rule. ``evidence`` is the text that triggered it;
    ``field`` names where it was found (name, target, actual, score, narrative, report)."""

    code: str
    severity: str  # high | medium | low
    message: str
    evidence: str = ""
    field: str = ""


@dataclass(frozen=True)
class Indicator:
    """One row (or one "指标N：" part of a cell) of a quantitative-target table.

    ``stated_category`` is the 二级 text as the report wrote it (e.g. "质量指标",
    "机关党建"), or None. ``category``/``subcategory``/``confidence`` are the
    classifier's, filled later. ``target_claims``/``actual_claims`` index ``target``
    and ``actual`` respectively. ``start``/``end`` locate the row in the source text
    when the reader knows it (-1 otherwise).
    """

    id: str
    table: str
    level1: Optional[str]
    stated_category: Optional[str]
    name: str
    target: Optional[str]
    actual: Optional[str] = None
    weight: Optional[Decimal] = None
    score: Optional[Decimal] = None
    deviation_note: Optional[str] = None
    project: Optional[str] = None
    category: Optional[str] = None
    subcategory: Optional[str] = None
    confidence: Optional[float] = None
    target_claims: tuple[Claim, ...] = ()
    actual_claims: tuple[Claim, ...] = ()
    flags: tuple[Flag, ...] = ()
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Target:
    """A qualitative target ("目标1：…", kind ``goal``) or an annual task ("任务1：…",
    kind ``task``), with the matching 实际完成 text when the report gives one."""

    id: str
    kind: str  # goal | task
    text: str
    actual: Optional[str] = None
    category: Optional[str] = None
    subcategory: Optional[str] = None
    confidence: Optional[float] = None
    claims: tuple[Claim, ...] = ()
    actual_claims: tuple[Claim, ...] = ()
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class ScoringRow:
    """A row of the scoring table (评分表): criteria, not targets."""

    level1: Optional[str]
    level2: Optional[str]
    criterion: str
    standard: Optional[str] = None
    weight: Optional[Decimal] = None
    score: Optional[Decimal] = None
    deduction_note: Optional[str] = None
    table: str = ""


@dataclass(frozen=True)
class FundsRow:
    """A row of the 年度资金 table of a project or department self-evaluation."""

    item: str
    initial_budget: Optional[Decimal] = None  # 年初预算数
    full_year_budget: Optional[Decimal] = None  # 全年预算数
    executed: Optional[Decimal] = None  # 全年执行数
    weight: Optional[Decimal] = None  # 分值
    execution_rate: Optional[Decimal] = None  # 执行率, in percent
    score: Optional[Decimal] = None
    table: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A narrative paragraph; ``start``/``end`` index the report's source text.
    ``claims`` also index the source text (not the paragraph)."""

    text: str
    start: int
    end: int
    section: Optional[str] = None
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table as recovered from the document: a grid of cell strings (merged cells
    empty), its role, and where it lies in the source text."""

    id: str
    kind: str  # indicators | scoring | funds | targets | other
    rows: tuple[tuple[str, ...], ...]
    title: Optional[str] = None
    project: Optional[str] = None
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Summary:
    """Counts a reviewer reads first; ``weakness`` sorts a batch worst-first."""

    indicators: int = 0
    flagged: int = 0
    by_severity: dict = field(default_factory=dict)
    by_code: dict = field(default_factory=dict)
    high_share: float = 0.0
    weakness: float = 0.0


@dataclass(frozen=True)
class Report:
    """Everything recovered from one input file."""

    path: str
    kind: str
    text: str = ""
    encoding: Optional[str] = None
    title: Optional[str] = None
    tables: tuple[Table, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    targets: tuple[Target, ...] = ()
    scoring: tuple[ScoringRow, ...] = ()
    funds: tuple[FundsRow, ...] = ()
    overall_score: Optional[Decimal] = None
    grade: Optional[str] = None
    narratives: tuple[Paragraph, ...] = ()
    claims: tuple[Claim, ...] = ()
    flags: tuple[Flag, ...] = ()
    summary: Summary = field(default_factory=Summary)
    warnings: tuple[str, ...] = ()

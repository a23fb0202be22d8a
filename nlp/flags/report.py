"""Report-level rules: scoring arithmetic and numbers that disagree across the report.

Scoring: each row's score ≤ its weight; the rows add up to the 总分 row (weights and
scores); a level's rows add up to the subtotal its label states ("投  入（15分）");
the report's overall score equals the scoring total. Without a scoring table, the
overall score must equal some indicator table's total (indicator scores plus that
table's 年度资金 score).

Conflicts: two count/money claims with the same unit and different values whose
surroundings (the phrase before and after the number) name the same thing. Claims in
one sentence ("分别达88.74%、91.3%") are never compared with each other.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple, Optional

from ..schema import Claim, Flag, FundsRow, Report, ScoringRow, Table
from .base import as_decimal, make_flag
from .lexicon import compact

_SUBTOTAL_RE = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]")
_TOTAL_RE = re.compile(r"^(?:总分|总计|合计|综合得分)")
_CLAUSE_END = "，,。；;：:！!？?\n"
CONTEXT_CHARS = 24
#: Claims that state a value (not a bound): exact, approximate, "…余/多" (op ">").
_POINT_OPS = frozenset({"=", "~", ">"})
SIMILARITY = 0.85


def _fmt(value: Optional[Decimal]) -> str:
    return "空" if value is None else f"{value.normalize():f}"


def _label(row: ScoringRow) -> str:
    return compact(row.criterion) or compact(row.level2) or compact(row.level1)


def _is_total(row: ScoringRow) -> bool:
    return any(_TOTAL_RE.match(compact(t)) for t in (row.level1, row.level2, row.criterion))


def _sum(values) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def grid_total(table: Table) -> Optional[tuple[Optional[Decimal], Optional[Decimal]]]:
    """(weight, score) of a table's 总分/合计 row as the grid shows it, or None."""
    for cells in table.rows:
        texts = [compact(c) for c in cells if compact(c)]
        if not texts or not _TOTAL_RE.match(texts[0]):
            continue
        numbers = [n for n in (_number(t) for t in texts[1:]) if n is not None]
        if numbers:
            return numbers[0], numbers[1] if len(numbers) > 1 else None
    return None


def _number(text: str) -> Optional[Decimal]:
    return as_decimal(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else None


def _total_flags(label: str, sum_w: Decimal, sum_s: Optional[Decimal], total) -> list[Flag]:
    flags = []
    tw, ts = total
    if tw is not None and sum_w and sum_w != tw:
        flags.append(make_flag("score_inconsistent", f"总分 {_fmt(tw)}", field="score",
                               why=f"{label}各项分值合计{_fmt(sum_w)}，与总分栏{_fmt(tw)}不符"))
    if ts is not None and sum_s is not None and sum_s != ts:
        flags.append(make_flag("score_inconsistent", f"总分 {_fmt(ts)}", field="score",
                               why=f"{label}各项得分合计{_fmt(sum_s)}，与总分栏{_fmt(ts)}不符"))
    return flags


def scoring_flags(report: Report) -> list[Flag]:
    """Scoring-table and indicator-table arithmetic (see the module docstring)."""
    flags: list[Flag] = []
    rows = [r for r in report.scoring if not _is_total(r)]
    for r in rows:
        w, s = as_decimal(r.weight), as_decimal(r.score)
        if w is not None and s is not None and s > w:
            flags.append(
                make_flag("score_inconsistent", f"{_label(r)} {_fmt(s)}/{_fmt(w)}", field="score",
                          why=f"评分表“{_label(r)}”得分{_fmt(s)}高于分值{_fmt(w)}")
            )
    for level in ("level1", "level2"):
        # Grouped by the label alone: a scoring table continued on a second page ("评分表（续）")
        # is a second Table with the same level labels.
        groups: dict[str, list[ScoringRow]] = defaultdict(list)
        for r in rows:
            text = compact(getattr(r, level))
            if _SUBTOTAL_RE.search(text):
                groups[text].append(r)
        for text, members in groups.items():
            stated = Decimal(_SUBTOTAL_RE.search(text).group(1))
            got = _sum(as_decimal(r.weight) for r in members)
            if got and got != stated:
                flags.append(
                    make_flag("score_inconsistent", text, field="score",
                              why=f"“{text}”下各项分值合计{_fmt(got)}，与标明的{_fmt(stated)}分不符")
                )
    scored = [r for r in rows if r.score is not None]
    sum_scores = _sum(as_decimal(r.score) for r in scored) if scored else None
    sum_weights = _sum(as_decimal(r.weight) for r in rows)
    totals = [(as_decimal(t.weight), as_decimal(t.score)) for t in report.scoring if _is_total(t)]
    if not totals:
        totals = [t for t in (grid_total(tb) for tb in report.tables if tb.kind == "scoring") if t]
    total_score = None
    for total in totals[:1]:
        flags.extend(_total_flags("评分表", sum_weights, sum_scores, total))
        total_score = total[1]
    overall = as_decimal(report.overall_score)
    if rows:
        reference = total_score if total_score is not None else sum_scores
        if overall is not None and reference is not None and overall != reference:
            source = "评分表总分" if total_score is not None else "评分表各项得分合计"
            flags.append(make_flag("score_inconsistent", f"综合得分 {_fmt(overall)}", field="score",
                                   why=f"自评综合得分{_fmt(overall)}与{source}{_fmt(reference)}不符"))
    else:
        flags.extend(_indicator_table_flags(report, overall))
    return flags


def _funds_for(report: Report) -> dict[str, FundsRow]:
    """The 年度资金总额 row that belongs to each indicator table: the nearest funds table before it."""
    first_scored = {}
    for f in report.funds:
        if f.score is not None or f.weight is not None:
            first_scored.setdefault(f.table, f)
    out, current = {}, None
    for table in report.tables:
        if table.kind == "funds":
            current = first_scored.get(table.id)
        elif table.kind == "indicators" and current is not None:
            out[table.id] = current
            current = None
    return out


def _indicator_table_flags(report: Report, overall: Optional[Decimal]) -> list[Flag]:
    by_table: dict[str, list] = defaultdict(list)
    for ind in report.indicators:
        by_table[ind.table].append(ind)
    funds = _funds_for(report)
    tables = {t.id: t for t in report.tables}
    flags: list[Flag] = []
    table_scores = []
    for table_id, inds in by_table.items():
        if all(ind.score is None and ind.weight is None for ind in inds):
            continue
        fund = funds.get(table_id)
        sum_w = _sum(as_decimal(i.weight) for i in inds) + (as_decimal(fund.weight) or 0 if fund else 0)
        sum_s = _sum(as_decimal(i.score) for i in inds) + (as_decimal(fund.score) or 0 if fund else 0)
        label = f"指标表（{inds[0].project}）" if inds[0].project else "指标表"
        total = grid_total(tables[table_id]) if table_id in tables else None
        if total:
            flags.extend(_total_flags(label, sum_w, sum_s, total))
        table_scores.append(total[1] if total and total[1] is not None else sum_s)
    if overall is not None and table_scores and overall not in table_scores:
        got = "、".join(_fmt(v) for v in table_scores)
        flags.append(make_flag("score_inconsistent", f"综合得分 {_fmt(overall)}", field="score",
                               why=f"自评综合得分{_fmt(overall)}与各指标表的总分（{got}）都不符"))
    return flags


# --- claims that disagree ------------------------------------------------------------
_CUT_RE = re.compile(rf"[{_CLAUSE_END}]|\d")
_FILLER_RE = re.compile(r"[的了和与及、等各类共全年]")


def _context(text: str, claim: Claim) -> tuple[str, str]:
    """The clause around a claim: the words before the number and after it, each cut at
    the clause's end or at the next number (which starts another claim's subject)."""
    start, end = claim.start, claim.end
    before = text[max(0, start - CONTEXT_CHARS) : start]
    before = _CUT_RE.split(before)[-1]
    after = text[end : end + CONTEXT_CHARS]
    after = _CUT_RE.split(after)[0]
    return compact(before), compact(after)


def _bigrams(s: str) -> set[str]:
    s = _FILLER_RE.sub("", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _dice(x: set[str], y: set[str]) -> float:
    if len(x) < 3 or len(y) < 3:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def _similar(a: str, b: str) -> float:
    return _dice(_bigrams(a), _bigrams(b))


def _value(c: Claim) -> Optional[Decimal]:
    return as_decimal(c.value_yuan) if c.kind == "money" and c.value_yuan is not None else as_decimal(c.value)


def _agree(a: Claim, b: Claim) -> bool:
    """Equal values, or within 10% when either is approximate ("70余次", "约105万字")."""
    x, y = _value(a), _value(b)
    if x is None or y is None or x == y:
        return True
    if "=" in (a.op, b.op) and a.op == b.op:
        return False
    return abs(x - y) <= Decimal("0.1") * max(abs(x), abs(y))


def _same_unit(a: Claim, b: Claim) -> bool:
    if a.kind != b.kind or a.kind not in ("count", "money"):
        return False
    return a.kind == "money" or compact(a.unit) == compact(b.unit)


def _span(text: str, claim: Claim, after: str) -> str:
    return f"{claim.text}{after}" if after else text[max(0, claim.start - 12) : claim.end]


class _Item(NamedTuple):
    """A claim that may conflict with another: its subject key, evidence, and place."""

    key: str
    claim: Claim
    evidence: str
    where: str  # "narrative" | "table"
    para: int  # paragraph index, -1 for a table row
    start: int


def _conflict_items(report: Report) -> list[_Item]:
    text = report.text or ""
    items = []
    for p_index, para in enumerate(report.narratives):
        for c in para.claims:
            if c.kind not in ("count", "money") or c.op not in _POINT_OPS or not (0 <= c.start < c.end <= len(text)):
                continue
            before, after = _context(text, c)
            items.append(_Item(before + after, c, _span(text, c, after), "narrative", p_index, c.start))
    for ind in report.indicators:
        for c in ind.actual_claims:
            if c.kind in ("count", "money") and c.op in _POINT_OPS:
                key = compact(ind.name)
                items.append(_Item(key, c, f"{key} {c.text}", "table", -1, -1))
    return items


def _same_sentence(a: _Item, b: _Item) -> bool:
    # "分别达88.74%、91.3%": one sentence lists several values, never a conflict.
    return a.para == b.para and a.para >= 0 and abs(a.start - b.start) < 40


def _unit_bucket(c: Claim) -> tuple[str, str]:
    """Claims in different buckets never have ``_same_unit``."""
    return c.kind, compact(c.unit) if c.kind == "count" else ""


def _signature(item: _Item) -> tuple:
    """Everything a pair's verdict and its flag depend on, except the place: items with
    equal signatures (a sentence repeated in a summary) behave alike. Bucket first."""
    c = item.claim
    return (_unit_bucket(c), item.key, item.where, item.evidence, c.text, _value(c), c.op)


def _candidate_pairs(groups: list[list[int]], bigrams: dict[int, set[str]]) -> set[tuple[int, int]]:
    """Pairs of groups (in one unit bucket) that can reach ``SIMILARITY``: prefix filtering.

    Dice ≥ t needs |x ∩ y| ≥ t·|x|/(2−t) (since |y| ≥ t·|x|/(2−t)), so two sets that
    similar share a bigram among the first |x| − that + 1 of each, in any fixed order
    of the bigrams; rare bigrams first keeps the lists short. The bound is taken one
    lower than exact so that float rounding can only add candidates, never lose one.
    """
    df: dict[str, int] = defaultdict(int)
    for g in groups:
        for b in bigrams[g[0]]:
            df[b] += 1
    index: dict[str, list[int]] = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    ratio = SIMILARITY / (2 - SIMILARITY)
    for gi, g in enumerate(groups):
        grams = bigrams[g[0]]
        if len(grams) < 3:  # _dice is 0 below three bigrams
            continue
        overlap = max(1, math.floor(ratio * len(grams)) - 1)
        prefix = sorted(grams, key=lambda b: (df[b], b))[: len(grams) - overlap + 1]
        for b in prefix:
            for other in index[b]:
                pairs.add((other, gi))
            index[b].append(gi)
    return pairs


def _first_pair(items: list[_Item], a: list[int], b: list[int]) -> Optional[tuple[int, int]]:
    """The first (i, j), i < j, in the brute-force loop's order, with one item from
    each of two groups and not in one sentence; None if every such pair is."""
    members = sorted([(i, b) for i in a] + [(i, a) for i in b])
    for i, others in members:
        for j in others[bisect.bisect_right(others, i) :]:
            if not _same_sentence(items[i], items[j]):
                return i, j
    return None


def claims_conflict_flags(report: Report) -> list[Flag]:
    """Same subject, same unit, different numbers: narrative vs narrative, table vs narrative.

    The verdict is that of comparing every pair of items in document order and flagging
    each pair of evidence texts the first time a pair passes; only pairs that can pass
    are looked at. Items that differ only in place are grouped: a pair of groups is
    judged once, and only its first passing pair in that order counts. Items of one
    group agree with each other, so they never conflict among themselves.
    """
    items = _conflict_items(report)
    groups_by_sig: dict[tuple, list[int]] = {}
    for i, item in enumerate(items):
        groups_by_sig.setdefault(_signature(item), []).append(i)
    buckets: dict[tuple, list[list[int]]] = defaultdict(list)
    for sig, members in groups_by_sig.items():
        buckets[sig[0]].append(members)
    first: dict[tuple[str, str], tuple[int, int]] = {}
    for groups in buckets.values():
        bigrams = {g[0]: _bigrams(items[g[0]].key) for g in groups}
        for ga, gb in _candidate_pairs(groups, bigrams):
            a, b = groups[ga], groups[gb]
            x, y = items[a[0]], items[b[0]]
            if x.where == y.where == "table" or _agree(x.claim, y.claim):
                continue
            if _dice(bigrams[a[0]], bigrams[b[0]]) < SIMILARITY:
                continue
            pair = _first_pair(items, a, b)
            if pair is None:
                continue
            seen = tuple(sorted((x.evidence, y.evidence)))
            if seen not in first or pair < first[seen]:
                first[seen] = pair
    flags: list[Flag] = []
    for i, j in sorted(first.values()):
        x, y = items[i], items[j]
        field = "narrative" if x.where == y.where == "narrative" else "actual"
        flags.append(
            make_flag("claims_conflict", f"{x.evidence} ↔ {y.evidence}", field=field, a=x.claim.text, b=y.claim.text)
        )
    return flags

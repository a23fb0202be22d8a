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

import re
from collections import defaultdict
from decimal import Decimal
from typing import Optional

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
def _context(text: str, claim: Claim) -> tuple[str, str]:
    """The clause around a claim: the words before the number and after it, each cut at
    the clause's end or at the next number (which starts another claim's subject)."""
    start, end = claim.start, claim.end
    before = text[max(0, start - CONTEXT_CHARS) : start]
    before = re.split(rf"[{_CLAUSE_END}]|\d", before)[-1]
    after = text[end : end + CONTEXT_CHARS]
    after = re.split(rf"[{_CLAUSE_END}]|\d", after)[0]
    return compact(before), compact(after)


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[的了和与及、等各类共全年]", "", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _similar(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    if len(x) < 3 or len(y) < 3:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


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


def claims_conflict_flags(report: Report) -> list[Flag]:
    """Same subject, same unit, different numbers: narrative vs narrative, table vs narrative."""
    text = report.text or ""
    items = []  # (key, claim, evidence span, where, paragraph index)
    for p_index, para in enumerate(report.narratives):
        for c in para.claims:
            if c.kind not in ("count", "money") or c.op not in _POINT_OPS or not (0 <= c.start < c.end <= len(text)):
                continue
            before, after = _context(text, c)
            items.append((before + after, c, _span(text, c, after), "narrative", p_index, c.start))
    for ind in report.indicators:
        for c in ind.actual_claims:
            if c.kind in ("count", "money") and c.op in _POINT_OPS:
                key = compact(ind.name)
                items.append((key, c, f"{compact(ind.name)} {c.text}", "table", -1, -1))
    flags: list[Flag] = []
    seen: set[tuple] = set()
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            ki, ci, ei, wi, pi, si = items[i]
            kj, cj, ej, wj, pj, sj = items[j]
            if wi == wj == "table" or not _same_unit(ci, cj) or _agree(ci, cj):
                continue
            if pi == pj and pi >= 0 and abs(si - sj) < 40:  # one sentence lists several values
                continue
            if _similar(ki, kj) < SIMILARITY:
                continue
            key = tuple(sorted((ei, ej)))
            if key in seen:
                continue
            seen.add(key)
            field = "narrative" if wi == wj == "narrative" else "actual"
            flags.append(make_flag("claims_conflict", f"{ei} ↔ {ej}", field=field, a=ci.text, b=cj.text))
    return flags

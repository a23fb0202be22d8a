"""Rules that compare an actual with its target, and a score with its weight.

The comparison is op-aware: "≥95%" against 96% is met, "≥12次" against 12次 is met, a
plain "12次" against 20次 is met and an overshoot. Only claims of the same kind and a
compatible unit are compared (money through ``value_yuan``). A plain target is a floor,
except for lower-is-better names (差错率, 成本, 时长… in ``reverse_terms.txt``), durations
and dates, where it is a ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from ..schema import Claim, Flag, Indicator
from .base import actual_side, as_decimal, make_flag, target_side
from .lexicon import compact, lexicon, strip_marker
from .values import COMPARATOR_OPS, category_of, compatible

OVERSHOOT_RATIO = Decimal("1.2")
_NO_NOTE = frozenset({"", "无", "/", "／", "—", "——", "-", "无偏差", "不适用"})


@dataclass(frozen=True)
class Comparison:
    target: Claim
    actual: Claim
    met: bool
    higher_is_better: bool
    ratio: Optional[Decimal]  # actual / target, for numeric claims with a positive target


def _number(claim: Claim) -> Optional[Decimal]:
    if claim.kind == "money" and claim.value_yuan is not None:
        return as_decimal(claim.value_yuan)
    return as_decimal(claim.value)


def _date_met(target: str, actual: str) -> bool:
    # ISO strings of possibly different precision ("2023-12" vs "2023-12-31").
    n = min(len(target), len(actual))
    return actual[:n] <= target[:n]


def compare(ind: Indicator) -> Optional[Comparison]:
    """The first comparable (target, actual) pair of claims, judged; None if there is none."""
    target, actual = target_side(ind), actual_side(ind)
    for tc in target.claims:
        for ac in actual.claims:
            if not compatible(tc, ac) or ac.op in COMPARATOR_OPS:
                continue
            if tc.kind == "date":
                if not isinstance(tc.value, str) or not isinstance(ac.value, str):
                    continue
                return Comparison(tc, ac, _date_met(tc.value, ac.value), False, None)
            t, a = _number(tc), _number(ac)
            if t is None or a is None:
                continue
            if tc.op in ("<=", "<"):
                higher = False
            elif tc.op in (">=", ">"):
                higher = True
            else:
                reverse = lexicon().is_reverse(ind.name) or category_of(ind) == "cost"
                higher = not (reverse or tc.kind == "duration")
            if tc.op == ">":
                met = a > t
            elif tc.op == "<":
                met = a < t
            else:
                met = a >= t if higher else a <= t
            ratio = (a / t) if t > 0 else None
            return Comparison(tc, ac, met, higher, ratio)
    return None


def target_not_met(ind: Indicator) -> list[Flag]:
    cmp = compare(ind)
    if cmp is None or cmp.met:
        return []
    return [make_flag("target_not_met", cmp.actual.text, actual=cmp.actual.text, target=cmp.target.text)]


def overshoot(ind: Indicator) -> list[Flag]:
    cmp = compare(ind)
    if (
        cmp is None
        or not cmp.met
        or not cmp.higher_is_better
        or cmp.ratio is None
        or cmp.target.kind not in ("count", "money", "percent", "ratio")
        or cmp.ratio < OVERSHOOT_RATIO
    ):
        return []
    ratio = f"{cmp.ratio.quantize(Decimal('0.01')).normalize():f}"
    return [
        make_flag(
            "overshoot",
            f"{cmp.target.text} → {cmp.actual.text}",
            actual=cmp.actual.text,
            target=cmp.target.text,
            ratio=ratio,
        )
    ]


def score_inconsistent(ind: Indicator) -> list[Flag]:
    weight, score = as_decimal(ind.weight), as_decimal(ind.score)
    if weight is None or score is None:
        return []
    if score > weight:
        return [make_flag("score_inconsistent", f"{score:f}", why=f"得分{score:f}高于分值{weight:f}")]
    cmp = compare(ind)
    if cmp is not None and not cmp.met and weight > 0 and score == weight:
        return [
            make_flag(
                "score_inconsistent",
                f"{cmp.actual.text}（得分{score:f}/{weight:f}）",
                why=f"实际值{cmp.actual.text}未达到目标{cmp.target.text}，却得了满分{score:f}",
            )
        ]
    return []


def deviation_unexplained(ind: Indicator) -> list[Flag]:
    cmp = compare(ind)
    if cmp is None or cmp.met:
        return []
    note = compact(ind.deviation_note)
    if note not in _NO_NOTE:
        return []
    return [make_flag("deviation_unexplained", strip_marker(ind.deviation_note) or cmp.actual.text)]

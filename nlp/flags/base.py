"""What every rule shares: building a Flag from the rule table, and reading an indicator's
target/actual with their quantitative claims.

Layouts differ in where the target statement sits. In the modern table the 三级 name and
the 年度指标值 are separate cells; in the old department template (评价内容 | 绩效目标 |
完成情况) the statement is the name and there is no separate target. ``target_side``
hides that difference from the rules.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from ..claims.slogans import is_slogan_number
from ..schema import Claim, Flag, Indicator
from .lexicon import compact, lexicon, strip_marker

#: Claim kinds that make a target measurable ("≥95分" is a level a reviewer can check).
MEASURABLE_KINDS = frozenset({"count", "percent", "money", "date", "duration", "ratio", "score"})

def make_flag(code: str, evidence: str, field: Optional[str] = None, severity: Optional[str] = None, **fmt) -> Flag:
    """A Flag with the code's severity/field/message from rules.json, ``{…}`` filled by ``fmt``."""
    spec = lexicon().rules[code]
    return Flag(
        code=code,
        severity=severity or spec.severity,
        message=spec.message.format(**fmt) if fmt else spec.message,
        evidence=(evidence or "").strip(),
        field=field or spec.field,
    )


def extract(text: Optional[str]) -> tuple[Claim, ...]:
    """Claims of a text the claims annotator did not cover (old-layout statements)."""
    if not text:
        return ()
    return _extract(text)


# The rules ask for the claims of one name or cell many times (each rule calls
# ``target_side``); extraction is pure, so a bounded cache answers the repeats.
@functools.lru_cache(maxsize=4096)
def _extract(text: str) -> tuple[Claim, ...]:
    from ..claims import extract_claims

    return tuple(extract_claims(text))


def measurable(claims: tuple[Claim, ...], text: Optional[str]) -> tuple[Claim, ...]:
    """The claims that make ``text`` measurable: right kind, not a slogan or policy name."""
    text = text or ""
    return tuple(c for c in claims if c.kind in MEASURABLE_KINDS and not is_slogan_number(c, text))


@dataclass(frozen=True)
class Side:
    """One side (target or actual) of an indicator: its text, where it came from, its claims."""

    text: str
    field: str
    claims: tuple[Claim, ...]

    @property
    def empty(self) -> bool:
        return not compact(self.text)


def is_placeholder(text: Optional[str]) -> bool:
    return lexicon().is_placeholder(text)


def has_own_target(ind: Indicator) -> bool:
    """The row has a 年度指标值 cell apart from its name (the modern layout)."""
    target = compact(ind.target)
    return bool(target) and target != compact(ind.name)


def target_side(ind: Indicator) -> Side:
    """The target statement: the 年度指标值 cell, or the name when the name is the statement."""
    if compact(ind.target):
        claims = ind.target_claims or extract(ind.target)
        return Side(ind.target or "", "target", measurable(claims, ind.target))
    return Side(ind.name or "", "name", measurable(extract(ind.name), ind.name))


def actual_side(ind: Indicator) -> Side:
    claims = ind.actual_claims or extract(ind.actual)
    return Side(ind.actual or "", "actual", measurable(claims, ind.actual))


def is_not_applicable(ind: Indicator) -> bool:
    """A placeholder row ("无此目标", "不适用", "/"): reported, judged by no other rule."""
    lx = lexicon()
    name = strip_marker(ind.name)
    if lx.is_placeholder(name):
        return True
    # "指标：无此目标" — the marker stripped leaves the placeholder.
    return bool(compact(ind.target)) and lx.is_placeholder(ind.target) and lx.is_placeholder(ind.actual)


def as_decimal(value) -> Optional[Decimal]:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except Exception:
        return None

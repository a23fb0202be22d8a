"""Quantitative claims in one text: numbers with their unit, kind and comparator.

One left-to-right pass per pattern family: dates first (their digits are not
counts), then the spans that are never claims (document numbers, policy names,
ordinals, bare years), then every number, read together with the unit after it
and the comparator words around it. Context is read at fixed positions with
anchored matches, so the cost is linear in the length of the text.

Conventions (documented in the README):
- ``value`` is the number as written; the unit keeps any multiplier (654.74 万元,
  105 万字), and money is normalised to 元 in ``value_yuan``.
- Dates are ISO strings; when the year is not given, the ISO 8601 truncated forms
  are used: ``--12-31`` (12月底, 年底), ``--12`` (12月前), ``---25`` (每月25日).
- Ranges ("80%（含）-90%", "3-5个工作日") are one claim: ``value`` is the lower
  bound, ``high`` the upper, ``op`` is ``>=``.
- A bare number of working days is a time limit (``<=``).
"""

from __future__ import annotations

import bisect
import calendar
from dataclasses import replace
from decimal import Decimal
from typing import Optional

from ..reader.chars import fold_compatibility
from ..schema import Claim
from .numerals import arabic_to_decimal, chinese_decimal, chinese_to_decimal
from .patterns import Patterns, compiled
from .subject import with_subjects

# Comparator signs (not words): a bare figure under one is a count ("≥95", ">=85").
_SYMBOL_OPS = frozenset(["≥", "≧", ">", "＞", "≤", "≦", "<", "＜", "=", "＝", ">=", "<=", "＞=", "＜="])
_MONEY_FACTOR = {"": 1, "千": 1000, "万": 10000, "百万": 10**6, "千万": 10**7, "亿": 10**8, "万亿": 10**12}
_CN_MONTH = {
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12,
}
_CN_YEAR = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PREFIX_WINDOW = 8
_REFERENCE_WINDOW = 14
_DURATION_ONLY = frozenset(("内", "之内"))
_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


class _Spans:
    """Sorted, non-overlapping [start, end) spans with an O(log n) overlap test."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return True
        j = i + 1
        return j < len(self.starts) and self.starts[j] < end


def _month(token: Optional[str]) -> Optional[int]:
    if token is None:
        return None
    if token in _CN_MONTH:
        return _CN_MONTH[token]
    return int(token)


def _last_day(month: int, year: Optional[int]) -> int:
    return calendar.monthrange(year or 2001, month)[1]


def _date_value(m) -> Optional[str]:
    """The ISO value of a date match, or None when it names no real day."""
    g = m.group
    if g("ymd"):
        year, month, day = int(g("y1")), int(g("m1")), int(g("d1"))
    elif g("ycn"):
        year = int(g("y2"))
        if g("ye2"):
            return f"{year:04d}-12-31"
        month = _month(g("m2"))
        if g("d2"):
            day = int(g("d2"))
        elif g("e2"):
            day = _last_day(month, year)
        else:
            return f"{year:04d}-{month:02d}"
    elif g("md"):
        month = _month(g("m3"))
        day = int(g("d3")) if g("d3") else _last_day(month, None)
        if day > _last_day(month, 2000):
            return None
        return f"--{month:02d}-{day:02d}"
    elif g("mbefore"):
        return f"--{_month(g('m4')):02d}"
    elif g("yend"):
        return "--12-31"
    elif g("cnymd"):
        year = int("".join(str(_CN_YEAR[c]) for c in g("y6")))
        if g("ye6"):
            return f"{year:04d}-12-31"
        month = _month(g("m6"))
        if g("d6"):
            day = int(chinese_to_decimal(g("d6")))
        elif g("e6"):
            day = _last_day(month, year)
        else:
            return f"{year:04d}-{month:02d}"
    elif g("mdone"):
        return f"--{_month(g('m7')):02d}"
    else:
        return f"---{int(g('d5')):02d}"
    if day > _last_day(month, year):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _dates(text: str, pats: Patterns) -> list[Claim]:
    claims = []
    for m in pats.date.finditer(text):
        value = _date_value(m)
        if value is None:
            continue
        # "11月份完成" is a deadline: done by the end of that month.
        start, end, op = m.start(), m.end(), "<=" if m.group("mdone") else "="
        suffix = pats.date_suffix.match(text, end)
        if suffix:
            op = pats.date_suffix_op[suffix.group("word")]
            end = suffix.end()
        prefix = pats.date_prefix.search(text, max(0, start - _PREFIX_WINDOW), start)
        if prefix:
            prefix_op = pats.date_prefix_op[prefix.group("word")]
            if prefix_op != "=":
                op, start = prefix_op, prefix.start()
        claims.append(Claim(text[start:end], start, end, value, "", "date", op))
    return claims


class _Number:
    """A number found in the text, before it becomes a claim."""

    __slots__ = ("start", "end", "value", "unit", "kind", "op", "op_word", "mult", "unit_end", "chinese")

    def __init__(self, start, end, value, chinese):
        self.start, self.end, self.value, self.chinese = start, end, value, chinese
        self.unit, self.kind, self.op, self.op_word, self.mult = "", None, None, False, ""
        self.unit_end = end


def _read_unit(text: str, num: _Number, pats: Patterns, percent_word: bool) -> None:
    """Fill ``unit``/``kind``/``op`` from what follows the number."""
    if percent_word:
        num.unit, num.kind = "百分之", "percent"
        return
    pos = num.end
    m = pats.unit.match(text, pos)
    if m is None and pos < len(text) and text[pos] in " 　":
        m = pats.unit.match(text, pos + 1)
    if m is None:
        return
    base = m.group("base")
    infix = m.group("infix") or m.group("infix2") or m.group("infix3")
    if base:
        kind = pats.unit_kind[base]
        mult = m.group("mult") or ""
        after = text[m.end("base") : m.end("base") + 1]
        if base == "分" and after in ("之", "钟"):
            return
        if mult and kind not in ("money", "count"):
            return
        if base in pats.needs_suffix and not pats.suffix.match(text, m.end()):
            return
        num.unit = mult + base + (m.group("per") or "")
        num.kind, num.mult = kind, mult
        end = m.end()
        extra = pats.extra_units.match(text, end)
        if extra:
            num.unit += extra.group()
            end = extra.end()
        num.unit_end = end
    elif m.group("bare"):
        # "不超过20万": 万 without 元 is money only under a ceiling or floor.
        num.unit, num.kind, num.mult = m.group("bare"), "money", m.group("bare")
        num.unit_end = m.end()
        num.op = "bare"  # resolved once the prefix is known
    if infix and num.kind:
        num.op = pats.infix_op[infix] if num.op != "bare" else "bare" + infix


def _prefix(text: str, start: int, pats: Patterns, kind: Optional[str] = None):
    found = pats.prefix.search(text, max(0, start - _PREFIX_WINDOW), start)
    if found is None and kind == "percent":
        found = pats.prefix_of_reference.search(text, max(0, start - _REFERENCE_WINDOW), start)
    return found


def _claim(text: str, num: _Number, start: int, end: int, op: str, high=None) -> Claim:
    value_yuan = None
    if num.kind == "money":
        value_yuan = num.value * _MONEY_FACTOR[num.mult]
    return Claim(text[start:end], start, end, num.value, num.unit, num.kind, op, None, value_yuan, high)


def extract_numbers(text: str, pats: Patterns, occupied: _Spans) -> list[Claim]:
    claims: list[Claim] = []
    pending: list[_Number] = []  # unit-less numbers before "、": "3、5个"
    previous: Optional[Claim] = None
    previous_from_prefix = False
    matches = pats.number.finditer(text)
    for m in matches:
        start, end = m.start(), m.end()
        if occupied.overlaps(start, end) or (claims and start < claims[-1].end):
            continue
        if start and (text[start - 1] in _ASCII_WORD or text[start - 1] in ".．"):
            continue
        glued = end < len(text) and text[end] in _ASCII_WORD  # "5G", "A4" unless a unit (km)
        if m.group("ar"):
            value = arabic_to_decimal(m.group("ar"))
            chinese = False
        elif m.group("half"):
            value, chinese = Decimal("0.5"), True
        else:
            value, chinese = None, True
        num = _Number(start, end, value, chinese)
        _read_unit(text, num, pats, bool(m.group("pct")))
        if glued and not num.unit[:1] == text[end]:
            continue
        if chinese and num.value is None:
            if not num.kind:
                continue
            span = m.group("pctnum") if m.group("pct") else m.group("cn")
            num.value = chinese_decimal(span) if m.group("pct") else chinese_to_decimal(span)
            if num.value is None:
                continue
        if m.group("half") and num.kind != "duration":
            continue
        if num.value is None:
            continue
        finished = _finish(text, num, pats, occupied, pending)
        if finished is None:
            continue
        claim, from_prefix = finished
        if pending:
            claims.extend(_list_members(text, num, claim, pending))
        # "不低于90%、95%": the comparator before a list applies to each member.
        if (
            previous is not None
            and previous_from_prefix
            and claim.op == "="
            and claim.start == previous.end + 1
            and text[previous.end] == "、"
            and claim.kind == previous.kind
        ):
            claim = replace(claim, op=previous.op)
            from_prefix = True
        claims.append(claim)
        previous, previous_from_prefix = claim, from_prefix
    return claims


def _finish(text: str, num: _Number, pats: Patterns, occupied: _Spans, pending: list):
    """(claim, whether its op came from a prefix word) or None."""
    start, pos = num.start, num.unit_end
    prefix = _prefix(text, start, pats, num.kind)
    prefix_op = pats.prefix_op[prefix.group("word")] if prefix else None
    if num.op and num.op.startswith("bare"):
        if (
            prefix_op in (None, "=", "~")
            and not text.startswith("一年", pos)
            and not pats.money_context.search(text, max(0, start - _PREFIX_WINDOW), start)
        ):
            return None
        num.op = pats.infix_op[num.op[4:]] if len(num.op) > 4 else None
    if not num.kind:
        # A number with no unit: a range's lower bound, a list item, a score by its
        # label, or a bare figure under an explicit comparator sign.
        high = _range_high(text, pos, pats, occupied)
        if high is not None:
            upper, upper_end = high
            num.unit, num.kind, num.mult = upper.unit, upper.kind, upper.mult
            if num.chinese != upper.chinese:
                return None
            lo = prefix.start() if prefix and prefix_op != "=" else start
            return _claim(text, num, lo, upper_end, ">=", upper.value), False
        if pats.score_context.search(text, max(0, start - _PREFIX_WINDOW), start):
            num.kind = "score"
        elif prefix and prefix.group("word") in _SYMBOL_OPS and not num.chinese:
            num.kind = "count"
        elif text.startswith("、", pos) and not num.chinese:
            pending.append(num)
            return None
        else:
            return None
    op = None
    suffix = pats.suffix.match(text, pos)
    if suffix and suffix.group("word") in _DURATION_ONLY and num.kind != "duration":
        suffix = None  # "2个内设股室": 内 closes a time limit, not a count
    if suffix:
        op = pats.suffix_op[suffix.group("word")]
        pos = suffix.end()
    else:
        inclusive = pats.inclusive.match(text, pos)
        after = inclusive.end() if inclusive else pos
        high = _range_high(text, after, pats, occupied, num.kind)
        if high is not None:
            upper, upper_end = high
            lo = prefix.start() if prefix and prefix_op != "=" else start
            return _claim(text, num, lo, upper_end, ">=", upper.value), False
        if inclusive:
            pos = inclusive.end()
    if op is None:
        op = num.op
    if op is None and prefix_op is not None:
        op = prefix_op
        if op == "~" and num.kind == "duration" and prefix.group("word") == "近":
            op = "="  # 近3年: the last three years, not "about three"
    if op is None:
        op = "="
    if op == "=" and num.unit in pats.limit_units:
        op = "<="
    lo = start
    if prefix and (prefix_op != "=" or prefix.group("word") in _SYMBOL_OPS) and prefix_op == op:
        lo = prefix.start()
    return _claim(text, num, lo, pos, op), bool(prefix_op) and op == prefix_op and not suffix


def _range_high(text: str, pos: int, pats: Patterns, occupied: _Spans, kind: Optional[str] = None):
    """The upper bound of "80%（含）-90%" / "3-5个工作日", read after the connector."""
    conn = pats.range_connector.match(text, pos)
    if not conn:
        return None
    m = pats.number.match(text, conn.end())
    if not m or m.group("half") or occupied.overlaps(m.start(), m.end()):
        return None
    if m.group("ar"):
        upper = _Number(m.start(), m.end(), arabic_to_decimal(m.group("ar")), False)
    else:
        upper = _Number(m.start(), m.end(), None, True)
    _read_unit(text, upper, pats, bool(m.group("pct")))
    if not upper.kind or (kind and upper.kind != kind) or upper.op:
        return None
    if upper.value is None:
        span = m.group("pctnum") if m.group("pct") else m.group("cn")
        upper.value = chinese_decimal(span) if m.group("pct") else chinese_to_decimal(span)
        if upper.value is None:
            return None
    end = upper.unit_end
    inclusive = pats.inclusive.match(text, end)
    if inclusive:
        end = inclusive.end()
    return upper, end


def _list_members(text: str, num: _Number, claim: Claim, pending: list) -> list[Claim]:
    """"3、5个": unit-less numbers joined by 、 to this claim take its unit and op."""
    members = []
    nxt = num.start
    while pending and pending[-1].end + 1 == nxt:
        member = pending.pop()
        member.unit, member.kind, member.mult = num.unit, num.kind, num.mult
        members.append(_claim(text, member, member.start, member.end, claim.op))
        nxt = member.start
    pending.clear()
    return members[::-1]


def extract_claims(text: str) -> list[Claim]:
    """Every quantitative claim in ``text``, in order of position.

    >>> [(c.text, str(c.value), c.kind, c.op) for c in extract_claims("举办各类培训班55期，满意度≥95%")]
    [('55期', '55', 'count', '='), ('≥95%', '95', 'percent', '>=')]
    """
    if not text:
        return []
    # Text pasted from a PDF may write 月 as the radical ⽉: read the folded text
    # (same length, so the same offsets) and quote the original.
    original, text = text, fold_compatibility(text)
    if text is not original:
        return [replace(c, text=original[c.start : c.end]) for c in extract_claims(text)]
    pats = compiled()
    dates = _dates(text, pats)
    blocked = [(m.start(), m.end()) for m in pats.negative.finditer(text)]
    occupied = _Spans([(c.start, c.end) for c in dates] + blocked)
    numbers = extract_numbers(text, pats, occupied)
    return with_subjects(text, sorted(dates + numbers, key=lambda c: (c.start, c.end)))

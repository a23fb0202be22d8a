"""Numbers as written in the reports → ``Decimal``.

Arabic digits may be full-width (５５％) and carry thousands commas. Chinese numerals
are converted with ``cn2an.cn2an`` on the captured numeral span only (never
``cn2an.transform`` on running text: it rewrites 统一战线 as 统1战线). Importing cn2an
costs ~250 ms, a large share of the ``classify`` cold start, so the one- and
two-character numerals that make up nearly all report usage (三轮, 两个, 十二月, 二十)
are read from a table and cn2an is imported only for the rest (一百五十, 三千零五).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Longer spans are not numerals people write in these reports; refusing them keeps
# a pathological run (一一一一…) from reaching cn2an.
MAX_CHINESE_NUMERAL = 12


def arabic_to_decimal(span: str) -> Optional[Decimal]:
    """'1,234.5', '５５', '654．74' → Decimal; None if it is not a number."""
    cleaned = span.translate(_FULLWIDTH).replace(",", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _simple_chinese(span: str) -> Optional[int]:
    """一..九, 十, 十X, X十, X十Y without cn2an; None when the span is anything else."""
    if len(span) == 1:
        if span in _DIGITS:
            return _DIGITS[span]
        return 10 if span == "十" else None
    head, sep, tail = span.partition("十")
    if not sep or len(span) > 3:
        return None
    tens = 1 if not head else _DIGITS.get(head)
    ones = 0 if not tail else _DIGITS.get(tail)
    if tens is None or ones is None or tens == 0 or (head == "两"):
        return None
    return tens * 10 + ones


def chinese_to_decimal(span: str) -> Optional[Decimal]:
    """'三' → 3, '一百五十' → 150, '百分之' spans excluded; None if cn2an rejects it."""
    if not span or len(span) > MAX_CHINESE_NUMERAL:
        return None
    simple = _simple_chinese(span)
    if simple is not None:
        return Decimal(simple)
    if span.startswith("两") and len(span) > 1:
        span = "二" + span[1:]
    from cn2an import cn2an  # lazy: see the module docstring

    try:
        value = cn2an(span, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value))


def chinese_decimal(span: str) -> Optional[Decimal]:
    """'九十五' or '九十五点五' (as in 百分之九十五点五) → Decimal."""
    whole, sep, frac = span.partition("点")
    value = chinese_to_decimal(whole)
    if value is None or not sep:
        return value
    digits = "".join(str(_DIGITS[c]) for c in frac if c in _DIGITS)
    if len(digits) != len(frac) or not digits:
        return None
    return value + Decimal("0." + digits)

"""Compiled patterns, built once from the lexicons in ``nlp/resources/claims/``.

Every pattern is a single pass over its input: alternations of literal words,
character classes with bounded or possessive-free simple repeats, and no nested
quantifiers, so that adversarial text (a megabyte of digits, 余余余…, brackets, tabs)
is scanned in linear time. Context around a number is examined with anchored
``match`` calls at a known position, never by searching backwards through the text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Mapping

from .resources import load

_CN_DIGIT = "零〇一二三四五六七八九十百千两"
ARABIC = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12][0-9]|0?[1-9]"
_YEAR = r"(?<![0-9０-９])(?:19|20)[0-9]{2}"
_SP = "[ 　]?"
_CN_YEAR_DIGIT = "〇零一二三四五六七八九"
_CN_DAY = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
#: What a month is the deadline of when no 前/底 says so: "11月份完成验收".
_DEADLINE_ACTS = "完成|完工|竣工|验收|办结|结束|交付|上线|建成|投入使用"


def _is_cjk(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _alternation(words) -> str:
    """Literal words, longest first so that 不低于 wins over 低于."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Patterns:
    number: re.Pattern
    unit: re.Pattern
    extra_units: re.Pattern
    suffix: re.Pattern
    date_suffix: re.Pattern
    prefix: re.Pattern
    prefix_of_reference: re.Pattern
    date_prefix: re.Pattern
    inclusive: re.Pattern
    range_connector: re.Pattern
    date: re.Pattern
    negative: re.Pattern
    score_context: re.Pattern
    money_context: re.Pattern
    unit_kind: Mapping[str, str]
    prefix_op: Mapping[str, str]
    suffix_op: Mapping[str, str]
    date_suffix_op: Mapping[str, str]
    date_prefix_op: Mapping[str, str]
    infix_op: Mapping[str, str]
    needs_suffix: frozenset
    limit_units: frozenset


@functools.lru_cache(maxsize=1)
def compiled() -> Patterns:
    units = load("units")
    comps = load("comparators")
    negs = load("negatives")

    unit_kind: dict[str, str] = {}
    for kind in ("count", "duration", "score", "ratio", "percent", "money"):
        for unit in units[kind]:
            unit_kind[unit] = kind
    bases = _alternation(unit_kind)
    mults = _alternation(units["multipliers"])
    per = _alternation(units["per"])
    infix = "".join(comps["infix"])
    # The base unit is required in the first branch so that 千克 is not read as
    # 千 (a multiplier) + nothing; the second branch is a bare 万/亿 ("不超过20万").
    unit = re.compile(
        rf"(?P<infix>[{infix}])?"
        rf"(?:(?P<mult>{mults})?(?P<infix2>[{infix}])?(?P<base>{bases})(?P<per>(?:/|每)(?:{per}))?"
        rf"|(?P<bare>{_alternation(units['money_bare_multiplier'])})(?P<infix3>[{infix}])?)"
    )
    number = re.compile(
        rf"(?P<pct>百分之(?P<pctnum>[{_CN_DIGIT}]{{1,12}}(?:点[{_CN_DIGIT}]{{1,6}})?))"
        rf"|(?P<ar>{ARABIC})"
        rf"|(?P<cn>[{_CN_DIGIT}]+)"
        rf"|(?P<half>(?<![上下前后多])半)"
    )
    date = re.compile(
        # 2023-12-31, 2023.1.1, 2023、12、31 (one separator, used twice)
        rf"(?P<ymd>(?P<y1>{_YEAR}){_SP}(?P<s1>[-/.．、]){_SP}(?P<m1>1[0-2]|0?[1-9])"
        rf"{_SP}(?P=s1){_SP}(?P<d1>{_DAY})(?![0-9０-９]))"
        # 2023年12月31日, 2023年12月, 2023年12月底, 2023年底
        rf"|(?P<ycn>(?P<y2>{_YEAR}){_SP}年{_SP}"
        rf"(?:(?P<m2>{_MONTH}){_SP}月{_SP}(?:(?P<d2>{_DAY}){_SP}[日号]|(?P<e2>[底末]))?|(?P<ye2>[底末])))"
        rf"|(?P<md>(?<![0-9０-９])(?P<m3>{_MONTH}){_SP}月{_SP}(?:(?P<d3>{_DAY}){_SP}[日号]|(?P<e3>[底末])))"
        rf"|(?P<mbefore>(?<![0-9０-９个])(?P<m4>{_MONTH}){_SP}月份?(?={_SP}(?:之前|以前|前)))"
        rf"|(?P<yend>(?<![0-9０-９])年{_SP}[底末])"
        # 二〇二三年十二月三十一日, 二〇二三年十二月, 二〇二三年底: the year digit by digit
        rf"|(?P<cnymd>(?P<y6>[{_CN_YEAR_DIGIT}]{{4}}){_SP}年{_SP}"
        rf"(?:(?P<m6>十[一二]?|[一二三四五六七八九]){_SP}月{_SP}(?:(?P<d6>{_CN_DAY}){_SP}[日号]|(?P<e6>[底末]))?"
        rf"|(?P<ye6>[底末])))"
        # 11月份完成验收, 11月完成: a month followed by the act it is the deadline of
        rf"|(?P<mdone>(?<![0-9０-９个第])(?P<m7>{_MONTH}){_SP}月份?(?={_SP}(?:{_DEADLINE_ACTS})))"
        rf"|(?P<monthly>每月{_SP}(?P<d5>{_DAY}){_SP}[日号])"
    )
    negative = re.compile(
        "|".join(["(?:" + _alternation(negs["phrases"]) + ")"] + [f"(?:{p})" for p in negs["patterns"]])
    )
    inclusive = _alternation(comps["inclusive_marks"])
    return Patterns(
        number=number,
        unit=unit,
        extra_units=re.compile(rf"(?:、(?:{bases}))+"),
        suffix=re.compile(rf"{_SP}(?P<word>{_alternation(comps['suffix'])})"),
        date_suffix=re.compile(rf"{_SP}(?P<word>{_alternation(comps['date_suffix'])})"),
        prefix=re.compile(rf"(?P<word>{_alternation(comps['prefix'])})[ 　]{{0,2}}\Z"),
        # "不超过预算的95%": a comparator, then what the percentage is a share of.
        # Only worded comparators of two or more characters: 超市的5% is no comparison.
        prefix_of_reference=re.compile(
            rf"(?P<word>{_alternation(w for w, op in comps['prefix'].items() if len(w) > 1 and op != '=' and _is_cjk(w))})"
            r"[\u4e00-\u9fff]{1,6}的[ 　]?\Z"
        ),
        date_prefix=re.compile(rf"(?P<word>{_alternation(comps['date_prefix'])}){_SP}\Z"),
        inclusive=re.compile(rf"{_SP}(?:{inclusive})"),
        range_connector=re.compile(rf"{_SP}(?:{_alternation(comps['range_connectors'])}){_SP}"),
        date=date,
        negative=negative,
        score_context=re.compile(r"(?:分值|得分|自评得分|评分|权重|满分)[ 　:：为是]{0,2}\Z"),
        money_context=re.compile(rf"(?:{_alternation(units['money_context'])})[为是达共计约近：:]{{0,3}}\Z"),
        unit_kind=unit_kind,
        prefix_op=comps["prefix"],
        suffix_op=comps["suffix"],
        date_suffix_op=comps["date_suffix"],
        date_prefix_op=comps["date_prefix"],
        infix_op=comps["infix"],
        needs_suffix=frozenset(units["needs_suffix"]),
        limit_units=frozenset(units["limit_units"]),
    )


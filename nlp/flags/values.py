"""Rules on what a target or an actual says: vague, placeholder, not comparable, the wrong
form for its category, a trivial ceiling.

A target is *measurable* when it carries a count, percentage, money amount, date, duration
or ratio claim that is not part of a name (四个“大格局”, 人才新政45条), or is a graded level
(优/良/合格/达标/是/否/零差错… in ``graded_levels.txt``). "比较满意", "效果明显" are not
levels: nobody can say whether they were reached.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Optional

from ..schema import Flag, Indicator
from ..taxonomy import stated_to_fine
from .base import Side, actual_side, as_decimal, has_own_target, make_flag, target_side
from .lexicon import compact, lexicon, strip_marker

COMPARATOR_OPS = frozenset({">=", ">", "<=", "<"})
_HUNDRED = Decimal(100)


def target_is_vague(side: Side) -> bool:
    return not side.empty and not side.claims and not lexicon().is_graded(side.text)


def vague_target(ind: Indicator) -> list[Flag]:
    side = target_side(ind)
    if not target_is_vague(side):
        return []
    evidence = lexicon().vague_phrase(side.text) or strip_marker(side.text)
    return [make_flag("vague_target", evidence, field=side.field)]


def _boilerplate_only(text: str) -> bool:
    """Nothing but boilerplate phrases (and filler) once those are removed."""
    lx = lexicon()
    core = strip_marker(text)
    if not lx.vague_re.search(core):
        return False
    rest = lx.vague_re.sub("", core)
    rest = rest.strip("，,。；;、的了地得和与及")
    return len(rest) <= 4


def actual_vagueness(ind: Indicator) -> Optional[str]:
    """Why the actual is vague (a phrase for the message), or None if it is not."""
    actual = actual_side(ind)
    if actual.empty or lexicon().is_placeholder(actual.text):
        return None
    target = target_side(ind)
    core = strip_marker(actual.text)
    if lexicon().is_completion(actual.text):
        return f"只写了“{core}”，没有说完成了多少"
    if actual.claims and all(c.op in COMPARATOR_OPS for c in actual.claims):
        return f"“{core}”照搬了目标的写法，不是实际结果"
    if target_is_vague(target) and compact(strip_marker(target.text)) == compact(core):
        return f"照抄了目标“{core}”"
    if not actual.claims and _boilerplate_only(actual.text):
        return f"只是套话“{core}”"
    return None


def vague_actual(ind: Indicator) -> list[Flag]:
    why = actual_vagueness(ind)
    if why is None:
        return []
    return [make_flag("vague_actual", strip_marker(ind.actual), why=why)]


def compatible(tc, ac) -> bool:
    """Two claims measure the same kind of thing in comparable units."""
    if tc.kind == "money" and ac.kind == "money":
        return tc.value_yuan is not None and ac.value_yuan is not None
    if tc.kind != ac.kind:
        return False
    if tc.kind in ("count", "duration"):
        tu, au = compact(tc.unit), compact(ac.unit)
        return not tu or not au or tu == au or tu.startswith(au) or au.startswith(tu)
    return True


def not_comparable(ind: Indicator) -> list[Flag]:
    target, actual = target_side(ind), actual_side(ind)
    if not target.claims or actual.empty or lexicon().is_placeholder(actual.text):
        return []
    if actual_vagueness(ind) is not None:  # vague_actual already says it, in plainer words
        return []
    if not actual.claims:
        why = "不同：目标有数值，实际只有文字描述"
    elif any(compatible(t, a) for t in target.claims for a in actual.claims):
        return []
    else:
        why = f"的单位或类型不同（目标“{target.claims[0].text}”，实际“{actual.claims[0].text}”）"
    return [make_flag("not_comparable", strip_marker(actual.text), why=why)]


def _is_growth(ind: Indicator) -> bool:
    # Growth rates and ratios to a baseline may legitimately exceed 100%.
    return any(w in compact(ind.name) for w in ("增长", "增幅", "同比", "环比", "提高率", "倍"))


def _is_budget_ratio(ind: Indicator) -> bool:
    # Spending against a budget or plan can exceed 100%: "≤100%" there is a real cap
    # (年初内预算 ≤100%, 预算执行率 ≤100%), not a share that is ≤100% by definition.
    if category_of(ind) == "cost":
        return True
    return any(w in compact(ind.name) for w in ("预算", "支出", "经费", "成本", "费用", "资金", "超支"))


def ceiling_target(ind: Indicator) -> list[Flag]:
    flags: list[Flag] = []
    for side in (target_side(ind), actual_side(ind)):
        for c in side.claims:
            if c.kind != "percent":
                continue
            value = as_decimal(c.value)
            if value is None:
                continue
            if side.field != "actual" and c.op in (">=", ">") and value >= _HUNDRED:
                why = f"目标“{c.text}”：比例不会超过100%，目标只能恰好达到或无法达到"
            elif side.field != "actual" and c.op in ("<=", "<") and value >= _HUNDRED and not _is_budget_ratio(ind):
                why = f"目标“{c.text}”：比例本来就不超过100%，等于没有约束"
            elif value > _HUNDRED and not _is_growth(ind):
                why = f"百分比“{c.text}”超过100%"
            else:
                continue
            flags.append(make_flag("ceiling_target", c.text, field=side.field, why=why))
    return flags


def category_of(ind: Indicator) -> Optional[str]:
    """The fine category the report states, else the classifier's."""
    return _stated_fine(ind.stated_category) or ind.subcategory


# Several rules ask per indicator; a report states only a handful of categories.
_stated_fine = functools.lru_cache(maxsize=512)(stated_to_fine)


def value_form_mismatch(ind: Indicator) -> list[Flag]:
    fine = category_of(ind)
    target = target_side(ind)
    kinds = {c.kind for c in target.claims}
    text = strip_marker(target.text)
    why = None
    if has_own_target(ind) and lexicon().is_rate_name(ind.name) and kinds and not kinds & {"percent", "ratio"}:
        why = f"名称“{strip_marker(ind.name)}”是比率，目标值“{text}”却不是百分比"
    elif fine == "timeliness" and not kinds & {"date", "duration", "percent"}:
        why = "时效指标没有日期、时限或按期完成率"
    elif fine == "cost" and any(c.op in (">=", ">") for c in target.claims):
        why = f"成本指标用了下限“{text}”，成本应当设上限"
    elif fine == "satisfaction" and not kinds & {"percent", "ratio"} and not lexicon().is_graded(target.text):
        why = "满意度指标没有百分比"
    if why is None:
        return []
    return [make_flag("value_form_mismatch", text, field=target.field, why=why)]


def not_applicable(ind: Indicator) -> list[Flag]:
    """Placeholder rows; the caller skips every other rule for them."""
    from .base import is_not_applicable

    if not is_not_applicable(ind):
        return []
    lx = lexicon()
    text = next(
        (strip_marker(t) for t in (ind.name, ind.target, ind.actual) if t and lx.is_placeholder(strip_marker(t))),
        strip_marker(ind.name),
    )
    return [make_flag("not_applicable", text or "（空）", text=text or "空")]

"""Rules on what kind of indicator a row is: an activity rather than a measure, a process
measure filed as an output, a sentence for a name, the same text twice, categories missing.

``long_name`` judges only real 三级 names (rows with a 年度指标值 cell of their own). In the
old department template the "name" is the whole 绩效目标 statement ("指标1：…"); its length
says nothing, and ``vague_target``/``activity_not_measure`` judge it instead.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..placeholders import is_value_only
from ..schema import Flag, Indicator
from ..taxonomy import COARSE_ZH, FINE_ZH, coarse_of, stated_to_fine
from .base import has_own_target, is_not_applicable, make_flag, target_side
from .lexicon import compact, lexicon, strip_marker
from .values import category_of

LONG_NAME_CHARS = 15
_PUNCT_RE = re.compile(r"[，,。；;、：:！!？?“”\"'（）()《》\s\u3000.·…—-]")


def activity_not_measure(ind: Indicator) -> list[Flag]:
    target = target_side(ind)
    if target.claims or lexicon().is_graded(target.text):
        return []
    for text, field in ((ind.name, "name"), (target.text, target.field)):
        verb = lexicon().activity_verb(text)
        if verb:
            return [make_flag("activity_not_measure", strip_marker(text), field=field, verb=verb)]
    return []


def process_as_output(ind: Indicator) -> list[Flag]:
    fine = category_of(ind)
    coarse = coarse_of(fine)
    if coarse is None or coarse == "cost":
        return []
    term = lexicon().process_term(ind.name) or lexicon().process_term(target_side(ind).text)
    if not term:
        return []
    label = FINE_ZH[fine] + "指标" if coarse == "benefit" else COARSE_ZH[coarse] + "指标"
    return [make_flag("process_as_output", term, term=term, category=label)]


def unnamed_indicator(ind: Indicator) -> list[Flag]:
    """Only a value where the 三级指标 belongs ("100%" under 成本指标): nothing says what is
    measured, so neither a reviewer nor the classifier can judge the row's category."""
    name = strip_marker(ind.name)
    if not is_value_only(name):
        return []
    return [make_flag("unnamed_indicator", name, text=name)]


def long_name(ind: Indicator) -> list[Flag]:
    if not has_own_target(ind) or re.match(r"^(?:指标|目标|任务)\s*\d*\s*[：:]", compact(ind.name)):
        return []
    name = strip_marker(ind.name)
    n = len(_PUNCT_RE.sub("", name))
    if n <= LONG_NAME_CHARS:
        return []
    return [make_flag("long_name", name, n=n)]


def duplicate_flags(indicators: tuple[Indicator, ...]) -> dict[int, list[Flag]]:
    """``duplicate_indicator`` flags by indicator index: the same name twice in one table."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, ind in enumerate(indicators):
        if is_not_applicable(ind):
            continue
        key = _PUNCT_RE.sub("", strip_marker(ind.name))
        if len(re.findall(r"[\u4e00-\u9fff]", key)) >= 4:  # "100%" twice is not a duplicate
            groups[(ind.table, key)].append(i)
    out: dict[int, list[Flag]] = {}
    for rows in groups.values():
        if len(rows) < 2:
            continue
        stated = [compact(indicators[i].stated_category) or "（未填类别）" for i in rows]
        where = "、".join(dict.fromkeys(stated)) if len(set(stated)) > 1 else f"{stated[0]}下{len(rows)}次"
        for i in rows:
            out[i] = [make_flag("duplicate_indicator", strip_marker(indicators[i].name), where=where)]
    return out


def _coarse_set(ind: Indicator) -> set[str]:
    # Either view counts: a missing-category flag must not rest on one classifier error.
    out = {coarse_of(stated_to_fine(ind.stated_category)), ind.category}
    return {c for c in out if c}


def _statement(ind: Indicator) -> str:
    if has_own_target(ind):
        return f"{strip_marker(ind.name)}：{strip_marker(ind.target)}"
    return strip_marker(target_side(ind).text)


def missing_category_flags(indicators: tuple[Indicator, ...]) -> list[Flag]:
    judged = [ind for ind in indicators if not is_not_applicable(ind)]
    if not judged:
        return []
    present = set().union(*(_coarse_set(ind) for ind in judged))
    flags = []
    for coarse, zh in (("quality", "质量"), ("timeliness", "时效")):
        if coarse not in present:
            flags.append(make_flag("missing_category", f"无{zh}指标", why=f"全部{len(judged)}个指标中没有{zh}指标"))
    by_table: dict[str, list[Indicator]] = defaultdict(list)
    for ind in judged:
        fine = category_of(ind)
        if coarse_of(fine) == "benefit" and fine != "satisfaction":
            by_table[ind.table].append(ind)
    for table, rows in by_table.items():
        if all(not target_side(ind).claims for ind in rows):
            names = "；".join(_statement(ind) for ind in rows)
            where = f"（{rows[0].project}）" if rows[0].project else ""
            flags.append(
                make_flag(
                    "missing_category",
                    names,
                    why=f"效益指标{where}{len(rows)}个全部是定性描述，没有一个可衡量的效益目标",
                )
            )
    return flags

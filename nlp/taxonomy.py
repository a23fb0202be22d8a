"""The indicator taxonomy: fine labels, their coarse class, and how reports write them.

The fine label is what the classifier predicts; the coarse class is derived from it.
``stated_to_fine`` maps the 二级指标 text a report or a declaration uses to a fine
label, or None when the text is a work area ("机关党建") rather than a category.
"""

from __future__ import annotations

import re
from typing import Optional

FINE_LABELS: tuple[str, ...] = (
    "quantity",
    "quality",
    "timeliness",
    "cost",
    "economic",
    "social",
    "ecological",
    "sustainable",
    "satisfaction",
)

COARSE_LABELS: tuple[str, ...] = ("output", "quality", "timeliness", "cost", "benefit")

FINE_TO_COARSE: dict[str, str] = {
    "quantity": "output",
    "quality": "quality",
    "timeliness": "timeliness",
    "cost": "cost",
    "economic": "benefit",
    "social": "benefit",
    "ecological": "benefit",
    "sustainable": "benefit",
    "satisfaction": "benefit",
}

FINE_ZH: dict[str, str] = {
    "quantity": "数量",
    "quality": "质量",
    "timeliness": "时效",
    "cost": "成本",
    "economic": "经济效益",
    "social": "社会效益",
    "ecological": "生态效益",
    "sustainable": "可持续影响",
    "satisfaction": "满意度",
}

COARSE_ZH: dict[str, str] = {
    "output": "产出(数量)",
    "quality": "质量",
    "timeliness": "时效",
    "cost": "成本",
    "benefit": "效益",
}

# Order matters: the first pattern that matches wins ("社会公众或服务对象满意度" must be
# satisfaction, not social benefit).
_STATED_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"满意", "satisfaction"),
    (r"可持续", "sustainable"),
    (r"生态|环境效益", "ecological"),
    (r"经济效益|经济", "economic"),
    (r"社会效益|社会", "social"),
    (r"数量", "quantity"),
    (r"质量", "quality"),
    (r"时效|时间|进度", "timeliness"),
    (r"成本|经济性|预算", "cost"),
)
_STATED_RE = tuple((re.compile(p), label) for p, label in _STATED_PATTERNS)

# Labels written directly in labelled data files, in English or Chinese.
_LABEL_ALIASES: dict[str, str] = {
    **{label: label for label in FINE_LABELS},
    **{zh: label for label, zh in FINE_ZH.items()},
    "数量指标": "quantity",
    "质量指标": "quality",
    "时效指标": "timeliness",
    "成本指标": "cost",
    "经济效益指标": "economic",
    "社会效益指标": "social",
    "生态效益指标": "ecological",
    "可持续影响指标": "sustainable",
    "满意度指标": "satisfaction",
    "服务对象满意度": "satisfaction",
    "服务对象满意度指标": "satisfaction",
    "其他满意度": "satisfaction",
    "社会公众或服务对象满意度": "satisfaction",
    "社会公众或服务对象满意度指标": "satisfaction",
}


def stated_to_fine(stated: Optional[str]) -> Optional[str]:
    """The fine label a stated 二级 category means, or None if it names no category."""
    if not stated:
        return None
    text = re.sub(r"\s+", "", stated)
    for pattern, label in _STATED_RE:
        if pattern.search(text):
            return label
    return None


def normalise_label(raw: str) -> Optional[str]:
    """A fine label from a label cell ("quality", "质量", "质量指标"), or None if unknown."""
    key = re.sub(r"\s+", "", str(raw)).strip().lower()
    return _LABEL_ALIASES.get(key) or _LABEL_ALIASES.get(str(raw).strip())


def coarse_of(fine: Optional[str]) -> Optional[str]:
    return FINE_TO_COARSE.get(fine) if fine else None

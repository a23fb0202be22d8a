"""The subject of a claim: what is counted or measured.

Chinese puts the counted thing after a measure word (两个平台, 三轮督查, 选派130名党建
指导员) and a measured quantity before the number (覆盖率分别达88.74%, 举办各类培训班
55期). Only a short window on either side is segmented, so the cost per claim is
constant however long the text.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Optional, Sequence

from ..schema import Claim
from ..segment import default_segmenter
from .resources import load

_WINDOW = 12
_BREAKS = frozenset("，。；;：:！？!?,、（）()《》“”\"'\t\n\r 　[]【】〔〕|/")


@functools.lru_cache(maxsize=1)
def _words() -> tuple[frozenset, frozenset, frozenset]:
    words = load("subject")
    return frozenset(words["trailing"]), frozenset(words["stop_after"]), frozenset(words["after_units"])


def _clause_before(text: str, start: int) -> str:
    lo = max(0, start - _WINDOW)
    window = text[lo:start]
    for i in range(len(window) - 1, -1, -1):
        if window[i] in _BREAKS:
            return window[i + 1 :]
    return window


def _clause_after(text: str, end: int) -> str:
    window = text[end : end + _WINDOW // 2 + 2]
    for i, ch in enumerate(window):
        if ch in _BREAKS or ch.isdigit():
            return window[:i]
    return window


def _is_word(word: str) -> bool:
    return len(word) > 1 or "\u4e00" <= word <= "\u9fff"


def subject_after(text: str, end: int) -> Optional[str]:
    _, stop, _ = _words()
    clause = _clause_after(text, end)
    if not clause:
        return None
    words = []
    for word in default_segmenter().cut(clause):
        if word in stop or len(words) == 2:
            break
        words.append(word)
    # The window may cut the last word in half; drop it unless it is all we have.
    if len(words) == 2 and clause.endswith(words[-1]) and len(clause) >= _WINDOW // 2 + 2:
        words.pop()
    subject = "".join(words)
    return subject if len(subject) > 1 else None


def subject_before(text: str, start: int) -> Optional[str]:
    trailing, _, _ = _words()
    clause = _clause_before(text, start)
    if not clause:
        return None
    words = [w for w in default_segmenter().cut(clause) if _is_word(w)]
    while words and words[-1] in trailing:
        words.pop()
    if not words:
        return None
    subject = words[-1]
    if len(subject) == 1 and len(words) > 1:
        subject = words[-2] + subject
    return subject


def subject_of(text: str, claim: Claim) -> Optional[str]:
    """The counted thing after a measure word, else the measured thing before."""
    _, _, after_units = _words()
    if claim.kind == "count" and claim.unit in after_units:
        found = subject_after(text, claim.end)
        if found:
            return found
    if claim.kind == "date":
        return subject_before(text, claim.start) or subject_after(text, claim.end)
    return subject_before(text, claim.start)


def with_subjects(text: str, claims: Sequence[Claim]) -> list[Claim]:
    """Claims with ``subject`` filled; members of a list ("分别达88.74%、91.3%") share
    the subject of the first member."""
    out: list[Claim] = []
    for claim in claims:
        prev = out[-1] if out else None
        in_list = prev is not None and claim.start == prev.end + 1 and text[prev.end] == "、"
        if in_list and prev.kind == claim.kind:
            subject = prev.subject
        else:
            subject = subject_of(text, claim)
        out.append(replace(claim, subject=subject))
    return out

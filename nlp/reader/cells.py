"""Cell values: numbers, and cells that hold several items ("指标1：…指标2：…",
"目标1：…", "1.…2.…")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from .headers import norm

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_INDICATOR_MARK = re.compile(r"指标\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[：:]")
#: Item markers at the start of a line: 目标1： 任务2： 1. 1、 一、
_ITEM_MARK = re.compile(
    r"(?:目标|任务)\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[：:、.．]\s*"
    r"|[0-9０-９]{1,2}\s*[.、．](?![0-9０-９])\s*"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．]\s*"
)
_GOAL_INLINE = re.compile(r"目标\s*[0-9０-９]{1,3}\s*[：:]")
#: An annual task: "任务1：…".
TASK_MARK = re.compile(r"任务\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[：:]")
_SEPARATORS = "；;，,、 \u3000"


def to_decimal(text: str, percent: bool = False) -> Optional[Decimal]:
    """A cell holding one number ("5", "10分", "100%" when ``percent``) → Decimal."""
    value = norm(text)
    if value.endswith("分"):
        value = value[:-1]
    if percent and value.endswith("%"):
        value = value[:-1]
    if not value or len(value) > 40 or not _NUMBER.fullmatch(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def _clean_piece(text: str) -> str:
    return text.strip().rstrip(_SEPARATORS).strip()


def split_indicator_cell(text: str) -> list[str]:
    """"指标1：A；指标2：B" → ["A", "B"]; a cell without the marker stays whole
    ("指标：A" → ["A"])."""
    marks = list(_INDICATOR_MARK.finditer(text))
    if not marks or marks[0].start() != 0:
        return [text]
    pieces = []
    for k, mark in enumerate(marks):
        stop = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        piece = _clean_piece(text[mark.end() : stop])
        if piece:
            pieces.append(piece)
    return pieces or [text]


def split_items(lines: list[str]) -> list[str]:
    """A cell's lines → items, one per "目标1：/任务1：/1./一、" marker at a line start
    (and per inline "目标N："); a cell without markers is one item."""
    items: list[str] = []
    marked = False
    for line in lines:
        pieces = [line]
        inline = list(_GOAL_INLINE.finditer(line))
        if len(inline) > 1 or (inline and inline[0].start() > 0):
            cuts = [m.start() for m in inline if m.start() > 0]
            pieces = [line[a:b] for a, b in zip([0] + cuts, cuts + [len(line)])]
        for piece in pieces:
            mark = _ITEM_MARK.match(piece)
            if mark:
                marked = True
                items.append(piece[mark.end() :].strip())
            elif items:
                items[-1] += piece
            else:
                items.append(piece)
    if not marked:
        return ["".join(lines)] if lines else []
    return [item for item in (i.strip() for i in items) if item]

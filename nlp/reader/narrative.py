"""Narrative paragraphs: the prose of a report, with offsets and the heading above.

Prose lives outside tables and in the cells of tables no layout claimed (these
report forms put the whole 综述 in one big cell). Each source line is one Word
paragraph. Headings ("六、存在的问题及原因分析", "（一）基本支出情况", "1、 部门基本情况")
are not paragraphs; they name the section of the paragraphs below them.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ..schema import Paragraph
from .cells import TASK_MARK
from .grid import Block, Grid, Line, Row

_HEADING = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}\s*[、．.]"
    r"|[（(]\s*[一二三四五六七八九十0-9]{1,3}\s*[）)]"
    r"|第[一二三四五六七八九十]{1,3}[章节部分])"
)
#: "1、 部门基本情况" is a heading, "8、领导人武部和工、青、妇等工作" a list item.
_NUMBERED = re.compile(r"[0-9]{1,2}\s*[、．.](?![0-9])")
_LIST_PUNCTUATION = "、，；,;"
_MAX_HEADING = 32
_MIN_PARAGRAPH = 12
_SENTENCE_END = "。！？；.!?;"
_SENTENCE_PUNCTUATION = "，。；,;！？"


def is_heading(text: str) -> bool:
    if len(text) > _MAX_HEADING or text[-1] in _SENTENCE_END + "，,：:":
        return False
    if _HEADING.match(text):
        return True
    mark = _NUMBERED.match(text)
    return mark is not None and not any(ch in _LIST_PUNCTUATION for ch in text[mark.end() :])


def _is_prose(text: str) -> bool:
    if len(text) >= _MIN_PARAGRAPH:
        return any("\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in text)
    return len(text) >= 4 and text[-1] in _SENTENCE_END


def _lines(blocks: list[Block], other_rows: Iterable[Row]) -> Iterable[tuple[Line, bool]]:
    """Candidate lines, each with whether it is a one-line cell of a multi-cell row
    (a label or a value of a form, not prose unless it reads as a sentence)."""
    keep = {id(row) for row in other_rows}
    for block in blocks:
        if isinstance(block, Line):
            yield block, False
        elif isinstance(block, Grid):
            for row in block.rows:
                if id(row) in keep:
                    for cell in row.cells:
                        form_cell = len(row.cells) > 1 and len(cell.lines) == 1
                        for line in cell.lines:
                            yield line, form_cell


def paragraphs(blocks: list[Block], other_rows: Iterable[Row]) -> list[Paragraph]:
    section: Optional[str] = None
    out: list[Paragraph] = []
    for line, form_cell in _lines(blocks, other_rows):
        text = line.text
        if not form_cell and is_heading(text):
            section = text
            continue
        if line.start < 0 or not _is_prose(text):
            continue
        if form_cell and not any(ch in _SENTENCE_PUNCTUATION for ch in text):
            continue
        if TASK_MARK.match(text):
            continue  # an annual task: a Target of its own
        out.append(Paragraph(text=text, start=line.start, end=line.end, section=section))
    return out

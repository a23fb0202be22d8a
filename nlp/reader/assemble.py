"""Blocks → Report: run the layouts and the narrative pass, decide the report kind."""

from __future__ import annotations

import re
from typing import Optional

from ..schema import Report
from .grid import Block, Grid, Line
from .layouts import recognise
from .narrative import paragraphs


def report_kind(text: str, has_indicators: bool, has_prose: bool) -> str:
    head = text[:20000]
    if "整体支出" in head or "部门（单位）" in head or "部门(单位)" in head:
        return "department_report"
    if "项目支出绩效" in head or "项目绩效自评" in head:
        return "project_report"
    if has_indicators and not has_prose:
        return "indicator_table"
    return "unknown"


_TITLE_WORDS = ("报告", "自评表", "评价表", "目标表")
_MAX_TITLE = 60
_ENUMERATOR = re.compile(r"^[一二三四五六七八九十]{1,3}[、．.]\s*")


def _title(blocks: list[Block], other_rows) -> Optional[str]:
    """The first short line naming the document (…绩效自评报告, …自评表), else the
    first loose line before any table."""
    keep = {id(row) for row in other_rows}
    first_loose = None
    seen_grid = False
    for block in blocks:
        if isinstance(block, Line):
            lines = [block]
            if first_loose is None and not seen_grid and len(block.text) <= _MAX_TITLE:
                first_loose = block.text
        elif isinstance(block, Grid):
            seen_grid = True
            lines = [line for row in block.rows if id(row) in keep for cell in row.cells for line in cell.lines]
        else:
            continue
        for line in lines:
            text = _ENUMERATOR.sub("", line.text, count=1)
            if len(text) <= _MAX_TITLE and "绩效" in text and any(w in text for w in _TITLE_WORDS):
                if not text.startswith(("根据", "按照", "备注", "说明")):
                    return text
    return first_loose


def build_report(
    path: str,
    text: str,
    blocks: list[Block],
    encoding: Optional[str] = None,
    kind: Optional[str] = None,
    warnings: tuple[str, ...] = (),
) -> Report:
    found = recognise(blocks)
    narratives = paragraphs(blocks, found.other_rows)
    if not found.indicators:
        # Not an error: the narratives and their claims are still worth reading. But the
        # reviewer must know that nothing was triaged, so it is said, not left implicit.
        warnings = warnings + (
            "no indicator table found (一级/二级/三级指标 or 评价内容/绩效目标/完成情况): only the narrative was read; "
            "if the report has one, check it was exported with its tables (.docx keeps them)",
        )
    return Report(
        path=path,
        kind=kind or report_kind(text, bool(found.indicators), bool(narratives)),
        text=text,
        encoding=encoding,
        title=_title(blocks, found.other_rows),
        tables=tuple(found.tables),
        indicators=tuple(found.indicators),
        targets=tuple(found.targets),
        scoring=tuple(found.scoring),
        funds=tuple(found.funds),
        overall_score=found.overall_score,
        grade=found.grade,
        narratives=tuple(narratives),
        warnings=warnings,
    )

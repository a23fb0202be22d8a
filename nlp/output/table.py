"""``--format table``: what a reviewer reads in the terminal.

One rich table per report, reports worst first and, inside each, indicators worst
first (ties in document order); flags coloured by severity. A batch ends with a
one-screen summary: totals, the commonest flag codes and the worst reports.
All report text goes in as ``rich.text.Text`` (never as markup) with control
characters removed, so a cell can neither restyle the output nor move the cursor.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Optional, Sequence, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..taxonomy import FINE_ZH
from .rows import all_flags, evidence_note, indicator_order, max_severity, severity_rank, summary_row, worst_first

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}
SEVERITY_ZH = {"high": "高", "medium": "中", "low": "低"}

#: How many reports the batch summary lists by name: it must fit on one screen.
SUMMARY_TOP = 15

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: Any) -> str:
    """Cell text for the terminal: no control characters (ANSI escapes included)."""
    if value is None:
        return ""
    return _CONTROL_RE.sub("", str(value)).strip()


#: Longest name/target/actual shown in a terminal cell: old templates put whole
#: paragraphs there; the full text is in the xlsx and html formats.
CELL_CHARS = 80


def clip(value: Any, limit: int = CELL_CHARS) -> str:
    text = clean(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value: Any) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _category(ind: dict) -> Text:
    text = Text()
    if ind.get("subcategory"):
        text.append(FINE_ZH.get(ind["subcategory"], ind["subcategory"]))
        if ind.get("confidence") is not None:
            text.append(f" {ind['confidence']:.2f}", style="dim")
    return text


def _shown(evidence: str, shown: Sequence[str]) -> bool:
    """The evidence is already on screen in one of the row's cells."""
    evidence = "".join(evidence.rstrip("…").split())
    return any(evidence in "".join(cell.split()) for cell in shown if cell)


def _flags(flags: Sequence[dict], shown: Sequence[str] = ()) -> Text:
    """Flags worst first; each quotes its evidence unless a cell in ``shown`` holds it."""
    text = Text()
    for i, flag in enumerate(sorted(flags, key=lambda f: -severity_rank(f.get("severity")))):
        if i:
            text.append("\n")
        style = SEVERITY_STYLE.get(flag["severity"], "")
        # No space after the marker: the message (no spaces in Chinese) would wrap there.
        text.append(f"【{SEVERITY_ZH.get(flag['severity'], clean(flag['severity']))}】", style=style)
        text.append(clean(flag["message"]))
        note = evidence_note(flag)
        if note and not _shown(note[1:-1], shown):
            text.append(clean(note), style="italic")
        text.append(f" {clean(flag['code'])}", style="dim")
    return text


def report_table(data: dict) -> Table:
    """The indicators of one report dict (the JSON contract), worst first."""
    summary = summary_row(data)
    title = Text(clean(data.get("title")) or clean(data["path"]), style="bold")
    caption = (
        f"{clean(data['path'])} · {data['kind']} · {summary['indicators']} 个指标, "
        f"{summary['flagged']} 个有标记 (高 {summary['high']} / 中 {summary['medium']} / 低 {summary['low']})"
    )
    table = Table(title=title, caption=caption, box=box.SIMPLE_HEAD, show_lines=True, expand=True)
    table.add_column("#", no_wrap=True, style="dim")
    table.add_column("填报类别", ratio=2, overflow="fold")
    table.add_column("指标", ratio=4, overflow="fold")
    table.add_column("目标", ratio=3, overflow="fold")
    table.add_column("实际", ratio=3, overflow="fold")
    table.add_column("得分", no_wrap=True, justify="right")
    table.add_column("分类", ratio=2, overflow="fold")
    table.add_column("标记", ratio=9, overflow="fold")
    for ind in indicator_order(data["indicators"]):
        score = "/".join(s for s in (_num(ind.get("score")), _num(ind.get("weight"))) if s)
        worst = max_severity(ind.get("flags", ()))
        table.add_row(
            clean(ind["id"]),
            Text(clean(ind.get("stated_category"))),
            Text(clip(ind.get("name")), style="bold" if worst == "high" else ""),
            Text(clip(ind.get("target"))),
            Text(clip(ind.get("actual"))),
            score,
            _category(ind),
            _flags(ind.get("flags", ()), [clip(ind.get(k)) for k in ("name", "target", "actual")]),
        )
    return table


def report_flags_text(data: dict) -> Optional[Text]:
    if not data.get("flags"):
        return None
    text = Text("报告层面: ", style="bold")
    text.append_text(_flags(data["flags"]))
    return text


def batch_summary(datas: Sequence[dict], errors: Sequence[tuple[str, str]] = ()) -> Table:
    """One screen: totals, the commonest codes and the ``SUMMARY_TOP`` worst reports."""
    rows = [summary_row(d) for d in worst_first(datas)]
    codes: dict[str, int] = {}
    for data in datas:
        for flag in all_flags(data):
            codes[flag["code"]] = codes.get(flag["code"], 0) + 1
    indicators = sum(r["indicators"] or 0 for r in rows)
    flagged = sum(r["flagged"] or 0 for r in rows)
    title = (
        f"{len(datas)} 份报告"
        + (f", {len(errors)} 份读取失败" if errors else "")
        + f" · {indicators} 个指标, {flagged} 个有标记 · "
        + " ".join(f"{SEVERITY_ZH[s]} {sum(r[s] or 0 for r in rows)}" for s in ("high", "medium", "low"))
    )
    top_codes = sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
    caption = "常见标记: " + ", ".join(f"{c}×{n}" for c, n in top_codes) if top_codes else None
    table = Table(title=Text(title, style="bold"), caption=caption, box=box.SIMPLE_HEAD, expand=True)
    table.add_column("报告 (最弱在前)", ratio=4, overflow="fold")
    table.add_column("类型", no_wrap=True)
    table.add_column("指标", justify="right", no_wrap=True)
    table.add_column("有标记", justify="right", no_wrap=True)
    table.add_column("高", justify="right", style=SEVERITY_STYLE["high"], no_wrap=True)
    table.add_column("中", justify="right", style=SEVERITY_STYLE["medium"], no_wrap=True)
    table.add_column("低", justify="right", style=SEVERITY_STYLE["low"], no_wrap=True)
    table.add_column("弱度", justify="right", no_wrap=True)
    for row in rows[:SUMMARY_TOP]:
        name = Text(clean(row["path"]).rsplit("/", 1)[-1])
        if row["title"]:
            name.append(" " + clean(row["title"]), style="dim")
        table.add_row(
            name,
            row["kind"],
            str(row["indicators"]),
            str(row["flagged"]),
            str(row["high"]),
            str(row["medium"]),
            str(row["low"]),
            f"{float(row['weakness'] or 0):.2f}",
        )
    if len(rows) > SUMMARY_TOP:
        table.add_row(Text(f"… 另有 {len(rows) - SUMMARY_TOP} 份 (完整列表: --format xlsx)", style="dim"))
    for path, message in errors:
        table.add_row(Text(clean(path), style="red"), Text(clean(message), style="red"))
    return table


def write_table(
    datas: Iterable[dict],
    stream: TextIO,
    *,
    errors: Sequence[tuple[str, str]] = (),
    color: Optional[bool] = None,
    width: Optional[int] = None,
) -> None:
    """Print each report's table (worst report first), then a batch summary when
    there is more than one input. ``color``/``width`` None: detect from ``stream``."""
    datas = list(datas)
    console = Console(
        file=stream,
        force_terminal=color,
        no_color=color is False,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    if width is None and not console.is_terminal:
        console.width = 160
    for data in worst_first(datas):
        console.print(report_table(data))
        flags = report_flags_text(data)
        if flags is not None:
            console.print(flags)
        console.print()
    if len(datas) + len(errors) > 1:
        console.print(batch_summary(datas, errors))

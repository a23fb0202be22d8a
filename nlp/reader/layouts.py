"""Recognise the role of each table on grids, whatever file the grid came from.

One Word table of these templates usually holds several logical tables (the funds
block, the overall goals, the indicator table, the total), so a grid is cut at
every recognised header row; the rows in between become ``other`` tables. Column
roles come from header names (nlp/resources/reader/headers.json), so the column
order does not matter; a data row narrower or wider than its header (merged cells)
is aligned on the right, where the value columns are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from ..schema import FundsRow, Indicator, ScoringRow, Table, Target
from .cells import TASK_MARK, split_indicator_cell, split_items, to_decimal
from .grid import Block, Grid, Row
from .headers import detect_header, header_names, matches, norm

__all__ = ["Recovered", "detect_header", "recognise"]


def _cell(row: Row, roles: dict[str, int], role: str, offset: int) -> str:
    index = roles.get(role)
    if index is None:
        return ""
    index += offset
    if 0 <= index < len(row.cells):
        return row.cells[index].text
    return ""


def _label_value(row: Row, names: list[str]) -> Optional[str]:
    """The cell after a label cell (e.g. 评价等次 | 优秀), '' when that cell is empty."""
    texts = row.texts
    for index, text in enumerate(texts):
        if text and matches(norm(text), names):
            following = texts[index + 1] if index + 1 < len(texts) else ""
            return following
    return None


def _is_total(row: Row) -> bool:
    first = next((t for t in row.texts if t.strip()), "")
    return matches(norm(first), header_names()["labels"]["total"])


def _is_stop(row: Row) -> bool:
    labels = header_names()["labels"]
    return any(matches(norm(t), labels["overall_score"]) for t in row.texts)


@dataclass
class Recovered:
    """What the layouts found in a document."""

    tables: list[Table] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    scoring: list[ScoringRow] = field(default_factory=list)
    funds: list[FundsRow] = field(default_factory=list)
    overall_score: Optional[Decimal] = None
    grade: Optional[str] = None
    #: Totals of indicator/scoring tables, as (kind, score), in document order.
    totals: list[tuple[str, Decimal]] = field(default_factory=list)
    #: Rows that belong to no recognised table, in document order (prose lives there).
    other_rows: list[Row] = field(default_factory=list)


class _Recogniser:
    def __init__(self) -> None:
        self.out = Recovered()
        self.project: Optional[str] = None
        self.goal_count = 0
        self.task_count = 0

    # -- driving ------------------------------------------------------------------
    def run(self, blocks: list[Block]) -> Recovered:
        for block in blocks:
            if isinstance(block, Grid):
                self.grid(block)
        if self.out.overall_score is None:
            # A project self-evaluation or a form without 综合得分: the total of the
            # first indicator table is the self-assessed score.
            for kind, score in self.out.totals:
                if kind == "indicators":
                    self.out.overall_score = score
                    break
        return self.out

    def grid(self, grid: Grid) -> None:
        rows = grid.rows
        headers = [detect_header(row) for row in rows]  # once per row: the scan below revisits rows
        pending: list[Row] = []
        title = grid.title
        i = 0
        while i < len(rows):
            header = headers[i]
            if header is None:
                self.facts(rows[i])
                pending.append(rows[i])
                i += 1
                continue
            if pending:
                self.add_table("other", pending, title)
                title = None
                pending = []
            kind, roles = header
            j = i + 1
            first: Optional[Row] = None
            while j < len(rows):
                row = rows[j]
                if headers[j] is not None or _is_stop(row):
                    break
                if kind == "goals" and not _goal_row(row):
                    break
                if first is not None and _leaves_table(kind, first, row, rows[i]):
                    break
                if first is None and any(t.strip() for t in row.texts):
                    first = row
                j += 1
                if kind != "funds" and _is_total(row):
                    break
            body = rows[i:j]
            table = self.add_table(_TABLE_KIND[kind], body, title)
            title = None
            getattr(self, kind)(table, rows[i], roles, rows[i + 1 : j])
            i = j
        if pending:
            self.add_table("other", pending, title)

    def add_table(self, kind: str, rows: list[Row], title: Optional[str]) -> Table:
        starts = [r.start for r in rows if r.start >= 0]
        ends = [r.end for r in rows if r.end >= 0]
        table = Table(
            id=f"t{len(self.out.tables) + 1}",
            kind=kind,
            rows=tuple(tuple(r.texts) for r in rows),
            title=title,
            project=self.project if kind == "indicators" else None,
            start=min(starts) if starts else -1,
            end=max(ends) if ends else -1,
        )
        self.out.tables.append(table)
        if kind == "other":
            self.out.other_rows.extend(rows)
        return table

    # -- facts in loose rows --------------------------------------------------------
    def facts(self, row: Row) -> None:
        labels = header_names()["labels"]
        score = _label_value(row, labels["overall_score"])
        if score is not None and self.out.overall_score is None:
            self.out.overall_score = to_decimal(score)
        grade = _label_value(row, labels["grade"])
        if grade is not None and self.out.grade is None:
            grade = grade.strip()
            if grade and not matches(norm(grade), labels["overall_score"]):
                self.out.grade = grade
        project = _label_value(row, labels["project"])
        if project:
            self.project = project.strip()
        for cell in row.cells:
            lines = [line.text for line in cell.lines]
            if any(TASK_MARK.match(line) for line in lines):
                for text in split_items(lines):
                    self.task_count += 1
                    self.out.targets.append(Target(id=f"task{self.task_count}", kind="task", text=text))

    # -- layouts --------------------------------------------------------------------
    def indicators(self, table: Table, header: Row, roles: dict[str, int], body: list[Row]) -> None:
        level1 = level2 = None
        project_from_column = "project_name" in roles or "project_code" in roles
        project = self.project
        count = 0
        for row in body:
            if _is_total(row):
                self.total("indicators", row)
                continue
            offset = len(row.cells) - len(header.cells)
            get = lambda role: _cell(row, roles, role, offset)  # noqa: E731
            name, target = get("name"), get("target")
            l1, l2 = get("level1").strip(), get("level2").strip()
            if l1:
                level1, level2 = l1, None
            if l2:
                level2 = l2
            if project_from_column:
                value = get("project_name") or get("project_code")
                if value.strip():
                    project = value.strip()
            if not (name.strip() or target.strip()):
                if not any(t.strip() for t in row.texts):
                    continue
                if not (l1 or l2):
                    continue
            names = split_indicator_cell(name)
            targets = _pair(names, target)
            actual = get("actual").strip() or None
            for k, piece in enumerate(names):
                count += 1
                self.out.indicators.append(
                    Indicator(
                        id=f"{table.id}.{count}",
                        table=table.id,
                        level1=level1,
                        stated_category=level2,
                        name=piece,
                        target=targets[k] or None,
                        actual=actual,
                        weight=to_decimal(get("weight")),
                        score=to_decimal(get("score")),
                        deviation_note=get("deviation_note").strip() or None,
                        project=project,
                        start=row.start,
                        end=row.end,
                    )
                )

    def old_indicators(self, table: Table, header: Row, roles: dict[str, int], body: list[Row]) -> None:
        level1 = level2 = None
        count = 0
        for row in body:
            texts = row.texts
            if len(texts) < 3 or not any(t.strip() for t in texts):
                continue
            if _is_total(row):
                self.total("indicators", row)
                continue
            target, actual, l2 = texts[-2], texts[-1], texts[-3]
            l1 = texts[-4] if len(texts) >= 4 else ""
            if l1.strip():
                level1, level2 = l1.strip(), None
            if l2.strip():
                level2 = l2.strip()
            if not target.strip():
                continue
            pieces = split_indicator_cell(target)
            actuals = _pair(pieces, actual)
            for k, piece in enumerate(pieces):
                count += 1
                self.out.indicators.append(
                    Indicator(
                        id=f"{table.id}.{count}",
                        table=table.id,
                        level1=level1,
                        stated_category=level2,
                        name=piece,
                        target=piece,
                        actual=actuals[k] or None,
                        project=self.project,
                        start=row.start,
                        end=row.end,
                    )
                )

    def goals(self, table: Table, header: Row, roles: dict[str, int], body: list[Row]) -> None:
        for row in body:
            offset = len(row.cells) - len(header.cells)
            target_index = roles["target"] + offset
            actual_index = roles["actual"] + offset
            if not (0 <= target_index < len(row.cells)):
                continue
            goal_lines = [line.text for line in row.cells[target_index].lines]
            goals = split_items(goal_lines)
            actual_lines = (
                [line.text for line in row.cells[actual_index].lines] if 0 <= actual_index < len(row.cells) else []
            )
            actuals = split_items(actual_lines)
            whole = "".join(actual_lines) or None
            for k, text in enumerate(goals):
                actual = actuals[k] if len(actuals) == len(goals) else whole
                self.goal_count += 1
                self.out.targets.append(Target(id=f"goal{self.goal_count}", kind="goal", text=text, actual=actual))

    def scoring(self, table: Table, header: Row, roles: dict[str, int], body: list[Row]) -> None:
        level1 = level2 = None
        for row in body:
            if _is_total(row):
                self.total("scoring", row)
                continue
            offset = len(row.cells) - len(header.cells)
            get = lambda role: _cell(row, roles, role, offset).strip()  # noqa: E731
            if get("level1"):
                level1, level2 = get("level1"), None
            if get("level2"):
                level2 = get("level2")
            criterion = get("criterion")
            if not criterion:
                continue
            self.out.scoring.append(
                ScoringRow(
                    level1=level1,
                    level2=level2,
                    criterion=criterion,
                    standard=get("standard") or None,
                    weight=to_decimal(get("weight")),
                    score=to_decimal(get("score")),
                    deduction_note=get("deduction_note") or None,
                    table=table.id,
                )
            )

    def funds(self, table: Table, header: Row, roles: dict[str, int], body: list[Row]) -> None:
        first_value = min(roles.values())
        for row in body:
            if len(row.cells) != len(header.cells) or first_value < 1:
                continue
            item = row.cells[first_value - 1].text.strip()
            if not item:
                continue
            get = lambda role, percent=False: to_decimal(_cell(row, roles, role, 0), percent)  # noqa: E731
            self.out.funds.append(
                FundsRow(
                    item=item,
                    initial_budget=get("initial_budget"),
                    full_year_budget=get("full_year_budget"),
                    executed=get("executed"),
                    weight=get("weight"),
                    execution_rate=get("execution_rate", True),
                    score=get("score"),
                    table=table.id,
                )
            )

    def total(self, kind: str, row: Row) -> None:
        numbers = [d for d in (to_decimal(t) for t in row.texts) if d is not None]
        if len(numbers) >= 2:
            self.out.totals.append((kind, numbers[1]))


_TABLE_KIND = {
    "indicators": "indicators",
    "old_indicators": "indicators",
    "scoring": "scoring",
    "funds": "funds",
    "goals": "targets",
}


def _leaves_table(kind: str, first: Row, row: Row, header: Row) -> bool:
    """A row after an indicator table that no longer belongs to it (signatures, a
    grade line): without a 总分 row, nothing else ends the table."""
    if _is_total(row) or not any(t.strip() for t in row.texts):
        return False
    if kind == "old_indicators":
        # With a title column (empty down the whole table), a filled first cell
        # starts something else.
        titled = len(first.cells) >= 5 and not first.cells[0].lines
        return titled and bool(row.cells[0].lines)
    if kind == "indicators":
        return len(row.cells) < min(5, len(header.cells))
    return False


def _goal_row(row: Row) -> bool:
    """A data row of the goals table: text in its last two cells, nothing else."""
    return len(row.cells) >= 2 and bool(row.cells[-2].text.strip())


def _pair(pieces: list[str], other: str) -> list[str]:
    """Split ``other`` like its row's split cell when it has as many parts; else every
    piece shares it whole."""
    if len(pieces) == 1:
        return [other.strip()]
    parts = split_indicator_cell(other)
    if len(parts) == len(pieces):
        return parts
    return [other.strip()] * len(pieces)


def recognise(blocks: list[Block]) -> Recovered:
    """Run every layout over the grids of a document."""
    return _Recogniser().run(blocks)

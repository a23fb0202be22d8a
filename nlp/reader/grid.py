"""The one representation every source format is turned into before layouts run.

A document is a sequence of blocks: loose text lines (``Line``) and tables
(``Grid``: rows of cells, merged cells empty). ``.txt``, ``.docx``, ``.pdf``, ``.csv``
and ``.xlsx`` all produce these, so one set of layout recognisers serves them all and
the same table gives the same indicators whatever file it came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union


@dataclass(frozen=True)
class Line:
    """One non-empty line of text; ``text == source[start:end]`` (stripped of white space)."""

    text: str
    start: int
    end: int


@dataclass
class Cell:
    """A table cell: its non-empty lines, in order. Built incrementally by the parsers."""

    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])

    @property
    def start(self) -> int:
        return self.lines[0].start if self.lines else -1

    @property
    def end(self) -> int:
        return self.lines[-1].end if self.lines else -1


@dataclass
class Row:
    cells: list[Cell]
    #: Loose lines just above the row (a table title, or a cell's continuation that
    #: the txt parser could not place yet).
    prefix: list[Line] = field(default_factory=list)

    _texts: Optional[list[str]] = field(default=None, repr=False, compare=False)

    @property
    def texts(self) -> list[str]:
        # Read only once the row is complete (the parsers never ask before), so
        # the layouts' repeated reads cost nothing.
        if self._texts is None:
            self._texts = [cell.text for cell in self.cells]
        return self._texts

    @property
    def start(self) -> int:
        starts = [c.start for c in self.cells if c.start >= 0]
        return min(starts) if starts else -1

    @property
    def end(self) -> int:
        ends = [c.end for c in self.cells if c.end >= 0]
        return max(ends) if ends else -1


@dataclass
class Grid:
    """A table as found in the source (one Word table, one sheet, one CSV)."""

    rows: list[Row]
    title: Optional[str] = None


Block = Union[Line, Grid]


def strip_line(source: str, start: int, end: int) -> Optional[Line]:
    """The stripped line source[start:end] with exact offsets, or None when blank."""
    text = source[start:end]
    stripped = text.strip()
    if not stripped:
        return None
    lead = len(text) - len(text.lstrip())
    return Line(stripped, start + lead, start + lead + len(stripped))


def join_lines(parts: list[str]) -> str:
    """Join a cell's lines as Word wrapped them: no separator between CJK text, a
    space only where two Latin words/numbers would otherwise run together."""
    out = ""
    for part in parts:
        if out and part and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def grid_from_texts(rows: list[list[str]], title: Optional[str] = None) -> Grid:
    """A Grid from plain cell strings (tabular sources; no offsets)."""
    grid_rows = []
    for row in rows:
        cells = []
        for value in row:
            value = "" if value is None else str(value)
            parts = [p.strip() for p in value.splitlines()]
            cells.append(Cell([Line(p, -1, -1) for p in parts if p]))
        grid_rows.append(Row(cells))
    return Grid(grid_rows, title)

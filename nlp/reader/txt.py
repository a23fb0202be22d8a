"""Word's plain-text export → blocks (loose lines and table grids).

In these exports a table cell starts with a TAB at the start of a line, a cell's
further paragraphs follow on lines without a tab, a row ends with an empty line,
merged cells appear as empty cells, and a cell's own empty paragraphs also show as
empty lines. An empty line is therefore either a row end or a stray paragraph inside
a cell; the parser first splits at every empty line and then re-joins the fragments
of one row where their cell counts add up to the width of the rows around them.
Lines without a tab after an empty line continue the last cell when another row
follows them (a cell's later paragraphs); after the last row they are loose text.

Text whose rows are written one per line with tabs between the cells (a table
pasted from Excel or WPS) is read in a second mode: one row per line.

Everything here is a single pass over the lines plus a bounded look-around per row:
linear in the size of the text, no backtracking regular expressions.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator, Optional

from .grid import Block, Cell, Grid, Line, Row, strip_line
from .headers import detect_header

#: How far ahead the width of "the rows around" is measured, and how many fragments
#: one row may have been split into.
_LOOKAHEAD = 7
_MAX_FRAGMENTS = 4
_MAX_LABEL = 20
#: The longest quoted cell of a tab-pasted row (characters): a stray quote is not a cell.
_MAX_QUOTED = 2000



def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, newline excluded; offsets index ``text`` directly,
    so no list of line strings is built for a 50 MB file."""
    pos, n = 0, len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        yield pos, nl
        pos = nl + 1

def _cell_start(text: str, start: int, end: int) -> int:
    """Offset just after the line's cell tab, or -1 if the line does not start a cell.

    A cell line is optional spaces then a TAB (a space sometimes precedes the first
    cell of the document)."""
    pos = start
    while pos < end and text[pos] in " \u3000":
        pos += 1
    if pos < end and text[pos] == "\t":
        return pos + 1
    return -1


def _is_inline_row(text: str, start: int, end: int) -> bool:
    """A line holding a whole row, cells separated by tabs ("一级指标\\t二级指标\\t…"),
    as a table copied from Excel or WPS is pasted; Word's export puts a tab only
    before each cell, at the start of its own line."""
    first = start
    while first < end and text[first] in " \u3000\t":
        first += 1
    return text.find("\t", first, end) >= 0


def parse_txt(text: str) -> list[Block]:
    """Split decoded text (newlines already normalised to ``\\n``) into blocks."""
    if _tab_separated(text):
        return _parse_tab_separated(text)
    return _parse_word_export(text)


def _tab_separated(text: str) -> bool:
    """Rows written one per line with tabs between the cells (at least two such
    lines, and more of them than Word-style cell lines)."""
    inline = word_cells = 0
    for start, end in _line_spans(text):
        if _is_inline_row(text, start, end):
            inline += 1
        elif _cell_start(text, start, end) >= 0:
            word_cells += 1
    return inline >= 2 and inline > word_cells


def _parse_tab_separated(text: str) -> list[Block]:
    """One row per line with a tab in it; the other lines are loose text, and the
    last loose line above a table is its title. A blank line ends a table (an
    empty row of a sheet still holds its tabs). A cell that holds line breaks is
    pasted in double quotes ("培训人次\n（含线上）"), as Excel and WPS copy it: its
    row runs on until the closing quote."""
    blocks: list[Block] = []
    current: Optional[Grid] = None
    title: Optional[str] = None
    pos, n = 0, len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        if text.find("\t", pos, end) >= 0 or _quoted_cell_end(text, pos) >= 0:
            if current is None:
                current = Grid([], title)
                blocks.append(current)
            cells, pos = _inline_row(text, pos)
            current.rows.append(Row(cells))
            continue
        line = strip_line(text, pos, end)
        current = None
        if line is not None:
            blocks.append(line)
            title = line.text
        pos = end + 1
    for block in blocks:
        if isinstance(block, Grid):
            _pad_indicator_rows(block)
    return blocks


def _inline_row(text: str, pos: int) -> tuple[list[Cell], int]:
    """The cells of the row starting at ``pos`` and the offset after its line end."""
    cells: list[Cell] = []
    n = len(text)
    line_end = -1  # end of the physical line `pos` is on; found again only past it
    while True:
        close = _quoted_cell_end(text, pos)
        if close >= 0:
            cells.append(Cell(_lines(text, pos + 1, close)))
            pos = close + 1
        else:
            if pos > line_end:
                nl = text.find("\n", pos)
                line_end = n if nl < 0 else nl
            tab = text.find("\t", pos, line_end)
            stop = line_end if tab < 0 else tab
            line = strip_line(text, pos, stop)
            cells.append(Cell([line] if line else []))
            pos = stop
        if pos < n and text[pos] == "\t":
            pos += 1
            continue
        # past the cell's end: a newline (or the end of the text) ends the row
        return cells, pos + 1


def _quoted_cell_end(text: str, pos: int) -> int:
    """Offset of the closing quote of a quoted cell starting at ``pos`` (a quote, its
    content with "" for a quote, a quote before a tab, a newline or the end), or -1.
    The search is bounded, so a stray quote costs at most _MAX_QUOTED characters."""
    n = len(text)
    if pos >= n or text[pos] != '"':
        return -1
    i, limit = pos + 1, min(n, pos + 1 + _MAX_QUOTED)
    while i < limit:
        q = text.find('"', i, limit)
        if q < 0:
            return -1
        if q + 1 < n and text[q + 1] == '"':
            i = q + 2
            continue
        if q + 1 == n or text[q + 1] in "\t\n":
            # Only a cell that spans lines or holds a tab needs its quotes; a one-line
            # quoted cell is read as written, quotes and all: a Line's text is an exact
            # slice of the source, so "" escapes are never rewritten.
            return q if text.find("\n", pos, q) >= 0 or text.find("\t", pos, q) >= 0 else -1
        return -1
    return -1


def _lines(text: str, start: int, end: int) -> list[Line]:
    """The non-empty lines of text[start:end], with their offsets."""
    lines = []
    while start <= end:
        nl = text.find("\n", start, end)
        stop = end if nl < 0 else nl
        line = strip_line(text, start, stop)
        if line is not None:
            lines.append(line)
        start = stop + 1
    return lines


def _pad_indicator_rows(grid: Grid) -> None:
    """Under an indicator header, a row shorter than the header lost its trailing
    empty cells (editors trim trailing tabs): here cells are counted from the left,
    so the missing ones are put back at the end. Other rows keep their cells as
    written (a shorter row elsewhere is one with merged cells, as in Word)."""
    width = 0
    for row in grid.rows:
        header = detect_header(row)
        if header is not None:
            width = len(row.cells) if header[0] in ("indicators", "old_indicators") else 0
        elif 1 < len(row.cells) < width:
            row.cells.extend(Cell() for _ in range(width - len(row.cells)))


def _parse_word_export(text: str) -> list[Block]:
    loose: list[Line] = []  # lines before the first table
    raw: list[Row] = []
    # Plain chunks after a row: a cell's later paragraphs if another row follows,
    # text after the last table if none does.
    held: list[Line] = []
    chunk_prefix: list[Line] = []
    row: Optional[Row] = None  # the row being built from the current chunk

    def open_row() -> Row:
        nonlocal row, chunk_prefix
        if row is None:
            if held and raw and raw[-1].cells:
                raw[-1].cells[-1].lines.extend(held)
                held.clear()
            row = Row([], chunk_prefix)
            raw.append(row)
        chunk_prefix = []
        return row

    def close_chunk() -> None:
        nonlocal row, chunk_prefix
        if row is None and chunk_prefix:
            (held if raw else loose).extend(chunk_prefix)
        chunk_prefix = []
        row = None

    for start, end in _line_spans(text):
        content = _cell_start(text, start, end)
        if content >= 0:
            cell = Cell()
            line = strip_line(text, content, end)
            if line:
                cell.lines.append(line)
            open_row().cells.append(cell)
        elif not text[start:end].strip():
            close_chunk()
        else:
            line = strip_line(text, start, end)
            if line is not None:
                if row is not None and row.cells:
                    row.cells[-1].lines.append(line)
                else:
                    chunk_prefix.append(line)
        if end == len(text):
            break
    close_chunk()
    blocks: list[Block] = list(loose)
    blocks.extend(_grids(_merge_fragments(raw)))
    blocks.extend(held)
    return blocks


def _mode(widths: list[int]) -> int:
    if not widths:
        return 0
    counts = Counter(widths)
    return max(counts, key=lambda w: (counts[w], w))


def _merge_fragments(raw: list[Row]) -> list[Row]:
    """Re-join rows that an empty paragraph inside a cell split in two (or more)."""
    widths = [len(r.cells) for r in raw]
    merged: list[Row] = []
    i, n = 0, len(raw)
    while i < n:
        width = widths[i]
        # Width of "the rows around": the usual width of the next rows (a split in
        # two), or, for a row continuing a vertical merge (first cell empty), the
        # width of the row above (a split in up to _MAX_FRAGMENTS).
        targets = {_mode(widths[i + 1 : i + 1 + _LOOKAHEAD]): 2}
        if merged and not raw[i].prefix and raw[i].cells and not raw[i].cells[0].lines:
            above = len(merged[-1].cells)
            targets[above] = _MAX_FRAGMENTS
        # A row as wide as the row above is complete (an empty row of a money
        # table, say), never a fragment.
        if merged and not raw[i].prefix and width == len(merged[-1].cells):
            targets = {}
        span = 0
        # A lone short cell above a row that starts with loose text: a label cell
        # whose own empty paragraphs pushed the rest of its row down
        # ("整体支出绩效" / "" / "定性目标…" / "→预期目标").
        if (
            width == 1
            and len(raw[i].cells[0].text) <= _MAX_LABEL
            and i + 1 < n
            and raw[i + 1].prefix
            and raw[i + 1].cells
        ):
            targets = {}
            span = 1
        for target in sorted(targets, reverse=True):
            if not 0 < width < target:
                continue
            total, j = width, i
            while (
                total < target
                and j + 1 < n
                and j + 1 - i < targets[target]
                and widths[j + 1] < target
                and _is_fragment(raw[j + 1])
            ):
                j += 1
                total += widths[j]
            if total == target and j > i:
                span = j - i
                break
        if span:
            first = raw[i]
            cells = list(first.cells)
            for part in raw[i + 1 : i + 1 + span]:
                if part.prefix:
                    cells[-1].lines.extend(part.prefix)
                cells.extend(part.cells)
            merged.append(Row(cells, first.prefix))
            i += span + 1
        else:
            merged.append(raw[i])
            i += 1
    return merged


def _is_fragment(row: Row) -> bool:
    """A row's continuation starts with text (a loose line or a non-empty cell); a
    row starting with an empty cell is a row of its own under a vertical merge."""
    return bool(row.prefix) or bool(row.cells and row.cells[0].lines)


def _grids(rows: list[Row]) -> list[Block]:
    """Cut the row sequence into tables where a title line stands above a row."""
    blocks: list[Block] = []
    current: Optional[Grid] = None
    for row in rows:
        if row.prefix or current is None:
            blocks.extend(row.prefix)
            title = row.prefix[-1].text if row.prefix else None
            current = Grid([], title)
            blocks.append(current)
            row = Row(row.cells, [])
        current.rows.append(row)
    return blocks

"""``.docx`` → the same blocks as the txt export, plus a text rendering of the document.

The rendering follows Word's plain-text export (a cell starts with a TAB, its
paragraphs follow on their own lines, a row ends with an empty line), so that
``Report.text`` reads like the ``.txt`` of the same report and every offset
(narratives, indicators) indexes it. Grids are taken from the real table structure:
one cell per ``<w:tc>`` (a horizontal span is one cell, as in the export) and an
empty cell where a vertical merge continues, so the layouts see exactly what they
see in the ``.txt``. Tables nested in a cell (forms built as one big table) follow
their outer table as grids of their own, and content controls (``w:sdt``) are read
through. python-docx is imported here only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..errors import BadDocumentError, JixiaoError, LimitExceededError
from ..schema import Report
from .assemble import build_report
from .chars import fold_compatibility
from .files import MAX_ROWS, check_zip
from .grid import Block, Cell, Grid, Line, Row

_MAX_TITLE = 40


class _Renderer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list[Block] = []

    def write(self, text: str) -> int:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start

    def lines(self, text: str, prefix: str = "") -> list[Line]:
        """Write ``prefix + text`` and a newline per line; return the non-blank lines."""
        out = []
        for k, raw in enumerate(text.split("\n")):
            lead = prefix if k == 0 else ""
            line_start = self.write(lead + raw + "\n") + len(lead)
            stripped = raw.strip()
            if stripped:
                offset = line_start + len(raw) - len(raw.lstrip())
                out.append(Line(stripped, offset, offset + len(stripped)))
        return out

    @property
    def text(self) -> str:
        return "".join(self.parts)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Containers whose runs Word shows: tracked insertions, links, inline content
#: controls, smart tags, simple fields. Deletions (w:del, w:moveFrom) are not shown.
_SHOWN = frozenset(_W + t for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "sdtContent"))
_RUN_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n",
             _W + "noBreakHyphen": "-"}


def _runs_text(element, out: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag == _W + "r":
            for part in child.iterchildren():
                if part.tag in _RUN_TEXT:
                    out.append(part.text or "" if _RUN_TEXT[part.tag] is None else _RUN_TEXT[part.tag])
        elif tag in _SHOWN or tag == _W + "sdt":
            _runs_text(child, out)


def _paragraph_text(paragraph) -> str:
    """The paragraph as Word shows it with changes accepted: python-docx's
    ``Paragraph.text`` drops tracked insertions and inline content controls."""
    out: list[str] = []
    _runs_text(paragraph._p, out)
    return fold_compatibility("".join(out).replace("\r", "\n").replace("\x0b", "\n"))


def read_docx(path: Path, name: str) -> Report:
    check_zip(path, ".docx")
    try:
        import docx
    except ImportError:  # pragma: no cover - a declared dependency
        raise BadDocumentError("reading .docx needs python-docx: pip install python-docx", name)
    try:
        document = docx.Document(str(path))
        renderer = _render(document, name)
    except JixiaoError:
        raise
    except Exception as error:  # python-docx/lxml raise many types for a broken package
        raise BadDocumentError(
            f"is not a readable Word document ({type(error).__name__}); open it in Word and save it again as .docx",
            name,
        ) from None
    return build_report(name, renderer.text, renderer.blocks, encoding=None)


def _body_items(container, parent):
    """The paragraphs and tables of a body in document order, including those inside
    content controls (``w:sdt``), which python-docx's iter_inner_content skips."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_items(content, parent)


#: A form laid out as one big table may hold the indicator table inside a cell.
_MAX_NESTING = 3


def _render(document, name: str) -> _Renderer:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    renderer = _Renderer()
    last_line: Optional[Line] = None
    rows_seen = [0]
    for item in _body_items(document.element.body, document._body):
        if isinstance(item, Paragraph):
            lines = renderer.lines(_paragraph_text(item))
            if not lines:
                last_line = None
            for line in lines:
                renderer.blocks.append(line)
                last_line = line
        elif isinstance(item, Table):
            title = last_line.text if last_line is not None and len(last_line.text) <= _MAX_TITLE else None
            _render_table(renderer, item, title, name, rows_seen, 0)
            last_line = None
    return renderer


def _render_table(renderer: _Renderer, table, title: Optional[str], name: str, rows_seen: list, depth: int) -> None:
    """One grid for the table, then one per table nested in its cells (after it, in
    order; their title is the text of the cell holding them)."""
    from docx.oxml.ns import qn
    from docx.table import Table, _Cell

    grid = Grid([], title)
    nested: list[tuple[object, Optional[str]]] = []
    for tr in table._tbl.tr_lst:
        rows_seen[0] += 1
        if rows_seen[0] > MAX_ROWS:
            raise LimitExceededError(f"has more than {MAX_ROWS} table rows; refusing to read it", name)
        cells = []
        for tc in tr.tc_lst:
            cell = Cell()
            if tc.vMerge == "continue":
                renderer.write("\t\n")
            else:
                paragraphs = [_paragraph_text(p) for p in _Cell(tc, table).paragraphs]
                cell.lines.extend(renderer.lines("\n".join(paragraphs), prefix="\t"))
                if depth < _MAX_NESTING:
                    label = cell.text if cell.lines and len(cell.text) <= _MAX_TITLE else None
                    nested.extend((Table(tbl, table), label) for tbl in tc.iterchildren(qn("w:tbl")))
            cells.append(cell)
        renderer.write("\n")
        grid.rows.append(Row(cells))
    renderer.blocks.append(grid)
    for inner, label in nested:
        renderer.write("\n")
        _render_table(renderer, inner, label, name, rows_seen, depth + 1)

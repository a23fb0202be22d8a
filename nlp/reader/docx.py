"""``.docx`` → the same blocks as the txt export, plus a text rendering of the document.

The rendering follows Word's plain-text export (a cell starts with a TAB, its
paragraphs follow on their own lines, a row ends with an empty line), so that
``Report.text`` reads like the ``.txt`` of the same report and every offset
(narratives, indicators) indexes it. Grids are taken from the real table structure:
one cell per ``<w:tc>`` (a horizontal span is one cell, as in the export) and an
empty cell where a vertical merge continues, so the layouts see exactly what they
see in the ``.txt``. python-docx is imported here only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..errors import BadDocumentError, JixiaoError, LimitExceededError
from ..schema import Report
from .assemble import build_report
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


def _paragraph_text(paragraph) -> str:
    return paragraph.text.replace("\r", "\n").replace("\x0b", "\n")


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


def _render(document, name: str) -> _Renderer:
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    renderer = _Renderer()
    last_line: Optional[Line] = None
    rows_seen = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines = renderer.lines(_paragraph_text(item))
            if not lines:
                last_line = None
            for line in lines:
                renderer.blocks.append(line)
                last_line = line
        elif isinstance(item, Table):
            title = last_line.text if last_line is not None and len(last_line.text) <= _MAX_TITLE else None
            grid = Grid([], title)
            for tr in item._tbl.tr_lst:
                rows_seen += 1
                if rows_seen > MAX_ROWS:
                    raise LimitExceededError(f"has more than {MAX_ROWS} table rows; refusing to read it", name)
                cells = []
                for tc in tr.tc_lst:
                    cell = Cell()
                    if tc.vMerge == "continue":
                        renderer.write("\t\n")
                    else:
                        paragraphs = [_paragraph_text(p) for p in _Cell(tc, item).paragraphs]
                        cell.lines.extend(renderer.lines("\n".join(paragraphs), prefix="\t"))
                    cells.append(cell)
                renderer.write("\n")
                grid.rows.append(Row(cells))
            renderer.blocks.append(grid)
            last_line = None
    return renderer

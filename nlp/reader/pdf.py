"""``.pdf`` with a text layer (pdfplumber): its lines as loose text, its tables as grids.

A PDF without a text layer is a scan: it is refused with what to do (OCR, or the
original .docx). So is one whose text layer names glyphs, not characters ("(cid:0)"):
its fonts carry no Unicode map, so there is no text to read. pdfplumber is imported here only.
"""

from __future__ import annotations

import contextlib
import logging
import re
from pathlib import Path

from ..errors import BadDocumentError, JixiaoError, LimitExceededError, UnsupportedFormatError
from ..schema import Report
from .assemble import build_report
from .chars import fold_compatibility
from .grid import Block, Line, grid_from_texts, strip_line

MAX_PAGES = 2000

# pdfminer writes a glyph it cannot map to Unicode as "(cid:N)".
_UNMAPPED_RE = re.compile(r"\(cid:\d+\)")


def unmapped_share(texts) -> float:
    """The share of the characters in ``texts`` that are unmapped glyphs."""
    unmapped = chars = 0
    for text in texts:
        found = len(_UNMAPPED_RE.findall(text))
        unmapped += found
        chars += found + len(_UNMAPPED_RE.sub("", text).replace(" ", "").replace("\n", ""))
    return unmapped / chars if chars else 0.0


def _inside(obj, boxes) -> bool:
    """Whether a character (or line, rect) lies within one of the table boxes."""
    x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
    return any(x0 >= b[0] - 1 and x1 <= b[2] + 1 and top >= b[1] - 1 and bottom <= b[3] + 1 for b in boxes)


@contextlib.contextmanager
def _quiet_pdfminer():
    """pdfminer logs a warning per odd font ("Could not get FontBBox…") on stderr; a
    good file must print nothing there, so its logger is raised to ERROR meanwhile."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_pdf(path: Path, name: str) -> Report:
    import pdfplumber

    texts: list[str] = []
    tables: list[list[list[str]]] = []
    try:
        with _quiet_pdfminer(), pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise LimitExceededError(f"has {len(pdf.pages)} pages, over the {MAX_PAGES} page limit", name)
            for page in pdf.pages:
                found = page.find_tables()
                for table in found:
                    tables.append([[fold_compatibility(cell or "") for cell in row] for row in table.extract()])
                # A table's words are read once, as its grid, not again as loose lines.
                boxes = [table.bbox for table in found]
                prose = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
                texts.append(prose.extract_text() or "")
    except JixiaoError:
        raise
    except Exception as error:  # pdfminer raises many types for a damaged file
        raise BadDocumentError(
            f"is not a readable PDF ({type(error).__name__}); export it again from the original document", name
        ) from None
    if not any(t.strip() for t in texts) and not tables:
        raise UnsupportedFormatError(
            "has no text layer (a scanned PDF?); run OCR on it, or give the original .docx", name
        )
    # Half the characters unreadable: whatever is left (digits, ≥, %) would yield claims
    # and flags about a document nobody can read here.
    if unmapped_share(texts + [cell for table in tables for row in table for cell in row]) >= 0.5:
        raise UnsupportedFormatError(
            "has a text layer whose fonts map no characters (pdfminer reads \"(cid:…)\"); "
            "export it again from the original document, or give the .docx", name
        )
    text = fold_compatibility("\n".join(texts).replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[Block] = []
    pos = 0
    for raw in text.split("\n"):
        line = strip_line(text, pos, pos + len(raw))
        if isinstance(line, Line):
            blocks.append(line)
        pos += len(raw) + 1
    blocks.extend(grid_from_texts(rows) for rows in tables)
    return build_report(name, text, blocks)

"""``.pdf`` with a text layer (pdfplumber): its lines as loose text, its tables as grids.

A PDF without a text layer is a scan: it is refused with what to do (OCR, or the
original .docx). pdfplumber is imported here only.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BadDocumentError, JixiaoError, LimitExceededError, UnsupportedFormatError
from ..schema import Report
from .assemble import build_report
from .grid import Block, Line, grid_from_texts, strip_line

MAX_PAGES = 2000


def read_pdf(path: Path, name: str) -> Report:
    import pdfplumber

    texts: list[str] = []
    tables: list[list[list[str]]] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise LimitExceededError(f"has {len(pdf.pages)} pages, over the {MAX_PAGES} page limit", name)
            for page in pdf.pages:
                texts.append(page.extract_text() or "")
                for table in page.extract_tables() or []:
                    tables.append([[cell or "" for cell in row] for row in table])
    except JixiaoError:
        raise
    except Exception as error:  # pdfminer raises many types for a damaged file
        raise BadDocumentError(
            f"is not a readable PDF ({type(error).__name__}); export it again from the original document", name
        ) from None
    if not any(t.strip() for t in texts):
        raise UnsupportedFormatError(
            "has no text layer (a scanned PDF?); run OCR on it, or give the original .docx", name
        )
    text = "\n".join(texts).replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    pos = 0
    for raw in text.split("\n"):
        line = strip_line(text, pos, pos + len(raw))
        if isinstance(line, Line):
            blocks.append(line)
        pos += len(raw) + 1
    blocks.extend(grid_from_texts(rows) for rows in tables)
    return build_report(name, text, blocks)

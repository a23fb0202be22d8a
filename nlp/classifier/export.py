"""Reports to a reviewer's labelling sheet, and back: the active-learning loop.

``export_rows`` lists every classified indicator and qualitative target of some
reports with the model's guess and an empty ``label`` column. Once a reviewer has
filled ``label``, the sheet is labelled data for ``jixiao train --data`` (columns
``text``, ``target``, ``label``, ``stated``, ``group`` as ``data`` expects).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Union

from ..schema import Report
from ..placeholders import names_nothing

COLUMNS = (
    "report", "id", "kind", "text", "target", "actual", "stated",
    "predicted_category", "predicted_subcategory", "confidence", "group", "label",
)


def export_rows(reports: Iterable[Report]) -> list[dict]:
    """One dict per indicator and target (rows naming nothing — placeholders, bare values — skipped), in report order."""
    rows = []
    for report in reports:
        name = Path(report.path).name
        for ind in report.indicators:
            if names_nothing(ind.name):
                continue
            rows.append({
                "report": name, "id": ind.id, "kind": "indicator", "text": ind.name, "target": ind.target or "",
                "actual": ind.actual or "", "stated": ind.stated_category or "",
                "predicted_category": ind.category or "", "predicted_subcategory": ind.subcategory or "",
                "confidence": ind.confidence, "group": name, "label": "",
            })
        for tgt in report.targets:
            if names_nothing(tgt.text):
                continue
            rows.append({
                "report": name, "id": tgt.id, "kind": tgt.kind, "text": tgt.text, "target": "",
                "actual": tgt.actual or "", "stated": "",
                "predicted_category": tgt.category or "", "predicted_subcategory": tgt.subcategory or "",
                "confidence": tgt.confidence, "group": name, "label": "",
            })
    return rows


def write_xlsx(rows: list[dict], path: Union[str, Path]) -> Path:
    """Write the sheet (header row, then ``rows``) atomically to ``path``."""
    import openpyxl

    path = Path(path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "labels"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(column) for column in COLUMNS])
    sheet.freeze_panes = "A2"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".xlsx", dir=path.parent if str(path.parent) else ".")
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path

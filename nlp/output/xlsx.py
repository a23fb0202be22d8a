"""``--format xlsx``: one workbook a reviewer works through in Excel or WPS.

- ``summary``: one row per report (``rows.SUMMARY_COLUMNS``), worst first, sortable.
- ``indicators``: one row per indicator (``rows.INDICATOR_COLUMNS``, the csv and
  DataFrame columns), flags as text; rows with a high-severity flag filled red,
  medium yellow.
- ``errors``: only when some inputs could not be read.

Every sheet: frozen header row, autofilter on, column widths set. Text is written
with ``write_string`` only, so a cell such as "=HYPERLINK(…)" stays text and never
becomes a formula. Uses xlsxwriter (imported here only: it is not on the jsonl path).
"""

from __future__ import annotations

import os
from typing import IO, Any, Iterable, Sequence, Union

from .rows import INDICATOR_COLUMNS, SUMMARY_COLUMNS, indicator_rows, summary_row, worst_first

#: Excel's limit on the characters of one cell.
CELL_MAX = 32767

#: Column widths in Excel character units (a CJK character is about two).
WIDTHS = {
    "path": 30,
    "kind": 16,
    "title": 40,
    "id": 6,
    "table": 8,
    "project": 18,
    "level1": 12,
    "stated_category": 14,
    "name": 28,
    "target": 22,
    "actual": 22,
    "weight": 7,
    "score": 7,
    "deviation_note": 24,
    "category": 11,
    "subcategory": 12,
    "confidence": 10,
    "target_claims": 16,
    "actual_claims": 16,
    "flags": 60,
    "flag_codes": 24,
    "max_severity": 12,
    "indicators": 10,
    "flagged": 9,
    "high": 7,
    "medium": 8,
    "low": 7,
    "high_share": 11,
    "weakness": 10,
    "overall_score": 13,
    "grade": 8,
    "report_flags": 50,
    "codes": 40,
    "error": 80,
}
WRAPPED = {"title", "name", "target", "actual", "deviation_note", "flags", "report_flags", "codes", "error"}
FILLS = {"high": "#F8CBAD", "medium": "#FFE699"}

Destination = Union[str, "os.PathLike[str]", IO[bytes]]


def _cell_text(value: str) -> str:
    return value if len(value) <= CELL_MAX else value[: CELL_MAX - 1] + "…"


class _Formats:
    """The workbook's formats, created once: xlsxwriter keeps one record per format."""

    def __init__(self, book) -> None:
        self.header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        self.cache: dict[tuple, Any] = {}
        self.book = book

    def cell(self, column: str, fill: str | None):
        key = (column in WRAPPED, column in ("high_share", "confidence"), fill)
        if key not in self.cache:
            spec: dict[str, Any] = {"valign": "top"}
            if key[0]:
                spec["text_wrap"] = True
            if key[1]:
                spec["num_format"] = "0.00" if column == "confidence" else "0%"
            if fill:
                spec["bg_color"] = FILLS[fill]
            self.cache[key] = self.book.add_format(spec)
        return self.cache[key]


def _sheet(
    book, formats: _Formats, name: str, columns: Sequence[str], rows: Iterable[dict], fill_key=None
) -> None:
    sheet = book.add_worksheet(name)
    for c, column in enumerate(columns):
        sheet.set_column(c, c, WIDTHS.get(column, 12))
        sheet.write_string(0, c, column, formats.header)
    r = 0
    for r, row in enumerate(rows, 1):
        fill = row.get(fill_key) if fill_key else None
        fill = fill if fill in FILLS else None
        for c, column in enumerate(columns):
            value, fmt = row.get(column), formats.cell(column, fill)
            if value is None or value == "":
                sheet.write_blank(r, c, None, fmt)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value, fmt)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value, fmt)
            else:
                sheet.write_string(r, c, _cell_text(str(value)), fmt)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(r, 1), len(columns) - 1)


def write_xlsx(
    datas: Iterable[dict], destination: Destination, *, errors: Sequence[tuple[str, str]] = ()
) -> None:
    """Write the workbook to a path or a binary stream."""
    import xlsxwriter

    datas = list(datas)
    target = os.fspath(destination) if isinstance(destination, (str, os.PathLike)) else destination
    book = xlsxwriter.Workbook(
        target, {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    )
    try:
        formats = _Formats(book)
        _sheet(book, formats, "summary", SUMMARY_COLUMNS, (summary_row(d) for d in worst_first(datas)))
        indicator_sheet_rows = (row for data in datas for row in indicator_rows(data))
        _sheet(book, formats, "indicators", INDICATOR_COLUMNS, indicator_sheet_rows, fill_key="max_severity")
        if errors:
            _sheet(book, formats, "errors", ("path", "error"), ({"path": p, "error": m} for p, m in errors))
    finally:
        try:
            book.close()
        except xlsxwriter.exceptions.FileCreateError as error:
            # The underlying OSError says what went wrong (no such folder, read-only).
            raise (
                error.__context__ if isinstance(error.__context__, OSError) else OSError(str(error))
            ) from None

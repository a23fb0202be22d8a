"""``.csv`` and ``.xlsx`` indicator tables (绩效目标表 exports) → grids.

The header row is found by its names wherever it is and whatever the column order
(the layouts do that, as for any other grid); blank or merged 一级/二级 cells are
carried down by the same code. openpyxl is imported here only, in read-only mode.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

from ..errors import BadDocumentError, LimitExceededError, NoIndicatorTableError
from ..schema import Report
from .assemble import build_report
from .chars import fold_compatibility
from .files import MAX_ROWS, check_zip, decode, read_bytes
from .grid import Grid, grid_from_texts

_NO_HEADER = (
    "has no indicator table: no header row naming 一级指标/二级指标/三级指标 and 指标值 (or 年度指标值); "
    "check that the sheet is a 绩效目标表 with its header row"
)


def _too_many(name: str) -> LimitExceededError:
    return LimitExceededError(f"has more than {MAX_ROWS:,} rows; split the table", name)


def _finish(name: str, text: str, grids: list[Grid], encoding=None) -> Report:
    report = build_report(name, text, list(grids), encoding=encoding, kind="indicator_table")
    if not any(table.kind == "indicators" for table in report.tables):
        raise NoIndicatorTableError(_NO_HEADER, name)
    return report


def read_csv(path: Path, name: str) -> Report:
    text, encoding = decode(read_bytes(path), name)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise _too_many(name)
    except csv.Error as error:
        raise BadDocumentError(f"is not a well-formed CSV file ({error}); export it again", name) from None
    return _finish(name, text, [grid_from_texts(_join_two_row_headers(_pad(rows)))], encoding)


def _join_two_row_headers(rows: list[list[str]]) -> list[list[str]]:
    """A header written on two rows ("绩效指标" merged over 一级/二级/三级, with 指标值
    merged down beside it) becomes one row: each column takes its lower cell, or the
    upper one where the lower is empty. Only done where neither row is a header alone."""
    from .grid import Cell, Line, Row
    from .headers import detect_header

    def header(texts: list[str]):
        return detect_header(Row([Cell([Line(t, -1, -1)] if t else []) for t in texts]))

    out: list[list[str]] = []
    for row in rows:
        upper = out[-1] if out else None
        if (
            upper is not None
            and len(upper) == len(row)
            and any("级指标" in cell for cell in row)  # cheap test before the real one
            and header(row) is None
            and header(upper) is None
        ):
            joined = [low.strip() or up for low, up in zip(row, upper)]
            found = header(joined)
            if found is not None and found[0] == "indicators":
                out[-1] = joined
                continue
        out.append(row)
    return out


def _pad(rows: list[list[str]]) -> list[list[str]]:
    """Ragged rows (short CSV lines) padded on the right: in a sheet, columns are
    positions, so a short row lacks its last cells, not its first."""
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return fold_compatibility(str(value))


def read_xlsx(path: Path, name: str) -> Report:
    check_zip(path, ".xlsx")
    import openpyxl

    grids: list[Grid] = []
    lines: list[str] = []
    seen = 0
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged package
        raise BadDocumentError(
            f"is not a readable Excel workbook ({type(error).__name__}); open it in Excel and save it again as .xlsx",
            name,
        ) from None
    try:
        for sheet in workbook.worksheets:
            rows = []
            for values in sheet.iter_rows(values_only=True):
                seen += 1
                if seen > MAX_ROWS:
                    raise _too_many(name)
                row = [_cell_text(v) for v in values]
                rows.append(row)
                lines.append("\t".join(cell.replace("\n", " ") for cell in row).rstrip("\t"))
            grids.append(grid_from_texts(_join_two_row_headers(_pad(rows)), title=sheet.title))
    except LimitExceededError:
        raise
    except Exception as error:
        raise BadDocumentError(
            f"could not be read as an Excel workbook ({type(error).__name__}); save it again as .xlsx", name
        ) from None
    finally:
        workbook.close()
    return _finish(name, "\n".join(lines), grids)

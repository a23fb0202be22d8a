"""``--format csv``: one row per indicator (``rows.INDICATOR_COLUMNS``), UTF-8 with BOM.

The BOM is what makes Excel and WPS open the file as UTF-8 instead of the local
code page, which turns every Chinese character into mojibake.
"""

from __future__ import annotations

import csv
import re
from typing import Any, Iterable, TextIO

from .rows import INDICATOR_COLUMNS, indicator_rows

BOM = "\ufeff"

#: Text a spreadsheet would run as a formula ("=HYPERLINK(…)", "@SUM(…)", "+cmd|…").
#: Such cells get a leading apostrophe, which Excel hides; numbers ("-5", "+3.2%")
#: are left as they are, since they are data a reviewer expects to read as such.
_FORMULA_RE = re.compile(r"^(?:[=@\t\r]|[+-](?![\d.,%\s]*$))")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and _FORMULA_RE.match(value):
        return "'" + value
    return value


def write_csv(datas: Iterable[dict], stream: TextIO) -> None:
    """Write the header and one row per indicator of every report dict to a text
    stream opened with ``newline=""`` (the csv module writes ``\\r\\n`` itself)."""
    stream.write(BOM)
    writer = csv.DictWriter(stream, fieldnames=INDICATOR_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for data in datas:
        for row in indicator_rows(data):
            writer.writerow({key: safe_cell(value) for key, value in row.items()})

"""Read a report file into a :class:`~nlp.schema.Report`.

>>> report = read_report("corpus/reports/003_66e78293cd0851a8.txt")   # doctest: +SKIP
>>> len(report.indicators)                                             # doctest: +SKIP
23

Every format becomes the same blocks (loose lines and table grids, see ``grid``),
and one set of layout recognisers (``layouts``) finds the indicator, scoring, funds
and goal tables in them. Heavy libraries (python-docx, openpyxl, pdfplumber) are
imported only by the reader of their format; reading a ``.txt`` imports none.
Only :mod:`nlp.errors` exceptions leave this package.

Ids are stable for a given file: tables ``t1``, ``t2``… number every logical table
(indicator, scoring, funds, goals and ``other``) in document order; an indicator is
``t<table>.<n>``, n counting from 1 within its table (the parts of a split
"指标1：…指标2：…" cell take consecutive numbers); goals are ``goal1``…, annual tasks
``task1``…, in document order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Union

from ..errors import InputError, JixiaoError, LimitExceededError, UnsupportedFormatError
from ..schema import Report
from .assemble import build_report
from .chars import fold_compatibility
from .files import check_file, decode, read_bytes
from .txt import parse_txt

__all__ = ["read_report", "read_text", "SUPPORTED"]

SUPPORTED = (".txt", ".text", ".docx", ".xlsx", ".xlsm", ".csv", ".pdf")


def read_text(text: str, path: str = "<text>") -> Report:
    """Parse already-decoded Word-export text (newlines and look-alike radicals
    are normalised here, as for a file)."""
    text = fold_compatibility(text.replace("\r\n", "\n").replace("\r", "\n"))
    return build_report(path, text, parse_txt(text))


def read_report(path: Union[str, Path]) -> Report:
    """Read one report file (.txt .docx .xlsx .csv .pdf); raises only JixiaoError subclasses."""
    name = str(path)
    p = check_file(path)
    suffix = p.suffix.lower()
    try:
        if suffix in (".txt", ".text"):
            text, encoding = decode(read_bytes(p), name)
            return build_report(name, text, parse_txt(text), encoding=encoding)
        if suffix == ".docx":
            from .docx import read_docx

            return read_docx(p, name)
        if suffix in (".xlsx", ".xlsm"):
            from .tabular import read_xlsx

            return read_xlsx(p, name)
        if suffix == ".csv":
            from .tabular import read_csv

            return read_csv(p, name)
        if suffix == ".pdf":
            from .pdf import read_pdf

            return read_pdf(p, name)
    except JixiaoError:
        raise
    except RecursionError:
        raise UnsupportedFormatError("is nested too deeply to read safely", name) from None
    except MemoryError:
        raise LimitExceededError("is too large to read in memory; split it", name) from None
    except Exception as error:  # a reader bug must cost one file of a batch, not the batch
        raise InputError(
            f"could not be read ({type(error).__name__}: {str(error)[:80]}); please report this file", name
        ) from error
    if suffix == ".doc":
        raise UnsupportedFormatError(
            "is an old binary Word .doc; open it in Word or LibreOffice and save it as .docx", name
        )
    if suffix in (".xls", ".et"):
        raise UnsupportedFormatError("is an old binary Excel file; save it as .xlsx or .csv", name)
    if suffix == ".wps":
        raise UnsupportedFormatError("is a WPS document; save it as .docx", name)
    raise UnsupportedFormatError(
        f"has an extension ({suffix or 'none'}) jixiao does not read; give one of {', '.join(SUPPORTED)}", name
    )

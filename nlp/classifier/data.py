"""Labelled indicator data: one format, several files, strict validation.

A labelled file is CSV (UTF-8, BOM allowed), XLSX (first sheet) or JSONL with the
columns ``text`` (or ``name``), ``target`` and ``label``, and optionally ``source``,
``group`` and ``stated`` (the category the report stated); other columns are
ignored, so a reviewer's sheet from ``jixiao export`` and the seed rows load as they
are. Labels are fine labels in English or Chinese (``quality``, ``质量``, ``质量指标``).

An indicator table labelled by its authors — columns 二级指标 and 三级指标, optionally
指标值/年度指标值 and 项目编码/项目名称, no ``label`` column — is read with label and
stated category from 二级指标 (``reviewed=False``: a filing, not a review), group = the
project, source = the file name. With the full Shenzhen header (项目编码/二级指标/三级指标/
指标值) the source is ``shenzhen``, held out as a whole in cross-validation.

Rows that name nothing — a placeholder ("无此目标", "不适用") or a bare value where
the name belongs ("100%") — are skipped and counted: ``classify`` does not classify
them either (``nlp.placeholders``), so they are neither learnt nor scored.

A **review file** (header ``key``, ``label``, optional ``filed``, ``reason``) re-labels
rows whose label is only an office's filing (the Shenzhen declarations), without
copying their text: ``key`` is ``row_key(text, target)``, a hash of the cleaned cells.
Reviewed rows get the reviewed label and ``reviewed=True``; their ``stated`` stays the
filing, so a mismatch between the two is a real, independent finding.

Every problem raises DataError naming the file, the row (as a spreadsheet shows it:
the header is row 1) and the column, with what to do.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from ..errors import DataError
from ..placeholders import is_placeholder, names_nothing
from ..taxonomy import FINE_LABELS, normalise_label, stated_to_fine

SUFFIXES = (".csv", ".xlsx", ".jsonl")
SHENZHEN_HEADER = ("项目编码", "二级指标", "三级指标", "指标值")
#: An indicator table labelled by its authors: these two columns and no ``label``.
FILED_HEADER = ("二级指标", "三级指标")
_FILED_TARGET_COLUMNS = ("指标值", "年度指标值", "目标值", "年度目标值")
_FILED_GROUP_COLUMNS = ("项目编码", "项目名称", "项目", "报告", "部门")
SHENZHEN_SOURCE = "shenzhen"
REVIEW_HEADER = ("key", "label")
_KEY_RE = re.compile(r"^[0-9a-f]{16}$")

_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class LabelledRow:
    """One labelled indicator. ``stated`` is the fine label the source stated (None
    when unknown); ``path``/``row`` say where it came from."""

    text: str
    target: str
    label: str
    source: str
    group: str
    stated: Optional[str] = None
    path: str = ""
    row: int = 0
    #: False while the label is only the office's own filing (Shenzhen, unreviewed).
    reviewed: bool = True
    #: A held-out source this row must not be trained on when that source is scored
    #: (its writer's brief echoed that source's errors; ``train.cross_validate``).
    echoes: str = ""


@dataclass(frozen=True)
class LabelledFile:
    """The rows of one file with its SHA-256, for meta.json; ``skipped`` rows named
    nothing; a review file has ``reviews`` (key, label) and no rows."""

    path: str
    sha256: str
    rows: tuple[LabelledRow, ...]
    skipped: int = 0
    reviews: tuple[tuple[str, str], ...] = ()


def _clean(value: object) -> str:
    """A cell as one line: the exports carry stray tabs and newlines inside cells."""
    if value is None:
        return ""
    return _SPACE_RE.sub(" ", str(value)).strip()


def row_key(text: str, target: str) -> str:
    """The review key of a row: 16 hex digits of SHA-256 over its cleaned name and target."""
    return hashlib.sha256(f"{_clean(text)}\t{_clean(target)}".encode("utf-8")).hexdigest()[:16]


def expand_paths(paths: Iterable[Union[str, Path]]) -> list[Path]:
    """Files named, and every labelled file inside folders named (sorted; notes skipped)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.endswith(".notes.md")
            )
            if not found:
                raise DataError(f"no {', '.join(SUFFIXES)} files in this folder; point --data at labelled files", str(path))
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise DataError(f"unsupported file type {path.suffix!r}; use {', '.join(SUFFIXES)}", str(path))
            files.append(path)
        else:
            raise DataError("no such file or folder; check the --data path", str(path))
    return files


def _records(path: Path, data: bytes) -> tuple[list[str], Iterator[tuple[int, dict[str, object]]]]:
    """(header, iterator of (row number, record)) of a CSV/XLSX/JSONL file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DataError("not UTF-8 text; save the CSV as UTF-8", str(path)) from None
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise DataError("the file is empty; add a header row text,target,label", str(path)) from None

        def rows() -> Iterator[tuple[int, dict[str, object]]]:
            # Records, not physical lines (quoted cells span lines): row 2 is the first
            # record, as a spreadsheet opening the file would number it.
            for n, line in enumerate(reader, start=2):
                if any(cell.strip() for cell in line):
                    yield n, dict(zip(header, line))

        return header, rows()
    if suffix == ".xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many types for damaged files
            raise DataError(f"not a readable .xlsx file ({type(error).__name__}); re-save it from a spreadsheet", str(path)) from None
        sheet = book.worksheets[0]
        all_rows = list(sheet.iter_rows(values_only=True))
        if not all_rows:
            raise DataError("the sheet is empty; add a header row text,target,label", str(path))
        header = [_clean(h) for h in all_rows[0]]
        return header, (
            (n, dict(zip(header, r))) for n, r in enumerate(all_rows[1:], start=2) if any(_clean(c) for c in r)
        )
    # JSONL: the header is the union of keys; row numbers are line numbers.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("not UTF-8 text; save the JSONL file as UTF-8", str(path)) from None
    records = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(f"invalid JSON ({error.msg}); one JSON object per line", str(path), row=n) from None
        if not isinstance(record, dict):
            raise DataError("not a JSON object; one object per line", str(path), row=n)
        records.append((n, record))
    header = sorted({key for _, record in records for key in record})
    return header, iter(records)


def _first_column(header: Sequence[str], names: Sequence[str]) -> Optional[str]:
    return next((name for name in names if name in header), None)


def _load_filed(
    path: Path, header: Sequence[str], records: Iterable[tuple[int, dict[str, object]]]
) -> tuple[list[LabelledRow], int]:
    """An indicator table with its authors' 二级指标 as the label (and as ``stated``):
    the Shenzhen declarations, or any sheet of 三级指标 with their 二级指标, such as
    another region's indicator tables. A blank 二级指标 is a merged cell: the one above."""
    shenzhen = all(column in header for column in SHENZHEN_HEADER)
    source = SHENZHEN_SOURCE if shenzhen else path.stem
    target_col = _first_column(header, _FILED_TARGET_COLUMNS)
    group_col = _first_column(header, _FILED_GROUP_COLUMNS)
    rows, skipped, stated = [], 0, ""
    for n, record in records:
        name = _clean(record.get("三级指标"))
        if names_nothing(name):
            skipped += 1
            continue
        stated = _clean(record.get("二级指标")) or stated
        label = normalise_label(stated) or stated_to_fine(stated)
        if label is None:
            raise DataError(f"unknown category {stated!r}; expected one of 数量/质量/时效/成本/…效益/满意度",
                            str(path), row=n, column="二级指标")
        target = _clean(record.get(target_col)) if target_col else ""
        group = _clean(record.get(group_col)) if group_col else ""
        rows.append(LabelledRow(
            text=name,
            target="" if is_placeholder(target) else target,
            label=label,
            source=source,
            group=f"{source}:{group}" if group else source,
            stated=label,
            path=str(path),
            row=n,
            reviewed=False,
        ))
    return rows, skipped


def _label(path: Path, n: int, record: dict[str, object]) -> str:
    """The fine label of a record's ``label`` cell, or DataError naming file, row and column."""
    raw_label = _clean(record.get("label"))
    label = normalise_label(raw_label) if raw_label else None
    if label is None:
        what = f"unknown label {raw_label!r}" if raw_label else "empty label"
        raise DataError(f"{what}; use one of {', '.join(FINE_LABELS)} (or 数量/质量/时效/…)",
                        str(path), row=n, column="label")
    return label


def _load_generic(
    path: Path, header: Sequence[str], records: Iterable[tuple[int, dict[str, object]]]
) -> tuple[list[LabelledRow], int]:
    text_col = "text" if "text" in header else "name" if "name" in header else None
    for column in (text_col or "text", "target", "label"):
        if column not in header:
            raise DataError(f"missing column; the header needs text (or name), target and label, found {', '.join(header)}",
                            str(path), row=1, column=column)
    rows, skipped = [], 0
    for n, record in records:
        text = _clean(record.get(text_col))
        if not text:
            raise DataError("empty text; write the indicator name or delete the row", str(path), row=n, column=text_col)
        if names_nothing(text):
            skipped += 1
            continue
        label = _label(path, n, record)
        source = _clean(record.get("source")) or path.stem
        stated_raw = _clean(record.get("stated"))
        rows.append(LabelledRow(
            text=text,
            target=_clean(record.get("target")),
            label=label,
            source=source,
            group=_clean(record.get("group")) or source,
            stated=(normalise_label(stated_raw) or stated_to_fine(stated_raw)) if stated_raw else None,
            path=str(path),
            row=n,
            echoes=_clean(record.get("echoes")),
        ))
    return rows, skipped


def _load_reviews(path: Path, records: Iterable[tuple[int, dict[str, object]]]) -> tuple[tuple[str, str], ...]:
    reviews: dict[str, str] = {}
    for n, record in records:
        key = _clean(record.get("key")).lower()
        if not _KEY_RE.match(key):
            raise DataError(f"bad key {key!r}; a key is 16 hex digits from row_key(text, target)",
                            str(path), row=n, column="key")
        label = _label(path, n, record)
        if reviews.get(key, label) != label:
            raise DataError(f"key {key} is reviewed twice with different labels; keep one",
                            str(path), row=n, column="key")
        reviews[key] = label
    return tuple(sorted(reviews.items()))


def load_file(path: Union[str, Path]) -> LabelledFile:
    """The labelled rows of one file (Shenzhen declarations recognised by header)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError(f"cannot read the file ({error.strerror}); check the path and permissions", str(path)) from None
    header, records = _records(path, data)
    sha256 = hashlib.sha256(data).hexdigest()
    if all(column in header for column in REVIEW_HEADER) and "text" not in header and "name" not in header:
        reviews = _load_reviews(path, records)
        if not reviews:
            raise DataError("no reviews; add rows under the header key,label", str(path))
        return LabelledFile(path=str(path), sha256=sha256, rows=(), reviews=reviews)
    if all(column in header for column in FILED_HEADER) and "label" not in header:
        rows, skipped = _load_filed(path, header, records)
    else:
        rows, skipped = _load_generic(path, header, records)
    if not rows:
        raise DataError("no labelled rows; add rows under the header", str(path))
    return LabelledFile(path=str(path), sha256=sha256, rows=tuple(rows), skipped=skipped)


def apply_reviews(files: Sequence[LabelledFile]) -> list[LabelledFile]:
    """The files with every review applied to the unreviewed rows it keys."""
    reviews: dict[str, str] = {}
    for f in files:
        for key, label in f.reviews:
            if reviews.get(key, label) != label:
                raise DataError(f"key {key} is reviewed with different labels in two review files; keep one", f.path)
            reviews[key] = label
    if not reviews:
        return list(files)

    def reviewed(row: LabelledRow) -> LabelledRow:
        if row.reviewed:  # a label written by a reviewer is never overridden
            return row
        label = reviews.get(row_key(row.text, row.target))
        return row if label is None else replace(row, label=label, reviewed=True)

    return [replace(f, rows=tuple(reviewed(r) for r in f.rows)) for f in files]


def load_labelled(paths: Iterable[Union[str, Path]]) -> list[LabelledFile]:
    """Every labelled file under ``paths`` (files or folders), validated, reviews applied."""
    return apply_reviews([load_file(p) for p in expand_paths(paths)])


def all_rows(files: Sequence[LabelledFile]) -> list[LabelledRow]:
    return [row for f in files for row in f.rows]


def data_sha256(files: Sequence[LabelledFile]) -> str:
    """One hash over all training files, independent of the order they were named in."""
    digest = hashlib.sha256()
    for sha in sorted(f.sha256 for f in files):
        digest.update(sha.encode())
    return digest.hexdigest()

"""``--format json`` and ``--format jsonl``: the contract dicts, as they are.

``jsonl_record``/``json_record`` serialise one Report where it was analysed (a batch
worker), and ``write_jsonl_records``/``write_json_records`` put those texts together
byte for byte as ``write_jsonl``/``write_json`` would write the dicts.
"""

from __future__ import annotations

from typing import Iterable, TextIO

from ..schema import Report
from ..serialize import dumps, report_to_dict

#: ``json.dumps`` indentation of ``--format json``.
INDENT = 2


def write_jsonl(datas: Iterable[dict], stream: TextIO) -> None:
    """One JSON object per input file, one per line."""
    for data in datas:
        stream.write(dumps(data) + "\n")


def write_json(datas: Iterable[dict], stream: TextIO) -> None:
    """One JSON array of the same objects, indented for people."""
    stream.write(dumps(list(datas), indent=INDENT) + "\n")


def jsonl_record(report: Report) -> str:
    """One report's line of ``--format jsonl`` (without the newline)."""
    return dumps(report_to_dict(report))


def json_record(report: Report) -> str:
    """One report's object as ``--format json`` indents it, at the top level."""
    return dumps(report_to_dict(report), indent=INDENT)


def write_jsonl_records(records: Iterable[str], stream: TextIO) -> None:
    """``write_jsonl`` for texts made by ``jsonl_record``."""
    for record in records:
        stream.write(record + "\n")


def write_json_records(records: Iterable[str], stream: TextIO) -> None:
    """``write_json`` for texts made by ``json_record``: an array's items are indented
    one level deeper. JSON strings never hold a raw newline, so every newline in a
    record is one of the indentation's and shifting each line is exact."""
    pad = " " * INDENT
    items = [pad + record.replace("\n", "\n" + pad) for record in records]
    stream.write(("[\n" + ",\n".join(items) + "\n]" if items else "[]") + "\n")

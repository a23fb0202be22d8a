"""``--format json`` and ``--format jsonl``: the contract dicts, as they are."""

from __future__ import annotations

from typing import Iterable, TextIO

from ..serialize import dumps


def write_jsonl(datas: Iterable[dict], stream: TextIO) -> None:
    """One JSON object per input file, one per line."""
    for data in datas:
        stream.write(dumps(data) + "\n")


def write_json(datas: Iterable[dict], stream: TextIO) -> None:
    """One JSON array of the same objects, indented for people."""
    stream.write(dumps(list(datas), indent=2) + "\n")

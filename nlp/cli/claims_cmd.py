"""``jixiao claims``: quantitative claims in a text. Argument parsing and output
formatting only; the work is in ``nlp.claims``."""

from __future__ import annotations

import sys

import typer

from .app import app, user_errors


def _line(text: str) -> str:
    from ..claims import extract_claims
    from ..serialize import claim_to_dict, dumps

    return dumps({"text": text, "claims": [claim_to_dict(c) for c in extract_claims(text)]})


def _decode_line(raw: bytes, number: int) -> str:
    """A line of standard input: UTF-8 (a BOM on the first line is dropped), else
    GB18030/GBK as Windows pipes it; never silently replaced characters."""
    from ..errors import DecodeError

    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DecodeError(f"line {number} is neither UTF-8 nor GB18030/GBK; convert the text to UTF-8", "<stdin>")


@app.command()
@user_errors
def claims(
    text: str = typer.Argument(..., help="The text to read, or '-' to read lines from standard input."),
) -> None:
    """Print the quantitative claims in TEXT as one JSON object per line.

    Each claim has its text, offsets, value, unit, kind (count, percent, money,
    date, duration, ratio, score), comparator (op), subject, money in 元
    (value_yuan) and the upper bound of a range (high). With '-', every input
    line gives one output line: {"text": ..., "claims": [...]}.

    Example: jixiao claims "举办各类培训班55期，满意度≥95%"
    """
    if text == "-":
        for number, raw in enumerate(sys.stdin.buffer, 1):
            typer.echo(_line(_decode_line(raw, number).rstrip("\r\n")))
        return
    typer.echo(_line(text))

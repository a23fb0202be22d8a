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
        for raw in sys.stdin:
            typer.echo(_line(raw.rstrip("\r\n")))
        return
    typer.echo(_line(text))

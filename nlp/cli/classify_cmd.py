"""``jixiao classify``: read, annotate and report on one or more reports."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import JixiaoError
from .app import app, report_error, user_errors


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


@app.command()
@user_errors
def classify(
    paths: List[Path] = typer.Argument(..., help="Report files (.txt .docx .xlsx .csv .pdf) or folders."),
    format: Optional[OutputFormat] = typer.Option(
        None, "--format", "-f", help="Output format; default: table on a terminal, jsonl otherwise."
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    model: Optional[Path] = typer.Option(None, "--model", help="Model directory (default: the shipped one)."),
) -> None:
    """Read reports, classify every indicator and flag the weak ones.

    Example: classify corpus/reports/003_66e78293cd0851a8.txt --format jsonl
    """
    from ..pipeline import Analyzer
    from ..serialize import dumps, report_to_dict

    fmt = format or (OutputFormat.table if sys.stdout.isatty() and output is None else OutputFormat.jsonl)
    analyzer = Analyzer(model)
    failed = 0
    reports = []
    for path in paths:
        try:
            reports.append(analyzer.analyze(path))
        except JixiaoError as error:
            report_error(error)
            failed += 1
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == OutputFormat.jsonl:
            for report in reports:
                out.write(dumps(report_to_dict(report)) + "\n")
        elif fmt == OutputFormat.json:
            out.write(dumps([report_to_dict(r) for r in reports], indent=2) + "\n")
        else:
            raise typer.BadParameter(f"format {fmt.value} is not available yet", param_hint="--format")
    finally:
        if output:
            out.close()
    if failed:
        raise typer.Exit(1)

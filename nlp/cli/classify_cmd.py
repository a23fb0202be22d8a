"""``jixiao classify`` (and the ``classify`` script): read, annotate, report.

The command only parses arguments, runs ``nlp.batch.run_batch`` and hands the
results to a writer in ``nlp.output``; writers import their heavy libraries
themselves, so the default jsonl path stays light.
"""

from __future__ import annotations

import io
import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .app import app, report_error, user_errors

#: Exit code when ``--fail-on`` finds a flag of that severity or worse (1 is taken
#: by unreadable inputs, 2 by usage errors).
EXIT_FLAGGED = 3


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class Severity(str, Enum):
    high = "high"
    medium = "medium"
    low = "low"


#: ``-o`` suffixes that choose the format when ``--format`` is not given.
SUFFIX_FORMATS = {
    ".jsonl": OutputFormat.jsonl,
    ".json": OutputFormat.json,
    ".csv": OutputFormat.csv,
    ".xlsx": OutputFormat.xlsx,
    ".html": OutputFormat.html,
    ".htm": OutputFormat.html,
    ".txt": OutputFormat.table,
}


def choose_format(fmt: Optional[OutputFormat], output: Optional[Path], stdout_is_tty: bool) -> OutputFormat:
    """--format if given; else from -o's suffix; else table on a terminal, jsonl otherwise."""
    if fmt is not None:
        return fmt
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), OutputFormat.jsonl)
    return OutputFormat.table if stdout_is_tty else OutputFormat.jsonl


class _ProgressBar:
    """A rich progress bar on stderr, shown only for several files on a terminal
    (piped or captured stderr stays clean for scripts)."""

    def __init__(self) -> None:
        self._bar = None
        self._task = None

    def __call__(self, done: int, total: int, path: str) -> None:
        if self._bar is None:
            if total < 2:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(stderr=True)
            if not console.is_terminal:
                self._bar = False
                return
            self._bar = Progress(
                TextColumn("classify"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}", style="dim"),
                console=console,
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("", total=total)
        if self._bar:
            self._bar.update(self._task, completed=done, description=Path(path).name)

    def close(self) -> None:
        if self._bar:
            self._bar.stop()


def _converter(fmt: OutputFormat):
    """What each report becomes in the process that analysed it: the JSON text itself
    for json/jsonl (a string crosses between processes far faster than a Report), the
    contract dict for the formats that flatten it."""
    if fmt == OutputFormat.jsonl:
        from ..output.json_out import jsonl_record

        return jsonl_record
    if fmt == OutputFormat.json:
        from ..output.json_out import json_record

        return json_record
    from ..serialize import report_to_dict

    return report_to_dict


def _as_dicts(datas: list) -> list[dict]:
    import json

    return [json.loads(d) if isinstance(d, str) else d for d in datas]


def _write(fmt: OutputFormat, datas: list, errors: list, output: Optional[Path]) -> None:
    if fmt == OutputFormat.xlsx:
        from ..output.xlsx import write_xlsx

        write_xlsx(datas, output, errors=errors)
        return
    stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == OutputFormat.jsonl:
            from ..output.json_out import write_jsonl_records

            write_jsonl_records(datas, stream)
        elif fmt == OutputFormat.json:
            from ..output.json_out import write_json_records

            write_json_records(datas, stream)
        elif fmt == OutputFormat.csv:
            from ..output.csv_out import write_csv

            write_csv(datas, stream)
        elif fmt == OutputFormat.html:
            from ..output.html import write_html

            write_html(datas, stream, errors=errors)
        else:
            from ..output.table import write_table

            write_table(datas, stream, errors=errors, color=False if output else None)
    finally:
        if output:
            stream.close()


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


@app.command()
@user_errors
def classify(
    paths: List[Path] = typer.Argument(
        ..., help="Report files (.txt .docx .xlsx .csv .pdf) or folders (searched recursively)."
    ),
    format: Optional[OutputFormat] = typer.Option(
        None,
        "--format",
        "-f",
        help="Output format. Default: from -o's suffix, else table on a terminal, jsonl otherwise.",
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write here instead of stdout (required for xlsx).", dir_okay=False
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="Processes to use (0: one per CPU)."),
    fail_on: Optional[Severity] = typer.Option(
        None,
        "--fail-on",
        help=f"Exit with code {EXIT_FLAGGED} when any flag of this severity or worse is found.",
    ),
    model: Optional[Path] = typer.Option(None, "--model", help="Model directory (default: the shipped one)."),
) -> None:
    """Read reports, classify every indicator and flag the weak ones.

    Formats: table (rich, worst first), jsonl (one JSON object per file: the
    contract), json, csv (UTF-8 with BOM, one row per indicator), xlsx (summary and
    indicators sheets; needs -o), html (one self-contained page).

    Exit codes: 0 ok; 1 some input could not be read (one line per file on stderr,
    the others are still output); 2 usage error; 3 --fail-on found such a flag.

    Example: classify corpus/reports -o review.xlsx --jobs 4 --fail-on high
    """
    from ..batch import run_batch

    fmt = choose_format(format, output, sys.stdout.isatty())
    if fmt == OutputFormat.xlsx and output is None:
        raise typer.BadParameter(
            "xlsx is a binary workbook: give a file with -o, e.g. -o review.xlsx", param_hint="--format"
        )
    bar = _ProgressBar()
    try:
        # A second run with -o inside the input folder must not read the first run's output.
        outcomes = run_batch(
            paths, model, jobs=jobs, progress=bar, exclude=[output] if output else [], convert=_converter(fmt)
        )
    finally:
        bar.close()
    errors = [(o.path, o.error) for o in outcomes if not o.ok]
    for _, message in errors:
        report_error(message)
    for outcome in outcomes:
        # Read, but the reviewer should know (e.g. no indicator table): not an error.
        for warning in outcome.warnings:
            typer.echo(f"warning: {outcome.path}: {warning}", err=True)
    datas = [o.data for o in outcomes if o.ok]
    try:
        _write(fmt, datas, errors, output)
    except BrokenPipeError:
        # The reader of a pipe went away (``classify dir | head``): not an error to
        # report, but stdout must not be flushed again at exit.
        _silence_stdout()
        raise typer.Exit(1) from None
    except OSError as error:
        report_error(f"{output or 'stdout'}: cannot write: {error.strerror or error}")
        raise typer.Exit(1) from None
    if errors:
        raise typer.Exit(1)
    if fail_on is not None:
        from ..output.rows import reaches

        if any(reaches(d, fail_on.value) for d in _as_dicts(datas)):
            raise typer.Exit(EXIT_FLAGGED)

"""The typer apps and the one place where library errors become exit codes.

Exit codes: 0 ok, 1 a user error (bad file, bad model, bad data: one line on
stderr, no traceback), 2 a usage error (typer/click's own).
"""

from __future__ import annotations

import functools
import sys
from typing import Callable

import typer

from ..errors import JixiaoError

app = typer.Typer(
    name="jixiao",
    help="Triage Chinese budget-performance self-evaluation reports (绩效自评报告).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def report_error(error: BaseException) -> None:
    """Print a user error as one line on stderr."""
    typer.echo(f"error: {error}", err=True)


def user_errors(func: Callable) -> Callable:
    """Turn a JixiaoError raised by the library into one line and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except JixiaoError as error:
            report_error(error)
            raise typer.Exit(1) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Triage Chinese budget-performance self-evaluation reports (绩效自评报告).

    Example: jixiao classify corpus/reports/003_66e78293cd0851a8.txt
    """


def _register() -> None:
    # Imported for their @app.command() side effect; each module imports its heavy
    # dependencies inside the command body, so --help stays fast.
    from . import classify_cmd, claims_cmd, model_cmd  # noqa: F401


_register()


def main() -> None:
    app()


def classify_main() -> None:
    """The ``classify`` console script: ``jixiao classify`` as a command of its own."""
    from .classify_cmd import classify

    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
    single.command(help=classify.__doc__)(classify)
    single()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""Command-line interface: parses arguments, calls the library, formats output.

``jixiao`` is a typer app with subcommands; ``classify`` is ``jixiao classify``.
"""

from .app import app, classify_main, main

__all__ = ["app", "main", "classify_main"]

"""Every command documents itself, and the README documents every command.

After sqlite-utils' tests/test_docs.py: a command without help or an example is a
command a reviewer cannot learn from ``--help``.
"""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from nlp.cli import app

from conftest import ROOT

COMMANDS = sorted(get_command(app).commands)


def test_commands_registered():
    assert {"classify", "claims", "train", "evaluate", "export"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`jixiao {name} --help` has no example"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_in_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"jixiao {name}\b|^{name}\b|`{name} ", readme, re.M), f"README does not document {name}"

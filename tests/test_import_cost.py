"""The classify hot path stays light: heavy libraries load only where they are used.

Not a timing test (timings live in bench/): it checks *which* modules a cold
``classify report.txt --format jsonl`` imports, which is what the timing depends on.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SEEDS

HEAVY = ("sklearn", "skops", "pandas", "spacy", "openpyxl", "xlsxwriter", "jinja2", "pdfplumber", "docx", "torch")

PROBE = """
import json, sys
from nlp.cli.app import app
from typer.testing import CliRunner
args = json.loads(sys.argv[1])
result = CliRunner().invoke(app, args)
print(json.dumps({"exit": result.exit_code, "modules": sorted({m.split('.')[0] for m in sys.modules})}))
"""


def _imported(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize("heavy", HEAVY)
def test_help_imports_nothing_heavy(heavy):
    probe = _imported(["classify", "--help"])
    assert probe["exit"] == 0
    assert heavy not in probe["modules"]


@pytest.fixture(scope="module")
def classify_txt_modules() -> dict:
    return _imported(["classify", str(SEEDS[-1]), "--format", "jsonl"])


@pytest.mark.parametrize("heavy", HEAVY)
def test_classify_txt_imports_nothing_heavy(classify_txt_modules, heavy):
    assert classify_txt_modules["exit"] == 0
    assert heavy not in classify_txt_modules["modules"], f"{heavy} is imported on the classify .txt path"

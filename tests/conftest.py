"""Shared fixtures: paths to the real seed reports shipped in corpus/reports."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "corpus" / "reports"
SEEDS = sorted(REPORTS.glob("*.txt"))
SHARED = ROOT.parent / "shared"
SHENZHEN_CSV = SHARED / "corpus" / "shenzhen_targets" / "indicators.csv"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return SEEDS


@pytest.fixture(scope="session")
def segmenter():
    from nlp.segment import Segmenter

    return Segmenter()

"""claims_conflict on long narratives: the indexed search gives exactly the flags of
comparing every pair, and repeating a narrative does not add comparisons.

Narratives are the seeds' prose lines (corpus/reports/*.txt), repeated, with some
digits changed so that repeated sentences disagree (the case the rule is for).
"""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

import nlp.flags.report as conflict
from nlp.flags.base import extract, make_flag
from nlp.schema import Flag, Indicator, Paragraph, Report

from conftest import SEEDS


def brute_force(report: Report) -> list[Flag]:
    """The rule as first written: every pair of items, in order, first pair per evidence pair."""
    items = conflict._conflict_items(report)
    flags, seen = [], set()
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            x, y = items[i], items[j]
            if x.where == y.where == "table" or not conflict._same_unit(x.claim, y.claim):
                continue
            if conflict._agree(x.claim, y.claim) or conflict._same_sentence(x, y):
                continue
            if conflict._similar(x.key, y.key) < conflict.SIMILARITY:
                continue
            key = tuple(sorted((x.evidence, y.evidence)))
            if key in seen:
                continue
            seen.add(key)
            field = "narrative" if x.where == y.where == "narrative" else "actual"
            flags.append(make_flag("claims_conflict", f"{x.evidence} ↔ {y.evidence}", field=field,
                                   a=x.claim.text, b=y.claim.text))
    return flags


def prose(path) -> list[str]:
    """The seed's lines outside table cells that hold a number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line.strip() and not line.startswith("\t") and re.search(r"\d", line)]


def narrative_report(lines: list[str], indicators: tuple[Indicator, ...] = ()) -> Report:
    text = "\n".join(lines)
    paragraphs, pos = [], 0
    for line in lines:
        claims = tuple(dataclasses.replace(c, start=c.start + pos, end=c.end + pos) for c in extract(line))
        paragraphs.append(Paragraph(text=line, start=pos, end=pos + len(line), claims=claims))
        pos += len(line) + 1
    return Report(path="x.txt", kind="department_report", text=text, narratives=tuple(paragraphs),
                  indicators=indicators)


def altered(lines: list[str], copies: int, seed: int) -> list[str]:
    """``copies`` copies of the lines, each digit changed with probability 0.1, shuffled."""
    rng = random.Random(seed)
    out = [re.sub(r"\d", lambda m: str(rng.randint(0, 9)) if rng.random() < 0.1 else m.group(0), line)
           for _ in range(copies) for line in lines]
    rng.shuffle(out)
    return out


def table_rows(report: Report, n: int, seed: int) -> tuple[Indicator, ...]:
    """Rows named after the words before a narrative claim, with an altered actual."""
    rng = random.Random(seed)
    claims = [c for p in report.narratives for c in p.claims if c.kind in ("count", "money")]
    rows = []
    for k, c in enumerate(rng.sample(claims, min(n, len(claims)))):
        actual = re.sub(r"\d", lambda m: str(rng.randint(0, 9)), c.text, count=1)
        rows.append(Indicator(id=f"r{k}", table="t1", level1=None, stated_category=None,
                              name=report.text[max(0, c.start - 16) : c.start], target=None,
                              actual=actual, actual_claims=extract(actual)))
    return tuple(rows)


CASES = [
    pytest.param(path, copies, seed, id=f"{path.stem[:3]}_x{copies}_s{seed}")
    for path in SEEDS
    for copies, seed in ((1, 0), (3, 1), (6, 2))
]


@pytest.mark.parametrize("path, copies, seed", CASES)
def test_same_flags_as_every_pair(path, copies, seed):
    report = narrative_report(altered(prose(path), copies, seed))
    report = dataclasses.replace(report, indicators=table_rows(report, 6, seed))
    assert conflict.claims_conflict_flags(report) == brute_force(report)


def test_altered_copies_do_conflict():
    # The cases above must exercise the rule, not only agree on "no flags".
    report = narrative_report(altered(prose(SEEDS[3]), 3, 1))
    assert len(brute_force(report)) >= 5


@pytest.mark.parametrize("copies", [4, 16])
def test_repeating_a_narrative_adds_no_comparisons(monkeypatch, copies):
    # From the second copy on, every sentence sits in the same context as in the second:
    # a repeat is grouped with its twins, so the subject comparisons stay those of two copies.
    calls = []

    def counting(x, y):
        calls.append(1)
        return similarity(x, y)

    similarity = conflict._dice
    monkeypatch.setattr(conflict, "_dice", counting)
    lines = prose(SEEDS[3])
    flags_two = conflict.claims_conflict_flags(narrative_report(lines * 2))
    two = len(calls)
    calls.clear()
    flags_many = conflict.claims_conflict_flags(narrative_report(lines * copies))
    items = len(conflict._conflict_items(narrative_report(lines * copies)))
    assert flags_many == flags_two
    assert len(calls) == two
    assert len(calls) < items  # every pair would be items·(items−1)/2

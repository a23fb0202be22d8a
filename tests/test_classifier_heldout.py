"""Held-out accuracy with the training recipe, on data in the repository (no ../shared).

The full leave-one-source-out figures come from ``jixiao train`` (minutes); these
splits take seconds and fail when a change to features, config or data makes the model
worse on text it has not seen. Thresholds sit just below the measured values
(2026-12-02, model format 3, with the terse phrases of team_u–team_w: seeds 0.936 without the 11
team_l/team_m rows whose briefs echoed seed errors — 0.979 with them, corpus/README.md — and 0.915
since the adjudicated seed labels of 2026-12-06, which this team-only model reads one row worse
(003 row 22, now quality, it reads as social: corpus/labelled/seed_reports.notes.md); the four
sub-district and old-template groups 0.925, the 28 project-form groups 0.957, the 35 groups of
2026-12-02 0.954, and 0.925 with their targets removed)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nlp.classifier import data, train
from nlp.taxonomy import FINE_TO_COARSE

from conftest import ROOT

LABELLED = ROOT / "corpus" / "labelled"
GAP_GROUPS = ("street_services", "street_safety", "street_people", "old_template")
#: One project's table (项目支出绩效自评表, 绩效目标申报表, 2010s KPI forms) rather than a department's.
PROJECT_FORM_PREFIXES = ("proj_", "decl_", "kpi_old_")
#: The groups written on 2026-12-02 (team_p–team_t): transfer-payment regional tables, township and
#: village tables, whole-department framework tables, public institutions, subsidies to individuals.
#: Measured 0.921 with the name-only copies, 0.834 without them (2026-12-02).
BARE_BAR = 0.90
LATEST_PREFIXES = ("transfer_", "village_", "township_office", "deptwide_", "inst_", "subsidy_")


@pytest.fixture(scope="module")
def rows() -> list[data.LabelledRow]:
    return data.all_rows(data.load_labelled([LABELLED]))


def split(rows, held_out) -> tuple[list[data.LabelledRow], list[data.LabelledRow]]:
    """(held, rest): the rows ``held_out`` picks, and the others to train on."""
    return [r for r in rows if held_out(r)], [r for r in rows if not held_out(r)]


def coarse_accuracy(train_rows, test_rows) -> float:
    pipeline = train.fit(train_rows)
    predicted = pipeline.predict(train.rows_inputs(test_rows))
    return sum(FINE_TO_COARSE[p] == FINE_TO_COARSE[r.label] for p, r in zip(predicted, test_rows)) / len(test_rows)


def test_seed_rows_held_out(rows):
    # The reviewed seed rows, never seen: trained on the team set only, less the rows whose
    # briefs echoed seed errors (as cross-validation does).
    held, _ = split(rows, lambda r: r.source == "seed")
    team = train.training_rows(rows, np.array([r.source == "seed" for r in rows]))
    assert len(held) == 47 and {r.source for r in team} == {"team"}
    assert coarse_accuracy(team, held) >= 0.91


def test_new_kinds_of_unit_held_out(rows):
    # Sub-district units and the old template, all four groups held out at once: the
    # model must carry the conventions over from the department groups.
    held, rest = split(rows, lambda r: r.group in GAP_GROUPS)
    assert len(held) > 500
    assert coarse_accuracy(rest, held) >= 0.92


def test_project_forms_held_out(rows):
    # Every project-form group held out at once, trained on department tables, the
    # sub-district units and the seeds: a kind of table the model has never seen.
    held, rest = split(rows, lambda r: r.group.startswith(PROJECT_FORM_PREFIXES))
    assert len({r.group for r in held}) == 28 and len(held) > 1200
    assert coarse_accuracy(rest, held) >= 0.95


def test_latest_kinds_of_table_held_out(rows):
    # The five files written last, held out together: five writers, 35 kinds of table or unit
    # the rest of the corpus has none of, in layouts it has few of (templates in the name, terse cells).
    held, rest = split(rows, lambda r: r.group.startswith(LATEST_PREFIXES))
    assert len({r.group for r in held}) == 35 and len(held) > 1600
    assert coarse_accuracy(rest, held) >= 0.94


def test_latest_kinds_of_table_held_out_without_their_targets(rows):
    # The same split with every target removed, as a table with a blank 指标值 cell gives them:
    # the name alone must still tell the category (the name-only copies in training).
    held, rest = split(rows, lambda r: r.group.startswith(LATEST_PREFIXES))
    bare = [replace(r, target="") for r, own in zip(held, train.has_own_target(held)) if own]
    assert len(bare) > 1400
    assert coarse_accuracy(rest, bare) >= BARE_BAR


def test_reliability_table_and_ece():
    from nlp.classifier.evaluate import reliability

    # Confident and right, unsure and half right: calibrated, ECE 0.
    perfect = reliability([0.95] * 20 + [0.55] * 20, [True] * 19 + [False] + [True] * 11 + [False] * 9)
    assert perfect["ece"] == pytest.approx(0.0, abs=1e-9)
    assert [b["rows"] for b in perfect["bins"]] == [20, 20]
    # Always 0.9 sure, right half the time: over-confident by 0.4.
    assert reliability([0.9] * 10, [True, False] * 5)["ece"] == pytest.approx(0.4)


def test_out_of_fold_confidence_is_calibrated(rows):
    # The four gap groups held out (0.037 measured): the model's confidence on kinds of
    # unit it has never seen must not claim much more than it delivers.
    from nlp.classifier.evaluate import reliability
    from nlp.taxonomy import FINE_LABELS

    team = [r for r in rows if r.source == "team" and r.group not in GAP_GROUPS]
    held = [r for r in rows if r.group in GAP_GROUPS]
    proba = train.proba_all_labels(train.fit(team), train.rows_inputs(held))
    predicted = [FINE_LABELS[i] for i in proba.argmax(axis=1)]
    result = reliability(list(proba.max(axis=1)), [p == r.label for p, r in zip(predicted, held)])
    assert result["ece"] <= 0.06

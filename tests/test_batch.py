"""Batches: folders expanded deterministically, bad files reported and skipped,
``--jobs N`` giving the same output as ``--jobs 1``, ``--fail-on`` exit codes."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from nlp.batch import REPORT_SUFFIXES, expand_inputs, run_batch
from nlp.cli import app
from nlp.cli.classify_cmd import EXIT_FLAGGED

from conftest import SEEDS


def invoke(args):
    return CliRunner().invoke(app, ["classify", *map(str, args)])


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# --- expanding inputs ---------------------------------------------------------------------------
@pytest.fixture
def tree(tmp_path):
    """b/ and a/ folders with reports, a lock file, a hidden file and an image."""
    for rel in (
        "b/2.txt",
        "b/1.docx",
        "a/z.csv",
        "a/sub/y.PDF",
        "a/~$lock.docx",
        "a/.hidden.txt",
        "a/pic.png",
        "c.xlsx",
    ):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return tmp_path


def test_expand_folder_sorted_recursive(tree):
    assert [p[len(str(tree)) + 1 :] for p in expand_inputs([tree])] == [
        "c.xlsx",
        "a/z.csv",
        "a/sub/y.PDF",
        "b/1.docx",
        "b/2.txt",
    ]


@pytest.mark.parametrize(
    "name", ["~$lock.docx", ".hidden.txt", "pic.png"], ids=["office-lock", "hidden", "not-a-report"]
)
def test_expand_skips(tree, name):
    assert not any(p.endswith(name) for p in expand_inputs([tree]))


def test_expand_keeps_explicit_files_and_missing_paths(tree):
    paths = [tree / "a" / "pic.png", tree / "missing.txt"]
    assert expand_inputs(paths) == [str(p) for p in paths]


def test_expand_drops_duplicates_keeps_order(tree):
    assert expand_inputs([tree / "c.xlsx", tree, tree / "c.xlsx"])[:2] == [
        str(tree / "c.xlsx"),
        str(tree / "a" / "z.csv"),
    ]


@pytest.mark.parametrize(
    "exclude, n",
    [("c.xlsx", 4), ("a/z.csv", 4), ("b/none.csv", 5)],
    ids=["own-output-in-folder", "own-output-in-subfolder", "unrelated-exclude"],
)
def test_expand_excludes_own_output(tree, exclude, n):
    got = expand_inputs([tree], [tree / exclude])
    assert str(tree / exclude) not in got and len(got) == n


def test_expand_keeps_an_excluded_file_named_explicitly(tree):
    assert expand_inputs([tree / "c.xlsx"], [tree / "c.xlsx"]) == [str(tree / "c.xlsx")]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_rerun_with_output_inside_the_input_folder(tmp_path, suffix):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder)
    out = folder / f"review{suffix}"
    first, second = invoke([folder, "-o", out]), invoke([folder, "-o", out])
    assert (first.exit_code, second.exit_code) == (0, 0), second.output


@pytest.mark.parametrize("suffix", REPORT_SUFFIXES)
def test_expand_finds_each_suffix(tmp_path, suffix):
    (tmp_path / f"r{suffix}").write_bytes(b"x")
    assert expand_inputs([tmp_path]) == [str(tmp_path / f"r{suffix}")]


# --- a folder of seeds plus broken files ---------------------------------------------------------
@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    for seed in SEEDS:
        shutil.copy(seed, root / seed.name)
    (root / "zz_broken.docx").write_bytes(b"this is not a zip archive")
    return root


@pytest.fixture(scope="module")
def batch_result(folder):
    return invoke([folder, "--format", "jsonl"])


def test_batch_exit_code(batch_result):
    assert batch_result.exit_code == 1


def test_batch_one_error_line(batch_result, folder):
    lines = error_lines(batch_result)
    assert len(lines) == 1 and lines[0].startswith(f"error: {folder / 'zz_broken.docx'}: ")


def test_batch_no_traceback(batch_result):
    assert "Traceback" not in batch_result.output


def test_batch_every_good_file_output(batch_result, folder):
    paths = [json.loads(line)["path"] for line in batch_result.stdout.splitlines()]
    assert paths == [str(folder / seed.name) for seed in SEEDS]


@pytest.mark.parametrize("fmt", ["jsonl", "html"])
def test_jobs_2_same_as_jobs_1(folder, fmt):
    one = invoke([folder, "--format", fmt, "--jobs", "1"])
    two = invoke([folder, "--format", fmt, "--jobs", "2"])
    assert (one.exit_code, two.exit_code) == (1, 1)
    assert one.stdout == two.stdout and one.stderr == two.stderr


def test_run_batch_order_and_progress(folder):
    calls = []
    outcomes = run_batch([folder], jobs=2, progress=lambda done, total, path: calls.append((done, total)))
    assert [o.path for o in outcomes] == expand_inputs([folder])
    assert sorted(calls) == [(i, len(outcomes)) for i in range(1, len(outcomes) + 1)]


def test_run_batch_records_errors(folder):
    outcomes = run_batch([folder])
    assert [o.ok for o in outcomes] == [True] * len(SEEDS) + [False]


def _missing(root):
    return root / "missing.txt"


def _empty(root):
    (root / "empty.txt").write_text("", encoding="utf-8")
    return root / "empty.txt"


def _empty_folder(root):
    (root / "sub").mkdir()
    return root / "sub"


@pytest.mark.parametrize(
    "make, problem",
    [(_missing, "missing.txt"), (_empty, "empty.txt"), (_empty_folder, "no report files")],
    ids=["missing", "empty", "empty-folder"],
)
def test_bad_input_reported_rest_output(tmp_path, make, problem):
    bad = make(tmp_path)
    result = invoke([SEEDS[0], bad, "--format", "jsonl"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith("error: ") and problem in lines[0]


def test_bad_model_is_one_error(tmp_path):
    result = invoke([SEEDS[0], "--model", tmp_path / "nowhere"])
    assert result.exit_code == 1
    assert len(error_lines(result)) == 1 and "Traceback" not in result.output


# --- --fail-on --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_severities() -> dict:
    """The worst flag severity of each seed, read from its jsonl."""
    from nlp.output.rows import all_flags, max_severity

    result = invoke([*SEEDS, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return {
        json.loads(line)["path"]: max_severity(all_flags(json.loads(line)))
        for line in result.stdout.splitlines()
    }


def test_fail_on_high_found(seed_severities):
    flagged = [p for p, sev in seed_severities.items() if sev == "high"]
    assert flagged, "some seed has a high-severity flag"
    assert invoke([flagged[0], "--format", "jsonl", "--fail-on", "high"]).exit_code == EXIT_FLAGGED


@pytest.mark.parametrize("threshold", ["high", "medium", "low"])
def test_fail_on_exit_code_follows_flags(seed_severities, threshold):
    from nlp.output.rows import severity_rank

    path = SEEDS[0]
    worst = seed_severities[str(path)]
    expected = EXIT_FLAGGED if severity_rank(worst) >= severity_rank(threshold) else 0
    assert invoke([path, "--format", "jsonl", "--fail-on", threshold]).exit_code == expected


def test_no_fail_on_exit_zero():
    assert invoke([*SEEDS, "--format", "jsonl"]).exit_code == 0


def test_read_error_wins_over_fail_on(folder):
    assert invoke([folder, "--format", "jsonl", "--fail-on", "low"]).exit_code == 1


@pytest.mark.parametrize(
    "args",
    [["--fail-on", "severe"], ["--jobs", "-1"], ["--format", "pdf"]],
    ids=["fail-on", "jobs", "format"],
)
def test_usage_errors_exit_2(args):
    assert invoke([SEEDS[0], *args]).exit_code == 2


def test_spawn_gives_the_same_outcomes(folder, monkeypatch):
    """macOS and Windows use spawn: the workers must not depend on fork's inherited state."""
    import multiprocessing

    import nlp.batch

    forked = run_batch([folder], jobs=2)
    monkeypatch.setattr(nlp.batch, "_mp_context", lambda: multiprocessing.get_context("spawn"))
    spawned = run_batch([folder], jobs=2)
    assert spawned == forked

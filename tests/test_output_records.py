"""Reports serialised where they are analysed (``run_batch(convert=…)``) come out byte
for byte as the dict writers would write them, with one job or two."""

from __future__ import annotations

import io

import pytest

from nlp.batch import run_batch
from nlp.output.json_out import (
    json_record,
    jsonl_record,
    write_json,
    write_json_records,
    write_jsonl,
    write_jsonl_records,
)
from nlp.serialize import report_to_dict

from conftest import SEEDS, handmade_report


@pytest.fixture(scope="module")
def reports():
    """The seeds analysed once, as Reports."""
    return [o.report for o in run_batch(SEEDS)]


def _written(writer, items) -> str:
    stream = io.StringIO()
    writer(items, stream)
    return stream.getvalue()


@pytest.mark.parametrize("count", [0, 1, 4], ids=["empty", "one", "all"])
def test_json_records_as_write_json(reports, count):
    chosen = reports[:count]
    expected = _written(write_json, [report_to_dict(r) for r in chosen])
    assert _written(write_json_records, [json_record(r) for r in chosen]) == expected


@pytest.mark.parametrize("count", [0, 1, 4], ids=["empty", "one", "all"])
def test_jsonl_records_as_write_jsonl(reports, count):
    chosen = reports[:count]
    expected = _written(write_jsonl, [report_to_dict(r) for r in chosen])
    assert _written(write_jsonl_records, [jsonl_record(r) for r in chosen]) == expected


def test_json_record_of_a_handmade_report():
    # Multi-line cell texts and nested empty lists: indentation must not touch string contents.
    report = handmade_report()
    expected = _written(write_json, [report_to_dict(report)])
    assert _written(write_json_records, [json_record(report)]) == expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_batch_convert_in_workers(reports, jobs):
    outcomes = run_batch(SEEDS, jobs=jobs, convert=jsonl_record)
    assert all(o.report is None for o in outcomes)
    assert [o.data for o in outcomes] == [jsonl_record(r) for r in reports]

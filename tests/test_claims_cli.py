"""``jixiao claims`` in-process (CliRunner): one JSON line per input line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nlp.cli import app


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_claims_text(runner):
    result = runner.invoke(app, ["claims", "举办各类培训班55期，满意度≥95%"])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.output)
    assert obj["text"] == "举办各类培训班55期，满意度≥95%"
    assert [(c["value"], c["unit"], c["kind"], c["op"]) for c in obj["claims"]] == [
        (55, "期", "count", "="),
        (95, "%", "percent", ">="),
    ]
    assert obj["claims"][0]["subject"] == "培训班"


def test_claims_money_and_dates_serialise(runner):
    obj = json.loads(runner.invoke(app, ["claims", "近160万元，12月底前"]).output)
    money, date = obj["claims"]
    assert (money["value"], money["value_yuan"], money["op"]) == (160, 1600000, "~")
    assert (date["value"], date["kind"], date["op"]) == ("--12-31", "date", "<=")


def test_claims_stdin_one_line_per_line(runner):
    lines = ["三轮督查", "", "岳发〔2014〕7号", "分别达88.74%、91.3%"]
    result = runner.invoke(app, ["claims", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["text"] for o in out] == lines
    assert [len(o["claims"]) for o in out] == [1, 0, 0, 2]
    assert out[3]["claims"][1]["value"] == 91.3


def test_claims_stdin_keeps_offsets_per_line(runner):
    result = runner.invoke(app, ["claims", "-"], input="共55期\r\n≥95%\n")
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [(o["claims"][0]["start"], o["claims"][0]["end"]) for o in out] == [(1, 4), (0, 4)]


def test_claims_needs_an_argument(runner):
    result = runner.invoke(app, ["claims"])
    assert result.exit_code == 2


def test_claims_help_has_example(runner):
    result = runner.invoke(app, ["claims", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_evaluate_claims_reports_precision_and_recall(runner):
    result = runner.invoke(app, ["evaluate", "claims"])
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "recall" in result.output
    assert "kind money" in result.output


def test_evaluate_claims_missing_golden_is_a_user_error(runner, tmp_path):
    result = runner.invoke(app, ["evaluate", "claims", "--golden", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "no golden case file" in result.output


def test_evaluate_claims_bad_json_is_a_user_error(runner, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "claims", "--golden", str(bad)])
    assert result.exit_code == 1
    assert "not valid JSON" in result.output


def test_claims_stdin_in_gb18030(runner):
    """Windows pipes GBK/GB18030 text; a seed sentence comes back unchanged."""
    text = "举办各类培训班55期，党政领导授课36人次"
    result = runner.invoke(app, ["claims", "-"], input=(text + "\r\n").encode("gb18030"))
    assert result.exit_code == 0, result.output
    obj = json.loads(result.output)
    assert obj["text"] == text
    assert [c["text"] for c in obj["claims"]] == ["55期", "36人次"]


def test_claims_stdin_utf8_bom_is_dropped(runner):
    result = runner.invoke(app, ["claims", "-"], input="\ufeff≥95%\n".encode("utf-8"))
    obj = json.loads(result.output)
    assert (obj["text"], obj["claims"][0]["start"]) == ("≥95%", 0)


def test_claims_stdin_undecodable_line_is_a_user_error(runner):
    result = runner.invoke(app, ["claims", "-"], input=b"55\xe6\x9c\x9f\n\xff\xfe\x80 bad\n")
    assert result.exit_code == 1
    assert json.loads(result.output.splitlines()[0])["text"] == "55期"
    assert "line 2 is neither UTF-8 nor GB18030" in result.output

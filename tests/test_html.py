"""``--format html``: one self-contained page, all report text escaped, checked in
the raw HTML and in what headless Chromium shows a person."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import tempfile

import pytest
from typer.testing import CliRunner

from nlp.cli import app
from nlp.output.html import render_html
from nlp.schema import Flag
from nlp.serialize import report_to_dict

from conftest import SEED_003, SEEDS, handmade_report

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": '"><img src=x onerror=alert(1)>',
    # Scripts that would leave a mark in the DOM had they run; Chromium's --dump-dom shows it.
    "dom-script": '<script>document.documentElement.setAttribute("data-xss","1")</script>',
    "dom-img": "'\"><img src=x onerror=\"document.documentElement.setAttribute('data-xss','2')\">",
}
FIELDS = ("name", "target", "actual", "deviation_note", "stated_category", "project", "id")


def injected(field: str, payload: str) -> dict:
    """Seed 003 by hand with ``payload`` in one field of indicator 3, in a flag and the title."""
    report = handmade_report(cells={"3": {field: payload}})
    ind = report.indicators[2]
    ind = dataclasses.replace(
        ind, flags=(Flag("vague_target", "high", f"目标“{payload}”无法衡量", payload, "target"),)
    )
    indicators = report.indicators[:2] + (ind,) + report.indicators[3:]
    return report_to_dict(dataclasses.replace(report, indicators=indicators, title=f"报告{payload}"))


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_payload_is_escaped(field, payload):
    page = render_html([injected(field, payload)])
    assert payload not in page
    assert "<img" not in page and "<script" not in page


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_payload_is_escaped_in_highlighted_text(payload):
    """A claim inside the cell makes displaCy render it: its escaping is checked too."""
    text = payload + "≥60次"
    report = handmade_report(cells={"3": {"target": text}})
    claim = dataclasses.replace(report.indicators[2].target_claims[0], start=len(payload), end=len(text))
    ind = dataclasses.replace(report.indicators[2], target_claims=(claim,))
    page = render_html([report_to_dict(dataclasses.replace(report, indicators=(ind,)))])
    assert payload not in page and '<mark class="claim claim-count"' in page


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_error_messages_escaped(payload):
    page = render_html([], errors=[("bad.txt", f"bad.txt: {payload}")])
    assert payload not in page


def test_claims_highlighted_in_cells_and_narratives():
    page = render_html([report_to_dict(handmade_report())])
    marks = re.findall(r'<mark class="claim claim-(\w+)"[^>]*>([^<]*)</mark>', page)
    assert ("count", "≥60次") in marks and ("count", "115件") in marks and ("percent", "90%") in marks


def test_bad_claim_offsets_are_skipped():
    report = handmade_report()
    claim = dataclasses.replace(report.indicators[2].target_claims[0], start=50, end=70)
    ind = dataclasses.replace(report.indicators[2], target_claims=(claim,))
    page = render_html([report_to_dict(dataclasses.replace(report, indicators=(ind,)))])
    assert "≥60次" in page


@pytest.mark.parametrize(
    "pattern",
    [r"<script", r"<link", r"<img", r"<iframe", r"\bsrc=", r"@import", r"url\("],
    ids=["script", "link", "img", "iframe", "src", "css-import", "css-url"],
)
def test_page_is_self_contained(pattern):
    assert not re.search(pattern, render_html([report_to_dict(handmade_report())]), re.I)


def test_page_forbids_loading_anything():
    assert "default-src 'none'" in render_html([])


# --- end to end: the real reader on a seed whose cells carry the payloads ------------------------
@pytest.fixture(scope="module")
def injected_page(tmp_path_factory) -> str:
    """Seed 003 with two indicator cells replaced by payloads, through ``classify --format html``."""
    root = tmp_path_factory.mktemp("html")
    text = SEED_003.read_text(encoding="utf-8")
    text = text.replace("\t督促检查\n", f"\t{PAYLOADS['dom-script']}\n", 1)
    text = text.replace("\t稿件合格率\n", f"\t{PAYLOADS['dom-img']}\n", 1)
    text = text.replace("\t≥60次\n", f"\t{PAYLOADS['script']}\n", 1)
    source = root / "injected.txt"
    source.write_text(text, encoding="utf-8")
    out = root / "review.html"
    result = CliRunner().invoke(
        app, ["classify", str(source), *map(str, SEEDS[:1]), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return str(out)


def test_real_report_payloads_escaped(injected_page):
    page = open(injected_page, encoding="utf-8").read()
    assert all(p not in page for p in PAYLOADS.values())
    assert "&lt;script&gt;document.documentElement.setAttribute(&quot;data-xss&quot;" in page


def _chromium(*args: str) -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip(
            "chromium is not on PATH (install it with `apt-get install -y chromium`; `make test` does)"
        )
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


@pytest.fixture(scope="module")
def dom(injected_page) -> str:
    return _chromium("--dump-dom", f"file://{injected_page}")


@pytest.mark.slow
@pytest.mark.parametrize(
    "visible",
    [
        "2023年度中共岳阳市君山区委办公室整体支出绩效自评报告",
        "积极开展理论学习.培训",
        "社会公众或服务对象满意度",
        "服务经济社会发展",
    ],
    ids=["title", "indicator-1", "indicator-9", "indicator-7"],
)
def test_browser_shows_report(dom, visible):
    assert visible in dom


@pytest.mark.slow
def test_browser_shows_a_flag_message(dom, injected_page):
    from nlp.output.rows import all_flags

    result = CliRunner().invoke(app, ["classify", str(SEED_003), "--format", "jsonl"])
    import json

    messages = [f["message"] for f in all_flags(json.loads(result.stdout)) if f["severity"] == "high"]
    assert messages and any(message in dom for message in messages)


@pytest.mark.slow
@pytest.mark.parametrize("payload", ["script", "dom-script"])
def test_browser_shows_payload_as_text(dom, payload):
    assert PAYLOADS[payload].replace("<", "&lt;").replace(">", "&gt;") in dom


@pytest.mark.slow
def test_browser_ran_no_injected_script(dom):
    assert not re.search(r"<html[^>]*data-xss", dom)  # the injected scripts would set it
    assert not re.search(r"<(script|img)\b", dom, re.I)


@pytest.mark.slow
def test_browser_screenshot(injected_page, tmp_path):
    shot = tmp_path / "page.png"
    _chromium("--window-size=1400,1000", f"--screenshot={shot}", f"file://{injected_page}")
    assert shot.stat().st_size > 10_000

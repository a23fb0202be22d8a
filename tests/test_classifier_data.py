"""Labelled-data loading: one format, extra columns allowed, every error names file, row, column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.classifier import data
from nlp.errors import DataError

from conftest import ROOT

TINY = ROOT / "tests" / "data" / "classifier_tiny.csv"
HEADER = "text,target,label,source,group\n"


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "content, row, column, words",
    [
        (HEADER + "督促检查次数,≥60次,quantity,a,g\n稿件合格率,≥98%,qualty,a,g\n", 3, "label", "unknown label 'qualty'"),
        (HEADER + "督促检查次数,≥60次,,a,g\n", 2, "label", "empty label"),
        (HEADER + "督促检查次数,≥60次,quantity,a,g\n ,≥98%,quality,a,g\n", 3, "text", "empty text"),
        ("text,label\n督促检查次数,quantity\n", 1, "target", "missing column"),
        ("name,target,category\n督促检查次数,≥60次,quantity\n", 1, "label", "missing column"),
    ],
    ids=["unknown-label", "empty-label", "empty-text", "missing-target", "missing-label"],
)
def test_csv_errors_name_file_row_column(tmp_path, content, row, column, words):
    path = write(tmp_path, "bad.csv", content)
    with pytest.raises(DataError) as info:
        data.load_file(path)
    message = str(info.value)
    assert str(path) in message and f"row {row}" in message and f"column '{column}'" in message
    assert words in message
    assert (info.value.row, info.value.column) == (row, column)


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("bad.xlsx", "this is not a workbook", "not a readable .xlsx"),
        ("bad.csv", None, "not UTF-8"),
        ("bad.jsonl", '{"text": "督促检查", "target": "≥60次", "label": "quantity"}\n{not json\n', "invalid JSON"),
        ("empty.csv", "", "empty"),
        ("notes.txt", "text,target,label\n", "unsupported file type"),
    ],
    ids=["damaged-xlsx", "not-utf8", "bad-jsonl", "empty", "wrong-suffix"],
)
def test_unreadable_files(tmp_path, name, content, words):
    path = tmp_path / name
    if content is None:
        path.write_bytes(HEADER.encode() + "督促检查,≥60次,quantity,a,g\n".encode("gb18030"))
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as info:
        data.load_labelled([path])
    assert str(path) in str(info.value) and words in str(info.value)


def test_jsonl_error_names_line(tmp_path):
    lines = [{"text": "督促检查", "target": "≥60次", "label": "quantity"}, {"text": "稿件合格率", "target": "", "label": "好"}]
    path = write(tmp_path, "rows.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n")
    with pytest.raises(DataError, match=r"row 2, column 'label'"):
        data.load_file(path)


def test_missing_path():
    with pytest.raises(DataError, match="no such file"):
        data.load_labelled([ROOT / "no" / "such.csv"])


@pytest.mark.parametrize(
    "raw, fine", [("quality", "quality"), ("质量", "quality"), ("质量指标", "quality"), ("服务对象满意度", "satisfaction")]
)
def test_labels_in_english_or_chinese(tmp_path, raw, fine):
    path = write(tmp_path, "ok.csv", HEADER + f"稿件合格率,≥98%,{raw},a,g\n")
    assert data.load_file(path).rows[0].label == fine


def test_extra_columns_and_defaults(tmp_path):
    path = write(
        tmp_path,
        "seed_like.csv",
        "report,row,text,target,actual,stated,label,label_reason\n"
        "r.txt,4,督查及时性,10个工作日,已完成,质量指标,timeliness,按内容是时效\n",
    )
    (row,) = data.load_file(path).rows
    assert (row.label, row.stated, row.source, row.group, row.row) == ("timeliness", "quality", "seed_like", "seed_like", 2)


def test_shenzhen_header_recognised_and_placeholders_dropped(tmp_path):
    path = write(
        tmp_path,
        "indicators.csv",
        "项目编码,一级指标,二级指标,三级指标,指标值,指标解释\n"
        'P1,产出,数量,"社区饭堂数量\t\n",12个,x\n'
        "P1,效益,经济效益,不适用,不适用,x\n"
        "P2,满意度,服务对象满意度,居民满意度,95%以上,x\n",
    )
    rows = data.load_file(path).rows
    assert [(r.text, r.label, r.source, r.group, r.stated) for r in rows] == [
        ("社区饭堂数量", "quantity", "shenzhen", "shenzhen:P1", "quantity"),
        ("居民满意度", "satisfaction", "shenzhen", "shenzhen:P2", "satisfaction"),
    ]


def test_folder_expansion_skips_notes(tmp_path):
    write(tmp_path, "a.csv", HEADER + "督促检查次数,≥60次,quantity,a,g\n")
    write(tmp_path, "a.notes.md", "how the rows were written")
    write(tmp_path, "b.jsonl", json.dumps({"text": "稿件合格率", "target": "≥98%", "label": "质量"}, ensure_ascii=False) + "\n")
    files = data.load_labelled([tmp_path])
    assert [Path(f.path).name for f in files] == ["a.csv", "b.jsonl"]
    assert len(data.data_sha256(files)) == 64


def test_tiny_fixture_loads():
    rows = data.load_file(TINY).rows
    assert len(rows) == 39 and {r.label for r in rows} == set(__import__("nlp.taxonomy").taxonomy.FINE_LABELS)

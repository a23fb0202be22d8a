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
    "raw, fine", [("quality", "quality"), ("质量", "quality"), ("质量指标", "quality"), ("服务对象满意度", "satisfaction"), ("社会公众或服务对象满意度指标", "satisfaction")]
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


def test_echoes_column_is_read_and_optional(tmp_path):
    path = write(tmp_path, "team_x.csv", "text,target,label,source,group,echoes\n"
                 "优化政务服务,优化政务服务,social,team,g,seed\n督促检查次数,≥60次,quantity,team,g,\n")
    assert [r.echoes for r in data.load_file(path).rows] == ["seed", ""]
    assert data.load_file(TINY).rows[0].echoes == ""


def test_shipped_echo_rows_are_marked():
    # The team_l/team_m rows whose briefs named two seed errors' patterns (corpus/README.md):
    # marked, so cross-validation never trains on them when scoring the seeds.
    rows = data.all_rows(data.load_labelled([ROOT / "corpus" / "labelled"]))
    echoes = [r for r in rows if r.echoes]
    assert len(echoes) == 11 and {r.echoes for r in echoes} == {"seed"}
    assert {r.path.rsplit("/", 1)[-1] for r in echoes} == {"team_l.csv", "team_m.csv"}


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


SHENZHEN_LIKE = (
    "项目编码,一级指标,二级指标,三级指标,指标值,指标解释\n"
    "P1,效益,社会效益,提高党群服务中心的卫生程度,明显,x\n"
    "P1,产出,质量,督查及时性,=100%,x\n"
    "P2,效益,社会效益,提高党群服务中心的卫生程度,明显,x\n"
    "P2,产出,数量,社区饭堂数量,12个,x\n"
)


def review_file(tmp_path: Path, *lines: str) -> Path:
    return write(tmp_path, "review.csv", "key,filed,label,reason\n" + "".join(line + "\n" for line in lines))


def test_reviews_relabel_filed_rows_and_keep_the_filing(tmp_path):
    # A reviewer's correction reaches every project filing the same text, the filing
    # stays as `stated`, and an unreviewed row keeps reviewed=False.
    indicators = write(tmp_path, "indicators.csv", SHENZHEN_LIKE)
    key_hygiene = data.row_key("提高党群服务中心的卫生程度", "明显")
    key_timely = data.row_key("督查及时性", "=100%")
    reviews = review_file(tmp_path, f"{key_hygiene},social,quality,own premises", f"{key_timely},quality,timeliness,及时性")
    files = data.load_labelled([indicators, reviews])
    rows = data.all_rows(files)
    assert [(r.text, r.label, r.stated, r.reviewed) for r in rows] == [
        ("提高党群服务中心的卫生程度", "quality", "social", True),
        ("督查及时性", "timeliness", "quality", True),
        ("提高党群服务中心的卫生程度", "quality", "social", True),
        ("社区饭堂数量", "quantity", "quantity", False),
    ]
    assert [len(f.reviews) for f in files] == [0, 2]


def test_reviews_never_override_a_written_label(tmp_path):
    team = write(tmp_path, "team.csv", HEADER + "督查及时性,=100%,quality,team,g\n")
    reviews = review_file(tmp_path, f"{data.row_key('督查及时性', '=100%')},quality,timeliness,")
    (row,) = data.all_rows(data.load_labelled([team, reviews]))
    assert (row.label, row.reviewed) == ("quality", True)


@pytest.mark.parametrize(
    "lines, row, words",
    [
        (("nothex0123456789,social,quality,",), 2, "bad key"),
        (("0123456789abcdef,social,qualty,",), 2, "unknown label 'qualty'"),
        (("0123456789abcdef,social,quality,", "0123456789abcdef,social,social,"), 3, "reviewed twice"),
    ],
    ids=["bad-key", "unknown-label", "conflict"],
)
def test_review_file_errors_name_file_and_row(tmp_path, lines, row, words):
    path = review_file(tmp_path, *lines)
    with pytest.raises(DataError) as info:
        data.load_file(path)
    assert str(path) in str(info.value) and info.value.row == row and words in str(info.value)


def test_rows_naming_nothing_are_skipped_and_counted(tmp_path):
    # The same rule as `classify`: placeholders and bare values carry no category.
    path = write(tmp_path, "seed.csv", HEADER + "100%,100%,cost,s,g\n无此目标,无此目标,ecological,s,g\n稿件合格率,≥98%,quality,s,g\n")
    loaded = data.load_file(path)
    assert [r.text for r in loaded.rows] == ["稿件合格率"] and loaded.skipped == 2


def test_shipped_review_file_is_valid_and_holds_no_text():
    # The Shenzhen rows may not be copied into the repository: the review file keys them by hash.
    path = ROOT / "corpus" / "labelled" / "shenzhen_review.csv"
    loaded = data.load_file(path)
    assert len(loaded.reviews) > 1000 and loaded.rows == ()
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == "key,filed,label,reason"


def test_second_seed_review_covers_every_classifiable_seed_row():
    # corpus/reviews/seed_second_review.csv: an independent second labelling of the seed rows,
    # used to measure agreement between reviewers (README); it must name the same rows.
    import csv

    from nlp.taxonomy import FINE_LABELS

    with (ROOT / "corpus" / "reviews" / "seed_second_review.csv").open(encoding="utf-8") as f:
        second = list(csv.DictReader(f))
    seed = data.load_file(ROOT / "corpus" / "labelled" / "seed_reports.csv").rows
    assert len(second) == len(seed) == 47
    assert all(r["label"] in FINE_LABELS and r["reason"] for r in second)


def test_seed_labels_are_the_majority_where_two_reviewers_disagreed():
    # corpus/reviews/seed_third_review.csv: a third reviewer, blind to the other two and to the
    # model, labelled every row on which the first two disagreed. seed_reports.csv carries the
    # label two of the three gave there, and the label both gave everywhere else.
    import csv

    def labels(path):
        with path.open(encoding="utf-8") as f:
            return {(r["report"], r["row"]): r["label"] for r in csv.DictReader(f)}

    final = labels(ROOT / "corpus" / "labelled" / "seed_reports.csv")
    second = labels(ROOT / "corpus" / "reviews" / "seed_second_review.csv")
    third = labels(ROOT / "corpus" / "reviews" / "seed_third_review.csv")
    assert set(third) < set(second) and len(third) == 4
    for key, label in second.items():
        if key not in third:
            assert final[key] == label, key
        else:
            assert final[key] in (label, third[key]), key


def test_any_indicator_table_with_its_filings_loads(tmp_path):
    # Another region's sheet: 二级指标 merged down (blank below), 年度指标值 for the target,
    # 项目名称 as the group; labels are the authors' filings, open to a review file.
    path = write(
        tmp_path,
        "region_b.csv",
        "项目名称,一级指标,二级指标,三级指标,年度指标值,实际完成值\n"
        "农村公路养护,产出指标,数量指标,养护里程,≥120公里,126公里\n"
        "农村公路养护,,,桥梁检测座数,8座,8座\n"
        "农村公路养护,,质量指标,优良路率,≥85%,87%\n"
        "农村公路养护,效益指标,社会效益指标,不适用,,\n",
    )
    loaded = data.load_file(path)
    assert [(r.text, r.target, r.label, r.stated, r.source, r.group, r.reviewed) for r in loaded.rows] == [
        ("养护里程", "≥120公里", "quantity", "quantity", "region_b", "region_b:农村公路养护", False),
        ("桥梁检测座数", "8座", "quantity", "quantity", "region_b", "region_b:农村公路养护", False),
        ("优良路率", "≥85%", "quality", "quality", "region_b", "region_b:农村公路养护", False),
    ]
    assert loaded.skipped == 1


def test_filed_table_with_an_unknown_category_names_the_cell(tmp_path):
    path = write(tmp_path, "region_c.csv", "二级指标,三级指标,指标值\n产出效率,培训人次,≥100人次\n")
    with pytest.raises(DataError) as info:
        data.load_file(path)
    assert (info.value.row, info.value.column) == (2, "二级指标") and "unknown category" in str(info.value)

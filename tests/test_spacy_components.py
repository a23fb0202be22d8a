"""The spaCy components, found through the ``spacy_factories`` entry points."""

from __future__ import annotations

from decimal import Decimal

import pytest
import spacy

from conftest import ROOT


@pytest.fixture(scope="module")
def zh():
    pipeline = spacy.blank("zh")  # the char segmenter: no download, no jieba
    pipeline.add_pipe("jixiao_claims")
    return pipeline


def test_claims_in_doc_spans(zh):
    doc = zh("会组织党组织覆盖率分别达88.74%、91.3%，举办各类培训班55期")
    spans = doc.spans["claims"]
    assert [s.text for s in spans] == ["88.74%", "91.3%", "55期"]
    assert [s._.value for s in spans] == [Decimal("88.74"), Decimal("91.3"), Decimal(55)]
    assert [s._.kind for s in spans] == ["percent", "percent", "count"]
    assert [s.label_ for s in spans] == ["percent", "percent", "count"]
    assert spans[0]._.subject == "覆盖率"


def test_span_extensions_money(zh):
    span = zh("近160万元")
    (claim,) = span.spans["claims"]
    assert (claim._.op, claim._.unit, claim._.value_yuan) == ("~", "万元", Decimal(1600000))


def test_no_claims_gives_empty_group(zh):
    assert list(zh("岳发〔2014〕7号").spans["claims"]) == []


@pytest.mark.parametrize("segmenter", ["char", "jieba"])
def test_spans_cover_claim_text_with_any_segmenter(segmenter):
    pipeline = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    pipeline.add_pipe("jixiao_claims")
    text = "满意度≥95%，培训班55期"
    doc = pipeline(text)
    for span in doc.spans["claims"]:
        claim = span._.claim
        assert text[claim.start : claim.end] == claim.text
        assert span.start_char <= claim.start and claim.end <= span.end_char


def test_custom_spans_key():
    pipeline = spacy.blank("zh")
    pipeline.add_pipe("jixiao_claims", config={"spans_key": "quantities"})
    assert len(pipeline("≥4次").spans["quantities"]) == 1


def test_unknown_config_version_is_refused():
    pipeline = spacy.blank("zh")
    with pytest.raises(ValueError, match="config version"):
        pipeline.add_pipe("jixiao_claims", config={"version": 2})


def test_pipeline_round_trips_to_disk(tmp_path, zh):
    zh.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == ["jixiao_claims"]
    doc = loaded("≥60次")
    assert [s._.value for s in doc.spans["claims"]] == [Decimal(60)]


def test_classifier_without_model_raises_on_creation(tmp_path):
    from nlp.errors import ModelNotFoundError

    pipeline = spacy.blank("zh")
    with pytest.raises(ModelNotFoundError):
        pipeline.add_pipe("jixiao_indicator_classifier", config={"model_path": str(tmp_path / "none")})


def test_shipped_model_is_present():
    """models/default ships with the package: the component test below must never skip."""
    assert (ROOT / "models" / "default" / "meta.json").exists()


def test_classifier_component_sets_categories():
    pipeline = spacy.blank("zh")
    pipeline.add_pipe("jixiao_indicator_classifier")
    doc = pipeline("服务对象满意度")
    assert doc._.jixiao_category in {"output", "quality", "timeliness", "cost", "benefit"}
    assert doc._.jixiao_subcategory
    assert 0.0 <= doc._.jixiao_confidence <= 1.0
    docs = list(pipeline.pipe(["督促检查", "预算执行率"]))
    assert all(d._.jixiao_subcategory for d in docs)


def test_classifier_component_leaves_rows_naming_nothing():
    # As `classify` does: seed 000's "100%" row and a placeholder get no category.
    pipeline = spacy.blank("zh")
    pipeline.add_pipe("jixiao_indicator_classifier")
    docs = list(pipeline.pipe(["100%", "不适用", "稿件合格率≥98%"]))
    assert [d._.jixiao_subcategory for d in docs] == [None, None, "quality"]
    assert pipeline("100%")._.jixiao_category is None


@pytest.mark.parametrize(
    "text, name, target, fine",
    [
        ("稿件合格率≥98%", "稿件合格率", "≥98%", "quality"),  # seed 003
        ("督查及时性 3个工作日内", "督查及时性", "3个工作日内", "timeliness"),
        ("支出不超过预算批复金额≤1013.19万元", "支出不超过预算批复金额", "≤1013.19万元", "cost"),  # seed 003
        ("社会公众或服务对象满意度", "社会公众或服务对象满意度", None, "satisfaction"),  # seed 003: no value
    ],
)
def test_classifier_component_splits_name_and_value(text, name, target, fine):
    """One line "name + value", as a reviewer types an indicator, is classified as the
    name with its target — not as one long name."""
    from nlp.spacy_components import name_and_target

    pipeline = spacy.blank("zh")
    pipeline.add_pipe("jixiao_indicator_classifier")
    doc = pipeline(text)
    assert name_and_target(doc) == (name, target)
    assert doc._.jixiao_subcategory == fine
    (batched,) = pipeline.pipe([text])
    assert batched._.jixiao_subcategory == fine

"""spaCy pipeline components: jixiao's claims extractor and indicator classifier.

Registered through the ``spacy_factories`` entry points in pyproject.toml, so that
after ``pip install jixiao``::

    import spacy
    zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    zh.add_pipe("jixiao_claims")
    doc = zh("举办各类培训班55期，满意度≥95%")
    [(span.text, span._.value, span._.kind, span._.op) for span in doc.spans["claims"]]

This is the only module that imports spaCy; nothing on the ``classify`` path
imports it. Claims are found on ``doc.text`` and mapped to token spans with
``doc.char_span(..., alignment_mode="expand")``, so any segmenter works (char,
jieba, pkuseg); the exact character offsets stay on ``span._.claim``.
"""

from __future__ import annotations

from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .claims import extract_claims
from .placeholders import names_nothing
from .schema import Claim

CLAIMS_FACTORY = "jixiao_claims"
CLASSIFIER_FACTORY = "jixiao_indicator_classifier"
_SPAN_ATTRS = ("value", "unit", "kind", "op", "subject", "value_yuan", "high")


def _register_span_extensions() -> None:
    Span.set_extension("claim", default=None, force=True)
    for attr in _SPAN_ATTRS:
        # A getter reads the Claim stored on the span: one source of truth.
        Span.set_extension(attr, getter=lambda span, _a=attr: getattr(span._.claim, _a, None), force=True)


def _register_doc_extensions() -> None:
    for attr in ("jixiao_category", "jixiao_subcategory", "jixiao_confidence", "jixiao_target"):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)


#: Config versions each factory understands; a saved pipeline with a newer config
#: fails loudly instead of being misread.
CONFIG_VERSION = 1


def _check_version(name: str, version: int) -> None:
    if version != CONFIG_VERSION:
        raise ValueError(
            f"[jixiao] component {name!r} has config version {version}; this jixiao reads version "
            f"{CONFIG_VERSION}. Upgrade jixiao (pip install -U jixiao) or set version = {CONFIG_VERSION}."
        )


class ClaimsComponent:
    """Puts every quantitative claim of a Doc in ``doc.spans[spans_key]``.

    Like spaCy's EntityRuler, ``__call__`` is ``match`` (find the claims) followed
    by ``set_annotations`` (write them on the Doc)."""

    def __init__(self, nlp: Language, name: str = CLAIMS_FACTORY, spans_key: str = "claims"):
        self.name = name
        self.spans_key = spans_key
        _register_span_extensions()

    def match(self, doc: Doc) -> list[Claim]:
        return extract_claims(doc.text)

    def set_annotations(self, doc: Doc, claims: Iterable[Claim]) -> None:
        spans = []
        for claim in claims:
            span = doc.char_span(claim.start, claim.end, label=claim.kind, alignment_mode="expand")
            if span is None:
                continue
            span._.claim = claim
            spans.append(span)
        doc.spans[self.spans_key] = spans

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


def name_and_target(doc: Doc) -> tuple[str, Optional[str]]:
    """The model's two inputs from a Doc: ``doc._.jixiao_target`` when set, else the
    text split at its first claim ("稿件合格率≥98%" → "稿件合格率", "≥98%"), as an
    indicator is written on one line; a text without a claim is all name."""
    if doc._.jixiao_target is not None:
        return doc.text, doc._.jixiao_target
    from .claims import extract_claims

    claims = extract_claims(doc.text)
    if claims and claims[0].start > 0:
        name = doc.text[: claims[0].start].rstrip(" ：:，,　")
        if name:
            return name, doc.text[claims[0].start :]
    return doc.text, None


class IndicatorClassifierComponent:
    """Classifies a Doc holding one indicator name: ``doc._.jixiao_category`` (coarse),
    ``doc._.jixiao_subcategory`` (fine) and ``doc._.jixiao_confidence``. A target
    value set beforehand on ``doc._.jixiao_target`` is used as the model's second input.

    The model loads when the component is created: a missing or incompatible model
    raises ModelNotFoundError / ModelIncompatibleError there, not on the first Doc."""

    def __init__(self, nlp: Language, name: str = CLASSIFIER_FACTORY, model_path: Optional[str] = None):
        from .classifier.runtime import load_runtime

        self.name = name
        self.runtime = load_runtime(model_path)
        _register_doc_extensions()

    def match(self, doc: Doc):
        return self._predict([doc])[0]

    def _predict(self, docs: list[Doc]) -> list:
        """One prediction per Doc; None for a Doc that names nothing ("不适用", "100%"),
        which ``classify`` leaves uncategorised too."""
        inputs = [name_and_target(d) for d in docs]
        keep = [i for i, (name, _) in enumerate(inputs) if not names_nothing(name)]
        out: list = [None] * len(docs)
        if keep:
            predictions = self.runtime.predict([inputs[i][0] for i in keep], [inputs[i][1] for i in keep])
            for i, prediction in zip(keep, predictions):
                out[i] = prediction
        return out

    def set_annotations(self, doc: Doc, prediction) -> None:
        if prediction is None:
            return
        doc._.jixiao_category = prediction.coarse
        doc._.jixiao_subcategory = prediction.fine
        doc._.jixiao_confidence = prediction.confidence

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256):
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._classify(batch)
                batch = []
        if batch:
            yield from self._classify(batch)

    def _classify(self, docs: list[Doc]):
        for doc, prediction in zip(docs, self._predict(docs)):
            self.set_annotations(doc, prediction)
            yield doc


@Language.factory(
    CLAIMS_FACTORY,
    default_config={"version": 1, "spans_key": "claims"},
    assigns=["doc.spans"],
)
def make_claims_component(
    nlp: Language, name: str, version: int = 1, spans_key: str = "claims"
) -> ClaimsComponent:
    """Factory ``jixiao_claims``; config version 1: spans_key."""
    _check_version(name, version)
    return ClaimsComponent(nlp, name, spans_key)


@Language.factory(
    CLASSIFIER_FACTORY,
    default_config={"version": 1, "model_path": None},
    assigns=["doc._.jixiao_category", "doc._.jixiao_subcategory", "doc._.jixiao_confidence"],
)
def make_classifier_component(
    nlp: Language, name: str, version: int = 1, model_path: Optional[str] = None
) -> IndicatorClassifierComponent:
    """Factory ``jixiao_indicator_classifier``; config version 1: model_path (None = shipped model)."""
    _check_version(name, version)
    return IndicatorClassifierComponent(nlp, name, model_path)

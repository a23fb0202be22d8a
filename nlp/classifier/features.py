"""Feature analyzers shared by the scikit-learn Pipeline and the numpy runtime.

Each analyzer is a module-level function (so skops stores it by name) that maps
one string to a list of tokens. ``train`` hands them to ``TfidfVectorizer`` and
``runtime`` calls the very same functions, so both see identical tokens.

Words come from ``nlp.segment`` (rjieba backend: jieba's algorithm and dictionary
in Rust, plus jixiao's domain dictionary): the Python jieba tokenizer costs ~0.6 s to
load its dictionary, a third of the cold-start budget of ``classify``.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Callable, Optional

from ..segment import default_segmenter

# Digits and ASCII punctuation vary from row to row ("≥95%" vs "95%以上") while the
# category does not; they are folded so n-grams generalise across offices.
_DIGITS_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_SPACE_RE = re.compile(r"\s+")
# "指标1：" list markers and the "（含）" style asides say nothing about the category.
# (Folding more — "（1）", "①", stars, quotes, a unit aside at the end — made the predictions
# invariant to them on corpus rows, but cost 0.03 coarse on 306 real rows of other regions'
# tables, which seldom carry them: measured 2026-12-02, not kept.)
_MARKER_RE = re.compile(r"^(?:指标|目标|任务)?[0-9一二三四五六七八九十]+[、.:：．]")


def normalise_name(text: str) -> str:
    """The indicator name as the analyzers see it: no white space, no list marker,
    every number replaced by ``0``."""
    text = _SPACE_RE.sub("", text or "")
    text = _MARKER_RE.sub("", text)
    return _DIGITS_RE.sub("0", text)


def word_tokens(text: str) -> list[str]:
    """Words of the indicator name (jieba segmentation, domain dictionary)."""
    words = default_segmenter().cut(normalise_name(text))
    return ["w:" + w for w in words if w.strip()]


def char_ngrams(text: str) -> list[str]:
    """Character 1–3-grams of the name: robust to segmentation errors and to
    words no dictionary knows (区划 names, project jargon)."""
    chars = normalise_name(text)
    grams = []
    for n in (1, 2, 3):
        grams.extend(chars[i : i + n] for i in range(len(chars) - n + 1))
    return grams


# Punctuation and asides that end a name without saying anything about it ("…率；", "…（%）").
_TRAILING_RE = re.compile(r"[\s；;。，,、:：（）()%％]+$")


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(cue, substrings anywhere, name endings) from ``resources/classifier/cues.json``,
    read once: the lexicon is data, reviewed like the labels."""
    path = resources.files("nlp").joinpath("resources", "classifier", "cues.json")
    cues = json.loads(path.read_text(encoding="utf-8"))["cues"]
    return tuple((cue, tuple(spec.get("any", ())), tuple(spec.get("end", ()))) for cue, spec in sorted(cues.items()))


def cue_tokens(text: str) -> list[str]:
    """Where the name ends and which domain cues it holds.

    Character n-grams ignore position, yet a Chinese indicator name says what it
    measures in its last characters (…合格率, …及时性, …人次, …成本): the reviewers'
    own rules key on the ending. End n-grams and the domain.md cue lexicon carry that
    across offices whose other words the training data never saw."""
    name = _TRAILING_RE.sub("", normalise_name(text))
    if not name:
        return ["cue:empty"]
    tokens = [f"end{n}:{name[-n:]}" for n in (1, 2, 3) if len(name) >= n]
    for cue, anywhere, endings in _cues():
        if any(p in name for p in anywhere):
            tokens.append("cue:" + cue)
        if any(name.endswith(p) for p in endings):
            tokens.append("cue_end:" + cue)
    return tokens


# Claim units grouped into what they say about the category: a count unit suggests
# quantity, 工作日/天 timeliness, 元 cost.
_TIME_UNITS = frozenset("天日月年周时分秒")


# The unit, or a value template with ** where the number goes, in brackets at the end of
# the name: "新造林面积(亩)", "项目总投入(≥**万元)", "苗木成活率（≥**%）".
_NAME_UNIT_RE = re.compile(r"[（(]([^（）()0-9０-９〇一二三四五六七八九十]{1,8})[)）]\s*$")


def _states_value(name: str) -> bool:
    from ..claims import extract_claims

    return bool(extract_claims(name))


def value_text(name: str, target: Optional[str]) -> str:
    """The text whose value the model reads.

    Usually the target. When the target cell is empty, the name if it states a value
    ("2021年11月30日前完成资金支付", "新增就业500人"), else nothing: a bare name
    ("培训人次") is not a statement, and read as one it would teach the value features of
    the old department layout's statements (where the reader copies the name into the
    target) the labels of every indicator name (measured: three more seed statements
    wrong, "优化事业单位登记服务" read as quantity). When the target is a bare number, the
    unit the form put at the end of the name joins it ("项目总投入(≥**万元)" + "6070" →
    "≥6070万元")."""
    name = name or ""
    if not target or not target.strip():
        return name if _states_value(name) else ""
    number = target.strip()
    unit = _NAME_UNIT_RE.search(name)
    if unit and _DIGITS_RE.fullmatch(number):
        template = unit.group(1)
        return template.replace("**", number, 1) if "**" in template else number + template
    return target


def form_tokens(target: str) -> list[str]:
    """The form of the target value, from the claims extractor: the kinds of value
    it states (percent, money, date, duration, count, …), the comparator direction
    and whether it states no value at all."""
    from ..claims import extract_claims
    from ..claims.slogans import is_slogan_number

    if not target or not target.strip():
        return ["form:empty"]
    # 四个“大格局” names a slogan; counting it would make a goal statement look like an output.
    claims = [c for c in extract_claims(target) if not is_slogan_number(c, target)]
    if not claims:
        # A bare number: its unit sat in a column of its own, or in the name ("新造林面积(亩) | 30000").
        return ["form:bare_number"] if _DIGITS_RE.fullmatch(target.strip()) else ["form:none"]
    tokens = set()
    for claim in claims:
        tokens.add("kind:" + claim.kind)
        op = claim.op or "="
        direction = "up" if op in (">=", ">") else "down" if op in ("<=", "<") else "eq"
        tokens.add("op:" + direction)
        tokens.add(f"kind_op:{claim.kind}:{direction}")
        unit = claim.unit or ""
        if claim.kind == "count" and unit:
            tokens.add("count_unit:" + ("time" if unit[-1] in _TIME_UNITS else unit[-1]))
    return sorted(tokens)


#: The analyzers a runtime export may name; a file naming anything else is refused.
ANALYZERS: dict[str, Callable[[str], list[str]]] = {
    "word_tokens": word_tokens,
    "char_ngrams": char_ngrams,
    "form_tokens": form_tokens,
    "cue_tokens": cue_tokens,
}

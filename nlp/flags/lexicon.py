"""The flag rules' word lists and rule table, read once from ``nlp/resources/flags``.

Everything a reviewer may want to tune (boilerplate phrases, completion words,
severities, messages) lives in those data files, not in code; placeholders are shared
with the classifier (``nlp/placeholders.py``, ``nlp/resources/placeholders.txt``).
``lexicon()`` is cached: the files are read and compiled on first use, never at import.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from .. import placeholders as _placeholders

#: Whitespace (including the full-width space the Word exports keep) is never significant.
_SPACE_RE = re.compile(r"[\s\u3000]+")
#: A leading "指标1：" / "目标2:" / "1、" / "（3）" that numbers a cell's parts.
_ITEM_MARKER_RE = re.compile(r"^(?:(?:指标|目标|任务)\s*\d*\s*[：:]|\d{1,2}\s*[、.．]|[（(]\d{1,2}[）)])")
_TRAILING_PUNCT = "。；;，,.、！!"
#: A short statement ending in a pass level ("生鲜干货质量合格") is a yes/no level.
_PASS_LEVELS = ("合格", "达标", "通过验收", "验收合格", "全覆盖")


# The rules look at the same few cells over and over (every rule compacts the name,
# the target, the actual); these are pure, so a bounded cache answers the repeats.
@functools.lru_cache(maxsize=8192)
def compact(text: str | None) -> str:
    """``text`` without whitespace: the form every lexicon lookup uses."""
    return _SPACE_RE.sub("", text or "")


@functools.lru_cache(maxsize=8192)
def strip_marker(text: str | None) -> str:
    """``compact(text)`` without a leading item marker and trailing punctuation."""
    out = compact(text)
    out = _ITEM_MARKER_RE.sub("", out, count=1)
    return out.rstrip(_TRAILING_PUNCT)


def _lines(name: str) -> tuple[str, ...]:
    raw = resources.files("nlp").joinpath("resources", "flags", name).read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


def _alternation(words: tuple[str, ...]) -> str:
    # Longest first, so that "进一步提升" wins over "提升" at the same position.
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class RuleSpec:
    code: str
    severity: str
    field: str
    message: str


@dataclass(frozen=True)
class Lexicon:
    vague_re: re.Pattern
    completion: frozenset
    activity_re: re.Pattern
    process_re: re.Pattern
    graded: frozenset
    reverse_re: re.Pattern
    rate_re: re.Pattern
    rules: MappingProxyType  # code -> RuleSpec, read-only

    def is_placeholder(self, text: str | None) -> bool:
        # One definition for flags, classifier and training data: nlp/placeholders.py.
        return _placeholders.is_placeholder(text)

    def is_completion(self, text: str | None) -> bool:
        """The whole text is a bare "done"/"fine" statement."""
        core = strip_marker(text)
        if core in self.completion:
            return True
        return bool(re.fullmatch(r"(?:已|均|全部)?(?:完成|达成|实现|达到)(?:预期)?(?:目标|任务|指标|要求)?", core))

    def is_graded(self, text: str | None) -> bool:
        """A graded level (优/合格/是/一级…), a short "…合格"/"…达标" statement, or a bare number."""
        core = strip_marker(text)
        core = re.sub(r"(?:等次|等级|以上)$", "", core)
        if core in self.graded or re.fullmatch(r"\d+(?:\.\d+)?|[一二三四五1-5A-Ea-e甲乙丙]级", core):
            return True
        return len(core) <= 12 and core.endswith(_PASS_LEVELS)

    def vague_phrase(self, text: str | None) -> str | None:
        m = self.vague_re.search(compact(text))
        return m.group(0) if m else None

    def activity_verb(self, text: str | None) -> str | None:
        m = self.activity_re.match(strip_marker(text))
        return m.group(1) if m else None

    def process_term(self, text: str | None) -> str | None:
        m = self.process_re.search(compact(text))
        return m.group(0) if m else None

    def is_reverse(self, text: str | None) -> bool:
        return bool(self.reverse_re.search(compact(text)))

    def is_rate_name(self, text: str | None) -> bool:
        return bool(self.rate_re.search(strip_marker(text)))


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicon (read from package data on first call)."""
    modifiers = _alternation(_lines("activity_modifiers.txt"))
    verbs = _alternation(_lines("activity_verbs.txt"))
    rules_raw = json.loads(
        resources.files("nlp").joinpath("resources", "flags", "rules.json").read_text(encoding="utf-8")
    )
    rules = {
        code: RuleSpec(code=code, severity=spec["severity"], field=spec["field"], message=spec["message"])
        for code, spec in rules_raw.items()
        if not code.startswith("_")
    }
    return Lexicon(
        vague_re=re.compile(_alternation(_lines("vague_phrases.txt"))),
        completion=frozenset(_lines("completion_words.txt")),
        activity_re=re.compile(rf"(?:{modifiers})*({verbs})"),
        process_re=re.compile(_alternation(_lines("process_terms.txt"))),
        graded=frozenset(_lines("graded_levels.txt")),
        reverse_re=re.compile(_alternation(_lines("reverse_terms.txt"))),
        rate_re=re.compile(rf"(?:{_alternation(_lines('rate_suffixes.txt'))})$"),
        rules=MappingProxyType(rules),
    )

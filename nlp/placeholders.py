"""Cells that hold no indicator to classify: one definition for flags, classifier and
labelled data, so ``classify`` never predicts a row that training never saw.

- A placeholder ("无此目标", "不适用", "/", "—", empty): the list is data,
  ``nlp/resources/placeholders.txt``.
- A value standing where the name should be ("100%", "≥95%", "2023-12-31"): the old
  department template has rows whose only text is the target. Nothing in them says
  what is measured, so no category can be read from them (checklist item 12's cousin).
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Optional

#: Whitespace (including the full-width space the Word exports keep) is never significant.
_SPACE_RE = re.compile(r"[\s\u3000]+")
#: Words need a Chinese character or a Latin letter; digits and signs alone are a value.
_WORD_CHAR_RE = re.compile(r"[\u3400-\u9fffA-Za-z]")


@functools.lru_cache(maxsize=1)
def placeholders() -> frozenset[str]:
    text = resources.files("nlp").joinpath("resources", "placeholders.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def compact(text: Optional[str]) -> str:
    return _SPACE_RE.sub("", text or "")


def is_placeholder(text: Optional[str]) -> bool:
    """Empty, or exactly one of the placeholder words once whitespace is dropped."""
    cell = compact(text)
    return not cell or cell in placeholders()


def is_value_only(text: Optional[str]) -> bool:
    """Text with no word at all: a number, a percentage or a date where a name belongs."""
    cell = compact(text)
    return bool(cell) and not _WORD_CHAR_RE.search(cell)


def names_nothing(text: Optional[str]) -> bool:
    """Nothing to classify: a placeholder or a bare value."""
    return is_placeholder(text) or is_value_only(text)

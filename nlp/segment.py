"""Chinese word segmentation: a tokenizer object of our own with the domain dictionary.

Never the module-level ``jieba`` tokenizer: it is shared by every importer, and a user
dictionary added there leaks into other code. Two backends run the same algorithm on
the same dictionary plus ``nlp/resources/userdict.txt``:

- ``jieba`` (``jieba.Tokenizer``), the reference; ~0.6 s to load its dictionary.
- ``rjieba`` (jieba's algorithm in Rust, on PyPI), ~0.12 s to load and ~10x faster.

``bench/segmentation.py`` measures their token agreement on the seed corpus; the
default backend is rjieba because the classify cold-start budget (≤ 2x the bare
jieba floor) cannot afford the Python dictionary load.
"""

from __future__ import annotations

import functools
import logging
import warnings
from enum import Enum
from importlib import resources
from typing import Optional

USER_DICT = "userdict.txt"


class Backend(str, Enum):
    """Which implementation of jieba's algorithm segments the text."""

    jieba = "jieba"
    rjieba = "rjieba"


def user_dict_path() -> str:
    return str(resources.files("nlp").joinpath("resources", USER_DICT))


def _user_words(path: str) -> list[tuple[str, Optional[int], Optional[str]]]:
    """(word, frequency, POS) lines of a jieba-format user dictionary."""
    words = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            words.append((parts[0], freq, parts[2] if len(parts) > 2 else None))
    return words


class Segmenter:
    """Segments text into words with jieba's algorithm plus jixiao's domain dictionary.

    The dictionary (jieba's format: word, frequency, optional POS) keeps indicator
    vocabulary such as 预算执行率, 满意度 and 三公经费 whole.
    """

    def __init__(self, backend: Backend | str = Backend.rjieba, user_dict: Optional[str] = None):
        self.backend = Backend(backend)
        words = _user_words(user_dict or user_dict_path())
        if self.backend is Backend.jieba:
            with warnings.catch_warnings():
                # jieba imports pkg_resources, which warns under recent setuptools.
                warnings.simplefilter("ignore")
                import jieba

            jieba.setLogLevel(logging.WARNING)
            self._tokenizer = jieba.Tokenizer()
            self._tokenizer.initialize()
            for word, freq, tag in words:
                self._tokenizer.add_word(word, freq, tag)
        else:
            import rjieba

            self._tokenizer = rjieba.Jieba()
            for word, freq, tag in words:
                self._tokenizer.add_word(word, freq, tag)

    def cut(self, text: str) -> list[str]:
        """Words of ``text`` in order (white space dropped)."""
        if self.backend is Backend.jieba:
            words = self._tokenizer.lcut(text, HMM=True)
        else:
            words = self._tokenizer.cut(text, True)
        return [w for w in words if w.strip()]

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) with character offsets into ``text`` (white space dropped)."""
        if self.backend is Backend.jieba:
            tokens = self._tokenizer.tokenize(text, HMM=True)
        else:
            tokens = self._tokenizer.tokenize(text, "default", True)
        return [(w, s, e) for w, s, e in tokens if w.strip()]


@functools.lru_cache(maxsize=2)
def default_segmenter(backend: Backend | str = Backend.rjieba) -> Segmenter:
    """One shared Segmenter per backend per process, built on first use (not at import).

    A Segmenter is never mutated after construction, so sharing it is safe."""
    return Segmenter(Backend(backend))

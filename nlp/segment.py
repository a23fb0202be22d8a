"""Chinese word segmentation: a jieba ``Tokenizer`` of our own with the domain dictionary.

Never the module-level ``jieba`` tokenizer: it is shared by every importer, and a user
dictionary added there leaks into other code. Loading jieba's dictionary costs ~0.6 s,
so a ``Segmenter`` is created once (by whoever needs it) and reused.
"""

from __future__ import annotations

import logging
import warnings
from importlib import resources
from typing import Optional

USER_DICT = "userdict.txt"


def _user_dict_path() -> str:
    return str(resources.files("nlp").joinpath("resources", USER_DICT))


class Segmenter:
    """Segments text into words with jieba plus jixiao's domain dictionary.

    The dictionary (``nlp/resources/userdict.txt``, jieba's format: word, frequency,
    optional POS) keeps indicator vocabulary such as 预算执行率, 满意度 and 三公经费 whole.
    """

    def __init__(self, user_dict: Optional[str] = None):
        with warnings.catch_warnings():
            # jieba imports pkg_resources, which warns under recent setuptools.
            warnings.simplefilter("ignore")
            import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        self._tokenizer.load_userdict(user_dict or _user_dict_path())

    def cut(self, text: str) -> list[str]:
        """Words of ``text`` in order (white space dropped)."""
        return [w for w in self._tokenizer.lcut(text, HMM=True) if w.strip()]

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) with offsets into ``text``."""
        return [(w, s, e) for w, s, e in self._tokenizer.tokenize(text, HMM=True) if w.strip()]

"""Characters that look like CJK ideographs but are not the ones a reader means.

Text taken out of a PDF (and pasted from one into Word) often carries Kangxi
radicals (⽉ U+2F49 for 月, ⼀ U+2F00 for 一), radicals of the CJK Radicals
Supplement (⺠ U+2EA0 for 民) or CJK compatibility ideographs in place of the
unified ideographs: 2024年3⽉ is then no date and ⼀级指标 no header.
Each is folded to its NFKC form (or, for the supplement, the ideograph listed in
``resources/reader/radicals.json``), one character for one, so every offset into the
folded text is an offset into the original too.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF))
_ANY = re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _RANGES) + "]")


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table = {}
    for lo, hi in _RANGES:
        for code in range(lo, hi + 1):
            folded = unicodedata.normalize("NFKC", chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = folded
    # NFKC leaves the CJK Radicals Supplement alone: the ones used for whole
    # characters are listed in a data file.
    path = Path(__file__).parent.parent / "resources" / "reader" / "radicals.json"
    for radical, ideograph in json.loads(path.read_text(encoding="utf-8"))["radicals"].items():
        table[ord(radical)] = ideograph
    return table


def fold_compatibility(text: str) -> str:
    """``text`` with radicals and compatibility ideographs replaced, same length."""
    if not _ANY.search(text):
        return text
    return text.translate(_table())

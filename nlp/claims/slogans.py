"""Numbers that name something rather than count it: 四个“大格局”, “五联”, 人才新政45条.

The extractor reports them (a count is what they look like); the flag rules and the
classifier's value-form features both ask whether a count is really a quantity, and
must get the same answer.
"""

from __future__ import annotations

import re

from ..schema import Claim

_SLOGAN_AFTER_RE = re.compile(r"^[“\"「『《]")
_POLICY_BEFORE_RE = re.compile(r"(?:新政|条例|意见|办法|规定|文件|第)$")
_POLICY_UNIT_RE = re.compile(r"^(?:条|号|款|章)$")


def is_slogan_number(claim: Claim, text: str) -> bool:
    """A count claim that is part of a name (四个“大格局”, 人才新政45条), not a quantity."""
    if claim.kind != "count" or claim.start < 0 or claim.end > len(text):
        return False
    after = text[claim.end : claim.end + 1]
    before = text[max(0, claim.start - 3) : claim.start]
    if _SLOGAN_AFTER_RE.match(after):
        return True
    return bool(_POLICY_BEFORE_RE.search(before) and _POLICY_UNIT_RE.match(claim.unit or ""))

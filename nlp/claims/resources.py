"""The claim lexicons (units, comparators, negatives) as shipped in
``nlp/resources/claims/``: read once per process, never at import."""

from __future__ import annotations

import functools
import json
from importlib import resources
from types import MappingProxyType
from typing import Any, Mapping


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items() if not k.startswith("_")})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@functools.lru_cache(maxsize=None)
def load(name: str) -> Mapping[str, Any]:
    """``units``, ``comparators`` or ``negatives``: the JSON file, read-only."""
    path = resources.files("nlp").joinpath("resources", "claims", f"{name}.json")
    return _freeze(json.loads(path.read_text(encoding="utf-8")))

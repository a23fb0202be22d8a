"""Header rows: which layout a row heads, and which column plays which role.

Column names live in nlp/resources/reader/headers.json (a name ending in * is a
prefix); header text is compared with its white space removed and full-width
characters folded, so "年度\n指标值" and "年度指标值" are the same column.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .grid import Row


@lru_cache(maxsize=1)
def header_names() -> dict:
    """The header vocabulary, loaded once."""
    path = Path(__file__).resolve().parent.parent / "resources" / "reader" / "headers.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    table.pop("_comment", None)
    return table


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Header/label form of a cell: no white space, full-width folded (a pure
    function of short cell strings that recur in every row: cached)."""
    return unicodedata.normalize("NFKC", "".join(text.split()))


def matches(cell: str, names: list[str]) -> bool:
    for name in names:
        if name.endswith("*"):
            if cell.startswith(name[:-1]):
                return True
        elif cell == name:
            return True
    return False


_LAYOUTS = ("scoring", "indicators", "old_indicators", "funds", "goals")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict, dict, frozenset, tuple]:
    """Per layout: exact header name → role and (prefix, role) pairs; plus every
    exact name and prefix, to reject a row that names no column at all quickly."""
    names = header_names()
    exact: dict[str, dict[str, str]] = {}
    prefixes: dict[str, list[tuple[str, str]]] = {}
    for layout in _LAYOUTS:
        exact[layout], prefixes[layout] = {}, []
        for role, words in names[layout].items():
            for word in words:
                if word.endswith("*"):
                    prefixes[layout].append((word[:-1], role))
                else:
                    exact[layout].setdefault(word, role)
    every = frozenset(w for table in exact.values() for w in table)
    every_prefix = tuple({p for pairs in prefixes.values() for p, _ in pairs})
    return exact, prefixes, every, every_prefix


def _roles(cells: list[str], layout: str) -> dict[str, int]:
    """Map role → column index for the (normalised) cells that carry a known name."""
    exact, prefixes, _, _ = _vocabulary()
    table, pairs = exact[layout], prefixes[layout]
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if not cell:
            continue
        role = table.get(cell)
        if role is None:
            role = next((r for p, r in pairs if cell.startswith(p)), None)
        if role is not None and role not in found:
            found[role] = index
    return found


def detect_header(row: Row) -> Optional[tuple[str, dict[str, int]]]:
    """The layout whose header this row is, with its column roles, or None."""
    if len(row.cells) < 2:
        return None
    _, _, every, every_prefix = _vocabulary()
    cells = []
    known = 0
    for text in row.texts:
        cell = norm(text) if len(text) <= 60 else ""
        if len(cell) > 30:
            cell = ""
        if cell and (cell in every or cell.startswith(every_prefix)):
            known += 1
        cells.append(cell)
    if known < 2:
        return None
    roles = _roles(cells, "scoring")
    if {"standard", "weight", "score"} <= roles.keys():
        return "scoring", roles
    roles = _roles(cells, "indicators")
    if "name" in roles and ("target" in roles or "actual" in roles) and (
        "level1" in roles or "level2" in roles
    ):
        return "indicators", roles
    roles = _roles(cells, "old_indicators")
    if {"content", "target", "actual"} <= roles.keys():
        return "old_indicators", roles
    roles = _roles(cells, "funds")
    if ("initial_budget" in roles or "full_year_budget" in roles) and "executed" in roles:
        return "funds", roles
    roles = _roles(cells, "goals")
    if {"target", "actual"} <= roles.keys():
        return "goals", roles
    return None

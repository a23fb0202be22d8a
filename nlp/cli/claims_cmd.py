"""``jixiao claims``: quantitative claims in a text (owned by the claims extractor)."""

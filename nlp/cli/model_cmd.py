"""``jixiao train / evaluate / export``: the classifier loop (owned by the classifier)."""

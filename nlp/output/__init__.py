"""Writers for ``classify``'s output formats, all fed by one flattening (``rows``).

Each writer lives in its own module and imports its heavy library (xlsxwriter,
spaCy, pandas) inside the function that needs it, so choosing ``--format jsonl``
never pays for ``--format xlsx``.
"""

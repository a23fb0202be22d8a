"""One report in, one fully annotated report out: read → claims → classify → flags.

``Analyzer`` holds what is expensive to load (segmenter, classifier model) so that a
batch loads it once per process; there is no module-level state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from .schema import Report


class Analyzer:
    """Reads and annotates reports. Create one per process and reuse it.

    >>> analyzer = Analyzer()              # doctest: +SKIP
    >>> report = analyzer.analyze("corpus/reports/003_66e78293cd0851a8.txt")  # doctest: +SKIP
    """

    def __init__(self, model_path: Optional[Union[str, Path]] = None, *, classify: bool = True):
        self.model_path = model_path
        self.classify = classify
        self._model = None

    @property
    def model(self):
        """The classifier runtime, loaded on first use (raises ModelError if unusable)."""
        if self._model is None:
            from .classifier.runtime import load_runtime

            self._model = load_runtime(self.model_path)
        return self._model

    def analyze(self, path: Union[str, Path]) -> Report:
        from .claims.annotate import annotate_report as add_claims
        from .flags import annotate_report as add_flags
        from .reader import read_report

        report = read_report(path)
        report = add_claims(report)
        if self.classify:
            from .classifier.annotate import annotate_report as add_categories

            report = add_categories(report, self.model)
        return add_flags(report)


def analyze(path: Union[str, Path], model_path: Optional[Union[str, Path]] = None) -> Report:
    """Read and annotate one report with the default (or given) model."""
    return Analyzer(model_path).analyze(path)

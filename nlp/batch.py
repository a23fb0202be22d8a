"""Many reports at once: expand folders, analyse with N processes, keep going on errors.

``run_batch`` returns one ``Outcome`` per input file, in input order, whatever the
number of processes: the output of ``--jobs 4`` is byte-for-byte that of ``--jobs 1``.
A ``JixiaoError`` for one file is recorded on that file's outcome and the rest go on.

``convert`` turns each Report into what the caller will output (a JSON line, a dict)
in the process that made it: a worker then sends back a string instead of a Report,
which the parent would otherwise spend as much time unpickling as a worker spends on
a third of the analysis.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence, Union

from .errors import InputError, JixiaoError
from .schema import Report

#: What a folder is searched for (case-insensitive). Explicit file arguments are
#: passed to the reader whatever their extension, so that it can say why it refuses one.
REPORT_SUFFIXES = (".txt", ".docx", ".xlsx", ".csv", ".pdf")

#: ``progress(done, total, path)`` after each file, in completion order.
Progress = Callable[[int, int, str], None]

PathLike = Union[str, "os.PathLike[str]"]

#: ``convert(report)`` in the worker; must be picklable (a module-level function).
Convert = Callable[[Report], Any]


@dataclass(frozen=True)
class Outcome:
    """The result for one input: a Report (or, with ``convert``, what it made of the
    Report in ``data``), or the one-line problem that stopped it."""

    path: str
    report: Optional[Report] = None
    error: Optional[str] = None
    data: Any = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def _skipped(name: str) -> bool:
    # Hidden files and Office lock files ("~$报告.docx") are never reports.
    return name.startswith((".", "~$"))


def expand_inputs(paths: Iterable[PathLike], exclude: Iterable[PathLike] = ()) -> list[str]:
    """Files and folders to a list of files: folders are searched recursively for
    ``REPORT_SUFFIXES``, each folder's files in sorted order; duplicates dropped,
    first occurrence kept. Paths that do not exist are kept, so that reading them
    reports the problem for that file alone. Files in ``exclude`` (the run's own
    output, e.g. ``-o reports/review.xlsx``) are not picked up from a folder."""
    excluded = {Path(e).resolve() for e in exclude}
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            found.append(str(path))
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not _skipped(d))
            for name in sorted(files):
                file = Path(root) / name
                if not _skipped(name) and file.suffix.lower() in REPORT_SUFFIXES and file.resolve() not in excluded:
                    found.append(str(file))
    return list(dict.fromkeys(found))


def _empty_folders(paths: Iterable[PathLike], files: Sequence[str]) -> list[str]:
    folders = [str(Path(p)) for p in paths if Path(p).is_dir()]
    return [f for f in folders if not any(Path(x).is_relative_to(f) for x in files)]


def _analyze(analyzer, path: str, convert: Optional[Convert] = None) -> Outcome:
    try:
        report = analyzer.analyze(path)
        if convert is not None:
            return Outcome(path, data=convert(report), warnings=report.warnings)
        return Outcome(path, report=report, warnings=report.warnings)
    except JixiaoError as error:
        return Outcome(path, error=str(error) if error.path else f"{path}: {error}")
    except Exception as error:  # noqa: BLE001 - one file's bug must not lose a batch of fifty
        return Outcome(
            path, error=f"{path}: internal error, please report it: {type(error).__name__}: {error}"
        )


# One Analyzer (and the run's ``convert``) per worker process, set once by the pool's
# initializer: the model and segmenter load once per process, not once per file. This
# is the only state the module holds, and it lives only in worker processes.
_WORKER = None


def _init_worker(model_path: Optional[str], classify: bool, convert: Optional[Convert] = None) -> None:
    global _WORKER
    from .pipeline import Analyzer

    _WORKER = (Analyzer(model_path, classify=classify), convert)


def _work(path: str) -> Outcome:
    analyzer, convert = _WORKER
    return _analyze(analyzer, path, convert)


def _mp_context():
    """fork where it is safe (Linux), spawn elsewhere (macOS, Windows).

    spawn re-runs the caller's ``__main__``: it fails from stdin and re-executes
    unguarded scripts, and each worker re-imports everything (~1.5 s). fork has none
    of that. ``run_batch`` calls ``progress`` (which may start a thread, as the CLI's
    progress bar does) only after the pool has forked all its workers at the first
    submit, so no thread's lock is held across the fork.
    """
    import multiprocessing

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def make_analyzer(model_path: Optional[PathLike] = None, *, classify: bool = True):
    """An Analyzer with its model loaded now, so that an unusable model raises one
    ModelError up front instead of one error per file."""
    from .pipeline import Analyzer

    analyzer = Analyzer(model_path, classify=classify)
    if classify:
        analyzer.model  # noqa: B018 - loads and checks the model
    return analyzer


def run_batch(
    paths: Iterable[PathLike],
    model_path: Optional[PathLike] = None,
    *,
    jobs: int = 1,
    classify: bool = True,
    progress: Optional[Progress] = None,
    exclude: Iterable[PathLike] = (),
    convert: Optional[Convert] = None,
) -> list[Outcome]:
    """Analyse every report under ``paths``; one Outcome per file, in input order.
    ``exclude``: files a folder search must skip (see ``expand_inputs``).
    ``convert``: applied to each Report where it is made; its result goes on the
    outcome's ``data`` and ``report`` stays None (see the module docstring).

    ``jobs`` > 1 uses that many processes (0: one per CPU). Raises ModelError before
    any file is read when the model is unusable; per-file problems go on the outcomes.
    """
    paths = list(paths)
    files = expand_inputs(paths, exclude)
    empty = [
        Outcome(
            folder,
            error=str(InputError(f"no report files ({' '.join(REPORT_SUFFIXES)}) in this folder", folder)),
        )
        for folder in _empty_folders(paths, files)
    ]
    outcomes: dict[int, Outcome] = {}
    analyzer = make_analyzer(model_path, classify=classify)
    jobs = min(jobs if jobs > 0 else (os.cpu_count() or 1), len(files))
    total = len(files)
    if jobs <= 1:
        for i, path in enumerate(files):
            outcomes[i] = _analyze(analyzer, path, convert)
            if progress:
                progress(i + 1, total, path)
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        model = str(model_path) if model_path is not None else None
        context = _mp_context()
        first = 0
        if context.get_start_method() == "fork":
            # The first file read here warms what the stages load lazily (segmenter,
            # compiled rules); forked workers inherit it instead of each redoing it.
            outcomes[0] = _analyze(analyzer, files[0], convert)
            first = 1
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_init_worker, initargs=(model, classify, convert)
        ) as pool:
            # With fork the pool starts all its workers at the first submit; only then
            # may ``progress`` run (it may start a thread, which must not be forked).
            futures = {pool.submit(_work, path): i for i, path in enumerate(files) if i >= first}
            if first and progress:
                progress(1, total, files[0])
            for done, future in enumerate(as_completed(futures), first + 1):
                i = futures[future]
                try:
                    outcomes[i] = future.result()
                except Exception as error:  # noqa: BLE001 - a worker killed (memory, signal): report, go on
                    outcomes[i] = Outcome(files[i], error=f"{files[i]}: worker process failed: {error}")
                if progress:
                    progress(done, total, files[i])
    return empty + [outcomes[i] for i in range(len(files))]

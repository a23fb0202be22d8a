"""What every benchmark shares: paths, the seeds, medians, child processes with peak RSS.

Nothing here writes into the repository: temporary files go to the system temp dir.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus" / "reports").glob("*.txt"))
#: The seed the single-report figures use (the Makefile's demo sample, the largest table).
SEED = ROOT / "corpus" / "reports" / "003_66e78293cd0851a8.txt"
VENV_BIN = Path(sys.executable).parent
PYTHON = sys.executable


def console_script(name: str) -> str:
    """The installed console script next to this interpreter (the venv's), else on PATH."""
    candidate = VENV_BIN / name
    return str(candidate) if candidate.exists() else name


@dataclass
class Figure:
    """One measured figure as it appears in the table.

    ``ratio`` is the figure relative to the floor measured in the same run (the basis
    says against what); ``ok`` is None when the figure has no goal."""

    group: str
    name: str
    value: Optional[float]
    unit: str
    ratio: Optional[float] = None
    basis: str = ""
    goal: str = ""
    ok: Optional[bool] = None
    note: str = ""
    samples: list = field(default_factory=list)


@dataclass
class Context:
    """Settings and the floor shared by every benchmark of one run."""

    runs: int = 5
    quick: bool = False
    floor_s: Optional[float] = None  # median wall time of the floor command
    floor_rss_mb: Optional[float] = None
    floor_chars_per_s: Optional[float] = None  # jieba.lcut's speed inside the floor
    tmp: Optional[Path] = None
    cpus: int = field(default_factory=lambda: len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed(func: Callable[[], object], runs: int) -> tuple[float, list[float], object]:
    """Median wall time of ``func()`` over ``runs`` calls, the samples and the last result."""
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - start)
    return median(samples), samples, result


@dataclass
class ChildResult:
    seconds: float
    returncode: int
    stdout: bytes
    stderr: bytes
    #: ru_maxrss from wait4: the peak RSS of the largest single process of the tree.
    max_rss_mb: float
    #: peak RSS (VmHWM) of each process seen in the tree, sampled while it ran.
    per_process_mb: dict = field(default_factory=dict)
    #: CPU seconds (user + system) of each process, as last sampled.
    per_process_cpu: dict = field(default_factory=dict)
    timed_out: bool = False


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def _hwm_mb(pid: int) -> Optional[float]:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_s(pid: int) -> Optional[float]:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
    except (OSError, IndexError, ValueError):
        return None


def run_child(argv: Sequence[str], timeout: float = 600, sample_tree: bool = False, **kwargs) -> ChildResult:
    """Run a command to completion; wall time, exit code, output and peak RSS.

    The peak of each process comes from wait4's ru_maxrss (the largest process of the
    tree, workers included once reaped) and, with ``sample_tree``, from polling every
    descendant's VmHWM so that the parent and each worker are reported apart."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
    peaks: dict[int, float] = {}
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            todo, seen = [proc.pid], set()
            while todo:
                pid = todo.pop()
                if pid in seen:
                    continue
                seen.add(pid)
                hwm = _hwm_mb(pid)
                if hwm is not None:
                    peaks[pid] = max(peaks.get(pid, 0.0), hwm)
                used = _cpu_s(pid)
                if used is not None:
                    cpu[pid] = used
                todo.extend(_children(pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True) if sample_tree else None
    if sampler:
        sampler.start()
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True),
        threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True),
    ]
    for reader in readers:
        reader.start()
    timed_out = False
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            timed_out = True
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.002)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    for reader in readers:
        reader.join()
    if sampler:
        sampler.join()
    return ChildResult(
        seconds=seconds,
        returncode=proc.returncode,
        stdout=b"".join(out_chunks),
        stderr=b"".join(err_chunks),
        max_rss_mb=usage.ru_maxrss / 1024,
        per_process_mb=peaks,
        per_process_cpu={pid: cpu[pid] for pid in sorted(cpu)},
        timed_out=timed_out,
    )


def first_error_line(stderr: bytes) -> str:
    lines = [l for l in stderr.decode("utf-8", "replace").splitlines() if l.strip()]
    return lines[-1][:200] if lines else ""


def machine() -> dict:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        # What `nproc` prints: the CPUs this process may run on.
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "load": " ".join(f"{v:.1f}" for v in os.getloadavg()),
    }


def say(message: str) -> None:
    """Progress on stderr, so stdout holds only the figures and the table."""
    print(message, file=sys.stderr, flush=True)


def corpus_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SEEDS]


def jieba_chars_per_s(ctx: Context) -> float:
    """The floor's segmentation speed (module-level ``jieba.lcut``, as the floor runs it) on
    the seed corpus: the basis for chars/s figures. Measured once per run."""
    if ctx.floor_chars_per_s is None:
        import logging
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jieba
        jieba.setLogLevel(logging.WARNING)
        texts = corpus_texts()
        jieba.lcut(texts[0])  # loads the dictionary outside the timing
        seconds, _, _ = timed(lambda: [jieba.lcut(t) for t in texts], max(3, ctx.runs))
        ctx.floor_chars_per_s = sum(map(len, texts)) / seconds
    return ctx.floor_chars_per_s

"""Batch throughput: 500 reports through ``classify DIR --format jsonl --jobs 1`` and ``--jobs 2``.

The 500 reports are the seeds with small edits (figures changed, a line added) so that
no two are byte-identical; they are written to a temp dir, never into the repository.
Peak RSS is per process: the sampler reads each process's VmHWM (parent and workers
apart) and wait4's ru_maxrss gives the largest process of the tree as a cross-check.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from common import SEEDS, Context, Figure, console_script, first_error_line, median, run_child, say

REPORTS = 500
RSS_GOAL_MB = 400
RATE_GOAL = 50  # reports/s with 2 jobs


def _edit(text: str, rng: random.Random, n: int) -> str:
    """The seed with a few digits changed and a dated line added: same layout, new content."""
    digits = [m.start() for m in re.finditer(r"\d", text)]
    chars = list(text)
    for pos in rng.sample(digits, min(5, len(digits))):
        chars[pos] = str(rng.randint(0, 9))
    lines = "".join(chars).split("\n")
    where = rng.randrange(1, max(2, len(lines) // 3))
    lines.insert(where, f"（本报告为第{n}份测试副本，共开展培训{rng.randint(2, 90)}期，覆盖{rng.randint(100, 9000)}人次。）")
    return "\n".join(lines)


def make_reports(folder: Path, count: int = REPORTS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20231231)
    seeds = [(p, p.read_text(encoding="utf-8")) for p in SEEDS]
    paths = []
    for n in range(count):
        seed, text = seeds[n % len(seeds)]
        path = folder / f"{n:03d}_{seed.stem}.txt"
        path.write_text(_edit(text, rng, n), encoding="utf-8")
        paths.append(path)
    return paths


def _one(argv: list[str], runs: int, expect: int):
    times, peaks, last = [], [], None
    for _ in range(runs):
        last = run_child(argv, sample_tree=True, timeout=900)
        if last.returncode != 0:
            return times, peaks, last
        lines = last.stdout.count(b"\n")
        if lines != expect:
            raise RuntimeError(f"{' '.join(argv[1:])}: {lines} JSON lines for {expect} reports")
        times.append(last.seconds)
        peaks.append((last.max_rss_mb, sorted(last.per_process_mb.values(), reverse=True)))
    return times, peaks, last


def _cpu_note(result) -> str:
    """CPU seconds of the parent and of each worker: shows whether the work is spread."""
    values = list(result.per_process_cpu.values())
    if not values:
        return ""
    parent, workers = values[0], [v for v in values[1:] if v >= 0.05]
    return (f"; CPU s parent {parent:.1f}" + (f", workers {', '.join(f'{w:.1f}' for w in workers)}" if workers else "")
            + f"; wall {result.seconds:.1f} s")


def run(ctx: Context) -> list[Figure]:
    folder = ctx.tmp / "batch"
    paths = make_reports(folder)
    classify = console_script("classify")
    figures, rates = [], {}
    runs = max(1, min(ctx.runs, 3))  # 500 reports per run: three runs give a steady median
    for jobs in (1, 2):
        name = f"`classify DIR --jobs {jobs}` ({len(paths)} reports)"
        say(f"batch: {name}, {runs} runs")
        argv = [classify, str(folder), "--format", "jsonl", "--jobs", str(jobs)]
        times, peaks, last = _one(argv, runs, len(paths))
        if not times:
            figures.append(Figure("batch", name, None, "reports/s", goal=f"≥ {RATE_GOAL} reports/s" if jobs == 2 else "",
                                  ok=False, note=f"exit {last.returncode}: {first_error_line(last.stderr)}"))
            continue
        seconds = median(times)
        rate = len(paths) / seconds
        rates[jobs] = rate
        figures.append(Figure("batch", name, rate, "reports/s", rate * ctx.floor_s, "reports per floor",
                              f"≥ {RATE_GOAL} reports/s" if jobs == 2 else "", (rate >= RATE_GOAL) if jobs == 2 else None,
                              note=f"{seconds:.2f} s wall (median){_cpu_note(last)}",
                              samples=[len(paths) / t for t in times]))
        cpu = list(last.per_process_cpu.values())
        if cpu:
            total = sum(cpu)
            # What the same CPU work would take with the CPUs to itself: the batch is
            # split over min(jobs, CPUs) and cannot finish before its busiest process.
            ideal = max(total / min(jobs, ctx.cpus), max(cpu))
            figures.append(Figure("batch", f"CPU time per report, --jobs {jobs} (all processes)", 1000 * total / len(paths),
                                  "ms", note=f"{total:.1f} CPU s in all"))
            figures.append(Figure("batch", f"reports/s if the CPUs were idle, --jobs {jobs} (estimate from CPU time)",
                                  len(paths) / ideal, "reports/s", len(paths) / ideal * ctx.floor_s, "reports per floor",
                                  note="CPU seconds, not wall time: what other processes on the machine cost is left out"))
        largest = median([max([p[0]] + p[1]) for p in peaks])
        processes = max(len(p[1]) for p in peaks)
        per_process = ", ".join(f"{v:.0f}" for v in peaks[-1][1][:6])
        figures.append(Figure("batch", f"peak RSS per process, --jobs {jobs}", largest, "MB",
                              largest / ctx.floor_rss_mb, "× floor RSS", f"≤ {RSS_GOAL_MB} MB", largest <= RSS_GOAL_MB,
                              note=f"{processes} processes; peaks MB: {per_process}"))
    if 1 in rates and 2 in rates:
        figures.append(Figure("batch", "speed-up of --jobs 2 over --jobs 1", rates[2] / rates[1], "×"))
    return figures


if __name__ == "__main__":
    from run import main

    sys.exit(main(["--only", "batch", *sys.argv[1:]]))

"""Cold start: the floor, a cold ``classify seed.txt --format jsonl`` and ``classify --help``.

The floor is what any jieba-based tool pays: Python start, jieba's dictionary, one
report segmented. Each command is a fresh process; one warm-up run of each is
discarded (it builds jieba's dictionary cache and warms the page cache), then the
median of ``runs`` is reported.
"""

from __future__ import annotations

import sys

from common import PYTHON, SEED, Context, Figure, console_script, first_error_line, median, run_child, say

FLOOR_CODE = "import jieba; jieba.lcut(open({seed!r}, encoding='utf-8').read())"


def floor_argv(seed=SEED) -> list[str]:
    return [PYTHON, "-c", FLOOR_CODE.format(seed=str(seed))]


def _measure(argv: list[str], runs: int) -> tuple[list[float], list[float], object]:
    run_child(argv)  # warm-up, discarded
    times, rss, last = [], [], None
    for _ in range(runs):
        last = run_child(argv)
        if last.returncode != 0:
            return times, rss, last
        times.append(last.seconds)
        rss.append(last.max_rss_mb)
    return times, rss, last


def measure_floor(ctx: Context) -> list[Figure]:
    say(f"startup: floor ({ctx.runs} runs)")
    times, rss, last = _measure(floor_argv(), ctx.runs)
    if not times:
        raise RuntimeError(f"the floor command failed: {first_error_line(last.stderr)}")
    ctx.floor_s = median(times)
    ctx.floor_rss_mb = median(rss)
    return [
        Figure("startup", "floor: `python -c \"import jieba; jieba.lcut(seed)\"`", ctx.floor_s, "s",
               1.0, "× floor", samples=times),
        Figure("startup", "floor peak RSS", ctx.floor_rss_mb, "MB", 1.0, "× floor RSS", samples=rss),
    ]


def run(ctx: Context) -> list[Figure]:
    figures = [] if ctx.floor_s else measure_floor(ctx)
    classify = console_script("classify")
    cases = [
        ("cold `classify seed.txt --format jsonl`", [classify, str(SEED), "--format", "jsonl"], "≤ 2.0× floor",
         lambda v: v <= 2.0 * ctx.floor_s),
        ("`classify --help`", [classify, "--help"], "≤ 0.3 s", lambda v: v <= 0.3),
    ]
    python_start = _measure([PYTHON, "-c", "pass"], ctx.runs)[0]
    if python_start:
        figures.append(Figure("startup", "bare `python -c pass` (for reference)", median(python_start), "s",
                              median(python_start) / ctx.floor_s, "× floor", samples=python_start))
    for name, argv, goal, check in cases:
        say(f"startup: {name}")
        times, rss, last = _measure(argv, ctx.runs)
        if not times:
            figures.append(Figure("startup", name, None, "s", goal=goal, ok=False,
                                  note=f"exit {last.returncode}: {first_error_line(last.stderr)}"))
            continue
        value = median(times)
        figures.append(Figure("startup", name, value, "s", value / ctx.floor_s, "× floor", goal, check(value),
                              samples=times))
        figures.append(Figure("startup", f"{name} peak RSS", median(rss), "MB", median(rss) / ctx.floor_rss_mb,
                              "× floor RSS"))
    return figures


if __name__ == "__main__":
    from run import main

    sys.exit(main(["--only", "startup", *sys.argv[1:]]))

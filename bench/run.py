"""Run every jixiao benchmark and print the figures and a Markdown table for the README.

    python bench/run.py            # 5 runs per figure (the median is reported)
    python bench/run.py --quick    # 2 runs per figure, for a quick look
    python bench/run.py --only startup batch --runs 3

Every figure is a median over several runs and is also given relative to the floor
(``python -c "import jieba; jieba.lcut(seed)"``) measured in the same run, so that
figures from different machines can be compared. Progress goes to stderr; stdout has
the figures and, last, the Markdown table. Nothing is written into the repository
(``--save`` writes JSON under bench/results/, which git ignores).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Context, Figure, machine, say  # noqa: E402

GROUPS = ("startup", "segmentation", "scaling", "batch", "adversarial")


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("s",):
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit in ("chars/s", "reports/s"):
        return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit in ("%",):
        return f"{value:.2f} %"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:.3g} {unit}".strip()


def _ratio(figure: Figure) -> str:
    if figure.ratio is None:
        return ""
    return f"{figure.ratio:.2f} {figure.basis}".strip()


def _status(figure: Figure) -> str:
    if figure.ok is None:
        return ""
    return "met" if figure.ok else "**NOT MET**"


def _condensed(figures: list[Figure]) -> list[Figure]:
    """The adversarial cases folded into one row per target (the slowest case and the
    worst growth), so that the README table stays short; every case is in the Figures."""
    out, groups = [], {}
    for f in figures:
        if f.group == "adversarial" and " × " in f.name:
            groups.setdefault(f.name.split(" × ")[0], []).append(f)
        else:
            out.append(f)
    for target, cases in groups.items():
        timed_cases = [c for c in cases if c.value is not None]
        bad = [c.name.split(" × ", 1)[1] for c in cases if c.ok is False]
        slowest = max(timed_cases, key=lambda c: c.value, default=None)
        growths = [float(c.note.split("growth (fastest runs) ")[1].split(",")[1].split(";")[0])
                   for c in timed_cases if "growth (fastest runs) " in c.note]
        note = f"{len(cases)} cases; worst t(1 MB)/t(0.5 MB) {max(growths):.2f} (2.0 = linear)" if growths else ""
        if slowest is not None:
            note += f"; slowest: {slowest.name.split(' × ', 1)[1]}"
        if bad:
            note += f"; NOT linear or crashed: {', '.join(bad)}"
        out.append(Figure("adversarial", f"{target}, 1 MB adversarial input: {note}",
                          slowest.value if slowest else None, "s", slowest.ratio if slowest else None,
                          "× floor (slowest case)", "linear, no crash", not bad))
    return out


def markdown(figures: list[Figure], info: dict, runs: int) -> str:
    lines = [
        f"Measured {info['date']} on {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"{info['platform']}; load average {info['load']} at the start, {info.get('load_end', '?')} at the end; "
        f"median of {runs} runs (batch and adversarial: {min(runs, 3)}); `python bench/run.py`.",
        "",
        "| Benchmark | Figure | Median | Relative to the floor | Goal | |",
        "|---|---|---|---|---|---|",
    ]
    for f in _condensed(figures):
        value = _fmt(f.value, f.unit)
        if f.note and f.value is None:
            value = f"failed: {f.note}"
        lines.append(f"| {f.group} | {f.name} | {value} | {_ratio(f)} | {f.goal} | {_status(f)} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 5, 2 with --quick)")
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--only", nargs="+", choices=GROUPS, help="run only these benchmarks (the floor always runs)")
    parser.add_argument("--save", action="store_true", help="also write JSON to bench/results/ (git-ignored)")
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 5)
    ctx = Context(runs=runs, quick=args.quick, tmp=Path(tempfile.mkdtemp(prefix="jixiao-bench-")))
    info = machine()
    say(f"jixiao benchmarks: {runs} runs per figure; temp files in {ctx.tmp}")
    figures: list[Figure] = []
    failures: list[str] = []
    started = time.perf_counter()
    try:
        import startup

        figures += startup.measure_floor(ctx)
        for group in args.only or GROUPS:
            module = __import__(group)
            try:
                figures += module.run(ctx)
            except Exception as error:  # a benchmark that cannot run is reported, the others still run
                failures.append(f"{group}: {type(error).__name__}: {error}")
                say(traceback.format_exc())
                figures.append(Figure(group, "(benchmark could not run)", None, "", ok=False,
                                      note=f"{type(error).__name__}: {str(error)[:160]}"))
    finally:
        shutil.rmtree(ctx.tmp, ignore_errors=True)
    say(f"benchmarks took {time.perf_counter() - started:.0f} s")
    info["load_end"] = machine()["load"]

    print("## Figures")
    for f in figures:
        samples = ", ".join(f"{s:.4g}" for s in f.samples) if f.samples else ""
        line = f"{f.group:>12} | {f.name}: {_fmt(f.value, f.unit)}"
        if f.ratio is not None:
            line += f" ({_ratio(f)})"
        if f.goal:
            line += f" goal {f.goal}: {_status(f) or '-'}"
        if f.note:
            line += f" [{f.note}]"
        if samples:
            line += f"  samples: {samples}"
        print(line)
    alarms = [f for f in figures if f.ok is False]
    if alarms:
        print("\n## NOT MET / FAILED")
        for f in alarms:
            print(f"!!! {f.group}: {f.name}: {_fmt(f.value, f.unit)} goal {f.goal} {f.note}")
    print("\n## Markdown table\n")
    print(markdown(figures, info, runs))
    if args.save:
        out = Path(__file__).resolve().parent / "results"
        out.mkdir(exist_ok=True)
        path = out / time.strftime("bench-%Y%m%dT%H%M%SZ.json", time.gmtime())
        path.write_text(json.dumps({"machine": info, "runs": runs, "figures": [f.__dict__ for f in figures]},
                                   ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        say(f"saved {path}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

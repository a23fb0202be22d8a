"""Adversarial input: does any regular expression of the reader or the claims extractor go super-linear?

Each case is a pathological text at 0.25, 0.5 and 1 MB (UTF-8) fed to the reader's text
parser (``nlp.reader.read_text``) and to the claims extractor (``nlp.claims.extract_claims``).
Linear means doubling the input doubles the time: the growth ratios t(0.5)/t(0.25) and
t(1)/t(0.5) should be near 2 (4 would be quadratic); t(1)/t(0.5) above 3, on the fastest
of 2-3 runs per size, is flagged as super-linear. Each measurement runs in a child process with a time
limit, so a catastrophic pattern shows up as a TIMEOUT instead of hanging the bench.
A typed refusal (``LimitExceededError`` for too many rows) is a correct outcome; any
other exception is a crash and is reported with its input.
"""

from __future__ import annotations

import json
import sys
import time

from common import PYTHON, Context, Figure, median, run_child, say

SIZES_MB = (0.25, 0.5, 1.0)
#: t(1 MB)/t(0.5 MB) above this is super-linear (2.0 is linear; noise and GC allow some slack) ...
GROWTH_LIMIT = 3.0
#: ... unless the whole 1 MB case is this fast anyway.
NOISE_S = 0.05
CHILD_TIMEOUT_S = 60

SENTENCE = "全年组织起草各类文稿150余篇，办理文件1153件，预算执行率达到98.5%，群众满意度≥90%。"

#: name -> (description, unit of repetition). The unit is repeated to the target size.
CASES = {
    "digits": ("long digit run", "1234567890"),
    "digits-dots": ("digits and dots 1.1.1.1…", "1."),
    "digits-commas": ("digits and thousands commas 1,234,5…", "1,234,"),
    "yu": ("repeated 余余余… after a number", "余"),
    "approx-words": ("approximation words 约近多余左右…", "约近多余左右以上以下不低于"),
    "brackets": ("nested brackets （（（…1…）））", None),
    "ascii-brackets": ("nested ASCII brackets ((([…", None),
    "tabs": ("tabs on one line", "\t"),
    "tab-rows": ("tab-started cells, one per row (\\t1\\n\\n)", "\t1\n\n"),
    "blank-lines": ("blank lines", "\n"),
    "long-line": ("one very long line of report prose", SENTENCE),
    "money-mix": ("alternating digits and 万/元/%", "1万2元3%4亿5万元6%"),
    "ranges": ("ranges 1-1-1-1…", "1-"),
    "dates": ("dates without separators 2023年12月31日…", "2023年12月31日"),
    "comparators": ("comparators ≥≥≤<…", "≥≤><≧≦="),
    "fullwidth": ("full-width digits and ％", "１２３．４５％"),
    "ordinals": ("list ordinals 指标1：任务2：（一）…", "指标1：任务2：（一）1、"),
    "doc-numbers": ("document numbers 岳发〔2014〕7号…", "岳发〔2014〕7号"),
    "spaces": ("digits separated by spaces and 　", "1 2　3 "),
    "cn-numerals": ("Chinese numerals 一百五十万零三…", "一百五十万零三千二百"),
    "seeds": ("the seed reports repeated (a realistic baseline)", None),
}


def make(case: str, megabytes: float) -> str:
    """The case's text, ``megabytes`` long in UTF-8 (to within one repetition unit)."""
    size = int(megabytes * 1_000_000)
    unit = CASES[case][1]
    if case == "yu":
        body = "共完成150" + "余" * ((size - 12) // 3) + "篇"
        return body
    if case == "brackets":
        depth = size // 6 - 1
        return "（" * depth + "55期" + "）" * depth
    if case == "ascii-brackets":
        depth = size // 2 - 2
        return "([" * (depth // 2) + "1" + "])" * (depth // 2)
    if case == "seeds":
        from common import corpus_texts

        unit = "\n\n".join(corpus_texts())
        text = unit * (size // len(unit.encode("utf-8")) + 1)
        return text.encode("utf-8")[:size].decode("utf-8", "ignore")
    count = max(1, size // len(unit.encode("utf-8")))
    return unit * count


def _target(name: str):
    if name == "read_text":
        from nlp.reader import read_text

        return read_text
    from nlp.claims import extract_claims

    return extract_claims


def child(case: str, target: str, megabytes: float, runs: int) -> dict:
    """Measure one case in this process; the parent gives it a time limit."""
    from nlp.errors import JixiaoError

    func = _target(target)
    try:
        func(make(case, 0.001))  # compile patterns, load data files
    except JixiaoError:
        pass
    text = make(case, megabytes)
    times, outcome = [], "ok"
    for _ in range(runs):
        start = time.perf_counter()
        try:
            result = func(text)
            outcome = f"ok ({len(result)} claims)" if isinstance(result, list) else "ok"
        except JixiaoError as error:
            outcome = f"refused: {type(error).__name__}: {str(error)[:100]}"
        except Exception as error:  # the point of the benchmark: report it, do not hide it
            times.append(time.perf_counter() - start)
            return {"times": times, "outcome": f"CRASH: {type(error).__name__}: {str(error)[:200]}", "crash": True}
        times.append(time.perf_counter() - start)
    return {"times": times, "outcome": outcome, "crash": False}


def measure(case: str, target: str, megabytes: float, runs: int) -> dict:
    argv = [PYTHON, __file__, "--child", case, target, str(megabytes), str(runs)]
    result = run_child(argv, timeout=CHILD_TIMEOUT_S)
    if result.timed_out:
        return {"times": [], "outcome": f"TIMEOUT after {CHILD_TIMEOUT_S} s", "crash": True}
    try:
        return json.loads(result.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        return {"times": [], "outcome": f"CRASH (exit {result.returncode}): {tail[-1] if tail else ''}", "crash": True}


def run(ctx: Context) -> list[Figure]:
    runs = max(2, min(ctx.runs, 3))
    figures = []
    for target, label in (("read_text", "reader `read_text`"), ("extract_claims", "claims `extract_claims`")):
        for case, (description, _) in CASES.items():
            say(f"adversarial: {target} × {case}")
            results = {}
            for mb in SIZES_MB:
                results[mb] = measure(case, target, mb, runs)
                if results[mb]["crash"]:
                    break  # a timeout at 0.25 MB would only take longer at 1 MB
            crashed = [f"{mb} MB: {r['outcome']}" for mb, r in results.items() if r["crash"]]
            name = f"{label} × {description}"
            if crashed:
                figures.append(Figure("adversarial", name, None, "s", goal="linear, no crash", ok=False,
                                      note="; ".join(crashed) + f" [input: bench/adversarial.py make({case!r}, MB)]"))
                say(f"!!! {name}: {'; '.join(crashed)}")
                continue
            t = {mb: median(r["times"]) for mb, r in results.items()}
            # Linearity is judged on the fastest run of each size: noise from other
            # processes only ever adds time, so the minimum is the steadiest estimate.
            best = {mb: min(r["times"]) for mb, r in results.items()}
            growth = best[1.0] / best[0.5] if best[0.5] > 0 else 0.0
            linear = growth <= GROWTH_LIMIT or best[1.0] <= NOISE_S
            note = (f"0.25/0.5/1 MB: {t[0.25]:.3f}/{t[0.5]:.3f}/{t[1.0]:.3f} s; growth (fastest runs) "
                    f"{best[0.5] / best[0.25] if best[0.25] else 0:.2f}, {growth:.2f}; {results[1.0]['outcome']}")
            if not linear:
                say(f"!!! SUPER-LINEAR: {name}: {note}")
            figures.append(Figure("adversarial", name, t[1.0], "s", t[1.0] / ctx.floor_s, "× floor",
                                  "linear, no crash", linear, note=note))
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        case, target, megabytes, runs = sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
        print(json.dumps(child(case, target, megabytes, runs)))
    else:
        from run import main

        sys.exit(main(["--only", "adversarial", *sys.argv[1:]]))

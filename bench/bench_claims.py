"""Claims extractor: speed on the seed corpus, and quality on the golden cases next to jionlp.

    .venv/bin/python bench/bench_claims.py [--runs 7] [--jionlp-python /tmp/jionlp-venv/bin/python]

1. Speed: ``extract_claims`` over every seed report (corpus/reports/*.txt), median of
   ``--runs`` warm runs, in characters per second; plus the cold first call (lexicon
   compile and segmenter load).
2. Quality: precision/recall on exact (value, kind, op) over the non-ambiguous golden
   cases (tests/golden/claims), overall and per kind — what ``jixiao evaluate claims`` prints.
3. Side by side with jionlp (``jio.ner.extract_money`` and ``jio.ner.extract_time``) on
   the money, date and duration claims of the same cases. jionlp is GPL, so it is never
   a dependency: it runs in a separate interpreter (a throwaway venv made with
   ``python -m venv /tmp/jionlp-venv && /tmp/jionlp-venv/bin/pip install jionlp``), fed
   the inputs on stdin. Its answers are mapped generously: money compares in 元, dates
   without the year (jionlp fills in a year the text does not give), and its vague
   ``definition`` labels accept any compatible comparator (blur+ → > or >=, blur- → <,
   <= or ~, blur → ~ or >). jixiao is scored under the same normalisation.

Writes nothing; prints tables.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.claims import extract_claims  # noqa: E402
from nlp.claims.golden import evaluate, format_report, load_cases  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "claims"
COMPARED_KINDS = ("money", "date", "duration")

JIONLP_RUNNER = r"""
import json, sys, time, io, contextlib
with contextlib.redirect_stdout(io.StringIO()):
    import jionlp as jio
base = time.mktime((2023, 6, 1, 0, 0, 0, 0, 0, 0))
out = []
for line in sys.stdin:
    text = json.loads(line)
    try:
        money = jio.ner.extract_money(text, with_parsing=True)
    except Exception as error:  # jionlp raises on some inputs; count as no answer
        money = []
    try:
        times = jio.ner.extract_time(text, time_base=base, with_parsing=True)
    except Exception as error:
        times = []
    out.append({"money": money, "time": times})
print(json.dumps(out, ensure_ascii=False, default=str))
"""

_LENIENT = {"accurate": {"="}, "blur+": {">", ">="}, "blur-": {"<", "<=", "~"}, "blur": {"~", ">"}}
_DELTA_UNITS = (("工作日", "workday", 1), ("小时", "hour", 1), ("分钟", "minute", 1), ("天", "day", 1), ("日", "day", 1),
                ("个月", "month", 1), ("年", "year", 1))


def speed(runs: int) -> dict:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "reports").glob("*.txt"))]
    chars = sum(map(len, texts))
    t0 = time.perf_counter()
    extract_claims(texts[0])
    cold = time.perf_counter() - t0
    times, claims = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        claims = sum(len(extract_claims(t)) for t in texts)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return {"reports": len(texts), "chars": chars, "claims": claims, "median_s": med,
            "chars_per_s": chars / med, "cold_first_call_s": cold, "runs": runs}


def _date_key(value: str) -> str:
    """'2023-12-31' and '--12-31' both → '--12-31'; '2023-12' → '--12'."""
    if value.startswith("---"):
        return value
    if value.startswith("--"):
        return value
    parts = value.split("-")
    return "--" + "-".join(parts[1:]) if len(parts) > 1 else value


def _num(value) -> str:
    d = Decimal(str(value))
    return str(d.quantize(Decimal(1))) if d == d.to_integral_value() else str(d.normalize())


def gold_keys(case: dict) -> list[tuple]:
    keys = []
    for r in case["results"]:
        if r["kind"] not in COMPARED_KINDS:
            continue
        if r["kind"] == "money":
            keys.append((_num(r["value_yuan"]), "money", r["op"]))
        elif r["kind"] == "date":
            keys.append((_date_key(r["value"]), "date", r["op"]))
        else:
            keys.append((_num(r["value"]), "duration", r["op"]))
    return keys


def jixiao_keys(text: str) -> list[tuple]:
    keys = []
    for c in extract_claims(text):
        if c.kind == "money":
            keys.append((_num(c.value_yuan), "money", {c.op}))
        elif c.kind == "date":
            keys.append((_date_key(c.value), "date", {c.op}))
        elif c.kind == "duration":
            keys.append((_num(c.value), "duration", {c.op}))
    return keys


def jionlp_keys(text: str, answer: dict) -> list[tuple]:
    keys = []
    for m in answer["money"]:
        num = m["detail"]["num"]
        num = num[0] if isinstance(num, list) else num
        keys.append((_num(num), "money", _LENIENT.get(m["detail"].get("definition"), {"="})))
    for t in answer["time"]:
        detail, span = t["detail"], t["text"]
        if t["type"] == "time_delta" and isinstance(detail.get("time"), dict):
            for unit, value in detail["time"].items():
                keys.append((_num(value), "duration", {"=", "<="}))
        elif t["type"] in ("time_point", "time_span") and isinstance(detail.get("time"), list):
            start, end = detail["time"][0][:10], detail["time"][1][:10]
            for word, _, _ in _DELTA_UNITS:
                if word in span and span.endswith(("内", "以内", "之内")):
                    digits = "".join(ch for ch in span if ch.isdigit() or ch == ".")
                    value = "0.5" if span.startswith("半") else digits
                    if value:
                        keys.append((_num(value), "duration", {"<="}))
                    break
            else:
                if start == end:
                    keys.append((_date_key(end), "date", {"="}))
                elif span.endswith(("前", "之前", "以前")):
                    keys.append((_date_key(end), "date", {"<="}))
                else:
                    keys.append((_date_key(end), "date", _LENIENT.get(detail.get("definition"), {"="})))
    return keys


def score(cases: list[dict], predict) -> dict:
    """Counts with lenient ops: a predicted key matches a gold key with the same value and
    kind whose op is in the predicted op set. Also the value+kind-only score."""
    out = {"tp": 0, "tp_value": 0, "predicted": 0, "expected": 0, "by_kind": {}}
    for case in cases:
        gold = gold_keys(case)
        pred = predict(case)
        out["predicted"] += len(pred)
        out["expected"] += len(gold)
        remaining = list(gold)
        for value, kind, ops in pred:
            row = out["by_kind"].setdefault(kind, {"tp": 0, "predicted": 0, "expected": 0})
            row["predicted"] += 1
            hit = next((g for g in remaining if g[0] == value and g[1] == kind and g[2] in ops), None)
            if hit:
                remaining.remove(hit)
                out["tp"] += 1
                row["tp"] += 1
        for g in gold:
            out["by_kind"].setdefault(g[1], {"tp": 0, "predicted": 0, "expected": 0})["expected"] += 1
        vk_gold = Counter((g[0], g[1]) for g in gold)
        vk_pred = Counter((p[0], p[1]) for p in pred)
        out["tp_value"] += sum((vk_gold & vk_pred).values())
    return out


def _pr(tp: int, predicted: int, expected: int) -> str:
    p = tp / predicted if predicted else float("nan")
    r = tp / expected if expected else float("nan")
    return f"{p:6.3f} {r:6.3f}"


def run_jionlp(python: str, texts: list[str]) -> tuple[list[dict], float]:
    payload = "\n".join(json.dumps(t, ensure_ascii=False) for t in texts) + "\n"
    t0 = time.perf_counter()
    proc = subprocess.run([python, "-c", JIONLP_RUNNER], input=payload, capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "jionlp failed")
    return json.loads(proc.stdout.strip().splitlines()[-1]), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--jionlp-python", default="/tmp/jionlp-venv/bin/python")
    args = parser.parse_args()

    s = speed(args.runs)
    print("== speed: extract_claims on the seed corpus ==")
    print(f"{s['reports']} reports, {s['chars']:,} chars, {s['claims']} claims; median of {s['runs']} runs "
          f"{s['median_s'] * 1000:.1f} ms = {s['chars_per_s']:,.0f} chars/s; cold first call {s['cold_first_call_s']:.3f} s")

    print("\n== quality: golden cases, exact (value, kind, op) ==")
    print(format_report(evaluate([GOLDEN]), show_errors=0))

    cases = [c for c in load_cases([GOLDEN]) if not c.get("ambiguous")]
    ours = score(cases, lambda case: jixiao_keys(case["input"]))
    print(f"\n== side by side: money / date / duration claims of {len(cases)} non-ambiguous cases ==")
    print("(money in 元, dates without year, lenient comparators for jionlp's blur labels)")
    header = f"{'system':10} {'kind':9} {'P':>6} {'R':>6}   value+kind only P/R"
    rows = [("jixiao", ours)]
    if Path(args.jionlp_python).exists():
        try:
            answers, elapsed = run_jionlp(args.jionlp_python, [c["input"] for c in cases])
            theirs = score(cases, lambda case, _a=iter(answers): jionlp_keys(case["input"], next(_a)))
            rows.append(("jionlp", theirs))
            print(f"jionlp ran in {elapsed:.1f} s (including its import) in {args.jionlp_python}")
        except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as error:
            print(f"jionlp not measured: {error}")
    else:
        print(f"jionlp not measured: no interpreter at {args.jionlp_python} "
              "(python -m venv /tmp/jionlp-venv && /tmp/jionlp-venv/bin/pip install jionlp)")
    print(header)
    for name, res in rows:
        print(f"{name:10} {'all':9} {_pr(res['tp'], res['predicted'], res['expected'])}   "
              f"{_pr(res['tp_value'], res['predicted'], res['expected'])}")
        for kind in COMPARED_KINDS:
            row = res["by_kind"].get(kind, {"tp": 0, "predicted": 0, "expected": 0})
            print(f"{'':10} {kind:9} {_pr(row['tp'], row['predicted'], row['expected'])}")


if __name__ == "__main__":
    main()

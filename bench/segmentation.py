"""jieba against rjieba behind ``nlp.segment.Segmenter``: load time, speed, token agreement.

Load time is a fresh process importing the segmenter and building it (dictionary plus
jixiao's user dictionary), minus nothing: it is what a cold ``classify`` pays for
segmentation. Speed is ``Segmenter.cut`` on the seed corpus, in-process. Agreement
compares ``Segmenter.tokenize`` offsets: the share of identical boundary positions
(Jaccard over all token starts and ends), of identical tokens (same start and end),
and of texts (whole reports, and non-blank lines) whose token lists are identical.
jieba is the reference.
"""

from __future__ import annotations

import re
import sys

from common import PYTHON, Context, Figure, corpus_texts, first_error_line, jieba_chars_per_s, median, run_child, say, timed

LOAD = (
    "import time; t = time.perf_counter(); from nlp.segment import Segmenter; "
    "s = Segmenter(backend={backend!r}); s.cut('预算执行率'); print(time.perf_counter() - t)"
)
BACKENDS = ("jieba", "rjieba")
HAN = re.compile("[\u4e00-\u9fff]")


def load_seconds(backend: str, runs: int) -> list[float]:
    argv = [PYTHON, "-c", LOAD.format(backend=backend)]
    run_child(argv)  # warm-up: builds jieba's dictionary cache
    values = []
    for _ in range(runs):
        result = run_child(argv)
        if result.returncode != 0:
            raise RuntimeError(f"loading the {backend} segmenter failed: {first_error_line(result.stderr)}")
        values.append(float(result.stdout.decode().split()[-1]))
    return values


def _boundaries(tokens) -> set[int]:
    return {s for _, s, _ in tokens} | {e for _, _, e in tokens}


def agreement(reference: list, other: list) -> dict:
    """Agreement of two tokenisations of the same texts (lists of (word, start, end) lists)."""
    shared_b = union_b = shared_t = union_t = same = 0
    for a, b in zip(reference, other):
        ba, bb = _boundaries(a), _boundaries(b)
        shared_b += len(ba & bb)
        union_b += len(ba | bb)
        ta, tb = {(s, e) for _, s, e in a}, {(s, e) for _, s, e in b}
        shared_t += len(ta & tb)
        union_t += len(ta | tb)
        same += [w for w, _, _ in a] == [w for w, _, _ in b]
    return {
        "boundaries": shared_b / union_b if union_b else 1.0,
        "tokens": shared_t / union_t if union_t else 1.0,
        "texts": same / len(reference) if reference else 1.0,
        "n": len(reference),
    }


def disagreements(texts: list[str], reference: list, other: list, limit: int = 5) -> list[str]:
    """A few words where the two backends cut differently, for the report."""
    out = []
    for text, a, b in zip(texts, reference, other):
        sa, sb = {(s, e) for _, s, e in a}, {(s, e) for _, s, e in b}
        for s, e in sorted(sa - sb):
            theirs = [text[x:y] for x, y in sorted(sb) if x < e and y > s]
            out.append(f"{text[s:e]} | {'/'.join(theirs)}")
            if len(out) >= limit:
                return out
    return out


def run(ctx: Context) -> list[Figure]:
    from nlp.segment import Segmenter

    texts = corpus_texts()
    lines = [line for t in texts for line in t.splitlines() if line.strip()]
    chars = sum(map(len, texts))
    basis = jieba_chars_per_s(ctx)
    figures, tokens = [], {}
    for backend in BACKENDS:
        say(f"segmentation: {backend}")
        loads = load_seconds(backend, ctx.runs)
        figures.append(Figure("segmentation", f"{backend}: load (fresh process, import + dictionaries)", median(loads), "s",
                              median(loads) / ctx.floor_s, "× floor", samples=loads))
        segmenter = Segmenter(backend=backend)
        seconds, samples, _ = timed(lambda: [segmenter.cut(t) for t in texts], max(3, ctx.runs))
        figures.append(Figure("segmentation", f"{backend}: `Segmenter.cut` speed", chars / seconds, "chars/s",
                              chars / seconds / basis, "× jieba.lcut speed", samples=[chars / s for s in samples]))
        tokens[backend] = ([segmenter.tokenize(t) for t in texts], [segmenter.tokenize(l) for l in lines])
    reports = agreement(tokens["jieba"][0], tokens["rjieba"][0])
    per_line = agreement(tokens["jieba"][1], tokens["rjieba"][1])
    examples = disagreements(texts, tokens["jieba"][0], tokens["rjieba"][0])
    every = disagreements(texts, tokens["jieba"][0], tokens["rjieba"][0], limit=10**9)
    han = [d for d in every if HAN.search(d)]
    figures += [
        Figure("segmentation", "rjieba vs jieba: identical token boundaries", 100 * reports["boundaries"], "%"),
        Figure("segmentation", "rjieba vs jieba: identical tokens (same start and end)", 100 * reports["tokens"], "%"),
        Figure("segmentation", f"rjieba vs jieba: reports with identical token lists (of {reports['n']})",
               100 * reports["texts"], "%"),
        Figure("segmentation", f"rjieba vs jieba: lines with identical token lists (of {per_line['n']})",
               100 * per_line["texts"], "%", note=("e.g. jieba | rjieba: " + "; ".join(examples)) if examples else ""),
        Figure("segmentation", "jieba tokens rjieba cuts otherwise: all / with Chinese characters", len(every), "tokens",
               note=f"{len(han)} with Chinese characters" + (f": {'; '.join(han[:5])}" if han else
                                                              " (all differences are ASCII runs with '-', e.g. 2023-12-31)")),
    ]
    return figures


if __name__ == "__main__":
    from run import main

    sys.exit(main(["--only", "segmentation", *sys.argv[1:]]))

"""Time against report size: one seed with its narrative 1×, 4× and 16× as long.

Measured in-process after a warm-up (start-up and model loading are the startup
benchmark's business): the reader's text parser, the claims extractor on the whole
text, the whole pipeline (``Analyzer.analyze``) on the file, and its claims and flags
stages apart. Linear means the
time per character stays flat: the table gives t(4×)/t(1×) and t(16×)/t(4×) (4.0
when exactly linear, less when a fixed cost dominates) and flags a per-character cost
that grows by more than 1.5× from 4× to 16×. Also: the claims extractor's speed on
the whole seed corpus, relative to jieba's segmentation speed (the floor's).
"""

from __future__ import annotations

import sys

from common import SEED, Context, Figure, corpus_texts, jieba_chars_per_s, say, timed

FACTORS = (1, 4, 16)
#: Per-character cost may grow this much from 4× to 16× before we call it super-linear.
TOLERANCE = 1.5


def narrative_span(text: str) -> tuple[int, int]:
    """Start and end of the narrative: from the line after the title to the blank line
    before the first table cell (a line starting with a tab)."""
    start = text.index("\n") + 1
    first_cell = text.find("\n\t")
    end = text.rfind("\n\n", start, first_cell) if first_cell > 0 else len(text)
    return start, (end if end > start else first_cell)


def scaled(text: str, factor: int) -> str:
    start, end = narrative_span(text)
    narrative = text[start:end].rstrip("\n") + "\n"
    return text[:start] + narrative * factor + text[end:]


def _series(ctx: Context, label: str, func, texts: dict[int, object]) -> list[Figure]:
    times, best = {}, {}
    runs = max(ctx.runs, 5)  # each call is short: more runs cost little and steady the ratios
    for factor in FACTORS:
        times[factor], samples, _ = timed(lambda: func(texts[factor]), runs)
        best[factor] = min(samples)
    figures = [
        Figure("scaling", f"{label}, narrative 1×", times[1], "s", times[1] / ctx.floor_s, "× floor"),
        Figure("scaling", f"{label}: t(4×)/t(1×)", times[4] / times[1], "×", note="4.0 = linear"),
    ]
    # Judged on the fastest run of each size: load from other processes only adds time.
    growth = (best[16] / 16) / (best[4] / 4)
    figures.append(Figure("scaling", f"{label}: t(16×)/t(4×)", times[16] / times[4], "×", goal="≤ 6.0 (linear: 4.0)",
                          ok=growth <= TOLERANCE, note=f"16× = {times[16]:.3f} s; per-char cost ×{growth:.2f} from 4× to 16×"))
    if growth > TOLERANCE:
        say(f"!!! SUPER-LINEAR: {label}: per-character cost grows ×{growth:.2f} from 4× to 16×")
    return figures


def run(ctx: Context) -> list[Figure]:
    from nlp.claims import extract_claims
    from nlp.reader import read_text

    base = SEED.read_text(encoding="utf-8")
    texts = {f: scaled(base, f) for f in FACTORS}
    paths = {}
    for factor, text in texts.items():
        paths[factor] = ctx.tmp / f"scaled_{factor}x.txt"
        paths[factor].write_text(text, encoding="utf-8")
    say(f"scaling: {', '.join(f'{f}× = {len(t):,} chars' for f, t in texts.items())}")
    figures = [Figure("scaling", "report sizes (chars) 1× / 4× / 16×", None, "",
                      note=" / ".join(f"{len(texts[f]):,}" for f in FACTORS))]
    figures[0].value = float(len(texts[16]))
    figures[0].unit = "chars at 16×"

    read_text(texts[1])
    figures += _series(ctx, "reader `read_text`", read_text, texts)
    extract_claims(texts[1])
    figures += _series(ctx, "claims `extract_claims`", extract_claims, texts)

    from nlp.errors import ModelError
    from nlp.pipeline import Analyzer

    analyzer = Analyzer()
    try:
        analyzer.analyze(paths[1])
        label = "whole pipeline `Analyzer.analyze`"
    except ModelError as error:
        say(f"scaling: no classifier model ({error}); timing the pipeline without classification")
        analyzer = Analyzer(classify=False)
        analyzer.analyze(paths[1])
        label = "pipeline without classifier (no model)"
    figures += _series(ctx, label, analyzer.analyze, paths)

    # The stages after the reader, each on the output of the one before, so that a
    # super-linear pipeline names its culprit.
    from nlp.claims.annotate import annotate_report as add_claims
    from nlp.flags import annotate_report as add_flags
    from nlp.reader import read_report

    read = {f: read_report(p) for f, p in paths.items()}
    figures += _series(ctx, "claims stage `claims.annotate_report`", add_claims, read)
    annotated = {f: add_claims(r) for f, r in read.items()}
    if analyzer.classify:
        from nlp.classifier.annotate import annotate_report as add_categories

        annotated = {f: add_categories(r, analyzer.model) for f, r in annotated.items()}
    figures += _series(ctx, "flags stage `flags.annotate_report`", add_flags, annotated)

    corpus = corpus_texts()
    chars = sum(map(len, corpus))
    seconds, samples, _ = timed(lambda: [extract_claims(t) for t in corpus], ctx.runs)
    rate = chars / seconds
    basis = jieba_chars_per_s(ctx)
    figures.append(Figure("scaling", f"claims extractor on the seed corpus ({chars:,} chars)", rate, "chars/s",
                          rate / basis, "× jieba.lcut speed", samples=[chars / s for s in samples]))
    return figures


if __name__ == "__main__":
    from run import main

    sys.exit(main(["--only", "scaling", *sys.argv[1:]]))

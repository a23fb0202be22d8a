"""MODEL_CARD.md from meta.json: what the model was trained on, how well it does,
where it fails. Generated, so the card cannot drift from the model it describes."""

from __future__ import annotations

from typing import Any

from ..taxonomy import COARSE_LABELS, FINE_LABELS

SHENZHEN_ATTRIBUTION = (
    "深圳市宝安区松岗街道 target declarations, public repository samon6bl/jixiaopingjia, "
    "no licence — used for training only"
)


def _pct(value: Any) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _score_rows(by_source: dict[str, dict]) -> list[str]:
    lines = ["| held-out unit | rows | coarse acc. | fine acc. | fine macro-F1 |", "|---|---:|---:|---:|---:|"]
    for name, s in by_source.items():
        lines.append(
            f"| {name} | {s['rows']} | {_pct(s['coarse_accuracy'])} | {_pct(s['fine_accuracy'])} | {_pct(s['fine_macro_f1'])} |"
        )
    return lines


def render_card(meta: dict[str, Any]) -> str:
    metrics = meta.get("metrics", {})
    lines = [
        "# jixiao indicator classifier — model card",
        "",
        f"Created {meta['created']} by jixiao {meta['jixiao_version']} (model format {meta['format_version']}).",
        "Predicts the fine 二级 category of a performance indicator from its name and the form of its",
        "target value; the coarse class follows from the taxonomy. The stated category is never an input.",
        "",
        "## Model",
        "",
        "scikit-learn Pipeline: TF-IDF of jieba words (rjieba + `nlp/resources/userdict.txt`), TF-IDF of",
        "character 1–3-grams of the name, the name's last 1–3 characters and domain cues",
        "(`nlp/resources/classifier/cues.json`), binary features of the target's value form (claims",
        "extractor: percent, money, date, duration, count unit, comparator) and character n-grams of the",
        "target; multinomial logistic regression (softmax probabilities), classes balanced.",
        f"Config: `{meta.get('config')}`; {meta.get('n_features')} features.",
        "Files: `model.skops` (canonical, loaded with an explicit trusted-type list), `runtime.npz`",
        "(the same model as arrays for the fast numpy runtime), `meta.json`.",
        "",
        "## Training data",
        "",
        f"{meta['rows']} labelled rows; SHA-256 of the data: `{meta['training_data']['sha256']}`.",
        "",
        "| source | rows |",
        "|---|---:|",
    ]
    lines += [f"| {s} | {n} |" for s, n in meta["sources"].items()]
    lines += ["", "| label | rows |", "|---|---:|"]
    lines += [f"| {label} | {meta['label_counts'].get(label, 0)} |" for label in FINE_LABELS]
    lines += [""]
    if "shenzhen" in meta["sources"]:
        lines += [f"Source `shenzhen`: {SHENZHEN_ATTRIBUTION}. The rows are read from `../shared` and are",
                  "not in the repository."]
        relabelled = meta["training_data"].get("reviewed_relabelled")
        if relabelled is not None:
            lines += [f"Their labels are the office's filings as reviewed (`corpus/labelled/shenzhen_review.csv`,",
                      f"keyed by a hash of the text): {relabelled} rows re-labelled where the filing was wrong."]
        lines += [""]
    skipped = sum(f.get("skipped", 0) for f in meta["training_data"]["files"])
    if skipped:
        lines += [f"{skipped} rows naming nothing (placeholders such as 不适用, bare values such as \"100%\") were",
                  "skipped: `classify` does not classify them either.", ""]
    lines += ["Team-written rows (`team_*.csv`) were written and labelled by department; the seed rows",
              "come from the four seed reports and were reviewed, each label with a reason. See `corpus/README.md`.", ""]
    lines += ["## Scores", ""]
    loso = metrics.get("leave_one_source_out")
    if loso:
        a = loso["all"]
        lines += [
            "Leave-one-source-out cross-validation (each held-out unit predicted by a model trained on all",
            f"the others): coarse accuracy {_pct(a['coarse_accuracy'])}, fine accuracy {_pct(a['fine_accuracy'])}, "
            f"fine macro-F1 {_pct(a['fine_macro_f1'])} over {a['rows']} rows.",
            "",
        ]
        lines += _score_rows(loso["by_source"]) + [""]
        lines += ["Coarse confusion (rows: true, columns: predicted; " + ", ".join(COARSE_LABELS) + "):", "", "```"]
        lines += ["  ".join(f"{v:5d}" for v in row) for row in a["coarse_confusion"]] + ["```", ""]
    calibration = metrics.get("calibration")
    if calibration:
        lines += [f"Calibration of `confidence` (probability of the fine label), out of fold: expected calibration",
                  f"error {calibration['ece']:.3f}.", "",
                  "| confidence | rows | mean confidence | accuracy |", "|---|---:|---:|---:|"]
        lines += [f"| {b['bin'][0]:.1f}–{b['bin'][1]:.1f} | {b['rows']} | {b['confidence']:.3f} | {b['accuracy']:.3f} |"
                  for b in calibration["bins"]]
        lines += [""]
    bare = metrics.get("without_target")
    if bare:
        lines += [f"The {bare['rows']} rows that have a target, held out as above: coarse "
                  f"{_pct(bare['as_written']['coarse_accuracy'])} as written, "
                  f"{_pct(bare['target_removed']['coarse_accuracy'])} with the target removed (a blank 指标值 cell).", ""]
    filed = metrics.get("shenzhen_against_filed")
    if filed:
        lines += [f"The same Shenzhen predictions scored against the office's unreviewed filings: coarse "
                  f"{_pct(filed['coarse_accuracy'])}, fine {_pct(filed['fine_accuracy'])}.", ""]
    sz = metrics.get("shenzhen_unseen_projects")
    if sz:
        lines += [f"Shenzhen, unseen projects (5 folds by project, trained on everything else): coarse "
                  f"{_pct(sz['coarse_accuracy'])}, fine {_pct(sz['fine_accuracy'])}, macro-F1 {_pct(sz['fine_macro_f1'])}."]
        sz_filed = metrics.get("shenzhen_unseen_projects_against_filed")
        if sz_filed:
            lines += [f"Against the office's unreviewed filings: coarse {_pct(sz_filed['coarse_accuracy'])}, "
                      f"fine {_pct(sz_filed['fine_accuracy'])} (the model learnt the reviewed labels, not the office's habits)."]
        lines += [""]
    base = metrics.get("baseline_shenzhen_only")
    if base:
        lines += ["Naive baseline for contrast (character TF-IDF + logistic regression trained on Shenzhen only;",
                  "Shenzhen rows scored on unseen projects):", ""]
        lines += _score_rows(base["by_source"]) + [""]
    mm = meta.get("mismatch", {})
    lines += [
        "## Category-mismatch threshold",
        "",
        f"`mismatch_threshold` = {meta['mismatch_threshold']}, chosen on out-of-fold predictions: the smallest",
        f"coarse probability at which mismatch flags reach {mm.get('target_precision', 0.9)} precision"
        + ("" if mm.get("target_reached", True) else " — not reached on this data, so the most precise threshold")
        + f" ({mm.get('flags_raised', '—')} flags at precision {mm.get('precision', '—')} on "
        f"{mm.get('rows_with_stated', '—')} rows with a stated category; the whole curve is in meta.json).",
        "",
    ]
    real = meta.get("mismatch_on_real_rows", {})
    at = next((p for p in real.get("curve", ()) if p["threshold"] == meta["mismatch_threshold"]), None)
    if at:
        lines += [
            "The team's written misfilings are clear-cut; real authors' are not. On the rows of real reports",
            f"alone (every source but the team's: {real.get('rows_with_stated')} rows), the same threshold raises "
            f"{at['raised']} flags at precision {at['precision']};",
            (f"it reaches {real.get('target_precision', 0.9)} there from {real.get('threshold')} up."
             if real.get("target_reached") else
             f"no threshold reaches {real.get('target_precision', 0.9)} there (the best is {real.get('precision')} "
             f"at {real.get('threshold')}). Read a mismatch on a real report as \"look at this\", not as a verdict."),
            "",
        ]
    lines += [
        "## Limits",
        "",
        "- Trained on one sub-district's declarations, four department reports and team-written rows:",
        "  other regions' vocabulary (KPI forms, industry jargon) scores lower; check `jixiao evaluate`.",
        "- Quality vs social benefit and quantity vs quality are the usual confusions (rates of outputs vs",
        "  effects on people); benefit sub-classes with few rows (economic, ecological, sustainable) are weakest.",
        "- Rows that are sentences rather than measures get a category but little meaning; the flag rules",
        "  report them separately.",
        "- Probabilities are the logistic regression's softmax; their calibration is measured out of fold",
        "  (above), not adjusted.",
        "",
    ]
    return "\n".join(lines)

"""``jixiao train / evaluate / export``: the classifier loop. Argument parsing and
formatting only; the work is in ``nlp.classifier``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .app import app, user_errors

_DATA_HELP = "Labelled files (.csv .xlsx .jsonl, or the Shenzhen indicators.csv) or folders of them; repeatable."


def _print_scores(title: str, by_source: dict, overall: Optional[dict] = None) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..taxonomy import COARSE_LABELS

    console = Console()
    table = Table(title=title)
    for column in ("held out", "rows", "coarse acc.", "fine acc.", "fine macro-F1"):
        table.add_column(column, justify="left" if column == "held out" else "right")
    items = list(by_source.items()) + ([("all", overall)] if overall else [])
    for name, s in items:
        table.add_row(name, str(s["rows"]), f"{s['coarse_accuracy']:.3f}", f"{s['fine_accuracy']:.3f}", f"{s['fine_macro_f1']:.3f}")
    console.print(table)
    if overall:
        matrix = Table(title="coarse confusion (rows: true, columns: predicted)")
        matrix.add_column("")
        for label in COARSE_LABELS:
            matrix.add_column(label, justify="right")
        for label, row in zip(COARSE_LABELS, overall["coarse_confusion"]):
            matrix.add_row(label, *(str(v) for v in row))
        console.print(matrix)


@app.command()
@user_errors
def train(
    data: List[Path] = typer.Option(..., "--data", help=_DATA_HELP),
    out: Path = typer.Option(Path("models/default"), "--out", help="Model directory to write."),
    force: bool = typer.Option(False, "--force", help="Replace an existing model directory."),
    no_cv: bool = typer.Option(False, "--no-cv", help="Skip cross-validation (faster; threshold falls back to 0.99)."),
) -> None:
    """Train the indicator classifier, print cross-validated scores, write the model.

    Cross-validation leaves one source out at a time (Shenzhen, the seed reports,
    each department group of the team set). Refuses to replace a model without --force.

    Example: jixiao train --data corpus/labelled --data ../shared/corpus/shenzhen_targets/indicators.csv --out models/default --force
    """
    from ..classifier.build import train_model

    result = train_model(data, out, force=force, cross_validate=not no_cv)
    metrics = result.meta["metrics"]
    if "leave_one_source_out" in metrics:
        loso = metrics["leave_one_source_out"]
        _print_scores("leave-one-source-out cross-validation", loso["by_source"], loso["all"])
    if "without_target" in metrics:
        bare = metrics["without_target"]
        typer.echo(f"the {bare['rows']} rows with a target, held out as above: coarse "
                   f"{bare['as_written']['coarse_accuracy']:.3f} as written, "
                   f"{bare['target_removed']['coarse_accuracy']:.3f} with the target removed")
    if "shenzhen_against_filed" in metrics:
        filed = metrics["shenzhen_against_filed"]
        typer.echo(f"shenzhen held out, against the office's unreviewed filings: coarse "
                   f"{filed['coarse_accuracy']:.3f}, fine {filed['fine_accuracy']:.3f}")
    for key, what in (("shenzhen_unseen_projects", "reviewed labels"), ("shenzhen_unseen_projects_against_filed", "unreviewed filings")):
        if key in metrics:
            typer.echo(f"shenzhen unseen projects (5-fold by project), against the {what}: "
                       f"coarse {metrics[key]['coarse_accuracy']:.3f}, fine {metrics[key]['fine_accuracy']:.3f}")
    if "baseline_shenzhen_only" in metrics:
        base = metrics["baseline_shenzhen_only"]
        _print_scores("baseline: char TF-IDF + LR trained on Shenzhen only", base["by_source"])
    typer.echo(f"mismatch threshold {result.meta['mismatch_threshold']}; "
               f"{result.meta['rows']} rows; model written to {result.path}")


def _mismatch_line(m: dict) -> str:
    """One line on the category-mismatch flags of ``build.evaluate_model``."""
    head = f"category_mismatch at threshold {m['threshold']:.2f}"
    if not m["rows_with_stated"]:
        return f"{head}: no row has a stated category, so the flags are not scored"

    def share(value) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    return (
        f"{head}, on {m['rows_with_stated']} rows with a stated category: {m['flags_raised']} flags, "
        f"{m['flags_right']} right (precision {share(m['precision'])}); {m['misfiled']} misfiled rows, "
        f"{m['flags_right']} flagged (recall {share(m['recall'])})"
    )


@app.command()
@user_errors
def evaluate(
    what: Optional[str] = typer.Argument(None, help="Nothing for the classifier, or 'claims' for the claims golden set."),
    data: Optional[List[Path]] = typer.Option(None, "--data", help=_DATA_HELP),
    model: Optional[Path] = typer.Option(None, "--model", help="Model directory (default: the shipped one)."),
    golden: Optional[List[Path]] = typer.Option(None, "--golden", help="Golden claim cases (for 'evaluate claims')."),
) -> None:
    """Score an existing model on labelled data per source, or the claims extractor on its golden cases.

    Example: jixiao evaluate --data corpus/labelled/seed_reports.csv --model models/default
    """
    if what == "claims":
        from .. import __file__ as package_file
        from ..claims import golden as claims_golden

        paths = golden or [Path(package_file).resolve().parents[1] / "tests" / "golden" / "claims"]
        typer.echo(claims_golden.format_report(claims_golden.evaluate(paths)))
        return
    if what is not None:
        raise typer.BadParameter(f"unknown evaluation {what!r}; use nothing or 'claims'", param_hint="WHAT")
    if not data:
        raise typer.BadParameter("give labelled data with --data", param_hint="--data")
    from ..classifier.build import evaluate_model

    result = evaluate_model(data, model)
    _print_scores(f"{result['model']} on the given data", result["scores"]["by_source"], result["scores"]["all"])
    typer.echo(_mismatch_line(result["mismatch"]))
    for path in result["seen_in_training"]:
        typer.echo(
            f"note: {path} was part of this model's training data: its scores are not held out; "
            "the cross-validated figures are in the model's meta.json and MODEL_CARD.md",
            err=True,
        )


@app.command()
@user_errors
def export(
    reports: List[Path] = typer.Argument(..., help="Report files to read and classify."),
    output: Path = typer.Option(..., "--output", "-o", help="The .xlsx sheet to write."),
    model: Optional[Path] = typer.Option(None, "--model", help="Model directory (default: the shipped one)."),
) -> None:
    """Write a labelling sheet: one row per indicator and target with the model's guess and an empty label column.

    Fill the label column and the sheet is valid --data for `jixiao train`.

    Example: jixiao export corpus/reports/003_66e78293cd0851a8.txt -o labels.xlsx
    """
    from ..classifier.export import export_rows, write_xlsx
    from ..pipeline import Analyzer

    analyzer = Analyzer(model)
    rows = export_rows(analyzer.analyze(path) for path in reports)
    write_xlsx(rows, output)
    typer.echo(f"{len(rows)} rows written to {output}")

"""The error-analysis notebook runs top to bottom against the shipped model and corpus."""

from __future__ import annotations

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "error_analysis.ipynb"


@pytest.mark.slow
def test_error_analysis_notebook_executes():
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = "".join(
        str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs
    )
    assert "coarse_accuracy" in outputs and "coarse errors of" in outputs
    assert not any(out.get("output_type") == "error" for cell in notebook.cells for out in cell.get("outputs", []))

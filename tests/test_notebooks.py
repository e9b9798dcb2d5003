"""The notebooks run top to bottom, import the package and hold no logic of their own.

Executing them trains a model into a temporary folder (about a minute on two CPUs), so
this is the slowest file of the suite. Executed notebooks are never written back: the
committed files stay without outputs.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from analyzer.config import PROJECT_DIR

NOTEBOOK_DIR = PROJECT_DIR / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = {"1.01-corpus-exploration.ipynb", "2.01-train-evaluate.ipynb"}
NAME = re.compile(r"^\d\.\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$")
DEFINITION = re.compile(r"^\s*(async\s+def|def|class)\s", re.MULTILINE)
IMPORTS_PACKAGE = re.compile(r"^\s*(from|import)\s+analyzer\b", re.MULTILINE)


def code_of(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def test_the_notebooks_are_there_and_named_by_convention() -> None:
    names = {path.name for path in NOTEBOOKS}
    assert names >= EXPECTED
    assert [n for n in names if not NAME.match(n)] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean_and_holds_no_logic(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = code_of(nb)
    assert any(IMPORTS_PACKAGE.search(src) for src in code), "the notebook should import analyzer"
    defined = [m.group(0).strip() for src in code for m in DEFINITION.finditer(src)]
    assert defined == [], f"functions or classes belong in the package, not the notebook: {defined}"
    with_output = [i for i, cell in enumerate(nb.cells)
                   if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert with_output == [], f"clear the outputs of cells {with_output} before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel inherits this process's environment: keep its model cache out of the user's.
    monkeypatch.setenv("ANALYZER_CACHE_DIR", str(tmp_path / "model-cache"))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(PROJECT_DIR)}})
    client.execute()  # raises CellExecutionError naming the cell on any error
    errors = [out for cell in nb.cells if cell.cell_type == "code"
              for out in cell.outputs if out.output_type == "error"]
    assert errors == []

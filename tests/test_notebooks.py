"""The notebooks run top to bottom (nbmake), are saved without outputs and hold no logic."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ALLOWED_IMPORTS = {"extractor", "pathlib", "tempfile"}


def _cells(nb: Path) -> list[dict]:
    return json.loads(nb.read_text(encoding="utf-8"))["cells"]


def test_notebooks_present():
    assert [p.name for p in NOTEBOOKS] == ["corpus.ipynb", "quickstart.ipynb"]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_saved_without_outputs(nb):
    for cell in _cells(nb):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_import_only_the_library(nb):
    for cell in _cells(nb):
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [node.module or ""]
            else:
                assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Lambda))
                continue
            assert {m.split(".")[0] for m in mods} <= ALLOWED_IMPORTS, mods


def test_notebooks_run_with_nbmake():
    """The CI command `pytest --nbmake notebooks/`, run from the repository root."""
    res = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbmake", "notebooks", "-p", "no:cacheprovider"]
        + ["-o", "addopts=", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    assert "2 passed" in res.stdout

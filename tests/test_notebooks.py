"""The notebooks run top to bottom (nbmake), are saved with their outputs (what a code host
shows: tables and a static picture of each view) and hold no logic."""

from __future__ import annotations

import ast
import json
import re
import shutil
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
def test_notebooks_saved_with_outputs(nb):
    # finding 8: saved notebooks had no outputs, so a code host showed nothing
    cells = [c for c in _cells(nb) if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1))  # run once, top to bottom
    kinds = set()
    for cell in cells:
        interactive = "interactive" in cell.get("metadata", {}).get("tags", [])
        # the interactive page (vis-network and all) is left out; a PNG of it follows
        assert bool(cell["outputs"]) != interactive, "".join(cell["source"])
        for out in cell["outputs"]:
            assert out["output_type"] != "error", out
            kinds.update(out.get("data", {}))
    assert {"image/png", "text/html"} <= kinds  # a static view, tables
    sources = ["".join(c["source"]) for c in cells]
    for i, src in enumerate(sources):
        if "render.show(" in src:
            assert "render.snapshot(" in sources[i + 1]


def test_notebooks_corpus_showcase_is_legible():
    cells = [c for c in _cells(ROOT / "notebooks" / "corpus.ipynb") if c["cell_type"] == "code"]
    note = next(c for c in cells if "select(kg.graph, types=" in "".join(c["source"]))
    text = "".join(note["outputs"][0]["data"]["text/plain"])
    shown = int(re.search(r"(\d+) of \d+ nodes shown", text)[1])
    assert shown <= 60, text  # not a hairball of hundreds of dots


def test_notebooks_corpus_says_when_the_corpus_is_absent(tmp_path):
    # finding 8: in a fresh clone the notebook silently fell back to the example article
    import nbformat
    from nbclient import NotebookClient

    repo = tmp_path / "repo"  # no ../../shared beside it
    shutil.copytree(ROOT / "examples", repo / "examples")
    (repo / "notebooks").mkdir(parents=True)
    nb = nbformat.read(ROOT / "notebooks" / "corpus.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    nb.cells = [first]
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(repo / "notebooks")}}).execute()  # fmt: skip
    text = "".join(o.get("text", "") for o in first.outputs if o.output_type == "stream")
    assert "The development corpus is not at" in text and "example article instead" in text
    assert "1 article, 0 with problems" in text  # the example article, in the singular


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

"""Run the notebooks top to bottom and save them with their outputs.

    .venv/bin/python notebooks/run.py [NOTEBOOK ...]

Outputs are what a code host shows.  Cells tagged ``interactive`` (``render.show``:
the whole page, vis-network included, in an iframe a code host does not run) are
saved without output; the ``render.snapshot`` cell after each shows the same view
as a PNG.  Needs the ``test`` extra (nbclient, ipykernel, playwright) and Chromium.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent


def run(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
    ).execute()
    for cell in nb.cells:
        if cell.cell_type == "code" and "interactive" in cell.metadata.get("tags", []):
            cell.outputs = []
    nbformat.write(nb, path)
    print(f"wrote {path}")


if __name__ == "__main__":
    for arg in sys.argv[1:] or sorted(str(p) for p in HERE.glob("*.ipynb")):
        run(Path(arg))

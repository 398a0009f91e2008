"""The meetup-kg CLI run in a child process, as a user runs it (shared by the CLI,
render and browser tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path | None = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m extractor ARGS`` with its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
    )

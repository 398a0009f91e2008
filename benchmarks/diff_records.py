"""Diff the records of two versions of the extractor (not part of the tests).

Run from the repository root::

    .venv/bin/python benchmarks/diff_records.py --base HEAD~1

Extracts the same corpora with the working tree and with ``--base`` (checked out in
a temporary ``git worktree``, run with this interpreter) and lists, per corpus, the
documents whose talks, speakers, entities, relations or event changed, with what was
added and removed.  Corpora: ``../shared/corpus/dev`` when present,
``tests/unseen/set1-corpus``, ``tests/unseen/set2-corpus`` and ``tests/golden``.
A restructuring is record-neutral when every corpus reports 0 changed documents.
Exit status 1 when anything changed (so it can gate a refactoring commit).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {
    "dev": ROOT.parent / "shared" / "corpus" / "dev",
    "unseen-set1": ROOT / "tests" / "unseen" / "set1-corpus",
    "unseen-set2": ROOT / "tests" / "unseen" / "set2-corpus",
    "golden": ROOT / "tests" / "golden",
}


def _extract(tree: Path, corpus: Path, out: Path) -> dict[str, dict]:
    cmd = [sys.executable, "-m", "extractor", "extract", str(corpus), "-o", str(out), "--no-cache"]
    subprocess.run(cmd, cwd=tree, check=True, capture_output=True)
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if x.strip()]
    return {r["doc"]: r for r in recs}


def _facts(rec: dict) -> dict[str, set]:
    """What a record says, without evidence, offsets and confidences."""
    ev = rec.get("event") or {}
    return {
        "talks": {(t["title"], tuple(t.get("speakers") or [])) for t in rec.get("talks") or []},
        "entities": {(e["type"], e["name"]) for e in rec.get("entities") or []},
        "relations": {(r["type"], r["source"], r["target"]) for r in rec.get("relations") or []},
        "event": {(k, json.dumps(ev.get(k), ensure_ascii=False)) for k in ("name", "date", "city")}
        | {("organizer", o) for o in ev.get("organizers") or []},
    }


def diff(base: dict[str, dict], new: dict[str, dict]) -> list[str]:
    """One line per changed fact, grouped by document."""
    lines = []
    for doc in sorted(set(base) | set(new)):
        a, b = _facts(base.get(doc, {})), _facts(new.get(doc, {}))
        for key in a:
            gone, added = sorted(a[key] - b[key]), sorted(b[key] - a[key])
            if gone or added:
                lines.append(f"{doc} {key}: +{added} -{gone}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="HEAD", help="git revision to compare with (default HEAD)")
    ap.add_argument("--only", nargs="*", choices=sorted(CORPORA), help="corpora to run")
    args = ap.parse_args()
    changed = 0
    with tempfile.TemporaryDirectory() as tmp:
        wt = Path(tmp) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(wt), args.base],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            for name, corpus in CORPORA.items():
                if args.only and name not in args.only or not corpus.is_dir():
                    continue
                old = _extract(wt, corpus, Path(tmp) / f"{name}-base.jsonl")
                new = _extract(ROOT, corpus, Path(tmp) / f"{name}-new.jsonl")
                lines = diff(old, new)
                docs = {x.split(" ", 1)[0] for x in lines}
                changed += len(docs)
                print(f"== {name}: {len(docs)} of {len(new)} documents changed")
                for line in lines:
                    print("  " + line)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(wt)], cwd=ROOT)
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""benchmarks/dask_extract.py: the article -> record map gives ``meetup-kg extract``'s records."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.model import DocumentRecord
from extractor.pipeline import list_articles, record_line

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
REGISTRY = EXAMPLES / "openeuler-community.json"
sys.path.insert(0, str(ROOT / "benchmarks"))

import dask_extract  # noqa: E402

HAVE_DASK = importlib.util.find_spec("dask") is not None and (
    importlib.util.find_spec("dask.bag") is not None
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example article, a copy in a subfolder (doc order != path order) and
    a file that gives no record."""
    d = tmp_path_factory.mktemp("corpus")
    src = next(EXAMPLES.glob("*.md"))
    shutil.copy(src, d / src.name)
    (d / "a").mkdir()
    shutil.copy(src, d / "a" / "copy.md")
    (d / "a.md").write_bytes(b"")  # empty: a problem
    return d


@pytest.fixture(scope="module")
def cli_lines(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("cli") / "records.jsonl"
    args = ["extract", str(corpus), "-o", str(out), "--registry", str(REGISTRY), "--jobs", "1"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    return out.read_text(encoding="utf-8").splitlines()


def test_dask_extract_list_articles_in_doc_order(corpus):
    docs = [doc for _p, _r, doc in list_articles([corpus])]
    assert docs == sorted(docs) and "a/copy.md" in docs and "a.md" in docs


def test_dask_extract_map_without_dask_equals_cli(corpus, cli_lines):
    outs = [dask_extract.extract_one(it, str(REGISTRY)) for it in list_articles([corpus])]
    assert [o["line"] for o in outs if "line" in o] == cli_lines
    assert [o["doc"] for o in outs if "problem" in o] == ["a.md"]


def test_dask_extract_record_line_round_trips(cli_lines):
    import json

    for line in cli_lines:
        assert record_line(DocumentRecord.from_dict(json.loads(line))) == line


@pytest.mark.skipif(not HAVE_DASK, reason="dask[bag] not installed (the 'dask' extra)")
@pytest.mark.parametrize("scheduler", ["sync", "processes"])
def test_dask_extract_run_with_dask_equals_cli(corpus, cli_lines, tmp_path, scheduler):
    counts = dask_extract.run(
        [str(corpus)], tmp_path, str(REGISTRY), workers=2, partition_size=1, scheduler=scheduler
    )
    assert counts == {"articles": 3, "records": 2, "problems": 1}
    parts = sorted(tmp_path.glob("part-*.jsonl"))
    joined = "".join(p.read_text(encoding="utf-8") for p in parts)  # as `cat` joins them
    assert joined == "".join(line + "\n" for line in cli_lines)
    assert "a.md" in (tmp_path / "problems.jsonl").read_text(encoding="utf-8")
    recs = dask_extract.read_records(tmp_path)
    assert [r.doc for r in recs] == ["20250704-hongkong-meetup.md", "a/copy.md"]

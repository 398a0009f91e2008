"""Incremental graph: a rebuild updated from the changed articles writes the files a
build from scratch of the same corpus writes, byte for byte."""

from __future__ import annotations

import importlib.util
import random
import shutil
from pathlib import Path

import pytest

from extractor import incremental

HAVE_STAGES = importlib.util.find_spec("extractor.talks") is not None
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
pytestmark = pytest.mark.skipif(not HAVE_STAGES, reason="extraction stages absent")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["振宇", "明永", "小玥", "建国", "思远", "海涛", "雨桐", "子涵", "志强", "晓峰"]
TOPICS = ["机密计算", "RISC-V 生态", "内核调度", "AI 推理", "容器安全", "编译器优化"]
ORGS = ["华为", "麒麟软件", "统信软件", "中国移动"]


def _article(i: int, speaker: str | None = None) -> str:
    a = speaker or SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
    b = SURNAMES[(i * 7 + 3) % len(SURNAMES)] + GIVEN[(i * 3 + 1) % len(GIVEN)]
    t1, t2 = TOPICS[i % len(TOPICS)], TOPICS[(i + 2) % len(TOPICS)]
    org = ORGS[i % len(ORGS)]
    day = 1 + i % 3  # events share dates
    return (
        f"---\ntitle: 'openEuler Meetup 第{i % 5}期 活动回顾'\ndate: '2025-03-{day:02d}'\n---\n\n"
        f"2025 年 3 月 {day} 日，openEuler Meetup 第{i % 5}期在北京举行，由{org}承办。\n\n"
        f"## {a}：{t1}的实践\n\n{a}来自{org}，是 openEuler Kernel SIG Maintainer，介绍了{t1}。\n\n"
        f"## {b}：{t2}与 openEuler\n\n{b}来自麒麟软件，分享了 {t2} 的进展和 secGear 项目。\n"
    )


def _generated(folder: Path, n: int = 14) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        p = folder / f"{i:03d}.md"
        p.write_text(_article(i), encoding="utf-8")
        paths.append(p)
    return paths


def _build(corpus: Path, out: Path, *extra: str) -> str:
    from typer.testing import CliRunner

    from extractor.cli import app

    res = CliRunner().invoke(app, ["build", str(corpus), "-o", str(out), "--jobs", "1", *extra])
    assert res.exit_code == 0, res.output
    return res.output


def _same_files(a: Path, b: Path) -> None:
    names = sorted(p.name for p in a.iterdir() if p.is_file())
    assert names == sorted(p.name for p in b.iterdir() if p.is_file())
    assert names
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _summary(output: str) -> list[str]:
    """The build's summary and problem lines (not the counts of extracted articles)."""
    return [x for x in output.splitlines() if "extracted," not in x and not x.startswith("wrote")]


def _rebuild_equals_scratch(tmp_path: Path, corpus: Path, edit) -> str:
    """Build, ``edit(corpus)``, rebuild; compare with a build from scratch; returns how
    the rebuild merged."""
    inc = tmp_path / "inc"
    _build(corpus, inc)
    edit(corpus)
    incremental.last_merge = ""
    out = _build(corpus, inc)
    mode = incremental.last_merge  # ("" when the outputs were current: nothing merged)
    scratch = _build(corpus, tmp_path / "scratch", "--no-cache")
    _same_files(tmp_path / "scratch", inc)
    assert _summary(out) == _summary(scratch)
    return mode


def _append(p: Path, text: str) -> None:
    p.write_text(p.read_text(encoding="utf-8") + text, encoding="utf-8")


EDITS = {
    "append a new person": lambda c: _append(
        c / "004.md", "\n会后，欧阳振宇来自华为，分享了 RISC-V 的最新进展。\n"
    ),
    "append a sentence": lambda c: _append(c / "000.md", "\n会后，与会者合影留念。\n"),
    "delete one": lambda c: (c / "007.md").unlink(),
    "add one": lambda c: (c / "100.md").write_text(_article(100), encoding="utf-8"),
    "add one first in order": lambda c: (c / "000a.md").write_text(
        _article(3, speaker="上官小玥"), encoding="utf-8"
    ),
    "rename a speaker": lambda c: (c / "009.md").write_text(
        _article(9, speaker="司马建国"), encoding="utf-8"
    ),
    "truncate one": lambda c: (c / "005.md").write_text(
        (c / "005.md").read_text(encoding="utf-8")[:120], encoding="utf-8"
    ),
    "delete the first": lambda c: (c / "000.md").unlink(),
    "nothing": lambda c: None,
    # 中国移动 is named first in 003, then in every fourth article: 000 now names it first
    "an early article names a company first": lambda c: _append(
        c / "000.md", "\n会后，欧阳振宇（中国移动）分享了 eBPF 在生产环境中的实践。\n"
    ),
}


EDITS["a speaker's role changes"] = lambda c: (c / "004.md").write_text(
    (c / "004.md").read_text(encoding="utf-8").replace("Maintainer", "Committer"),
    encoding="utf-8",
)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_incremental_rebuild_equals_build_from_scratch(tmp_path, edit):
    corpus = tmp_path / "in"
    _generated(corpus)
    mode = _rebuild_equals_scratch(tmp_path, corpus, EDITS[edit])
    if edit == "nothing":
        assert mode == ""
    elif edit in (
        "append a new person",
        "append a sentence",
        "add one",
        "delete one",
        "an early article names a company first",
        "a speaker's role changes",
    ):
        assert mode == "updated", incremental.last_reason
    else:
        assert mode in ("updated", "full")


def test_incremental_many_edits_at_once_equal_build_from_scratch(tmp_path):
    corpus = tmp_path / "in"
    paths = _generated(corpus, 20)

    def edit(c: Path) -> None:
        for p in paths[::4]:
            _append(p, "\n会后，诸葛明永来自统信软件，介绍了内核调度的实践。\n")
        paths[5].unlink()
        (c / "050.md").write_text(_article(50, speaker="欧阳海涛"), encoding="utf-8")

    assert _rebuild_equals_scratch(tmp_path, corpus, edit) == "updated", incremental.last_reason


def test_incremental_node_created_earlier_under_its_name_replays_few(tmp_path):
    """A technology named by most articles is now named first by an earlier article,
    under the same name, while the article that named it first is edited too: its
    label stays, so the articles naming it are not replayed (they were, all of them)."""
    corpus = tmp_path / "in"
    paths = _generated(corpus, 24)
    for p in paths[3:]:
        _append(p, "\n会后，大家讨论了 eBPF 的应用。\n")

    def edit(c: Path) -> None:
        _append(paths[1], "\n会后，欧阳振宇（中国移动）分享了 eBPF 在生产环境中的实践。\n")
        _append(paths[3], "\n会后，与会者合影留念。\n")

    assert _rebuild_equals_scratch(tmp_path, corpus, edit) == "updated", incremental.last_reason
    assert incremental.last_replayed < 10


def test_incremental_damaged_state_means_a_full_merge(tmp_path):
    corpus = tmp_path / "in"
    _generated(corpus)
    inc = tmp_path / "inc"
    _build(corpus, inc)
    (state,) = (inc / ".meetup-kg-cache").glob("merge-*.pkl")
    state.write_bytes(b"\x80\x05not a pickle")
    _append(corpus / "003.md", "\n会后，与会者合影留念。\n")
    _build(corpus, inc)
    assert incremental.last_merge == "full"
    _build(corpus, tmp_path / "scratch", "--no-cache")
    _same_files(tmp_path / "scratch", inc)


def test_incremental_state_loads_only_plain_data(tmp_path):
    import os
    import pickle

    path = tmp_path / "merge.pkl"
    path.write_bytes(pickle.dumps((incremental.STATE_FORMAT, {"fp": os.system})))
    assert incremental.MergeState.load(path, "x") is None


def test_incremental_alias_file_merges_everything(tmp_path):
    corpus = tmp_path / "in"
    _generated(corpus)
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("same:\n  - [华为, 华为技术有限公司]\n", encoding="utf-8")
    _build(corpus, tmp_path / "inc", "--aliases", str(aliases))
    _append(corpus / "003.md", "\n会后，与会者合影留念。\n")
    _build(corpus, tmp_path / "inc", "--aliases", str(aliases))
    assert incremental.last_merge == "plain"


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared absent")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_random_edits_of_the_dev_corpus(tmp_path, seed):
    """Real articles (every layout of the dev corpus): appended, cut, deleted, copied
    with another company's name, in random combinations."""
    corpus = tmp_path / "in"
    shutil.copytree(DEV, corpus, ignore=shutil.ignore_patterns("*.tsv", "*.txt"))
    files = sorted(corpus.rglob("*.md"))
    rng = random.Random(seed)

    def edit(c: Path) -> None:
        for p in rng.sample(files, max(4, len(files) // 8)):
            text = p.read_text(encoding="utf-8")
            r = rng.random()
            if r < 0.3:
                _append(p, "\n会后，上官建国来自华为，分享了 RISC-V 的最新进展。\n")
            elif r < 0.5:
                p.unlink()
            elif r < 0.7:
                (p.parent / f"zz-{p.name}").write_text(text.replace("华为", "统信软件"), "utf-8")
            else:
                p.write_text(text[: len(text) * 2 // 3], encoding="utf-8")

    _rebuild_equals_scratch(tmp_path, corpus, edit)


def test_incremental_with_a_registry_equals_build_from_scratch(tmp_path):
    registry = Path(__file__).resolve().parents[1] / "examples" / "openeuler-community.json"
    corpus = tmp_path / "in"
    paths = _generated(corpus)
    reg = ["--registry", str(registry)]
    _build(corpus, tmp_path / "inc", *reg)
    _append(paths[2], "\n会后，侯明永来自华为，分享了机密计算的最新进展。\n")
    paths[6].unlink()
    _build(corpus, tmp_path / "inc", *reg)
    assert incremental.last_merge == "updated", incremental.last_reason
    _build(corpus, tmp_path / "scratch", "--no-cache", *reg)
    _same_files(tmp_path / "scratch", tmp_path / "inc")


def test_incremental_changes_are_logged_and_read_back(tmp_path):
    """After an update only its changes are appended to the saved state; the state read
    back with them gives the graph a build from scratch gives."""
    import pickle

    from extractor.graph import read_json

    corpus = tmp_path / "in"
    paths = _generated(corpus, 40)
    inc = tmp_path / "inc"
    _build(corpus, inc)
    _append(paths[3], "\n会后，王思远来自统信软件，分享了 AI 推理的实践。\n")
    _build(corpus, inc)
    assert incremental.last_merge == "updated", incremental.last_reason
    (log,) = (inc / ".meetup-kg-cache").glob("merge-*.changes")
    (saved,) = (inc / ".meetup-kg-cache").glob("merge-*.pkl")
    assert 0 < log.stat().st_size < saved.stat().st_size
    with open(saved, "rb") as fh:
        fp = pickle.load(fh)[1]["fp"]
    assert incremental.MergeState.load(saved, "another fingerprint") is None
    st = incremental.MergeState.load(saved, fp)
    assert st is not None
    _build(corpus, tmp_path / "scratch", "--no-cache")
    g, h = st.graph(), read_json(tmp_path / "scratch" / "graph.json")
    assert list(g.nodes(data=True)) == list(h.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(h.edges(keys=True, data=True))

"""Hostile and broken input (issue 17): never a traceback, never a lost file, never an
invalid export.

The matrix runs every command that reads a registry, alias, graph or gold file on
each bad shape of that file and asserts exit 1, one ``Error:`` line naming the file
and no traceback.  Then output safety, terminal output, encodings, deep folders,
cache tampering and ``kill -9`` of a build.
"""

from __future__ import annotations

import doctest
import importlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "20250704-hongkong-meetup.md"
ARTICLE = "## 张三：开源之路\n\n2025 年 1 月 1 日，Meetup 在北京举行。张三来自华为，是 Kernel SIG Maintainer。\n"


def run(*args: str):
    """The command in-process: (exit code, stdout, stderr)."""
    res = CliRunner().invoke(app, [str(a) for a in args])
    return res.exit_code, res.stdout, res.stderr


def assert_one_error(code: int, err: str, path: Path | str, want: int = 1) -> None:
    assert code == want, err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("Error:")]
    assert len(lines) == 1, err
    assert str(path) in lines[0] or Path(path).name in lines[0], lines[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    (d / "a.md").write_text(ARTICLE, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    from extractor.query import example_graph

    p = tmp_path_factory.mktemp("graph") / "g.json"
    example_graph().save(p)
    return p


# ---------------------------------------------------------------- the matrix
DEEP = "[" * 50_000 + "]" * 50_000
BAD_REGISTRIES = {
    "wrong-type": '{"sigs": [{"name": "sig-a", "maintainers": 5}]}',
    "top-level-list": "[1, 2]",
    "no-sigs": '{"source": "x"}',
    "sig-without-name": '{"sigs": [{"archived": true}]}',
    "person-name-number": '{"sigs": [{"name": "a", "maintainers": [{"name": 3}]}]}',
    "deep": '{"sigs": ' + DEEP + "}",
    "lone-surrogate": '{"sigs": [{"name": "\\ud800"}]}',
    "invalid-json": '{"sigs": [',
    "not-utf8": b'{"sigs": [{"name": "\xff\xfe"}]}',
    "nul": '{"sigs": []}\x00',
}
BAD_ALIASES = {
    "same-number": "same: 3",
    "same-item-number": "same: [3]",
    "one-name": "same: [[a]]",
    "bad-type": "same: [{type: Planet, names: [a, b]}]",
    "unknown-key": "bogus: 1",
    "deep": "same: " + "[" * 50_000 + "]" * 50_000,
    "recursive-anchor": "same: &a [*a]",
    "lone-surrogate": 'same: [["\\ud800", b]]',
    "broken-yaml": "same: [a, b",
    "list": "- 1\n- 2\n",
}
BAD_GRAPHS = {
    "list": "[1, 2]",
    "nodes-number": '{"nodes": 3, "edges": []}',
    "node-id-list": '{"nodes": [{"id": [1]}], "edges": []}',
    "edge-without-target": '{"nodes": [], "edges": [{"source": "a"}]}',
    "evidence-wrong": '{"nodes": [{"id": "a"}], "edges": [{"source": "a", "target": "a", '
    '"evidence": [{"doc": 1}]}]}',
    "deep": '{"nodes": ' + DEEP + "}",
    "lone-surrogate": '{"nodes": [{"id": "\\udfff"}], "edges": []}',
    "empty": "",
}
BAD_GOLD = {
    "list": "[]",
    "doc-number": '{"doc": 5}',
    "talks-string": '{"doc": "a.md", "talks": "x"}',
    "entity-without-name": '{"doc": "a.md", "entities": [{"type": "Person"}]}',
    "relations-wrong": '{"doc": "a.md", "relations": [{"type": 1}]}',
    "deep": '{"doc": "a.md", "event": ' + DEEP + "}",
}


def _write(p: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8", errors="surrogatepass")
    return p


@pytest.mark.parametrize("command", ["extract", "build", "evaluate"])
@pytest.mark.parametrize("shape", sorted(BAD_REGISTRIES))
def test_hostile_bad_registry_is_one_error_line(tmp_path, corpus, command, shape):
    reg = _write(tmp_path / f"reg-{shape}.json", BAD_REGISTRIES[shape])
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text('{"doc": "a.md"}', encoding="utf-8")
    args = {
        "extract": ["extract", corpus, "-o", tmp_path / "r.jsonl"],
        "build": ["build", corpus, "-o", tmp_path / "out"],
        "evaluate": ["evaluate", gold, corpus],
    }[command]
    code, out, err = run(*args, "--registry", reg)
    assert_one_error(code, err, reg)
    assert not (tmp_path / "r.jsonl").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("shape", sorted(BAD_ALIASES))
def test_hostile_bad_alias_file_is_one_error_line(tmp_path, corpus, shape):
    aliases = _write(tmp_path / f"aliases-{shape}.yaml", BAD_ALIASES[shape])
    code, out, err = run("build", corpus, "-o", tmp_path / "out", "--aliases", aliases)
    assert_one_error(code, err, aliases)


@pytest.mark.parametrize("command", ["view", "export"])
@pytest.mark.parametrize("shape", sorted(BAD_GRAPHS))
def test_hostile_bad_graph_file_is_one_error_line(tmp_path, command, shape):
    g = _write(tmp_path / f"graph-{shape}.json", BAD_GRAPHS[shape])
    out = tmp_path / ("v.html" if command == "view" else "g.gexf")
    code, _, err = run(command, g, "-o", out)
    assert_one_error(code, err, g)
    assert not out.exists()


@pytest.mark.parametrize("shape", sorted(BAD_GOLD))
def test_hostile_bad_gold_file_is_one_error_line(tmp_path, corpus, shape):
    gold = tmp_path / "gold"
    gold.mkdir()
    bad = _write(gold / f"{shape}.json", BAD_GOLD[shape])
    code, _, err = run("evaluate", gold, corpus)
    assert_one_error(code, err, bad)


def test_hostile_error_names_the_bad_key():
    from extractor.errors import DataFileError
    from extractor.schemas import validate

    with pytest.raises(DataFileError) as exc:
        validate({"sigs": [{"name": "a"}, {"name": "b", "maintainers": 5}]}, "registry", "r.json")
    msg = str(exc.value)
    assert msg.startswith(
        "r.json: sigs[1].maintainers: got the number 5 (expected a list of people"
    )


def test_hostile_debug_shows_the_traceback(tmp_path, corpus):
    reg = _write(tmp_path / "reg.json", "[1]")
    base = [sys.executable, "-m", "extractor", "extract", str(corpus), "-o", str(tmp_path / "r")]
    plain = subprocess.run(base + ["-r", str(reg)], capture_output=True, text=True, cwd=ROOT)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    debug = subprocess.run(
        base + ["-r", str(reg), "--debug"], capture_output=True, text=True, cwd=ROOT
    )
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and debug.stderr.rstrip().splitlines()[-1].startswith(
        "Error: "
    )


def test_hostile_unexpected_exception_is_one_line(tmp_path, corpus, monkeypatch):
    import extractor.pipeline

    def boom(*a, **k):
        raise KeyError("surprise")

    monkeypatch.setattr(extractor.pipeline, "extract", boom)
    code, _, err = run("extract", corpus, "-o", tmp_path / "r.jsonl")
    assert_one_error(code, err, tmp_path / "r.jsonl")
    assert "internal error: KeyError" in err and "--debug" in err


# ---------------------------------------------------------------- output safety
def test_hostile_output_that_is_an_input_article_is_refused(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    art = src / "a.md"
    art.write_text(ARTICLE, encoding="utf-8")
    code, _, err = run("extract", src, "-o", art)
    assert_one_error(code, err, art)
    assert art.read_text(encoding="utf-8") == ARTICLE


def test_hostile_output_inside_the_scanned_folder_is_refused(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(ARTICLE, encoding="utf-8")
    code, _, err = run("extract", src, "-o", src / "records.md")
    assert_one_error(code, err, src / "records.md")
    assert "read as an article" in err and not (src / "records.md").exists()
    # another suffix inside the folder is not scanned: allowed
    code, _, err = run("extract", src, "-o", src / "records.jsonl", "-j", "1")
    assert code == 0, err


def test_hostile_build_of_its_own_graph_file_is_refused(tmp_path, graph):
    out = graph.parent
    code, _, err = run("build", graph, "-o", out, "--name", graph.stem)
    assert_one_error(code, err, graph)


@pytest.mark.parametrize("name", ["../x", "a/b", "..", "", "x\x1b[31m", "a\nb"])
def test_hostile_name_must_be_a_plain_file_name(tmp_path, corpus, name):
    code, _, err = run("build", corpus, "-o", tmp_path / "out", "--name", name)
    assert code == 2 and "not a plain file name" in err and "Traceback" not in err
    assert "\x1b" not in err
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("command", ["extract", "view", "export"])
def test_hostile_output_that_is_a_folder_is_one_error_line(tmp_path, corpus, graph, command):
    folder = tmp_path / "folder"
    folder.mkdir()
    args = {
        "extract": ["extract", corpus, "-o", folder],
        "view": ["view", graph, "-o", folder],
        "export": ["export", graph, "-o", folder, "--format", "gexf"],
    }[command]
    code, _, err = run(*args)
    assert_one_error(code, err, folder)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
@pytest.mark.parametrize("command", ["extract", "view", "export"])
def test_hostile_read_only_output_folder_is_one_error_line(tmp_path, corpus, graph, command):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        args = {
            "extract": ["extract", corpus, "-o", ro / "r.jsonl"],
            "view": ["view", graph, "-o", ro / "v.html"],
            "export": ["export", graph, "-o", ro / "g.gexf"],
        }[command]
        code, _, err = run(*args)
        assert_one_error(code, err, ro)
    finally:
        ro.chmod(0o755)


@pytest.mark.parametrize("command", ["extract", "view", "export", "build"])
def test_hostile_foreign_file_needs_force(tmp_path, corpus, graph, command):
    out = (
        tmp_path
        / {"extract": "r.jsonl", "view": "v.html", "export": "g.ttl", "build": "o"}[command]
    )
    target = out / "graph.json" if command == "build" else out
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("my own notes\n", encoding="utf-8")
    args = {
        "extract": ["extract", corpus, "-o", out],
        "view": ["view", graph, "-o", out],
        "export": ["export", graph, "-o", out],
        "build": ["build", corpus, "-o", out, "--no-cache"],
    }[command]
    code, _, err = run(*args)
    assert_one_error(code, err, target)
    assert "--force" in err and target.read_text(encoding="utf-8") == "my own notes\n"
    code, _, err = run(*args, "--force")
    assert code == 0, err
    assert target.read_text(encoding="utf-8") != "my own notes\n"
    code, _, err = run(*args)  # now it is an output of meetup-kg: rewritten freely
    assert code == 0, err


def test_hostile_symlinked_file_out_of_the_input_folder_is_skipped(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("## 李四：秘密\n\n李四来自腾讯。\n", encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(ARTICLE, encoding="utf-8")
    (src / "link.md").symlink_to(secret)
    (src / "inside.md").symlink_to(src / "a.md")  # inside the folder: the same file, once
    code, _, err = run("extract", src, "-o", tmp_path / "r.jsonl", "-j", "1")
    assert code == 0, err
    docs = [json.loads(x)["doc"] for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert docs == ["a.md"]
    assert "Warning:" in err and "outside the input folders" in err


# ---------------------------------------------------------------- terminal output
def test_hostile_file_names_print_without_control_characters(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "evil\x1b[2J\nProblem: fake.md").mkdir()
    bad = src / "evil\x1b[2J\nProblem: fake.md" / "x\x1b]0;title\x07.md"
    bad.write_bytes(b"")
    code, _, err = run("extract", src, "-o", tmp_path / "r.jsonl", "-j", "1")
    assert code == 0, err
    assert "\x1b" not in err and "\x07" not in err
    problems = [ln for ln in err.splitlines() if ln.startswith("Problem:")]
    assert len(problems) == 1 and "empty file" in problems[0]


def test_hostile_tampered_build_stamp_prints_no_escape_sequences(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    code, first, err = run("build", src, "-o", out, "-j", "1")
    assert code == 0, err
    (stamp,) = (out / ".meetup-kg-cache").glob("build-*.json")
    data = json.loads(stamp.read_text(encoding="utf-8"))
    data["summary"] = {"\x1b[31mred": "\x1b]0;pwned\x07", "articles": 1}
    stamp.write_text(json.dumps(data), encoding="utf-8")
    code, second, err = run("build", src, "-o", out, "-j", "1")
    assert code == 0, err
    assert "\x1b" not in second + err and "\x07" not in second + err
    data["summary"] = {"articles": "\x1b[31m1"}
    stamp.write_text(json.dumps(data), encoding="utf-8")
    code, third, err = run("build", src, "-o", out, "-j", "1")
    assert code == 0 and "\x1b" not in third + err


def test_hostile_printable():
    from extractor.errors import printable

    assert printable("a\x1b[31mb\r\nc\u202ed\ud800") == "a?[31mb??c?d?"
    assert printable("张三 Kernel") == "张三 Kernel"


# ---------------------------------------------------------------- encodings
ZH = "## 张三：开源社区的机密计算实践\n\n张三来自华为，介绍了机密计算与容器技术的发展。\n" * 30


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_hostile_chinese_utf16_without_bom_is_read(tmp_path, enc):
    from extractor.article import read_article

    p = tmp_path / "a.md"
    p.write_bytes(ZH.encode(enc))
    art = read_article(p)
    assert art.encoding == enc and art.body.startswith("## 张三")


@pytest.mark.parametrize("where", [0, 100, 9000, -1])
def test_hostile_nul_bytes_dropped_with_a_warning_wherever_they_are(tmp_path, where):
    from extractor.pipeline import extract_file

    data = ZH.encode("utf-8")
    pos = len(data) if where == -1 else where
    # (between two characters: a NUL is inserted at a line start)
    pos = data.rfind(b"\n", 0, pos) + 1 if pos else 0
    p = tmp_path / "a.md"
    p.write_bytes(data[:pos] + b"\x00" + data[pos:])
    rec = extract_file(p, tmp_path)
    assert not hasattr(rec, "message"), rec
    assert any("1 NUL byte dropped" in w for w in rec.warnings)
    assert "\x00" not in json.dumps(rec.to_dict())


def test_hostile_utf8_front_matter_over_a_gbk_body(tmp_path):
    from extractor.article import read_article

    p = tmp_path / "a.md"
    p.write_bytes("---\ntitle: 北京站活动回顾\n---\n".encode() + ZH.encode("gbk"))
    art = read_article(p)
    assert art.title == "北京站活动回顾" and "机密计算" in art.body


def test_hostile_folders_a_thousand_deep(tmp_path):
    from extractor.article import discover

    d = tmp_path / "deep"
    # (created with a relative path from inside: absolute paths would pass PATH_MAX)
    cur = os.getcwd()
    d.mkdir()
    os.chdir(d)
    try:
        for _ in range(1100):
            os.mkdir("d")
            os.chdir("d")
        Path("a.md").write_text(ARTICLE, encoding="utf-8")
    finally:
        os.chdir(cur)
    try:
        found = discover([d])
        assert len(found) == 1 and found[0][0].name == "a.md"
        code, _, err = run("extract", d, "-o", tmp_path / "r.jsonl", "-j", "1")
        assert code == 0 and "RecursionError" not in err and "Traceback" not in err
    finally:
        _remove_deep(d)


def _remove_deep(d: Path) -> None:
    """Delete a very deep folder chain (shutil.rmtree recurses and would fail)."""
    cur = os.getcwd()
    os.chdir(d)
    depth = 0
    try:
        while Path("d").is_dir():
            os.chdir("d")
            depth += 1
        for f in os.listdir("."):
            os.unlink(f)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(cur)


# ---------------------------------------------------------------- cache tampering
def test_hostile_cached_record_of_wrong_types_is_extracted_again(tmp_path):
    import dataclasses
    import pickle

    from extractor.cache import RecordCache, file_sha256, fingerprint, load_record
    from extractor.model import DocumentRecord, Entity
    from extractor.pipeline import extract

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(ARTICLE, encoding="utf-8")
    cache = tmp_path / "c"
    fresh = extract([src], cache_dir=cache)
    rec = fresh.records[0]
    c = RecordCache(cache, fingerprint())
    sha = file_sha256(src / "a.md")
    bad_records = [
        dataclasses.replace(rec, entities=[Entity("Person", 5)]),
        dataclasses.replace(rec, talks="not a list"),
        dataclasses.replace(rec, event=5),
    ]
    older = DocumentRecord.__new__(DocumentRecord)
    older.__dict__.update({"doc": "a.md", "talks": []})  # an older layout: fields missing
    bad_records.append(older)
    for bad in bad_records:
        data = pickle.dumps(bad, protocol=5)
        with pytest.raises(ValueError):
            load_record(data)
        c = RecordCache(cache, fingerprint())
        c.put("a.md", sha, data)
        c.save()
        again = extract([src], cache_dir=cache)
        assert again.reused == 0 and again.extracted == 1
        assert again.records == fresh.records


def test_hostile_doctests_of_the_new_helpers():
    for name in (
        "extractor.errors",
        "extractor.schemas",
        "extractor.fsio",
        "extractor.cache",
        "extractor.resources",  # the registry loader
    ):
        res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
        assert res.failed == 0, name
        assert res.attempted > 0, name


# ---------------------------------------------------------------- processes and temp files
def _descendants(pid: int) -> set[int]:
    """Every process whose parent chain leads to ``pid``."""
    parents: dict[int, int] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                stat = (p / "stat").read_text()
            except OSError:
                continue
            parents[int(p.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    out: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {c for c, par in parents.items() if par in frontier} - out
        out |= frontier
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
def test_hostile_kill_9_of_a_build_leaves_no_process_and_no_temp_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(40):
        (src / f"a{i:02}.md").write_text(text + f"\n\n第 {i} 篇。\n", encoding="utf-8")
    out = tmp_path / "out"
    # a temporary file of a writer that died earlier (pid far above pid_max)
    out.mkdir()
    stale = out / ".graph.json.999999999.abcd1234.tmp"
    stale.write_text("half")
    cmd = [sys.executable, "-m", "extractor", "build", str(src), "-o", str(out), "-j", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 3 and proc.poll() is None:
        workers = _descendants(proc.pid)  # the forkserver and its workers
        time.sleep(0.1)
    assert proc.poll() is None and workers, "the build ended before workers started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not [p for p in workers if _alive(p)], "worker processes outlived the build"
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    leftovers = [p.name for p in out.rglob("*.tmp")]
    assert leftovers == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_hostile_fifos_never_block(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(src / "fifo.md")
    os.mkfifo(tmp_path / "reg.json")
    # the cache hashes every input first: a FIFO must not be opened for reading
    code, _, err = run("build", src, "-o", tmp_path / "out", "-j", "1")
    assert code == 0, err
    assert "fifo.md: not a regular file" in err
    code, _, err = run("build", src, "-o", tmp_path / "out", "--registry", tmp_path / "reg.json")
    assert_one_error(code, err, tmp_path / "reg.json")


def test_hostile_device_output_is_refused(tmp_path, graph):
    code, _, err = run("export", graph, "-o", "/dev/null", "--format", "gexf")
    assert_one_error(code, err, "/dev/null")
    assert Path("/dev/null").is_char_device()


def test_hostile_symlink_loop_in_a_gold_folder_is_skipped(tmp_path, corpus):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text('{"doc": "a.md"}', encoding="utf-8")
    (gold / "loop").symlink_to(gold / "loop")
    code, out, err = run("evaluate", gold, corpus)
    assert code == 0, err


def test_hostile_debug_before_the_command_and_from_the_environment(tmp_path, monkeypatch):
    reg = _write(tmp_path / "reg.json", "[1]")
    args = ["extract", tmp_path, "-o", tmp_path / "r.jsonl", "-r", reg]
    code, _, err = run("--debug", *args)
    assert code == 1 and "Traceback" in err and err.rstrip().splitlines()[-1].startswith("Error:")
    code, _, err = run(*args)  # the next run without --debug: no traceback
    assert code == 1 and "Traceback" not in err
    monkeypatch.setenv("MEETUP_KG_DEBUG", "1")
    code, _, err = run(*args)
    assert code == 1 and "Traceback" in err


# ---------------------------------------------------------------- the Python API
# The same bad files handed to extractor.build / extract / load raise the library's own
# errors naming the file (and the bad key), not a KeyError, TypeError or RecursionError.
REGISTRY_KEYS = {
    "wrong-type": "sigs[0].maintainers: got the number 5",
    "sig-without-name": "sigs[0]: missing key 'name'",
    "person-name-number": "sigs[0].maintainers[0].name: got the number 3",
    "no-sigs": "missing key 'sigs'",
    "lone-surrogate": "sigs[0].name: lone surrogate U+D800",
}
GRAPH_KEYS = {
    "lone-surrogate": "nodes[0].id: lone surrogate U+DFFF",
    "nodes-number": "nodes: got the number 3",
    "node-id-list": "nodes[0].id: got a list of 1 item",
    "edge-without-target": "edges[0]: missing key 'target'",
    "evidence-wrong": "edges[0].evidence[0]",
}


@pytest.mark.parametrize("api", ["build", "extract"])
@pytest.mark.parametrize("shape", sorted(BAD_REGISTRIES))
def test_hostile_python_api_bad_registry_raises_registry_error(tmp_path, corpus, api, shape):
    import extractor
    from extractor.errors import DataFileError, RegistryError

    reg = _write(tmp_path / f"reg-{shape}.json", BAD_REGISTRIES[shape])
    with pytest.raises(RegistryError) as exc:
        getattr(extractor, api)([corpus], registry=reg, jobs=1)
    assert isinstance(exc.value, DataFileError)
    msg = str(exc.value)
    assert msg.startswith(f"{reg}: ") and "\n" not in msg
    assert REGISTRY_KEYS.get(shape, "") in msg


def test_hostile_python_api_bad_registry_fails_before_any_worker(tmp_path, corpus, monkeypatch):
    import extractor.pipeline as pipeline
    from extractor.errors import RegistryError

    def no_pool(*args, **kwargs):
        raise AssertionError("workers started for a registry that cannot be read")

    monkeypatch.setattr(pipeline, "_executor", no_pool)
    reg = _write(tmp_path / "reg.json", BAD_REGISTRIES["wrong-type"])
    with pytest.raises(RegistryError, match="maintainers"):
        pipeline.extract([corpus], registry=reg, jobs=2, min_parallel=1)


def test_hostile_python_api_registry_loader_validates(tmp_path):
    from extractor.errors import RegistryError
    from extractor.resources import load_registry

    for shape, content in BAD_REGISTRIES.items():
        reg = _write(tmp_path / f"reg-{shape}.json", content)
        with pytest.raises(RegistryError) as exc:
            load_registry(reg)
        assert str(reg) in str(exc.value), shape
    with pytest.raises(RegistryError, match="file not found"):
        load_registry(tmp_path / "missing.json")


@pytest.mark.parametrize("shape", sorted(BAD_GRAPHS))
def test_hostile_python_api_bad_graph_raises_graph_error(tmp_path, shape):
    import extractor
    from extractor.errors import DataFileError, GraphError

    g = _write(tmp_path / f"graph-{shape}.json", BAD_GRAPHS[shape])
    with pytest.raises(GraphError) as exc:
        extractor.load(g)
    assert isinstance(exc.value, DataFileError)
    msg = str(exc.value)
    assert msg.startswith(f"{g}: ") and "\n" not in msg
    assert GRAPH_KEYS.get(shape, "") in msg


def test_hostile_python_api_good_files_still_load(tmp_path, corpus, graph):
    import extractor

    kg = extractor.load(graph)
    assert kg.node("Mingyong Hou") == "Person:侯明永"
    reg = ROOT / "examples" / "openeuler-community.json"
    res = extractor.extract([corpus], registry=reg, jobs=1)
    assert len(res.records) == 1 and res.problems == []

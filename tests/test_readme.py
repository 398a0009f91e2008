"""Every code block of the README runs as written (in a scratch copy of examples/ and graphs/)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
VENV_BIN = Path(sys.executable).parent
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
RUNNERS = {"bash", "python", "json", "yaml"}


def _blocks() -> list[tuple[int, str, str]]:
    """(line, language, text) of each fenced block."""
    text = README.read_text(encoding="utf-8")
    return [(text[: m.start()].count("\n") + 1, m[1], m[2]) for m in BLOCK.finditer(text)]


def _ids(kind: str) -> list[tuple[int, str]]:
    return [(line, body) for line, lang, body in _blocks() if lang == kind]


@pytest.fixture()
def scratch(tmp_path: Path) -> Path:
    """A working folder holding what the README's commands read."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "graphs", tmp_path / "graphs")
    return tmp_path


def test_readme_every_block_has_a_runner():
    langs = [lang for _, lang, _ in _blocks()]
    assert len(langs) >= 7
    assert set(langs) <= RUNNERS, f"a README block this test cannot run: {set(langs) - RUNNERS}"


def _commands(body: str) -> list[str]:
    lines = [ln.strip() for ln in body.replace("\\\n", " ").splitlines()]
    return [c.strip() for ln in lines if ln and not ln.startswith("#") for c in ln.split(" && ")]


def test_readme_quick_start_installs_only_what_running_needs():
    (_, quick), (_, tests) = _ids("bash")[:2]
    assert ".venv/bin/pip install -e ." in _commands(quick)
    assert "[test]" not in quick
    assert '.venv/bin/pip install -e ".[test]"' in _commands(tests)
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = " ".join(meta["dependencies"])
    for tool in ("pytest", "hypothesis", "nbmake", "ruff", "playwright"):
        assert tool not in runtime and any(tool in x for x in meta["optional-dependencies"]["test"])


@pytest.mark.parametrize(("line", "body"), _ids("bash"), ids=lambda x: str(x)[:12])
def test_readme_bash_block_runs(scratch, line, body):
    for cmd in _commands(body):
        if cmd.startswith("python3 -m venv") or cmd.startswith(".venv/bin/pip install"):
            continue  # installing needs the network; the test above checks what is installed
        if cmd == ".venv/bin/python -m pytest":
            continue  # this very suite
        argv = shlex.split(cmd)
        if argv[0].startswith(".venv/bin/"):
            argv[0] = str(VENV_BIN / argv[0].removeprefix(".venv/bin/"))
        res = subprocess.run(argv, cwd=scratch, capture_output=True, text=True, timeout=600)
        assert res.returncode == 0, f"README line {line}: {cmd}\n{res.stdout}\n{res.stderr}"
    outputs = [a for c in _commands(body) for a in re.findall(r"-o (\S+)", c)]
    for out in outputs:
        assert (scratch / out).exists(), out


@pytest.mark.parametrize(("line", "body"), _ids("python"), ids=lambda x: str(x)[:12])
def test_readme_python_block_runs(scratch, line, body):
    # a script that builds needs the __main__ guard (worker processes), as the README says
    script = "if __name__ == '__main__':\n" + textwrap.indent(body, "    ")
    (scratch / "block.py").write_text(script, encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "block.py"], cwd=scratch, capture_output=True, text=True, timeout=600
    )
    assert res.returncode == 0, f"README line {line}\n{res.stdout}\n{res.stderr}"


def test_readme_registry_block_is_a_registry(tmp_path):
    from extractor.resources import get_resources

    [(_, body)] = _ids("json")
    path = tmp_path / "registry.json"
    path.write_text(body, encoding="utf-8")
    reg = get_resources(path).registry
    assert json.loads(body)["sigs"][0]["name"] == "sig-confidential-computing"
    for form in ("机密计算 SIG", "sig-机密计算", "SIG Confidential Computing"):
        assert reg.canonical_sig(form) == "sig-confidential-computing", form


def test_readme_alias_block_builds(tmp_path):
    from extractor.query import build

    [(_, body)] = _ids("yaml")
    path = tmp_path / "aliases.yaml"
    path.write_text(body, encoding="utf-8")
    kg = build(ROOT / "examples", aliases=path, jobs=1)
    assert kg.node("Mingyong Hou") == kg.node("侯明永")

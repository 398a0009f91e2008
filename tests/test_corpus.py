"""The development corpus in ../shared, scored with its own scorer (skipped when absent)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "dev"
GOLD = SHARED / "corpus" / "dev-gold"
SCORER = SHARED / "eval" / "score.py"
REGISTRY = SHARED / "registry" / "openeuler-community.json"

pytestmark = pytest.mark.skipif(not (DEV.is_dir() and SCORER.is_file()), reason="../shared absent")

# Floors the extraction must keep on the development corpus.  Where the target of the
# extraction issue is met the floor is that target; where it is not met yet the floor
# sits just under the measured score, so a regression fails the suite (the closing note
# lists the gap).  The spine's own bars (entity:ALL 0.65, talks 0.75, talk_speakers 0.70,
# event:date 0.8) are all below these.
BARS = {
    "entity:ALL": 0.85,
    "entity:Person": 0.93,
    "entity:SIG": 0.85,
    "entity:Organization": 0.80,
    "entity:Project": 0.80,
    "entity:Technology": 0.75,
    "talks": 0.90,
    "talk_speakers": 0.90,
    "rel:member_of": 0.75,
    "rel:affiliated_with": 0.75,
    "event:name": 0.90,
    "event:date": 0.95,
}


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("dev") / "dev.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "extractor",
        "extract",
        str(DEV),
        "-o",
        str(out),
        "--registry",
        str(REGISTRY),
        "--no-cache",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    result, _errors, n, missing = mod.score(GOLD, out)
    assert missing == 0
    return result


@pytest.mark.corpus
@pytest.mark.parametrize("measure", sorted(BARS))
def test_corpus_dev_scores_meet_the_bar(dev_scores, measure):
    assert dev_scores[measure]["f1"] >= BARS[measure], json.dumps(dev_scores[measure])

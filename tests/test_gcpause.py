"""paused_gc: the collector is off inside, back on after, and nothing is lost."""

from __future__ import annotations

import gc
import weakref

from extractor.gcpause import paused_gc


class _Node:
    pass


def test_gcpause_nested_blocks_restore_the_collector():
    assert gc.isenabled()
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_gcpause_leaves_no_young_backlog_and_cycles_are_still_collected():
    with paused_gc():
        kept = [[i] for i in range(50_000)]
        a, b = _Node(), _Node()
        a.other, b.other = b, a  # a cycle made during the pause
        ref = weakref.ref(a)
        del a, b
    assert gc.get_count()[0] < 700  # no collection of 50,000 young objects pending
    gc.collect()
    assert ref() is None
    assert len(kept) == 50_000


def test_gcpause_keeps_the_callers_frozen_objects_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            _ = [[i] for i in range(1000)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()

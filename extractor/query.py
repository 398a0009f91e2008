"""Stage 8: MeetupGraph, the graph plus the questions users ask of it from Python."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from .model import DocumentRecord, Problem

__all__ = ["MeetupGraph", "build", "load"]


class MeetupGraph:
    """A knowledge graph of meetups; ``kg.graph`` is the networkx MultiDiGraph."""

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        records: list[DocumentRecord] | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.graph = graph
        self.records = records or []
        self.problems = problems or []

    def __repr__(self) -> str:
        return f"<MeetupGraph {self.graph.number_of_nodes()} nodes, {self.graph.number_of_edges()} edges>"

    def save(self, path: str | Path) -> None:
        """Write node-link JSON (``load(path)`` gives the same graph back)."""
        from .graph import write_json

        write_json(self.graph, path)


def build(
    paths: str | Path | Iterable[str | Path],
    registry: str | Path | None = None,
    jobs: int | None = None,
) -> MeetupGraph:
    """Extract articles under ``paths`` and merge them into one :class:`MeetupGraph`."""
    from .graph import records_to_graph
    from .pipeline import extract
    from .resources import get_resources

    if isinstance(paths, (str, Path)):
        paths = [paths]
    res = extract(list(paths), registry=registry, jobs=jobs)
    g = records_to_graph(res.records, get_resources(registry).same_person)
    return MeetupGraph(g, res.records, res.problems)


def load(path: str | Path) -> MeetupGraph:
    """Read a graph saved by :meth:`MeetupGraph.save` or ``meetup-kg build``."""
    from .graph import read_json

    return MeetupGraph(read_json(path))

"""Stage 9: graph -> self-contained offline HTML view (vis-network inlined)."""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

import networkx as nx

from .fsio import atomic_write_text

__all__ = ["to_html", "write_html"]

COLORS = {
    "Event": "#e4572e", "Talk": "#f3a712", "Person": "#4c9be8", "Organization": "#7a6fbf",
    "SIG": "#29bf12", "Project": "#17a398", "Technology": "#a8c256", "Location": "#b07b50",
}


def _vis_js() -> str:
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return lib.read_text(encoding="utf-8")


def to_html(g: nx.MultiDiGraph, title: str = "meetup-kg") -> str:
    """A whole HTML page drawing ``g``; all article text is escaped."""
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    nodes = [
        {"id": ids[n], "label": d.get("label", n), "group": d.get("type", ""),
         "color": COLORS.get(d.get("type", ""), "#999"),
         "title": html.escape(f"{d.get('type')}: {d.get('label')}")}
        for n, d in g.nodes(data=True)
    ]
    edges = [{"from": ids[u], "to": ids[v], "label": k, "arrows": "to"}
             for u, v, k in g.edges(keys=True)]
    data = json.dumps({"nodes": nodes, "edges": edges}, ensure_ascii=False).replace("</", "<\\/")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>" + html.escape(title)
        + "</title><script>" + _vis_js().replace("</script", "<\\/script")
        + "</script></head><body><div id='g' style='height:95vh'></div><script>"
        + "const D=" + data + ";new vis.Network(document.getElementById('g'),"
        + "{nodes:new vis.DataSet(D.nodes),edges:new vis.DataSet(D.edges)},{});</script>"
        + "</body></html>"
    )


def write_html(g: nx.MultiDiGraph, path: str | Path, title: str = "meetup-kg") -> None:
    """Write the view atomically."""
    atomic_write_text(path, to_html(g, title))

"""Time ``kg.path``'s first call after ``extractor.load``, in a fresh process.

Usage (one process per measurement; alternate two checkouts for paired runs)::

    python benchmarks/bench_path.py CHECKOUT GRAPH.json PAIR

``CHECKOUT`` is the repository whose ``extractor`` package is measured (put first on
``sys.path``), ``PAIR`` an index into: (best-connected person, 51st), (2nd, 81st) --
the pairs of ``bench_view.py`` -- then three seeded random pairs of people of degree
<= 3 in the largest connected component (far pairs; chosen before the timed call).
Prints one JSON line: the first call's wall and CPU seconds, its steps, and a second
call's wall seconds (the next pair).
"""

from __future__ import annotations

import json
import random
import sys
import time


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    import networkx as nx

    import extractor

    kg = extractor.load(sys.argv[2])
    g = kg.graph
    people = sorted(
        (n for n, d in g.nodes(data=True) if d.get("type") == "Person"),
        key=lambda n: (-g.degree(n), n),
    )
    i = int(sys.argv[3])
    pairs = [(people[0], people[50]), (people[1], people[80])]
    if i >= 2:
        comp = max(nx.weakly_connected_components(g), key=len)
        low = sorted(p for p in people if p in comp and g.degree(p) <= 3)
        rng = random.Random(5)
        pairs += [tuple(rng.sample(low, 2)) for _ in range(3)]
    a, b = pairs[i]
    t, c = time.perf_counter(), time.process_time()
    steps = len(kg.path(a, b))
    first, first_cpu = time.perf_counter() - t, time.process_time() - c
    a2, b2 = pairs[(i + 1) % len(pairs)]
    t = time.perf_counter()
    kg.path(a2, b2)
    again = time.perf_counter() - t
    out = {"code": sys.argv[1], "pair": i, "first_s": round(first, 3)}
    out.update(first_cpu_s=round(first_cpu, 3), steps=steps, again_s=round(again, 3))
    print(json.dumps(out))


if __name__ == "__main__":
    main()

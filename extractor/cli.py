"""Thin typer CLI over the library: extract, build, view, evaluate.

Exit codes: 0 success; 1 some files had problems or warnings and --strict was given, or a
library error (bad registry, unreadable graph); 2 usage errors (bad options,
missing paths).

Every command runs through :func:`_command`: whatever goes wrong inside it ends as one
line ``Error: <path>: <what is wrong> (expected ...)`` and exit 1; the traceback is shown
only with ``--debug`` (anywhere on the command line, or MEETUP_KG_DEBUG=1).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn Chinese meetup recap articles into a knowledge graph.",
)

_DEBUG = [False]  # --debug: tracebacks of errors (set for each run by _options)
_DEBUG_ARGV = [False]  # --debug found after the command name by main()
_SUBJECT: list[object] = [None]  # the file an error without a file name is about


def _count(n: int, word: str) -> str:
    """ "1 article", "2 articles"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"meetup-kg {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an error (any position).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Turn Chinese meetup recap articles into a knowledge graph."""
    _DEBUG[0] = bool(debug or _DEBUG_ARGV[0] or os.environ.get("MEETUP_KG_DEBUG"))


def _command(fn):
    """Register ``fn`` as a command whose every error ends as one ``Error:`` line, exit 1.

    Library errors name their file; any other exception (an OSError, a RecursionError,
    a bug) is described with the file in :data:`_SUBJECT`.  Usage errors and
    ``typer.Exit`` pass through unchanged.
    """
    import click

    @functools.wraps(fn)
    def run(*args, **kwargs):
        _SUBJECT[0] = None
        try:
            with _warnings_shown():
                return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as exc:
            from .errors import describe

            if _DEBUG[0]:
                traceback.print_exc()
            _err(describe(exc, _SUBJECT[0]))
            raise typer.Exit(1) from None

    return app.command()(run)


@contextlib.contextmanager
def _warnings_shown():
    """Python warnings raised while a command runs are printed as ``Warning: ...`` lines
    (control characters of file names removed), once each; the filters stay Python's
    (no library DeprecationWarning)."""
    import warnings

    from .errors import printable

    seen: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None):
        text = printable(" ".join(str(message).split()))
        if text not in seen:
            seen.add(text)
            typer.echo(f"Warning: {text}", err=True)

    with warnings.catch_warnings():
        warnings.showwarning = show
        yield


PathsArg = Annotated[
    list[Path], typer.Argument(help="Markdown files or folders (searched recursively).")
]
RegistryOpt = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        "-r",
        help="Community registry JSON (see README).",
        exists=True,
        dir_okay=False,
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: every CPU this process may use)."
    ),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        file_okay=False,
        help="Record cache folder: unchanged articles are not extracted again.",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", help="Extract every article; neither read nor write the cache."),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Exit 1 if any file had a problem or a warning.")
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Overwrite an existing output file that meetup-kg did not write."),
]


def _err(msg: str) -> None:
    from .errors import printable

    typer.echo(f"Error: {printable(' '.join(str(msg).split()))}", err=True)


def _check_paths(paths: list[Path]) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _err(f"{', '.join(missing)}: no such file or folder")
        raise typer.Exit(2)


def _progress():
    """A rich progress bar on stderr, as a callback for the library."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not sys.stderr.isatty(),
    )
    # shown once the library has listed the files and knows their number (no "0/?")
    task = bar.add_task("extract", total=None, visible=False)

    def cb(done: int, total: int, path: str) -> None:
        bar.update(task, completed=done, total=total, visible=True)

    return bar, cb


def _extract(
    paths: list[Path],
    registry: Path | None,
    jobs: int | None,
    cache_dir: Path | None,
    sink=None,
    scan=None,
    **kw,
):
    """Run the library's extraction with a progress bar on stderr."""
    from .pipeline import extract

    bar, cb = _progress()
    with bar:
        return extract(
            paths,
            registry=registry,
            jobs=jobs,
            progress=cb,
            cache_dir=cache_dir,
            sink=sink,
            scan=scan,
            **kw,
        )


def _check_registry(registry: Path | None) -> None:
    """Validate the registry file before any work (the first bad key, with its path)."""
    if registry is not None:
        from .schemas import check_registry

        _SUBJECT[0] = registry
        check_registry(registry)


def _check_name(name: str) -> None:
    """``--name`` must be a plain file name: the files go into the output folder only."""
    from .errors import printable

    if (
        not name
        or name in (".", "..")
        or "/" in name
        or "\\" in name
        or os.sep in name
        or printable(name) != name
        or len(name.encode("utf-8", "replace")) > 200
    ):
        _err(
            f"--name {printable(name)!r}: not a plain file name"
            " (expected a name without '/', '\\' or control characters, e.g. graph)"
        )
        raise typer.Exit(2)


def _report_problems(problems, warnings=()) -> None:
    from .errors import printable

    for w in warnings:  # the file still gave a record
        typer.echo(f"Warning: {printable(w)}", err=True)
    for p in problems:
        typer.echo(f"Problem: {printable(p)}", err=True)


def _no_articles(paths: list[Path], res) -> bool:
    """Warn when the inputs hold no article at all (an empty folder, a typo'd glob);
    True if so (``--strict`` then exits 1)."""
    from .errors import printable

    if res.extracted or res.reused:
        return False
    where = ", ".join(printable(p) for p in paths)
    typer.echo(f"Warning: no articles found in {where} (expected .md or .markdown files)", err=True)
    return True


@_command
def extract(
    paths: PathsArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON-lines file to write.")],
    registry: RegistryOpt = None,
    jobs: JobsOpt = None,
    strict: StrictOpt = False,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    force: ForceOpt = False,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Leave out talks and relations whose confidence is below this (0-1).",
        ),
    ] = 0.0,
) -> None:
    """Write one document record per article (SCHEMA.md format) as JSON lines.

    Records are cached only when --cache-dir is given.  Every talk and relation
    carries a confidence in [0, 1]; --min-confidence keeps only the surer ones.

    Example: meetup-kg extract articles/ -o records.jsonl
    """
    from .errors import printable
    from .fsio import atomic_write_text, guard_output, remove_stale_temps

    _check_paths(paths)
    _check_registry(registry)
    _SUBJECT[0] = output
    guard_output(output, paths, force=force)
    res = _extract(paths, registry, jobs, None if no_cache else cache_dir)
    lines = [
        json.dumps(r.above(min_confidence).to_dict(), ensure_ascii=False, sort_keys=True)
        for r in res.records
    ]
    _SUBJECT[0] = output
    for folder in (output.parent, None if no_cache else cache_dir):
        if folder is not None:
            remove_stale_temps(folder)
    atomic_write_text(output, "".join(line + "\n" for line in lines))
    _report_problems(res.problems, res.warnings)
    empty = _no_articles(paths, res)
    typer.echo(
        f"{_count(len(res.records), 'record')} written to {printable(output)}; "
        f"{_count(len(res.problems), 'problem')}, {_count(len(res.warnings), 'warning')} "
        f"({res.extracted} extracted, {res.reused} from cache)",
        err=True,
    )
    if strict and (res.problems or res.warnings or empty):
        raise typer.Exit(1)


BUILD_FORMATS = ("json", "html", "graphml", "gexf")
GRAPHML_AUTO_MAX = 1000  # GraphML is ~6x the compact JSON: 230 MB at 10,000 articles


def _build_formats(text: str) -> list[str] | None:
    """``--formats`` as a list in :data:`BUILD_FORMATS` order; None for 'auto'."""
    names = [x.strip().lower() for x in text.split(",") if x.strip()]
    if names == ["auto"]:
        return None
    bad = [x for x in names if x not in BUILD_FORMATS]
    if bad or not names:
        raise typer.BadParameter(
            f"{text!r}: expected 'auto' or some of {', '.join(BUILD_FORMATS)}, comma-separated",
            param_hint="--formats",
        )
    return [x for x in BUILD_FORMATS if x in names]


def _auto_formats(articles: int) -> list[str]:
    """What ``--formats auto`` writes for a build of ``articles`` articles."""
    return ["json", "graphml", "html"] if articles <= GRAPHML_AUTO_MAX else ["json", "html"]


@_command
def build(
    paths: PathsArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the graph files.")
    ] = Path("graphs"),
    name: Annotated[str, typer.Option("--name", help="Base name of the files written.")] = "graph",
    registry: RegistryOpt = None,
    jobs: JobsOpt = None,
    strict: StrictOpt = False,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
    aliases: Annotated[
        Path | None,
        typer.Option(
            "--aliases",
            help="YAML file of same / not-same decisions that corrects merges (see README).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    force: ForceOpt = False,
    formats: Annotated[
        str,
        typer.Option(
            "--formats",
            callback=lambda v: (_build_formats(v), v)[1],  # a usage error (exit 2)
            help="Files to write, comma-separated: json, html, graphml, gexf. 'auto' (the "
            f"default): json and html, and graphml for up to {GRAPHML_AUTO_MAX:,} articles.",
        ),
    ] = "auto",
) -> None:
    """Build the graph: DIR/NAME.html (offline view), NAME.json (node-link), NAME.graphml.

    Records of unchanged articles are reused from DIR/.meetup-kg-cache (see --cache-dir).

    Example: meetup-kg build examples/ -o graphs --name example
    """
    from .errors import printable
    from .fsio import forked, guard_output, remove_stale_temps, staged_writes
    from .gcpause import paused_gc

    _check_paths(paths)
    _check_name(name)
    _check_registry(registry)
    alias_file = None
    if aliases is not None:
        from .schemas import load_alias_file

        _SUBJECT[0] = aliases
        alias_file = load_alias_file(aliases)
    _SUBJECT[0] = output
    if not no_cache and cache_dir is None:
        cache_dir = output / ".meetup-kg-cache"
    guard_output(output, paths, what="folder")
    previous: list[str] = []
    if cache_dir is not None:
        from .cache import BuildStamp

        previous = BuildStamp(cache_dir, name).outputs()
    wanted = _build_formats(formats)
    for ext in wanted or ("json", "graphml", "html"):
        guard_output(output / f"{name}.{ext}", paths, force=force, previous=previous)
    for folder in (output, cache_dir):
        if folder is not None:
            remove_stale_temps(folder)
    # records, graph and page data hold no reference cycles: the collector walking
    # them again and again cost as much as building and writing the graph
    with paused_gc():
        # which files: known now unless 'auto' decides by the number of articles
        chosen = wanted
        files: list[Path] = []
        stamp = key = summary = None
        res = scan = None
        if not no_cache and cache_dir is not None:
            # nothing changed since the last build into the same files: skip the writing,
            # and when every record is cached, the reading and decoding of records too
            from .cache import BuildStamp
            from .pipeline import ExtractResult, scan_cache

            stamp = BuildStamp(cache_dir, name)
            alias_digest = ""
            if aliases is not None:
                import hashlib

                alias_digest = hashlib.sha256(aliases.read_bytes()).hexdigest()
            # (what the scan reads and hashes, extraction does not read again)
            scan = scan_cache(paths, registry, cache_dir=cache_dir)
            chosen = chosen or _auto_formats(len(scan.files))
            files = [output / f"{name}.{ext}" for ext in chosen]
            cached = scan.cached
            if cached is not None:
                key = stamp.key(
                    cached[0], output=output, name=name, aliases=alias_digest, formats=chosen
                )
                summary = stamp.current(key, files)
                if summary is not None:
                    res = ExtractResult(reused=cached[1], digest=cached[0])
        graph_of = save_state = None
        if res is None:
            # (imported here: a build with nothing to do needs neither networkx nor
            # the vocabulary)
            from .incremental import build_graph, state_path
            from .resources import get_resources

            # records are merged into the graph as they come, while workers extract; or,
            # after a build with the same cache, the last graph is updated from the
            # changed articles (see extractor.incremental)
            res, graph_of, save_state = build_graph(
                lambda **kw: _extract(
                    paths, registry, jobs, None if no_cache else cache_dir, scan=scan, **kw
                ),
                get_resources(registry).same_person,
                aliases=alias_file,
                cache=scan.cache if scan is not None else None,
                state_file=state_path(cache_dir, name) if scan is not None else None,
                files=scan.files if scan is not None else None,
                registry=registry,
            )
            chosen = chosen or _auto_formats(res.articles + len(res.problems))
            files = [output / f"{name}.{ext}" for ext in chosen]
            if res.digest is not None and stamp is not None:
                key = stamp.key(
                    res.digest, output=output, name=name, aliases=alias_digest, formats=chosen
                )
                summary = stamp.current(key, files)
        if summary is None:
            from .graph import graph_summary, write_graphml, write_json
            from .render import write_html
            from .views import graph_title

            assert graph_of is not None  # no summary: this run extracted
            g = graph_of()
            if save_state is not None:
                # (saved now: the memory its pickling takes is then taken again by the
                # writers below, not on top of theirs; the state holds the merged
                # records, whatever becomes of the files)
                save_state()
                save_state = None
            _SUBJECT[0] = output
            output.mkdir(parents=True, exist_ok=True)
            out = dict(zip(chosen, files, strict=True))
            # all the files change together or not at all
            with staged_writes():
                # the largest files are written by a second process meanwhile (forked:
                # it shares the graph's memory pages instead of copying the graph)
                def write_exports() -> None:
                    if "graphml" in out:
                        write_graphml(g, out["graphml"])
                    if "gexf" in out:
                        from .exports import export

                        export(g, out["gexf"], "gexf")

                exports_written = (
                    forked(write_exports) if {"graphml", "gexf"} & set(out) else lambda: None
                )
                try:
                    if "json" in out:
                        write_json(g, out["json"])
                    if "html" in out:
                        write_html(g, out["html"], title=graph_title(g))
                finally:
                    exports_written()
            counts = graph_summary(g)
            summary = {
                "articles": res.articles,
                "events": counts.get("Event", 0),
                "talks": counts.get("Talk", 0),
                "people": counts.get("Person", 0),
                "SIGs": counts.get("SIG", 0),
                "projects": counts.get("Project", 0),
                "technologies": counts.get("Technology", 0),
                "organizations": counts.get("Organization", 0),
                "problems": len(res.problems),
                "warnings": len(res.warnings),
            }
            if stamp is not None and key is not None:
                stamp.record(key, files, summary)
        if save_state is not None:  # the merge, for the next build to update
            save_state()
    _report_problems(res.problems, res.warnings)
    empty = _no_articles(paths, res)
    typer.echo(f"{_count(res.extracted, 'article')} extracted, {res.reused} from cache", err=True)
    typer.echo(printable(", ".join(f"{k}: {v}" for k, v in summary.items())))
    shown = ", .".join(x for x in ("html", "json", "graphml", "gexf") if x in chosen)
    typer.echo(f"wrote {printable(output / name)}.{shown}")
    # (an unchanged build reports the warnings' count from the run that wrote the files)
    if strict and (res.problems or summary.get("warnings") or empty):
        raise typer.Exit(1)


@_command
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold records (*.json, SCHEMA.md).")],
    corpus: Annotated[
        Path, typer.Argument(help="Folder of the articles; gold `doc` is relative to it.")
    ],
    registry: RegistryOpt = None,
    show_errors: Annotated[
        bool, typer.Option("--show-errors/--no-errors", help="List every mismatch after the table.")
    ] = True,
    json_out: Annotated[
        Path | None,
        typer.Option("--json", help="Also write the scores as JSON here.", dir_okay=False),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Score the extractor on annotated articles: precision, recall, F1 per measure (SCHEMA.md rules).

    Example: meetup-kg evaluate gold/ articles/ --json scores.json
    """
    from .evaluate import evaluate as run
    from .fsio import atomic_write_text, guard_output, remove_stale_temps
    from .schemas import check_gold

    _check_paths([gold_dir, corpus])
    _check_registry(registry)
    _SUBJECT[0] = gold_dir
    if gold_dir.is_dir():
        check_gold(gold_dir)
    if json_out:
        _SUBJECT[0] = json_out
        # a scores file among the gold records would be read as one next time
        guard_output(json_out, [gold_dir], scanned=(".json",), force=force, read_as="a gold record")
        guard_output(json_out, [corpus], force=force)
    _SUBJECT[0] = corpus
    bar, cb = _progress()
    with bar:
        scores = run(gold_dir, corpus, registry=registry, progress=cb)
    typer.echo(
        f"{_count(scores.articles, 'gold article')}, {len(scores.missing)} without a prediction"
    )
    typer.echo(scores.table())
    if show_errors:
        for line in scores.errors:
            typer.echo(line)
    _report_problems(scores.problems)
    if json_out:
        _SUBJECT[0] = json_out
        remove_stale_temps(json_out.parent)
        atomic_write_text(
            json_out, json.dumps(scores.to_dict(), ensure_ascii=False, indent=1) + "\n"
        )


@_command
def view(
    graph: Annotated[Path, typer.Argument(help="Graph JSON written by `meetup-kg build`.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")],
    focus: Annotated[
        str | None, typer.Option("--focus", help="Name or alias of a person, SIG, project ...")
    ] = None,
    hops: Annotated[int, typer.Option("--hops", help="Edges to follow from --focus.", min=0)] = 1,
    types: Annotated[
        str | None, typer.Option("--types", help="Node types to keep, e.g. Person,SIG,Technology.")
    ] = None,
    event: Annotated[
        str | None, typer.Option("--event", help="One meetup: Event name, 'name date' or id.")
    ] = None,
    min_degree: Annotated[
        int, typer.Option("--min-degree", help="Drop nodes with fewer edges.", min=0)
    ] = 0,
    top: Annotated[
        int | None, typer.Option("--top", help="Keep the N nodes of highest degree.", min=1)
    ] = None,
    max_nodes: Annotated[
        int | None,
        typer.Option(
            "--max-nodes",
            help="Most nodes a --focus view keeps: the nearest, then the most tied to the"
            " focus (default 300; 0: no cap).",
            min=0,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="Page title (default: what the view shows: its focus, event, types,"
            " or the graph's talks, people and events).",
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Write one self-contained offline HTML view of a graph, or of part of it.

    A --focus view keeps at most --max-nodes nodes: the focus, then the nodes one edge
    away, then two ..., each distance ranked by how tied it is to the focus; the page
    and the output say how many were left out.

    Example: meetup-kg view graphs/example.json -o people.html --focus 郑振宇 --hops 2
    """
    from .errors import printable
    from .fsio import guard_output, remove_stale_temps
    from .render import write_html
    from .schemas import load_graph
    from .views import DEFAULT_FOCUS_NODES, ViewError, select, view_title

    _check_paths([graph])
    _SUBJECT[0] = output
    guard_output(output, [graph], force=force)
    type_list = [t.strip() for t in types.split(",") if t.strip()] if types else None
    _SUBJECT[0] = graph
    g = load_graph(graph)
    try:
        sub, note = select(
            g,
            focus=focus,
            hops=hops,
            types=type_list,
            event=event,
            min_degree=min_degree,
            top=top,
            max_nodes=DEFAULT_FOCUS_NODES if max_nodes is None else max_nodes or None,
        )
    except ViewError as exc:
        _err(f"{graph}: {exc}")
        raise typer.Exit(2) from None
    _SUBJECT[0] = output
    remove_stale_temps(output.parent)
    title = title or view_title(g, focus=focus, types=type_list, event=event)
    write_html(sub, output, title=title, note=note)
    n, m = sub.number_of_nodes(), sub.number_of_edges()
    typer.echo(f"wrote {printable(output)}: {_count(n, 'node')}, {_count(m, 'edge')}")
    if note:
        typer.echo(printable(note))


@_command
def export(
    graph: Annotated[Path, typer.Argument(help="Graph JSON written by `meetup-kg build`.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (a folder for neo4j).")
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="gexf, neo4j, turtle or jsonld (default: from the suffix)."
        ),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Export a graph for Gephi (GEXF), neo4j-admin import (CSV), RDF (Turtle) or JSON-LD.

    Example: meetup-kg export graphs/example.json -o example.gexf --format gexf
    """
    from .errors import printable
    from .exports import export as run
    from .exports import output_files
    from .fsio import guard_output, remove_stale_temps
    from .schemas import load_graph

    _check_paths([graph])
    _SUBJECT[0] = output
    files, folder = output_files(output, format)
    if folder:
        guard_output(output, [graph], what="folder")
    for f in files:
        guard_output(f, [graph], force=force)
    _SUBJECT[0] = graph
    g = load_graph(graph)
    _SUBJECT[0] = output
    remove_stale_temps(output if folder else output.parent)
    files = run(g, output, format)
    typer.echo(f"wrote {', '.join(printable(f) for f in files)}")


def main() -> None:
    """Console-script entry point (also ``python -m extractor``).

    Ends the process as the interpreter would, atexit handlers and flushed
    output included, but without its final garbage collection: the graph of a
    large build is millions of objects in reference cycles (networkx's views
    point back at the graph), and freeing them one by one took 4 s at 10,000
    articles after every file was written.
    """
    args = sys.argv[1:]
    end = args.index("--") if "--" in args else len(args)
    if "--debug" in args[:end]:  # accepted after the command name too
        _DEBUG_ARGV[0] = True
        args = [a for a in args[:end] if a != "--debug"] + args[end:]
    try:
        app(args=args)
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):  # SystemExit("message"): shown, status 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    status = code if isinstance(code, int) else 0 if code is None else 1
    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    if run_exitfuncs is None:  # another Python: exit the ordinary way
        sys.exit(status)
    run_exitfuncs()  # e.g. multiprocessing stopping its forkserver
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(status)


if __name__ == "__main__":
    main()

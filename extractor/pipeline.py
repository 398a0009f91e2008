"""Stages 1-6 wired together: paths -> document records (with per-file problems)."""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .article import _doc_of, discover, read_article
from .errors import ArticleError
from .gcpause import paused_gc
from .model import Article, DocumentRecord, FileWarning, Problem

__all__ = [
    "MIN_PARALLEL",
    "CacheScan",
    "ExtractResult",
    "cached_digest",
    "default_jobs",
    "extract",
    "extract_article",
    "extract_file",
    "list_articles",
    "record_line",
    "scan_cache",
]

Progress = Callable[[int, int, str], None]

MIN_PARALLEL = 8  # fewer articles than this are extracted in-process: workers cost ~1 s to start
_START_METHOD = "forkserver"  # safe with threads in the parent (rich's progress bar)
_MAX_CRASHES = 10  # worker deaths tolerated before the remaining files are given up


@dataclass
class ExtractResult:
    """Records for the articles that could be read, problems for the others, and the
    warnings of records (odd input read leniently: still a record, counted apart)."""

    records: list[DocumentRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[FileWarning] = field(default_factory=list)  # in ``doc`` order
    articles: int = 0  # records obtained (kept in ``records`` or given to a sink)
    reused: int = 0  # records taken from the cache
    extracted: int = 0  # files run through the extraction stages in this call
    digest: str | None = None  # inputs + extractor fingerprint (with a cache only)
    shas: dict[str, str] = field(default_factory=dict)  # doc -> sha256 of each record's file
    # (path, doc) of the records left in the cache unread (``extract(skip_cached=True)``)
    cached: list[tuple[str, str]] = field(default_factory=list)


def default_jobs() -> int:
    """The CPUs this process may use (its affinity mask, not the machine's core count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def extract_article(article: Article, registry: str | Path | None = None) -> DocumentRecord:
    """Run the extraction stages on one parsed article.

    >>> from extractor.article import parse_article
    >>> md = "---\\ntitle: 开源 Meetup 回顾\\n---\\n## 张三：开源之路\\n张三来自华为。"
    >>> rec = extract_article(parse_article(md, doc="a.md"))
    >>> rec.talks[0].title, rec.talks[0].speakers
    ('开源之路', ['张三'])
    """
    from .record import build_record
    from .resources import get_resources

    return build_record(article, get_resources(registry))


def extract_file(
    path: str | Path, root: str | Path | None = None, registry: str | Path | None = None
) -> DocumentRecord | Problem:
    """Extract one file; a file that cannot be read becomes a :class:`Problem`."""
    try:
        art = read_article(path, root)
        return extract_article(art, registry)
    except ArticleError as exc:
        return Problem(str(path), exc.message, exc.line, exc.expected)
    except RecursionError:
        return Problem(str(path), "structure nested too deeply to parse")
    except MemoryError:
        return Problem(str(path), "out of memory while extracting")
    except Exception as exc:  # one bad file must never cost the others
        return Problem(str(path), f"internal error while extracting: {type(exc).__name__}: {exc}")


def list_articles(paths: Iterable[str | Path]) -> list[tuple[str, str, str]]:
    """``(path, root, doc)`` of every article under ``paths`` (files or folders), in the
    order :func:`extract` gives their records (by ``doc``): the work list for running
    :func:`extract_file` under another engine (Dask, Spark: see ``benchmarks/dask_extract.py``).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.md", "a/z.md", "a.md"):
    ...     (d / name).parent.mkdir(exist_ok=True); _ = (d / name).write_text("# t", "utf-8")
    >>> [doc for _path, _root, doc in list_articles([d])]
    ['a.md', 'a/z.md', 'b.md']
    """
    out = [(str(f), str(root), _doc_of(f, root)) for f, root in discover(paths)]
    out.sort(key=lambda item: item[2])
    return out


def record_line(record: DocumentRecord, min_confidence: float = 0.0) -> str:
    """``record`` as one line of ``meetup-kg extract``'s JSON-lines output (without the
    line break); read it back with ``DocumentRecord.from_dict(json.loads(line))``.

    >>> rec = DocumentRecord("a.md", None, [], [], [])
    >>> DocumentRecord.from_dict(json.loads(record_line(rec))) == rec
    True
    """
    return json.dumps(record.above(min_confidence).to_dict(), ensure_ascii=False, sort_keys=True)


# One unit of work: (index in the file list, path, root, doc, sha256 or None, registry).
_Item = tuple[int, str, str, str, str | None, str | None]
# (result, the record's bytes for the cache or None); from a worker process, a record
# comes as (None, its bytes): sent once, loaded by the parent, stored in the cache as is
_Out = tuple[DocumentRecord | Problem | None, bytes | None]

_IN_WORKER = False  # set in worker processes


def _work(item: _Item, keep: bool = True) -> _Out:
    """Extract one file (in a worker or in-process) and pickle its record (in-process,
    only when ``keep``: there is a cache to store it in)."""
    _, path, root, doc, sha, registry = item
    out = extract_file(path, root, registry)
    if not isinstance(out, DocumentRecord) or not (keep or _IN_WORKER):
        return out, None
    from .cache import dump_record

    data = dump_record(out)
    if _IN_WORKER and data is not None:
        return None, data
    return out, data


_WARM_UP = "## 张三：开源之路\n\n2025 年 1 月 1 日，Meetup 在北京举行。张三来自华为，是 Kernel SIG Maintainer。"


def _init_worker(registry: str | None, main_pid: int | None = None) -> None:
    """Load the vocabulary and jieba once per worker process, and run the stages once on a
    small article (their patterns and memos are built lazily), so that a worker started
    early does all of this while the parent is still hashing and reading the cache.

    The worker ends when the process that started the pool (``main_pid``) dies, even
    by ``kill -9``: the kernel kills it with its parent (the forkserver), and a watch
    thread checks ``main_pid`` itself every half second."""
    global _IN_WORKER
    _IN_WORKER = True
    _watch_parent(main_pid)
    try:
        from .article import parse_article

        extract_article(parse_article(_WARM_UP, doc="warm-up.md"), registry)
    except Exception:  # each file then reports the failure as its Problem
        pass
    # the vocabulary, jieba's dictionary and the patterns live as long as the worker:
    # out of the collector's generations, later collections do not walk them
    gc.collect()
    gc.freeze()


def _watch_parent(main_pid: int | None) -> None:
    """End this worker process when its parent or ``main_pid`` is gone."""
    import threading
    import time

    from .fsio import die_with_parent

    die_with_parent()
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)
            if main_pid is not None:
                try:
                    os.kill(main_pid, 0)
                except ProcessLookupError:
                    os._exit(1)
                except OSError:
                    pass

    threading.Thread(target=watch, name="meetup-kg-parent-watch", daemon=True).start()


def _ping() -> bool:
    return True


def _context():
    """The multiprocessing context of the workers (forkserver where there is one)."""
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    return mp.get_context(_START_METHOD if _START_METHOD in methods else "spawn")


def _executor(registry: str | None, workers: int):
    """A process pool whose workers all start now (each loading the pipeline)."""
    from concurrent.futures import ProcessPoolExecutor

    ex = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(registry, os.getpid()),
    )
    for _ in range(workers):  # one worker is started per submitted task
        ex.submit(_ping)
    return ex


def _work_chunk(items: list[_Item]) -> list[_Out]:
    """Extract a few files in a worker (one task: less traffic than one file per task).

    The collector rests meanwhile, as it does in the parent's own extraction: the
    records are trees without cycles, and the vocabulary and jieba's dictionary (frozen
    after the warm-up) need no traversal."""
    with paused_gc():
        return [_work(item) for item in items]


def _run_parallel(
    items: list[_Item], registry: str | None, workers: int, started=None
) -> Iterator[tuple[int, _Out]]:
    """Yield ``(i, output of items[i])`` as the files finish, computed by ``workers``
    processes (in small chunks: a slow file holds back only its chunk, not the count of
    those done after it).

    If a worker dies (killed for memory, a crash in a C extension), the rest
    is retried in one worker, one file per task, so the file that kills it
    again is known: it becomes a :class:`Problem` and the others go on.  If
    workers cannot start at all (e.g. a script without a main guard), the
    files are extracted in this process instead, with a warning.  ``started`` is a
    pool from :func:`_executor` already running (it is shut down here).
    """
    import warnings
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    pending = list(range(len(items)))  # indices of the items not done yet
    chunksize = max(1, min(32, len(items) // (workers * 8)))
    for crash in range(_MAX_CRASHES + 1):
        if not pending:
            if started is not None:
                started.shutdown(wait=True, cancel_futures=True)
            return
        ex = started if started is not None else _executor(registry, workers)
        started = None
        done: set[int] = set()
        broken = False
        try:
            chunks = {
                ex.submit(_work_chunk, [items[i] for i in part]): part
                for part in (pending[k : k + chunksize] for k in range(0, len(pending), chunksize))
            }
            for fut in as_completed(chunks):
                if isinstance(fut.exception(), BrokenProcessPool):
                    broken = True
                    break
                for i, out in zip(chunks[fut], fut.result(), strict=True):
                    done.add(i)
                    yield i, out
            if not broken:
                return
            # the pool broke: first the chunks that finished before (as_completed may
            # give a failed future before them), so that one worker going on in order
            # knows which file killed it
            for fut, part in chunks.items():
                if fut.done() and not fut.cancelled() and fut.exception() is None:
                    if part[0] not in done:
                        for i, out in zip(part, fut.result(), strict=True):
                            done.add(i)
                            yield i, out
        finally:
            # cancelling the futures of a broken pool races with its manager thread
            ex.shutdown(wait=True, cancel_futures=not broken)
        pending = [i for i in pending if i not in done]
        if crash and not done and not _workers_start():
            warnings.warn(
                "worker processes cannot start (does the calling script lack "
                "`if __name__ == '__main__':`?); extracting in this process",
                RuntimeWarning,
                stacklevel=3,
            )
            for i in pending:
                yield i, _work(items[i])
            return
        if crash:  # one worker, one file per task, in order: the first not done killed it
            i = pending.pop(0)
            yield i, (Problem(items[i][1], "a worker process died while extracting it"), None)
        workers = chunksize = 1
    for i in pending:
        yield i, (Problem(items[i][1], "not extracted: worker processes kept dying"), None)


def _workers_start() -> bool:
    """True if a worker process can start and run a trivial task."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ex = ProcessPoolExecutor(max_workers=1, mp_context=_context())
    try:
        return ex.submit(_ping).result()
    except BrokenProcessPool:
        return False
    finally:
        ex.shutdown(wait=True)


def extract(
    paths: Iterable[str | Path],
    registry: str | Path | None = None,
    jobs: int | None = 1,
    progress: Progress | None = None,
    *,
    cache_dir: str | Path | None = None,
    min_parallel: int = MIN_PARALLEL,
    sink: Callable[[DocumentRecord], None] | None = None,
    scan: CacheScan | None = None,
    skip_cached: bool = False,
) -> ExtractResult:
    """Extract every article under ``paths`` (files or folders), in ``doc`` order.

    Parameters
    ----------
    paths : files or folders (searched recursively for Markdown).
    registry : optional community registry JSON.
    jobs : worker processes; ``None`` or ``0`` means every CPU this process may use.
        The records are the same whatever the number; fewer than ``min_parallel``
        articles to extract are done in-process.
    progress : called as ``progress(0, total, "")`` once the files are listed, then as
        ``progress(done, total, path)`` as each file is finished (taken from the cache,
        or extracted: in the order workers finish them).
    cache_dir : folder of the record cache (see :mod:`extractor.cache`); records of
        unchanged articles are read from it instead of being extracted again.
    sink : when given, each record is passed to it instead of being kept in the
        result, in ``doc`` order, as soon as it and every record before it are known
        (e.g. ``GraphBuilder.add``: the graph grows while workers extract).
        ``result.articles`` still counts them.
    scan : what :func:`scan_cache` read for the same ``paths``, ``registry`` and
        ``cache_dir``: the inputs are not listed, the cache not read and the files
        it hashed not hashed again.
    skip_cached : records found in the cache are neither read nor given to ``sink``:
        only counted (``reused``) and listed in ``result.cached`` (an incremental
        build reads the few it needs itself; see :mod:`extractor.incremental`).

    Raises
    ------
    RegistryFileError : ``registry`` cannot be read or has the wrong shape (a
        :class:`~extractor.errors.RegistryError` naming the file and the bad key).

    Returns
    -------
    ExtractResult : records sorted by ``doc``, problems in ``doc`` order, the records'
        warnings (:class:`~extractor.model.FileWarning`, naming file and line; from
        cached records too) in ``doc`` order; ``reused`` counts cache hits,
        ``extracted`` the files extracted.

    Notes
    -----
    Workers are started with the ``forkserver`` method (safe when the caller
    has threads, e.g. a progress bar or a notebook kernel), so a *script* that
    calls this with ``jobs > 1`` must keep its top-level code under
    ``if __name__ == "__main__":``, as for any ``multiprocessing`` program.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "bad.md").write_bytes(b"")
    >>> res = extract([d])
    >>> res.records, [p.message for p in res.problems], res.extracted
    ([], ['empty file'], 1)
    """
    if registry is not None:  # a bad registry: one error naming the key, not a problem a file
        from .schemas import check_registry

        check_registry(registry)
    files = scan.files if scan is not None else discover(paths)
    total = len(files)
    if progress:
        progress(0, total, "")
    reg = str(registry) if registry is not None else None
    outs: list[DocumentRecord | Problem | None] = [None] * total
    result = ExtractResult()
    rcache = None
    known: dict[str, str] = scan.hashes if scan is not None else {}
    if cache_dir is not None:
        from .cache import RecordCache, file_sha256, fingerprint

        rcache = scan.cache if scan is not None else RecordCache(cache_dir, fingerprint(registry))

    # records are trees of lists and dicts without cycles, and thousands of them are
    # kept: with the collector running, receiving them cost more than extracting
    with paused_gc():
        done = 0
        todo: list[_Item] = []
        inputs: list[tuple[str, str, str | None]] = []  # (path, doc, sha256), for the digest
        want = default_jobs() if not jobs or jobs < 1 else jobs
        # workers take a second or two to load the pipeline: when many articles cannot
        # be in the cache, they start now, while the files are hashed and looked up
        uncached = total - (len(rcache) if rcache is not None else 0)
        early = (
            _executor(reg, min(want, uncached)) if want > 1 and uncached >= min_parallel else None
        )
        try:
            for i, (f, root) in enumerate(files):
                doc = _doc_of(f, root)
                sha = None
                if rcache is not None:
                    sha = known.get(str(f)) or file_sha256(f)
                    inputs.append((str(f), doc, sha))
                    hit: Any = None
                    if sha and rcache.has(doc, sha):
                        if skip_cached:
                            result.cached.append((str(f), doc))
                            hit = _SKIPPED
                        elif sink is not None:
                            # read when its turn comes: records merged as they arrive are
                            # not all held while the workers run
                            hit = _Cached(str(f), str(root), doc, sha, reg)
                        else:
                            hit = rcache.get(doc, sha)
                            if hit is not None:
                                _warn(result, str(f), hit)
                    if hit is not None:
                        outs[i] = hit
                        result.shas[doc] = sha
                        result.reused += 1
                        done += 1
                        if progress:
                            progress(done, total, str(f))
                        continue
                todo.append((i, str(f), str(root), doc, sha, reg))
        except BaseException:
            if early is not None:
                early.shutdown(wait=True, cancel_futures=True)
            raise

        workers = min(want, len(todo))
        if workers > 1 and len(todo) >= min_parallel:
            stream: Iterable[tuple[int, _Out]] = _run_parallel(todo, reg, workers, started=early)
        else:
            if early is not None:  # (todo >= uncached: only if the estimate is ever wrong)
                early.shutdown(wait=False, cancel_futures=True)
            keep = rcache is not None  # the bytes go to the cache only
            stream = ((i, _work(item, keep)) for i, item in enumerate(todo))
        try:  # outs[:flushed] went to the sink
            flushed = _collect(todo, stream, outs, rcache, result, progress, sink, done)
        finally:  # a failing sink or progress callback: the workers are stopped too
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        if sink is not None:
            _flush(outs, flushed, sink, result, rcache)

    for out in outs:
        if out is _GIVEN or out is _SKIPPED:
            continue
        if isinstance(out, Problem):
            result.problems.append(out)
        elif out is not None:
            result.records.append(out)
    result.records.sort(key=lambda r: r.doc)
    order = {str(f): i for i, (f, _) in enumerate(files)}
    result.warnings.sort(key=lambda w: order.get(w.path, total))
    result.articles += len(result.records) + len(result.cached)
    if rcache is not None:
        result.digest = _digest(rcache.fp, inputs, result.problems)
        _save(rcache)
    return result


def _collect(todo, stream, outs, rcache, result, progress, sink, done: int) -> int:
    """Take the outputs of ``todo`` from ``stream`` (``(index in todo, output)``, in any
    order) into ``outs`` (and the cache, the progress callback, the sink); returns how
    far ``outs`` went to the sink."""
    flushed = 0
    for j, (out, data) in stream:
        item = todo[j]
        if out is None:  # a record sent by a worker as bytes
            from .cache import load_record

            try:
                out = load_record(data)
            except ValueError as exc:  # never seen: the worker pickled it just now
                out, data = Problem(item[1], f"internal error: {exc}"), None
        outs[item[0]] = out
        _warn(result, item[1], out)
        result.extracted += 1
        if rcache is not None and item[4] is not None:
            ok = isinstance(out, DocumentRecord) and out.doc == item[3]
            rcache.put(item[3], item[4], data if ok else None)
            if isinstance(out, DocumentRecord):
                result.shas[out.doc] = item[4]
        done += 1
        if progress:
            progress(done, len(outs), item[1])
        if sink is not None:
            flushed = _flush(outs, flushed, sink, result, rcache)
    return flushed


def _warn(result: ExtractResult, path: str, out: DocumentRecord | Problem) -> None:
    """Collect the warnings of a record, naming its file."""
    if isinstance(out, DocumentRecord):
        result.warnings.extend(FileWarning.of(path, w) for w in out.warnings)


def _flush(
    outs: list, start: int, sink: Callable[[DocumentRecord], None], result, rcache=None
) -> int:
    """Hand ``outs[start:]`` to ``sink`` up to the first one not known yet (records are
    replaced by :data:`_GIVEN` once given; problems stay; a cached record is read now);
    returns where it stopped.  ``outs`` follows :func:`discover`, which sorts files by
    ``doc``."""
    i, n = start, len(outs)
    while i < n:
        out = outs[i]
        if out is None:
            break
        if isinstance(out, _Cached):
            out = outs[i] = _read_cached(out, rcache, result)
        if isinstance(out, DocumentRecord):
            sink(out)
            result.articles += 1
            outs[i] = _GIVEN
        i += 1
    return i


_GIVEN = Problem("", "")  # placeholder of a record given to the sink (not reported)
_SKIPPED = Problem("", "")  # placeholder of a record left in the cache (skip_cached)


@dataclass(frozen=True)
class _Cached:
    """A record in the cache, read when the sink's turn comes to it."""

    path: str
    root: str
    doc: str
    sha: str
    registry: str | None


def _read_cached(ref: _Cached, rcache, result: ExtractResult) -> DocumentRecord | Problem:
    """The cached record ``ref`` (with its warnings collected); a damaged entry, found
    only now, is extracted again here."""
    rec = rcache.get(ref.doc, ref.sha)
    if rec is None:
        out = extract_file(ref.path, ref.root, ref.registry)
        if isinstance(out, DocumentRecord):
            from .cache import dump_record

            rcache.put(ref.doc, ref.sha, dump_record(out))
        else:  # (kept in ``outs``: reported with the others)
            result.shas.pop(ref.doc, None)
        result.reused -= 1
        result.extracted += 1
        rec = out
    _warn(result, ref.path, rec)
    return rec


@dataclass
class CacheScan:
    """What :func:`scan_cache` read: the inputs, the record cache, the inputs' hashes up
    to the first one not cached, and ``(digest, articles)`` as :func:`extract` would give
    them if every record is cached (else None).  Given to :func:`extract` as ``scan``,
    none of it is read or hashed again."""

    files: list[tuple[Path, Path]]
    cache: Any  # cache.RecordCache
    hashes: dict[str, str]  # path -> sha256
    cached: tuple[str, int] | None


def scan_cache(
    paths: Iterable[str | Path], registry: str | Path | None = None, *, cache_dir: str | Path
) -> CacheScan:
    """Look up every article under ``paths`` in the record cache, without reading any
    record: a build whose outputs are up to date costs one hash of each input.

    >>> import tempfile
    >>> scan_cache([tempfile.mkdtemp()], cache_dir=tempfile.mkdtemp()).cached[1]
    0
    """
    from .cache import RecordCache, file_sha256, fingerprint

    scan = CacheScan(discover(paths), RecordCache(cache_dir, fingerprint(registry)), {}, None)
    inputs: list[tuple[str, str, str | None]] = []
    for f, root in scan.files:
        doc = _doc_of(f, root)
        sha = file_sha256(f)
        if sha is None:
            return scan
        scan.hashes[str(f)] = sha
        if not scan.cache.has(doc, sha):
            return scan  # extract hashes the rest, with its workers already starting
        inputs.append((str(f), doc, sha))
    _save(scan.cache)  # marks the cache file as recently used
    scan.cached = _digest(scan.cache.fp, inputs, []), len(inputs)
    return scan


def cached_digest(
    paths: Iterable[str | Path], registry: str | Path | None = None, *, cache_dir: str | Path
) -> tuple[str, int] | None:
    """``(digest, articles)`` as :func:`extract` would give them, if the record of every
    article under ``paths`` is in the cache; else None (see :func:`scan_cache`).

    >>> import tempfile
    >>> cached_digest([tempfile.mkdtemp()], cache_dir=tempfile.mkdtemp())[1]
    0
    """
    return scan_cache(paths, registry, cache_dir=cache_dir).cached


def _digest(fp: str, inputs: list[tuple[str, str, str | None]], problems: list[Problem]) -> str:
    """The inputs and the extractor fingerprint, hashed (see ``ExtractResult.digest``)."""
    import hashlib
    import json

    state = [fp, inputs, [str(p) for p in problems]]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()


def _save(rcache) -> None:
    try:
        rcache.save()
    except OSError as exc:  # a read-only cache folder costs speed, not the build
        import warnings

        warnings.warn(f"{rcache.dir}: cannot write the record cache: {exc}", stacklevel=3)

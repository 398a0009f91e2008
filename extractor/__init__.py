"""meetup-kg: Chinese meetup recap articles -> knowledge graph.

The public API is imported lazily so that ``meetup-kg --help`` stays fast:

>>> import extractor
>>> callable(extractor.build)
True
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "build",
    "extract",
    "load",
    "read_article",
    "MeetupGraph",
    "from_records",
    "DocumentRecord",
    "ExtractorError",
    "ArticleError",
]

_LAZY = {
    "build": ("extractor.query", "build"),
    "load": ("extractor.query", "load"),
    "MeetupGraph": ("extractor.query", "MeetupGraph"),
    "from_records": ("extractor.query", "from_records"),
    "extract": ("extractor.pipeline", "extract"),
    "read_article": ("extractor.article", "read_article"),
    "DocumentRecord": ("extractor.model", "DocumentRecord"),
    "ExtractorError": ("extractor.errors", "ExtractorError"),
    "ArticleError": ("extractor.errors", "ArticleError"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        mod, attr = _LAZY[name]
        value = getattr(importlib.import_module(mod), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")

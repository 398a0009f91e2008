"""Exception hierarchy: every message names the file, the bad value and what was expected."""

from __future__ import annotations

__all__ = ["ExtractorError", "ArticleError", "RegistryError", "GraphError"]


class ExtractorError(Exception):
    """Base class of every error this package raises on purpose."""


class ArticleError(ExtractorError):
    """An input article cannot be read or parsed."""

    def __init__(
        self, path: str, message: str, line: int | None = None, expected: str | None = None
    ):
        self.path = str(path)
        self.message = message
        self.line = line
        self.expected = expected
        loc = f"{self.path}:{line}" if line else self.path
        tail = f" (expected {expected})" if expected else ""
        super().__init__(f"{loc}: {message}{tail}")


class RegistryError(ExtractorError):
    """A community registry file is missing or malformed."""


class GraphError(ExtractorError):
    """A graph file cannot be read, or a query names something the graph lacks."""

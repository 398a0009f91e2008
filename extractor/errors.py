"""Exception hierarchy: every message names the file, the bad value and what was expected.

Also the two helpers every command's error line goes through: :func:`describe`
(any exception -> ``<path>: <what is wrong> (expected ...)``, one line) and
:func:`printable` (text from a file or a file name made safe for a terminal).
"""

from __future__ import annotations

import errno
import re

__all__ = [
    "ExtractorError",
    "ArticleError",
    "DataFileError",
    "GraphFileError",
    "OutputError",
    "RegistryError",
    "RegistryFileError",
    "GraphError",
    "describe",
    "printable",
]


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


class DataFileError(ExtractorError):
    """A registry, alias, graph or gold file that is unreadable or has the wrong shape.

    ``where`` is the path of the bad key inside the file (``sigs[0].maintainers``).

    >>> str(DataFileError("reg.json", "5 is a number", where="sigs[0].maintainers",
    ...                   expected="a list of people"))
    'reg.json: sigs[0].maintainers: 5 is a number (expected a list of people)'
    """

    def __init__(
        self, path: object, message: str, *, where: str = "", expected: str | None = None
    ) -> None:
        self.path = str(path)
        self.where = where
        self.message = message
        self.expected = expected
        loc = f"{self.path}: {where}" if where else self.path
        tail = f" (expected {expected})" if expected else ""
        super().__init__(f"{loc}: {message}{tail}")


class RegistryFileError(DataFileError, RegistryError):
    """A registry file that is unreadable or has the wrong shape (the file, the bad key)."""


class GraphFileError(DataFileError, GraphError):
    """A graph file that is unreadable or has the wrong shape (the file, the bad key)."""


class OutputError(ExtractorError):
    """An output path that would overwrite an input, escape its folder or clobber a file."""

    def __init__(self, path: object, message: str, expected: str | None = None) -> None:
        self.path = str(path)
        tail = f" (expected {expected})" if expected else ""
        super().__init__(f"{self.path}: {message}{tail}")


# C0 and C1 controls, DEL, lone surrogates and the bidirectional overrides that can
# reorder a terminal line; tab is kept as a space
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` as one safe terminal line: control characters (escape sequences, newlines,
    bidi overrides) and lone surrogates become ``?``, so a file name or a value read from
    a file can neither move the cursor nor fake another line.

    >>> printable("a\\x1b[31mb\\nc")
    'a?[31mb?c'
    """
    return _UNPRINTABLE.sub("?", str(text))


_EXPECT = {
    errno.EISDIR: "a file path, not a folder",
    errno.ENOTDIR: "a path whose parents are folders",
    errno.EACCES: "a path this user may read and write",
    errno.EPERM: "a path this user may read and write",
    errno.EROFS: "a writable file system",
    errno.ENOENT: "an existing file or folder",
    errno.ENOSPC: "free space on the disk",
    errno.ENAMETOOLONG: "a shorter path",
    errno.ELOOP: "a path without a symlink loop",
}


def describe(exc: BaseException, where: object = None) -> str:
    """One line ``<path>: <what is wrong> (expected ...)`` for any exception;
    ``where`` names the file when the exception does not (the command's subject).

    >>> describe(IsADirectoryError(21, "Is a directory", "out"))
    'out: Is a directory (expected a file path, not a folder)'
    >>> describe(RecursionError("maximum recursion depth exceeded"), "g.json")
    'g.json: nested too deeply to process (expected data nested at most a few dozen levels)'
    >>> describe(KeyError("x"), "g.json")
    "g.json: internal error: KeyError: 'x' (rerun with --debug for the traceback)"
    """
    if isinstance(exc, ExtractorError):
        msg = str(exc)
    elif isinstance(exc, OSError):
        path = exc.filename if exc.filename is not None else where
        what = exc.strerror or str(exc) or type(exc).__name__
        expected = _EXPECT.get(exc.errno or 0)
        msg = f"{path}: {what}" if path is not None else what
        if exc.filename2 is not None:
            msg += f" ({exc.filename2})"
        if expected:
            msg += f" (expected {expected})"
    elif isinstance(exc, RecursionError):
        msg = (
            f"{where}: nested too deeply to process"
            " (expected data nested at most a few dozen levels)"
        )
    elif isinstance(exc, MemoryError):
        msg = f"{where}: out of memory (expected a smaller input)"
    elif isinstance(exc, UnicodeError):
        msg = f"{where}: {exc} (expected valid Unicode text)"
    else:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        msg = f"{where}: internal error: {detail} (rerun with --debug for the traceback)"
    return printable(" ".join(msg.split()))

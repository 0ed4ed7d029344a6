"""Every exception kldocs raises on purpose lives here.

All of them derive from :class:`KldocsError`, whose message is written for the
user: it names the file, the row or field, and what was expected. The command
line catches the root once and prints one line per problem; any other
exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kldocs.english import joined, plain


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as it can be.

    ``where`` is a file name, optionally followed by a row number and a column
    or field path; ``message`` says what is wrong and, where possible, what was
    expected instead.
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def locate(file: str | Path | None, row: int | None = None, field: str | None = None) -> str:
    """Return the ``file, row N, field`` text that prefixes a problem."""
    parts = []
    if file is not None:
        parts.append(Path(file).name if isinstance(file, Path) else str(file))
    if row is not None:
        parts.append(f"row {row}")
    if field:
        parts.append(field)
    return ", ".join(parts)


def alternatives(items: Iterable[object]) -> str:
    """``'a', 'b' or 'c'`` — names offered in a "did you mean" or "expected one of"."""
    return joined(items, "or")


class KldocsError(Exception):
    """Root of every error kldocs reports to the user.

    Its ``problems`` are printed one per line, then its ``hint`` (what to
    do about them all, not a problem of its own) when it has one;
    ``exit_code`` is the process exit status the command line uses.
    """

    exit_code = 1

    def __init__(self, problems: str | Problem | Iterable[str | Problem], *, hint: str | None = None) -> None:
        if isinstance(problems, str | Problem):
            problems = [problems]
        self.problems: list[str] = [plain(str(p)) for p in problems]
        self.hint = plain(hint) if hint is not None else None
        super().__init__("\n".join([*self.problems, *([self.hint] if self.hint else [])]))


class InputError(KldocsError):
    """Raised when a programme folder, a data file or a command's argument is wrong.

    Carries every problem found at once, each naming its file and row or field.
    """


class FolderProblems(InputError):
    """Raised by ``kldocs check`` with every problem it found in a programme folder.

    ``closing`` is the line printed after the problems: how many, and where.
    """

    def __init__(self, problems: Iterable[str | Problem], *, closing: str) -> None:
        super().__init__(problems)
        self.closing = closing


class UnknownMunicipality(InputError):
    """Raised when a municipality code or name matches none of the 98.

    The message offers the closest names ("did you mean …").
    """


class UnknownRegion(InputError):
    """Raised when a text names none of the five regions; the message lists them."""


class TemplateError(KldocsError):
    """Raised when a Word template is broken or asks for something it may not.

    The message names the template, its part and paragraph, and the text there.
    """


class RenderError(KldocsError):
    """Raised when a record cannot be rendered, e.g. a variable the template uses is missing."""


class OutputExists(KldocsError):
    """Raised when a run would overwrite an existing output without ``--force``.

    Also raised, even with ``--force``, for a file edited by hand since kldocs
    wrote it, unless ``--force-edited`` is given. ``found`` names the files,
    ``advice`` says what the user may do; the problems are both, advice last.
    """

    def __init__(self, found: str | Problem | Iterable[str | Problem], *, advice: Iterable[str] = ()) -> None:
        self.found: list[str] = [str(p) for p in ([found] if isinstance(found, str | Problem) else found)]
        self.advice: list[str] = list(advice)
        super().__init__([*self.found, *self.advice])


class ConversionError(KldocsError):
    """Raised when LibreOffice is missing or fails to turn documents into PDF."""


class NetworkError(KldocsError):
    """Raised when networks cannot be formed as asked, e.g. contradictory constraints."""


@dataclass
class Report:
    """What a check found: lines describing what is fine, what to look at though it is no problem, and the problems."""

    ok: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What may be a slip but need not be (a milestone that names a meeting but is none): said, not refused."""

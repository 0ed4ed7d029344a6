"""Safe file names for the documents kldocs writes.

Names come from data (municipality names, titles), so they are built, not
trusted: :func:`slugify` keeps lower-case ASCII letters, digits and single
hyphens, spelling Danish letters the way Danes do without them (æ → ae,
ø → oe, å → aa); :func:`municipality_filename` puts the four-digit code in
front (``0101-koebenhavn.docx``); :func:`safe_join` refuses any relative path
that could leave the output folder or that Windows could not store.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from kldocs.errors import InputError, Problem

MAX_SLUG = 60
"""Longest slug, in characters; a whole name stays well under every file-system limit."""

MAX_COMPONENT_BYTES = 200
"""Longest file or folder name, in UTF-8 bytes (file systems allow 255)."""

_SPELLED = str.maketrans({
    "æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss",
    "ð": "d", "þ": "th", "ł": "l", "đ": "d", "œ": "oe", "ı": "i",
})
_SPELLED_CAPITALS = str.maketrans({
    "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "Ð": "D", "Þ": "Th", "Ł": "L", "Đ": "D",
    "Œ": "Oe",
})
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{stem}{n}" for stem in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")
}
_FORBIDDEN = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """``Lyngby-Taarbæk`` → ``lyngby-taarbaek``: lower-case ASCII letters, digits and hyphens.

    The text is NFC-normalised and lower-cased; æ, ø and å become ae, oe and
    aa, other accented letters lose their accents, and every run of anything
    else becomes one hyphen. A slug longer than ``max_length`` is cut at a
    hyphen where possible. The result may be empty (for text with no letters
    or digits); callers decide what to put instead.
    """
    text = unicodedata.normalize("NFC", text).lower().translate(_SPELLED)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut).strip("-")
    return slug


def ascii_name(text: str) -> str:
    """``Invitation til Københavns Kommune.pdf`` → ``Invitation til Koebenhavns Kommune.pdf``: as written, in ASCII.

    æ, ø and å (and their capitals) are spelt ae, oe and aa, other letters lose their accents, and what has no
    ASCII form is left out: a file name for a program that reads no other.
    """
    text = unicodedata.normalize("NFC", text).translate(_SPELLED).translate(_SPELLED_CAPITALS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.encode("ascii", "ignore").decode()


def attachment_name(text: str) -> str:
    """``text`` as a file name a recipient can save on any system, its words kept.

    One line, no character Windows forbids (``/`` and the like become ``-``), no full stop at its end, which
    Windows drops.
    """
    one_line = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    return " ".join(_FORBIDDEN.sub("-", one_line).split()).rstrip(". ")


def is_reserved(name: str) -> bool:
    """True when Windows reserves ``name`` for a device, whatever its extension (``con.docx``)."""
    return name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED


def safe_filename(stem: str, suffix: str) -> str:
    """A file name from free text: ``Netværk – oversigt``, ``.docx`` → ``netvaerk-oversigt.docx``.

    Raises :class:`ValueError` when the suffix is not a short lower-case
    extension or the text has no letters or digits.
    """
    if not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"file suffix must look like '.docx', not {suffix!r}")
    slug = slugify(stem)
    if not slug:
        raise ValueError(f"cannot make a file name from {stem!r}: it has no letters or digits")
    if is_reserved(slug):
        slug += "-fil"
    return slug + suffix


def municipality_stem(code: int | str, name: str) -> str:
    """``0101-koebenhavn``: the four-digit municipality code and a slug of its name.

    The code comes first so files sort by code and never clash; the slug
    makes the file recognisable. Raises :class:`ValueError` for a code that
    is not a number from 1 to 9999.
    """
    text = str(code).strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 10000:
        raise ValueError(f"municipality code must be a number from 1 to 9999, not {code!r}")
    slug = slugify(name)
    return f"{int(text):04d}-{slug}" if slug else f"{int(text):04d}"


def municipality_filename(code: int | str, name: str, suffix: str) -> str:
    """``0101-koebenhavn.docx``: :func:`municipality_stem` and ``suffix``; ValueError for a bad suffix."""
    if not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"file suffix must look like '.docx', not {suffix!r}")
    return municipality_stem(code, name) + suffix


def check_relpath(relpath: str) -> list[str]:
    r"""What is wrong with ``relpath`` as a file's path inside an output folder (empty if nothing).

    A path is relative, uses ``/`` between folders, and every part of it is a
    name Windows, macOS and Linux all accept: not empty, not ``.`` or ``..``,
    no control characters or ``<>:"/\\|?*``, no trailing dot or space, not a
    reserved device name, NFC-normalised, and at most
    :data:`MAX_COMPONENT_BYTES` bytes long.
    """
    problems: list[str] = []
    if not relpath:
        return ["is empty"]
    if relpath.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", relpath):
        return ["is absolute; expected a path inside the output folder"]
    if unicodedata.normalize("NFC", relpath) != relpath:
        problems.append("is not NFC-normalised")
    for part in relpath.split("/"):
        if part in ("", ".", ".."):
            problems.append(f"has a {part or 'empty'!r} part; expected plain names between '/'")
        elif _FORBIDDEN.search(part):
            problems.append(f"part {part!r} holds a character file systems refuse")
        elif part != part.rstrip(". "):
            problems.append(f"part {part!r} ends with a dot or a space")
        elif is_reserved(part):
            problems.append(f"part {part!r} is a name Windows reserves")
        elif len(part.encode("utf-8")) > MAX_COMPONENT_BYTES:
            problems.append(f"part {part[:20]!r}… is longer than {MAX_COMPONENT_BYTES} bytes")
    return problems


def safe_join(out_dir: Path, relpath: str) -> Path:
    """``out_dir / relpath``, after checking that the result stays inside ``out_dir``.

    Raises :class:`InputError` when ``relpath`` fails :func:`check_relpath`
    or when, symbolic links followed, the path would lead outside ``out_dir``.
    """
    return Inside(out_dir).join(relpath)


class Inside:
    """:func:`safe_join` for many paths in one folder: the folder and each folder below it resolved once."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.root = Path(out_dir).resolve()
        self._root = str(self.root)
        self._under = os.path.join(self._root, "")
        """The root with a separator after it: what every path below it starts with."""
        self._folders: dict[str, tuple[str, bool]] = {"": (self._root, os.path.islink(self._root))}
        """Each folder's path, by its path inside ``out_dir``, with symbolic links followed; and whether they go
        round in a circle there."""

    def join(self, relpath: str) -> Path:
        """As :func:`safe_join` (``realpath(a/b)`` is ``realpath(realpath(a)/b)``, so each folder is resolved once)."""
        self.check(relpath)
        return self.root.joinpath(*relpath.split("/"))

    def check(self, relpath: str) -> None:
        """Raise :class:`InputError` when :meth:`join` would (the joined path itself is not made)."""
        problems = check_relpath(relpath)
        if problems:
            raise InputError(Problem(f"output file {relpath!r}", p) for p in problems)
        head, _, name = relpath.rpartition("/")
        known = self._folders.get(head)
        if known is None:
            folder = os.path.realpath(os.path.join(self._root, *head.split("/")))
            known = self._folders[head] = (folder, os.path.islink(folder))  # realpath stops at a circle
        folder, circle = known
        resolved = os.path.join(folder, name)
        if not circle and os.path.islink(resolved):
            resolved = os.path.realpath(resolved)
            circle = os.path.islink(resolved)
        if circle:
            raise InputError(Problem(f"output file {relpath!r}", "leads through symbolic links that go round in "
                                                                 "a circle"))
        if resolved != self._root and not resolved.startswith(self._under):
            raise InputError(Problem(f"output file {relpath!r}", f"leads outside {self.out_dir}"))

"""Where things are: the bundled Word templates, the example programme, reference data, the output folders, the cache.

The bundled files ship as package data (see ``pyproject.toml``), so they are found the
same way whether kldocs is installed from a wheel or in editable mode.

The cache (:func:`cache_folder`) holds what kldocs can make again and keeps
between runs: LibreOffice's profile, prepared templates. :func:`read_cached`
and :func:`write_cached` keep an entry there safely: written atomically,
checked by its SHA-256 when read, and used only from a folder that belongs
to the user and that nobody else may write to.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Collection, Iterable
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from kldocs.errors import InputError, Problem

EXAMPLE = "staerke-boernefaellesskaber-2021"
"""The bundled example programme that ``kldocs demo`` builds: KL's partnership on strong child communities (2021)."""

EXAMPLES: dict[str, str] = {
    EXAMPLE: "KL's partnership of 2021 on strong child communities in day care, as its invitation letter wrote it",
    "faellesskaber-mod-ensomhed-2025": "a two-year partnership written for kldocs: numbered sections, one price for "
                                       "the whole period, an expression of interest instead of a sign-up",
}
"""The bundled example programmes, by folder name, with a line on each; ``kldocs new --from`` starts from any."""

_SKIP = {"__init__.py", "__pycache__"}


def example_program(name: str = EXAMPLE) -> Traversable:
    """A bundled example programme folder (``kldocs demo``'s unless named); KeyError for one not bundled."""
    if name not in EXAMPLES:
        raise KeyError(name)
    return files("kldocs.examples") / name


def bundled_template(name: str) -> Traversable:
    """A Word template shipped with kldocs, e.g. ``invitation.docx``."""
    return files("kldocs.templates") / name


def template_path(program_dir: Path, name: str) -> Traversable:
    """The template a programme uses: its own ``templates/NAME`` if present, else the bundled one."""
    own = Path(program_dir) / "templates" / name
    return own if own.is_file() else bundled_template(name)


def copy_tree(source: Traversable, target: Path, only: Collection[str] | None = None) -> list[Path]:
    """Copy a bundled folder to ``target`` (which must not exist or be empty); return the files written.

    With ``only``, just the files of those names at the folder's top.
    """
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(Problem(str(target), "already exists and is not empty; choose a new folder"))
    written: list[Path] = []
    with as_file(source) as src:
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(Path(src).rglob("*")):
            if _SKIP & set(path.relative_to(src).parts) or path.suffix == ".pyc":
                continue
            if only is not None and str(path.relative_to(src)) not in only:
                continue
            dest = target / path.relative_to(src)
            if path.is_dir():
                dest.mkdir(exist_ok=True)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest)
                written.append(dest)
    return written


OUT = Path("out")
"""The folder ``kldocs build`` and ``kldocs demo`` write to unless told otherwise."""


def default_out(kind: str) -> Path:
    """Where the command of document kind ``kind`` writes unless told otherwise: ``out/invitations``."""
    return OUT / kind


TEMPLATE_CACHE_ENV = "KLDOCS_TEMPLATE_CACHE"
"""Names the folder prepared templates are kept in, instead of ``templates/`` in :func:`cache_folder`."""
NO_TEMPLATE_CACHE_ENV = "KLDOCS_NO_TEMPLATE_CACHE"
"""Set (to anything but an empty string or ``0``), templates are prepared afresh in every run and none are kept."""
NO_CACHE_ENV = "KLDOCS_NO_CACHE"
"""Set (to anything but an empty string or ``0``), kldocs keeps nothing between runs: neither templates nor charts."""

_MAGIC = b"kldocs-cache 1\n"
_DIGEST = 32


def cache_folder() -> Path:
    """Where kldocs keeps what it can make again: ``$XDG_CACHE_HOME/kldocs``, by default ``~/.cache/kldocs``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kldocs"


def _turned_off(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def template_cache() -> Path | None:
    """The folder prepared templates are kept in between runs, or None when that is turned off."""
    if _turned_off(NO_TEMPLATE_CACHE_ENV) or _turned_off(NO_CACHE_ENV):
        return None
    own = os.environ.get(TEMPLATE_CACHE_ENV)
    return Path(own) if own else cache_folder() / "templates"


def kept_in(kind: str) -> Path | None:
    """The folder of :func:`cache_folder` that what kldocs makes of ``kind`` is kept in, or None when turned off.

    ``charts`` holds the charts drawn as PNG (:mod:`kldocs.engine.charts`),
    ``networks`` the line-ups the search found (:mod:`kldocs.networks.search`).
    """
    if _turned_off(NO_CACHE_ENV):
        return None
    return cache_folder() / kind


def kept_bytes(kind: str, key: str, make: Callable[[], bytes], usable: Callable[[bytes], bool]) -> bytes:
    """``make()``, kept under ``key`` in the folder :func:`kept_in` gives ``kind``, and read back from it.

    An entry is read back only as :func:`read_cached` trusts it and only when
    ``usable`` says it is what ``make`` makes; otherwise it is made afresh and
    written in its place. With the cache turned off it is made every time.
    """
    folder = kept_in(kind)
    if folder is None:
        return make()
    kept = read_cached(folder, key)
    if kept is not None and usable(kept):
        return kept
    data = make()
    write_cached(folder, key, data)
    return data


def code_version(fmt: int, files: Iterable[Path]) -> str:
    """One digest of a cache's format ``fmt`` and the stamps (:func:`file_stamps`) of the code behind it."""
    return hashlib.sha256("\0".join([str(fmt), *file_stamps(files)]).encode()).hexdigest()


def file_stamps(paths: Iterable[Path]) -> list[str]:
    """Each file's path, size and modification time (``-`` when missing): what a kept result depends on.

    A new release of a library, or an edit of kldocs in a source checkout,
    rewrites its files and so changes their stamps, without importing them.
    """
    stamps = []
    for path in paths:
        try:
            info = path.stat()
            stamps.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stamps.append(f"{path}:-")
    return stamps


def package_files(package: str, names: Iterable[str]) -> list[Path]:
    """The files ``names`` in the folder of the installed ``package``, found without importing it."""
    return [module_file(package).parent / name for name in names]


def module_file(module: str) -> Path:
    """The file the installed ``module`` is loaded from (a package's ``__init__.py``), found without importing it.

    ``MODULE-missing/__init__.py`` when there is none, so that its stamp says so.
    """
    from importlib.util import find_spec

    spec = find_spec(module)  # an imported module's own spec, else found on the path
    return Path(spec.origin) if spec is not None and spec.origin else Path(f"{module}-missing", "__init__.py")


def _owned(info: os.stat_result) -> bool:
    """True when what ``info`` describes is the user's own and no one else may write to it.

    Windows has no such owner and mode bits: there the cache's place in the user's own profile is the trust.
    """
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows
        return True
    return bool(info.st_uid == getuid() and not info.st_mode & 0o022)


def _private(folder: Path) -> bool:
    """True when ``folder`` is a folder of the user's own (not a link to one) that no one else may write to."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _owned(info)


_MAX_ENTRY = 64 << 20
"""The largest cache entry read back (a prepared template's entry is well under a megabyte, a chart's a tenth)."""


def read_cached(folder: Path, key: str) -> bytes | None:
    """The entry ``key`` kept in ``folder`` by :func:`write_cached`, or None when there is none to trust.

    The entry is trusted only as a file of the user's own that no one else
    may write to, in a folder of the same kind, both opened without following
    a link and checked on the open descriptors (so neither can be swapped
    between the check and the read). None, too, for an entry cut short,
    damaged or of another format (its SHA-256 is checked).
    """
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        directory = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | nofollow)
    except OSError:
        return None
    try:
        info = os.fstat(directory)
        if not (stat.S_ISDIR(info.st_mode) and _owned(info)):
            return None
        handle = os.open(key, os.O_RDONLY | nofollow, dir_fd=directory)
        with os.fdopen(handle, "rb") as stream:
            entry = os.fstat(stream.fileno())
            if not (stat.S_ISREG(entry.st_mode) and _owned(entry)) or entry.st_size > _MAX_ENTRY:
                return None
            data = stream.read(_MAX_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(directory)
    head = len(_MAGIC) + _DIGEST
    if not data.startswith(_MAGIC) or len(data) < head:
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(_MAGIC) : head]:
        return None
    return payload


STALE_DAYS = 60
"""Entries of the cache not written or read for this many days are removed when a new one is written."""


def _prune(folder: Path, keep: str) -> None:
    """Remove the entries (and left-over temporary files) of ``folder`` untouched for :data:`STALE_DAYS` days.

    A prepared template's key changes with kldocs' code and the template's
    bytes, so without this every upgrade and every edited template would
    leave an entry behind for good.
    """
    cutoff = time.time() - STALE_DAYS * 86400
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name == keep or not entry.is_file(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if max(info.st_mtime, info.st_atime) < cutoff:
                    os.unlink(entry.path)


def write_cached(folder: Path, key: str, payload: bytes) -> None:
    """Keep ``payload`` as the entry ``key`` in ``folder``, atomically; quietly nothing when that fails.

    The entry is written to a file of its own and renamed into place, so a
    reader sees the old entry or the new one, never half of one, however
    many runs write at once. A folder kldocs makes is the user's only (0700);
    one that exists already is used only if no one else may write to it.
    Entries untouched for :data:`STALE_DAYS` days are removed.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(folder):
            return
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, folder / key)
            _prune(folder, key)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return

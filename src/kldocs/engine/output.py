"""Writing a batch of documents: all or nothing, never over someone's edits, with a manifest.

:func:`write_outputs` takes the files a command wants written
(:class:`OutputFile`) and

1. checks every path (:func:`kldocs.danish.filenames.safe_join`) and every record's
   data against its template, before anything is written;
2. takes the output folder's lock (an ``flock`` on ``.kldocs.lock`` in it,
   removed again afterwards): a second run into the same folder waits
   :data:`LOCK_SECONDS`, then stops with one line naming the folder;
3. finishes what an interrupted run left half-done in the folder (see below)
   and says so in one line;
4. refuses to overwrite an existing file without ``force``, and a file that
   was edited by hand since kldocs wrote it (its SHA-256 differs from the
   manifest's, or it is not in the manifest) without ``force_edited``;
5. renders each document straight into a hidden staging folder inside the
   output folder, ``.kldocs-staging`` (so memory stays flat however large the
   batch, and every move is a rename on one file system, even when the output
   folder is a mount point or its parent is read-only) — a large batch of
   independent documents on every core (:mod:`kldocs.engine.workers`), taken
   in order as if rendered here — and converts them to PDF there when asked;
6. only when everything succeeded, commits: writes a journal naming every
   file, then moves each file into place, ``manifest.json`` last, keeping each
   file it replaces in the staging folder until the end, then removes the
   journal and the staging folder.

So the output folder is always as it was before the run or as the run
leaves it, or a journal says how to get to one of the two. A failure the
process lives through (a full disk, a move refused, Ctrl-C, SIGTERM) puts
back every file already moved before the error is raised, and the error is
one line naming the folder. A process killed outright (SIGKILL, a crash)
leaves the staging folder: without a journal, the next run into the folder
(any command) throws it away; with one, it moves the rest of the files into
place (or, if the run was putting files back, finishes that), and says so in
one line, before it looks at the folder. The manifest therefore always agrees
with the files a run finds. Power loss is another matter: files are not
flushed to disk one by one (that would cost more than the rest of the work).

:func:`write_batches` writes several folders at once (``kldocs build``):
every batch is rendered before any is committed, and a failure in committing
one puts back those committed before it.

Names starting with ``.kldocs`` are kldocs's own in an output folder: no
output file may have one, and the manifest never lists one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import decimal
import enum
import errno
import functools
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath
from typing import TYPE_CHECKING, Any, BinaryIO

from kldocs import __version__
from kldocs.danish.filenames import Inside, check_relpath
from kldocs.engine.progress import Progress
from kldocs.engine.signals import signals_deferred
from kldocs.engine.workers import on_every_core, reap, worker_count
from kldocs.english import counted, joined, plain_lines
from kldocs.errors import InputError, KldocsError, OutputExists, Problem, RenderError
from kldocs.resources import example_program

if TYPE_CHECKING:
    from kldocs.engine.template import BatchRenderer, CoreProperties, PreparedTemplate

MANIFEST = "manifest.json"
"""The manifest's file name, at the top of the output folder."""
RESERVED = ".kldocs"
"""How the names kldocs keeps for itself in an output folder begin."""
STAGING = ".kldocs-staging"
"""The hidden folder, inside the output folder, where a batch is made before it is committed."""
LOCK = ".kldocs.lock"
"""The file in the output folder a run holds an ``flock`` on while it writes there."""
JOURNAL = "journal.json"
"""The commit's journal, in the staging folder: it exists from the first move into place to the last."""
LOCK_SECONDS = 5.0
"""How long a run waits for another run writing to the same folder before it stops."""
MANIFEST_BYTES = 16 << 20
"""The largest ``manifest.json`` kldocs reads (its own are a few hundred bytes a file)."""

log = logging.getLogger(__name__)
"""Where a run says what it did about an interrupted run's leftovers (one warning line)."""


def _fault(step: str, relpath: str | None = None) -> None:
    """Called at every step of staging and committing, with the file it concerns; does nothing.

    The steps, in order: ``locked``, ``recovered``, ``checked``, ``staged``
    (each file), ``converted``, ``manifest``, ``journal``, then ``backup`` (each
    file that replaces one) and ``install`` (each file), ``committed``,
    ``cleanup``; when a commit is put back, ``undo`` (each file). Fault-injection
    tests replace it to raise, or to kill the process, at a chosen step.
    """


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file a batch writes, with what the manifest records about it.

    Exactly one of ``content`` (the bytes) and ``render`` (a function making
    them, called once while the batch is written) is given. ``check``, when
    given, runs for every file before anything is rendered; it raises (for
    instance :class:`RenderError` for a missing variable) to stop the batch.
    """

    relpath: str
    """Path inside the output folder, with ``/`` between folders: ``0101-koebenhavn.docx``."""
    kind: str
    """``invitation``, ``agreement``, ``networks``, ``summary``, …"""
    template: str | None
    """The template's file name, or None for a file not made from one."""
    data_hash: str
    """SHA-256 of the data the file was made from (see :func:`data_hash`)."""
    municipality_code: str | None = None
    """The four-digit code of the municipality the file is for, or None."""
    content: bytes | None = None
    render: Callable[[], bytes] | None = field(default=None, compare=False)
    check: Callable[[], None] | None = field(default=None, compare=False)
    form: str = ""
    """What PDF the file is or attaches, where its kind does not say: ``pdfa`` for a PDF/A-2b (or an e-mail
    draft attaching one), ``pdf`` for a draft attaching a plain PDF, ``duplex`` (after ``pdfa`` for a PDF/A)
    for a combined PDF with a blank page after each letter of an odd number of pages; empty otherwise. The
    manifest records it, so that a PDF of one form is not taken for another (see :func:`_unchanged`)."""
    independent: bool = False
    """True when ``render`` and ``check`` need nothing another file's render or check makes or keeps, and
    change nothing the run keeps: they may then run in a worker process (see :mod:`kldocs.engine.workers`).
    A batch is shared among workers only when every file it renders (or checks) is independent."""

    def __post_init__(self) -> None:
        if (self.content is None) == (self.render is None):
            raise ValueError(f"{self.relpath}: give exactly one of content and render")

    def make(self) -> bytes:
        """The file's bytes."""
        if self.content is not None:
            return self.content
        assert self.render is not None
        return self.render()


def document(template: PreparedTemplate | BatchRenderer, context: Mapping[str, Any], properties: CoreProperties, *,
             relpath: str, kind: str, record: str, municipality_code: str | None = None,
             digest: str | None = None) -> OutputFile:
    """An :class:`OutputFile` that renders ``template`` with ``context``; ``record`` names it in messages.

    ``template`` may be a batch's :class:`~kldocs.engine.template.BatchRenderer`
    (the files of one batch then render what their records share once).

    The context is checked against the template's variables before the
    batch starts. ``digest`` is the :func:`data_hash` of the data the file
    is made from, when the caller has it (it is the context's by default).
    """
    return OutputFile(
        relpath=relpath, kind=kind, template=template.name,
        data_hash=data_hash(context) if digest is None else digest,
        municipality_code=municipality_code,
        render=lambda: template.render(context, properties, record=record),
        check=lambda: template.check_context(context, record),
        independent=True,
    )


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it, the same way every time."""
    if hasattr(value, "model_dump"):
        kept = getattr(value, "kept_json", None)  # a model that keeps what its dump gives (a programme)
        return kept() if kept is not None else value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, bytes):
        return {"sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
    if isinstance(value, decimal.Decimal | PurePath):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, Iterable) and not isinstance(value, str):
        return list(value)
    if hasattr(value, "__dict__"):
        return {str(k): v for k, v in vars(value).items() if not str(k).startswith("_")}
    return str(value)


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


_SCALARS = (str, int, float, bool, type(None))
_hashed: ContextVar[dict[int, tuple[Any, str]] | None] = ContextVar("kldocs_written_json", default=None)
"""The JSON of the values already hashed in the :func:`hashing_once` block in progress, by the value's id."""


@contextlib.contextmanager
def hashing_once() -> Iterator[None]:
    """A block in which :func:`data_hash` writes each value of a record's mapping as JSON once.

    The records of a batch share most of their data (every letter's context
    holds the same programme): inside the block, a top-level value seen
    before (the same object) is not written again. The hashes are the same
    as outside it. The block is for data that does not change while it
    runs, as a batch's records do not.
    """
    token = _hashed.set({})
    try:
        yield
    finally:
        _hashed.reset(token)


def data_hash(obj: Any) -> str:
    """SHA-256 of ``obj`` written as canonical JSON (sorted keys, no spaces), as hex.

    Pydantic models, dataclasses, dates, decimals, sets and bytes are turned
    into JSON values first, so equal data always gives the same hash.
    """
    written = _hashed.get()
    if written is None or type(obj) is not dict or not all(type(k) is str for k in obj):
        return hashlib.sha256(_canonical(obj).encode("utf-8")).hexdigest()
    pieces = []
    for key in sorted(obj):
        value = obj[key]
        if isinstance(value, _SCALARS):
            text = _canonical(value)
        else:
            kept = written.get(id(value))
            if kept is None or kept[0] is not value:
                kept = written[id(value)] = (value, _canonical(value))
            text = kept[1]
        pieces.append(f"{_canonical(key)}:{text}")
    return hashlib.sha256(("{" + ",".join(pieces) + "}").encode("utf-8")).hexdigest()


Hashed = dict[str, tuple[tuple[int, ...], str]]
"""The SHA-256 of files read in one write, by path, with the stat each had when it was read."""

_SETTLED_NS = 3_000_000_000
"""How long before it is read a file must have been last modified for its hash to be kept: longer than any
file system's clock tick (FAT's is two seconds), so that an edit after the read cannot leave the modification
time as it was."""


def _stamp(info: os.stat_result) -> tuple[int, ...]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _unchanged_sha256(path: Path, hashed: Hashed | None) -> str:
    """:func:`sha256_file`, read again in one write only for a file whose stat changed since it was read.

    A run checks the files it would replace twice, before and after it locks
    the folder (``hashed`` holds what the first check read). A hash is kept
    only when the file stood still while it was read and had not been
    modified for :data:`_SETTLED_NS` before (as git trusts its index), so an
    edit in between always shows in the stat.
    """
    key = os.path.abspath(path)
    with path.open("rb") as stream:
        before = _stamp(os.fstat(stream.fileno()))
        kept = hashed.get(key) if hashed is not None else None
        if kept is not None and kept[0] == before:
            return kept[1]
        text = _digest(stream)
        after = _stamp(os.fstat(stream.fileno()))
    if hashed is not None and after == before and time.time_ns() - before[3] > _SETTLED_NS:
        hashed[key] = (before, text)
    return text


def _exists(path: str) -> bool:
    """``os.path.exists``, but a path that cannot be looked at (no permission) is an error, as for pathlib."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EBADF):
            return False
        raise
    return True


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    with path.open("rb") as stream:
        return _digest(stream)


def _digest(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()



def read_manifest(out_dir: Path) -> dict[str, dict[str, Any]] | None:
    """The manifest's entries by path; empty when there is none, None when it cannot be read."""
    try:
        return _load_manifest(Path(out_dir))
    except ValueError:
        return None


def _load_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The manifest's entries by path, empty when there is none; ValueError saying why it cannot be read."""
    document = _manifest_document(out_dir)
    return {} if document is None else {e["path"]: dict(e) for e in document["files"]}


def manifest_source(out_dir: Path) -> dict[str, str] | None:
    """The partnership the manifest says its files were written for (``title`` and ``folder``); None if it says none.

    A manifest that cannot be read says none (its readers say so themselves).
    """
    try:
        document = _manifest_document(Path(out_dir))
    except ValueError:
        return None
    source = document.get("program") if document is not None else None
    if not isinstance(source, dict) or not all(isinstance(source.get(key), str) for key in ("title", "folder")):
        return None
    return {"title": source["title"], "folder": source["folder"]}


def another_partnership(out_dir: Path, source: Mapping[str, str]) -> Problem | None:
    """A problem when ``out_dir``'s manifest says its files are another partnership's than ``source``; else None.

    The same partnership is in the same folder (its title may have been
    corrected since), or has the same title and the folder it was written
    from is gone (moved). A folder of the same title beside the one the files
    were written from is a copy, another partnership: a partnership made with
    ``kldocs new`` from the example, or a binding round after an expression
    of interest.
    """
    written = manifest_source(out_dir)
    if written is None or same_folder(written["folder"], source["folder"]):
        return None
    if same_folder(written["folder"], str(example_program())):
        return Problem(str(Path(out_dir) / MANIFEST), "its files were written for the example kldocs comes "
                                                      "with, as kldocs demo writes it")
    if written["title"] == source["title"]:
        if not os.path.isdir(written["folder"]):
            return None
        return Problem(str(Path(out_dir) / MANIFEST), f"its files were written for the partnership in "
                                                      f"{written['folder']}, of the same title but another folder "
                                                      "(a copy of it?)")
    return Problem(str(Path(out_dir) / MANIFEST), f"its files were written for another partnership, "
                                                  f"'{written['title']}' (from {written['folder']})")


def same_folder(one: str, other: str) -> bool:
    """Whether two folders a manifest names are one: the same path, or the same folder by other paths (a link)."""
    if one == other:
        return True
    try:
        return os.path.samefile(one, other)
    except (OSError, ValueError):
        return False


def _manifest_document(out_dir: Path) -> dict[str, Any] | None:
    """The manifest as JSON, its files checked; None when there is none; ValueError saying why it cannot be read."""
    path = out_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        if path.stat().st_size > MANIFEST_BYTES:
            raise ValueError(f"it is larger than {MANIFEST_BYTES >> 20} MB")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None
    except OSError as exc:
        raise ValueError(_reason(exc)) from None
    try:
        document = json.loads(text)
    except RecursionError:
        raise ValueError("it is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"it is not JSON: {exc.msg} at line {exc.lineno}") from None
    except ValueError as exc:  # a number with more digits than Python converts
        raise ValueError(f"it is not JSON kldocs can read: {exc}") from None
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, list) or not all(isinstance(e, dict) and isinstance(e.get("path"), str) for e in files):
        raise ValueError("it is not a kldocs manifest: a list of files, each with its path")
    checked: dict[str, Any] = document
    return checked



def manifest_json(entries: Iterable[Mapping[str, Any]]) -> str:
    """The text of ``manifest.json``: entries sorted by path, no timestamps, so it is reproducible."""
    return "".join(manifest_pieces(entries))


def manifest_pieces(entries: Iterable[Mapping[str, Any]], source: Mapping[str, str] | None = None) -> Iterator[str]:
    """The text of ``manifest.json`` (see :func:`manifest_json`) in pieces, an entry at a time.

    ``source`` is the partnership the files are written for (its ``title`` and ``folder``), if known.

    The same text as ``json.dumps`` of the whole with ``indent=2``, without
    its encoder's many small strings for the whole manifest at once: a batch
    of 10,000 letters peaked at 66 MiB instead of 80 (benchmarks/bench_render.py).
    """
    files = sorted(entries, key=lambda e: str(e["path"]))
    head = json.dumps({"generator": f"kldocs {__version__}", **({"program": dict(source)} if source else {})},
                      ensure_ascii=False, indent=2)[:-2]
    if not files:
        yield head + ',\n  "files": []\n}\n'
        return
    yield head + ',\n  "files": [\n'
    for number, entry in enumerate(files):
        yield _entry_json(entry) + (",\n" if number < len(files) - 1 else "\n")
    yield "  ]\n}\n"


_SCALARS = (str, int, float, bool, type(None))


def _entry_json(entry: Mapping[str, Any]) -> str:
    """``json.dumps(dict(entry), ensure_ascii=False, indent=2)``, indented as an item of ``files``.

    An entry of text and numbers (every entry kldocs makes) is written with
    the JSON encoder's C functions, value by value: with ``indent``, the
    encoder is Python's own, which took 30 µs an entry.
    """
    items = list(entry.items())
    if not items or not all(type(key) is str and type(value) in _SCALARS for key, value in items):
        return "    " + json.dumps(dict(entry), ensure_ascii=False, indent=2).replace("\n", "\n    ")
    string = json.encoder.encode_basestring
    members = ",\n      ".join([f"{string(key)}: {string(value) if type(value) is str else json.dumps(value)}"
                                for key, value in items])
    return "    {\n      " + members + "\n    }"


@dataclass(frozen=True)
class Written:
    """What a batch of any document kind wrote: the one result every kind returns."""

    out_dir: Path
    paths: tuple[str, ...]
    """Relative paths of the batch's files, documents and PDFs, in order (those kept as they were too)."""
    documents: int
    """Word documents written (the kind's own documents, not a combined one)."""
    pdfs: int
    seconds: float
    others: int = 0
    """Other files written beside them: charts, a web article, a CSV file."""
    drafts: int = 0
    """E-mail drafts (``.eml``) written beside the documents."""
    combined: bool = False
    """True when one combined document of every letter, for printing, was written too."""
    noun: str = "document"
    """What the kind calls one of its documents in the summary line: ``invitation``, ``document``."""
    kept: tuple[int, int] = (0, 0)
    """Of the PDFs and the drafts, how many were left as they were (of documents that came out as they were):
    the summary line says so of them, and counts the others as written."""
    notes: tuple[str, ...] = ()
    """Lines the user should read before the summary line (a line-up's figures, say)."""
    advice: tuple[str, ...] = ()
    """Lines after the summary line: what the user may do next."""

    def __post_init__(self) -> None:
        plain_lines(self, "notes", "advice")

    def summary(self) -> str:
        """One line for the user: ``98 invitations and 98 PDFs written to out/invitations in 3.2 s``."""
        pdfs, drafts = self.pdfs - self.kept[0], self.drafts - self.kept[1]  # those written
        counts = [(self.documents, self.noun), (pdfs, "PDF"), (drafts, "e-mail draft"), (self.others, "other file")]
        parts = [counted(n, noun) for n, noun in counts if n or noun == self.noun]
        if self.combined:
            parts.append("the combined document for printing")
        kept = [counted(n, noun) for n, noun in zip(self.kept, ("PDF", "e-mail draft"), strict=True) if n]
        as_they_were = f"; {joined(kept)} kept as {'it was' if sum(self.kept) == 1 else 'they were'}" if kept else ""
        return f"{joined(parts)} written to {self.out_dir} in {self.seconds:.1f} s{as_they_were}"



@dataclass(slots=True)
class _Planned:
    """A file a batch writes that is not one of its :class:`OutputFile` s: the PDF of one, converted from it."""

    spec: OutputFile
    relpath: str
    kind: str
    form: str = ""
    """As :attr:`OutputFile.form`: ``pdfa`` for a PDF/A-2b."""


def _pdf_path(docx_path: str) -> str:
    return docx_path[: -len(".docx")] + ".pdf"


def _document_of(spec: OutputFile) -> str | None:
    """The document a PDF or an e-mail draft a kind made is of (the ``.docx`` of its name), or None for another file."""
    if not spec.kind.endswith(_COMPANION_KINDS):
        return None
    stem, dot, _ = spec.relpath.rpartition(".")
    return f"{stem}.docx" if dot else None


def _document_for(item: OutputFile | _Planned) -> str | None:
    """The document a planned PDF or draft is of: the engine's PDF's, or a kind's own (:func:`_document_of`)."""
    return item.spec.relpath if isinstance(item, _Planned) else _document_of(item)


def _reserved(relpath: str) -> bool:
    """True for a path under a name kldocs keeps for itself in an output folder (its staging folder, its lock)."""
    return relpath.split("/", 1)[0].casefold().startswith(RESERVED)


def _plan(out_dir: Path, files: Sequence[OutputFile], pdf: bool, pdfa: bool = False) -> list[OutputFile | _Planned]:
    """Every file the batch writes, its own files (as they are: each has a path and a kind) and their PDFs."""
    planned: list[OutputFile | _Planned] = []
    form = "pdfa" if pdfa else ""
    for spec in files:
        planned.append(spec)
        if pdf and spec.relpath.lower().endswith(".docx"):
            planned.append(_Planned(spec, _pdf_path(spec.relpath), f"{spec.kind}-pdf", form))
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    inside = Inside(out_dir)
    for item in planned:
        try:
            inside.check(item.relpath)
        except InputError as exc:
            problems += [Problem("", p) for p in exc.problems]
            continue
        key = item.relpath.casefold()
        if key in seen:
            problems.append(Problem(f"output file {item.relpath!r}", "is written twice in one batch"))
        elif key == MANIFEST:
            problems.append(Problem(f"output file {item.relpath!r}", "is the manifest's own name"))
        elif _reserved(item.relpath):
            problems.append(Problem(f"output file {item.relpath!r}",
                                    f"starts with {RESERVED!r}, which kldocs keeps for its own files"))
        seen[key] = item.relpath
    if problems:
        raise InputError(problems)
    return planned


def check_replaceable(out_dir: Path, relpaths: Sequence[str], *, pdf: bool = False, force: bool = False,
                      force_edited: bool = False) -> None:
    """Raise :class:`OutputExists` if writing ``relpaths`` into ``out_dir`` would replace what it may not.

    With ``pdf`` the PDF beside each ``.docx`` counts too. :func:`write_outputs`
    checks this itself; a run that writes several batches, or does slow work
    first, calls it for every batch before writing any, so that it stops
    before anything is written. When an interrupted run left its staging
    folder in ``out_dir``, that is dealt with first (under the folder's lock),
    so the check sees the folder as the next write will.
    """
    names = list(relpaths)
    if pdf:
        names += [_pdf_path(name) for name in relpaths if name.lower().endswith(".docx")]
    folder = _Folder(Batch(out_dir, ()))
    if folder.out.is_dir() and os.path.lexists(folder.staging):
        try:
            folder.lock_and_recover()
            _check_overwrites(folder.out, names, force, force_edited)
        finally:
            folder.close(done=True)
    else:
        _check_overwrites(folder.out, names, force, force_edited)


_ADVICE = "nothing was written; use --force with --force-edited to replace them all the same"


def _check_overwrites(out_dir: Path, relpaths: Sequence[str], force: bool, force_edited: bool,
                      hashed: Hashed | None = None) -> None:
    if not out_dir.is_dir() or _holds_only(out_dir, {LOCK}):
        return
    existing = [relpath for relpath in relpaths if _exists(_inside(out_dir, relpath))]
    if not existing:
        return
    if not force:
        one = len(existing) == 1
        raise OutputExists(
            f"{out_dir}: {len(existing)} of the files already {'exists' if one else 'exist'} "
            f"({first_names(existing)}); nothing was written. "
            f"Use --force{' as well' if force_edited else ''} to replace {'it' if one else 'them'}"
        )
    if force_edited:
        return
    try:
        manifest = _load_manifest(out_dir)
    except ValueError as exc:
        files = ("the file it would replace was" if len(existing) == 1
                 else f"the {len(existing)} files it would replace were")
        raise OutputExists(Problem(str(out_dir / MANIFEST), f"cannot be read ({exc}), so kldocs cannot tell "
                                   f"whether {files} edited by hand"), advice=[_ADVICE]) from None
    problems = []
    for relpath in existing:
        path = out_dir / relpath
        recorded = manifest.get(relpath, {}).get("sha256")
        try:
            same = path.is_file() and _unchanged_sha256(path, hashed) == recorded
        except OSError as exc:
            problems.append(Problem(str(path), f"cannot be read ({_reason(exc)}), so kldocs cannot tell whether it "
                                               "was edited"))
            continue
        if recorded is None:
            reason = f"is not in {MANIFEST}, so kldocs did not write it or cannot tell whether it was edited"
        elif not same:
            reason = "was changed since kldocs wrote it (edited by hand?)"
        else:
            continue
        problems.append(Problem(str(path), reason))
    if problems:
        raise OutputExists(problems, advice=[_ADVICE])


_COMPANIONS = ((".pdf", "-pdf"), (".eml", "-eml"))
"""What kldocs makes beside a document from it: its PDF and its e-mail draft (which attaches it), by suffix and kind."""
_COMPANION_KINDS = tuple(kind for _, kind in _COMPANIONS)
"""How the kind of a PDF or a draft made of a document ends: ``invitation-pdf``, ``meeting-eml``."""


def _stale_companions(out_dir: Path, planned: Sequence[OutputFile | _Planned],
                      unchanged: Mapping[str, str]) -> list[str]:
    """The PDFs and e-mail drafts kldocs made beside documents this batch replaces without making them again.

    Left, such a file would no longer match its document: an agreement made
    final beside the PDF of its draft, which is the easier file to send, or
    a draft attaching a letter of an old date. A file is one of kldocs' when
    the manifest lists it as the PDF or the draft of a kind. A document
    written again as it is (``unchanged``, see :func:`_unchanged`) leaves its
    PDF and draft matching it.
    """
    made = {item.relpath for item in planned}  # converted here, or made by the command (for its e-mail drafts)
    documents = [item.relpath for item in planned if isinstance(item, OutputFile)
                 and item.relpath.lower().endswith(".docx") and item.relpath not in unchanged]
    if not documents or not out_dir.is_dir():
        return []
    manifest = read_manifest(out_dir) or {}
    stale = []
    for document in documents:
        for suffix, kind in _COMPANIONS:
            companion = document[: -len(".docx")] + suffix
            if (companion not in made and str(manifest.get(companion, {}).get("kind", "")).endswith(kind)
                    and os.path.isfile(_inside(out_dir, companion)) and os.path.isfile(_inside(out_dir, document))):
                stale.append(companion)
    return stale


def _stale_refusal(out_dir: Path, stale: Sequence[str], eml: bool = True) -> str:
    """The refusal of a run that would leave the ``stale`` files of :func:`_stale_companions`, with what to do.

    ``eml`` is False for a run whose command makes no e-mail drafts (``kldocs build``): the drafts are
    written again by the command of their kind, named as their folder is.
    """
    one = len(stale) == 1
    pdfs = [name for name in stale if name.lower().endswith(".pdf")]
    drafts = len(pdfs) < len(stale)
    what = (counted(len(stale), "PDF") if len(pdfs) == len(stale) else
            counted(len(stale), "e-mail draft") if not pdfs else counted(len(stale), "file"))
    options = " and ".join(option for option, wanted in (("--pdf", pdfs), ("--eml", drafts and eml)) if wanted)
    them = "it" if one else "them"
    again = f"add {options} to write {them} again" if options else ""
    if drafts and not eml:
        one_draft = len(stale) - len(pdfs) == 1
        again += (f"{', and ' if again else ''}write the {'draft' if one_draft else 'drafts'} again as "
                  f"{'it was' if one_draft else 'they were'} first written (with kldocs {out_dir.name} and --eml)")
    return str(Problem(str(out_dir), f"{what} ({first_names(stale)}) {'was' if one else 'were'} made from "
                                     f"{'a document' if one else 'documents'} this run replaces, and would no "
                                     f"longer match {them}: {again}, or move {them} out of the folder"))


_NOTHING_WRITTEN = "nothing was written"
ANOTHER_FOLDER = "give each partnership a folder of its own"
"""How the advice begins when a folder holds another partnership's documents (see :func:`another_partnership`)."""


def _another_folder(out_dir: Path, source: Mapping[str, str]) -> str:
    """The advice for ``out_dir`` (as the user named it), of another partnership's documents: a folder for ``source``.

    ``kldocs build`` and ``kldocs status`` take the partnership's folder and keep each kind in a folder of its
    own in it; a kind's own command takes that kind's folder: ``out/mit/invitations``.
    """
    root = out_dir.parent / (Path(source["folder"]).name or "partnerskab")
    return (f"{ANOTHER_FOLDER}, such as --out {root / out_dir.name} (with kldocs build and kldocs status, "
            f"--out {root}, which keeps each kind in a folder there); or move the other's documents out of {out_dir}")


def first_names(paths: Sequence[str]) -> str:
    """The first five of ``paths``, with ``…`` after them when there are more: for a line naming files."""
    return ", ".join(paths[:5]) + (" …" if len(paths) > 5 else "")


def _holds_only(folder: Path | str, names: set[str]) -> bool:
    """True when ``folder`` holds nothing but ``names`` (kldocs' own), as on a first run into it: no file is replaced.

    One look at the folder instead of one at each file a batch writes (5 µs a file); a batch's files never have
    kldocs' own names (see :func:`_reserved`). False when the folder cannot be listed: each file is looked at then.
    """
    try:
        with os.scandir(folder) as entries:
            return all(entry.name in names for entry in entries)  # stops at the first other entry
    except OSError:
        return False


def _unchanged(out_dir: Path, planned: Sequence[OutputFile | _Planned], hashed: Hashed) -> dict[str, str]:
    """The files this batch would write as they are, by path, with the SHA-256 the manifest gives them.

    A document may be: the manifest names it of the same kind, made with
    the same template, and the file is as kldocs wrote it (its data need not
    hash the same: an edit to program.yaml that changes nothing in a letter
    changes no letter). So are its PDF and its e-mail draft, of
    the same form (:attr:`OutputFile.form`: a PDF/A is not a plain PDF),
    when they too are as kldocs wrote them. Writing them again changes
    nothing a reader sees, so it needs no ``--force``. That a document comes
    out as it is, byte for byte, is seen once it is rendered (a template or
    kldocs itself may have changed since): :meth:`_Folder.render` checks it,
    and keeps the PDF and the draft beside it as they are.
    """
    if not os.path.isdir(out_dir) or _holds_only(out_dir, {LOCK}):
        return {}
    manifest = read_manifest(out_dir) or {}
    found: dict[str, str] = {}
    for item in planned:
        spec = item.spec if isinstance(item, _Planned) else item
        entry = manifest.get(item.relpath)
        if (entry is None or entry.get("kind") != item.kind or not isinstance(entry.get("sha256"), str)
                or entry.get("form", item.form) != item.form
                or (isinstance(item, _Planned) and spec.relpath not in found)):
            continue
        if not isinstance(item, _Planned) and (entry.get("template") != item.template or (
                item.kind.endswith("-eml") and entry.get("data_hash") != item.data_hash)):
            continue  # a draft says more than its letter (whom it goes to): its own data must be the same
        path = Path(_inside(out_dir, item.relpath))
        try:
            if (path.is_file() and _unchanged_sha256(path, hashed) == entry["sha256"]
                    and ("form" in entry or _form_of(path, item.kind) == item.form)):
                found[item.relpath] = entry["sha256"]
        except OSError:
            continue  # the check of what it would replace says why it cannot be read
    return found


def _form_of(path: Path, kind: str) -> str:
    """The :attr:`OutputFile.form` of a file a manifest lists without one (written before kldocs recorded it).

    A PDF is a PDF/A when its XMP metadata declares a part of it (LibreOffice writes the metadata
    uncompressed); an e-mail draft has the form of the PDF it attaches, or none when it attaches a ``.docx``.
    A combined PDF's ``duplex`` cannot be read back: it is taken as printed on one side.
    """
    if not kind.endswith(_COMPANION_KINDS):
        return ""
    data = path.read_bytes()
    if kind.endswith("-pdf"):
        return "pdfa" if b"pdfaid:part" in data else ""
    import email  # (loaded only for a draft of an earlier kldocs)
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.iter_attachments():
        if part.get_content_type() == "application/pdf":
            payload = part.get_payload(decode=True)
            return "pdfa" if isinstance(payload, bytes) and b"pdfaid:part" in payload else "pdf"
    return ""


def _other_forms(folder: _Folder) -> list[str]:
    """Why PDFs there that a run of another form would replace are no files written again: plain, not PDF/A."""
    manifest = read_manifest(folder.out) or {}
    other = [item.relpath for item in folder.planned if item.relpath.lower().endswith(".pdf")
             and (entry := manifest.get(item.relpath)) is not None and entry.get("kind") == item.kind
             and entry.get("form", "") != item.form and "pdfa" in (entry.get("form", ""), item.form)]
    if not other:
        return []
    one = len(other) == 1
    made = "PDF/A" if folder.batch.pdfa else "plain PDFs"
    there = ("a plain PDF" if one else "plain PDFs") if folder.batch.pdfa else ("a PDF/A" if one else "PDF/A")
    return [f"{folder.out}: {counted(len(other), 'PDF')} there ({first_names(other)}) {'is' if one else 'are'} "
            f"{there}, and this run makes {made}"]


def _check_all(folders: Sequence[_Folder], force: bool, force_edited: bool, hashed: Hashed, *,
               force_another: bool, looked_up: bool = False) -> None:
    """:func:`_check_overwrites` for every folder, each folder's refusals named at once, the advice last, once.

    A folder whose manifest names another partnership (:func:`another_partnership`) is refused unless
    ``force_another``.
    The files a folder's batch would write as they are (:func:`_unchanged`) are no replacements; they are
    looked up (unless ``looked_up``) and kept with the folder (``unchanged``), for :meth:`_Folder.render` to check.
    """
    refused: list[str] = []
    advice: list[str] = []
    for folder in folders:
        source = folder.batch.source
        other = None if force_another or source is None else another_partnership(folder.out, source)
        if other is not None and source is not None:  # its manifest would be this one's, the other's files in it
            refused.append(str(other))
            if not any(line.startswith(ANOTHER_FOLDER) for line in advice):  # once, of the first such folder
                advice.append(_another_folder(Path(folder.batch.out_dir), source))
            continue
        if not looked_up or folder.unchanged is None:
            folder.unchanged = _unchanged(folder.out, folder.planned, hashed)
        unchanged = folder.unchanged
        try:
            _check_overwrites(folder.out, [item.relpath for item in folder.planned if item.relpath not in unchanged],
                              force, force_edited, hashed)
        except OutputExists as exc:
            if not looked_up and unchanged:  # named in full: the documents taken to come out as they were, rendered
                exc = _refused_in_full(folder, exc, force, force_edited, hashed)
            refused += [p for p in exc.found if p not in refused]
            refused += _other_forms(folder)
            advice += [a for a in exc.advice if a not in advice]
            continue
        stale = _stale_companions(folder.out, folder.planned, unchanged)
        if stale:  # each line says what to do about its folder's files
            refused.append(_stale_refusal(folder.out, stale, folder.batch.eml))
    if refused or advice:
        if not any(_NOTHING_WRITTEN in line for line in (*refused, *advice)):
            advice.append(_NOTHING_WRITTEN)
        raise OutputExists(refused, advice=advice)


def _refused_in_full(folder: _Folder, refusal: OutputExists, force: bool, force_edited: bool,
                     hashed: Hashed) -> OutputExists:
    """``refusal``, naming too the documents taken to come out as they were (and their PDFs, drafts) that do not.

    Before rendering, a document the manifest lists as written from the same template is taken to come
    out as it was (:func:`_unchanged`), and its PDF and draft with it; rendering tells. A run refused
    before it renders (a draft whose own data changed) would name the drafts alone, and the letters and
    PDFs that ``--force`` replaces as well only on the next try: they are rendered here to see (in
    memory, nothing written; the slow part, the PDFs, is not made, nor a combined document, which
    counts its letters' pages with LibreOffice).
    """
    unchanged = folder.unchanged or {}
    specs = {spec.relpath: spec for spec in folder.batch.files}
    other: set[str] = set()
    for relpath, sha in unchanged.items():
        spec = specs.get(relpath)
        # not a combined document: it counts its letters' pages, which takes LibreOffice; the letters are named
        if spec is None or _document_of(spec) is not None or spec.kind.endswith("-combined"):
            continue
        try:
            data = spec.make()
        except (KldocsError, OSError):  # the run that renders it says why; this refusal stands as it is
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            other.add(relpath)
    if not other:
        return refusal
    for item in folder.planned:  # and the PDFs and drafts of those documents
        if _document_for(item) in other:
            other.add(item.relpath)
    try:
        _check_overwrites(folder.out, [item.relpath for item in folder.planned
                                       if item.relpath not in unchanged or item.relpath in other],
                          force, force_edited, hashed)
    except OutputExists as fuller:
        return fuller
    return refusal


@dataclass(frozen=True)
class Batch:
    """The files of one output folder, for :func:`write_batches`."""

    out_dir: Path
    files: Sequence[OutputFile]
    pdf: bool = False
    """A PDF of each ``.docx`` beside it."""
    pdfa: bool = False
    """The PDFs as PDF/A-2b, for archiving (still tagged, and declaring PDF/UA)."""
    noun: str = "document"
    """What :meth:`Written.summary` calls one of its documents."""
    source: Mapping[str, str] | None = None
    """The partnership the files are written for (``title``, ``folder``), which the manifest records."""
    eml: bool = True
    """Whether the command writing the batch makes e-mail drafts (``--eml``); ``kldocs build`` does not."""


def write_outputs(out_dir: Path, files: Sequence[OutputFile], *, force: bool = False,
                  force_edited: bool = False, pdf: bool = False, progress: Progress | None = None,
                  pdf_timeout: float | None = None, noun: str = "document", pdfa: bool = False) -> Written:
    """Write ``files`` into ``out_dir`` (and a PDF of each .docx with ``pdf``), all or nothing.

    Raises :class:`InputError` for an unsafe or repeated path,
    :class:`RenderError` for records whose data does not fit their template
    (every problem at once), :class:`OutputExists` for files it may not
    replace, :class:`ConversionError` when PDF conversion fails, and
    :class:`KldocsError` when the folder is in use by another run or the file
    system refuses (full, read-only, no permission) — in every case with the
    output folder as it was.
    """
    batch = Batch(out_dir, files, pdf=pdf, pdfa=pdfa, noun=noun)
    return write_batches([batch], force=force, force_edited=force_edited, progress=progress,
                         pdf_timeout=pdf_timeout)[0]


def write_batches(batches: Sequence[Batch], *, force: bool = False, force_edited: bool = False,
                  progress: Progress | None = None, pdf_timeout: float | None = None,
                  force_another: bool = False) -> list[Written]:
    """Write each batch into its folder like :func:`write_outputs`, every batch rendered before any is committed.

    Every path, record and file to replace in every batch is checked before
    any folder is touched, with every problem of every batch at once. Then
    every folder is locked (in the order given), every batch is rendered and
    converted, and only then are they committed one after the other; when
    committing one fails, those committed before it are put back too.
    A folder whose manifest names another partnership than its batch's
    ``source`` is refused unless ``force_another``, which no command gives:
    ``--force`` replaces a partnership's own files, it does not mix two.
    Returns one :class:`Written` per batch, in order.
    """
    started = time.monotonic()
    folders = [_Folder(batch) for batch in batches]
    if len({folder.out for folder in folders}) != len(folders):
        raise ValueError("every batch needs an output folder of its own")
    for folder in folders:
        if folder.out.exists() and not folder.out.is_dir():
            raise InputError(Problem(str(folder.out), "is a file; expected a folder to write the documents to"))
    if any(batch.pdf for batch in batches):
        from kldocs.engine.pdf import find_soffice  # (loaded only for PDFs: it starts processes)

        find_soffice()  # before any work: a missing LibreOffice is known at once
    problems: list[str] = []
    for folder in folders:
        try:
            folder.planned = _plan(folder.out, folder.batch.files, folder.batch.pdf, folder.batch.pdfa)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    for folder in folders:
        problems += _checked(folder.batch.files)
    if problems:
        raise RenderError(problems)
    try:
        # A refusal touches nothing, not even the folders' lock files; a folder an
        # interrupted run left work in is checked once that is dealt with, below.
        hashed: Hashed = {}  # what the check before locking read, for the check after it
        _check_all([folder for folder in folders if not os.path.lexists(folder.staging)], force, force_edited,
                   hashed, force_another=force_another)
        done = False
        try:
            for folder in folders:
                folder.open()
            _check_all(folders, force, force_edited, hashed, force_another=force_another)
            _fault("checked")
            for folder in folders:
                folder.render(progress)
            # a file taken to come out as it was that did not is a replacement: every folder's refusal at once,
            # before the PDFs and drafts of the documents are made (a kind's, for --eml, or the engine's)
            _check_all([folder for folder in folders if folder.shrunk], force, force_edited, hashed,
                       force_another=force_another, looked_up=True)
            for folder in folders:
                folder.render_companions(progress)
                folder.convert(progress, pdf_timeout)
            _commit(folders)
            done = True
        finally:
            with signals_deferred():
                for folder in reversed(folders):
                    folder.close(done)
            reap()  # the workers that had left by now (see kldocs.engine.workers._leaving)
    except OSError as exc:  # one the steps do not expect (each says what it was doing when it does)
        where = exc.filename or folders[0].out
        raise KldocsError(f"{where}: {_reason(exc)}; nothing was written") from None
    seconds = time.monotonic() - started
    # each folder named as the caller named it (a relative --out reads as the user typed it)
    return [dataclasses.replace(_written(Path(folder.batch.out_dir), folder.written(),
                                         seconds if len(folders) == 1 else folder.seconds, folder.batch.noun,
                                         kept=folder.kept), notes=folder.renamed()) for folder in folders]


CHECKS_TIMED = 16
"""How many of a batch's checks run in this process before the rest may be shared among workers."""
WORTH_SHARING = 0.05
"""Seconds the rest of a batch's checks must be expected to take here for workers to run them instead."""


def _checked(files: Sequence[OutputFile]) -> list[str]:
    """The problems the files' checks find (:class:`RenderError`), in the order of the files.

    A check is usually a look at a record's names, a few microseconds. A
    caller that makes each record's data only when it is asked for (more
    records than memory) pays for making it in the check: when the first
    :data:`CHECKS_TIMED` checks say the rest would take more than
    :data:`WORTH_SHARING` here, the rest are shared among the cores as
    rendering is (:mod:`kldocs.engine.workers`), if every file checked is
    independent. Any other error in a worker is met again here, from that
    file on, and raised as it would be in one process.
    """
    checks = [spec.check for spec in files if spec.check is not None]
    problems: list[str] = []
    started = time.perf_counter()
    done = min(CHECKS_TIMED, len(checks))
    for check in checks[:done]:
        problems += _problems(check)
    rest = len(checks) - done
    if rest and done and all(spec.independent or spec.check is None for spec in files):
        expected = (time.perf_counter() - started) / done * rest
        processes = worker_count(rest) if expected > WORTH_SHARING else 1
        if processes > 1:
            first = done
            job = functools.partial(_problems_line, checks, first)
            with contextlib.closing(on_every_core(rest, job, processes)) as results:
                for number, line in results:
                    if line is None:
                        break  # checked here from this file on: what went wrong goes wrong here
                    problems += json.loads(line)
                    done = first + number + 1
    for check in checks[done:]:
        problems += _problems(check)
    return problems


def _problems(check: Callable[[], None]) -> list[str]:
    try:
        check()
    except RenderError as exc:
        return exc.problems
    return []


def _problems_line(checks: Sequence[Callable[[], None]], first: int, number: int) -> str:
    return json.dumps(_problems(checks[first + number]))  # one line: JSON writes a line break as \n


def _commit(folders: Sequence[_Folder]) -> None:
    """Commit every folder's staged batch; on any failure put back every folder committed so far, then raise."""
    begun: list[_Folder] = []
    try:
        for folder in folders:
            begun.append(folder)
            folder.commit()
    except BaseException as exc:
        failed = begun[-1]
        with signals_deferred():
            left: tuple[_Folder, OSError] | None = None
            for folder in reversed(begun):
                try:
                    folder.undo()
                except OSError as undo_error:
                    left = left or (folder, undo_error)
        if not isinstance(exc, OSError):
            raise
        doing = f"could not {failed.doing} ({_reason(exc)})"
        if left is None:
            raise KldocsError(f"{failed.out}: {doing}; nothing was changed") from None
        raise KldocsError(f"{failed.out}: {doing}, nor put back the files already moved in {left[0].out} "
                          f"({_reason(left[1])}); the next kldocs run into that folder puts them back") from None
    with signals_deferred():
        for folder in folders:
            folder.finish()


def _written(out_dir: Path, manifest: Mapping[str, Mapping[str, Any]], seconds: float, noun: str,
             kept: Collection[str] = ()) -> Written:
    """The files of a batch counted by what they are: documents, PDFs, drafts, a combined one, others.

    ``kept`` are those of them left as they were.
    """
    counts = {"docx": 0, "pdf": 0, "eml": 0, "other": 0}
    combined = False
    for relpath, entry in manifest.items():
        if str(entry["kind"]).endswith(("-combined", "-combined-pdf")):
            combined = True
            continue
        name = relpath.rpartition("/")[2]  # PurePosixPath(relpath).suffix, without making a path of each
        dot = name.rfind(".")
        suffix = name[dot + 1 :].lower() if 0 < dot < len(name) - 1 else ""
        counts[suffix if suffix in counts else "other"] += 1
    as_they_were = (sum(path.lower().endswith(".pdf") for path in kept),
                    sum(path.lower().endswith(".eml") for path in kept))
    return Written(out_dir, tuple(manifest), counts["docx"], counts["pdf"], seconds, others=counts["other"],
                   drafts=counts["eml"], combined=combined, noun=noun, kept=as_they_were)


def _renamed_municipality(old: str, new: str) -> bool:
    """Whether ``old`` and ``new`` differ only in the municipality's name: ``0820-vesthimmerlands.docx``.

    Not the day or the reason of a reminder (``…-tilmelding-2021-08-09.docx``), which differ in digits or in a
    whole word between hyphens.
    """
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    tail_old, tail_new = old[start:][::-1], new[start:][::-1]
    end = next((i for i, (a, b) in enumerate(zip(tail_old, tail_new, strict=False)) if a != b),
               min(len(tail_old), len(tail_new)))
    middle = old[start:len(old) - end] + new[start:len(new) - end]
    return start > 0 and old[start - 1] != "-" and not any(c.isdigit() or c in "-/" for c in middle)


class _Entry(Mapping[str, Any]):
    """A file's entry in the manifest, read from its :class:`OutputFile` when the manifest is written.

    A batch holds one for every file it writes until then: a mapping of
    four slots (the file and what it was written as), not a dict of six
    values, is a third of the memory (10,000 letters: 2.7 MB less); the
    SHA-256 is held as its 32 bytes, not 64 hexadecimal digits (0.5 MB less).
    """

    __slots__ = ("_form", "_kind", "_relpath", "_sha256", "_spec")
    _KEYS = ("path", "kind", "municipality_code", "template", "data_hash", "sha256")
    _FORMED = (*_KEYS, "form")
    """The keys of a file of a :attr:`OutputFile.form` (recorded only where there is one)."""

    def __init__(self, spec: OutputFile, relpath: str, kind: str, sha256: str, form: str = "") -> None:
        self._spec, self._relpath, self._kind, self._sha256 = spec, relpath, kind, bytes.fromhex(sha256)
        self._form = form

    def __getitem__(self, key: str) -> Any:
        if key == "path":
            return self._relpath
        if key == "kind":
            return self._kind
        if key == "sha256":
            return self._sha256.hex()
        if key in ("municipality_code", "template", "data_hash"):
            return getattr(self._spec, key)
        if key == "form" and self._form:
            return self._form
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._FORMED if self._form else self._KEYS)

    def __len__(self) -> int:
        return len(self._FORMED if self._form else self._KEYS)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _write_file(path: str, data: bytes) -> None:
    """``open(path, "wb").write(data)`` in three system calls: no buffer, no ``fstat``, no ``isatty`` for each file.

    The same file, with the same permissions (0o666 less the umask), and the same OSError when the disk is full.
    """
    fd = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _by_folder(paths: list[Path]) -> dict[Path, list[Path]]:
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        groups.setdefault(path.parent, []).append(path)
    return groups


def _reason(exc: OSError) -> str:
    """What the operating system said, for a line: ``No space left on device``."""
    return exc.strerror or str(exc)


def _inside(folder: Path, relpath: str) -> str:
    """The path of ``relpath`` (checked, ``/`` between its parts) inside ``folder``, as text: a batch joins many."""
    return os.path.join(folder, *relpath.split("/"))


class _Folders:
    """Makes the folder a file goes in, each folder once (a batch puts many files in few folders)."""

    def __init__(self) -> None:
        self._made: set[str] = set()

    def for_file(self, path: str) -> None:
        folder = os.path.dirname(path)
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)


@dataclass(frozen=True)
class _Journal:
    """What a commit moves into place, in order (the manifest last), and what it found there before."""

    files: tuple[str, ...]
    replaced: frozenset[str]
    """The files that were there before the commit (moved aside, not deleted, until it is done)."""
    folders: tuple[str, ...]
    """Folders the commit makes for its files, outermost first."""
    forward: bool = True
    """True while the commit moves files into place; False once it puts them back after a failure."""


_NAMES_AT_ONCE = 1000
"""How many of a journal's names :func:`journal_pieces` gives in one piece."""


def journal_pieces(journal: _Journal) -> Iterator[str]:
    """The text of a commit's journal in pieces: ``json.dumps`` of it with ``indent=1``, a thousand names at a time.

    A batch's journal names every file it writes: 10,000 letters are 0.26 MB
    of text, which the JSON encoder made in 1.3 MB of memory at once, at the
    highest the batch's memory stood (benchmarks/bench_render.py).
    """
    string = json.encoder.encode_basestring
    head = {"generator": f"kldocs {__version__}", "direction": "forward" if journal.forward else "back"}
    yield "{\n" + "".join(f" {string(key)}: {string(value)},\n" for key, value in head.items())
    lists = {"files": journal.files, "replaced": sorted(journal.replaced), "folders": journal.folders}
    for number, (key, names) in enumerate(lists.items()):
        end = ",\n" if number < len(lists) - 1 else "\n"
        if not names:
            yield f" {string(key)}: []{end}"
            continue
        yield f" {string(key)}: [\n"
        for start in range(0, len(names), _NAMES_AT_ONCE):
            last = start + _NAMES_AT_ONCE >= len(names)
            yield ",\n".join([f"  {string(name)}" for name in names[start : start + _NAMES_AT_ONCE]]) + \
                ("\n" if last else ",\n")
        yield f" ]{end}"
    yield "}"


class _Folder:
    """One output folder in a write: its lock, its staging folder and journal, what this run made and moved."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.out = Path(batch.out_dir).absolute()
        self.staging = self.out / STAGING
        self.new = self.staging / "new"
        """The batch's files as they are to be in the output folder, until each is moved there."""
        self.old = self.staging / "old"
        """The files they replace, moved aside until the commit is over."""
        self.journal = self.staging / JOURNAL
        self.lock = _Lock(self.out)
        self.planned: list[OutputFile | _Planned] = []
        self.entries: dict[str, Mapping[str, Any]] = {}
        """The manifest's entries of the files this batch writes, in order."""
        self.made: list[Path] = []
        """Folders this run made to have an output folder, outermost first."""
        self.locked = False
        """True while this run holds the folder's lock: only then does it touch the staging folder."""
        self.committing: _Journal | None = None
        self.doing = f"make {STAGING} in it"
        """What the commit is doing, for the line that says what failed."""
        self.seconds = 0.0
        self._folders = _Folders()
        """The folders made in the staging folder."""
        self.unchanged: dict[str, str] | None = None
        """The files the batch writes as they are, with their SHA-256 (see :func:`_unchanged`); None until looked up."""
        self.kept: dict[str, Mapping[str, Any]] = {}
        """PDFs and e-mail drafts left as they are, of documents that came out as they were, with their entries."""
        self.shrunk = False
        """True when a file taken to come out as it was did not (see :meth:`render`)."""
        self._documents: list[Path] = []
        """The rendered documents to convert to PDF."""
        self._companions: list[int] = []
        """The batch's PDFs and drafts of its own documents, by number, rendered after the documents."""
        self._rendered = 0
        """How many of the batch's files are rendered, for the progress line."""
        self._old: Mapping[str, Mapping[str, Any]] = {}
        """The manifest the folder held when the batch was rendered."""

    def written(self) -> dict[str, Mapping[str, Any]]:
        """The entries of the batch's files, written or kept as they were, in the order planned."""
        return {item.relpath: entry for item in self.planned
                if (entry := self.entries.get(item.relpath) or self.kept.get(item.relpath)) is not None}

    def renamed(self) -> tuple[str, ...]:
        """A note for each file of an earlier run that one written now replaces under another name, left as it was.

        The same kind of file for the same municipality, under a name an earlier kldocs gave it (``0820-
        vesthimmerlands.docx`` before ``0820-vesthimmerland.docx``): a reader of the folder, or a print of
        every file in it, would take both for the municipality's.
        """
        now = {(entry["kind"], code): relpath for relpath, entry in self.written().items()
               if (code := entry.get("municipality_code"))}
        found = [(relpath, new) for relpath, entry in self._old.items()
                 if relpath not in self.entries and relpath not in self.kept
                 and (new := now.get((entry.get("kind"), entry.get("municipality_code")))) is not None
                 and _renamed_municipality(relpath, new)]
        return tuple(f"{self.out / old} is an earlier name of {new}, written now; it was left as it was: delete it"
                     for old, new in found if os.path.lexists(self.out / old))

    # -- opening: make, lock, recover -------------------------------------------------------

    def open(self) -> None:
        """Make the folder if it is not there, lock it, and deal with what an interrupted run left in it."""
        self.made = _make_folders(self.out)
        self.lock_and_recover()

    def lock_and_recover(self) -> None:
        """Lock the folder (it is there), then finish or undo what an interrupted run left in it."""
        try:
            self.lock.acquire(LOCK_SECONDS)
        except OSError as exc:
            raise KldocsError(f"{self.out}: cannot write to this folder ({_reason(exc)}); "
                              "nothing was written") from None
        self.locked = True
        _fault("locked")
        self.recover()
        _fault("recovered")

    def recover(self) -> None:
        """Finish or undo the commit an interrupted run began here (one line of log says so); drop its staging."""
        if not os.path.lexists(self.staging):
            return
        if not os.path.lexists(self.journal):  # it never began to commit: the folder is as it was
            self._discard()
            return
        journal = self._read_journal()
        try:
            if journal.forward:
                moved = self._forward(journal)
                line = (f"{self.out}: finished the commit an interrupted kldocs run had begun "
                        f"({counted(moved, 'more file')} moved into place)") if moved else None
            else:
                self._back(journal)
                line = (f"{self.out}: put back the files an interrupted kldocs run had begun to put back "
                        "after a failure; the folder is as it was before that run")
        except OSError as exc:
            raise KldocsError(f"{self.out}: an interrupted kldocs run left its files in {self.staging}, and they "
                              f"cannot be moved into place ({_reason(exc)}); fix that and run again") from None
        self._finish()
        if line:
            log.warning(line)

    def _read_journal(self) -> _Journal:
        try:
            data = json.loads(self.journal.read_text(encoding="utf-8"))
            files, replaced, folders = data["files"], data["replaced"], data["folders"]
            journal = _Journal(tuple(files), frozenset(replaced), tuple(folders), data["direction"] == "forward")
            names = [*files, *replaced, *folders]
            if (data["direction"] not in ("forward", "back") or not all(isinstance(n, str) for n in names)
                    or any(check_relpath(n) or _reserved(n) for n in names) or not journal.replaced <= set(files)):
                raise ValueError("not a journal kldocs wrote")
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            raise KldocsError(f"{self.journal}: cannot be read, so kldocs cannot tell how to finish the commit an "
                              f"interrupted run began in {self.out}; move {self.staging} out of the folder (it holds "
                              "that run's files and the ones they replaced) and run again") from None
        return journal

    # -- staging ----------------------------------------------------------------------------

    def render(self, progress: Progress | None) -> None:
        """Render the batch's documents into the staging folder, and see which came out as the files they replace.

        Those taken to (:func:`_unchanged`) that did not are no longer in
        :attr:`unchanged`; :attr:`shrunk` says so, for the check of what they
        replace, which :func:`write_batches` makes of every folder at once.
        The PDFs and drafts a kind makes of its documents (for ``--eml``) wait
        for :meth:`render_companions`: they are the slow part (LibreOffice),
        and those of documents that came out as they were are kept unmade.
        """
        started = time.monotonic()
        files = self.batch.files
        names = {spec.relpath for spec in files}
        self._companions = [n for n, spec in enumerate(files) if _document_of(spec) in names]
        later = set(self._companions)
        try:
            self.new.mkdir(parents=True)
            self._folders = _Folders()
            self._stage([n for n in range(len(files)) if n not in later], progress)
            self.doing = f"read {MANIFEST}"
            self._old = read_manifest(self.out) or {}
            self.shrunk = self._check_unchanged(self._old)
        except OSError as exc:
            raise KldocsError(f"{self.out}: could not {self.doing} ({_reason(exc)}); nothing was written") from None
        self.seconds += time.monotonic() - started

    def render_companions(self, progress: Progress | None) -> None:
        """Render the PDFs and drafts a kind makes of its documents, but those kept as they were (:attr:`kept`)."""
        started = time.monotonic()
        files = self.batch.files
        try:
            self._stage([n for n in self._companions if files[n].relpath not in self.kept], progress)
        except OSError as exc:
            raise KldocsError(f"{self.out}: could not {self.doing} ({_reason(exc)}); nothing was written") from None
        self.seconds += time.monotonic() - started

    def _stage(self, numbers: Sequence[int], progress: Progress | None) -> None:
        """Render the files of ``numbers`` into the staging folder, on every core where they allow it."""
        files = self.batch.files
        total = len(files) - len(self.kept)

        def staged(number: int, sha256: str) -> None:
            spec = files[number]
            self.doing = f"write {spec.relpath}"
            _fault("staged", spec.relpath)
            self.entries[spec.relpath] = _Entry(spec, spec.relpath, spec.kind, sha256, spec.form)
            if self.batch.pdf and spec.relpath.lower().endswith(".docx"):  # kept only to be converted
                self._documents.append(Path(_inside(self.new, spec.relpath)))
            self._rendered += 1
            if progress is not None:
                progress("Rendering", self._rendered, total)

        first = 0  # the first of numbers not yet staged
        processes = worker_count(len(numbers))
        if processes > 1 and all(files[n].independent or files[n].render is None for n in numbers):
            # The first file here, so that every worker starts with what it left (a batch renderer's pieces,
            # the modules it imported) instead of each making it again; then the rest on every core, this
            # process doing its share of them first, in order, with a worker forked for each other core.
            staged(numbers[0], self._write(files[numbers[0]]))
            first = 1
            rest = len(numbers) - 1
            with contextlib.closing(on_every_core(rest, lambda n: self._write(files[numbers[n + 1]]),
                                                  processes)) as results:
                for number, sha256 in results:
                    if sha256 is None:
                        break  # done here from this file on: what went wrong goes wrong here, and is said
                    staged(numbers[number + 1], sha256)
                    first = number + 2
        for number in numbers[first:]:
            staged(number, self._write(files[number]))

    def convert(self, progress: Progress | None, pdf_timeout: float | None) -> None:
        """Convert the rendered documents to PDF in the staging folder, and write the new manifest beside them."""
        started = time.monotonic()
        documents, old = self._documents, self._old
        try:
            pdfs = [item for item in self.planned if isinstance(item, _Planned) and item.relpath not in self.entries
                    and item.relpath not in self.kept]
            if self.kept:  # the PDF of a document that came out as it was is the one there: not converted again
                converted = {Path(_inside(self.new, item.spec.relpath)) for item in pdfs}
                documents = [path for path in documents if path in converted]
            if self.batch.pdf and documents:
                from kldocs.engine.pdf import convert_to_pdf

                self.doing = "convert the documents to PDF"
                for folder, group in _by_folder(documents).items():
                    convert_to_pdf(group, folder, progress=progress, timeout=pdf_timeout, pdfa=self.batch.pdfa)
                for item in pdfs:
                    path = Path(_inside(self.new, item.relpath))
                    self.entries[item.relpath] = _Entry(item.spec, item.relpath, item.kind, sha256_file(path),
                                                        item.form)
                _fault("converted")
            self.doing = f"write {MANIFEST}"
            kept = {path: entry for path, entry in old.items()
                    if not check_relpath(path) and not _reserved(path) and path.casefold() != MANIFEST
                    and os.path.isfile(_inside(self.out, path))}
            with (self.new / MANIFEST).open("w", encoding="utf-8") as manifest:
                manifest.writelines(manifest_pieces({**kept, **self.kept, **self.entries}.values(),
                                                    self.batch.source))
            _fault("manifest")
        except OSError as exc:
            raise KldocsError(f"{self.out}: could not {self.doing} ({_reason(exc)}); nothing was written") from None
        self.seconds += time.monotonic() - started

    def _check_unchanged(self, old: Mapping[str, Mapping[str, Any]]) -> bool:
        """Whether a file taken to come out as it was did not (:func:`_unchanged`): the check before must be made again.

        A template edited since, or another kldocs, makes another document from data of the same hash: that
        document, and the PDF converted from it, replace the files they were taken to be.

        The PDF and the e-mail draft of a document that did come out as it was are kept as they are, unmade
        (:attr:`kept`), when both are there as kldocs wrote them and the manifest ``old`` lists them:
        LibreOffice dates each PDF it makes, so a PDF made again is not the same bytes, though it is the
        same document, and the engine does not convert it again at all. When one of them is new (a first
        ``--eml``), both are written as made again, no replacement: the draft attaches the PDF beside it.
        """
        unchanged = self.unchanged or {}
        same = {relpath: sha for relpath, sha in unchanged.items()
                if relpath in self.entries and self.entries[relpath]["sha256"] == sha}
        companions: dict[str, list[OutputFile | _Planned]] = {}
        for item in self.planned:
            document = _document_for(item)
            if document is not None and document in same:
                companions.setdefault(document, []).append(item)
        for items in companions.values():
            # all kept, or all made again: a draft made again attaches the PDF made with it, not the one there
            keep = all(item.relpath in unchanged and item.relpath in old for item in items)
            for item in items:
                if item.relpath in unchanged and item.relpath not in same:
                    same[item.relpath] = unchanged[item.relpath]
                    if keep:  # its SHA-256 as the manifest had it, of the data it is made from now
                        spec = item.spec if isinstance(item, _Planned) else item
                        self.kept[item.relpath] = _Entry(spec, item.relpath, item.kind, unchanged[item.relpath],
                                                         item.form)
        if len(same) == len(unchanged):
            return False
        self.unchanged = same
        return True

    def _write(self, spec: OutputFile) -> str:
        """Render ``spec`` and write it into the staging folder; its SHA-256."""
        target = _inside(self.new, spec.relpath)
        self.doing = f"render {spec.relpath}"
        data = spec.make()
        self.doing = f"write {spec.relpath}"
        self._folders.for_file(target)
        _write_file(target, data)
        return hashlib.sha256(data).hexdigest()

    # -- committing -------------------------------------------------------------------------

    def commit(self) -> None:
        """Write the journal, then move every staged file into place, the manifest last."""
        started = time.monotonic()
        files = (*self.entries, MANIFEST)
        empty = _holds_only(self.out, {LOCK, STAGING})  # a first run into it: nothing is replaced, no folder there
        replaced = frozenset() if empty else frozenset(f for f in files if os.path.lexists(_inside(self.out, f)))
        folders = {str(parent) for f in files if "/" in f for parent in PurePosixPath(f).parents if str(parent) != "."}
        missing = sorted((f for f in folders if empty or not os.path.isdir(_inside(self.out, f))),
                         key=lambda f: (f.count("/"), f))
        journal = _Journal(files, replaced, tuple(missing))
        self.doing = "write the commit's journal"
        self._write_journal(journal)
        self.committing = journal
        _fault("journal")
        self._forward(journal, begun=True)
        _fault("committed")
        self.seconds += time.monotonic() - started

    def _forward(self, journal: _Journal, begun: bool = False) -> int:
        """Move every file still staged into place, the file it replaces aside first; the number moved.

        ``begun`` when this run has just written the journal: every file is
        still staged, none is set aside yet, and the journal's ``replaced``
        are the ones there, so none of that is looked up again. Recovering,
        it is all looked up: an interrupted run may have stopped anywhere.
        """
        moved = 0
        folders = _Folders()
        for relpath in journal.files:
            source = _inside(self.new, relpath)
            if not begun and not os.path.lexists(source):
                continue  # moved already
            target, saved = _inside(self.out, relpath), _inside(self.old, relpath)
            self.doing = f"move {relpath} into place"
            if (relpath in journal.replaced if begun else os.path.lexists(target) and not os.path.lexists(saved)):
                _fault("backup", relpath)
                folders.for_file(saved)
                os.replace(target, saved)
            _fault("install", relpath)
            folders.for_file(target)
            os.replace(source, target)
            moved += 1
        return moved

    def undo(self) -> None:
        """Put back what this run's commit moved in this folder, if it began one; OSError when that fails."""
        if self.committing is None:
            return  # the journal was not written: nothing was moved
        journal = dataclasses.replace(self.committing, forward=False)
        # Killed while putting back, the next run goes on putting back; if this cannot be written, the journal
        # still says forward, and a next run would finish the commit instead: a whole state too.
        with contextlib.suppress(OSError):
            self._write_journal(journal)
        self._back(journal)
        self._finish()

    def _back(self, journal: _Journal) -> None:
        """Put every file replaced back, and remove every file (and folder) the commit added."""
        for relpath in reversed(journal.files):
            source, target, saved = _inside(self.new, relpath), _inside(self.out, relpath), _inside(self.old, relpath)
            _fault("undo", relpath)
            if os.path.lexists(saved):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(saved, target)
            elif relpath not in journal.replaced and not os.path.lexists(source) and os.path.lexists(target):
                os.unlink(target)
        for folder in reversed(journal.folders):
            with contextlib.suppress(OSError):  # gone already, or someone put something there meanwhile
                os.rmdir(_inside(self.out, folder))

    def _write_journal(self, journal: _Journal) -> None:
        written = self.staging / f"{JOURNAL}.new"
        with written.open("w", encoding="utf-8") as stream:
            stream.writelines(journal_pieces(journal))
        os.replace(written, self.journal)  # all at once: a journal is whole or not there

    # -- ending -----------------------------------------------------------------------------

    def finish(self) -> None:
        """The commit is over: drop its journal, then the staging folder with the files replaced."""
        started = time.monotonic()
        self._finish()
        self.seconds += time.monotonic() - started

    def _finish(self) -> None:
        try:
            self.journal.unlink(missing_ok=True)
        except OSError:
            return  # a next run finds the journal, has nothing left to move, and drops it
        self.committing = None
        _fault("cleanup")
        self._discard()

    def _discard(self) -> None:
        if os.path.isdir(self.staging) and not os.path.islink(self.staging):
            shutil.rmtree(self.staging, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                self.staging.unlink()

    def close(self, done: bool) -> None:
        """Drop a staging folder no journal needs, let go of the lock, and remove the folders made in vain."""
        try:
            if self.locked and os.path.lexists(self.staging) and not os.path.lexists(self.journal):
                self._discard()
        finally:
            self.locked = False
            self.lock.release()
            if not done:
                for folder in reversed(self.made):
                    with contextlib.suppress(OSError):  # not empty: someone else writes there now
                        folder.rmdir()


def _make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and the folders above it that are missing; the ones made, outermost first."""
    missing: list[Path] = []
    for path in (folder, *folder.parents):
        if path.is_dir():
            break
        missing.append(path)
    made: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            if path.is_dir():
                continue  # another run made it just now
            raise KldocsError(f"{folder}: cannot be made, {path} is a file; nothing was written") from None
        except OSError as exc:
            if exc.errno == errno.ENOTDIR:
                raise KldocsError(f"{folder}: cannot be made, a folder above it is a file; "
                                  "nothing was written") from None
            raise KldocsError(f"{folder}: cannot make this folder ({_reason(exc)}); nothing was written") from None
        made.append(path)
    return made


class _Lock:
    """An exclusive lock on an output folder: an ``flock`` on its ``.kldocs.lock``, which is removed on release.

    The file is removed while the lock is still held; a run that was waiting
    on it then finds that the file it locked is no longer the one of that
    name, and locks the new one instead. On a file system without ``flock``
    (and on Windows) a run goes on without the lock.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK
        self.fd: int | None = None

    def acquire(self, seconds: float) -> None:
        """Lock the folder, waiting up to ``seconds`` for another run; KldocsError naming the folder after that."""
        if sys.platform == "win32":  # pragma: no cover
            return
        import fcntl

        deadline = time.monotonic() + seconds
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.ENOSYS, errno.ENOLCK, errno.EOPNOTSUPP):
                    return  # a file system without locks: go on without
                if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise KldocsError(f"{self.folder}: another kldocs run is writing to this folder (waited "
                                      f"{seconds:g} s); run again when it has finished") from None
                time.sleep(0.05)
                continue
            try:
                mine = os.path.samestat(os.fstat(fd), os.stat(self.path, follow_symlinks=False))
            except FileNotFoundError:
                mine = False
            if mine:
                self.fd = fd
                return
            os.close(fd)  # the run before removed it as it let go: lock the file of that name now

    def release(self) -> None:
        """Remove the lock file and let go of the lock (in that order); nothing when not held."""
        fd, self.fd = self.fd, None
        if fd is None:
            return
        try:
            with contextlib.suppress(OSError):
                self.path.unlink()
        finally:
            os.close(fd)

"""Writing a batch of documents: all or nothing, never over someone's edits, with a manifest.

:func:`write_outputs` takes the files a command wants written
(:class:`OutputFile`) and

1. checks every path (:func:`kldocs.danish.filenames.safe_join`) and every record's
   data against its template, before anything is written;
2. refuses to overwrite an existing file without ``force``, and a file that
   was edited by hand since kldocs wrote it (its SHA-256 differs from the
   manifest's, or it is not in the manifest) without ``force_edited``;
3. renders each document straight into a temporary folder beside the output
   folder (so memory stays flat however large the batch), and converts them
   to PDF there when asked;
4. only when everything succeeded, moves the files into place and updates
   ``manifest.json``. A failure anywhere leaves the output folder exactly as
   it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath
from typing import TYPE_CHECKING, Any

from kldocs import __version__
from kldocs.danish.filenames import safe_join
from kldocs.engine.pdf import convert_to_pdf, find_soffice
from kldocs.engine.progress import Progress
from kldocs.english import counted, joined
from kldocs.errors import InputError, KldocsError, OutputExists, Problem, RenderError

if TYPE_CHECKING:
    from kldocs.engine.template import CoreProperties, PreparedTemplate

MANIFEST = "manifest.json"
"""The manifest's file name, at the top of the output folder."""


@dataclass(frozen=True)
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

    def __post_init__(self) -> None:
        if (self.content is None) == (self.render is None):
            raise ValueError(f"{self.relpath}: give exactly one of content and render")

    def make(self) -> bytes:
        """The file's bytes."""
        if self.content is not None:
            return self.content
        assert self.render is not None
        return self.render()


def document(template: PreparedTemplate, context: Mapping[str, Any], properties: CoreProperties, *,
             relpath: str, kind: str, record: str, municipality_code: str | None = None,
             digest: str | None = None) -> OutputFile:
    """An :class:`OutputFile` that renders ``template`` with ``context``; ``record`` names it in messages.

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
    )


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it, the same way every time."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
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


def data_hash(obj: Any) -> str:
    """SHA-256 of ``obj`` written as canonical JSON (sorted keys, no spaces), as hex.

    Pydantic models, dataclasses, dates, decimals, sets and bytes are turned
    into JSON values first, so equal data always gives the same hash.
    """
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(out_dir: Path) -> dict[str, dict[str, Any]] | None:
    """The manifest's entries by path; empty when there is none, None when it cannot be read."""
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return {str(e["path"]): dict(e) for e in document["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def manifest_json(entries: Iterable[Mapping[str, Any]]) -> str:
    """The text of ``manifest.json``: entries sorted by path, no timestamps, so it is reproducible."""
    files = sorted(entries, key=lambda e: str(e["path"]))
    return json.dumps({"generator": f"kldocs {__version__}", "files": files}, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class Written:
    """What a batch of any document kind wrote: the one result every kind returns."""

    out_dir: Path
    paths: tuple[str, ...]
    """Relative paths written, documents and PDFs, in order."""
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
    notes: tuple[str, ...] = ()
    """Lines the user should read before the summary line (a line-up's figures, say)."""
    advice: tuple[str, ...] = ()
    """Lines after the summary line: what the user may do next."""

    def summary(self) -> str:
        """One line for the user: ``98 invitations and 98 PDFs written to out/invitations in 3.2 s``."""
        counts = [(self.documents, self.noun), (self.pdfs, "PDF"), (self.drafts, "e-mail draft"),
                  (self.others, "other file")]
        parts = [counted(n, noun) for n, noun in counts if n or noun == self.noun]
        if self.combined:
            parts.append("the combined document for printing")
        return f"{joined(parts)} written to {self.out_dir} in {self.seconds:.1f} s"


@dataclass
class _Planned:
    spec: OutputFile
    relpath: str
    kind: str


def _pdf_path(docx_path: str) -> str:
    return docx_path[: -len(".docx")] + ".pdf"


def _plan(out_dir: Path, files: Sequence[OutputFile], pdf: bool) -> list[_Planned]:
    planned: list[_Planned] = []
    for spec in files:
        planned.append(_Planned(spec, spec.relpath, spec.kind))
        if pdf and spec.relpath.lower().endswith(".docx"):
            planned.append(_Planned(spec, _pdf_path(spec.relpath), f"{spec.kind}-pdf"))
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for item in planned:
        try:
            safe_join(out_dir, item.relpath)
        except InputError as exc:
            problems += [Problem("", p) for p in exc.problems]
            continue
        key = item.relpath.casefold()
        if key in seen or key == MANIFEST:
            problems.append(Problem(f"output file {item.relpath!r}", "is written twice in one batch"
                                    if key in seen else "is the manifest's own name"))
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
    before anything is written.
    """
    names = list(relpaths)
    if pdf:
        names += [_pdf_path(name) for name in relpaths if name.lower().endswith(".docx")]
    _check_overwrites(Path(out_dir).absolute(), names, force, force_edited)


def _check_overwrites(out_dir: Path, relpaths: Sequence[str], force: bool, force_edited: bool) -> None:
    existing = [relpath for relpath in relpaths if (out_dir / relpath).exists()]
    if not existing:
        return
    if not force:
        names = ", ".join(existing[:5]) + (" …" if len(existing) > 5 else "")
        raise OutputExists(
            f"{out_dir}: {len(existing)} of the files already exist ({names}); nothing was written. "
            "Use --force to replace them"
        )
    if force_edited:
        return
    manifest = read_manifest(out_dir)
    problems = []
    for relpath in existing:
        path = out_dir / relpath
        recorded = (manifest or {}).get(relpath, {}).get("sha256")
        if manifest is None:
            reason = f"{MANIFEST} cannot be read, so kldocs cannot tell whether it was edited"
        elif recorded is None:
            reason = f"is not in {MANIFEST}, so kldocs did not write it or cannot tell whether it was edited"
        elif not path.is_file() or sha256_file(path) != recorded:
            reason = "was changed since kldocs wrote it (edited by hand?)"
        else:
            continue
        problems.append(Problem(str(path), reason))
    if problems:
        raise OutputExists(problems, advice=["nothing was written; use --force-edited to replace them all the same"])


def _temporary_folder(out_dir: Path) -> Path:
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".kldocs-tmp", dir=parent))


def write_outputs(out_dir: Path, files: Sequence[OutputFile], *, force: bool = False,
                  force_edited: bool = False, pdf: bool = False, progress: Progress | None = None,
                  pdf_timeout: float | None = None, noun: str = "document") -> Written:
    """Write ``files`` into ``out_dir`` (and a PDF of each .docx with ``pdf``), all or nothing.

    Raises :class:`InputError` for an unsafe or repeated path,
    :class:`RenderError` for records whose data does not fit their template
    (every problem at once), :class:`OutputExists` for files it may not
    replace, :class:`ConversionError` when PDF conversion fails — in every
    case before the output folder is touched.
    """
    started = time.monotonic()
    out_dir = Path(out_dir).absolute()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(Problem(str(out_dir), "is a file; expected a folder to write the documents to"))
    if pdf:
        find_soffice()  # before any work: a missing LibreOffice is known at once
    files = list(files)
    planned = _plan(out_dir, files, pdf)
    problems: list[str] = []
    for spec in files:
        if spec.check is not None:
            try:
                spec.check()
            except RenderError as exc:
                problems += exc.problems
    if problems:
        raise RenderError(problems)
    _check_overwrites(out_dir, [item.relpath for item in planned], force, force_edited)

    temporary = _temporary_folder(out_dir)
    try:
        manifest: dict[str, dict[str, Any]] = {}
        documents: list[Path] = []
        for number, spec in enumerate(files, start=1):
            target = safe_join(temporary, spec.relpath)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = spec.make()
            target.write_bytes(data)
            manifest[spec.relpath] = _entry(spec, spec.relpath, spec.kind, hashlib.sha256(data).hexdigest())
            if spec.relpath.lower().endswith(".docx"):
                documents.append(target)
            if progress is not None:
                progress("Rendering", number, len(files))
        pdf_items = [item for item in planned if item.kind.endswith("-pdf") and item.relpath not in manifest]
        if pdf and documents:
            for folder, group in _by_folder(documents).items():
                convert_to_pdf(group, folder, progress=progress, timeout=pdf_timeout)
            for item in pdf_items:
                path = safe_join(temporary, item.relpath)
                manifest[item.relpath] = _entry(item.spec, item.relpath, item.kind, sha256_file(path))
        old = read_manifest(out_dir) or {}
        merged = {path: entry for path, entry in old.items() if (out_dir / path).is_file()}
        merged.update(manifest)
        (temporary / MANIFEST).write_text(manifest_json(merged.values()), encoding="utf-8")
        _move_into_place(temporary, out_dir, [*manifest, MANIFEST])
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return _written(out_dir, manifest, time.monotonic() - started, noun)


def _written(out_dir: Path, manifest: Mapping[str, Mapping[str, Any]], seconds: float, noun: str) -> Written:
    """The files of a batch counted by what they are: documents, PDFs, drafts, a combined one, others."""
    counts = {"docx": 0, "pdf": 0, "eml": 0, "other": 0}
    combined = False
    for relpath, entry in manifest.items():
        if str(entry["kind"]).endswith(("-combined", "-combined-pdf")):
            combined = True
            continue
        suffix = PurePosixPath(relpath).suffix.lower().lstrip(".")
        counts[suffix if suffix in counts else "other"] += 1
    return Written(out_dir, tuple(manifest), counts["docx"], counts["pdf"], seconds, others=counts["other"],
                   drafts=counts["eml"], combined=combined, noun=noun)


def _entry(spec: OutputFile, relpath: str, kind: str, sha256: str) -> dict[str, Any]:
    return {
        "path": relpath,
        "kind": kind,
        "municipality_code": spec.municipality_code,
        "template": spec.template,
        "data_hash": spec.data_hash,
        "sha256": sha256,
    }


def _by_folder(paths: list[Path]) -> dict[Path, list[Path]]:
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        groups.setdefault(path.parent, []).append(path)
    return groups


def _move_into_place(temporary: Path, out_dir: Path, relpaths: list[str]) -> None:
    """Move files from ``temporary`` into ``out_dir``, putting everything back if one move fails."""
    backup = temporary / ".replaced"
    done: list[tuple[Path, Path | None]] = []
    created: list[Path] = []
    try:
        for relpath in relpaths:
            source = temporary.joinpath(*PurePosixPath(relpath).parts)
            target = out_dir.joinpath(*PurePosixPath(relpath).parts)
            for folder in reversed([target.parent, *target.parent.parents]):
                if not folder.exists():
                    folder.mkdir()
                    created.append(folder)
            saved = None
            if target.exists():
                saved = backup.joinpath(*PurePosixPath(relpath).parts)
                saved.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, saved)
            done.append((target, saved))
            os.replace(source, target)
    except OSError as exc:
        for target, saved in reversed(done):
            if saved is not None:
                os.replace(saved, target)
            else:
                target.unlink(missing_ok=True)
        for folder in reversed(created):
            folder.rmdir()
        raise KldocsError(f"{out_dir}: could not move the files into place ({exc}); nothing was changed") from None

"""PDF through LibreOffice, as fast as it allows.

LibreOffice spends most of a one-document conversion starting up, so
:func:`convert_to_pdf` never starts one process per document: it splits the
batch into one chunk per CPU core and starts one ``soffice --headless
--convert-to pdf`` per chunk, each with a profile folder of its own
(``-env:UserInstallation``) so the processes do not wait for each other's
lock. Paths are absolute, the whole batch has a time limit, and every PDF is
checked to exist and to have pages before the batch counts as done.

A new LibreOffice profile costs a few tenths of a second to set up, so one
is set up once, by converting an empty document, and kept in the user's
cache folder (``$XDG_CACHE_HOME/kldocs``, by default ``~/.cache/kldocs``);
each process gets a copy of it. When it cannot be made, each process starts
from an empty profile as before.

Every LibreOffice process is started in a process group of its own
(``start_new_session``), so a Ctrl-C at the terminal does not reach it
half-way, and kldocs kills the whole group — ``soffice`` and the
``soffice.bin`` it starts — when the batch ends for any reason: done, failed,
out of time, Ctrl-C or SIGTERM (which the command line raises as an
exception). No LibreOffice outlives the run that started it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from kldocs.engine.progress import Progress
from kldocs.engine.signals import signals_deferred
from kldocs.errors import ConversionError, Problem

SOFFICE_ENV = "KLDOCS_SOFFICE"
"""Environment variable naming the LibreOffice program, when it is not ``soffice`` on the PATH."""

STARTUP_SECONDS = 60.0
"""Time allowed for LibreOffice to start, within a batch's time limit."""
SECONDS_PER_DOCUMENT = 20.0
"""Time allowed per document of a process's chunk, within a batch's time limit."""


_Running = tuple[subprocess.Popen[bytes], IO[bytes], Path]
"""A LibreOffice process, the file its output goes to, and that file's path."""


def _start(command: list[str], output: int | IO[bytes], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """``command`` started in a session (and so a process group) of its own, no input, its output to ``output``."""
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the process group ``process`` leads: LibreOffice and every process it started."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def find_soffice() -> str:
    """The LibreOffice program to run: ``$KLDOCS_SOFFICE``, else ``soffice`` or ``libreoffice`` on the PATH.

    Raises :class:`ConversionError` when there is none.
    """
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        found = shutil.which(configured)
        if found:
            return found
        raise ConversionError(f"{SOFFICE_ENV}={configured} is not a program that can be run")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ConversionError(
        "LibreOffice (soffice) is needed for PDF but was not found on the PATH; install it "
        "(e.g. apt install libreoffice-writer) or leave out --pdf"
    )


def chunks(paths: Sequence[Path], count: int) -> list[list[Path]]:
    """``paths`` split into at most ``count`` consecutive chunks whose sizes differ by at most one."""
    count = max(1, min(count, len(paths)))
    size, extra = divmod(len(paths), count)
    result: list[list[Path]] = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        result.append(list(paths[start:end]))
        start = end
    return [chunk for chunk in result if chunk]


def page_count(pdf: Path) -> int:
    """The number of pages of a PDF file; raises :class:`ValueError` if it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return PdfReader(pdf).get_num_pages()  # reads the page tree's /Count; len(pages) would load every page
    except (PyPdfError, OSError, KeyError, ValueError) as exc:
        raise ValueError(f"{pdf.name} is not a readable PDF ({exc})") from None


def default_processes() -> int:
    """One LibreOffice process per CPU core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def cache_folder() -> Path:
    """Where kldocs keeps what it can make again: ``$XDG_CACHE_HOME/kldocs``, by default ``~/.cache/kldocs``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kldocs"


def profile_seed(program: str) -> Path | None:
    """A LibreOffice profile set up once for ``program`` and kept in :func:`cache_folder`, or None.

    The profile is made by converting an empty document with a fresh profile
    (it holds no paths or data of the user's) and is keyed by the program's
    real path and modification time, so a new LibreOffice gets a new one.
    None when it cannot be made; the caller then starts from empty profiles.
    """
    real = os.path.realpath(program)
    try:
        stamp = os.stat(real).st_mtime_ns
    except OSError:
        return None
    key = hashlib.sha256(f"{real}\0{stamp}".encode()).hexdigest()[:16]
    try:
        seed = cache_folder() / f"libreoffice-profile-{key}"
    except RuntimeError:  # no home folder to keep a cache in
        return None
    if (seed / "user").is_dir():
        return seed
    try:
        seed.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".profile-", dir=seed.parent))
    except OSError:
        return None
    try:
        _make_profile(real, work)
        if not (work / "profile" / "user" / "registrymodifications.xcu").is_file():
            return None
        with contextlib.suppress(OSError):  # another run made it first: use that one
            (work / "profile").rename(seed)
        return seed if (seed / "user").is_dir() else None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _make_profile(program: str, work: Path) -> None:
    """Let LibreOffice set up a profile in ``work/profile`` by converting an empty document."""
    import docx  # python-docx writes the empty document; imported only when a profile is made

    docx.Document().save(str(work / "empty.docx"))
    command = _convert_command(program, work / "profile", work, [work / "empty.docx"])
    process: subprocess.Popen[bytes] | None = None
    try:
        with signals_deferred():  # a process started is a process noted down, to be killed
            process = _start(command, subprocess.DEVNULL)
        process.wait(timeout=STARTUP_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        pass  # no profile then: the caller goes on without one
    finally:
        if process is not None:
            _end([process])


PDF_FILTER = "writer_pdf_Export"
"""LibreOffice Writer's PDF export filter, which :func:`export_options` configures."""

PDFA_2B = 2
"""``SelectPdfVersion`` for PDF/A-2b (ISO 19005-2, level B); 0 is LibreOffice's default plain PDF (1.6)."""


def export_options(*, pdfa: bool = False) -> dict[str, bool | int]:
    """The options kldocs gives :data:`PDF_FILTER`: an accessible PDF/UA file, PDF/A-2b as well with ``pdfa``.

    - ``UseTaggedPDF``: a structure tree (headings, paragraphs, lists,
      tables with their heading rows, figures with their alternative text)
      in reading order, with headers and footers as artifacts;
    - ``PDFUACompliance``: declares PDF/UA-1 in the XMP metadata
      (``pdfuaid:part`` 1) and keeps LibreOffice to its rules;
    - ``DisplayPDFDocumentTitle``: viewers show the title (the core
      properties' ``dc:title``, also written to the XMP) instead of the
      file name;
    - ``ExportBookmarks``: bookmarks (the outline) from the headings;
    - ``SelectPdfVersion``: :data:`PDFA_2B` with ``pdfa``, which still
      tags and declares PDF/UA, and embeds an sRGB output intent.

    The document's language (``/Lang`` of the catalog, da-DK for the
    bundled templates) is the one the template's default paragraph style
    sets.
    """
    return {
        "UseTaggedPDF": True,
        "PDFUACompliance": True,
        "DisplayPDFDocumentTitle": True,
        "ExportBookmarks": True,
        "SelectPdfVersion": PDFA_2B if pdfa else 0,
    }


def convert_to_argument(*, pdfa: bool = False) -> str:
    """``--convert-to``'s argument: ``pdf:writer_pdf_Export:`` and :func:`export_options` as typed JSON.

    LibreOffice 7.4 and later read filter options written this way
    (``{"UseTaggedPDF":{"type":"boolean","value":"true"},…}``); an older
    one ignores them and writes an untagged PDF.
    """
    typed = {
        name: {"type": "boolean", "value": str(value).lower()} if isinstance(value, bool)
        else {"type": "long", "value": str(value)}
        for name, value in export_options(pdfa=pdfa).items()
    }
    return f"pdf:{PDF_FILTER}:{json.dumps(typed, separators=(',', ':'))}"


def _convert_command(program: str, profile: Path, outdir: Path, documents: Sequence[Path], *,
                     pdfa: bool = False) -> list[str]:
    """One headless LibreOffice converting ``documents`` to PDFs in ``outdir`` with the profile at ``profile``."""
    return [
        program, "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to", convert_to_argument(pdfa=pdfa), "--outdir", str(outdir), *map(str, documents),
    ]


def convert_to_pdf(paths: Sequence[Path], outdir: Path, *, processes: int | None = None,
                   timeout: float | None = None, soffice: str | None = None,
                   progress: Progress | None = None, pdfa: bool = False) -> list[Path]:
    """Convert the documents at ``paths`` to PDFs in ``outdir``; return the PDFs' paths, in order.

    The PDFs are tagged and declare PDF/UA; with ``pdfa`` they are PDF/A-2b
    as well (see :func:`export_options`).

    Runs one LibreOffice process per chunk (``processes``, default one per
    CPU core), each with a profile of its own (a copy of :func:`profile_seed`).
    ``timeout`` is the limit for the whole batch in seconds (default: a
    minute to start plus 20 seconds per document of a chunk). Raises
    :class:`ConversionError` when LibreOffice is missing, fails, runs out of
    time, or leaves a PDF missing or without pages.
    """
    if not paths:
        return []
    paths = [Path(p).resolve() for p in paths]
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise ValueError("documents converted together must have different names")
    program = soffice or find_soffice()
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    parts = chunks(paths, processes or default_processes())
    limit = timeout if timeout is not None else STARTUP_SECONDS + SECONDS_PER_DOCUMENT * len(parts[0])
    expected = [outdir / f"{p.stem}.pdf" for p in paths]
    _convert(program, paths, outdir, parts, limit, progress, pdfa=pdfa)
    _keep_headings_with_text(program, paths, expected, processes=processes, pdfa=pdfa)
    return expected


def _convert(program: str, paths: Sequence[Path], outdir: Path, parts: Sequence[Sequence[Path]], limit: float,
             progress: Progress | None, *, pdfa: bool) -> None:
    """Convert ``paths`` into ``outdir``, one LibreOffice process a chunk of them (``parts``), within ``limit``."""
    expected = [outdir / f"{p.stem}.pdf" for p in paths]
    seed = profile_seed(program)
    with tempfile.TemporaryDirectory(prefix="kldocs-soffice-") as scratch:
        running: list[_Running] = []
        try:
            for index, chunk in enumerate(parts):
                profile = Path(scratch, f"profile{index}")
                if seed is not None:
                    try:
                        shutil.copytree(seed, profile, symlinks=True)
                    except OSError:  # the cached profile went away or is broken: start from an empty one
                        shutil.rmtree(profile, ignore_errors=True)
                command = _convert_command(program, profile, outdir, chunk, pdfa=pdfa)
                with signals_deferred():  # a process started is a process noted down, to be killed
                    log = Path(scratch, f"log{index}.txt").open("wb")  # noqa: SIM115 - closed after _end
                    try:  # its temporary files go to the scratch folder, removed with it
                        process = _start(command, log, env={**os.environ, "TMPDIR": scratch})
                    except OSError as exc:
                        log.close()
                        raise ConversionError(
                            f"LibreOffice could not be started ({program}: {exc.strerror})") from None
                    running.append((process, log, Path(log.name)))
            with signals_deferred():  # Ctrl-C raised inside an import may come out as another error (enum's)
                import pypdf  # noqa: F401 - loaded while LibreOffice works, for page_count afterwards

            _wait(running, expected, limit, progress)
        finally:  # done, failed, timed out, Ctrl-C or SIGTERM: no LibreOffice is left running
            _end([process for process, _, _ in running])
            for _, stream, _ in running:
                stream.close()
        failures = [
            f"LibreOffice stopped with exit status {process.returncode}: {_tail(path)}"
            for process, _, path in running
            if process.returncode
        ]
    problems = [Problem("", f) for f in failures]
    for source, pdf in zip(paths, expected, strict=True):
        if not pdf.is_file():
            problems.append(Problem(source.name, "LibreOffice made no PDF of it"))
            continue
        try:
            if page_count(pdf) < 1:
                problems.append(Problem(pdf.name, "the PDF has no pages"))
        except ValueError as exc:
            problems.append(Problem(pdf.name, str(exc)))
    if problems:
        raise ConversionError(problems)


HEADING_ROUNDS = 3
"""How many times a document is converted again, at most, to keep its headings with their text."""


def _keep_headings_with_text(program: str, sources: Sequence[Path], pdfs: Sequence[Path], *,
                             processes: int | None, pdfa: bool) -> None:
    """Convert again, with a page break before it, each document whose PDF leaves a heading alone at a page's foot.

    LibreOffice leaves a heading behind where the paragraph after it is kept
    together and only its first line would fit (see
    :mod:`kldocs.engine.headingbreaks`); Word does not, and the .docx is
    left as it is. A page break that moves a heading to the next page may
    move another one down, so the PDFs are checked again, at most
    :data:`HEADING_ROUNDS` times. A PDF that cannot be read for its tags is
    left as it is.
    """
    from pikepdf import PdfError

    from kldocs.engine.headingbreaks import break_before, orphaned_headings

    current = {i: path for i, path in enumerate(sources) if path.suffix.casefold() == ".docx"}
    with tempfile.TemporaryDirectory(prefix="kldocs-headings-") as scratch:
        for round_ in range(HEADING_ROUNDS):
            mended: dict[int, Path] = {}
            for i, source in current.items():
                try:
                    headings = orphaned_headings(pdfs[i])
                except (PdfError, OSError, KeyError, ValueError, TypeError, AttributeError):
                    continue
                if not headings.orphaned:
                    continue
                docx = break_before(source.read_bytes(), headings.orphaned, headings.total)
                if docx is not None:  # the same name, so that its PDF takes the place of the one before
                    mended[i] = Path(scratch, str(round_), source.name)
                    mended[i].parent.mkdir(exist_ok=True)
                    mended[i].write_bytes(docx)
            if not mended:
                return
            again = list(mended.values())
            parts = chunks(again, processes or default_processes())
            _convert(program, again, pdfs[0].parent, parts, STARTUP_SECONDS + SECONDS_PER_DOCUMENT * len(parts[0]),
                     None, pdfa=pdfa)
            current = mended


def _wait(running: list[_Running], expected: list[Path],
          limit: float, progress: Progress | None) -> None:
    """Wait for every process to end; ConversionError when ``limit`` seconds pass first (the caller kills them)."""
    deadline = time.monotonic() + limit
    while any(process.poll() is None for process, _, _ in running):
        if time.monotonic() > deadline:
            raise ConversionError(
                f"LibreOffice did not finish converting {len(expected)} documents within "
                f"{math.ceil(limit)} seconds; nothing was written"
            )
        if progress is not None:
            progress("Converting to PDF", sum(p.exists() for p in expected), len(expected))
        time.sleep(0.1)
    if progress is not None:
        progress("Converting to PDF", sum(p.exists() for p in expected), len(expected))


def _end(processes: Sequence[subprocess.Popen[bytes]]) -> None:
    """Kill the process group of every process started, its leader still running or not, then reap the leaders.

    A soffice that has ended may have left a soffice.bin behind in its
    group; a group whose last process has gone is simply not there to kill.
    """
    with signals_deferred():
        for process in processes:
            _kill_group(process)
        for process in processes:
            process.wait()


def _tail(log: Path) -> str:
    try:
        lines = log.read_text(errors="replace").strip().splitlines()
    except OSError:  # pragma: no cover
        return "no output"
    return " / ".join(lines[-3:]) or "no output"

"""Output folders for the commit's tests: small batches, what a folder holds, and whether it is whole.

A folder is *whole* when its manifest can be read, every entry's SHA-256
matches its file, every file (kldocs writes all of them in these tests) is
in the manifest, and nothing kldocs keeps for itself (``.kldocs…``) is left.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import signal
import time
from collections.abc import Iterable
from pathlib import Path

from docxfactory import docx_bytes, paragraph
from kldocs.engine.output import MANIFEST, RESERVED, OutputFile, data_hash, read_manifest
from kldocs.engine.template import CoreProperties, PreparedTemplate

PROPERTIES = CoreProperties("Invitation", created=dt.datetime(2021, 6, 14))


@functools.cache
def _template() -> PreparedTemplate:
    return PreparedTemplate.from_bytes(docx_bytes(lambda d: paragraph(d, "{{ text }}")), "invitation.docx")


@functools.cache
def letter(relpath: str, version: str) -> bytes:
    """A tiny .docx that says which file and which version it is (rendered by the engine: a fraction of a ms)."""
    return _template().render({"text": f"{relpath}, udgave {version}"}, PROPERTIES, record=relpath)


def batch(version: str, names: Iterable[str]) -> list[OutputFile]:
    """One tiny document per name, its bytes made once per name and version."""
    return [OutputFile(name, "invitation", "invitation.docx", data_hash([name, version]),
                       municipality_code=None, content=letter(name, version)) for name in names]


def write_source(folder: Path, files: Iterable[OutputFile]) -> None:
    """The files' bytes under ``folder``, for a child process to write as a batch."""
    for spec in files:
        path = folder.joinpath(*spec.relpath.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(spec.make())


def outputs(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` but kldocs's own hidden ones, by relative path; empty when it is not there."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).parts[0].startswith(RESERVED)}


def without_manifest(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path != MANIFEST}


def hidden(folder: Path) -> list[str]:
    """What kldocs keeps for itself and left in ``folder``: a staging folder, a lock file."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(RESERVED)) if folder.is_dir() else []


def problems(folder: Path) -> list[str]:
    """Why ``folder`` is not whole (empty when it is)."""
    found: list[str] = []
    manifest = read_manifest(folder)
    if manifest is None:
        return [f"{MANIFEST} cannot be read"]
    files = without_manifest(outputs(folder))
    for path, entry in manifest.items():
        if path not in files:
            found.append(f"{path}: in the manifest, not in the folder")
        elif hashlib.sha256(files[path]).hexdigest() != entry["sha256"]:
            found.append(f"{path}: its SHA-256 is not the manifest's")
    found += [f"{path}: not in the manifest" for path in files if path not in manifest]
    found += [f"{name}: left behind" for name in hidden(folder)]
    return found


def processes_marked(mark: str) -> list[str]:
    """The live processes whose environment holds ``mark`` (a test's own), each as ``pid name command line``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if mark.encode() not in (entry / "environ").read_bytes():
                continue
            status = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if status.rsplit(")", 1)[1].split()[0] != "Z":  # a zombie has ended; only its parent may reap it
            found.append(f"{entry.name} {status.split('(', 1)[1].split(')')[0]} {command}")
    return found


def wait_until_gone(mark: str, seconds: float = 10.0) -> list[str]:
    """The processes of ``mark`` still alive after up to ``seconds`` (SIGKILL takes a moment to land)."""
    deadline = time.monotonic() + seconds
    while (left := processes_marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def kill_all(mark: str) -> None:
    """SIGKILL every process of ``mark``: a failed test must not leave LibreOffice running."""
    for line in processes_marked(mark):
        with contextlib.suppress(OSError):
            os.kill(int(line.split()[0]), signal.SIGKILL)

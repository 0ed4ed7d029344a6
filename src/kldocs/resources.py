"""Where things are: the bundled Word templates, the example programme, reference data, the output folders.

The bundled files ship as package data (see ``pyproject.toml``), so they are found the
same way whether kldocs is installed from a wheel or in editable mode.
"""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from kldocs.errors import InputError, Problem

EXAMPLE = "staerke-boernefaellesskaber-2021"
"""The bundled example programme: KL's partnership on strong child communities in day care (2021)."""

_SKIP = {"__init__.py", "__pycache__"}


def example_program() -> Traversable:
    """The bundled example programme folder."""
    return files("kldocs.examples") / EXAMPLE


def bundled_template(name: str) -> Traversable:
    """A Word template shipped with kldocs, e.g. ``invitation.docx``."""
    return files("kldocs.templates") / name


def template_path(program_dir: Path, name: str) -> Traversable:
    """The template a programme uses: its own ``templates/NAME`` if present, else the bundled one."""
    own = Path(program_dir) / "templates" / name
    return own if own.is_file() else bundled_template(name)


def copy_tree(source: Traversable, target: Path) -> list[Path]:
    """Copy a bundled folder to ``target`` (which must not exist or be empty); return the files written."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(Problem(str(target), "already exists and is not empty; choose a new folder"))
    written: list[Path] = []
    with as_file(source) as src:
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(Path(src).rglob("*")):
            if _SKIP & set(path.relative_to(src).parts) or path.suffix == ".pyc":
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

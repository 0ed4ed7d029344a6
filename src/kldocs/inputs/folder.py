"""A programme folder, each of its inputs read and validated once per run.

Every document kind, ``kldocs check`` and ``kldocs build`` are handed one
:class:`Folder`. Its inputs are read when first asked for and kept: one
``kldocs build`` opens ``program.yaml`` once and the registrations once,
however many kinds read them. An input that is wrong raises the same
:class:`~kldocs.errors.KldocsError` each time it is asked for, without
being read again, so its problems are found (and reported) once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kldocs.engine.template import PreparedTemplate
from kldocs.errors import InputError, KldocsError, Problem
from kldocs.inputs.program import PROGRAM_FILE, Program, load_program
from kldocs.inputs.recipients import Recipients, load_recipients
from kldocs.inputs.registrations import Registrations, find_registrations_file, load_registrations
from kldocs.resources import template_path

if TYPE_CHECKING:
    from kldocs.inputs.results import LoadedResults

T = TypeVar("T")


class Folder:
    """One programme folder: ``program.yaml``, the registrations, recipients, results and templates."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._kept: dict[object, tuple[bool, Any]] = {}

    def __repr__(self) -> str:
        return f"Folder({str(self.path)!r})"

    def once(self, key: object, make: Callable[[], T]) -> T:
        """``make()``, called the first time ``key`` is asked for and kept; a KldocsError is kept too.

        Document kinds keep what they derive from the inputs here, e.g. the
        line-up of networks that several kinds show.
        """
        if key not in self._kept:
            try:
                self._kept[key] = (True, make())
            except KldocsError as exc:
                self._kept[key] = (False, exc)
        ok, value = self._kept[key]
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    @property
    def program(self) -> Program:
        """The partnership of ``program.yaml``; raises InputError listing every problem of it."""
        if not self.path.is_dir():
            raise InputError(Problem(str(self.path), "is not a folder"))
        return self.once(PROGRAM_FILE, lambda: load_program(self.path))

    @property
    def registrations_path(self) -> Path | None:
        """The registrations export (``registrations.csv`` or ``.xlsx``), or None when there is none yet."""
        return self.once("registrations-path", lambda: find_registrations_file(self.path))

    @property
    def has_registrations(self) -> bool:
        """True when the folder holds a registrations export."""
        return self.registrations_path is not None

    @property
    def registrations(self) -> Registrations:
        """The registered municipalities; raises InputError when there is no export or it is wrong."""
        def load() -> Registrations:
            path = self.registrations_path
            if path is None:
                raise InputError(Problem(self.path.name, "has no registrations.csv or registrations.xlsx yet"))
            return load_registrations(self.path, self.program, path)

        return self.once("registrations", load)

    @property
    def recipients(self) -> Recipients:
        """The per-municipality facts of ``recipients.csv``; none when the folder has no such file."""
        return self.once("recipients", lambda: load_recipients(self.path))

    @property
    def has_results(self) -> bool:
        """True when the folder holds ``results.yaml``."""
        from kldocs.inputs.results import find_results_file  # its models: loaded only where results are read

        return self.once("results-path", lambda: find_results_file(self.path)) is not None

    @property
    def results(self) -> LoadedResults:
        """What the partnership learnt (``results.yaml``), with its images; raises InputError when wrong."""
        from kldocs.inputs.results import load_results

        return self.once("results", lambda: load_results(self.path, self.program))

    def template_bytes(self, name: str) -> bytes:
        """The bytes of the Word template ``name``: the folder's own in ``templates/``, else the bundled one."""
        return self.once(("template-bytes", name), lambda: template_path(self.path, name).read_bytes())

    def template(self, name: str) -> PreparedTemplate:
        """The Word template ``name``, prepared (and checked) once."""
        return self.once(("template", name), lambda: PreparedTemplate.from_bytes(self.template_bytes(name), name))

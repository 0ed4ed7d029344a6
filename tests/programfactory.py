"""Programme folders edited for a test: a copy of a bundled example with one part of program.yaml changed.

The tests that check what program.yaml may say write the change into a
copy of the example (pytest's ``example_copy``) and read it back through
:func:`kldocs.inputs.program.load_program`, as ``kldocs check`` would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kldocs.errors import InputError
from kldocs.inputs.program import load_program

PROGRAM = "program.yaml"


def program_problems(folder: Path) -> list[str]:
    """The lines ``load_program`` refuses the folder's program.yaml with (the test fails if it loads)."""
    with pytest.raises(InputError) as info:
        load_program(folder)
    return [str(p) for p in info.value.problems]


def line_of(folder: Path, text: str, after: int = 0) -> int:
    """The number of the first line of program.yaml after line ``after`` that holds ``text``."""
    lines = (folder / PROGRAM).read_text(encoding="utf-8").splitlines()
    return next(i for i, content in enumerate(lines, start=1) if i > after and text in content)


def replace_block(folder: Path, key: str, yaml: str) -> None:
    """Replace the top-level ``key:`` block of program.yaml with ``yaml`` (its lines, indented under the key)."""
    path = folder / PROGRAM
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"{key}:\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n", "#"))
    lines[start:end] = [f"{key}:\n", *(f"  {line}\n" for line in yaml.strip("\n").splitlines()), "\n"]
    path.write_text("".join(lines), encoding="utf-8")


def add_yaml(folder: Path, extra: str = "", *, agreement: str = "") -> Path:
    """Add top-level keys (``extra``) at the end of program.yaml, and ``agreement`` lines at its agreement's start."""
    path = folder / PROGRAM
    source = path.read_text(encoding="utf-8")
    if agreement:
        source = source.replace("\nagreement:\n", "\nagreement:\n" + agreement, 1)
    path.write_text(source + "\n" + extra, encoding="utf-8")
    return folder


def with_registration_days(folder: Path, days: dict[str, str], default: str = "2021-08-02 09:15:00") -> None:
    """Give the registrations a 'Tilmeldingsdato' column: ``days`` by municipality as the CSV names it."""
    path = folder / "registrations.csv"
    lines = path.read_bytes().decode("cp1252").splitlines()
    out = [lines[0] + ";Tilmeldingsdato"]
    out += [f"{line};{days.get(line.split(';')[0], default)}" for line in lines[1:]]
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("cp1252"))


def without_registrations(folder: Path, *names: str) -> None:
    """Take the rows of ``names`` (as the CSV names them, ``Aarhus Kommune``) out of the registrations: they withdrew."""
    path = folder / "registrations.csv"
    lines = path.read_bytes().decode("cp1252").splitlines()
    kept = [line for line in lines if line.split(";")[0] not in names]
    assert len(kept) == len(lines) - len(names), names
    path.write_bytes(("\r\n".join(kept) + "\r\n").encode("cp1252"))

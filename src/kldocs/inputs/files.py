"""Reading an input file's bytes, with one clear line when it is missing, unreadable or absurdly large."""

from __future__ import annotations

from pathlib import Path

from kldocs.errors import InputError, Problem

YAML_LIMIT = 1_000_000
"""The largest YAML file read (program.yaml is some 12 kB; PyYAML reads about 0.5 MB a second)."""
YAML_WHAT = "a YAML file kldocs reads"


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of ``path``; InputError when it is missing, cannot be read, or is larger than ``limit`` bytes.

    ``what`` says what such a file usually is, for the message: ``a table kldocs reads``.
    """
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise InputError(Problem(path.name, f"not found in {path.parent}")) from None
    except OSError as exc:
        raise InputError(Problem(path.name, f"cannot be read ({exc.strerror or exc})")) from None
    if len(data) > limit:
        raise InputError(Problem(path.name, f"is larger than {limit // 1_000_000} MB; {what} is a few kilobytes"))
    return data

"""Rebuild every bundled Word template: ``python -m kldocs.templates.build``.

Each document kind has a module beside this one (``invitation.py``,
``agreement.py`` …) with a ``build(path)`` function; this script finds them
all and writes ``<kind>.docx`` next to them. The builds are reproducible, so
running it without changing a builder leaves the templates as they are.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
_NOT_KINDS = {"build", "housestyle"}


def builders() -> dict[str, Callable[[Path], None]]:
    """The template builders, by document kind."""
    found: dict[str, Callable[[Path], None]] = {}
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda i: i.name):
        if info.name in _NOT_KINDS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"kldocs.templates.{info.name}")
        build = getattr(module, "build", None)
        if callable(build):
            found[info.name] = build
    return found


def build_all(target: Path = HERE, kinds: list[str] | None = None) -> list[Path]:
    """Build the templates (all, or the named kinds) into ``target``; return the files written."""
    written = []
    for kind, build in builders().items():
        if kinds and kind not in kinds:
            continue
        path = target / f"{kind}.docx"
        build(path)
        written.append(path)
    return written


def main(argv: list[str]) -> None:
    """Build the kinds named on the command line, or all of them."""
    for path in build_all(kinds=argv or None):
        print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Progress of a long batch, reported through a plain callback.

The library reports progress as ``progress(phase, done, total)``, so it needs
no command-line library; the command line draws it (see
:class:`kldocs.cli.ClickProgress`), and only on a terminal.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
"""Called as ``progress(phase, done, total)``: e.g. ``("Rendering", 12, 98)``."""

"""Progress of a long batch, shown on a terminal and nowhere else.

The library reports progress through a plain callback, :data:`Progress`
(``phase, done, total``), so it needs no command-line library;
:func:`terminal_progress` gives one that draws a bar on standard error when
that is a terminal, and ``None`` (no progress shown) when output goes to a
file or a pipe.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str, int, int], None]
"""Called as ``progress(phase, done, total)``: e.g. ``("Rendering", 12, 98)``."""

_WIDTH = 30


class TerminalProgress:
    """A one-line progress bar redrawn in place on a terminal stream."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._phase = ""
        self._drawn = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        """Redraw the bar; at most 20 times a second, except at the end of a phase."""
        now = time.monotonic()
        if phase == self._phase and done < total and now - self._drawn < 0.05:
            return
        if phase != self._phase and self._phase:
            self.stream.write("\n")
        self._phase = phase
        self._drawn = now
        filled = _WIDTH * done // total if total else _WIDTH
        bar = "#" * filled + "-" * (_WIDTH - filled)
        self.stream.write(f"\r{phase:<18} [{bar}] {done}/{total}")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line, if one was drawn."""
        if self._phase:
            self.stream.write("\n")
            self.stream.flush()
            self._phase = ""


def terminal_progress(stream: TextIO | None = None) -> TerminalProgress | None:
    """A progress bar on ``stream`` (standard error by default) if it is a terminal, else ``None``."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return TerminalProgress(stream) if isatty is not None and isatty() else None

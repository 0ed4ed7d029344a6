"""Progress: a bar on a terminal, silence anywhere else."""

from __future__ import annotations

import io

from kldocs.engine.progress import TerminalProgress, terminal_progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_when_output_is_not_a_terminal():
    assert terminal_progress(io.StringIO()) is None


def test_bar_is_drawn_in_place_and_ends_its_line():
    stream = FakeTerminal()
    progress = terminal_progress(stream)
    assert isinstance(progress, TerminalProgress)
    progress("Rendering", 1, 4)
    progress("Rendering", 4, 4)
    progress("Converting to PDF", 4, 4)
    progress.close()
    lines = stream.getvalue().split("\n")
    assert lines[0].startswith("\rRendering")
    assert lines[0].endswith("[" + "#" * 30 + "] 4/4")
    assert lines[1].startswith("\rConverting to PDF")
    assert lines[2] == ""

"""Progress: click's bar on a terminal, one per phase, silence anywhere else."""

from __future__ import annotations

import io

import click._termui_impl

from kldocs.cli import ClickProgress, progress_bar


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_per_phase_is_drawn_on_a_terminal(monkeypatch):
    stream = FakeTerminal()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setattr(click._termui_impl, "isatty", lambda _: True)
    with progress_bar() as progress:
        progress("Rendering", 1, 4)
        progress("Rendering", 4, 4)
        progress("Converting to PDF", 4, 4)
    text = stream.getvalue()
    assert "Rendering" in text and "4/4" in text
    assert text.index("Rendering") < text.index("Converting to PDF")


def test_no_progress_when_standard_error_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with progress_bar() as progress:
        assert progress is None


def test_a_bar_ends_at_the_last_step_of_its_phase(monkeypatch):
    stream = FakeTerminal()
    monkeypatch.setattr(click._termui_impl, "isatty", lambda _: True)
    monkeypatch.setattr("sys.stderr", stream)
    progress = ClickProgress()
    progress("Rendering", 1, 98)
    progress("Rendering", 98, 98)
    progress.close()
    assert "98/98" in stream.getvalue().split("\r")[-1]

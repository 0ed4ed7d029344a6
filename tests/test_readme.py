"""The README stays true: its CLI reference is the CLI's own help, and its sessions run as shown.

A console block is one session in one folder: each command in it runs after
the commands above it, as it would in a terminal.

To refresh the reference after changing a command's help:

    KLDOCS_UPDATE_README=1 .venv/bin/python -m pytest tests/test_readme.py
"""

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from kldocs.cli import cli

README = ROOT / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def cli_reference() -> str:
    """The help of `kldocs` and of each of its commands, as the README prints them."""
    parts = []
    for args in [[], *([name] for name in sorted(cli.list_commands(None)))]:  # type: ignore[arg-type]
        result = CliRunner().invoke(cli, [*args, "--help"], prog_name="kldocs", terminal_width=100)
        assert result.exit_code == 0
        title = " ".join(["kldocs", *args])
        parts.append(f"### `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def test_the_cli_reference_is_the_clis_own_help():
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text
    before, rest = text.split(START)
    current, after = rest.split(END)
    expected = "\n" + cli_reference() + "\n"
    if os.environ.get("KLDOCS_UPDATE_README"):
        README.write_text(before + START + expected + END + after, encoding="utf-8")
        current = expected
    assert current == expected, "README's CLI reference is stale: run KLDOCS_UPDATE_README=1 pytest tests/test_readme.py"


def sessions() -> list[tuple[str, list[str], list[str]]]:
    """Each `$ kldocs …` line of the README's console blocks, the output shown under it, and the commands above it."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        commands: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                commands.append((line[2:], []))
            elif commands:
                commands[-1][1].append(line)
        ran: list[str] = []
        for command, output in commands:
            if command.startswith("kldocs "):
                found.append((command, output, list(ran)))
                ran.append(command)
    return found


def _normalise(line: str, work: Path) -> str:
    """Timings vary, and a message may name a file by its absolute path; the README shows it relative to where it ran."""
    line = re.sub(r" in \d+(\.\d+)? s\b", " in N s", line)
    return line.replace(f"{work.resolve()}/", "").replace(f"{work}/", "")


def test_the_readme_shows_sessions():
    commands = [c for c, _, _ in sessions()]
    assert any(c.startswith("kldocs demo") for c in commands)
    assert any(c.startswith("kldocs check") for c in commands)


@pytest.mark.parametrize(("command", "shown", "before"), sessions(), ids=[c for c, _, _ in sessions()])
def test_each_readme_session_runs_as_shown(command, shown, before, tmp_path, monkeypatch):
    work = tmp_path / "readme"
    work.mkdir()
    (work / "fixtures").symlink_to(ROOT / "fixtures")
    monkeypatch.chdir(work)
    if "--pdf" in " ".join([command, *before]) and os.environ.get("KLDOCS_SKIP_PDF"):
        pytest.skip("PDF sessions skipped by KLDOCS_SKIP_PDF")
    for earlier in before:  # what the block ran above this command has run here too
        CliRunner().invoke(cli, shlex.split(earlier)[1:], prog_name="kldocs")
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(cli, args, prog_name="kldocs")
    expects_error = any(line.startswith("Error:") for line in shown)
    assert (result.exit_code != 0) == expects_error, result.output
    actual = [_normalise(line, work) for line in result.output.splitlines()]
    for line in shown:
        if line.strip() and not line.startswith("…"):
            assert _normalise(line, work) in actual, f"README shows {line!r}; kldocs printed:\n{result.output}"

"""Start-up: a command pays only for what it uses, and Ctrl-C and SIGTERM end a run in one line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE_DIR

HEAVY = ("matplotlib", "numpy", "PIL", "num2words", "http", "ssl", "subprocess")
"""Libraries a run pays for on start-up: charts, numbers, num2words' fifty languages, HTTP and SSL, and the
means to start LibreOffice (a run that makes no PDF starts no process)."""


def modules_loaded_by(args: list[str], cwd: Path) -> set[str]:
    """The heavy libraries loaded in a fresh process that runs ``kldocs ARGS``."""
    script = textwrap.dedent(f"""
        import json, sys
        from kldocs.cli import cli
        try:
            cli({args!r}, prog_name="kldocs")
        except SystemExit:
            pass
        print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & {set(HEAVY)!r})), file=sys.stderr)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd, check=False)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def before_anyone_registered(tmp_path_factory):
    """The example as it is when the invitations go out: no registrations, no results yet."""
    folder = tmp_path_factory.mktemp("programme")
    shutil.copy(EXAMPLE_DIR / "program.yaml", folder / "program.yaml")
    return folder


def test_check_before_anyone_registered_loads_no_heavy_library(before_anyone_registered, tmp_path):
    # A folder with registrations is checked by rendering every kind, networks and charts among them.
    assert modules_loaded_by(["check", str(before_anyone_registered)], tmp_path) == set()


@pytest.mark.parametrize("args", [
    ["--help"],
    ["invitations", str(EXAMPLE_DIR), "--to", "Aarhus", "--out", "out"],
    ["agreements", str(EXAMPLE_DIR), "-m", "Aarhus", "--out", "out"],
], ids=["help", "invitations", "agreements"])
def test_a_command_loads_no_heavy_library_it_does_not_use(args, tmp_path):
    assert modules_loaded_by(args, tmp_path) == set()


SLOW_RUN = textwrap.dedent("""
    import sys, time
    import kldocs.engine.output as output
    from kldocs.cli import main

    render = output.OutputFile.make

    def slow(self):
        print("rendering", flush=True)
        time.sleep(60)
        return render(self)

    output.OutputFile.make = slow
    sys.argv = ["kldocs", "invitations", sys.argv[1], "--to", "Aarhus", "--out", sys.argv[2]]
    main()
""")


@pytest.mark.parametrize(("signum", "code", "line"), [
    (signal.SIGTERM, 143, "Stopped (SIGTERM); nothing more was written"),
    (signal.SIGINT, 130, "Interrupted (Ctrl-C); nothing more was written"),
])
def test_a_signal_ends_the_run_with_one_line_and_leaves_nothing_behind(tmp_path, signum, code, line):
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-c", SLOW_RUN, str(EXAMPLE_DIR), str(out)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while process.stdout.readline().strip() != "rendering":
        assert time.monotonic() < deadline and process.poll() is None
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == code
    assert stderr.strip().splitlines() == [line]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


ENDING = textwrap.dedent("""
    import atexit, sys
    from kldocs.cli import run
    atexit.register(lambda: print("the exit handlers ran"))
    sys.argv = ["kldocs", *sys.argv[1:]]
    run()
""")


def ended(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``kldocs ARGS`` as the console script runs it, through :func:`kldocs.cli.run`, with an exit handler."""
    return subprocess.run([sys.executable, "-c", ENDING, *args], capture_output=True, text=True, cwd=cwd, check=False)


def test_the_console_script_leaves_with_the_commands_status_its_output_and_its_exit_handlers_run(tmp_path):
    done = ended("invitations", str(EXAMPLE_DIR), "--to", "Aarhus", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "the exit handlers ran"  # printed after everything the command printed, all of it there
    assert any(line.startswith("1 invitation written to ") for line in lines)
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".docx") == ["0751-aarhus.docx"]
    refused = ended("invitations", str(tmp_path / "nowhere"), "--to", "Aarhus", cwd=tmp_path)
    assert refused.returncode == 2 and "does not exist" in refused.stderr
    assert refused.stdout == "the exit handlers ran\n"
    listed = subprocess.run([sys.executable, "-m", "kldocs", "--version"], capture_output=True, text=True, check=False)
    assert (listed.returncode, listed.stdout.split(",")[0]) == (0, "kldocs")

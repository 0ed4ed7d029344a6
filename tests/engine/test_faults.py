"""Fault injection: a commit that fails, or whose process is killed, at any step or instant.

Whatever happens, the output folder is as it was before the run or as the
run leaves it — at once, or once the next run has finished what the journal
says — its manifest agrees with its files, and the next run with ``--force``
accepts it. The hook :func:`kldocs.engine.output._fault` is called at every
step; these tests make it raise there (in this process) or kill its process
there (in a child), and a last one kills a child doing a real commit at
random instants.
"""

from __future__ import annotations

import collections
import errno
import itertools
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from folderstate import batch, hidden, outputs, problems, without_manifest, write_source

from kldocs.cli import Terminated
from kldocs.engine import output
from kldocs.engine.output import JOURNAL, LOCK, STAGING, check_replaceable, write_outputs
from kldocs.errors import KldocsError

OLD = ("0101-koebenhavn.docx", "0147-frederiksberg.docx", "bilag/oversigt.docx")
NEW = ("0101-koebenhavn.docx", "bilag/oversigt.docx", "nyt/mappe/bilag.docx")
"""The commit the tests break: two files replaced, one kept, one added in folders that are not there yet."""

IO_STEPS = {"staged", "manifest", "journal", "backup", "install", "undo"}
"""The steps just before or after a file-system call, where an OSError can really happen."""


def recorder(steps: list[tuple[str, str | None]]):
    def fault(step: str, relpath: str | None = None) -> None:
        steps.append((step, relpath))
    return fault


def raising_at(number: int, error: BaseException):
    """A fault hook that raises ``error`` at its ``number``-th call (counting from 1), and only then."""
    calls = 0

    def fault(step: str, relpath: str | None = None) -> None:
        nonlocal calls
        calls += 1
        if calls == number:
            raise error
    return fault


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> tuple[Path, Path, list[tuple[str, str | None]]]:
    """The folder before the commit, the folder after it, and the steps the commit takes between them."""
    root = tmp_path_factory.mktemp("states")
    old, new = root / "old", root / "new"
    write_outputs(old, batch("1", OLD))
    shutil.copytree(old, new)
    steps: list[tuple[str, str | None]] = []
    hook = output._fault
    output._fault = recorder(steps)
    try:
        write_outputs(new, batch("2", NEW), force=True)
    finally:
        output._fault = hook
    return old, new, steps


def test_the_commit_calls_the_hook_at_every_step(states):
    _, _, steps = states
    assert steps == [
        ("locked", None), ("recovered", None), ("checked", None),
        ("staged", "0101-koebenhavn.docx"), ("staged", "bilag/oversigt.docx"), ("staged", "nyt/mappe/bilag.docx"),
        ("manifest", None), ("journal", None),
        ("backup", "0101-koebenhavn.docx"), ("install", "0101-koebenhavn.docx"),
        ("backup", "bilag/oversigt.docx"), ("install", "bilag/oversigt.docx"),
        ("install", "nyt/mappe/bilag.docx"),
        ("backup", "manifest.json"), ("install", "manifest.json"),
        ("committed", None), ("cleanup", None),
    ]


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt(),
                                   Terminated()], ids=["ENOSPC", "Ctrl-C", "SIGTERM"])
def test_a_failure_at_any_step_leaves_the_folder_as_it_was(states, tmp_path, monkeypatch, error):
    old, new, steps = states
    tried = 0
    for number, (step, relpath) in enumerate(steps, start=1):
        if isinstance(error, OSError) and step not in IO_STEPS:
            continue
        out = tmp_path / f"at-{number}"
        shutil.copytree(old, out)
        monkeypatch.setattr(output, "_fault", raising_at(number, error))
        with pytest.raises(KldocsError if isinstance(error, OSError) else type(error)) as caught:
            write_outputs(out, batch("2", NEW), force=True)
        where = f"{error!r} at {step} {relpath or ''}"
        assert outputs(out) == outputs(new if step == "cleanup" else old), where
        assert problems(out) == [] and hidden(out) == [], where
        if isinstance(error, OSError):
            message, = caught.value.problems
            assert message.startswith(f"{out}: could not ") and "(No space left on device)" in message, where
        write_outputs(out, batch("2", NEW), force=True)
        assert outputs(out) == outputs(new) and hidden(out) == [], where
        tried += 1
    assert tried >= 8


def test_a_failure_while_putting_back_leaves_a_journal_the_next_run_finishes(states, tmp_path, monkeypatch, caplog):
    old, _, _ = states
    out = tmp_path / "out"
    shutil.copytree(old, out)
    full = OSError(errno.ENOSPC, "No space left on device")
    refused = PermissionError(errno.EACCES, "Permission denied")
    calls = 0

    def fault(step: str, relpath: str | None = None) -> None:
        nonlocal calls
        calls += 1
        if (step, relpath) == ("install", "nyt/mappe/bilag.docx"):
            raise full
        if (step, relpath) == ("undo", "0101-koebenhavn.docx") and calls < 40:
            raise refused

    monkeypatch.setattr(output, "_fault", fault)
    with pytest.raises(KldocsError) as caught:
        write_outputs(out, batch("2", NEW), force=True)
    assert caught.value.problems == [
        f"{out}: could not move nyt/mappe/bilag.docx into place (No space left on device), nor put back the files "
        f"already moved in {out} (Permission denied); the next kldocs run into that folder puts them back"]
    assert '"direction": "back"' in (out / STAGING / JOURNAL).read_text()
    monkeypatch.setattr(output, "_fault", lambda step, relpath=None: None)
    with caplog.at_level(logging.WARNING, logger="kldocs"):
        check_replaceable(out, list(NEW), force=True)
    assert [r.getMessage() for r in caplog.records] == [
        f"{out}: put back the files an interrupted kldocs run had begun to put back after a failure; "
        "the folder is as it was before that run"]
    assert outputs(out) == outputs(old) and problems(out) == []


# -- the process killed at every step -------------------------------------------------------------------

SERVER = textwrap.dedent("""
    import os, signal, sys, time, traceback
    from pathlib import Path
    from kldocs.engine import output

    def commit(out, source, version, die_at, *names):
        files = [output.OutputFile(name, "invitation", "invitation.docx", output.data_hash([name, version]),
                                   content=Path(source).joinpath(*name.split("/")).read_bytes()) for name in names]
        calls = 0
        marks = {}

        def fault(step, relpath=None):
            nonlocal calls
            calls += 1
            marks.setdefault(step, time.monotonic())
            if calls == int(die_at):
                os.kill(os.getpid(), signal.SIGKILL)

        output._fault = fault
        output.write_outputs(Path(out), files, force=True)
        print(f"done {time.monotonic()} {marks['journal']} {marks['committed']}", flush=True)

    for line in sys.stdin:
        forked = time.monotonic()
        pid = os.fork()
        if pid == 0:
            try:
                commit(*line.rstrip("\\n").split("\\t"))
            except BaseException:
                traceback.print_exc()
                os._exit(1)
            os._exit(0)
        print(f"ready {pid} {forked}", flush=True)
        sys.stdin.readline()  # the test has killed it, or not: only now may its process id be reaped and reused
        print(f"ended {os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])}", flush=True)
""")
"""A process that imports kldocs once, then for each line it reads forks a child that commits a batch.

The line names the output folder, a folder with the batch's files (as
:func:`folderstate.batch` makes them), their version, and a step number at
which the child kills itself (SIGKILL) in the fault hook, or 0. A child
costs a fork, not an interpreter's start, so many can be killed in a few
seconds. A child that gets to the end says when (on the monotonic clock,
which every process shares) it ended and when its commit began and ended.
"""


class Committer:
    """The test's end of :data:`SERVER`."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, bufsize=1)
        self.times = (0.0, 0.0, 0.0)
        """When the last child that got to the end ended, and began and ended its commit: seconds from its fork."""

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the commit server stopped"
        return line.strip()

    def commit(self, out: Path, source: Path, version: str, names, *, die_at: int = 0,
               kill_after: float | None = None, once: Path | None = None) -> int:
        """Commit in a child; its exit code, -9 if it was killed.

        With ``kill_after``, kill it (SIGKILL) that many seconds after its
        fork or, with ``once``, after the file ``once`` appears.
        """
        assert self.process.stdin is not None
        self.process.stdin.write("\t".join([str(out), str(source), version, str(die_at), *names]) + "\n")
        lines = [self._line()]
        while not lines[-1].startswith("ready"):
            lines.append(self._line())
        _, pid, forked = lines[-1].split()
        if kill_after is not None:
            start = float(forked) if once is None else appeared(once, int(pid))
            while time.monotonic() < start + kill_after:  # sleep() is too coarse for a commit of a millisecond
                pass
            os.kill(int(pid), signal.SIGKILL)  # a child that has ended is a zombie still, so the pid is its own
        self.process.stdin.write("reap\n")
        while not lines[-1].startswith("ended"):
            lines.append(self._line())
        for line in lines:
            if line.startswith("done "):
                ended, began, committed = (float(t) - float(forked) for t in line.split()[1:])
                self.times = (ended, began, committed)
        return int(lines[-1].split()[1])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


def appeared(path: Path, pid: int) -> float:
    """When ``path`` appeared (watched without a pause), or when the process ``pid`` ended without it."""
    for tries in itertools.count():
        if path.exists():
            break
        if tries % 500 == 0 and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            break
    return time.monotonic()


@pytest.fixture(scope="module")
def committer():
    server = Committer()
    yield server
    server.close()


def recover(out: Path, names, caplog) -> list[str]:
    """What the next run does first (finish or undo, under the lock), and the lines it logged."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kldocs"):
        check_replaceable(out, list(names), force=True)  # never "edited by hand?": the files are kldocs's own
    return [r.getMessage() for r in caplog.records if r.name.startswith("kldocs")]


def test_a_process_killed_at_any_step_leaves_the_old_folder_or_the_new(states, tmp_path, committer, caplog):
    old, new, steps = states
    source = tmp_path / "source"
    write_source(source, batch("2", NEW))
    journal_from = steps.index(("journal", None)) + 1
    for number, (step, relpath) in enumerate(steps, start=1):
        where = f"killed at {step} {relpath or ''}"
        out = tmp_path / f"at-{number}"
        shutil.copytree(old, out)
        assert committer.commit(out, source, "2", NEW, die_at=number) == -9, where
        journal = (out / STAGING / JOURNAL).exists()
        assert journal == (journal_from <= number < len(steps)), where
        if not journal:  # no half state even before the next run
            assert outputs(out) in (outputs(old), outputs(new)), where
        lines = recover(out, NEW, caplog)
        assert outputs(out) == outputs(old if number < journal_from else new), where
        assert [p for p in problems(out) if p != f"{LOCK}: left behind"] == [], where
        moved_after = sum(1 for s, _ in steps[number - 1:] if s == "install")
        if journal and step != "committed":
            assert lines == [f"{out}: finished the commit an interrupted kldocs run had begun "
                             f"({moved_after} more file{'s' if moved_after > 1 else ''} moved into place)"], where
        else:
            assert lines == [], where
        write_outputs(out, batch("3", NEW), force=True)
        assert problems(out) == [] and hidden(out) == [], where


# -- the process killed at random instants ------------------------------------------------------------

RUNS = 100
"""Commits killed at a random instant (at least 50, well under a minute together)."""


def names_of(run: int) -> tuple[str, ...]:
    """Eight letters every run, and one more whose folder changes from run to run (made, or there already)."""
    return (*(f"{code:04d}-kommune.docx" for code in range(101, 109)), f"bilag/{run % 3}/oversigt.docx")


def test_a_commit_killed_at_random_instants_always_leaves_a_whole_folder(tmp_path, committer, caplog):
    rng = random.Random(20210614)
    out = tmp_path / "out"
    started = time.monotonic()

    def source(run: int) -> Path:
        folder = tmp_path / f"source-{run}"
        write_source(folder, batch(f"v{run}", names_of(run)))
        return folder

    for run in range(-3, 0):  # how long it takes here: the child, and its commit (journal to last move)
        assert committer.commit(out, source(run), f"v{run}", names_of(run)) == 0

    outcomes: collections.Counter[str] = collections.Counter()
    for run in range(RUNS):
        if run % 20 == 0:
            shutil.rmtree(out, ignore_errors=True)  # now and then into a folder that is not there yet
        before = without_manifest(outputs(out))
        after = {**before, **{f.relpath: f.make() for f in batch(f"v{run}", names_of(run))}}
        ended, began, committed = committer.times  # of the last child that got to the end
        if run % 2:  # anywhere in the child's life
            code = committer.commit(out, source(run), f"v{run}", names_of(run), kill_after=rng.uniform(0, ended))
        else:  # while it moves its files into place: from its journal on
            code = committer.commit(out, source(run), f"v{run}", names_of(run), once=out / STAGING / JOURNAL,
                                    kill_after=rng.uniform(0, 1.2 * (committed - began)))
        where = f"run {run}"
        journal = (out / STAGING / JOURNAL).exists()
        if not journal:  # no half state even before the next run
            assert without_manifest(outputs(out)) in (before, after), where
            assert [p for p in problems(out) if not p.endswith(": left behind")] == [], where
        lines = recover(out, names_of(run), caplog)
        state = without_manifest(outputs(out))
        assert state in (before, after), where
        assert [p for p in problems(out) if p != f"{LOCK}: left behind"] == [], where
        assert len(lines) <= (1 if journal else 0), where
        outcomes["ended before the kill" if code == 0 else
                 "killed mid-commit, finished by the next run" if journal else
                 "killed before the commit" if state == before else "killed after the commit"] += 1
        write_outputs(out, batch(f"v{run}", names_of(run)), force=True)
        assert problems(out) == [] and without_manifest(outputs(out)) == after, where
    seconds = time.monotonic() - started
    ended, began, committed = committer.times
    print(f"\n{RUNS} commits killed at random instants in {seconds:.1f} s (a child takes {ended * 1000:.0f} ms "
          f"here, its commit {(committed - began) * 1000:.1f} ms): "
          + ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items())))
    assert outcomes["killed mid-commit, finished by the next run"] >= 10, outcomes
    assert outcomes["killed before the commit"] >= 10, outcomes


"""A large batch on every core: the same files, manifest, steps and errors as one process gives, and no worker left."""

from __future__ import annotations

import errno
import gc
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from folderstate import PROPERTIES, _template, batch, hidden, outputs, problems

from kldocs.engine import output, workers
from kldocs.engine.output import OutputFile, write_outputs
from kldocs.engine.workers import in_order, worker_count
from kldocs.errors import KldocsError, RenderError

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")

NAMES = [f"{n:04d}-kommune.docx" if n % 3 else f"bilag/{n:04d}-bilag.docx" for n in range(1, 41)]


def no_children() -> bool:
    """True when this process has no child left, running or unreaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture
def forked(monkeypatch):
    """Two processes for any batch of two files or more: a batch's own and a worker (in_order: as many as asked)."""
    monkeypatch.setenv("KLDOCS_WORKERS", "2")
    monkeypatch.setattr(workers, "FILES_PER_WORKER", 1)
    assert settled()
    yield
    assert settled(), "a worker outlived its batch"


def settled() -> bool:
    """True when, once the workers that ended of themselves have left and been collected, no child is left."""
    deadline = time.monotonic() + 10
    while workers._leaving and time.monotonic() < deadline:
        time.sleep(0.005)
        workers.reap()
    return no_children()


def rendered(names: list[str], fail: dict[str, BaseException] | None = None, *,
             in_worker_only: bool = False) -> list[OutputFile]:
    """Files rendered when written; a name in ``fail`` raises its error (in a worker only, if so asked)."""
    parent = os.getpid()
    template = _template()

    def render(name: str) -> bytes:
        if fail and name in fail and (not in_worker_only or os.getpid() != parent):
            raise fail[name]
        return template.render({"text": f"{name}, udgave 2"}, PROPERTIES, record=name)

    return [OutputFile(name, "invitation", "invitation.docx", f"hash-{name}", render=lambda n=name: render(n),
                       independent=True) for name in names]


# -- how many ---------------------------------------------------------------------------------------


def test_a_batch_forks_a_worker_per_core_for_enough_files(monkeypatch):
    monkeypatch.delenv("KLDOCS_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert worker_count(10) == 1
    assert worker_count(2 * workers.FILES_PER_WORKER) == 2
    assert worker_count(100 * workers.FILES_PER_WORKER) == 4
    monkeypatch.setenv("KLDOCS_WORKERS", "1")
    assert worker_count(10_000) == 1
    monkeypatch.setenv("KLDOCS_WORKERS", "3")
    assert worker_count(10_000) == 3
    monkeypatch.setenv("KLDOCS_WORKERS", "mange")
    assert worker_count(10_000) == 4
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert worker_count(10_000) == 1
    monkeypatch.undo()
    monkeypatch.setattr(sys, "platform", "darwin")
    assert worker_count(10_000) == 1


# -- in order ---------------------------------------------------------------------------------------


def test_results_come_in_order_whoever_did_the_job(forked):
    def job(n: int) -> str:
        time.sleep(0.002 * (n % 3))  # the workers finish out of step
        return f"job {n} in {'one' if n % 2 else 'the other'}"

    assert list(in_order(25, job, 2)) == [(n, f"job {n} in {'one' if n % 2 else 'the other'}") for n in range(25)]


def test_a_failed_job_ends_the_results_with_its_number(forked):
    def job(n: int) -> str:
        if n == 13:
            raise ValueError("no")
        return str(n)

    assert list(in_order(40, job, 3)) == [*((n, str(n)) for n in range(13)), (13, None)]


def test_a_worker_that_dies_ends_the_results_at_its_first_missing_job(forked):
    def job(n: int) -> str:
        if n == 4:
            time.sleep(2 * workers._LONGEST_PENDING)  # long enough for the worker to send what it has
        if n == 6:
            os._exit(9)  # as if killed
        return str(n)

    assert list(in_order(20, job, 2)) == [*((n, str(n)) for n in range(6)), (6, None)]


def test_a_slow_jobs_result_comes_at_once(forked):
    def job(n: int) -> str:
        time.sleep(2 * workers._LONGEST_PENDING if n < 2 else 3.0)  # two slow jobs, then slower ones
        return str(n)

    started = time.monotonic()
    results = in_order(6, job, 2)
    assert next(results) == (0, "0")
    assert time.monotonic() - started < 2.0  # sent before the worker began its next job, of three seconds
    results.close()


def test_results_a_dying_worker_had_not_sent_are_missing_too(forked, monkeypatch):
    monkeypatch.setattr(workers, "_LONGEST_PENDING", 60.0)  # results are sent 64 at a time, or at the end

    def job(n: int) -> str:
        if n == 6:
            os._exit(9)  # jobs 0, 2 and 4 were done, quickly, and their results kept to be sent together
        return str(n)

    assert list(in_order(20, job, 2)) == [(0, None)]


def test_when_no_process_can_be_forked_the_caller_does_every_job(forked, monkeypatch, tmp_path):
    forks = 0
    fork = os.fork

    def second_fork_fails() -> int:
        nonlocal forks
        forks += 1
        if forks == 2:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        return fork()

    monkeypatch.setattr(os, "fork", second_fork_fails)
    assert list(in_order(10, str, 2)) == [(0, None)]
    forks = 0
    write_outputs(tmp_path / "out", rendered(NAMES))
    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setenv("KLDOCS_WORKERS", "1")
    write_outputs(tmp_path / "alone", rendered(NAMES))
    assert outputs(tmp_path / "out") == outputs(tmp_path / "alone")


def test_the_objects_frozen_for_the_workers_are_the_parents_again_once_they_are_forked(forked):
    assert gc.get_freeze_count() == 0
    results = in_order(4, str, 2)
    assert next(results) == (0, "0")
    assert gc.get_freeze_count() == 0  # the workers keep theirs frozen; the parent collects its own again
    assert list(results) == [(1, "1"), (2, "2"), (3, "3")]
    gc.freeze()  # a caller's own frozen objects stay frozen
    try:
        frozen = gc.get_freeze_count()
        assert list(in_order(4, str, 2)) == [(n, str(n)) for n in range(4)]
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_the_jobs_asked_to_be_done_here_are_done_here_first_and_the_rest_in_the_workers(forked):
    parent = os.getpid()
    results = list(in_order(12, lambda n: "here" if os.getpid() == parent else str(os.getpid()), 2, here=5))
    assert [n for n, _ in results] == list(range(12))
    assert [r for _, r in results[:5]] == ["here"] * 5
    assert len({r for _, r in results[5:]} - {"here"}) == 2  # each of the two workers did some of the rest


def test_a_job_done_here_that_raises_raises_after_the_results_before_it(forked):
    def job(n: int) -> str:
        if n == 3 and os.getpid() == parent:
            raise ValueError("job 3")
        return str(n)

    parent = os.getpid()
    seen = []
    with pytest.raises(ValueError, match="job 3"):
        for number, result in in_order(10, job, 2, here=6):
            seen.append((number, result))
    assert seen == [(0, "0"), (1, "1"), (2, "2")]  # the fixture checks that the workers are gone


def test_when_every_job_is_to_be_done_here_none_is_forked(forked, monkeypatch):
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    assert list(in_order(3, str, 2, here=3)) == list(in_order(3, str, 0)) == [(0, "0"), (1, "1"), (2, "2")]


def test_stopping_early_stops_the_workers(forked):
    def job(n: int) -> str:
        time.sleep(0.01)
        return str(n)

    results = in_order(1000, job, 2)
    assert [next(results) for _ in range(3)] == [(0, "0"), (1, "1"), (2, "2")]
    results.close()  # the fixture checks that no worker is left


def test_a_worker_that_has_sent_every_result_is_not_waited_for_and_is_collected_once_it_has_left(forked,
                                                                                                  monkeypatch):
    waited, killed = [], []
    waitpid = os.waitpid
    monkeypatch.setattr(os, "waitpid", lambda pid, flags: (waited.append(flags), waitpid(pid, flags))[1])
    monkeypatch.setattr(os, "kill", lambda pid, sig: killed.append(pid))
    pids = {int(r) for _, r in in_order(6, lambda n: str(os.getpid()), 2)}
    assert len(pids) == 2 and os.getpid() not in pids
    assert killed == [] and 0 not in waited  # not killed, nor waited for while Linux takes their memory back
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert list(in_order(0, str, 2)) == []  # the next batch's start collects them
    assert not workers._leaving
    for pid in pids:
        with pytest.raises(ChildProcessError):
            waitpid(pid, os.WNOHANG)


# -- a batch ----------------------------------------------------------------------------------------


def test_a_batch_in_workers_writes_what_one_process_writes(tmp_path, forked, monkeypatch):
    steps: list[tuple[str, str | None]] = []
    monkeypatch.setattr(output, "_fault", lambda step, relpath=None: steps.append((step, relpath)))
    counted: list[int] = []
    write_outputs(tmp_path / "forked", rendered(NAMES), progress=lambda _, done, total: counted.append(done))
    forked_steps = steps[:]
    steps.clear()
    monkeypatch.setenv("KLDOCS_WORKERS", "1")
    write_outputs(tmp_path / "alone", rendered(NAMES))
    assert outputs(tmp_path / "forked") == outputs(tmp_path / "alone")
    assert forked_steps == steps
    assert [relpath for step, relpath in steps if step == "staged"] == NAMES
    assert counted == list(range(1, len(NAMES) + 1))
    assert problems(tmp_path / "forked") == [] and hidden(tmp_path / "forked") == []


def test_a_batch_with_a_file_that_needs_the_others_is_written_in_one_process(tmp_path, forked):
    """A combined document or e-mail drafts render what the batch keeps in memory: no worker may make them."""
    pids: set[int] = set()

    def render(name: str) -> bytes:
        pids.add(os.getpid())  # seen in this process only if it ran here
        return _template().render({"text": name}, PROPERTIES, record=name)

    files = [*rendered(NAMES), OutputFile("samlet.docx", "invitation-combined", "invitation.docx", "h",
                                          render=lambda: render("samlet"))]
    write_outputs(tmp_path / "out", files)
    assert pids == {os.getpid()}
    pids.clear()
    parent = os.getpid()
    independent = [OutputFile(f"{n}.docx", "invitation", "invitation.docx", "h", independent=True,
                              render=lambda n=n: render(str(n)) if os.getpid() != parent else b"here")
                   for n in range(10)]
    write_outputs(tmp_path / "workers", independent)
    # the first here, so that the worker starts from what it left, then this process's share of the rest (the
    # ones that follow it), while the worker does the others
    here = sorted(name for name, data in outputs(tmp_path / "workers").items() if data == b"here")
    assert here == ["0.docx", "1.docx", "2.docx", "3.docx", "4.docx"]


HERE, THERE = "0017-kommune.docx", "0035-kommune.docx"
"""A file of the share the batch's own process renders, and one of its worker's (of two processes)."""


@pytest.mark.parametrize("name", [HERE, THERE])
def test_a_record_that_does_not_render_is_the_same_error_and_nothing_is_written(tmp_path, forked, name):
    out = tmp_path / "out"
    write_outputs(out, batch("1", NAMES))
    before = outputs(out)
    broken = RenderError([f"invitation.docx, {name}: the template uses 'x', which the data lacks"])
    with pytest.raises(RenderError) as caught:
        write_outputs(out, rendered(NAMES, {name: broken}), force=True)
    assert caught.value.problems == broken.problems
    assert outputs(out) == before and hidden(out) == []


@pytest.mark.parametrize("name", [HERE, THERE])
def test_a_file_system_refusal_is_one_line_naming_the_file(tmp_path, forked, name):
    out = tmp_path / "out"
    full = OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(KldocsError) as caught:
        write_outputs(out, rendered(NAMES, {name: full}))
    assert caught.value.problems == [f"{out}: could not render {name} (No space left on device); "
                                     "nothing was written"]
    assert not out.exists()


def test_a_failure_as_a_file_is_staged_names_that_file(tmp_path, forked, monkeypatch):
    full = OSError(errno.ENOSPC, "No space left on device")

    def fault(step: str, relpath: str | None = None) -> None:
        if (step, relpath) == ("staged", "0020-kommune.docx"):
            raise full

    monkeypatch.setattr(output, "_fault", fault)
    out = tmp_path / "out"
    with pytest.raises(KldocsError) as caught:
        write_outputs(out, rendered(NAMES))
    assert caught.value.problems == [f"{out}: could not write 0020-kommune.docx (No space left on device); "
                                     "nothing was written"]
    assert not out.exists()


def test_a_job_that_fails_in_a_worker_only_is_done_again_here(tmp_path, forked, monkeypatch):
    full = OSError(errno.ENOSPC, "No space left on device")  # for a moment, in a worker
    write_outputs(tmp_path / "out", rendered(NAMES, {THERE: full}, in_worker_only=True))
    monkeypatch.setenv("KLDOCS_WORKERS", "1")
    write_outputs(tmp_path / "alone", rendered(NAMES))
    assert outputs(tmp_path / "out") == outputs(tmp_path / "alone")


def test_ctrl_c_while_workers_render_leaves_nothing(tmp_path, forked):
    out = tmp_path / "out"

    def progress(_: str, done: int, total: int) -> None:
        if done == 7:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_outputs(out, rendered(NAMES), progress=progress)
    assert not out.exists()


def test_workers_stop_when_the_run_is_killed(tmp_path):
    """SIGKILL to the run: each worker stops before its next file, and a next run can write the folder."""
    out, pids = tmp_path / "out", tmp_path / "pids"
    pids.mkdir()
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path[:0] = {[str(Path(__file__).parent), str(Path(__file__).parents[1])]!r}
        from folderstate import PROPERTIES, _template
        from kldocs.engine.output import OutputFile, write_outputs
        template = _template()
        def render(name):
            open(os.path.join({str(pids)!r}, str(os.getpid())), "w").close()
            time.sleep(0.05)
            return template.render({{"text": name}}, PROPERTIES, record=name)
        files = [OutputFile(f"{{n:04d}}.docx", "invitation", "invitation.docx", "h", render=lambda n=n: render(str(n)),
                            independent=True) for n in range(400)]
        write_outputs({str(out)!r}, files)
    """)
    env = {**os.environ, "KLDOCS_WORKERS": "3"}  # the run and two workers
    run = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 60
        while len(set(pids.iterdir())) < 3 and time.monotonic() < deadline:  # both workers have begun
            time.sleep(0.02)
        forked = {int(p.name) for p in pids.iterdir()} - {run.pid}
        assert len(forked) == 2, "the batch was not rendered in two workers"
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in forked) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in forked), "a worker went on after its run was killed"
    write_outputs(out, batch("1", NAMES[:3]), force=True)
    assert problems(out) == [] and hidden(out) == []


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def checked(names: list[str], log: Path, *, wrong: set[str] = frozenset(), fail: BaseException | None = None,
            in_worker_only: bool = False) -> list[OutputFile]:
    """Files whose checks note the process they run in; a name in ``wrong`` lacks a value, ``fail`` breaks one."""
    parent = os.getpid()

    def check(name: str) -> None:
        with log.open("a") as stream:
            stream.write(f"{os.getpid()}\n")
        if name in wrong:
            raise RenderError(f"invitation.docx, {name}: the template uses 'sender', which the data of this "
                              "record does not have")
        if fail is not None and name == names[-3] and (not in_worker_only or os.getpid() != parent):
            raise fail

    return [OutputFile(name, "invitation", "invitation.docx", f"hash-{name}", content=name.encode(),
                       check=lambda n=name: check(n), independent=True) for name in names]


def pids(log: Path) -> set[int]:
    return {int(line) for line in log.read_text().split()}


@pytest.fixture
def slow_checks(monkeypatch):
    """Every batch's checks taken as slow: after the first two, the rest go to workers."""
    monkeypatch.setattr(output, "CHECKS_TIMED", 2)
    monkeypatch.setattr(output, "WORTH_SHARING", 0.0)


def test_slow_checks_are_shared_among_workers_and_find_the_same_problems_in_order(tmp_path, forked,
                                                                                   slow_checks, monkeypatch):
    wrong = {NAMES[5], NAMES[17], NAMES[-1]}
    log = tmp_path / "log"
    with pytest.raises(RenderError) as shared:
        write_outputs(tmp_path / "out", checked(NAMES, log, wrong=wrong))
    # this process checked its share, a worker the rest, each file once
    assert os.getpid() in pids(log) and len(pids(log) - {os.getpid()}) == 1
    assert len(log.read_text().split()) == len(NAMES)
    monkeypatch.setenv("KLDOCS_WORKERS", "1")
    with pytest.raises(RenderError) as alone:
        write_outputs(tmp_path / "out", checked(NAMES, tmp_path / "log-1", wrong=wrong))
    assert shared.value.problems == alone.value.problems and len(alone.value.problems) == 3
    assert pids(tmp_path / "log-1") == {os.getpid()}
    assert not (tmp_path / "out").exists()


def test_quick_checks_stay_in_this_process(tmp_path, forked, monkeypatch):
    monkeypatch.setattr(output, "WORTH_SHARING", 10.0)  # the rest would take well under ten seconds
    log = tmp_path / "log"
    write_outputs(tmp_path / "out", checked(NAMES, log))
    assert pids(log) == {os.getpid()}


def test_a_check_that_breaks_in_a_worker_breaks_the_run_as_in_one_process(tmp_path, forked, slow_checks):
    with pytest.raises(ZeroDivisionError):
        write_outputs(tmp_path / "out", checked(NAMES, tmp_path / "log", fail=ZeroDivisionError("division by zero")))
    assert not (tmp_path / "out").exists()
    log = tmp_path / "log-2"
    write_outputs(tmp_path / "out", checked(NAMES, log, fail=ZeroDivisionError("in a worker only"),
                                           in_worker_only=True))
    assert sorted(without(outputs(tmp_path / "out"))) == sorted(NAMES)
    assert pids(log) - {os.getpid()}  # it broke in a worker, and was checked again here


def without(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path != "manifest.json"}

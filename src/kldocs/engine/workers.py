"""A large batch rendered on every CPU core: forked worker processes, results taken in order.

Rendering a document is Python's work, which one process does on one core
at a time; so a batch of many documents is shared among worker processes,
forked from the one that planned it (they start with its templates,
records and everything already prepared, and nothing is sent to them).
Each worker makes and writes the files whose numbers it is given (every
``workers``-th, so all go at about one pace) and sends back one short line
for each: the number and what the job returned. The caller takes the
results in order of number, as if it had done the work itself. It may do
the first share of the jobs itself, on a core of its own, while the
workers do the rest (a batch does: a worker is forked for every other core).

Where a job fails in a worker — a record that does not render, a full disk,
a worker killed — the workers are stopped and :func:`in_order` ends with
that number and no result: the caller then does that job, and the ones after
it, itself, one by one, so that whatever went wrong goes wrong again where
the caller can see it, with the same error and the same words. So the
workers never change what a batch writes or says, only how long it takes.

Workers are used only where ``fork`` is safe and cheap (Linux, in a process
running no other thread) and there is more than one core to run them;
``KLDOCS_WORKERS=1`` turns them off, ``KLDOCS_WORKERS=N`` asks for ``N``. A worker ignores Ctrl-C (the caller
deals with it, and stops the workers), and stops before its next job once
the process that forked it is gone (killed, say): a job is one file, a few
milliseconds. (Asking Linux to kill it with its parent, ``PR_SET_PDEATHSIG``,
would take importing :mod:`ctypes` in every worker: 4–6 ms, which a worker
of a 98-letter batch spends before its first letter.)
"""

from __future__ import annotations

import contextlib
import gc
import os
import selectors
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator

from kldocs.engine.signals import signals_deferred

MOST_WORKERS = 8
"""The most worker processes one batch forks."""
FILES_PER_WORKER = 32
"""A batch forks a worker for every this many files (up to the cores there are): fewer would not repay the fork."""


def worker_count(files: int) -> int:
    """How many processes a batch of ``files`` files is rendered in; 1 means in this process alone."""
    wanted = os.environ.get("KLDOCS_WORKERS", "").strip()
    if sys.platform != "linux" or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1  # forking a process with other threads running could copy a lock one of them holds
    asked = int(wanted) if wanted.isdigit() else 0
    cores = asked if asked >= 1 else min(len(os.sched_getaffinity(0)), MOST_WORKERS)
    return max(1, min(cores, files // FILES_PER_WORKER))


def in_order(count: int, job: Callable[[int], str], workers: int,
             here: int = 0) -> Generator[tuple[int, str | None], None, None]:
    """Run ``job(0)`` … ``job(count - 1)`` in ``workers`` forked processes; yield ``(number, result)`` in order.

    With ``here``, the first ``here`` jobs are done in this process, in
    order, while the workers do the rest (this process has a core to do
    them on, and is not slowed by copying the pages it shares with them);
    such a job that raises raises here, as in a loop, after every job
    before it, and the workers are stopped.
    ``job`` returns one line of text (no line break); a worker sends the
    results of quick jobs a few at a time (:data:`_MOST_PENDING`,
    :data:`_LONGEST_PENDING`), and of a slow one at once.
    When a job fails, or a worker stops before it has sent every result,
    the last pair yielded is the number of the first job whose result did
    not come, with None, after every result before it; the workers are then
    stopped. They are also stopped (killed, and waited for) when the
    caller stops iterating, or raises, before the end: no worker outlives
    the iteration but one that has sent every result and is leaving of
    itself (see :data:`_leaving`), and one whose parent is killed stops
    before its next job. The
    workers keep the file descriptors they are forked with, so a lock the
    caller holds on an open file (an ``flock``) is held until the last of
    them has ended.
    """
    parent = os.getpid()
    here = min(max(here, 0), count) if workers >= 1 else count
    children: dict[int, int] = {}  # pid -> the reading end of its pipe
    ended: set[int] = set()  # the reading ends of the workers that have ended of themselves (see _results)
    reap()
    # What exists now is the workers' to read, not to collect: frozen, their collections leave it alone, and
    # so do not copy every page it is on. The parent takes it back once they are forked (unless a caller of
    # its own had frozen objects: that is left as it was).
    freezing = gc.get_freeze_count() == 0 and here < count
    if freezing:
        gc.freeze()
    try:
        for worker in range(workers if here < count else 0):
            read, write = os.pipe()
            # Ctrl-C or SIGTERM arriving between the fork and the worker's own handlers would run the
            # parent's in the worker: both wait, held back, until each side has the handlers it should.
            try:
                with signals_deferred():
                    pid = os.fork()
                    if pid == 0:  # pragma: no cover - the worker; its outcome is seen through the pipe
                        os.close(read)
                        _work(job, range(here + worker, count, workers), write, parent)
            except OSError:  # no more processes or memory: the caller does the jobs itself
                os.close(read)
                os.close(write)
                yield 0, None
                return
            os.close(write)
            children[pid] = read
        if freezing:
            gc.unfreeze()
            freezing = False
        yield from _results(count, workers, children, job, here, ended)
    finally:
        if freezing:  # forking stopped half-way
            gc.unfreeze()
        with signals_deferred():  # a second Ctrl-C waits until every worker is gone
            for pid, read in children.items():
                with contextlib.suppress(OSError):
                    os.close(read)
                if read in ended:  # it is leaving: collected when it has, not waited for
                    _leaving.add(pid)
                    continue
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
            reap()


_leaving: set[int] = set()
"""Workers that ended of themselves (every result sent, or their pipe closed) and have not been collected yet.

Such a worker has nothing more to do and is in :func:`os._exit`, where Linux
takes its memory back: 2–3 ms for a worker forked from a large process,
which the batch would otherwise wait for before it commits. So it is
collected (:func:`reap`) when the iteration ends if it is gone by then, or
else once the batch is committed, or at the next batch's start; until then
it is a process that holds what it was forked with, file descriptors
included, and runs nothing.
"""


def reap() -> None:
    """Collect the workers in :data:`_leaving` that have ended, without waiting for the others."""
    for pid in list(_leaving):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # collected by someone else
            done = pid
        if done:
            _leaving.discard(pid)


def on_every_core(count: int, job: Callable[[int], str],
                  processes: int) -> Generator[tuple[int, str | None], None, None]:
    """:func:`in_order` with this process one of ``processes``: it does the first share, a worker each other one."""
    return in_order(count, job, processes - 1, here=count // processes)


_FAILED = "\0"
"""What a worker sends for a job that failed, in place of its result."""


def _results(count: int, workers: int, children: dict[int, int], job: Callable[[int], str],
             here: int, ended: set[int]) -> Iterator[tuple[int, str | None]]:
    """The jobs done here and the workers' results, in order, until all ``count`` are in or one is missing for good.

    Worker ``w`` (the ``w``-th forked) does jobs ``here + w``, ``here + w +
    workers``, …; when its pipe ends, the first of its jobs not reported is
    missing for good. Between the jobs done here, what the workers have sent
    is read, so that none of them waits on a full pipe. The reading end of a
    worker that has ended of itself — its pipe closed, or every one of its
    jobs reported (it then sends nothing more and ends) — is added to ``ended``.
    """
    done: dict[int, str | None] = {}
    worker_of = {read: worker for worker, read in enumerate(children.values())}
    buffers = {read: b"" for read in children.values()}
    left = {read: len(range(here + worker, count, workers)) for read, worker in worker_of.items()}
    with selectors.DefaultSelector() as selector:
        for read in children.values():
            selector.register(read, selectors.EVENT_READ)

        def take(timeout: float | None, following: int) -> None:
            """Read what the workers have sent (waiting up to ``timeout`` for some) into ``done``."""
            for key, _ in selector.select(timeout):
                read = int(key.fd)
                chunk = os.read(read, 1 << 16)
                if chunk:
                    *lines, buffers[read] = (buffers[read] + chunk).split(b"\n")
                    for line in lines:
                        number, _, result = line.decode("utf-8").partition(" ")
                        done[int(number)] = None if result == _FAILED else result
                        left[read] -= 1
                    if not left[read]:
                        ended.add(read)
                    continue
                ended.add(read)
                selector.unregister(read)
                missing = next((n for n in range(here + worker_of[read], count, workers)
                                if n >= following and n not in done), None)
                if missing is not None:  # the worker ended before this job: it will never come
                    done[missing] = None

        for number in range(here):
            yield number, job(number)
            if children:
                take(0, number + 1)
        following = here
        while following < count:
            while following in done:
                result = done.pop(following)
                yield following, result
                if result is None:
                    return
                following += 1
            if following >= count:
                return
            take(None, following)


def _work(job: Callable[[int], str], numbers: range, write: int,
          parent: int) -> None:  # pragma: no cover - runs in the worker
    """A worker's life: each job in turn, its result down the pipe; then out, without the parent's clean-ups."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})  # held back across the fork
        pending: list[str] = []  # results not yet sent: sent together, a pipe write costs more than a check
        oldest = last = 0.0  # when the oldest result not sent was made; how long the last job took
        for number in numbers:
            if os.getppid() != parent:  # the parent is gone: nobody wants what this would write
                break
            if pending and time.monotonic() - oldest + last >= _LONGEST_PENDING:
                _send(write, pending)  # a next job as long as the last would keep them too long
            began = time.monotonic()
            try:
                result = job(number)
                if "\n" in result or result == _FAILED:
                    raise ValueError(f"a job's result must be one line: {result!r}")
            except BaseException:
                pending.append(f"{number} {_FAILED}\n")
                break
            done = time.monotonic()
            last = done - began
            if not pending:
                oldest = done
            pending.append(f"{number} {result}\n")
            if len(pending) >= _MOST_PENDING:
                _send(write, pending)
        _send(write, pending)
    except BaseException:
        status = 1
    finally:
        os._exit(status)


_MOST_PENDING = 64
"""The most results a worker keeps before it sends them."""
_LONGEST_PENDING = 0.02
"""How long, in seconds, a worker keeps a result before it sends it (the run's progress moves as results
come): the results are sent before a job that, if it takes as long as the last one, would keep them longer."""


def _send(write: int, pending: list[str]) -> None:  # pragma: no cover - runs in the worker
    data = "".join(pending).encode()
    pending.clear()
    while data:
        data = data[os.write(write, data):]



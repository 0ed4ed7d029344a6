"""Steps that Ctrl-C and SIGTERM must not cut in two: :func:`signals_deferred`.

Its own module so that a batch that converts nothing to PDF imports neither
:mod:`kldocs.engine.pdf` nor :mod:`subprocess` to commit its files.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done, then arrive as usual.

    For the few steps that must not be cut in two by Ctrl-C: starting a
    process and noting it down, killing what was started, putting files back.
    Only the main thread can hold signals back (elsewhere this does nothing).
    """
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)

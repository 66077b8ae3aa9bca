"""A wall-clock cap on reading one untrusted document, enforced inside the library that reads it.

Checking the clock between pages is not enough: one page can hold a content stream of millions of
operators, and pdfminer reads it in a single call that we cannot look into. So a watchdog thread
raises ``TimeCapExceeded`` *in the reading thread* when the time is up (CPython's
``PyThreadState_SetAsyncExc``), which stops pure-Python code at its next bytecode, in any thread, not
only the main one (a crawler extracts in worker threads, where ``signal.alarm`` cannot be used).

``TimeCapExceeded`` derives from BaseException so that the many ``except Exception`` blocks of the
PDF libraries do not swallow it; if something still does, the watchdog raises it again every second
until the block is left. A long call inside C (decompressing one huge stream) is only stopped when it
returns, which the byte caps of the readers bound.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from types import TracebackType

log = logging.getLogger(__name__)


class TimeCapExceeded(BaseException):
    """The time allowed for one document ran out."""


_RETRY_SECONDS = 1.0
_MAX_FIRES = 10  # a thread that swallows this many stops is left alone rather than shot at forever


class TimeCap:
    """``with TimeCap(60):`` raises TimeCapExceeded in this thread once 60 s have passed inside the block."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._thread_id = 0
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._active = False

    def __enter__(self) -> TimeCap:
        self._thread_id = threading.get_ident()
        self._active = True
        try:  # a short cap can fire before __enter__ returns, and then no __exit__ would disarm it
            threading.Thread(target=self._watch, name="timecap", daemon=True).start()
        except TimeCapExceeded:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        while True:
            try:
                self._stop()
                return
            except TimeCapExceeded:  # fired while leaving: the block did finish, so the cap is moot
                continue

    def _stop(self) -> None:
        with self._lock:
            self._active = False
            self._done.set()
            if self.fired:  # an exception may still be pending, not yet raised: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), None)

    def _watch(self) -> None:
        wait = self.seconds
        for _ in range(_MAX_FIRES):
            if self._done.wait(wait):
                return
            with self._lock:
                if not self._active:
                    return
                self.fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self._thread_id), ctypes.py_object(TimeCapExceeded))
            wait = _RETRY_SECONDS
        log.error("time cap: the reading thread ignored %d stops; it is left running", _MAX_FIRES)

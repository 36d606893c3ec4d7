"""A wall-clock guard for tests of things that must not hang: the block is aborted, and the
test fails, instead of the suite hanging. It asserts nothing about speed."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Hang", "wall_clock"]


class Hang(BaseException):
    """Raised by the wall-clock guard; a ``BaseException`` so no ``except Exception``
    inside gxtables can turn it into one of ours."""


@contextmanager
def wall_clock(seconds: float) -> Iterator[None]:
    """Abort the block with :class:`Hang` after ``seconds`` (main thread, Unix)."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        yield
        return

    def _alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds}s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

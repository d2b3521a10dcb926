"""Ctrl-C that is never lost.

Python turns SIGINT into KeyboardInterrupt wherever the main thread happens to be. When that is
inside a callback from C (WeasyPrint's cffi callbacks into Pango and FontConfig), the exception
is printed and dropped, and the build would run on to the end. So the request is also
remembered, and the scheduler stops at the next report.
"""

from __future__ import annotations

import signal
from types import FrameType

_requested = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _requested
    _requested = True
    raise KeyboardInterrupt


def install() -> None:
    """Remember Ctrl-C from now on (build.py, in the main process only)."""
    global _requested
    _requested = False
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # as a shell's background job
        signal.signal(signal.SIGINT, _on_sigint)


def check() -> None:
    """Stop here if Ctrl-C was pressed, even if its KeyboardInterrupt was swallowed."""
    if _requested:
        raise KeyboardInterrupt

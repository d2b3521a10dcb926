"""Progress on a terminal (a bar with counts and time left) and plain lines in CI or logs."""

from __future__ import annotations

import time
from typing import Any, TextIO


class Progress:
    """Counts finished reports; draws a rich bar on a terminal, prints lines elsewhere."""

    def __init__(self, stream: TextIO, verbose: bool = False) -> None:
        self.stream = stream
        self.verbose = verbose
        self.tty = stream.isatty()
        self.total = 0
        self.done = 0
        self.start = time.perf_counter()
        self._bar: Any = None
        self._task: Any = None
        self._last_line = 0.0

    def plan(self, reasons: dict[str, list[str]], skipped: list[str], overview: bool) -> None:
        """--verbose: each report's decision and why (the build record's words, keys.py)."""
        if not self.verbose:
            return
        for stem in sorted([*reasons, *skipped]):
            why = reasons.get(stem)
            print(f"{stem}: " + (f"rebuild ({', '.join(why)})" if why else "up to date"),
                  file=self.stream)
        print("national overview PDFs: " + ("rebuild" if overview else "up to date"),
              file=self.stream)

    def begin(self, total: int, skipped: int) -> None:
        self.total, self.done, self.start = total, 0, time.perf_counter()
        if skipped:
            print(f"{skipped} reports are up to date and were not rebuilt.", file=self.stream)
        if not total:
            return
        print(f"Building {total} reports …", file=self.stream)
        if self.tty:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), TimeRemainingColumn(),
                            console=Console(file=self.stream), transient=False)
            self._bar.start()
            self._task = self._bar.add_task("Rapporter", total=total)

    def advance(self, name: str, ok: bool, message: str = "") -> None:
        self.done += 1
        if not ok:
            line = f"FAILED {name}: {message}"
            if self._bar:
                self._bar.console.print(line)
            else:
                print(line, file=self.stream)
        if self._bar:
            self._bar.update(self._task, advance=1, description=name[:24])
            return
        now = time.perf_counter()
        if self.done == self.total or now - self._last_line >= 5 or self.total <= 10:
            self._last_line = now
            elapsed = now - self.start
            left = elapsed / self.done * (self.total - self.done)
            print(f"[{self.done}/{self.total}] {name}  {elapsed:.0f}s elapsed, ~{left:.0f}s left",
                  file=self.stream, flush=True)

    def end(self) -> None:
        if self._bar:
            self._bar.stop()
            self._bar = None

    def summary(self, outcome: Any, failed: dict[str, str]) -> None:
        self.end()
        built = len(outcome.built)
        print(f"Built {built} reports ({outcome.pages} pages) in {outcome.seconds:.1f}s; "
              f"{len(outcome.skipped)} up to date; {len(failed)} failed.", file=self.stream)
        for stem, msg in sorted(failed.items()):
            print(f"  failed: {stem}: {msg}", file=self.stream)

"""A small pool of warm, forked worker processes that are recycled when they grow.

ProcessPoolExecutor cannot combine fork (cheap warm workers: the parent's imports are shared)
with max_tasks_per_child, and cannot recycle by memory at all. Here each worker warms up once
(init_worker), renders report after report, and leaves after `max_tasks` reports or when its
resident memory passes `max_rss_mb`; the parent then starts a fresh one. A worker that dies
(killed, out of memory) fails only the report it was rendering.

Workers die with their build, however it ends: each asks Linux to kill it when its parent dies
(the parent-death signal, prctl PR_SET_PDEATHSIG), and also checks that its parent is still the
build that started it while it waits for work and before it writes (parent_alive), so a build
stopped with SIGTERM, kill -9 or a crash never leaves a worker writing into a folder that the
next build owns.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

MAX_TASKS = 60
MAX_RSS_MB = 700.0
PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL_S = 0.5  # how often an idle worker checks that its build is still there

_parent: int | None = None  # in a worker: the build process that started it


def parent_alive() -> bool:
    """In a worker: the build that started it is still running (always True elsewhere)."""
    return _parent is None or os.getppid() == _parent


def _die_with(parent: int) -> None:
    """Make this worker end when `parent` does, and end now if it already has."""
    global _parent
    _parent = parent
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool's terminate() ends it at once
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the checks of parent_alive remain
        pass
    if not parent_alive():  # the parent died before the signal was asked for
        os._exit(1)


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MiB, from /proc."""
    cur = peak = 0.0
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    cur = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
    except OSError:
        pass
    return cur, peak


def _worker(init: Callable[[], None], fn: Callable[[Any], Any], tasks: Any, results: Any,
            max_tasks: int, max_rss_mb: float, parent: int) -> None:
    _die_with(parent)
    init()
    done = 0
    while True:
        try:
            item = tasks.get(timeout=PARENT_POLL_S)
        except queue.Empty:
            if not parent_alive():
                os._exit(1)
            continue
        if item is None:
            break
        index, task = item
        results.put(("start", os.getpid(), index))
        results.put(("done", os.getpid(), (index, fn(task))))
        done += 1
        if done >= max_tasks or rss_mb()[0] > max_rss_mb:
            break
    results.put(("exit", os.getpid(), rss_mb()))


class WarmPool:
    """Worker processes that may start before the work is known.

    Why: a worker's warm-up (importing WeasyPrint, loading fonts) takes about a second. Started
    once the national assumptions are valid, the first worker warms up on the second core while
    the parent reads and computes, so a one-report rebuild does not wait for it. The workers
    import what they need themselves; the parent never imports WeasyPrint for them.
    """

    def __init__(self, fn: Callable[[Any], Any], init: Callable[[], None], jobs: int, *,
                 max_tasks: int = MAX_TASKS, max_rss_mb: float = MAX_RSS_MB) -> None:
        self.ctx = multiprocessing.get_context("fork")
        self.task_q = self.ctx.Queue()
        # Workers write results straight into a pipe (SimpleQueue: no feeder thread), so a
        # worker killed right after taking a task has already said which task it took. A
        # thread here moves them into a local queue that can be read with a timeout.
        self._pipe = self.ctx.SimpleQueue()
        self.result_q: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.fn, self.init, self.jobs = fn, init, jobs
        self.max_tasks, self.max_rss_mb = max_tasks, max_rss_mb
        self.procs: dict[int, Any] = {}
        self.used = False
        self.stopped = False  # a worker was terminated, perhaps in the middle of a message
        self.stats: dict[str, Any] = {"workers_started": 0, "recycled": 0, "peak_rss_mb": 0.0}

    def start(self) -> None:
        """One more worker; it warms up at once and then waits for tasks."""
        p = self.ctx.Process(target=_worker, daemon=True,
                             args=(self.init, self.fn, self.task_q, self._pipe,
                                   self.max_tasks, self.max_rss_mb, os.getpid()))
        p.start()
        assert p.pid is not None  # a started process has one
        self.procs[p.pid] = p
        self.stats["workers_started"] += 1

    def run(self, tasks: list[Any], on_lost: Callable[[Any, str], Any]) -> Iterator[Any]:
        """Yield fn(task) for every task as workers finish them (order not kept).

        `on_lost(task, why)` makes the result for a task whose worker died.
        """
        self.used = self.used or bool(tasks)
        for i, t in enumerate(tasks):
            self.task_q.put((i, t))
        while len(self.procs) < min(self.jobs, len(tasks)):
            self.start()
        st, procs = self.stats, self.procs
        running: dict[int, int] = {}  # pid -> index of the task it is rendering
        remaining = len(tasks)
        while remaining:
            try:
                kind, pid, payload = self.result_q.get(timeout=1.0)
            except queue.Empty:
                for pid, p in list(procs.items()):
                    if not p.is_alive() and p.exitcode not in (0, None):
                        procs.pop(pid)
                        if pid in running:
                            remaining -= 1
                            yield on_lost(tasks[running.pop(pid)],
                                          f"worker died (exit code {p.exitcode})")
                        if st["workers_started"] > 2 * self.jobs + len(tasks):
                            raise RuntimeError("workers keep dying while starting up") from None
                        self.start()
                continue
            if kind == "start":
                running[pid] = payload
            elif kind == "done":
                running.pop(pid, None)
                remaining -= 1
                yield payload[1]
            elif kind == "exit":
                self._exited(pid, payload)
                if remaining > len(running) and len(procs) < self.jobs:
                    st["recycled"] += 1
                    self.start()

    def _exited(self, pid: int, rss: tuple[float, float]) -> None:
        self._note_peak(rss)
        p = self.procs.pop(pid, None)
        if p is not None:
            p.join()

    def _note_peak(self, rss: tuple[float, float]) -> None:
        self.stats["peak_rss_mb"] = max(self.stats["peak_rss_mb"], rss[1])

    def _read(self) -> None:
        while (item := self._pipe.get()) is not None:
            self.result_q.put(item)

    def close(self) -> None:
        """Let the workers leave; one that never got a task is stopped without waiting."""
        if not self.used:
            for p in self.procs.values():
                p.terminate()
                p.join()
        else:
            for _ in self.procs:
                self.task_q.put(None)
            for p in self.procs.values():
                while p.is_alive() or not self.result_q.empty():
                    try:  # drain, or a worker may wait forever to hand over its last message
                        kind, _, payload = self.result_q.get(timeout=0.1)
                    except queue.Empty:
                        continue
                    if kind == "exit":
                        self._note_peak(payload)
                p.join()
        self.procs.clear()
        if not self.stopped:
            self._pipe.put(None)  # ends the reader thread
            self._reader.join()
        # else the reader, a daemon thread, is left waiting: a worker stopped in the middle of
        # handing over a result may hold the pipe's lock for ever, and put() would wait on it

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:  # interrupted or failed: stop at once, finished files are whole
            for p in self.procs.values():
                if p.is_alive():
                    p.terminate()
                    self.stopped = True
        self.close()

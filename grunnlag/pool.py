"""A small pool of warm, forked worker processes that are recycled when they grow.

ProcessPoolExecutor cannot combine fork (cheap warm workers: the parent's imports are shared)
with max_tasks_per_child, and cannot recycle by memory at all. Here each worker warms up once
(init_worker), renders report after report, and leaves after `max_tasks` reports or when its
resident memory passes `max_rss_mb`; the parent then starts a fresh one. A worker that dies
(killed, out of memory) fails only the report it was rendering.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator
from typing import Any

MAX_TASKS = 60
MAX_RSS_MB = 700.0


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
            max_tasks: int, max_rss_mb: float) -> None:
    init()
    done = 0
    while True:
        item = tasks.get()
        if item is None:
            break
        index, task = item
        results.put(("start", os.getpid(), index))
        results.put(("done", os.getpid(), (index, fn(task))))
        done += 1
        if done >= max_tasks or rss_mb()[0] > max_rss_mb:
            break
    results.put(("exit", os.getpid(), rss_mb()))


def run_pool(tasks: list[Any], fn: Callable[[Any], Any], init: Callable[[], None], jobs: int,
             on_lost: Callable[[Any, str], Any], *, max_tasks: int = MAX_TASKS,
             max_rss_mb: float = MAX_RSS_MB, stats: dict | None = None) -> Iterator[Any]:
    """Yield fn(task) for every task as workers finish them (order not kept).

    `on_lost(task, why)` makes the result for a task whose worker died. `stats` receives
    'workers_started', 'recycled' and 'peak_rss_mb' (highest peak of any worker).
    """
    ctx = multiprocessing.get_context("fork")
    task_q, result_q = ctx.Queue(), ctx.Queue()
    for i, t in enumerate(tasks):
        task_q.put((i, t))
    st = stats if stats is not None else {}
    st.update(workers_started=0, recycled=0, peak_rss_mb=0.0)
    procs: dict[int, Any] = {}
    running: dict[int, int] = {}  # pid -> index of the task it is rendering
    remaining = len(tasks)

    def start() -> None:
        p = ctx.Process(target=_worker, daemon=True,
                        args=(init, fn, task_q, result_q, max_tasks, max_rss_mb))
        p.start()
        procs[p.pid] = p
        st["workers_started"] += 1

    for _ in range(min(jobs, len(tasks))):
        start()
    try:
        while remaining:
            try:
                kind, pid, payload = result_q.get(timeout=1.0)
            except queue.Empty:
                for pid, p in list(procs.items()):
                    if not p.is_alive() and p.exitcode not in (0, None):
                        procs.pop(pid)
                        if pid in running:
                            remaining -= 1
                            yield on_lost(tasks[running.pop(pid)],
                                          f"worker died (exit code {p.exitcode})")
                        if st["workers_started"] > 2 * jobs + len(tasks):
                            raise RuntimeError("workers keep dying while starting up") from None
                        start()
                continue
            if kind == "start":
                running[pid] = payload
            elif kind == "done":
                running.pop(pid, None)
                remaining -= 1
                yield payload[1]
            elif kind == "exit":
                st["peak_rss_mb"] = max(st["peak_rss_mb"], payload[1])
                p = procs.pop(pid, None)
                if p is not None:
                    p.join()
                if remaining > len(running) and len(procs) < jobs:
                    st["recycled"] += 1
                    start()
        for _ in procs:
            task_q.put(None)
        for p in list(procs.values()):
            while p.is_alive() or not result_q.empty():
                try:
                    kind, wpid, payload = result_q.get(timeout=0.5)
                except queue.Empty:
                    continue
                if kind == "exit":
                    st["peak_rss_mb"] = max(st["peak_rss_mb"], payload[1])
            p.join()
    finally:
        for p in procs.values():
            if p.is_alive():
                p.terminate()

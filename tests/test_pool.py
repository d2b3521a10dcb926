"""The warm worker pool: starts before the work is known, survives dying workers, recycles."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from grunnlag.pipeline.pool import WarmPool

MARK = Path(os.environ.get("TMPDIR", "/tmp")) / f"grunnlag-pool-test-{os.getpid()}"


def _init_marks() -> None:
    MARK.with_suffix(f".{os.getpid()}").write_text("warm")


def _square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def _die_on_three(x: int) -> int:
    if x == 3:
        os._exit(9)
    return x


def _slow_init() -> None:
    time.sleep(30)


@pytest.fixture(autouse=True)
def _clean_marks():
    yield
    for p in MARK.parent.glob(MARK.name + ".*"):
        p.unlink()


def test_a_worker_warms_up_before_there_is_work():
    with WarmPool(_square, _init_marks, jobs=2) as pool:
        pool.start()
        deadline = time.monotonic() + 10
        while not list(MARK.parent.glob(MARK.name + ".*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(MARK.parent.glob(MARK.name + ".*")), "the early worker did not warm up"
        results = list(pool.run(list(range(10)), lambda t, why: None))
    assert sorted(r[1] for r in results) == [x * x for x in range(10)]
    assert pool.stats["workers_started"] == 2


def test_workers_are_recycled_after_their_quota():
    with WarmPool(_square, _init_marks, jobs=2, max_tasks=2) as pool:
        results = list(pool.run(list(range(8)), lambda t, why: None))
    assert sorted(r[1] for r in results) == [x * x for x in range(8)]
    assert len({pid for pid, _ in results}) >= 4, "each worker did at most two tasks"
    assert pool.stats["recycled"] >= 2


def test_a_dying_worker_fails_only_its_own_task():
    with WarmPool(_die_on_three, _init_marks, jobs=2) as pool:
        results = list(pool.run([1, 2, 3, 4, 5], lambda t, why: f"lost {t}: {why}"))
    assert sorted(r for r in results if isinstance(r, int)) == [1, 2, 4, 5]
    assert [r for r in results if isinstance(r, str)] == ["lost 3: worker died (exit code 9)"]


def test_an_unused_pool_stops_at_once_even_while_warming_up():
    start = time.monotonic()
    with WarmPool(_square, _slow_init, jobs=2) as pool:
        pool.start()
        assert list(pool.run([], lambda t, why: None)) == []
    assert time.monotonic() - start < 5
    assert not pool.procs


def test_a_stopped_pool_returns_though_a_stopped_worker_held_the_pipe():
    """Ctrl-C or SIGTERM stops the workers wherever they are, also in the middle of handing a
    result over, holding the lock of the pipe they share with the build. The build must still
    end at once (it waited for that lock for ever, found when a stopped test build hung)."""
    import threading

    ended = threading.Event()

    def stopped_build() -> None:
        with pytest.raises(KeyboardInterrupt), WarmPool(_square, _slow_init, jobs=1) as pool:
            pool.start()
            assert pool._pipe._wlock.acquire(timeout=5)  # as a worker stopped mid-message
            raise KeyboardInterrupt
        ended.set()

    threading.Thread(target=stopped_build, daemon=True).start()
    assert ended.wait(20), "the stopped pool waited for the pipe's lock"

"""Running a sweep: chunks of rows, in order, streamed from any executor.

Rows travel in chunks; at most ``in_flight`` chunks are submitted and not yet
consumed, so the memory a sweep takes does not grow with its number of rows, and the
rows come out in row order whatever finishes first. Any
:class:`concurrent.futures.Executor` will do::

    with ProcessPoolExecutor(2) as pool:
        result = run_sweep(scenario, sweep, executor=pool)

    from dask.distributed import Client          # the `dask` extra
    with Client(address) as client:
        result = run_sweep(scenario, sweep, executor=client.get_executor())
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from ..errors import InputError, ScenarioFileError
from .definition import Sweep
from .result import SweepResult
from .rows import Row, run_chunk
from .summary import Tally

if TYPE_CHECKING:
    from .._scenario import Scenario

__all__ = ["MAX_JOBS", "check_jobs", "process_pool", "run_sweep", "sweep_chunks", "sweep_rows"]

# More worker processes than CPUs cannot make a CPU-bound sweep faster; a few times
# as many is allowed for machines shared through CPU quotas, no more (every process
# costs memory and open files). Windows limits a process pool to 61 workers.
MAX_JOBS = min(61, 4 * (os.cpu_count() or 1))


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the workers), so a
    worker prints no traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def check_jobs(jobs: int) -> None:
    """Refuse a number of worker processes below 1 or above :data:`MAX_JOBS`."""
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {jobs}")
    if jobs > MAX_JOBS:
        raise InputError(f"--jobs must be at most {MAX_JOBS} (four worker processes per CPU "
                         f"on this machine), got {jobs}")


# A process pool holds about eight files open (its queues' pipes), and two more per
# worker; a few more are left for the output and the picture.
_POOL_FILES, _WORKER_FILES, _SPARE_FILES = 8, 2, 4


def _check_open_files(jobs: int) -> None:
    """Refuse, before starting any, more workers than the open-file limit leaves room
    for: a pool that runs out of files half-way cannot even be shut down."""
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        open_now = len(os.listdir("/dev/fd"))
    except (ImportError, OSError):  # no such limit, or no way to count (Windows)
        return
    if limit == resource.RLIM_INFINITY:
        return
    room = (limit - open_now - _POOL_FILES - _SPARE_FILES) // _WORKER_FILES
    if jobs > room:
        raise InputError(f"--jobs {jobs}: the open-file limit ({limit}, see ulimit -n) "
                         f"leaves room for {max(room, 0)} worker processes; use fewer jobs "
                         "or raise the limit")


@contextlib.contextmanager
def process_pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``jobs`` worker processes, stopped at once if the sweep stops early
    (an interrupt, an error, a consumer that reads no further)."""
    check_jobs(jobs)
    _check_open_files(jobs)
    pool = ProcessPoolExecutor(jobs, mp_context=_start_method(), initializer=_ignore_interrupts)
    try:
        yield pool
    except BaseException:
        # The chunks not started are dropped; the few a worker already has end within
        # a chunk's time. (Terminating the workers instead can leave the pool's thread
        # waiting forever for a result a worker was writing when it was killed.)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _start_method() -> multiprocessing.context.BaseContext | None:
    """How workers start: from a fork server where there is one (Linux, macOS), never by
    forking this process, which may run threads (a Dask client, the caller's own) that
    a forked child would inherit mid-step (Python 3.12 warns, 3.14 stops defaulting to
    fork). The server imports treatystate once, so each worker starts warm."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None  # Windows: spawn, the only one
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["treatystate", "treatystate._whatif.execution"])
    return context


def _default_chunk(total: int) -> int:
    return max(1, min(1000, -(-total // 32)))


def sweep_chunks(
    scenario: Scenario,
    sweep: Sweep,
    *,
    executor: Executor | None = None,
    jobs: int | None = None,
    chunk_size: int | None = None,
    in_flight: int | None = None,
) -> Generator[list[Row], None, None]:
    """The rows of ``sweep`` in order, a chunk at a time (see :func:`run_sweep`)."""
    sweep.check(scenario)
    total = len(sweep)
    size = chunk_size or _default_chunk(total)
    bounds = ((start, min(start + size, total)) for start in range(0, total, size))
    if executor is None and jobs is not None and jobs > 1:
        with process_pool(jobs) as pool:
            try:
                yield from _submitted(scenario, sweep, bounds, pool, in_flight or 2 * jobs + 2)
            except OSError as error:  # the pool could not start its processes
                raise InputError(f"--jobs {jobs}: cannot start the worker processes "
                                 f"({error.strerror or error}); use fewer jobs") from None
        return
    if executor is None:
        for start, stop in bounds:
            yield run_chunk(scenario, sweep, start, stop)
        return
    yield from _submitted(scenario, sweep, bounds, executor, in_flight or 32)


def _submitted(scenario: Scenario, sweep: Sweep, bounds: Iterator[tuple[int, int]],
               executor: Executor, in_flight: int) -> Iterator[list[Row]]:
    pending: deque[Future[list[Row]]] = deque()
    try:
        for start, stop in bounds:
            pending.append(executor.submit(run_chunk, scenario, sweep, start, stop))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:  # an interrupt, an error, a consumer that reads no further
            future.cancel()


def sweep_rows(
    scenario: Scenario,
    sweep: Sweep | None = None,
    *,
    executor: Executor | None = None,
    jobs: int | None = None,
    chunk_size: int | None = None,
    in_flight: int | None = None,
) -> Iterator[Row]:
    """The rows of ``sweep`` (default: the scenario's ``[sweep]``) one by one, in row
    order, as they are computed; nothing is kept. The options are
    :func:`run_sweep`'s."""
    for chunk in sweep_chunks(scenario, _resolve(scenario, sweep), executor=executor,
                              jobs=jobs, chunk_size=chunk_size, in_flight=in_flight):
        yield from chunk


def _resolve(scenario: Scenario, sweep: Sweep | None) -> Sweep:
    sweep = sweep if sweep is not None else scenario.sweep
    if sweep is None:
        raise ScenarioFileError(f"{scenario.source}: has no [sweep] table and no sweep was given")
    return sweep


def run_sweep(
    scenario: Scenario,
    sweep: Sweep | None = None,
    *,
    executor: Executor | None = None,
    jobs: int | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    keep_rows: bool = False,
    on_rows: Callable[[Sequence[Row]], object] | None = None,
    in_flight: int | None = None,
) -> SweepResult:
    """Run every row of ``sweep`` (default: the scenario's ``[sweep]``).

    ``executor``: any :class:`concurrent.futures.Executor` (a thread or process pool,
    Dask's ``Client.get_executor()``...); ``jobs``: run in a process pool of that
    many workers instead; neither: serially, in this process. Rows travel in chunks
    of ``chunk_size`` (default: the rows split in about 32 chunks, at most 1,000 rows
    each), at most ``in_flight`` chunks at a time. ``on_rows`` receives each chunk in
    row order as it arrives (to write it out); the summary is counted on the way.
    ``keep_rows``: keep every row in the result (default: no; the result's rows are
    computed again, serially and identically, when asked for). ``progress``: show a
    progress bar (default: only when stderr is a terminal). The rows are identical
    in every case.

    >>> import treatystate
    >>> scenario = treatystate.loads('''
    ... treaty = "china-central-asia-2025"
    ... [[events]]
    ... type = "signature"
    ... date = 2025-06-17
    ... [sweep]
    ... samples = 20
    ... seed = 1
    ... [[sweep.vary]]
    ... consent = ["CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"]
    ... delay = { after = 2025-06-17, distribution = "uniform", low = 30, high = 400 }
    ... ''')
    >>> result = treatystate.run_sweep(scenario)
    >>> len(result), result.column("status")[:3]
    (20, ['in-force', 'in-force', 'in-force'])
    """
    sweep = _resolve(scenario, sweep)
    sweep.check(scenario)
    tally = Tally(sweep.columns(scenario), sweep.kinds(scenario))
    kept: list[Row] | None = [] if keep_rows else None
    chunks = sweep_chunks(scenario, sweep, executor=executor, jobs=jobs,
                          chunk_size=chunk_size, in_flight=in_flight)
    show = sys.stderr.isatty() if progress is None else progress
    with contextlib.ExitStack() as stack:
        advance: Callable[[int], object] | None = None
        if show:
            from rich.console import Console
            from rich.progress import Progress

            bar = stack.enter_context(Progress(console=Console(stderr=True), transient=True))
            task = bar.add_task("sweep", total=len(sweep))
            advance = functools.partial(bar.advance, task)
        stack.callback(chunks.close)
        for chunk in chunks:
            tally.add(chunk)
            if on_rows is not None:
                on_rows(chunk)
            if kept is not None:
                kept.extend(chunk)
            if advance is not None:
                advance(len(chunk))
    return SweepResult(scenario, sweep, tally, kept)


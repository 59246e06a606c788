"""Where extraction runs: in this process, a local process pool, or a Dask cluster.

Both engines share one contract, :meth:`Engine.map`: apply ``fn(chunk, *args) -> list`` (one
result per item of the chunk) to chunks of an iterable, **in input order**, with a bounded
number of chunks in flight (the input is streamed, never materialised), and never let one bad
item cost the others: a chunk whose task fails (a worker that died, a task that raised) is
retried item by item, and an item that fails on its own becomes ``on_error(item, exc)``.

:meth:`Engine.map_extract` is ``sitrep extract``'s use of it: event records per article, or an
:class:`InputError` naming the report. ``sitrep ingest`` maps :func:`sitrep.ingest.extract_batch`.

- ``local`` (default): ``workers=None`` uses every core when there are more than
  :data:`SMALL_BATCH` reports, else runs in this process (a pool's start-up costs more than a
  few reports); ``workers=1`` always runs in this process. Workers start from a ``forkserver``
  that has already imported the pipeline's modules, and each loads the models once (the pool's
  initializer warms :func:`sitrep.pipeline.get_pipeline`).
- ``dask``: ``distributed.Client(scheduler)``; with no scheduler, a ``LocalCluster`` on
  127.0.0.1 (processes, one thread each, ``workers`` or all cores). Each Dask worker process
  caches one pipeline (the same per-process cache), loaded on every worker before work starts.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from .errors import InputError
from .model import Article

ENGINES = ("local", "dask")
SMALL_BATCH = 8  # at most this many reports (workers=None): run in this process
CHUNK_SIZE = 4  # reports per task for map_extract (a report is ~30 ms of work); Dask: twice that
_ENV_PREFIX = "SITREP_"

Record = dict[str, Any]
Result = list[Record] | InputError


# --------------------------------------------------------------------------- work functions
# Module-level so that they pickle by reference into pool and Dask workers.

def _name(article: Any) -> str:
    return str(getattr(article, "origin", None) or getattr(article, "id", None) or "report")


def extract_error(article: Any, exc: BaseException) -> InputError:
    return InputError(_name(article), f"extraction failed: {type(exc).__name__}: {exc}")


def extract_one(article: Article) -> Result:
    """One report's event records, or an InputError naming it."""
    from .pipeline import get_pipeline

    try:
        return [e.to_record() for e in get_pipeline().extract(article)]
    except Exception as exc:  # one bad report never costs the batch
        return extract_error(article, exc)


def extract_chunk(articles: list[Article]) -> list[Result]:
    return [extract_one(a) for a in articles]


# Back-compatible name (cli.py's first version).
_extract = extract_one


def warm_pipeline() -> None:
    """Load the models now (a worker's start-up), not on its first report."""
    from .pipeline import get_pipeline

    get_pipeline()


def _init_worker(env: dict[str, str], warm: bool) -> None:
    # A forkserver was started with the environment of its time: bring SITREP_* up to date.
    for k in [k for k in os.environ if k.startswith(_ENV_PREFIX) and k not in env]:
        del os.environ[k]
    os.environ.update(env)
    if warm:
        try:
            warm_pipeline()
        except Exception as exc:  # noqa: BLE001 - the first report will report it, by name
            print(f"sitrep: worker could not load the pipeline: {exc}", file=sys.stderr)


def _run_items(fn: Callable[..., list[Any]], chunk: list[Any], args: tuple[Any, ...],
               on_error: Callable[[Any, BaseException], Any]) -> list[Any]:
    """``fn`` over a chunk in this process; on failure, item by item."""
    try:
        out = fn(chunk, *args)
        if len(out) == len(chunk):
            return list(out)
    except Exception:  # noqa: BLE001 - retried item by item below
        pass
    results = []
    for item in chunk:
        try:
            (r,) = fn([item], *args)
        except Exception as exc:  # noqa: BLE001
            r = on_error(item, exc)
        results.append(r)
    return results


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _default_on_error(item: Any, exc: BaseException) -> Any:
    return extract_error(item, exc)


# --------------------------------------------------------------------------- engines

class Engine:
    """The common interface. Subclasses implement :meth:`map`."""

    name = "?"
    chunk_size = CHUNK_SIZE

    def map(self, fn: Callable[..., list[Any]], chunks: Iterable[list[Any]], *args: Any,
            on_error: Callable[[Any, BaseException], Any] = _default_on_error,
            warm: bool = True) -> Iterator[list[Any]]:
        raise NotImplementedError

    def map_extract(self, articles: Iterable[Article]) -> Iterator[Result]:
        """Event records (or an InputError) per article, in input order, streaming."""
        for results in self.map(extract_chunk, chunked(articles, self.chunk_size)):
            yield from results


class LocalEngine(Engine):
    """In this process, or a local process pool."""

    name = "local"

    def __init__(self, workers: int | None = None, chunk_size: int = CHUNK_SIZE,
                 inflight_per_worker: int = 2) -> None:
        if workers is not None and workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.chunk_size = chunk_size
        self.inflight_per_worker = inflight_per_worker

    def map(self, fn: Callable[..., list[Any]], chunks: Iterable[list[Any]], *args: Any,
            on_error: Callable[[Any, BaseException], Any] = _default_on_error,
            warm: bool = True) -> Iterator[list[Any]]:
        it = iter(chunks)
        workers = self.workers
        head: list[list[Any]] = []
        if workers is None:
            # Many reports: every core. A few: this process (no pool start-up for one report).
            n = 0
            for chunk in it:
                head.append(chunk)
                n += len(chunk)
                if n > SMALL_BATCH:
                    break
            workers = (os.cpu_count() or 1) if n > SMALL_BATCH else 1
        source = _chain(head, it)
        if workers <= 1:
            for chunk in source:
                yield _run_items(fn, chunk, args, on_error)
            return
        yield from self._pool_map(fn, source, args, on_error, workers, warm)

    def _pool_map(self, fn: Callable[..., list[Any]], source: Iterator[list[Any]], args: tuple[Any, ...],
                  on_error: Callable[[Any, BaseException], Any], workers: int, warm: bool) -> Iterator[list[Any]]:
        import concurrent.futures as cf
        import multiprocessing as mp
        from concurrent.futures.process import BrokenProcessPool

        ctx = mp.get_context("forkserver")
        if warm:
            # The forkserver imports the pipeline's modules once; each worker forks from it and
            # only loads the models.
            ctx.set_forkserver_preload(["sitrep.pipeline"])
        env = {k: v for k, v in os.environ.items() if k.startswith(_ENV_PREFIX)}
        inflight: deque[tuple[list[Any], cf.Future[list[Any]]]] = deque()

        def make(n: int) -> cf.ProcessPoolExecutor:
            return cf.ProcessPoolExecutor(n, mp_context=ctx, initializer=_init_worker, initargs=(env, warm))

        pool = make(workers)
        quarantine: list[cf.ProcessPoolExecutor] = []  # one worker: whatever breaks it, the item did

        def renew() -> None:
            """A worker died and took the pool with it: a fresh pool; resubmit what was lost."""
            nonlocal pool
            pool.shutdown(wait=False, cancel_futures=True)
            pool = make(workers)
            for i, (c, f) in enumerate(inflight):
                if not (f.done() and not f.cancelled() and f.exception() is None):
                    inflight[i] = (c, pool.submit(fn, c, *args))

        def alone(item: Any) -> Any:
            if not quarantine:
                quarantine.append(make(1))
            try:
                (r,) = quarantine[0].submit(fn, [item], *args).result()
                return r
            except BrokenProcessPool as exc:  # this item kills its worker
                quarantine.pop().shutdown(wait=False, cancel_futures=True)
                return on_error(item, exc)
            except Exception as exc:  # noqa: BLE001
                return on_error(item, exc)

        def collect(chunk: list[Any], fut: cf.Future[list[Any]]) -> list[Any]:
            """A chunk's results; if its task failed, item by item (the bad item named)."""
            try:
                out = fut.result()
                if len(out) == len(chunk):
                    return out
            except BrokenProcessPool:
                renew()
            except Exception:  # noqa: BLE001 - retried item by item below
                pass
            return [alone(item) for item in chunk]

        limit = self.inflight_per_worker * workers
        try:
            for chunk in source:
                inflight.append((chunk, pool.submit(fn, chunk, *args)))
                while len(inflight) >= limit or (inflight and inflight[0][1].done()):
                    yield collect(*inflight.popleft())
            while inflight:
                yield collect(*inflight.popleft())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for q in quarantine:
                q.shutdown(wait=True, cancel_futures=True)


def _chain(head: list[list[Any]], rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    yield from head
    yield from rest


class DaskEngine(Engine):
    """Extraction on a Dask cluster: ``scheduler`` (``tcp://HOST:8786``), a ``client`` you made,
    or, with neither, a LocalCluster on 127.0.0.1 for the duration of each :meth:`map`."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None, client: Any = None,
                 chunk_size: int = 2 * CHUNK_SIZE, inflight_per_thread: int = 3, processes: bool = True) -> None:
        if workers is not None and workers < 1:
            raise ValueError("workers must be at least 1")
        self.scheduler = scheduler
        self.workers = workers
        self.client = client
        self.chunk_size = chunk_size
        self.inflight_per_thread = inflight_per_thread
        self.processes = processes

    def _connect(self) -> tuple[Any, list[Any]]:
        """A client, and what to close afterwards."""
        if self.client is not None:
            return self.client, []
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler:
            client = Client(self.scheduler)
            return client, [client]
        n = self.workers or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=self.processes,
                               host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
        return client, [client, cluster]

    def map(self, fn: Callable[..., list[Any]], chunks: Iterable[list[Any]], *args: Any,
            on_error: Callable[[Any, BaseException], Any] = _default_on_error,
            warm: bool = True) -> Iterator[list[Any]]:
        client, owned = self._connect()
        try:
            yield from self._map(client, fn, iter(chunks), args, on_error, warm)
        finally:
            for obj in owned:
                obj.close()

    def _map(self, client: Any, fn: Callable[..., list[Any]], source: Iterator[list[Any]], args: tuple[Any, ...],
             on_error: Callable[[Any, BaseException], Any], warm: bool) -> Iterator[list[Any]]:
        if warm:
            # Load the models on every worker now, in parallel (a worker that joins later loads
            # them with its first chunk: the pipeline is cached per worker process either way).
            try:
                client.run(warm_pipeline)
            except Exception as exc:  # noqa: BLE001 - the first report will say why, by name
                print(f"sitrep: dask workers could not load the pipeline: {exc}", file=sys.stderr)
        threads = max(1, sum(client.nthreads().values()))
        limit = self.inflight_per_thread * threads
        inflight: deque[tuple[list[Any], Any]] = deque()

        def submit(chunk: list[Any]) -> Any:
            return client.submit(fn, chunk, *args, pure=False)

        def collect(chunk: list[Any], fut: Any) -> list[Any]:
            try:
                out = fut.result()
                if len(out) == len(chunk):
                    return out
            except Exception:  # noqa: BLE001 - a task that raised, a worker that died: item by item
                pass
            results = []
            for item in chunk:
                try:
                    (r,) = submit([item]).result()
                except Exception as exc:  # noqa: BLE001
                    r = on_error(item, exc)
                results.append(r)
            return results

        # In order: the head of the queue is waited for while the rest keep the workers busy.
        for chunk in source:
            inflight.append((chunk, submit(chunk)))
            while len(inflight) >= limit or (inflight and inflight[0][1].done()):
                yield collect(*inflight.popleft())
        while inflight:
            yield collect(*inflight.popleft())


def get_engine(name: str = "local", workers: int | None = None, scheduler: str | None = None) -> Engine:
    """``local`` or ``dask``; a scheduler address only makes sense with ``dask``."""
    if name == "local":
        if scheduler:
            raise ValueError("--scheduler needs --engine dask")
        return LocalEngine(workers)
    if name == "dask":
        return DaskEngine(scheduler=scheduler, workers=workers)
    raise ValueError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")

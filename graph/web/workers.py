"""Queries run in killable worker processes, so a slow one is stopped at the time limit."""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.connection
from typing import Any

import anyio.to_thread

from graph.model.errors import AikgError
from graph.sparql.results import serialize_result
from graph.store.engine import OxigraphEngine

__all__ = ["Job", "QueryTimeout", "WorkerPool"]


class QueryTimeout(AikgError):
    """A query ran past the time limit and its worker was stopped."""


Job = dict[str, Any]


def _answer(store: OxigraphEngine, job: Job) -> tuple[str, Any]:
    try:
        result = store.query(
            job["text"], bindings=job["bindings"], default_graphs=job["default_graphs"]
        )
        max_rows = job["max_rows"]
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            size = len(result.graph) if result.graph is not None else 0
        elif result.type == "SELECT":
            size = len(result.bindings)
        else:
            size = 0
        body = serialize_result(result, job["format"], max_rows=max_rows)
        return "ok", (body, size > max_rows)
    except AikgError as err:
        return "error", str(err)
    except Exception as err:  # never let a worker die on a query; report without traceback
        return "error", f"the query failed: {type(err).__name__}"


def _worker_main(store: OxigraphEngine, conn: multiprocessing.connection.Connection) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(store, job))


class _Worker:
    def __init__(self, store: OxigraphEngine) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(store, child), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """Forked processes holding the store (pyoxigraph answers their queries); a query past
    its time limit kills its worker, which is replaced, while the other workers keep
    answering."""

    def __init__(self, store: OxigraphEngine, *, size: int = 2, timeout: float = 10.0) -> None:
        self.store = store
        self.timeout = timeout
        self.size = max(1, size)
        self._workers = [_Worker(store) for _ in range(self.size)]
        self._idle: asyncio.Queue[_Worker] | None = None

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    async def run(self, job: Job) -> tuple[str, Any]:
        """Send ``job`` to an idle worker and wait at most ``timeout`` seconds in all.

        Raises:
            QueryTimeout: no worker became free, or the query ran too long.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        idle = self._queue()
        try:
            worker = await asyncio.wait_for(idle.get(), timeout=self.timeout)
        except TimeoutError:
            raise QueryTimeout("every query worker is busy; try again later") from None
        try:
            worker.conn.send(job)
            remaining = max(0.0, deadline - loop.time())
            ready = await anyio.to_thread.run_sync(worker.conn.poll, remaining)
            if ready:
                answer: tuple[str, Any] = await anyio.to_thread.run_sync(worker.conn.recv)
                idle.put_nowait(worker)
                return answer
        except (EOFError, OSError):
            pass
        self._replace(worker)
        raise QueryTimeout(f"the query was stopped after {self.timeout:g} s")

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        fresh = _Worker(self.store)
        self._workers = [fresh if w is worker else w for w in self._workers]
        self._queue().put_nowait(fresh)

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            worker.stop()

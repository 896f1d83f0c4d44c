"""Where runs execute: one `concurrent.futures.Executor` for local processes and for Dask.

* local (the default, no server): a `ProcessPoolExecutor` of spawned worker
  processes; each run is one kernel in one worker process (papermill is not
  thread-safe within a process: kernel ports and the working directory race).
* Dask: `Client.get_executor()` of a `LocalCluster` on 127.0.0.1 (`local`) or
  of an existing scheduler (`tcp://host:port`; its workers must see the
  project at the same path and have hallbar installed).

`open_executor` yields an `Executor` plus how many tasks to keep in flight;
on an interrupt the local workers and their kernels are stopped (psutil finds
them as children of this process), the Dask futures cancelled.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import psutil

from ..errors import BuildError
from .worker import init_worker


@dataclass
class Backend:
    executor: Executor
    jobs: int  # tasks in flight at a time
    description: str


def stop_children(timeout: float = 5.0) -> None:
    """Terminate this process's children (pool workers and their kernels), then kill what is left."""
    children = psutil.Process().children(recursive=True)
    for p in children:
        try:
            p.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(children, timeout=timeout)
    for p in alive:
        try:
            p.kill()
        except psutil.Error:
            pass


@contextmanager
def local_backend(jobs: int) -> Iterator[Backend]:
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=init_worker, initargs=(os.getpid(),))
    interrupted = False
    try:
        yield Backend(pool, jobs, "local processes")
    except BaseException:
        interrupted = True
        raise
    finally:
        if interrupted:
            pool.shutdown(wait=False, cancel_futures=True)
            stop_children()
        else:
            pool.shutdown(wait=True)


@contextmanager
def dask_backend(address: str, jobs: int | None) -> Iterator[Backend]:
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if address == "local":
            n = jobs or os.cpu_count() or 1
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
            description = f"dask LocalCluster {cluster.scheduler_address}"
        else:
            client = Client(address, timeout="30s")
            n = jobs or max(1, sum(client.nthreads().values()))
            description = f"dask {address}"
    except Exception as exc:
        if cluster is not None:
            cluster.close()
        what = "start a local Dask cluster" if address == "local" else f"connect to the Dask scheduler at {address}"
        raise BuildError(f"could not {what}: {type(exc).__name__}: {exc}. Check the address (tcp://host:port) and that the "
                         "scheduler and its workers run, or leave out --dask to run on this machine.") from exc
    executor = client.get_executor(pure=False, retries=0)
    interrupted = False
    try:
        yield Backend(executor, n, description)
    except BaseException:
        interrupted = True
        raise
    finally:
        try:
            executor.shutdown(wait=not interrupted)
            client.close()
        finally:
            if cluster is not None:
                cluster.close()


def open_backend(dask: str | None, jobs: int | None, n_tasks: int):
    """The context manager of the chosen backend: Dask when `dask` is given, else local processes."""
    if dask:
        return dask_backend(dask, jobs)
    return local_backend(max(1, min(jobs or os.cpu_count() or 1, n_tasks)))

"""What a background worker process of the server does first (a process pool's ``initializer``): take the lowest
CPU priority, so that what it computes never slows the reviewers' clicks, and end with the server.

It must run before numpy is imported (this module imports nothing heavy, so unpickling the initializer imports
nothing else): numpy's BLAS starts its helper threads on import, with the priority the process has then, and those
threads busy-wait for work on the other core. So, on Linux (elsewhere a step is skipped):

- one BLAS thread: no helpers to start or to spin;
- nice 19, inherited by any thread started later: against a reviewer's click in the server (nice 0) it gets about
  1.5% of a core, so it hardly slows the click, yet it always progresses. Not the ``SCHED_IDLE`` policy: a task of
  that policy runs only when nothing else of its scheduling group wants the CPU, and where the server shares its
  group with other busy work (no autogroup, one cgroup for everything: a shared build or test machine) the figures
  never came (a Dashboard test waited minutes for a worker that got no CPU at all);
- it ends when the server does, however the server ends (a pool's worker holds both ends of its task queue, so it
  would otherwise wait for work for ever once the server is killed).
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import suppress

# What numpy's BLAS builds (OpenBLAS, MKL, or an OpenMP one) read for their thread count.
_THREAD_SETTINGS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")
NICE = 19
PARENT_CHECK_S = 1.0  # how soon a worker notices that the server has gone


def initialize() -> None:
    """Make this process the machine's least urgent work, and let it end with the process that started it."""
    lowest_priority()
    threading.Thread(target=_end_with, args=(os.getppid(),), name="end with the server", daemon=True).start()


def lowest_priority() -> None:
    """This process, and every thread it starts from now on, yields to any other work."""
    os.environ.update(dict.fromkeys(_THREAD_SETTINGS, "1"))  # written for BLAS to read, never read here
    with suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, NICE)


def _end_with(parent: int) -> None:
    # An orphan is adopted by another process (init, or a subreaper): its parent id changes.
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(0)

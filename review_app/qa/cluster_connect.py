"""``qa --cluster``'s address: checked, capped to what the machine can run, and connected to with bounded waits.

* ``tcp://HOST:PORT``: before distributed's ``Client`` talks to it, the address must answer Dask's
  handshake and say it is a scheduler within :data:`CONNECT_TIMEOUT` (distributed bounds the TCP
  connect but not the handshake: a silent port or an HTTP server would hang it for minutes, and a
  service that sends a banner, such as SSH, makes it read the banner as a message length).
* ``local[:N]``: a ``LocalCluster`` of N single-threaded worker processes on 127.0.0.1, at most one
  per core and one per :data:`WORKER_MEMORY` of memory (``local`` alone: that many).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from review_app.errors import InputError

CONNECT_TIMEOUT = 10.0  # seconds for the TCP connect, and again for the handshake
# Memory a local worker process is given room for: it runs at about 100 MiB on short segments
# (dask, the checks' word lists, a chunk); aligning whole documents needs more.
WORKER_MEMORY = 512 * 2**20
# distributed's scheduler serves HTTP even without a dashboard, on port 8787 unless told otherwise; a free
# loopback port keeps two runs on one machine from colliding (and from warning about it).
HTTP_ADDRESS = "127.0.0.1:0"


def parse_cluster(spec: str) -> tuple[str, int]:
    """``("local", N)`` (0: as many as the machine runs) or ``("tcp", 0)``; anything else is an InputError."""
    spec = spec.strip()
    if spec.startswith("tcp://"):
        try:
            parts = urlsplit(spec)
            port = parts.port
        except ValueError:
            port = None
        else:
            if parts.hostname and port is not None and not parts.path.strip("/") and not parts.query:
                return "tcp", 0
        raise InputError("--cluster", f"expected tcp://HOST:PORT with a port number, not {spec!r}")
    if spec == "local" or spec.startswith("local:"):
        number = spec.partition(":")[2]
        if number and (not number.isdigit() or int(number) < 1):
            raise InputError("--cluster", f"local:N needs a worker count of 1 or more, not {number!r}")
        return "local", int(number or 0)
    raise InputError("--cluster", f"expected tcp://HOST:PORT or local[:N], not {spec!r}")


def local_limit() -> tuple[int, str]:
    """How many local worker processes this machine runs, and why (its cores and memory, as dask sees them)."""
    from dask.system import CPU_COUNT
    from distributed.system import MEMORY_LIMIT

    by_memory = MEMORY_LIMIT // WORKER_MEMORY
    limit = max(1, min(CPU_COUNT, by_memory))
    return limit, (f"{CPU_COUNT} core(s), {MEMORY_LIMIT / 2**30:.1f} GiB of memory at "
                   f"{WORKER_MEMORY // 2**20} MiB per worker")


def checked_cluster(spec: str) -> tuple[str, str | None]:
    """``spec`` checked, with ``local:N`` capped to :func:`local_limit`; and a note when it was capped."""
    kind, workers = parse_cluster(spec)
    if kind != "local":
        return spec.strip(), None
    limit, why = local_limit()
    if workers == 0:
        return f"local:{limit}", None
    if workers <= limit:
        return f"local:{workers}", None
    return f"local:{limit}", (f"--cluster local:{workers}: this machine runs at most {limit} worker process(es) "
                              f"({why}); starting {limit}")


@contextlib.contextmanager
def connect(spec: str) -> Iterator[Any]:
    """A ``distributed.Client`` for ``spec``; a local cluster is started here and stopped after."""
    from distributed import Client, LocalCluster

    spec, _ = checked_cluster(spec)
    kind, workers = parse_cluster(spec)
    if kind == "local":
        # distributed ships no type hints for these constructors
        with (LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                           host="127.0.0.1", dashboard_address=HTTP_ADDRESS, silence_logs=logging.ERROR,
                           preload=[__name__]) as cluster,
              Client(cluster) as client):  # type: ignore[no-untyped-call]
            yield client
        return
    check_scheduler(spec)
    try:
        client = Client(spec, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise InputError("--cluster", f"cannot reach a Dask scheduler at {spec} ({exc})") from None
    with client:
        yield client


def check_scheduler(address: str) -> None:
    """Refuse ``address`` unless a Dask scheduler answers there, each step within :data:`CONNECT_TIMEOUT`."""
    parts = urlsplit(address)
    try:
        with socket.create_connection((parts.hostname or "", parts.port or 0), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as exc:
        raise InputError("--cluster", f"cannot reach a Dask scheduler at {address} ({exc.strerror or exc})") from None
    try:
        reply = asyncio.run(asyncio.wait_for(_identity(address), CONNECT_TIMEOUT))
    except TimeoutError:
        raise InputError("--cluster", f"{address} is not a Dask scheduler: it did not answer Dask's handshake "
                         f"within {CONNECT_TIMEOUT:g} s") from None
    except Exception:  # whatever another protocol's bytes make of the decoder (even a MemoryError)
        raise InputError("--cluster", f"{address} is not a Dask scheduler: it answered in another protocol") from None
    kind = reply.get("type") if isinstance(reply, dict) else None
    if kind != "Scheduler":
        what = f"a Dask {kind}" if isinstance(kind, str) else "something else"
        raise InputError("--cluster", f"{address} is not a Dask scheduler: it answered as {what}")


async def _identity(address: str) -> Any:
    """The ``identity`` reply of the Dask server at ``address``."""
    from distributed.comm.core import connect as dask_connect

    comm = await dask_connect(address, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def dask_setup(_worker: Any) -> None:
    """Run in each worker process of a ``local`` cluster as it starts (a dask preload).

    A terminal sends Ctrl-C to every process of its group: it is the driver's to handle (it closes
    the cluster); workers that took it too would die first, and their nannies log tracebacks.
    """
    with contextlib.suppress(ValueError):  # signal handlers can only be set in a main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)

"""Stops a server a test started when the test process is gone, or after a time limit.

Started detached by the test PostgreSQL cluster (``tests/postgres.py``) and the test app server
(``tests/browser_helpers.py``): a test run that is killed (Ctrl+C twice, a CI timeout, a crashed
worker) never reaches its fixture's teardown, and the server would otherwise keep running.

Arguments: the owner's pid, the time limit in seconds, what shows the server is still there
(``path:FOLDER``, deleted by a normal teardown, or ``pid:PID``, the server's process), then the
command that stops it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _present(guard: str) -> bool:
    kind, _, value = guard.partition(":")
    return os.path.isdir(value) if kind == "path" else _alive(int(value))


def main(argv: list[str]) -> None:
    """Wait for the owner to end (or the limit to pass), then stop the server if it is still there."""
    owner, limit, guard, stop = int(argv[0]), float(argv[1]), argv[2], argv[3:]
    deadline = time.monotonic() + limit
    while _alive(owner) and time.monotonic() < deadline and _present(guard):
        time.sleep(1.0)
    if _present(guard):  # a normal teardown stops the server itself: nothing left to do then
        subprocess.run(stop, capture_output=True, timeout=120, check=False)
        kind, _, folder = guard.partition(":")
        if kind == "path":
            shutil.rmtree(folder, ignore_errors=True)


def start(guard: str, stop: list[str], limit_s: float) -> subprocess.Popen[bytes]:
    """Start a detached watchdog over this process for the server ``guard`` names."""
    return subprocess.Popen(
        [sys.executable, __file__, str(os.getpid()), str(limit_s), guard, *stop],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


if __name__ == "__main__":
    main(sys.argv[1:])

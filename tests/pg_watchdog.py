"""Stops a throwaway PostgreSQL cluster when the process that started it is gone, or after a time limit.

Run detached by :class:`tests.postgres.Cluster`: a test run that is killed (Ctrl+C twice, a CI
timeout, a crashed worker) never reaches its fixture's teardown, and the server would otherwise
keep running. Arguments: owner pid, time limit in seconds, cluster folder, then the stop command.
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


def main(argv: list[str]) -> None:
    """Wait for the owner to end (or the limit to pass), then stop the server and delete its folder."""
    owner, limit, root, stop = int(argv[0]), float(argv[1]), argv[2], argv[3:]
    deadline = time.monotonic() + limit
    while _alive(owner) and time.monotonic() < deadline and os.path.isdir(root):
        time.sleep(1.0)
    if os.path.isdir(root):  # the fixture's own teardown removes the folder: nothing left to do then
        subprocess.run(stop, capture_output=True, timeout=120, check=False)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])

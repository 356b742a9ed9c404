"""The test servers' watchdog: a killed test run leaves neither its PostgreSQL server nor its app server running."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WATCHDOG = Path(__file__).with_name("watchdog.py")


def _start(owner: int, limit: float, root: Path, marker: Path) -> subprocess.Popen[bytes]:
    stop = [sys.executable, "-c", f"open({str(marker)!r}, 'w').close()"]
    return subprocess.Popen([sys.executable, str(WATCHDOG), str(owner), str(limit), f"path:{root}", *stop])


def test_a_dead_owner_gets_its_server_stopped_and_folder_deleted(tmp_path: Path) -> None:
    root, marker = tmp_path / "cluster", tmp_path / "stopped"
    root.mkdir()
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    watchdog = _start(owner.pid, 3600, root, marker)
    owner.kill()
    owner.wait()
    assert watchdog.wait(timeout=60) == 0
    assert marker.exists() and not root.exists()


def test_the_time_limit_stops_a_server_whose_owner_lives_on(tmp_path: Path) -> None:
    root, marker = tmp_path / "cluster", tmp_path / "stopped"
    root.mkdir()
    watchdog = _start(os.getpid(), 0.5, root, marker)  # this process outlives the limit
    assert watchdog.wait(timeout=60) == 0
    assert marker.exists() and not root.exists()


def test_a_normal_teardown_leaves_nothing_for_the_watchdog(tmp_path: Path) -> None:
    root, marker = tmp_path / "cluster", tmp_path / "stopped"
    root.mkdir()
    watchdog = _start(os.getpid(), 3600, root, marker)
    root.rmdir()  # what Cluster.stop does after stopping the server itself
    assert watchdog.wait(timeout=60) == 0
    assert not marker.exists()


def test_a_server_process_is_killed_when_its_owner_dies(tmp_path: Path) -> None:
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    kill = [sys.executable, "-c", f"import os, signal; os.killpg({server.pid}, signal.SIGKILL)"]
    watchdog = subprocess.Popen([sys.executable, str(WATCHDOG), str(owner.pid), "3600", f"pid:{server.pid}", *kill])
    owner.kill()
    owner.wait()
    assert watchdog.wait(timeout=60) == 0
    assert server.wait(timeout=60) == -9

"""``qa --cluster``: on a dask.distributed cluster the report bundle is byte for byte the local one.

The cluster is a LocalCluster on 127.0.0.1 inside the test process (threads, no dashboard), reached
through its tcp:// address exactly as a remote scheduler would be; one run starts ``local:1``
worker processes through the CLI. Only the ``created`` timestamp may differ between bundles.
"""

from __future__ import annotations

import codecs
import contextlib
import http.server
import json
import re
import socket
import socketserver
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import distributed
import pytest
from shared_data import shared_corpus

from review_app.cli import main
from review_app.errors import InputError
from review_app.qa import cluster as qa_cluster
from review_app.qa import cluster_connect
from review_app.qa.cluster_connect import HTTP_ADDRESS
from review_app.qa.runner import BUNDLE_FILES
from review_app.text.ingest import iter_text_lines


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                                  scheduler_port=0, dashboard_address=HTTP_ADDRESS) as cluster:
        yield cluster.scheduler_address


def _bundle(folder: Path) -> dict[str, str]:
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in BUNDLE_FILES}
    created = json.loads(texts["summary.json"])["created"]
    return {name: text.replace(created, "<created>") for name, text in texts.items()}


def _run_both(args: list[str], cluster: str, tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert main([*args, "--out", str(local), "--jobs", "1"]) == 0
    assert main([*args, "--out", str(remote), "--cluster", cluster]) == 0
    return _bundle(local), _bundle(remote)


def _lines(path: Path, n: int) -> str:
    return "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:n])


def test_segmented_run_on_cluster_equals_local_run(scheduler: str, tmp_path: Path) -> None:
    corpus = shared_corpus("compare-mt-ted-sk-en")
    for name, file in (("mt", "ted.sys1.detok.eng"), ("ref", "ted.ref.detok.eng"), ("src", "ted.orig.slk")):
        (tmp_path / f"{name}.txt").write_text(_lines(corpus / file, 230), encoding="utf-8")
    args = ["qa", "--mt", str(tmp_path / "mt.txt"), "--ref", str(tmp_path / "ref.txt"), "--src",
            str(tmp_path / "src.txt"), "--segmented", "--lang", "en", "--src-lang", "sk", "--chunk-size", "40",
            "--bootstrap", "200"]
    local, remote = _run_both(args, scheduler, tmp_path)
    assert local == remote
    summary = json.loads(remote["summary.json"])
    assert summary["overall"]["segments"] == 230 and set(summary["overall"]["scores"]) == {"bleu", "chrf", "chrf++",
                                                                                          "ter"}
    assert summary["overall"]["findings"]["total"] > 0


def test_documents_and_odd_files_on_cluster_equal_local_run(scheduler: str, tmp_path: Path) -> None:
    """Whole documents (aligned by a worker), CRLF and BOM files, a UTF-16 file and a CR-only file."""
    corpus = shared_corpus("izvestia-2025")
    mt_dir, ref_dir = tmp_path / "mt", tmp_path / "ref"
    mt_dir.mkdir()
    ref_dir.mkdir()
    (mt_dir / "izvestia.txt").write_text((corpus / "mt.yandex.en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (ref_dir / "izvestia.txt").write_text((corpus / "postedit.en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    local, remote = _run_both(["qa", "--mt", str(mt_dir), "--ref", str(ref_dir), "--lang", "en", "--bootstrap",
                               "50"], scheduler, tmp_path / "docs")
    assert local == remote

    lines_mt = [f"Line {i}: the ferry runs a time—tested route, {i * 3} km." for i in range(23)]
    lines_ref = [f"Line {i}: the ferry keeps a time-tested route, {i * 3} km long." for i in range(23)]
    seg_mt, seg_ref = tmp_path / "seg_mt", tmp_path / "seg_ref"
    seg_mt.mkdir()
    seg_ref.mkdir()
    for name, data_mt, data_ref in (
        ("crlf.txt", "\r\n".join(lines_mt).encode(), ("\ufeff" + "\r\n".join(lines_ref) + "\r\n").encode()),
        ("wide.txt", codecs.BOM_UTF16_LE + "\n".join(lines_mt).encode("utf-16-le"), "\n".join(lines_ref).encode()),
        ("cr.txt", "\r".join(lines_mt).encode(), "\n".join(lines_ref).encode()),
    ):
        (seg_mt / name).write_bytes(data_mt)
        (seg_ref / name).write_bytes(data_ref)
    local, remote = _run_both(["qa", "--mt", str(seg_mt), "--ref", str(seg_ref), "--segmented", "--lang", "en",
                               "--chunk-size", "5", "--bootstrap", "50"], scheduler, tmp_path / "seg")
    assert local == remote
    assert json.loads(remote["summary.json"])["overall"]["segments"] == 69


@pytest.mark.parametrize("every", [1, 3, 7, 50])
@pytest.mark.parametrize("data", [b"a\nb\nc\n", b"a\r\nb\r\nc", b"\xef\xbb\xbfa\n\nb\n", b"", b"x",
                                  "é\nß\n".encode() * 5])
def test_shards_read_the_lines_iter_text_lines_reads(tmp_path: Path, data: bytes, every: int) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    lines = list(iter_text_lines(path))
    scan = qa_cluster.line_offsets(path, every)
    assert scan is not None
    offsets, total = scan
    assert total == len(lines)
    assert len(offsets) == -(-total // every)
    for k, offset in enumerate(offsets):
        start = k * every
        count = min(every, total - start)
        assert qa_cluster._read_lines(path, offset, start, count) == lines[start : start + count]


def test_files_not_split_by_bytes_are_read_whole(tmp_path: Path) -> None:
    (tmp_path / "cr.txt").write_bytes(b"a\rb\rc")
    (tmp_path / "wide.txt").write_bytes(codecs.BOM_UTF16_LE + "a\nb".encode("utf-16-le"))
    assert qa_cluster.line_offsets(tmp_path / "cr.txt", 2) is None
    assert qa_cluster.line_offsets(tmp_path / "wide.txt", 2) is None


def test_local_worker_processes_from_the_command_line(tmp_path: Path) -> None:
    corpus = shared_corpus("mlqe-pe-ru-en")
    (tmp_path / "mt.txt").write_text(_lines(corpus / "dev" / "dev.mt", 60), encoding="utf-8")
    (tmp_path / "ref.txt").write_text(_lines(corpus / "dev" / "dev.pe", 60), encoding="utf-8")
    args = ["qa", "--mt", str(tmp_path / "mt.txt"), "--ref", str(tmp_path / "ref.txt"), "--segmented", "--lang",
            "en", "--chunk-size", "25", "--bootstrap", "100"]
    local, remote = _run_both(args, "local:1", tmp_path)
    assert local == remote


def test_bad_bytes_in_a_shard_fail_cleanly(scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mt.txt").write_bytes(b"one\ntwo\nthree\nfo\xffur\nfive\n")
    (tmp_path / "ref.txt").write_bytes(b"1\n2\n3\n4\n5\n")
    code = main(["qa", "--mt", str(tmp_path / "mt.txt"), "--ref", str(tmp_path / "ref.txt"), "--segmented",
                 "--lang", "en", "--chunk-size", "2", "--out", str(tmp_path / "out"), "--cluster", scheduler])
    assert code == 2
    err = capsys.readouterr().err
    assert re.search(r"mt\.txt: line 4: .*byte offset 16", err), err
    assert not (tmp_path / "out").exists()


def test_line_count_mismatch_is_refused(scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mt.txt").write_text("a\nb\nc\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("a\nb\n", encoding="utf-8")
    assert main(["qa", "--mt", str(tmp_path / "mt.txt"), "--ref", str(tmp_path / "ref.txt"), "--segmented",
                 "--lang", "en", "--out", str(tmp_path / "out"), "--cluster", scheduler]) == 2
    assert "has 2 lines but" in capsys.readouterr().err


@pytest.mark.parametrize("spec", ["local:0", "local:x", "udp://1.2.3.4:5", "tcp://", "tcp://host", "tcp://host:x",
                                  "tcp://host:99999", "tcp://host:8786/path"])
def test_malformed_cluster_address_is_refused(spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    assert main(["qa", "--mt", str(tmp_path / "a.txt"), "--ref", str(tmp_path / "a.txt"), "--segmented", "--lang",
                 "en", "--out", str(tmp_path / "o"), "--cluster", spec]) == 2
    assert "--cluster" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_unreachable_scheduler_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster_connect, "CONNECT_TIMEOUT", 1.0)
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    assert main(["qa", "--mt", str(tmp_path / "a.txt"), "--ref", str(tmp_path / "a.txt"), "--segmented", "--lang",
                 "en", "--out", str(tmp_path / "o"), "--cluster", "tcp://127.0.0.1:9"]) == 2
    assert "cannot reach a Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


# --- Addresses that are not a Dask scheduler: one line, exit 2, in bounded time -------------------------

REPO = Path(__file__).resolve().parents[1]
# qa in a fresh process (a hang cannot take the test run with it), with a short handshake timeout
QA_WITH_SHORT_TIMEOUT = ("import sys; from review_app.qa import cluster_connect; "
                         "cluster_connect.CONNECT_TIMEOUT = 2.0; "
                         "from review_app.cli import main; sys.exit(main(sys.argv[1:]))")


class _Banner(socketserver.BaseRequestHandler):
    """An SSH-like service: it speaks first, then waits for the client to hang up."""

    def handle(self) -> None:
        self.request.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
        with contextlib.suppress(OSError):
            while self.request.recv(4096):
                pass


@contextlib.contextmanager
def _serving(server: socketserver.ThreadingTCPServer) -> Iterator[int]:
    """Serve ``server`` on a thread for the block; its port."""
    with server:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield server.server_address[1]
        finally:
            server.shutdown()


def _banner_server() -> contextlib.AbstractContextManager[int]:
    return _serving(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Banner))


@contextlib.contextmanager
def _silent_port() -> Iterator[int]:
    """A listening socket that never answers (the kernel accepts connections into its backlog)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def _http_server() -> contextlib.AbstractContextManager[int]:
    return _serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler))


@pytest.mark.parametrize(("server", "words"), [(_banner_server, "it answered in another protocol"),
                                               (_silent_port, "it did not answer Dask's handshake within 2 s"),
                                               (_http_server, "it did not answer Dask's handshake within 2 s")],
                         ids=["banner", "silent", "http"])
def test_a_port_that_is_not_a_dask_scheduler_is_one_line(server: Callable[[], contextlib.AbstractContextManager[int]],
                                                         words: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    with server() as port:
        # a hang fails the test here (TimeoutExpired) rather than holding up the run
        done = subprocess.run([sys.executable, "-c", QA_WITH_SHORT_TIMEOUT, "qa", "--mt", str(tmp_path / "a.txt"),
                               "--ref", str(tmp_path / "a.txt"), "--segmented", "--lang", "en", "--out",
                               str(tmp_path / "o"), "--cluster", f"tcp://127.0.0.1:{port}"],
                              cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"review_app: error: --cluster: tcp://127.0.0.1:{port} is not a Dask scheduler: "
                           f"{words}\n"), done.stderr
    assert not (tmp_path / "o").exists()


def test_a_dask_worker_address_is_not_a_scheduler(scheduler: str, capsys: pytest.CaptureFixture[str]) -> None:
    with distributed.Client(scheduler) as client:
        worker = next(iter(client.scheduler_info()["workers"]))
    with pytest.raises(InputError, match="is not a Dask scheduler: it answered as a Dask Worker"):
        cluster_connect.check_scheduler(worker)


def test_local_workers_are_capped_by_the_machine(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    why = "1 core(s), 0.5 GiB of memory at 512 MiB per worker"
    monkeypatch.setattr(cluster_connect, "local_limit", lambda: (1, why))
    assert cluster_connect.checked_cluster("local:100000") == (
        "local:1", "--cluster local:100000: this machine runs at most 1 worker process(es) (1 core(s), 0.5 GiB of "
        "memory at 512 MiB per worker); starting 1")
    assert cluster_connect.checked_cluster("local") == ("local:1", None)  # as many as the machine runs
    assert cluster_connect.checked_cluster("local:1") == ("local:1", None)
    (tmp_path / "a.txt").write_text("the cat sat\n", encoding="utf-8")
    assert main(["qa", "--mt", str(tmp_path / "a.txt"), "--ref", str(tmp_path / "a.txt"), "--segmented", "--lang",
                 "en", "--bootstrap", "0", "--out", str(tmp_path / "o"), "--cluster", "local:100000"]) == 0
    err = capsys.readouterr().err
    assert "review_app: warning: --cluster local:100000: this machine runs at most 1 worker process(es)" in err, err
    assert (tmp_path / "o" / "summary.json").is_file()


def test_the_real_limit_follows_cores_and_memory() -> None:
    from dask.system import CPU_COUNT
    from distributed.system import MEMORY_LIMIT

    limit, why = cluster_connect.local_limit()
    assert 1 <= limit <= CPU_COUNT and (limit == 1 or limit * cluster_connect.WORKER_MEMORY <= MEMORY_LIMIT)
    assert f"{CPU_COUNT} core(s)" in why

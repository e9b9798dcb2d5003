"""``analyzer serve`` as a user starts it: loopback only, and nothing left behind when it stops."""

from __future__ import annotations

import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.config import PROJECT_DIR, SAMPLES_DIR


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def outward_address() -> str | None:
    """This machine's address on its network (no packet is sent), or None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


class Served:
    def __init__(self, proc: subprocess.Popen, port: int, tmp: Path) -> None:
        self.proc, self.port, self.tmp = proc, port, tmp
        self.url = f"http://127.0.0.1:{port}"
        self.stderr: list[str] = []


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``python -m analyzer serve`` with its own TMPDIR, started once for the module."""
    tmp = tmp_path_factory.mktemp("serve-tmp")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "analyzer", "serve", "--port", str(port)], cwd=PROJECT_DIR,
                            env={**os.environ, "TMPDIR": str(tmp)}, stderr=subprocess.PIPE, text=True)
    server = Served(proc, port, tmp)
    ready = threading.Event()

    def read() -> None:
        for line in proc.stderr:
            server.stderr.append(line)
            if "serving on" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert ready.wait(120), "".join(server.stderr)
        yield server
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_it_listens_on_this_machine_only(served: Served) -> None:
    assert f"serving on http://127.0.0.1:{served.port}/" in "".join(served.stderr)
    assert httpx2.get(served.url + "/").status_code == 200
    address = outward_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    with pytest.raises(OSError):
        socket.create_connection((address, served.port), timeout=3).close()


def test_uploads_stay_in_memory_and_the_private_folder_goes_on_exit(served: Served) -> None:
    page = httpx2.get(served.url + "/").text
    token = re.search(r'data-token="([^"]+)"', page)[1]
    reply = httpx2.post(served.url + "/upload", params={"name": "meeting.vtt"}, timeout=60,
                        content=(SAMPLES_DIR / "coaching_one_to_one.vtt").read_bytes(),
                        headers={"X-Analyzer-Token": token})
    assert reply.status_code == 200, reply.text
    (folder,) = served.tmp.iterdir()
    assert folder.name.startswith("analyzer-serve-")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # private to the user
    assert not list(folder.iterdir())  # the bytes were read and dropped

    served.proc.send_signal(signal.SIGINT)
    assert served.proc.wait(timeout=60) == 0
    assert not list(served.tmp.iterdir())


def test_another_host_warns_that_the_network_can_reach_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr("analyzer.web.app.serve", lambda host, port, **_: calls.append((host, port)))
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert calls == [("0.0.0.0", 8765)]
    assert "warning: --host 0.0.0.0 lets other computers on the network open this page" in result.output

    calls.clear()
    quiet = CliRunner().invoke(app, ["serve"])
    assert calls == [("127.0.0.1", 8765)] and "warning" not in quiet.output


def test_a_port_in_use_is_a_one_line_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.startswith(f"analyzer: error: cannot listen on 127.0.0.1:{port}")
    assert len(result.output.strip().splitlines()) == 1

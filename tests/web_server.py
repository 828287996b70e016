"""The real ``compliance serve`` on a free port of 127.0.0.1, for the browser and load tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(*options: str):
    """Start ``python -m compliance serve --port N OPTIONS`` and yield ``(base_url, process)`` once it
    answers (at most 30 s); the server is stopped afterwards."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "compliance", "serve", "--port", str(port), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent, env={**os.environ, "PYTHONUNBUFFERED": "1", "COMPLIANCE_LANG": "vi"})
    base = f"http://127.0.0.1:{port}"
    try:
        first = proc.stdout.readline().strip()
        assert first == f"Mở trên trình duyệt: {base}/", (first, proc.stderr.read() if proc.poll() is not None else "")
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(f"the server stopped: {proc.stderr.read()}") from None
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer in 30 s")
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")

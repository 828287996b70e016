"""A bounded load test of ``compliance serve`` against 127.0.0.1 only: 20 concurrent uploads of the seed's
form all return its index (39,97 %), and the server's memory (RSS) stays flat across 200 more uploads.

Bounded in count (220 uploads) and time (every request times out after 120 s); prints its figures
(run with ``-s`` to see them). The bound on memory is generous (growth under 50 MB after the warm-up):
it catches a leak of a scorecard or an upload per request (a few hundred kB each, so tens of MB over
200), not the allocator's noise. No speed is asserted (bench scripts measure speed).
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from web_server import rss_mb, running_server

httpx = pytest.importorskip("httpx2")

FORM = Path(__file__).resolve().parent.parent / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
DATA = FORM.read_bytes()


def upload(base: str) -> str:
    """One user: open the agency page (session and CSRF token), upload the form, read the index."""
    with httpx.Client(base_url=base, timeout=120, follow_redirects=True) as c:
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/agency").text).group(1)
        page = c.post("/agency/check", data={"csrf": token}, files={"file": (FORM.name, DATA)})
        assert page.status_code == 200, page.text[-500:]
        return re.search(r'id="index-value">([^<]+)<', page.text).group(1)


def test_concurrent_uploads_and_flat_memory():
    with running_server() as (base, proc):
        upload(base)  # warm-up: rule files, criteria, openpyxl loaded once
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=20) as pool:
            indexes = list(pool.map(lambda _: upload(base), range(20)))
        concurrent_s = time.monotonic() - started
        assert indexes == ["39,97 %"] * 20
        after_warmup = rss_mb(proc.pid)
        samples = []
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=4) as pool:
            for i, index in enumerate(pool.map(lambda _: upload(base), range(200))):
                assert index == "39,97 %"
                if i % 50 == 49:
                    samples.append(round(rss_mb(proc.pid), 1))
        sequential_s = time.monotonic() - started
        end = rss_mb(proc.pid)
        print(f"\n20 concurrent uploads: {concurrent_s:.1f} s; 200 uploads (4 at a time): {sequential_s:.1f} s "
              f"({sequential_s / 200 * 1000:.0f} ms each)")
        print(f"server RSS: {after_warmup:.1f} MB after warm-up and the 20 concurrent; every 50 uploads: {samples}; "
              f"end {end:.1f} MB; growth {end - after_warmup:+.1f} MB")
        assert end - after_warmup < 50

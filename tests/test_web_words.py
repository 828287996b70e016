"""The web page's own words: the language switch names the language it leads to."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


def test_the_language_switch_names_the_language_it_leads_to(tmp_path):
    pytest.importorskip("starlette")
    from test_web import client_for

    with client_for(db=tmp_path / "rounds.sqlite") as client:
        vi, en = client.get("/").text, client.get("/?lang=en").text
    switch = re.compile(r'<a class="lang" href="([^"]*)" hreflang="(\w+)">([^<]*)</a>')
    assert switch.search(vi).group(2, 3) == ("en", "English")
    assert switch.search(en).group(2, 3) == ("vi", "Tiếng Việt")
    assert '<html lang="vi">' in vi and '<html lang="en">' in en

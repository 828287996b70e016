"""A .zip made on a Vietnamese Windows (new-user pass): Explorer's "compressed folder" and the older zip
tools write each name in the system's code page, Windows-1258, without the UTF-8 flag; zipfile reads such a
name as code page 437 ("S⌡╥ T² phßp.yaml"). The names read as written, on the inspector's page and in the
history; a name that is ASCII, UTF-8 or a real code-page-437 one is read as before (tests/test_zip_names.py).
"""

from __future__ import annotations

import io
import sqlite3
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_register_exports import _cp1258 as windows_1258  # noqa: E402  (as Windows converts text to the code page)
from test_zip_names import SUBS, info_zip, listed, web  # noqa: E402,F401

from compliance.io.archive import entry_name, vietnamese  # noqa: E402

NAMES = ["Vòng 2025/", "Vòng 2025/Sở Tư pháp.yaml", "Vòng 2025/Phường Xuân Hương.json",
         "Vòng 2025/Đặc khu Phú Quý/submission.yaml", "Biểu mẫu tự đánh giá – Xã Nam Ban.xlsx",
         "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG.yaml", "Quyết định 12_QĐ-UBND Đắk Nông.docx", "SởTưPháp-bản sửa.yaml"]


def test_names_written_by_a_vietnamese_windows_read_as_written():
    assert windows_1258("Sở Tư pháp") == b"S\xf5\xd2 T\xfd ph\xe1p"  # ơ, hook; ư; á
    assert windows_1258("Đặc") == b"\xd0\xe3\xf2c"  # Đ; ă, dot below
    data = info_zip([(windows_1258(n), b"x") for n in NAMES])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    assert [i.flag_bits & 0x800 for i in infos] == [0] * len(NAMES)
    assert infos[1].filename == "Vo╠ng 2025/S⌡╥ T² phßp.yaml"  # what zipfile alone says
    assert [entry_name(i) for i in infos] == NAMES


@pytest.mark.parametrize(("raw", "read"), [
    (b"so-tu-phap.yaml", "so-tu-phap.yaml"),                              # ASCII: the same in every code page
    ("Sở Tư pháp.yaml".encode(), "Sở Tư pháp.yaml"),                      # UTF-8 without the flag: UTF-8 first
    (unicodedata.normalize("NFD", "Xã Nam Ban").encode(), "Xã Nam Ban"),  # macOS's decomposed UTF-8
    (b"CAF\x90.TXT", "CAFÉ.TXT"),          # 0x90 is no character of Windows-1258: code page 437
    (b"GHICHU\x82.TXT", "GHICHUé.TXT"),    # Windows-1258 would say "GHICHU‚": a quote, not a letter
    (b"STRA\xe1E.TXT", "STRAßE.TXT"),      # Windows-1258 would say "STRAáE": no Vietnamese syllable
    (b"B\xccN.TXT", "B╠N.TXT"),            # Windows-1258 would leave a tone mark on a consonant
])
def test_names_that_are_not_windows_1258_vietnamese_keep_their_reading(raw, read):
    with zipfile.ZipFile(io.BytesIO(info_zip([(raw, b"x")]))) as zf:
        (info,) = zf.infolist()
    assert not info.flag_bits & 0x800 and entry_name(info) == read


def test_what_reads_as_vietnamese():
    assert [vietnamese(n) for n in ("Sở Tư pháp", "ĐẮK NÔNG", "Krông Búk", "QĐ-UBND", "Báo cáo – quý I")] == [True] * 5
    assert [vietnamese(n) for n in ("so-tu-phap", "Straáe", "b\u0300n", "Sở ©", "Sởtưpháp")] == [False] * 5


def test_the_inspector_page_and_the_history_keep_windows_names(web, tmp_path):
    client, tw = web
    made = info_zip([
        (windows_1258("Vòng 2025/"), b""),
        (windows_1258("Vòng 2025/Sở Tư pháp.yaml"), (SUBS / "so-tu-phap.yaml").read_bytes()),
        (windows_1258("Vòng 2025/Xã Nam Ban.yaml"), (SUBS / "xa-nam-ban.yaml").read_bytes()),
        (windows_1258("Vòng 2025/Báo cáo CCHC năm 2025.docx"), b"PK\x03\x04"),
    ])
    page = tw.upload_round(client, [("vong-2025.zip", made)])
    assert page.status_code == 200
    assert listed(page.text, "round-list") == ["Sở Tư pháp.yaml", "Xã Nam Ban.yaml"]
    assert listed(page.text, "zip-skipped") == [
        "Vòng 2025/Báo cáo CCHC năm 2025.docx: báo cáo, không phải hồ sơ đánh giá: hãy nộp ở trang Cơ quan tự đánh giá"]
    assert tw.run(client)["state"] == "done"
    with sqlite3.connect(tmp_path / "rounds.sqlite") as db:
        sources = sorted(r[0] for r in db.execute("SELECT source FROM results"))
    assert sources == ["Sở Tư pháp.yaml", "Xã Nam Ban.yaml"]

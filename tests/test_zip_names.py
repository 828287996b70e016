"""QA4 #4 and #9: files from outside said as they are.

- #4: a .zip made by Info-ZIP ``zip`` on Linux, macOS's Archive Utility or older Windows stores UTF-8
  names without the UTF-8 flag (bit 0x800); zipfile reads them as code page 437 ("V├▓ng 2025"). The
  inspector's page, its errors and the round's history say "Vòng 2025/Sở Tư pháp.yaml"; a real DOS
  name (code page 437 bytes that are not UTF-8) keeps its code page 437 reading.
- #9: a workbook cut short (the first 4,000 bytes of a real one) is said damaged or not completely
  downloaded or copied, not "not a zip"; a CSV named .xlsx is said to be one, with "rename it .csv"; a
  Word document or an old .xls named .xlsx likewise, for every reader of workbooks (form, register,
  round).
"""

from __future__ import annotations

import html
import io
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from compliance.errors import InputError
from compliance.io.archive import entry_name, kind
from compliance.io.safety import open_untrusted

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
SUBS = ROOT / "samples" / "round" / "submissions"
REGISTER = ROOT / "samples" / "registers" / "demo-2026-register.csv"
CUT = "the file is damaged or was not completely downloaded or copied (its zip package cannot be opened); download or copy it again"


def info_zip(entries: list[tuple[bytes, bytes]]) -> bytes:
    """A .zip as Info-ZIP ``zip`` on Linux (or macOS's Archive Utility) writes it: each name's raw bytes
    as given, the UTF-8 flag not set. zipfile would set the flag on a non-ASCII name, so each entry is
    written under an ASCII stand-in of the same length (no flag) whose bytes are then swapped for the
    raw name in the local and the central header."""
    buf = io.BytesIO()
    stand_ins = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (raw, data) in enumerate(entries):
            stand_in = f"@{i:03d}@".ljust(len(raw) - 1, "#") + raw[-1:].decode("ascii")  # keeps a final "/"
            info = zipfile.ZipInfo(stand_in, date_time=(2025, 12, 1, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
            stand_ins.append((stand_in.encode("ascii"), raw))
    out = buf.getvalue()
    for stand_in, raw in stand_ins:
        assert out.count(stand_in) == 2
        out = out.replace(stand_in, raw)
    return out


def utf8(name: str) -> bytes:
    return name.encode("utf-8")


def test_names_stored_without_the_utf8_flag_read_as_their_maker_wrote_them():
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp.yaml")  # macOS writes decomposed names
    data = info_zip([(utf8("Vòng 2025/Sở Tư pháp.yaml"), b"x"), (utf8(nfd), b"x"), (b"CAF\x90.TXT", b"x"),
                     (b"so-tu-phap.yaml", b"x")])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    assert [i.flag_bits & 0x800 for i in infos] == [0, 0, 0, 0]
    assert infos[0].filename == "V├▓ng 2025/Sß╗ƒ T╞░ ph├íp.yaml"  # what zipfile alone says (QA4 #4)
    assert [entry_name(i) for i in infos] == ["Vòng 2025/Sở Tư pháp.yaml", "Sở Tư pháp.yaml", "CAFÉ.TXT", "so-tu-phap.yaml"]
    # a name with the flag (as Python, 7-Zip and Windows 10 write it) is read as stored, in NFC
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(nfd, b"x")
    with zipfile.ZipFile(buf) as zf:
        (flagged,) = zf.infolist()
    assert flagged.flag_bits & 0x800 and entry_name(flagged) == "Sở Tư pháp.yaml"


@pytest.mark.skipif(shutil.which("zip") is None, reason="Info-ZIP zip is not installed")
def test_a_zip_made_by_info_zip(tmp_path):
    folder = tmp_path / "Vòng 2025"
    folder.mkdir()
    (folder / "Sở Tư pháp.yaml").write_bytes(b"x")
    subprocess.run(["zip", "-qr", str(tmp_path / "vong.zip"), "Vòng 2025"], cwd=tmp_path, check=True,
                   env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    with zipfile.ZipFile(tmp_path / "vong.zip") as zf:
        infos = zf.infolist()
    assert [i.flag_bits & 0x800 for i in infos] == [0, 0]
    assert [entry_name(i) for i in infos] == ["Vòng 2025/", "Vòng 2025/Sở Tư pháp.yaml"]


# -- on the inspector's page ------------------------------------------------------------------------------------

def district_zip() -> bytes:
    return info_zip([
        (utf8("Vòng 2025/"), b""),
        (utf8("Vòng 2025/Sở Tư pháp.yaml"), (SUBS / "so-tu-phap.yaml").read_bytes()),
        (utf8("Vòng 2025/Xã Nam Ban/submission.yaml"), (SUBS / "xa-nam-ban.yaml").read_bytes()),
        (utf8("Vòng 2025/báo cáo.docx"), b"PK\x03\x04"),
        (utf8("Vòng 2025/~$báo cáo.docx"), b"\x0bNguyen Van A"),
        (b"__MACOSX/V\xc3\xb2ng 2025/._S\xe1\xbb\x9f T\xc6\xb0 ph\xc3\xa1p.yaml", b"\x00\x05\x16\x07"),
        (b"GHICHU\x82.TXT", b"an old DOS note"),  # 0x82: é in code page 437, not UTF-8
    ])


@pytest.fixture()
def web(tmp_path):
    pytest.importorskip("starlette")
    sys.path.insert(0, str(Path(__file__).parent))
    import test_web

    with test_web.client_for(db=tmp_path / "rounds.sqlite", max_upload_mb=4) as client:
        yield client, test_web


def listed(page: str, element_id: str) -> list[str]:
    import re

    part = page.split(f'id="{element_id}"')[1].split("</ul>")[0]
    return [html.unescape(re.sub(r"<[^>]+>", "", li)).strip() for li in re.findall(r"<li>(.*?)</li>", part, re.S)]


def test_the_inspector_page_and_the_history_keep_the_vietnamese_names(web, tmp_path):
    client, tw = web
    page = tw.upload_round(client, [("vong-2025.zip", district_zip())])
    assert page.status_code == 200
    assert listed(page.text, "round-list") == ["Sở Tư pháp.yaml", "Xã Nam Ban.yaml"]
    assert listed(page.text, "zip-skipped") == [
        "Vòng 2025/báo cáo.docx: báo cáo, không phải hồ sơ đánh giá: hãy nộp ở trang Cơ quan tự đánh giá",
        "GHICHUé.TXT: báo cáo, không phải hồ sơ đánh giá: hãy nộp ở trang Cơ quan tự đánh giá"]
    assert tw.run(client)["state"] == "done"
    with sqlite3.connect(tmp_path / "rounds.sqlite") as db:
        (folder,) = db.execute("SELECT folder FROM rounds").fetchone()
        sources = sorted(r[0] for r in db.execute("SELECT source FROM results"))
    assert folder == "Sở Tư pháp.yaml, Xã Nam Ban.yaml"
    assert sources == ["Sở Tư pháp.yaml", "Xã Nam Ban.yaml"]


def test_a_refused_entry_is_named_as_written(web):
    client, tw = web
    bomb = tw.upload_round(client, [("bom.zip", info_zip([(utf8("Vòng 2025/Biểu mẫu.xlsx"), b"\0" * 30_000_000)]))])
    assert bomb.status_code == 400
    assert tw.error_line(bomb.text).startswith("bom.zip: Vòng 2025/Biểu mẫu.xlsx: mục nén phình ra")


# -- a file named .xlsx that is not one (QA4 #9) ------------------------------------------------------------------

def cut(tmp_path: Path, name: str = "bieu-mau.xlsx") -> Path:
    """The first 4,000 bytes of the seed's form: a download or a copy stopped part way."""
    path = tmp_path / name
    path.write_bytes(FORM.read_bytes()[:4000])
    return path


def cli(*args: str, cwd: Path) -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-m", "compliance", *args], cwd=cwd, capture_output=True, text=True)
    return done.returncode, done.stderr.strip()


def test_what_a_file_named_xlsx_really_is(tmp_path):
    shutil.copy(REGISTER, tmp_path / "so.xlsx")
    (tmp_path / "note.xlsx").write_text("Biên bản họp đoàn thẩm định\nngày 05/12/2025\n", encoding="utf-8")
    (tmp_path / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (tmp_path / "blob.xlsx").write_bytes(bytes(range(256)) * 4)
    assert [kind(p) for p in (cut(tmp_path), tmp_path / "so.xlsx", tmp_path / "note.xlsx", tmp_path / "old.xlsx",
                              tmp_path / "blob.xlsx", FORM)] == ["damaged-zip", "csv", "text", "ole", "binary", "xlsx"]
    said = {}
    for path in (cut(tmp_path), tmp_path / "so.xlsx", tmp_path / "note.xlsx", tmp_path / "old.xlsx", tmp_path / "blob.xlsx"):
        with pytest.raises(InputError) as err:
            open_untrusted(path)
        said[path.name] = err.value.message
    assert said == {
        "bieu-mau.xlsx": CUT,
        "so.xlsx": "this is a CSV text file, not an .xlsx workbook (rename it .csv)",
        "note.xlsx": "this is a text file, not an .xlsx workbook",
        "old.xlsx": "this is an old Excel (.xls) or Word (.doc) file, not an .xlsx workbook: open it and save it as .xlsx (Excel Workbook)",
        "blob.xlsx": "not an .xlsx workbook (the file is not a zip package)"}


def test_a_workbook_damaged_inside(tmp_path):
    """The zip's directory is whole but a part's own header is not (a disk or a transfer that changed
    bytes): said damaged in the same words, not zipfile's English."""
    data = bytearray(FORM.read_bytes())
    with zipfile.ZipFile(FORM) as zf:
        offset = zf.getinfo("[Content_Types].xml").header_offset
    data[offset:offset + 4] = b"XXXX"
    (tmp_path / "hong.xlsx").write_bytes(bytes(data))
    with pytest.raises(InputError) as err:
        open_untrusted(tmp_path / "hong.xlsx")
    assert err.value.message == CUT


def test_a_word_document_named_xlsx(tmp_path):
    from docx import Document

    Document().save(tmp_path / "bao-cao.xlsx")
    assert kind(tmp_path / "bao-cao.xlsx") == "docx"
    with pytest.raises(InputError) as err:
        open_untrusted(tmp_path / "bao-cao.xlsx")
    assert err.value.message == "this is a Word document, not an .xlsx workbook (rename it .docx)"


def test_every_reader_says_it_in_one_line(tmp_path):
    shutil.copy(REGISTER, tmp_path / "so-theo-doi.xlsx")
    cut(tmp_path)
    assert cli("check", "bieu-mau.xlsx", cwd=tmp_path) == (
        2, "lỗi: bieu-mau.xlsx: tệp bị hỏng hoặc chưa tải/chép hết (không mở được gói zip của tệp); hãy tải hoặc chép lại")
    assert cli("check", "bieu-mau.xlsx", "--lang", "en", cwd=tmp_path) == (2, f"error: bieu-mau.xlsx: {CUT}")
    assert cli("dossiers", "summarize", "so-theo-doi.xlsx", cwd=tmp_path) == (
        2, "lỗi: so-theo-doi.xlsx: đây là tệp văn bản CSV, không phải bảng tính .xlsx (hãy đổi đuôi thành .csv)")
    assert cli("dossiers", "check", "so-theo-doi.xlsx", "--lang", "en", cwd=tmp_path) == (
        2, "error: so-theo-doi.xlsx: this is a CSV text file, not an .xlsx workbook (rename it .csv)")
    # a round: the cut form is named among the unreadable ones, with the same words
    (tmp_path / "vong").mkdir()
    shutil.copy(SUBS / "so-tu-phap.yaml", tmp_path / "vong")
    cut(tmp_path / "vong", "hong.xlsx")
    done = subprocess.run([sys.executable, "-m", "compliance", "round", "run", "vong", "--no-history"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "hong.xlsx: tệp bị hỏng hoặc chưa tải/chép hết (không mở được gói zip của tệp); hãy tải hoặc chép lại" in done.stdout + done.stderr

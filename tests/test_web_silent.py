"""QA2 #11 and #17 on the web page: nothing the user gave is dropped without a word.

- A .zip of a round lists, on the inspector's page, every entry it does not take and why (a report, a
  nested .zip, an old .xls, anything else); macOS metadata, hidden files and Office lock files are not
  the user's and are passed over quietly. A file of the user's whose name starts with "_" is taken.
- A form with a row deleted from its Tự đánh giá sheet shows the warning on the scorecard page, and a
  round of such forms lists it among the round's warnings.
"""

from __future__ import annotations

import html
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from docx import Document  # noqa: E402

from compliance import api  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from test_form_rows_deleted import WARD, without_rows  # noqa: E402
from test_web import (SUBS, client, csrf, error_line, post_file, private_temp, run,  # noqa: E402,F401
                      upload_round)


def report_docx() -> bytes:
    """A short narrative report as Word writes it (what an agency would zip with its forms by mistake)."""
    doc = Document()
    doc.add_paragraph("ỦY BAN NHÂN DÂN PHƯỜNG BẮC GIA NGHĨA")
    doc.add_paragraph("BÁO CÁO Kết quả thực hiện công tác cải cách hành chính năm 2025")
    doc.add_paragraph("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt 98,5 %.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def listed(page: str, element_id: str) -> list[str]:
    part = page.split(f'id="{element_id}"')[1].split("</ul>")[0]
    return [html.unescape(re.sub(r"<[^>]+>", "", li)).strip() for li in re.findall(r"<li>(.*?)</li>", part, re.S)]


def district_zip() -> bytes:
    """A district's folder as an inspector zips it on a Mac or in Windows: forms in a folder, the report
    beside them, a .zip of another district's forms, an old .xls, Word's lock file and macOS metadata."""
    inner = zipped([("xa-nam-ban.yaml", (SUBS / "xa-nam-ban.yaml").read_bytes())])
    return zipped([
        ("Vòng 2025/so-tu-phap.yaml", (SUBS / "so-tu-phap.yaml").read_bytes()),
        ("Vòng 2025/_dac-khu-phu-quy.yaml", (SUBS / "dac-khu-phu-quy.yaml").read_bytes()),
        ("Vòng 2025/bao-cao.docx", report_docx()),
        ("Vòng 2025/huyen-cu.zip", inner),
        ("Vòng 2025/bieu-mau-cu.xls", b"\xd0\xcf\x11\xe0 an old workbook"),
        ("Vòng 2025/~$bao-cao.docx", b"\x0bNguyen Van A"),
        ("__MACOSX/Vòng 2025/._so-tu-phap.yaml", b"\x00\x05\x16\x07"),
        ("Vòng 2025/.DS_Store", b"\x00\x00\x00\x01Bud1"),
        ("Vòng 2025/Thumbs.db", b"\xd0\xcf\x11\xe0"),
    ])


def test_a_zip_lists_what_it_does_not_take_and_why(client):
    page = upload_round(client, [("huyen-lam-ha.zip", district_zip())])
    assert page.status_code == 200
    assert listed(page.text, "round-list") == ["_dac-khu-phu-quy.yaml", "so-tu-phap.yaml"]
    assert "Không lấy từ tệp .zip (3 tệp không phải hồ sơ đánh giá):" in page.text
    assert listed(page.text, "zip-skipped") == [
        "Vòng 2025/bao-cao.docx: báo cáo, không phải hồ sơ đánh giá: hãy nộp ở trang Cơ quan tự đánh giá",
        "Vòng 2025/huyen-cu.zip: tệp nén lồng nhau: hãy giải nén rồi tải các biểu mẫu trong đó lên, hoặc tải riêng "
        "tệp .zip này lên",
        "Vòng 2025/bieu-mau-cu.xls: bảng tính Excel đời cũ: hãy mở rồi lưu lại thành .xlsx"]
    en = client.get("/inspector?lang=en").text
    assert "Not taken from the .zip (3 files that are not submissions):" in en
    assert listed(en, "zip-skipped")[1] == ("Vòng 2025/huyen-cu.zip: an archive inside the archive: unpack it and "
                                            "upload its forms, or upload it as a .zip of its own")
    # the nested .zip uploaded on its own, as the line says: its form joins the round, the list is gone
    page = upload_round(client, [("huyen-cu.zip", zipped([("xa-nam-ban.yaml", (SUBS / "xa-nam-ban.yaml").read_bytes())]))])
    assert listed(page.text, "round-list") == ["_dac-khu-phu-quy.yaml", "so-tu-phap.yaml", "xa-nam-ban.yaml"]
    assert 'id="zip-skipped"' not in page.text


def test_two_zips_at_once_name_the_archive_of_each_skipped_entry(client):
    page = upload_round(client, [("a.zip", zipped([("so-tu-phap.yaml", (SUBS / "so-tu-phap.yaml").read_bytes()),
                                                   ("ghi-chu.txt", "Ghi chú của đoàn".encode())])),
                                 ("b.zip", zipped([("xa-nam-ban.yaml", (SUBS / "xa-nam-ban.yaml").read_bytes()),
                                                   ("so-lieu.csv", b"ma_ho_so;ngay_nhan\n")]))])
    assert listed(page.text, "zip-skipped") == [
        "a.zip: ghi-chu.txt: báo cáo, không phải hồ sơ đánh giá: hãy nộp ở trang Cơ quan tự đánh giá",
        "b.zip: so-lieu.csv: không phải hồ sơ đánh giá (biểu mẫu .xlsx, hoặc .yaml, .yml, .json)"]


def test_a_zip_of_only_other_files_is_refused_naming_them(client):
    page = upload_round(client, [("bao-cao.zip", zipped([("bao-cao.docx", report_docx()), ("~$bao-cao.docx", b"x")]))])
    assert page.status_code == 400
    assert error_line(page.text) == ("bao-cao.zip: tệp nén không có hồ sơ nào (.xlsx, .yaml, .yml, .json); đã bỏ qua: "
                                     "bao-cao.docx (báo cáo, không phải hồ sơ đánh giá: hãy nộp ở trang Cơ quan tự đánh giá)")


@pytest.fixture(scope="module")
def edited_form(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("web-form")
    form = folder / "phuong-bac-gia-nghia.xlsx"
    api.write_template(form, from_path=WARD)
    return without_rows(form, folder, "1.1.2", name="bieu-mau-phuong.xlsx")


def test_the_scorecard_page_shows_a_deleted_row(client, edited_form):
    page = post_file(client, "/agency/check", "file", edited_form)
    assert page.status_code == 200
    warning = re.search(r'<p class="warn notice" role="alert">⚠ (.*?)</p>', page.text, re.S)
    assert html.unescape(warning.group(1)).startswith(
        "Cảnh báo: trang 'Tự đánh giá' của biểu mẫu thiếu dòng của 1.1.2 (Mức độ hoàn thành kế hoạch CCHC năm): "
        "biểu mẫu đã bị sửa (xoá dòng?)")
    en = client.get(str(page.url) + "?lang=en").text
    assert "Warning: the form&#39;s sheet &#39;Tự đánh giá&#39; lacks the row(s) of 1.1.2" in en


def test_a_web_round_lists_the_changed_form(client, edited_form):
    upload_round(client, [(edited_form.name, edited_form.read_bytes())])
    assert run(client)["state"] == "done"
    page = html.unescape(client.get("/inspector/round").text)
    assert re.search(r"cảnh báo</span> bieu-mau-phuong\.xlsx: trang 'Tự đánh giá' của biểu mẫu thiếu dòng của 1\.1\.2 \(",
                     page), page[:3000]
    agency = html.unescape(client.get("/inspector/agency/LD-PBGN").text)  # where the appraisers enter their points
    assert re.search(r'<p class="warn notice" role="alert">⚠ Cảnh báo: trang \'Tự đánh giá\' của biểu mẫu thiếu dòng '
                     r"của 1\.1\.2 \(", agency)

"""QA2 #17 on the command line: ``compliance round run FOLDER`` names every file of the folder it does
not read, with what it seems to be and what to do (a report, an archive of forms, an old .xls, an Office
lock file of a form open in Excel); none is skipped without a word."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parent.parent


def compliance(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compliance", *args], cwd=cwd, capture_output=True, text=True)


def test_a_round_folder_says_what_it_leaves_out_and_why(tmp_path):
    """QA2 #17 on the command line: a round folder holding a report, a .zip of forms, an old .xls and
    Excel's lock file of an open form. Each is named with what it is; the lock file no longer makes the
    round incomplete (it was read as a broken form, exit 2)."""
    folder = tmp_path / "vong-2025"
    shutil.copytree(ROOT / "samples" / "round" / "submissions", folder)
    report = Document()
    report.add_paragraph("BÁO CÁO Kết quả thực hiện công tác cải cách hành chính năm 2025")
    report.save(folder / "bao-cao.docx")
    with zipfile.ZipFile(folder / "huyen-cu.zip", "w") as zf:
        zf.write(folder / "xa-nam-ban.yaml", "xa-nam-ban-cu.yaml")
    (folder / "bieu-mau-cu.xls").write_bytes(b"\xd0\xcf\x11\xe0 an old workbook")
    (folder / "~$so-tu-phap.xlsx").write_bytes(b"\x0bNguyen Van A")
    done = compliance("round", "run", "vong-2025", "--no-history", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    issues = done.stdout.split("LỖI VÀ CẢNH BÁO CỦA VÒNG\n")[1].splitlines()
    assert issues[:5] == [
        "- [cảnh báo] vong-2025/so-nong-nghiep-moi-truong/submission.yaml: điểm tự đánh giá không kèm tài liệu kiểm "
        "chứng hay giải trình: 2.3 (Theo dõi tình hình thi hành pháp luật): tự đánh giá 1 điểm, không có tài liệu kiểm "
        "chứng (dòng 63, khoá self_assessment.2.3); điểm tự đánh giá nào cũng phải kèm tài liệu kiểm chứng, hội đồng "
        "thẩm định sẽ không công nhận điểm thiếu tài liệu: hãy bổ sung tài liệu, hoặc giải trình vì sao không có",
        "- [cảnh báo] vong-2025/bieu-mau-cu.xls: Bảng tính Excel đời cũ (.xls): không đọc; hãy mở rồi lưu lại thành .xlsx",
        "- [cảnh báo] vong-2025/huyen-cu.zip: Tệp nén: các hồ sơ trong đó (nếu có) không được đọc; hãy giải nén vào "
        "thư mục rồi chạy lại vòng",
        "- [cảnh báo] vong-2025/~$so-tu-phap.xlsx: Tệp khoá của Office: một bảng tính hoặc văn bản trong thư mục đang mở "
        "trong Excel hoặc Word, phần chưa lưu sẽ không được đọc; bỏ qua (hãy lưu và đóng tệp đó rồi chạy vòng)",
        "- [thông tin] vong-2025/bao-cao.docx: Báo cáo, không phải hồ sơ đánh giá: bỏ qua (kiểm tra báo cáo bằng "
        "'compliance lint')"]
    assert "Đã chấm: 5; Không đọc được: 0" in done.stdout

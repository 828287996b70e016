"""Write the sample criteria workbooks of samples/criteria/ (run: .venv/bin/python samples/criteria/make_samples.py).

They are shaped like the annex tables provinces publish (title rows, merged cells, a "(1) (2) (3)" row,
Vietnamese numbering, points written "1,5", band wording on sub-rows, "nt" ditto marks, a TỔNG CỘNG
row) but their content is TEST DATA: a small 20-point set modelled on the project's department model set,
not any province's text. Edition 2024 differs from 2023 by exactly the changes listed in CHANGES_2024.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
SHARED_EVIDENCE = "Báo cáo của hệ thống quản lý văn bản và hệ thống một cửa điện tử"
HEADER = ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Cách chấm", "Tài liệu kiểm chứng", "Ghi chú"]

# What edition 2024 changes, as `criteria diff` must report it (kind, old id, new id).
# 2.1 and 2.2 lose/gain a point, so their top band and their formula change with them.
CHANGES_2024 = [
    ("renamed", "1.2", "1.2"),
    ("bands_changed", "1.3", "1.3"),
    ("points_changed", "2.1", "2.1"),
    ("bands_changed", "2.1", "2.1"),
    ("points_changed", "2.2", "2.2"),
    ("scoring_changed", "2.2", "2.2"),
    ("removed", "2.3", None),
    ("moved", "3.1.2", "2.3"),
    ("points_changed", "3.1", "3.1"),
    ("added", None, "3.3"),
]


def _rows_2023():
    return [
        ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", 6, None, None),
        ("1.1", "Kế hoạch cải cách hành chính năm", 3, None, None),
        ("1.1.1", "Ban hành kế hoạch CCHC năm", 1, "Ban hành kịp thời: 1; Ban hành không kịp thời: 0,5; Không ban hành: 0",
         "MERGE:Kế hoạch CCHC năm và báo cáo kết quả thực hiện"),
        ("1.1.2", "Mức độ thực hiện kế hoạch CCHC năm", 2, None, "MERGED"),
        ("", "- Thực hiện trên 90% kế hoạch", 2, None, None),
        ("", "- Thực hiện từ 70% - 90% kế hoạch", 1, None, None),
        ("", "- Dưới 70% kế hoạch", 0, None, None),
        ("1.2", "Báo cáo CCHC định kỳ", "1,5", "Đầy đủ, đúng hạn được 1,5 điểm; mỗi báo cáo chậm hoặc thiếu trừ 0,25 điểm",
         "Các báo cáo CCHC quý, 6 tháng, năm"),
        ("1.3", "Tỷ lệ đơn vị trực thuộc được kiểm tra công tác CCHC", "1,5",
         "Từ 30% trở lên: 1,5 điểm; từ 20% đến dưới 30%: 0,5 điểm; dưới 20%: 0 điểm", "Kế hoạch và báo cáo kiểm tra CCHC"),
        ("2", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", 8, None, None),
        ("2.1", "Tỷ lệ hồ sơ được giải quyết đúng hạn", 4, "Trên 98%: 4 điểm\nTừ 95% đến 98%: 2 điểm\nDưới 95%: 0 điểm",
         "Báo cáo tình hình giải quyết hồ sơ (phần mềm một cửa)"),
        ("2.2", "Xin lỗi người dân, tổ chức khi giải quyết hồ sơ quá hạn", 2,
         "Công thức: (b/a)×2, trong đó a là số hồ sơ quá hạn, b là số hồ sơ có văn bản xin lỗi\nMẫu số bằng 0: 2 điểm", "nt"),
        ("2.3", "Công khai thủ tục hành chính tại Bộ phận Một cửa và trên Cổng thông tin điện tử", 2,
         "Căn cứ mức độ công khai đầy đủ, đúng quy định để chấm điểm", "Ảnh chụp nơi niêm yết; đường dẫn trên Cổng"),
        ("3", "HIỆN ĐẠI HÓA HÀNH CHÍNH", 6, None, None),
        ("3.1", "Ứng dụng công nghệ thông tin", 4, None, None),
        ("3.1.1", "Tỷ lệ văn bản đi được ký số", "2", "Đạt 100%: 2 điểm; từ 80% đến dưới 100%: 1 điểm; dưới 80%: 0 điểm",
         "MERGE:" + SHARED_EVIDENCE),
        ("3.1.2", "Tỷ lệ hồ sơ trực tuyến", "2", "Từ 50% trở lên: 2 điểm; từ 30% đến dưới 50%: 1 điểm; dưới 30%: 0 điểm", "MERGED"),
        ("3.2", "Duy trì, cải tiến hệ thống quản lý chất lượng ISO 9001", 2,
         "Tự đánh giá: có quyết định công bố và đánh giá nội bộ trong năm", "Quyết định công bố ISO; báo cáo đánh giá nội bộ"),
    ]


def _rows_2024():
    rows = _rows_2023()
    out = []
    for row in rows:
        stt = row[0]
        if stt == "1.2":
            row = ("1.2", "Báo cáo CCHC định kỳ đúng hạn, đủ nội dung", *row[2:])
        elif stt == "1.3":
            row = (*row[:3], "Từ 40% trở lên: 1,5 điểm; từ 25% đến dưới 40%: 0,5 điểm; dưới 25%: 0 điểm", row[4])
        elif stt == "2.1":
            row = ("2.1", row[1], 3, "Trên 98%: 3 điểm\nTừ 95% đến 98%: 2 điểm\nDưới 95%: 0 điểm", row[4])
        elif stt == "2.2":
            row = ("2.2", row[1], 3, row[3].replace("(b/a)×2", "(b/a)×3").replace("2 điểm", "3 điểm"), row[4])
        elif stt == "2.3":  # removed; the online-dossier sub-criterion moves here
            online = next(r for r in rows if r[0] == "3.1.2")
            row = ("2.3", online[1], online[2], online[3], SHARED_EVIDENCE)
        elif stt == "3.1":
            row = ("3.1", row[1], 2, None, None)
        elif stt == "3.1.1":
            row = (*row[:4], SHARED_EVIDENCE)
        elif stt == "3.1.2":
            continue
        out.append(row)
    out.append(("3.3", "Sử dụng Hệ thống thông tin báo cáo của tỉnh", 2,
                "Báo cáo đầy đủ, đúng hạn trên hệ thống: 2; báo cáo chậm: 1; không báo cáo: 0", "Dữ liệu trên Hệ thống thông tin báo cáo"))
    return out


def write_annex(path: Path, year: int, rows) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục I"
    for r, text in ((1, "PHỤ LỤC I"), (2, "BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC SỞ, BAN, NGÀNH"),
                    (3, f"(Bộ mẫu kiểm thử năm {year} của dự án; dữ liệu thử, không phải văn bản ban hành)")):
        ws.cell(row=r, column=1, value=text).font = Font(bold=r < 3)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    for c, title in enumerate(HEADER, start=1):
        ws.cell(row=5, column=c, value=title).font = Font(bold=True)
        ws.cell(row=6, column=c, value=f"({c})")
    r = 7
    merge_from = None
    for stt, name, points, scoring, evidence in rows:
        ws.cell(row=r, column=1, value=stt or None)
        ws.cell(row=r, column=2, value=name).alignment = Alignment(wrap_text=True)
        ws.cell(row=r, column=3, value=points)
        ws.cell(row=r, column=4, value=scoring)
        if evidence and evidence.startswith("MERGE:"):
            ws.cell(row=r, column=5, value=evidence[len("MERGE:"):])
            merge_from = r
        elif evidence == "MERGED":
            ws.merge_cells(start_row=merge_from, start_column=5, end_row=r, end_column=5)
        else:
            ws.cell(row=r, column=5, value=evidence)
        if stt and "." not in stt:
            for c in (1, 2, 3):
                ws.cell(row=r, column=c).font = Font(bold=True)
        r += 1
    ws.cell(row=r, column=1, value="TỔNG CỘNG").font = Font(bold=True)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    ws.cell(row=r, column=3, value=20).font = Font(bold=True)
    for col, width in zip("ABCDEF", (8, 50, 10, 50, 40, 12)):
        ws.column_dimensions[col].width = width
    wb.save(path)


def write_roman(path: Path) -> None:
    """Roman numerals for the fields, 1, 2 for criteria and a), b) for sub-criteria; points in 'Điểm'."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng 1"
    ws.append(["BẢNG ĐIỂM CHỈ SỐ CCHC (bộ mẫu kiểm thử, đánh số La Mã)"])
    ws.append([])
    ws.append(["TT", "Nội dung", "Điểm", "Hướng dẫn chấm", "Tài liệu kiểm chứng"])
    rows = [
        ("I", "Công tác chỉ đạo, điều hành", 3, None, None),
        ("1", "Kế hoạch CCHC", 2, None, None),
        ("a)", "Ban hành đúng hạn", 1, "Đúng hạn: 1; Chậm: 0", "Kế hoạch"),
        ("b)", "Tỷ lệ hoàn thành", 1, "Trên 90%: 1; từ 70% đến 90%: 0,5; dưới 70%: 0", "Báo cáo"),
        ("2", "Tuyên truyền CCHC", 1, "Tự đánh giá", "Tin, bài"),
        ("II", "Cải cách thủ tục hành chính", 2, None, None),
        ("1", "Công bố thủ tục hành chính đúng hạn", 2, "Mỗi thủ tục công bố chậm trừ 0,5 điểm", "Quyết định công bố"),
    ]
    for row in rows:
        ws.append(list(row))
    ws.append(["", "Tổng cộng", 5])
    wb.save(path)


if __name__ == "__main__":
    write_annex(HERE / "bo-tieu-chi-mau-2023.xlsx", 2023, _rows_2023())
    write_annex(HERE / "bo-tieu-chi-mau-2024.xlsx", 2024, _rows_2024())
    write_roman(HERE / "bo-tieu-chi-la-ma.xlsx")
    print("written:", ", ".join(p.name for p in sorted(HERE.glob("*.xlsx"))))

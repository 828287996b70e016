"""The page's own words (menus, buttons, headings) in Vietnamese and English, and numbers written the
way each language writes them (39,97 in Vietnamese, 39.97 in English). Labels of results (states,
severities, column names) come from the API with the results, as the terminal prints them."""

from __future__ import annotations

from compliance.vocab import format_points

WORDS: dict[str, tuple[str, str]] = {
    "app": ("Chấm điểm cải cách hành chính", "Administrative-reform scoring"),
    "home": ("Trang chủ", "Home"),
    "agency": ("Cơ quan tự đánh giá", "Agency self-assessment"),
    "inspector": ("Thẩm định, xếp hạng", "Appraisal and ranking"),
    "registers": ("Sổ theo dõi hồ sơ", "Dossier registers"),
    "history": ("Lịch sử các vòng", "History of rounds"),
    "lang_switch": ("English", "Tiếng Việt"),
    "home_agency": ("Tải biểu mẫu, nộp biểu đã điền hoặc báo cáo, xem bảng điểm và các tồn tại cần khắc phục.",
                    "Download the form, upload it filled in or your report, see the scorecard and the gaps to fix."),
    "home_inspector": ("Nộp nhiều biểu mẫu, chạy vòng đánh giá, thẩm định hai vòng, xếp hạng, tải bảng tính cho Hội đồng.",
                       "Upload many forms, run the round, appraise in two rounds, rank, download the council workbook."),
    "home_registers": ("Nộp sổ theo dõi hồ sơ và danh mục TTHC: biểu tổng hợp định kỳ và các phát hiện một cửa.",
                       "Upload a dossier register and the procedure catalogue: the periodic table and the one-stop findings."),
    "local_only": ("Máy chủ chỉ nghe trên máy này; tệp tải lên được xoá ngay sau mỗi lần xử lý.",
                   "The server listens on this machine only; uploaded files are deleted after each request."),
    "shared_server": ("Máy chủ dùng chung: mỗi yêu cầu cần mã truy cập; tệp tải lên được xoá ngay sau mỗi lần xử lý.",
                      "A shared server: every request needs the access token; uploaded files are deleted after each request."),
    "step_edition": ("1. Chọn bộ tiêu chí", "1. Choose the criteria edition"),
    "unit_type": ("Loại đơn vị", "Unit type"),
    "year": ("Năm đánh giá", "Year assessed"),
    "show_editions": ("Xem bộ tiêu chí phù hợp", "Show the fitting editions"),
    "no_edition": ("Không có bộ tiêu chí nào cho loại đơn vị và năm này.", "No edition fits this unit type and year."),
    "download_form": ("Tải biểu mẫu (.xlsx)", "Download the form (.xlsx)"),
    "not_scorable": ("chưa có nội dung để chấm", "no content to score yet"),
    "valid": ("Hiệu lực", "Valid"),
    "step_upload": ("2. Nộp biểu mẫu đã điền hoặc tệp YAML/JSON", "2. Upload the filled form or a YAML/JSON file"),
    "file": ("Tệp", "File"),
    "criteria_override": ("Bộ tiêu chí (để trống: theo tệp, loại đơn vị và kỳ)",
                          "Criteria edition (empty: as the file, unit type and period say)"),
    "auto": ("tự chọn", "automatic"),
    "score": ("Chấm điểm", "Score"),
    "step_report": ("3. Kiểm tra báo cáo trước khi gửi (.docx, .pdf, .txt, .md)",
                    "3. Check a narrative report before it is sent (.docx, .pdf, .txt, .md)"),
    "check_report": ("Kiểm tra báo cáo", "Check the report"),
    "error": ("Không xử lý được", "Could not process"),
    "scorecard": ("Bảng điểm", "Scorecard"),
    "download_xlsx": ("Tải bảng tính đã chấm (.xlsx)", "Download the scored workbook (.xlsx)"),
    "download_json": ("Tải JSON", "Download JSON"),
    "chart_fields": ("Điểm theo lĩnh vực so với điểm tối đa", "Points by field against their maxima"),
    "open_all": ("Mở tất cả", "Open all"),
    "inputs": ("Số liệu dùng", "Inputs used"),
    "evidence": ("Tài liệu kiểm chứng", "Evidence"),
    "modelled_on": ("Mô phỏng theo", "Modelled on"),
    "method": ("Cách chấm", "Method"),
    "model_warning": ("Bộ tiêu chí mẫu của dự án, không phải văn bản chính thức: điểm chỉ để tham khảo.",
                      "The project's model criteria set, not an official text: points are for reference."),
    "source_cell": ("nguồn", "source"),
    "upload_forms": ("1. Nộp biểu mẫu (nhiều tệp hoặc một tệp .zip)", "1. Upload forms (several files or one .zip)"),
    "forms": ("Biểu mẫu", "Forms"),
    "add": ("Thêm", "Add"),
    "clear": ("Xoá hết", "Clear all"),
    "in_round": ("Hồ sơ trong vòng", "Submissions in the round"),
    "none_yet": ("Chưa có.", "None yet."),
    "appraisal_file": ("2. Tệp thẩm định (.yaml/.json, hoặc bảng tính xuất từ vòng) và tệp miễn trừ",
                       "2. Appraisal file (.yaml/.json, or the workbook exported from the round) and waivers file"),
    "appraisal": ("Thẩm định", "Appraisal"),
    "waivers": ("Miễn trừ", "Waivers"),
    "use": ("Dùng", "Use"),
    "appraisal_in_use": ("Thẩm định đang dùng", "Appraisal in use"),
    "entered_in_page": ("nhập trên trang", "entered in the page"),
    "run_round": ("3. Chạy vòng đánh giá", "3. Run the round"),
    "run": ("Chạy", "Run"),
    "db_note": ("Vòng được lưu vào lịch sử: {db}", "The round is stored in the history: {db}"),
    "no_db": ("Không lưu lịch sử (khởi động với --db TỆP để lưu).", "Not stored (start with --db FILE to keep a history)."),
    "ranking": ("Xếp hạng", "Ranking"),
    "download_council": ("Tải bảng tính cho Hội đồng (.xlsx)", "Download the council workbook (.xlsx)"),
    "download_appraisal": ("Tải bảng thẩm định (.xlsx)", "Download the appraisal workbook (.xlsx)"),
    "round_json": ("Tải JSON của vòng", "Download the round's JSON"),
    "back_round": ("Về vòng đánh giá", "Back to the round"),
    "appraise": ("Thẩm định hai vòng", "Appraise in two rounds"),
    "save_rerun": ("Lưu và chấm lại", "Save and score again"),
    "note": ("ghi chú", "note"),
    "by": ("người thẩm định", "by"),
    "explanation": ("Giải trình của cơ quan", "Agency's explanation"),
    "round1": ("Vòng 1", "Round 1"),
    "round2": ("Vòng 2", "Round 2"),
    "bonus": ("Điểm thưởng", "Bonus"),
    "penalty": ("Điểm trừ", "Penalty"),
    "points": ("Điểm", "Points"),
    "reason": ("Lý do", "Reason"),
    "gaps": ("Tồn tại", "Gaps"),
    "waived": ("miễn trừ", "waived"),
    "agency_history": ("Chỉ số qua các vòng", "Index over the rounds"),
    "agency_code": ("Mã cơ quan", "Agency code"),
    "show": ("Xem", "Show"),
    "stored_rounds": ("Các vòng đã lưu", "Stored rounds"),
    "register": ("Sổ theo dõi hồ sơ (.csv/.xlsx)", "Dossier register (.csv/.xlsx)"),
    "catalogue": ("Danh mục TTHC (không bắt buộc)", "Procedure catalogue (optional)"),
    "period": ("Kỳ (2020, 2020-Q1, 2020-H1, 2020-06; để trống: theo sổ)",
               "Period (2020, 2020-Q1, 2020-H1, 2020-06; empty: the register's dates)"),
    "apology_days": ("Hạn xin lỗi tính theo", "Apology deadline counted in"),
    "publication_days": ("Hạn công khai tính theo", "Publication deadline counted in"),
    "days": ("ngày", "days"),
    "working_days": ("ngày làm việc", "working days"),
    "check_register": ("Kiểm tra sổ", "Check the register"),
    "working": ("Đang xử lý…", "Working…"),
    "failed": ("Không thành công", "Failed"),
    "summary": ("Biểu tổng hợp (Biểu 06/VPCP/KSTT)", "Periodic table (form 06/VPCP/KSTT)"),
    "rates": ("Tỷ lệ", "Rates"),
    "rules": ("Quy tắc một cửa", "One-stop rules"),
    "groups": ("Phát hiện theo quy tắc × cơ quan × thủ tục", "Findings by rule × agency × procedure"),
    "notes": ("Ghi chú", "Notes"),
    "rows_read": ("Số dòng đã đọc", "Rows read"),
    "first_dossiers": ("Hồ sơ đầu tiên (dòng)", "First dossiers (row)"),
    "download_check": ("Tải bảng tính kết quả (.xlsx)", "Download the results workbook (.xlsx)"),
    "no_findings": ("Không có phát hiện.", "No findings."),
    "not_found": ("Không tìm thấy (đã hết hạn hoặc chưa tạo)", "Not found (expired or never made)"),
    "lint_title": ("Kết quả kiểm tra báo cáo", "Report check"),
    "place": ("Vị trí", "Place"),
    "finding": ("Nội dung", "Finding"),
    "paragraphs_n": ("{n} đoạn", "{n} paragraphs"),
    "tables_n": ("{n} bảng", "{n} tables"),
    "quote": ("Trích", "Quote"),
    "assumptions": ("Giả định khi đọc", "Assumptions made"),
    "edit": ("Sửa", "Edit"),
    "max_points": ("Điểm tối đa", "Max"),
    "self_score": ("Tự chấm", "Self"),
    "computed": ("Máy chấm", "Computed"),
    "final": ("Điểm cuối", "Final"),
    "round_col": ("Vòng", "Round"),
    "period_col": ("Kỳ", "Period"),
    "edition_col": ("Bộ tiêu chí", "Edition"),
    "index_col": ("Chỉ số %", "Index %"),
    "rank_col": ("Hạng", "Rank"),
    "class_col": ("Xếp loại", "Class"),
    "agency_col": ("Cơ quan", "Agency"),
    "procedure_col": ("Thủ tục", "Procedure"),
    "count_col": ("Số hồ sơ", "Count"),
    "basis_col": ("Căn cứ", "Legal basis"),
    "agencies_n": ("{n} cơ quan", "{n} agencies"),
    "unauthorised": ("Cần mã truy cập (--token)", "An access token is needed (--token)"),
}


def word(key: str, lang: str, **values) -> str:
    """The page word ``key`` in ``lang``, with ``{name}`` values filled in."""
    vi, en = WORDS[key]
    return (en if lang == "en" else vi).format(**values) if values else (en if lang == "en" else vi)


def num(value: float | int | None, lang: str, places: int | None = None) -> str:
    """A number as the language writes it: ``places`` decimals (None: points, up to three decimals with
    trailing zeros dropped); Vietnamese swaps the marks (1.234,5), English keeps 1,234.5; None → ""."""
    if value is None:
        return ""
    text = f"{value:,.{places}f}" if places is not None else _grouped_points(value)
    if lang != "en":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.replace("-", "−")


def _grouped_points(value: float) -> str:
    text = format_points(value)
    whole, dot, frac = text.partition(".")
    return f"{int(whole):,}" + dot + frac if whole.lstrip("-").isdigit() else text

"""Output labels in Vietnamese (default) and English, in one place."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "agency": ("Cơ quan", "Agency"),
    "unit_type": ("Loại đơn vị", "Unit type"),
    "period": ("Kỳ đánh giá", "Period"),
    "edition": ("Bộ tiêu chí", "Criteria edition"),
    "edition_source": ("Nguồn", "Source"),
    "confidence": ("Độ tin cậy", "Confidence"),
    "chosen_by": ("chọn theo", "chosen by"),
    "index": ("Chỉ số", "Index"),
    "class": ("Xếp loại", "Class"),
    "formula": ("Công thức", "Formula"),
    "denominator": ("Mẫu số", "Denominator"),
    "scorecard": ("BẢNG ĐIỂM", "SCORECARD"),
    "gaps": ("TỒN TẠI, HẠN CHẾ", "GAPS"),
    "checks": ("KIỂM TRA SỐ LIỆU", "CONSISTENCY CHECKS"),
    "informational": ("SỐ LIỆU THAM KHẢO (không chấm điểm)", "INFORMATIONAL FIGURES (not scored)"),
    "total": ("TỔNG", "TOTAL"),
    "stt": ("STT", "No."),
    "name": ("Lĩnh vực / Tiêu chí / Tiêu chí thành phần", "Field / criterion / sub-criterion"),
    "max": ("Điểm tối đa", "Max"),
    "computed": ("Điểm chấm", "Computed"),
    "self": ("Tự đánh giá", "Self"),
    "difference": ("Chênh lệch", "Difference"),
    "state": ("Trạng thái", "State"),
    "reason": ("Lý do", "Reason"),
    "severity": ("Mức độ", "Severity"),
    "subject": ("Đối tượng", "Subject"),
    "what": ("Nội dung", "What is wrong"),
    "count": ("Số lượng", "Count"),
    "legal_basis": ("Căn cứ pháp lý", "Legal basis"),
    "remediation": ("Việc cần làm", "What to do"),
    "rule": ("Quy tắc", "Rule"),
    "check": ("Kiểm tra", "Check"),
    "result": ("Kết quả", "Result"),
    "arithmetic": ("Phép tính", "Arithmetic"),
    "value": ("Giá trị", "Value"),
    "scope": ("Phạm vi", "Scope"),
    "source": ("Nguồn số liệu", "Source"),
    "model_note": ("(*) giá trị mẫu, không phải văn bản chính thức", "(*) model value, not an official text"),
    "model_set": ("bộ mẫu, không có quyết định ban hành", "model set, no issuing decision"),
    "incomplete": ("chưa đầy đủ: có nút chưa rõ (unknown) không được chấm", "incomplete: unknown nodes are not scored"),
    "provisional": ("Tạm tính: {n} điểm chưa chấm được (thiếu số liệu hoặc điểm điều tra) được tính 0",
                    "Provisional: {n} points could not be checked (no data or no survey) and count 0"),
    "outside_validity": ("Lưu ý: bộ tiêu chí có hiệu lực {span}, không bao trùm cả kỳ đánh giá {period}: phần kỳ "
                         "ngoài thời gian hiệu lực vẫn được chấm theo bộ tiêu chí này",
                         "Note: the criteria edition is in force {span}, not over the whole period {period}: the "
                         "part of the period outside it is scored on this edition all the same"),
    "figure": ("Số liệu", "Figure"),
    "no_gaps": ("Không phát hiện tồn tại.", "No gaps found."),
    "not_applicable_note": ("{n} điểm không áp dụng với loại đơn vị này, đã loại khỏi mẫu số",
                            "{n} points do not apply to this unit type and are left out of the denominator"),
    "yes": ("đạt", "ok"),
    "no": ("không khớp", "mismatch"),
    "not_checked": ("không đủ số liệu", "not enough data"),
}

STATES: dict[str, tuple[str, str]] = {
    "pass": ("đạt", "pass"),
    "partial": ("đạt một phần", "partial"),
    "fail": ("không đạt", "fail"),
    "not_applicable": ("không áp dụng", "not_applicable"),
    "not_checked": ("chưa chấm", "not_checked"),
    "error": ("lỗi", "error"),
    "waived": ("miễn trừ", "waived"),
}

SEVERITIES: dict[str, tuple[str, str]] = {
    "critical": ("nghiêm trọng", "critical"),
    "high": ("cao", "high"),
    "medium": ("trung bình", "medium"),
    "low": ("thấp", "low"),
    "info": ("thông tin", "info"),
}

SCOPES: dict[str, tuple[str, str]] = {
    "province": ("toàn tỉnh", "province-wide"),
    "other_agency": ("cơ quan khác", "other agency"),
    "own": ("của cơ quan", "own"),
}


def label(key: str, lang: str, **values) -> str:
    """The label for ``key`` in ``lang`` ("vi" or "en"), with ``{name}`` values filled in."""
    vi, en = LABELS[key]
    return (en if lang == "en" else vi).format(**values)


def pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    vi, en = table.get(key, (key, key))
    return en if lang == "en" else vi

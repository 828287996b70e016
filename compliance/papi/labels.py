"""Output labels for the PAPI commands, Vietnamese by default, English with ``--lang en``."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # key: (vi, en)
    "rank": ("Hạng", "Rank"),
    "province": ("Tỉnh", "Province"),
    "aggregate": ("Tổng hợp", "Aggregate"),
    "group": ("Nhóm", "Group"),
    "score": ("Điểm", "Score"),
    "year": ("Năm", "Year"),
    "dimension": ("Nội dung", "Dimension"),
    "subdimension": ("Nội dung thành phần", "Sub-dimension"),
    "median": ("Trung vị toàn quốc", "National median"),
    "best": ("Cao nhất toàn quốc", "National best"),
    "best_province": ("Tỉnh cao nhất", "Best province"),
    "change": ("Thay đổi so với năm trước", "Change vs previous year"),
    "group.best": ("Cao nhất", "Best"),
    "group.high_average": ("Trung bình cao", "High average"),
    "group.low_average": ("Trung bình thấp", "Low average"),
    "group.poor": ("Thấp nhất", "Poor"),
    "structure": ("Cấu trúc", "Structure"),
    "group_rule": ("Quy tắc chia nhóm", "Group rule"),
    "group_sizes": ("Số tỉnh mỗi nhóm", "Provinces per group"),
    "excluded": ("Không xếp hạng", "Not ranked"),
    "absent": ("Không có dữ liệu trong tệp (không xếp hạng)", "No data in the file (not ranked)"),
    "assumption": ("Giả định", "Assumption"),
    "note": ("Ghi chú", "Note"),
    "ranking_title": ("Xếp hạng PAPI tổng hợp", "PAPI aggregate ranking"),
    "dimensions_title": ("Điểm, hạng và nhóm theo nội dung", "Score, rank and group per dimension"),
    "legend": ("Ký hiệu cột", "Column legend"),
    "formula": ("Cách tính", "Formula"),
    "formula_text": ("Nội dung = tổng các nội dung thành phần; tổng hợp = tổng các nội dung (không trọng số); "
                     "hạng đồng hạng khi bằng điểm (làm tròn 6 chữ số thập phân): 1, 2, 2, 4.",
                     "Dimension = sum of its sub-dimensions; aggregate = unweighted sum of the dimensions; "
                     "equal scores (rounded to 6 decimals) share a rank: 1, 2, 2, 4."),
    "dim_short": ("ND", "D"),
    "profile_title": ("Hồ sơ PAPI", "PAPI profile"),
    "gaps": ("Điểm yếu cần lưu ý", "Flagged gaps"),
    "gap.poor": ("Nội dung thành phần trong nhóm thấp nhất", "Sub-dimension in the poor group"),
    "gap.poor_dim": ("Nội dung trong nhóm thấp nhất", "Dimension in the poor group"),
    "gap.fall": ("Giảm mạnh so với năm trước", "Sharp fall from the previous year"),
    "gap.fall_other": ("Giảm so với năm trước", "Fall from the previous year"),
    "fall_rule": ("Giảm mạnh: mức giảm thuộc nhóm 10% thấp nhất trong thay đổi của các tỉnh ở cùng nội dung "
                  "(ít hơn 10% số tỉnh giảm nhiều hơn); quy tắc của công cụ, không phải của PAPI.",
                  "Sharp fall: a fall in the bottom decile of all provinces' changes of that measure (fewer "
                  "than 10% of the provinces fell further); the tool's rule, not PAPI's."),
    "vs": ("so với", "vs"),
    "key": ("mã", "key"),
    "confidence": ("độ tin cậy", "confidence"),
    "confidence.high": ("cao", "high"),
    "confidence.medium": ("trung bình", "medium"),
    "confidence.low": ("thấp", "low"),
    "gap.distance": ("Cách xa tỉnh cao nhất", "Far from the best province"),
    "plan": ("Nhiệm vụ trong kế hoạch", "Plan tasks"),
    "task": ("Nhiệm vụ", "Task"),
    "result": ("Kết quả", "Result"),
    "state": ("Tình trạng", "State"),
    "reason": ("Lý do", "Reason"),
    "state.done": ("Đã hoàn thành", "Done"),
    "state.in_progress": ("Đang thực hiện", "In progress"),
    "state.not_done": ("Chưa thực hiện", "Not done"),
    "state.unknown": ("Không rõ", "Unknown"),
    "uncovered": ("Nội dung thuộc nhóm thấp nhất chưa có nhiệm vụ nào", "Poor-group dimensions no task addresses"),
    "not_in_era": ("không có trong cấu trúc năm", "not in the structure of year"),
    "not_comparable": ("không so sánh được", "not comparable"),
    "no_previous": ("không có dữ liệu năm trước", "no data for the previous year"),
    "merged": ("tỉnh mới từ 01/7/2025: xem điểm từng tỉnh cũ", "formed on 01/7/2025: see each former province"),
    "none": ("không có", "none"),
    "findings": ("Phát hiện", "Findings"),
    "checked": ("Đã kiểm tra", "Checked"),
}


def t(key: str, lang: str) -> str:
    """Label ``key`` in ``lang`` ('vi' or 'en')."""
    vi, en = LABELS[key]
    return en if lang == "en" else vi


def group_label(group: str, lang: str) -> str:
    return t(f"group.{group}", lang)


class Msg:
    """A message in both languages; ``get(lang)`` picks one, ``str()`` gives the Vietnamese."""

    def __init__(self, vi: str, en: str):
        self.vi, self.en = vi, en

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def __str__(self) -> str:
        return self.vi

    def __contains__(self, part: str) -> bool:
        return part in self.vi or part in self.en

    def __repr__(self) -> str:
        return f"Msg({self.vi!r}, {self.en!r})"

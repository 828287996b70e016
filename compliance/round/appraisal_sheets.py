"""The appraisal workbook's layout, shared by its writer (:func:`compliance.round.workbook.write_appraisal_workbook`)
and its reader (:mod:`compliance.round.appraisal_xlsx`): sheet names and columns (key, Vietnamese,
English), the settings' labels, and the words for bonus and penalty."""

from __future__ import annotations

ITEM_SHEET = ("Thẩm định", "Appraisal")
ADJ_SHEET = ("Thưởng - Trừ", "Bonus - Penalty")
INFO_SHEET = ("Thông tin", "Settings")
ITEM_COLUMNS = [  # key, vi, en; columns marked * are read back
    ("agency", "Mã cơ quan", "Agency code"), ("agency_name", "Tên cơ quan", "Agency name"),
    ("criterion", "Tiêu chí", "Criterion"), ("name", "Tên tiêu chí", "Name"), ("max", "Điểm tối đa", "Max"),
    ("min", "Điểm tối thiểu", "Min"), ("self", "Tự chấm", "Self"), ("computed", "Máy chấm", "Computed"),
    ("round1", "Vòng 1 - điểm", "Round 1 points"), ("round1_note", "Vòng 1 - ghi chú", "Round 1 note"),
    ("round1_by", "Vòng 1 - người thẩm định", "Round 1 by"), ("explanation", "Giải trình", "Explanation"),
    ("round2", "Vòng 2 - điểm", "Round 2 points"), ("round2_note", "Vòng 2 - ghi chú", "Round 2 note"),
    ("round2_by", "Vòng 2 - người thẩm định", "Round 2 by")]
ADJ_COLUMNS = [("agency", "Mã cơ quan", "Agency code"), ("kind", "Loại (thưởng/trừ)", "Kind (bonus/penalty)"),
               ("points", "Điểm", "Points"), ("reason", "Lý do", "Reason"),
               ("evidence", "Tài liệu kiểm chứng (cách nhau bằng ;)", "Evidence (separated by ;)"),
               ("by", "Người quyết định", "By"), ("explanation", "Giải trình", "Explanation")]
INFO_KEYS = [("round", "Vòng đánh giá", "Round"), ("council", "Hội đồng thẩm định", "Council"),
             ("appraised_on", "Ngày thẩm định", "Appraised on"), ("bonus_cap", "Trần điểm thưởng", "Bonus cap"),
             ("penalty_cap", "Trần điểm trừ", "Penalty cap")]
KINDS = {"thuong": "bonus", "bonus": "bonus", "tru": "penalty", "penalty": "penalty"}

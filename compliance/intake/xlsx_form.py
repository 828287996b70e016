"""The Excel fill-in form: its layout (shared with the template writer) and its reader.

The form (``compliance template``) has one sheet per data section of a submission. The reader finds
sheets and columns **by name**, never by position: sheet names and headers are compared with
:func:`compliance.io.vnparse.normalize_key` (case and diacritics do not matter, the English name
is accepted too), so a moved sheet, an added column or a reordered column does not break reading.

Values may be typed the Vietnamese or the English way, or be real numbers, dates or formulas:

- counts and numbers: ``28.044``, ``28044``, ``1,5``, a real number, or a formula's saved result;
  a formula with no saved result (a file written by a program and never opened in a spreadsheet)
  is an error naming the cell, because its value is unknown;
- percentages are in percent points (``47,26`` or ``47,26 %`` → 47.26); a number in a cell formatted
  as a spreadsheet percentage (``0.4726`` shown as ``47.26%``) is read as 47.26;
- dates: real dates, ``dd/mm/yyyy`` text or Excel serials (:func:`compliance.io.vnparse.parse_date`);
  the dates of documents are kept as written (a typo such as ``13/01/20120`` is kept and flagged by
  the rules, never corrected).

Figure codes (sheet Số liệu): the rows the criteria read are listed in advance under their codes; the
agency may add figures of its own under codes of its own. A code that looks like a slip of a
criteria code whose own row is left blank (``satisfacton_rate``) is an error naming the cell and the
code meant, never a figure silently left out of the scoring (:func:`misspelt_figure`).

Every error is an :class:`compliance.errors.InputError` naming the file, the sheet and the cell (or row).
The workbook is opened through :func:`compliance.io.safety.open_untrusted` (no macros, size caps,
defusedxml). Text cells are read as text: a cell holding ``=1+1`` as text reads back as ``=1+1``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from compliance.errors import InputError
from compliance.io.vnparse import VnParseError, normalize_key, parse_date, parse_number
from compliance.model.submission import Submission
from compliance.io.safety import open_untrusted, unreadable

# ------------------------------------------------------------------------------------------- layout

CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "unit_type": {
        "province": ("UBND tỉnh", "province"),
        "department": ("Sở, ban, ngành", "department"),
        "provincial_office": ("Văn phòng UBND tỉnh", "provincial office"),
        "district": ("UBND huyện", "district"),
        "commune": ("UBND xã", "commune"),
        "one_stop_centre": ("Trung tâm Hành chính công", "one-stop centre"),
    },
    "role": {
        "issued": ("Cơ quan ban hành", "issued"),
        "advised": ("Cơ quan tham mưu", "advised"),
        "cited": ("Văn bản viện dẫn", "cited"),
    },
    "lateness": {
        "late": ("Trễ hạn thực tế", "really late"),
        "software_only": ("Chỉ trễ trên phần mềm", "late in the software only"),
    },
    "apology": {
        "yes": ("Có", "yes"),
        "no": ("Không", "no"),
        "not_stated": ("Báo cáo không nêu", "not stated"),
        "not_applicable": ("Không áp dụng", "not applicable"),
    },
    "figure_unit": {
        "count": ("Số lượng", "count"),
        "percent": ("Tỷ lệ %", "percent"),
        "number": ("Số", "number"),
    },
    "scope": {
        "own": ("Của cơ quan", "own"),
        "province": ("Toàn tỉnh", "province-wide"),
        "other_agency": ("Của cơ quan khác", "other agency"),
    },
    "qualifier": {
        "exact": ("Chính xác", "exact"),
        "above": ("Trên", "above"),
        "about": ("Khoảng", "about"),
        "at_least": ("Ít nhất", "at least"),
    },
    "plan_kind": {
        "papi": ("PAPI", "PAPI"),
        "par_index": ("PAR INDEX", "PAR INDEX"),
        "par": ("CCHC", "PAR"),
    },
    "task_state": {
        "done": ("Hoàn thành", "done"),
        "in_progress": ("Đang thực hiện", "in progress"),
        "not_done": ("Chưa thực hiện", "not done"),
        "unknown": ("Không rõ", "unknown"),
    },
}
"""Coded values and the words the form shows for them (vi, en). The reader accepts either word or the code."""


@dataclass(frozen=True)
class Col:
    """A column of a form table (or a row of the key/value sheet).

    ``path``: where the value goes in the row's data (dotted: ``received.total``); ``kind``: text, id,
    datetext (a date kept as written), date, count (whole ≥ 0), number, percent (0–100 points),
    points, choice, list (``;`` or new lines), lines (new lines); ``group``: the upper header of a
    two-row header; ``en``: the English header, also written in the header's cell comment.
    """

    path: str
    vi: str
    en: str
    kind: str = "text"
    required: bool = False
    choices: str | None = None
    group: str | None = None
    group_en: str | None = None
    width: float = 16
    help: str = ""
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class Sheet:
    """A sheet of the form: ``key`` (the submission section), names, layout, columns."""

    key: str
    vi: str
    en: str
    layout: str  # "keyvalue" | "table"
    cols: tuple[Col, ...]
    help: str = ""


AGENCY = Sheet("agency", "Cơ quan", "Agency", "keyvalue", (
    Col("agency.code", "Mã cơ quan", "Agency code", "id", True, help="Stable code of the agency across rounds"),
    Col("agency.name", "Tên cơ quan", "Agency name", "text", True),
    Col("agency.name_en", "Tên tiếng Anh", "English name"),
    Col("agency.unit_type", "Loại đơn vị", "Unit type", "choice", True, choices="unit_type"),
    Col("agency.province", "Tỉnh, thành phố", "Province"),
    Col("agency.parent", "Cơ quan cấp trên", "Parent agency"),
    Col("period.from", "Kỳ đánh giá từ ngày", "Period from", "date", True),
    Col("period.to", "Kỳ đánh giá đến ngày", "Period to", "date", True),
    Col("period.label", "Tên kỳ đánh giá", "Period label"),
    Col("criteria", "Bộ tiêu chí", "Criteria edition id", "id"),
    Col("report.title", "Tên báo cáo", "Report title", help="Title of the report this submission encodes"),
    Col("report.number", "Số, ký hiệu báo cáo", "Report number"),
    Col("report.date", "Ngày báo cáo", "Report date (as written)", "datetext"),
    Col("report.kind", "Loại văn bản báo cáo", "Report document kind"),
    Col("report.issuer", "Cơ quan ban hành báo cáo", "Report issuer"),
    Col("report.role", "Vai trò đối với báo cáo", "Role in the report", "choice", choices="role"),
    Col("report.section", "Ghi chú về báo cáo", "Note on the report"),
), help="One value per row: fill the Giá trị column.")

DOCUMENTS = Sheet("documents", "Văn bản", "Documents", "table", (
    Col("number", "Số, ký hiệu", "Number and symbol", width=18),
    Col("date", "Ngày ban hành", "Date (as written, dd/mm/yyyy)", "datetext", width=14),
    Col("kind", "Loại văn bản", "Document kind", width=14),
    Col("issuer", "Cơ quan ban hành", "Issuer", width=22),
    Col("title", "Trích yếu", "Title", "text", True, width=60),
    Col("role", "Vai trò", "Role (issued / advised / cited)", "choice", True, choices="role", width=18),
    Col("topics", "Chủ đề", "Topics the criteria look for (codes, separated by ;)", "list", width=28,
        help="e.g. par_plan; it_plan"),
    Col("section", "Mục trong báo cáo", "Section of the report", width=14),
))

DOSSIERS = Sheet("dossiers", "Hồ sơ TTHC", "Dossiers", "table", (
    Col("scope", "Phạm vi", "Scope (where the dossiers were handled)", "text", True, width=24),
    Col("period.from", "Từ ngày", "From", "date", width=12),
    Col("period.to", "Đến ngày", "To", "date", width=12),
    Col("period.label", "Tên kỳ", "Period label", width=20),
    Col("received.total", "Tổng số", "Total", "count", group="Số hồ sơ nhận giải quyết", group_en="Dossiers received"),
    Col("received.online", "Trực tuyến", "Online", "count", group="Số hồ sơ nhận giải quyết", group_en="Dossiers received"),
    Col("received.in_person_post", "Trực tiếp, qua bưu chính", "In person or by post", "count",
        group="Số hồ sơ nhận giải quyết", group_en="Dossiers received"),
    Col("received.carried_over", "Từ kỳ trước chuyển qua", "Carried over", "count",
        group="Số hồ sơ nhận giải quyết", group_en="Dossiers received"),
    Col("resolved.total", "Tổng số", "Total", "count", group="Số hồ sơ đã giải quyết", group_en="Dossiers resolved"),
    Col("resolved.early", "Trước hạn", "Early", "count", group="Số hồ sơ đã giải quyết", group_en="Dossiers resolved"),
    Col("resolved.on_time", "Đúng hạn", "On time", "count", group="Số hồ sơ đã giải quyết", group_en="Dossiers resolved"),
    Col("resolved.late", "Quá hạn", "Late", "count", group="Số hồ sơ đã giải quyết", group_en="Dossiers resolved"),
    Col("in_progress.total", "Tổng số", "Total", "count", group="Số hồ sơ đang giải quyết", group_en="Dossiers in progress"),
    Col("in_progress.within_time", "Trong hạn", "Within time", "count", group="Số hồ sơ đang giải quyết",
        group_en="Dossiers in progress"),
    Col("in_progress.overdue", "Quá hạn", "Overdue", "count", group="Số hồ sơ đang giải quyết",
        group_en="Dossiers in progress"),
    Col("stated_rates.online", "Trực tuyến", "Online", "percent", group="Tỷ lệ ghi trong báo cáo (%)",
        group_en="Rates as the report states them (%)"),
    Col("stated_rates.early", "Trước hạn", "Early", "percent", group="Tỷ lệ ghi trong báo cáo (%)",
        group_en="Rates as the report states them (%)"),
    Col("stated_rates.on_time", "Đúng hạn", "On time", "percent", group="Tỷ lệ ghi trong báo cáo (%)",
        group_en="Rates as the report states them (%)"),
    Col("stated_rates.late", "Quá hạn", "Late", "percent", group="Tỷ lệ ghi trong báo cáo (%)",
        group_en="Rates as the report states them (%)"),
    Col("source", "Nguồn", "Where in the report", width=40),
), help="The periodic report table (Biểu 06/VPCP/KSTT, TT 01/2020/TT-VPCP): one row.")

LATE = Sheet("late_dossiers", "Hồ sơ trễ hạn", "Late dossiers", "table", (
    Col("id", "Mã nhóm", "Group id (unique)", "id", True, width=16),
    Col("agency", "Cơ quan giải quyết", "Resolving agency", "text", True, width=28),
    Col("agency_code", "Mã cơ quan giải quyết", "Resolving agency code", "id", width=16),
    Col("procedure", "Thủ tục hành chính", "Administrative procedure", width=24),
    Col("count", "Số hồ sơ", "Number of dossiers", "count", True, width=10, min=1),
    Col("lateness", "Loại trễ hạn", "Really late, or late in the software only", "choice", choices="lateness", width=20),
    Col("apology_letter", "Văn bản xin lỗi", "Apology letter sent", "choice", True, choices="apology", width=16),
    Col("late_steps", "Bước trễ hạn", "Steps that were late (separated by ;)", "list", width=24),
    Col("reason", "Lý do", "Reason given", width=30),
    Col("text", "Nội dung như báo cáo", "Text as the report words it", "text", True, width=50),
    Col("source", "Nguồn", "Where in the report", width=12),
))

FIGURES = Sheet("figures", "Số liệu", "Figures", "table", (
    Col("id", "Mã số liệu", "Figure id (the criteria read these ids)", "id", True, width=30),
    Col("label", "Nội dung", "What the figure is", "text", True, width=60),
    Col("value", "Giá trị", "Value (a percentage in points: 47,26)", "number", width=12),
    Col("unit", "Đơn vị", "Unit", "choice", True, choices="figure_unit", width=12),
    Col("scope", "Phạm vi", "Whose work it measures", "choice", choices="scope", width=18),
    Col("agency", "Cơ quan (nếu của cơ quan khác)", "Agency, for another agency's figure", width=24),
    Col("qualifier", "Mức", "How the text bounds it", "choice", choices="qualifier", width=12),
    Col("text", "Nguyên văn", "As written in the report", width=20),
    Col("source", "Nguồn", "Where in the report", width=14),
), help="A row whose Giá trị is empty is not reported (the criterion it feeds is then not checked).")

TRAINING = Sheet("training", "Đào tạo", "Training", "table", (
    Col("course", "Khóa đào tạo, bồi dưỡng", "Course", "text", True, width=50),
    Col("participants", "Số người tham gia", "Participants", "count", True, width=14),
    Col("staff", "Đối tượng", "Staff category", width=24),
))

PLANS = Sheet("plans", "Kế hoạch", "Plans", "table", (
    Col("id", "Mã kế hoạch", "Plan id (unique; tasks name it)", "id", True, width=18),
    Col("kind", "Loại kế hoạch", "Plan kind", "choice", True, choices="plan_kind", width=14),
    Col("title", "Tên kế hoạch", "Title", "text", True, width=60),
    Col("basis", "Văn bản căn cứ", "Basis document (as written)", width=18),
    Col("basis_date", "Ngày văn bản căn cứ", "Basis date (as written)", "datetext", width=14),
    Col("section", "Mục trong báo cáo", "Section of the report", width=12),
))

TASKS = Sheet("tasks", "Nhiệm vụ", "Tasks", "table", (
    Col("plan", "Mã kế hoạch", "Plan id (from the Kế hoạch sheet)", "id", True, width=16),
    Col("id", "Mã nhiệm vụ", "Task id (unique within its plan)", "id", True, width=10),
    Col("criterion", "Tiêu chí PAR INDEX", "PAR INDEX node id", "id", width=10),
    Col("dimension", "Nội dung PAPI", "PAPI dimension key", "id", width=18),
    Col("heading", "Nhóm nhiệm vụ", "Heading", width=28),
    Col("task", "Nhiệm vụ", "Task", "text", True, width=50),
    Col("result", "Kết quả thực hiện", "Result as written", "text", True, width=50),
    Col("state", "Trạng thái", "State", "choice", True, choices="task_state", width=16),
    Col("reason", "Lý do chưa hoàn thành", "Reason when not done", width=20),
    Col("target.percent", "Chỉ tiêu (%)", "Target in %", "percent", width=10),
    Col("target.count", "Chỉ tiêu (số lượng)", "Target count", "count", width=10),
    Col("target.of_metric", "Chỉ tiêu tính trên", "Metric the target % is of", "id", width=16),
    Col("target.text", "Chỉ tiêu nguyên văn", "Target as written", width=24),
    Col("achieved_count", "Số lượng đạt được", "Count achieved", "count", width=10),
))

SELF = Sheet("self_assessment", "Tự đánh giá", "Self-assessment", "table", (
    Col("id", "STT", "Node id", "id", True, width=8),
    Col("name", "Tiêu chí", "Criterion", width=56),
    Col("max", "Điểm tối đa", "Max points", "points", width=10),
    Col("points", "Điểm tự đánh giá", "Self-assessed points", "points", width=12),
    Col("evidence", "Tài liệu kiểm chứng", "Evidence documents (one per line)", "lines", width=44),
    Col("explanation", "Giải trình", "The agency's explanation", width=36),
    Col("survey", "Điểm điều tra XHH", "Survey points (filled by the appraising body)", "points", width=12),
), help="Fill the sub-criteria's points with their evidence; parents are summed by the tool.")

NOTES = Sheet("notes", "Ghi chú", "Notes", "table", (
    Col("note", "Ghi chú", "Note", "text", True, width=120),
))

SHEETS: tuple[Sheet, ...] = (AGENCY, DOCUMENTS, DOSSIERS, LATE, FIGURES, TRAINING, PLANS, TASKS, SELF, NOTES)
INSTRUCTIONS = ("Hướng dẫn", "Instructions")
LISTS = ("Danh mục", "Lists")
KEYVALUE_HEAD = (Col("label", "Thông tin", "Item", width=34), Col("value", "Giá trị", "Value", width=60))
HEADER_SCAN = 12


def choice_word(kind: str, code: str, lang: str = "vi") -> str:
    vi, en = CHOICES[kind][code]
    return en if lang == "en" else vi


def criteria_figures() -> list[tuple[str, str, str]]:
    """(figure code, Vietnamese title, unit "percent" | "count") of every figure a metric of ``rules/`` reads.

    A metric reads a figure when it is ``kind: value`` with ``path: figures.<code>.value``
    (rules/metrics.yaml); the order is the rule book's. These are the rows the template lists in
    advance on the Số liệu sheet.
    """
    from compliance.catalog import rulebook

    out = []
    for metric in rulebook().metrics.values():
        path = getattr(metric, "path", None) or ""
        if metric.kind == "value" and path.startswith("figures.") and path.endswith(".value"):
            out.append((path.split(".")[1], metric.title.vi, "percent" if metric.unit == "percent" else "count"))
    return out


MISSPELT_RATIO = 0.9
"""How alike (difflib ratio, 0–1) an unknown figure code must be to a criteria code to be taken for a slip."""


def misspelt_figure(code: str, known: list[str], reported: set[str]) -> str | None:
    """The criteria figure code that ``code`` looks like a slip of, or None when ``code`` looks intentional.

    The form accepts figures of the agency's own besides those the criteria read (they are kept, and
    the ones about other bodies are listed as informational figures); a criteria figure whose code is
    mistyped would otherwise be dropped without a word and its criterion left unchecked. ``code``
    (not in ``known``) is taken for a slip of the known code K nearest to it (difflib) when:

    - it equals K once case, spaces, hyphens and diacritics are ignored (``Satisfaction Rate``), or
    - it is as alike as :data:`MISSPELT_RATIO` to K and K itself is not in ``reported`` (the codes
      given a value): ``satisfacton_rate`` while ``satisfaction_rate`` is blank or gone.

    So ``online_services_level_1_2`` beside a reported ``online_services_level_3``, or
    ``digital_signature_rate_province`` (ratio 0.88 to ``digital_signature_rate_own``), are kept as
    figures of their own.
    """
    if code in known:
        return None
    flat = _flat_code(code)
    for k in known:
        if _flat_code(k) == flat:
            return k
    close = difflib.get_close_matches(code, known, n=1, cutoff=MISSPELT_RATIO)
    if close and close[0] not in reported:
        return close[0]
    return None


def _flat_code(code: str) -> str:
    return normalize_key(code).replace(" ", "")


# ------------------------------------------------------------------------------------------- reader

def _where(ws, row: int, col: int | None = None) -> str:
    from openpyxl.utils import get_column_letter

    return f"sheet {ws.title}, cell {get_column_letter(col)}{row}" if col else f"sheet {ws.title}, row {row}"


def _is_percent_format(fmt: str | None) -> bool:
    """True when a number format really scales by 100 (``0.00%``), not when "%" is quoted text."""
    if not fmt:
        return False
    bare = re.sub(r'"[^"]*"|\\.', "", fmt)
    return "%" in bare


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _day_text(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass
class _Reader:
    path: Path
    wb: Any  # values (cached results of formulas)
    fwb: Any  # the same workbook with formulas (None when no sheet holds a formula)
    sources: dict[tuple, str] = field(default_factory=dict)
    cells: dict[tuple, str] = field(default_factory=dict)
    notes: dict[tuple, str] = field(default_factory=dict)

    def fail(self, message: str, where: str | None = None):
        raise InputError(self.path, message, where)

    # -- sheets and headers ---------------------------------------------------------------------

    def sheet(self, spec: Sheet):
        wanted = {normalize_key(spec.vi), normalize_key(spec.en)}
        found = [ws for ws in self.wb.worksheets if normalize_key(ws.title) in wanted]
        if not found:
            names = ", ".join(ws.title for ws in self.wb.worksheets)
            self.fail(f"no sheet '{spec.vi}' ({spec.en}); the workbook has: {names}")
        if len(found) > 1:
            self.fail(f"two sheets are named '{spec.vi}': {found[0].title}, {found[1].title}")
        return found[0]

    def raw(self, ws, row: int, col: int):
        """The value of a cell (a formula's saved result); InputError for a formula with no saved result."""
        value = ws.cell(row=row, column=col).value
        if value is None and self.fwb is not None:
            fcell = self.fwb[ws.title].cell(row=row, column=col)
            if fcell.data_type == "f" or (isinstance(fcell.value, str) and fcell.data_type == "f"):
                self.fail(f"the formula {str(fcell.value)[:60]} has no saved result; open the file in Excel or "
                          "LibreOffice and save it, or type the value", _where(ws, row, col))
        if isinstance(value, str):
            value = _nfc(value)
            if not value.strip():
                return None
        return value

    def merged_value(self, ws, row: int, col: int):
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
                return ws.cell(row=rng.min_row, column=rng.min_col).value
        return ws.cell(row=row, column=col).value

    def header(self, ws, spec: Sheet, cols: tuple[Col, ...]) -> tuple[int, dict[str, int]]:
        """Find the header row (the one naming most columns) and map each column to its position."""
        names = {c.path: {normalize_key(c.vi), normalize_key(c.en)} for c in cols}
        every = set().union(*names.values())
        best, best_row = 0, None
        for r in range(1, min(ws.max_row, HEADER_SCAN) + 1):
            hits = sum(1 for c in range(1, ws.max_column + 1)
                       if isinstance(ws.cell(row=r, column=c).value, str)
                       and normalize_key(ws.cell(row=r, column=c).value) in every)
            if hits > best:
                best, best_row = hits, r
        if best_row is None:
            self.fail(f"no header row found in the first {HEADER_SCAN} rows (expected columns such as "
                      f"'{cols[0].vi}')", f"sheet {ws.title}")
        positions: dict[str, int] = {}
        for col in cols:
            hits = []
            for c in range(1, ws.max_column + 1):
                text = ws.cell(row=best_row, column=c).value
                if not isinstance(text, str) or normalize_key(text) not in names[col.path]:
                    continue
                if col.group:
                    group = self.merged_value(ws, best_row - 1, c) if best_row > 1 else None
                    if not isinstance(group, str) or normalize_key(group) not in {normalize_key(col.group),
                                                                                   normalize_key(col.group_en or "")}:
                        continue
                hits.append(c)
            label = f"{col.group} / {col.vi}" if col.group else col.vi
            if len(hits) > 1:
                from openpyxl.utils import get_column_letter
                cells = ", ".join(f"{get_column_letter(h)}{best_row}" for h in hits)
                self.fail(f"two columns are headed '{label}' ({cells}); keep one", f"sheet {ws.title}, row {best_row}")
            if hits:
                positions[col.path] = hits[0]
            elif col.required:
                self.fail(f"no column '{label}' ({col.en}) in the header row; was it renamed or deleted?",
                          f"sheet {ws.title}, row {best_row}")
        for rng in ws.merged_cells.ranges:
            if rng.max_row > best_row:
                self.fail(f"cells {rng.coord} are merged across the data; unmerge them so each value has its own cell",
                          f"sheet {ws.title}")
        return best_row, positions

    # -- values ---------------------------------------------------------------------------------

    def convert(self, ws, row: int, col_no: int, col: Col):
        value = self.raw(ws, row, col_no)
        if value is None:
            return None
        where = _where(ws, row, col_no)
        kind = col.kind
        try:
            if kind in ("text", "id"):
                if isinstance(value, bool):
                    self.fail(f"expected text, found {value}", where)
                if isinstance(value, dt.datetime | dt.date):
                    value = _day_text(value if isinstance(value, dt.date) and not isinstance(value, dt.datetime)
                                      else value.date())
                elif isinstance(value, float):
                    value = str(int(value)) if value.is_integer() else repr(value)
                elif not isinstance(value, str):
                    value = str(value)
                return value.strip() if kind == "id" else value
            if kind == "datetext":
                if isinstance(value, str):
                    return value
                return _day_text(parse_date(value).date)
            if kind == "date":
                return parse_date(value).date.isoformat()
            if kind in ("count", "number", "percent", "points"):
                return self.number(ws, row, col_no, col, value, where)
            if kind == "choice":
                table = CHOICES[col.choices]
                key = normalize_key(str(value))
                for code, (vi, en) in table.items():
                    if key in (normalize_key(vi), normalize_key(en), normalize_key(code)):
                        return code
                allowed = "; ".join(vi for vi, _ in table.values())
                self.fail(f"'{value}' is not one of: {allowed}", where)
            if kind == "list":
                parts = re.split(r"[;\n]", str(value))
                return [p.strip() for p in parts if p.strip()]
            if kind == "lines":
                return [p.strip() for p in str(value).splitlines() if p.strip()]
        except VnParseError as exc:
            self.fail(str(exc), where)
        raise AssertionError(f"unknown column kind {kind}")

    def number(self, ws, row, col_no, col: Col, value, where):
        if isinstance(value, dt.datetime | dt.date):
            self.fail(f"expected a number, found the date {value:%d/%m/%Y}", where)
        parsed = parse_number(value)
        number = parsed.value
        note = parsed.note
        if col.kind in ("percent", "number") and isinstance(value, (int, float)) and \
                _is_percent_format(ws.cell(row=row, column=col_no).number_format):
            number = round(number * 100, 10)
            number = int(number) if float(number).is_integer() else number
            note = "a spreadsheet percentage, read in percent points"
        if col.kind == "count":
            if parsed.percent:
                self.fail(f"expected a count, found the percentage {value!r}", where)
            if isinstance(number, float):
                self.fail(f"expected a whole number of {col.en.lower()}, found {value!r}", where)
            if number < (col.min if col.min is not None else 0):
                self.fail(f"expected a count ≥ {col.min or 0:g}, found {number}", where)
        if col.kind == "percent" and not 0 <= number <= 100:
            self.fail(f"expected a percentage between 0 and 100, found {value!r}", where)
        if note:
            self.notes[(ws.title, row, col_no)] = note
        return number

    # -- sections -------------------------------------------------------------------------------

    def keyvalue(self, spec: Sheet) -> dict:
        ws = self.sheet(spec)
        head_row, pos = self.header(ws, spec, KEYVALUE_HEAD)
        if "label" not in pos or "value" not in pos:
            self.fail("expected the columns 'Thông tin' and 'Giá trị'", f"sheet {ws.title}, row {head_row}")
        by_label = {normalize_key(c.vi): c for c in spec.cols} | {normalize_key(c.en): c for c in spec.cols}
        seen: dict[str, int] = {}
        out: dict = {}
        for r in range(head_row + 1, ws.max_row + 1):
            text = ws.cell(row=r, column=pos["label"]).value
            if not isinstance(text, str) or normalize_key(text) not in by_label:
                continue
            col = by_label[normalize_key(text)]
            if col.path in seen:
                self.fail(f"'{col.vi}' is given twice (rows {seen[col.path]} and {r})", f"sheet {ws.title}")
            seen[col.path] = r
            value = self.convert(ws, r, pos["value"], col)
            if value is not None:
                _set(out, col.path, value)
                self.note_source(tuple(col.path.split(".")), _where(ws, r, pos["value"]))
        for col in spec.cols:
            if col.required and col.path not in seen:
                self.fail(f"no row '{col.vi}' ({col.en}); was it renamed or deleted?", f"sheet {ws.title}")
            if col.required and _get(out, col.path) is None:
                self.fail(f"'{col.vi}' ({col.en}) is required", _where(ws, seen[col.path], pos["value"]))
        return out

    def rows(self, spec: Sheet) -> list[tuple[int, dict, dict[str, int], Any]]:
        """Each non-blank data row: (row number, data, column positions, worksheet)."""
        ws = self.sheet(spec)
        head_row, pos = self.header(ws, spec, spec.cols)
        out = []
        for r in range(head_row + 1, ws.max_row + 1):
            item: dict = {}
            for col in spec.cols:
                if col.path not in pos:
                    continue
                value = self.convert(ws, r, pos[col.path], col)
                if value is not None and value != []:
                    _set(item, col.path, value)
            if item:
                out.append((r, item, pos, ws))
        return out

    def required(self, spec: Sheet, r: int, item: dict, pos: dict, ws, skip: tuple = ()) -> None:
        for col in spec.cols:
            if col.required and col.path not in skip and _get(item, col.path) is None:
                where = _where(ws, r, pos[col.path]) if col.path in pos else _where(ws, r)
                self.fail(f"'{col.vi}' ({col.en}) is required in a filled row", where)

    def note_source(self, loc: tuple, where: str) -> None:
        self.sources[loc] = where

    def table(self, spec: Sheet, section: str) -> list[dict]:
        items = []
        for r, item, pos, ws in self.rows(spec):
            self.required(spec, r, item, pos, ws)
            i = len(items)
            self.note_source((section, i), _where(ws, r))
            for col in spec.cols:
                if col.path in pos:
                    self.cells[(section, i) + tuple(col.path.split("."))] = _where(ws, r, pos[col.path])
            items.append(item)
        if items:
            self.note_source((section,), f"sheet {self.sheet(spec).title}")
        return items

    def read(self, edition_nodes: set[str] | None = None) -> dict:
        data = self.keyvalue(AGENCY)
        data["documents"] = self.table(DOCUMENTS, "documents")
        dossiers = self.table(DOSSIERS, "dossiers")
        if len(dossiers) > 1:
            ws = self.sheet(DOSSIERS)
            self.fail("one row is read here (the submission holds one dossier summary); found "
                      f"{len(dossiers)} filled rows", f"sheet {ws.title}")
        if dossiers:
            data["dossiers"] = dossiers[0]
            for loc, where in list(self.cells.items()):
                if loc[:2] == ("dossiers", 0):
                    self.sources[("dossiers",) + loc[2:]] = where
            self.sources[("dossiers",)] = self.sources.pop(("dossiers", 0))
        data["late_dossiers"] = self.table(LATE, "late_dossiers")
        data["figures"] = self.figures()
        data["training"] = self.table(TRAINING, "training")
        data["plans"] = self.plans()
        data["self_assessment"], data["survey"] = self.self_assessment()
        data["notes"] = [n["note"] for n in self.table(NOTES, "notes")]
        return data

    def figures(self) -> dict:
        out: dict[str, dict] = {}
        code_cells: dict[str, str] = {}
        for r, item, pos, ws in self.rows(FIGURES):
            if "value" not in item:
                filled = set(item) - {"id", "label", "unit", "scope", "qualifier"}
                if filled:
                    self.fail("a figure row with details but no value; fill Giá trị or clear the row",
                              _where(ws, r, pos.get("value")))
                continue
            self.required(FIGURES, r, item, pos, ws)
            key = item.pop("id")
            if key in out:
                self.fail(f"figure id '{key}' is used twice", _where(ws, r, pos["id"]))
            if item.get("unit") == "percent" and not 0 <= item["value"] <= 100:
                self.fail(f"a percentage is between 0 and 100, found {item['value']:g}", _where(ws, r, pos["value"]))
            out[key] = item
            code_cells[key] = _where(ws, r, pos["id"])
            self.note_source(("figures", key), _where(ws, r))
            self.note_source(("figures", key, "value"), _where(ws, r, pos["value"]))
            for col in FIGURES.cols:
                if col.path in pos:
                    self.cells[("figures", key, col.path)] = _where(ws, r, pos[col.path])
        self.misspelt_figures(code_cells)
        return out

    def misspelt_figures(self, code_cells: dict[str, str]) -> None:
        """InputError for a reported figure (code → its cell) whose code looks like a slip of a criteria
        code (see :func:`misspelt_figure`), naming the cell and the code meant."""
        known = [code for code, _title, _unit in criteria_figures()]
        for code, where in code_cells.items():
            meant = misspelt_figure(code, known, set(code_cells))
            if meant is not None:
                self.fail(f"figure code '{code}' is not one the criteria read; did you mean '{meant}'? "
                          "(a figure of your own needs a code unlike the criteria's)", where)

    def plans(self) -> list[dict]:
        plans = self.table(PLANS, "plans")
        index = {p["id"]: i for i, p in enumerate(plans)}
        for p in plans:
            p["tasks"] = []
        for r, item, pos, ws in self.rows(TASKS):
            self.required(TASKS, r, item, pos, ws)
            plan_id = item.pop("plan")
            if plan_id not in index:
                known = ", ".join(index) or "none"
                self.fail(f"plan '{plan_id}' is not on the {PLANS.vi} sheet (plans: {known})", _where(ws, r, pos["plan"]))
            p = index[plan_id]
            t = len(plans[p]["tasks"])
            plans[p]["tasks"].append(item)
            self.note_source(("plans", p, "tasks", t), _where(ws, r))
            for col in TASKS.cols:
                if col.path in pos and col.path != "plan":
                    self.cells[("plans", p, "tasks", t) + tuple(col.path.split("."))] = _where(ws, r, pos[col.path])
        return plans

    def self_assessment(self) -> tuple[dict, dict]:
        scores: dict[str, dict] = {}
        survey: dict[str, float] = {}
        for r, item, pos, ws in self.rows(SELF):
            given = set(item) - {"id", "name", "max"}
            if not given:
                continue
            if "id" not in item:
                self.fail("a filled row without its STT (node id)", _where(ws, r, pos.get("id")))
            node = item["id"]
            if "survey" in item:
                survey[node] = item["survey"]
                self.note_source(("survey", node), _where(ws, r, pos["survey"]))
            if given - {"survey"}:
                if "points" not in item:
                    self.fail(f"evidence or explanation for {node} without self-assessed points; fill Điểm tự đánh giá",
                              _where(ws, r, pos.get("points")))
                if node in scores:
                    self.fail(f"node {node} is self-assessed twice", _where(ws, r, pos["id"]))
                scores[node] = {k: item[k] for k in ("points", "evidence", "explanation") if k in item}
                self.note_source(("self_assessment", node), _where(ws, r, pos["points"]))
                self.note_source(("self_assessment", node, "points"), _where(ws, r, pos["points"]))
        return scores, survey


def _set(data: dict, path: str, value) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def _get(data: dict, path: str):
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _error_place(reader: _Reader, loc: tuple) -> str | None:
    loc = tuple(loc)
    while loc:
        if loc in reader.cells:
            return reader.cells[loc]
        if loc in reader.sources:
            return reader.sources[loc]
        loc = loc[:-1]
    return None


def _has_formulas(path: Path) -> bool:
    """True when some worksheet part holds a formula element (``<f>``); the package is already checked."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with zf.open(info) as fh:
                    tail = b""
                    while chunk := fh.read(1 << 20):
                        if re.search(rb"<(?:\w+:)?f[ >/]", tail + chunk):
                            return True
                        tail = chunk[-16:]
    return False


def read_form(path: str | Path):
    """Read a filled form (.xlsx) as a submission.

    Returns a :class:`compliance.intake.submission.LoadedSubmission` whose ``sources`` map data paths
    (``("dossiers", "resolved", "total")``, ``("figures", "satisfaction_rate", "value")``,
    ``("late_dossiers", 3)``, ``("plans", 0, "tasks", 2)``) to "sheet Hồ sơ TTHC, cell J5" or
    "sheet Nhiệm vụ, row 7", so every score can say where its figure came from. A node's own points
    and survey points, ``("self_assessment", "1.1.1")`` and ``("survey", "8.1")``, map to their
    cells ("sheet Tự đánh giá, cell D6"), so a check of their range can name the cell.

    Raises InputError (file, sheet, cell) for: a refused or damaged workbook (see
    :func:`compliance.io.safety.open_untrusted`), a missing sheet, a figure code that looks like a
    slip of a code the criteria read (:func:`misspelt_figure`), a renamed or missing required
    header or row, merged cells across data rows, a formula without a saved result, text where a
    number or date belongs, a value outside its range or list, and anything the submission schema refuses.
    """
    from openpyxl import load_workbook

    from compliance.intake.submission import LoadedSubmission

    path = Path(path)
    wb = open_untrusted(path)
    fwb = None
    if _has_formulas(path):  # only then is a second parse needed, to tell a formula without a result from a blank
        try:
            fwb = load_workbook(path, data_only=False, keep_vba=False, keep_links=False)
        except Exception as exc:  # noqa: BLE001 - any parse failure of an outside file is bad input
            raise unreadable(path, exc) from None
    reader = _Reader(path, wb, fwb)
    data = reader.read()
    try:
        submission = Submission.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        place = _error_place(reader, loc) or "/".join(str(p) for p in loc)
        message = err["msg"].removeprefix("Value error, ")
        raise InputError(path, message, place) from None
    sources = dict(reader.sources)
    for loc, where in reader.cells.items():
        sources.setdefault(loc, where)
    for (sheet, row, col), note in reader.notes.items():
        for loc, where in list(sources.items()):
            if where == _where(reader.wb[sheet], row, col):
                sources[loc] = f"{where} ({note})"
    return LoadedSubmission(submission=submission, path=path, folder=path.parent, sources=sources)

"""The Excel fill-in form's layout, shared by the template writer (:mod:`compliance.template`) and the
form reader (:mod:`compliance.intake.xlsx_form`): its sheets, their columns (Vietnamese and English
headers, kinds, groups of a two-row header), the coded choices and their words, and the figure codes
the criteria read."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from compliance.i18n import M
from compliance.io.table import Column
from compliance.io.vnparse import normalize_key
from compliance.model.criteria import Edition
from compliance.vocab import UnitType

CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "unit_type": {
        "province": ("UBND tỉnh", "province"),
        "department": ("Sở, ban, ngành", "department"),
        "provincial_office": ("Văn phòng UBND tỉnh", "provincial office"),
        "district": ("UBND huyện", "district"),
        "commune": ("UBND xã, phường, đặc khu", "commune, ward or special zone"),
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
"""Coded values and the words the form shows for them (vi, en). The reader accepts either word or the code.
Two more tables come from the rule book (:func:`choice_table`): ``topic`` and ``target_base``."""


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
    help: str = ""  # a catalogue message (compliance.i18n.M): the form says it in Vietnamese, then in English
    min: float | None = None
    max: float | None = None

    def column(self) -> Column:
        """The column as the tabular reader looks for it: by its Vietnamese or English header, under its
        group's header when it has one."""
        parents = tuple(p for p in (self.group, self.group_en) if p)
        return Column(self.path, (self.vi, self.en), self.required, parents)


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
    Col("agency.code", "Mã cơ quan", "Agency code", "id", True, help=M("Stable code of the agency across rounds")),
    Col("agency.name", "Tên cơ quan", "Agency name", "text", True),
    Col("agency.name_en", "Tên tiếng Anh", "English name"),
    Col("agency.unit_type", "Loại đơn vị", "Unit type", "choice", True, choices="unit_type"),
    Col("agency.province", "Tỉnh, thành phố", "Province"),
    Col("agency.parent", "Cơ quan cấp trên", "Parent agency"),
    Col("period.from", "Kỳ đánh giá từ ngày", "Period from", "date", True),
    Col("period.to", "Kỳ đánh giá đến ngày", "Period to", "date", True),
    Col("period.label", "Tên kỳ đánh giá", "Period label"),
    Col("criteria", "Bộ tiêu chí", "Criteria edition id", "id"),
    Col("report.title", "Tên báo cáo", "Report title", help=M("Title of the report this submission encodes")),
    Col("report.number", "Số, ký hiệu báo cáo", "Report number"),
    Col("report.date", "Ngày báo cáo", "Report date (as written)", "datetext"),
    Col("report.kind", "Loại văn bản báo cáo", "Report document kind"),
    Col("report.issuer", "Cơ quan ban hành báo cáo", "Report issuer"),
    Col("report.role", "Vai trò đối với báo cáo", "Role in the report", "choice", choices="role"),
    Col("report.section", "Ghi chú về báo cáo", "Note on the report"),
), help=M("One value per row: fill the Giá trị column."))

DOCUMENTS = Sheet("documents", "Văn bản", "Documents", "table", (
    Col("number", "Số, ký hiệu", "Number and symbol", width=18),
    Col("date", "Ngày ban hành", "Date (as written, dd/mm/yyyy)", "datetext", width=14),
    Col("kind", "Loại văn bản", "Document kind", width=14),
    Col("issuer", "Cơ quan ban hành", "Issuer", width=22),
    Col("title", "Trích yếu", "Title", "text", True, width=60),
    Col("role", "Vai trò", "Role (issued / advised / cited)", "choice", True, choices="role", width=18),
    Col("topics", "Chủ đề", "Topics the criteria look for (from the list, or codes; separated by ;)", "list",
        choices="topic", width=28, help=M("e.g. Kế hoạch CCHC năm của cơ quan (hạn 31/01); par_plan; it_plan")),
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
    Col("stated_rates.early_on_time", "Trước hạn và đúng hạn", "Early or on time", "percent",
        group="Tỷ lệ ghi trong báo cáo (%)", group_en="Rates as the report states them (%)"),
    Col("stated_rates.late", "Quá hạn", "Late", "percent", group="Tỷ lệ ghi trong báo cáo (%)",
        group_en="Rates as the report states them (%)"),
    Col("source", "Nguồn", "Where in the report", width=40),
), help=M("The periodic report table (Biểu 06/VPCP/KSTT, TT 01/2020/TT-VPCP): one row."))

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
    Col("received.from", "Tiếp nhận từ ngày", "Received from", "date", width=12,
        help=M("When the report says: the legal basis is chosen by the receipt date (01/7/2025: Nghị định 118/2025/NĐ-CP)")),
    Col("received.to", "Tiếp nhận đến ngày", "Received until", "date", width=12),
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
), help=M("A row whose Giá trị is empty is not reported (the criterion it feeds is then not checked)."))

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
    Col("target.of_metric", "Chỉ tiêu tính trên", "Metric the target % is of (from the list, or its id)", "id",
        choices="target_base", width=16),
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
), help=M("Fill the sub-criteria's points with their evidence; parents are summed by the tool."))

NOTES = Sheet("notes", "Ghi chú", "Notes", "table", (
    Col("note", "Ghi chú", "Note", "text", True, width=120),
))

SHEETS: tuple[Sheet, ...] = (AGENCY, DOCUMENTS, DOSSIERS, LATE, FIGURES, TRAINING, PLANS, TASKS, SELF, NOTES)
INSTRUCTIONS = ("Hướng dẫn", "Instructions")
LISTS = ("Danh mục", "Lists")
KEYVALUE_HEAD = (Col("label", "Thông tin", "Item", width=34), Col("value", "Giá trị", "Value", width=60))


_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")


def choice_table(kind: str) -> dict[str, tuple[str, str]]:
    """Code → (vi, en) words of a coded column: the fixed tables of :data:`CHOICES`, and two from the rule
    book: ``topic`` (a document's topics, worded by the title of the first document metric that looks
    for each, without its bracket: "par_plan" → "Kế hoạch CCHC năm của cơ quan") and ``target_base`` (the metrics a
    plan task's target may be a percentage of, by their titles)."""
    if kind in CHOICES:
        return CHOICES[kind]
    from compliance.catalog import rulebook

    metrics = rulebook().metrics.values()
    if kind == "topic":
        out: dict[str, tuple[str, str]] = {}
        for m in metrics:
            for topic in m.topics if m.kind == "document" else ():
                out.setdefault(topic, (_BRACKET.sub("", m.title.vi), _BRACKET.sub("", m.title.en or m.title.vi)))
        return out
    if kind == "target_base":
        return {m.id: (m.title.vi, m.title.en or m.title.vi) for m in metrics if m.target_base}
    raise KeyError(kind)


def choice_word(kind: str, code: str, lang: str = "vi") -> str:
    """The word of ``code`` in the ``kind`` table; a code the table does not have (a topic of the
    agency's own) is shown as it is."""
    words = choice_table(kind).get(code)
    if words is None:
        return code
    return words[1] if lang == "en" else words[0]


#: other words offices write for a coded value (compared without diacritics), beside the list's own words
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "unit_type": {
        "province": ("tỉnh", "UBND cấp tỉnh"),
        "department": ("Sở", "Ban", "Sở, ngành", "sở ban ngành"),
        "district": ("huyện", "UBND cấp huyện", "UBND quận", "UBND thị xã", "UBND thành phố thuộc tỉnh"),
        "commune": ("xã", "phường", "đặc khu", "UBND xã", "UBND phường", "UBND đặc khu", "UBND cấp xã",
                    "UBND thị trấn"),
        "one_stop_centre": ("Trung tâm Phục vụ hành chính công", "Bộ phận một cửa"),
    },
}


def choice_code(kind: str, text: str) -> str | None:
    """The code whose word (Vietnamese or English, with or without diacritics), synonym
    (:data:`SYNONYMS`) or code ``text`` is; None when it is none of them."""
    key = normalize_key(text)
    for code, (vi, en) in choice_table(kind).items():
        others = SYNONYMS.get(kind, {}).get(code, ())
        if key in (normalize_key(vi), normalize_key(en), normalize_key(code), *map(normalize_key, others)):
            return code
    return None


def edition_choices(edition: Edition) -> dict[str, dict[str, tuple[str, str]]]:
    """The lists a form for ``edition`` offers: every table of :data:`CHOICES`, with the unit types cut
    to those the edition applies to that exist on its last day (no "UBND huyện" on a 2026 form), the
    topics its criteria look for and the plan-target bases in use on its last day (levels 3 and 4 of
    online services for a 2020 edition, "toàn trình" and "một phần" from 2022)."""
    from compliance.catalog import metrics_read, rulebook

    day = edition.last_day
    read = metrics_read(edition)
    book = rulebook()
    topics = {t for m in book.metrics.values() if m.id in read and m.kind == "document" for t in m.topics}
    out = dict(CHOICES)
    out["unit_type"] = {code: words for code, words in CHOICES["unit_type"].items()
                        if UnitType(code) in edition.unit_types and UnitType(code).exists_for(day)}
    out["topic"] = {code: words for code, words in choice_table("topic").items() if code in topics}
    out["target_base"] = {code: words for code, words in choice_table("target_base").items()
                          if code in read and book.metrics[code].in_use(day)}
    return out


def criteria_figures(edition: Edition | None = None) -> list[tuple[str, str, str]]:
    """(figure code, Vietnamese title, unit "percent" | "count") of every figure a metric of ``rules/``
    reads — with ``edition``, of those a submission scored on it is read for
    (:func:`compliance.catalog.metrics_read`: its leaves, the checks on them, the plan-target bases of
    its dates), the rows the template lists in advance on the Số liệu sheet.

    A metric reads a figure when it is ``kind: value`` with ``path: figures.<code>.value``
    (rules/metrics.yaml); the order is the rule book's.
    """
    from compliance.catalog import metrics_read, rulebook

    read = metrics_read(edition) if edition is not None else None
    out = []
    for metric in rulebook().metrics.values():
        path = getattr(metric, "path", None) or ""
        if metric.kind == "value" and path.startswith("figures.") and path.endswith(".value") and (
                read is None or metric.id in read):
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

"""Canonical fields of a dossier register (sổ theo dõi hồ sơ) and of a procedure catalogue.

One row of a register is one dossier (hồ sơ). The one-stop software of each province names its
columns differently; each field declares its names (:meth:`Field.column`) and the product's tabular
reader (:mod:`compliance.io.table`) finds them, with or without diacritics, in Vietnamese or English
(``"Ngày hẹn trả"``, ``"ngay hen tra"``, ``"due_at"``, ``"Due date"`` all give ``due_at``), also under
a merged header cell (``"Thủ tục hành chính"`` over ``"Mã" | "Tên"``; ``"Thời gian"`` or ``"Ngày"``
over ``"Tiếp nhận" | "Hẹn trả" | "Có kết quả"``).

Register fields follow the dossier register form (Mẫu 06 of TT 01/2018/TT-VPCP, Mẫu 07 of
TT 03/2025/TT-VPCP) and the periodic report form (Biểu 06/VPCP/KSTT of TT 01/2020/TT-VPCP); two
fields are added for the one-stop rules: ``reschedule_count`` (times the due date was moved) and
``paper_result_at`` (date on the paper result, to find dossiers marked late in the software only).

Coded values (channel, level, status) are matched the same way through :data:`CODES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compliance.i18n import Words
from compliance.io.table import Column
from compliance.io.vnparse import normalize_key

KINDS = ("text", "date", "int", "channel", "level", "status", "online_level")


@dataclass(frozen=True)
class Field:
    """A canonical column: ``name`` (English, used in code and rules), ``kind`` (one of :data:`KINDS`),
    ``required``, Vietnamese and English labels, further accepted header spellings, and the names it
    has under a merged header cell (``parents`` above, ``children`` under them)."""

    name: str
    kind: str
    required: bool
    vi: str
    en: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    parents: tuple[str, ...] = ()
    children: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        """Every normalized header spelling that maps to this field."""
        return {normalize_key(s) for s in (self.name, self.vi, self.en, *self.aliases)}

    def column(self) -> Column:
        """The field as the tabular reader looks for it."""
        return Column(self.name, (self.vi, self.en, self.name, *self.aliases), self.required, self.parents,
                      self.children + (self.vi, self.en) if self.parents else None)


PROCEDURE = ("Thủ tục hành chính", "Thủ tục", "TTHC", "Administrative procedure", "Procedure")
DATES = ("Thời gian", "Ngày", "Ngày tháng", "Thời gian giải quyết", "Dates")
APPLICANT = ("Tổ chức, cá nhân", "Người nộp", "Người nộp hồ sơ", "Applicant")


REGISTER_FIELDS: tuple[Field, ...] = (
    Field("dossier_code", "text", True, "Mã hồ sơ", "Dossier code",
          ("Số hồ sơ", "Mã số hồ sơ", "Số biên nhận", "Mã biên nhận", "Số phiếu hẹn", "code")),
    Field("procedure_code", "text", True, "Mã thủ tục", "Procedure code",
          ("Mã TTHC", "Mã thủ tục hành chính", "Mã số TTHC", "procedure"), PROCEDURE, ("Mã", "Mã số", "Code")),
    Field("procedure_name", "text", False, "Tên thủ tục", "Procedure name",
          ("Tên TTHC", "Tên thủ tục hành chính", "Thủ tục hành chính", "Thủ tục"), PROCEDURE, ("Tên", "Name")),
    Field("applicant", "text", False, "Người nộp", "Applicant",
          ("Tên người nộp", "Người nộp hồ sơ", "Tổ chức, cá nhân", "Tổ chức/cá nhân", "Chủ hồ sơ", "Tên tổ chức, cá nhân"),
          APPLICANT, ("Tên", "Họ và tên", "Họ tên", "Name")),
    Field("resolving_agency", "text", True, "Cơ quan giải quyết", "Resolving agency",
          ("Đơn vị giải quyết", "Cơ quan thụ lý", "Đơn vị xử lý", "Cơ quan xử lý", "Đơn vị", "agency")),
    Field("level", "level", False, "Cấp giải quyết", "Level", ("Cấp", "Cấp thực hiện", "Cấp hành chính")),
    Field("channel", "channel", True, "Hình thức nộp", "Channel",
          ("Kênh nộp", "Hình thức tiếp nhận", "Kênh tiếp nhận", "Phương thức nộp", "Hình thức")),
    Field("received_at", "date", True, "Ngày tiếp nhận", "Received at",
          ("Ngày nhận", "Thời gian tiếp nhận", "Ngày nhận hồ sơ", "Ngày tiếp nhận hồ sơ", "received", "receipt date"),
          DATES, ("Tiếp nhận", "Nhận", "Nhận hồ sơ")),
    Field("due_at", "date", True, "Ngày hẹn trả", "Due at",
          ("Ngày hẹn trả kết quả", "Hẹn trả kết quả", "Hẹn trả", "Thời hạn giải quyết", "due date", "due"),
          DATES, ("Hẹn trả", "Hẹn trả kết quả")),
    Field("transferred_at", "date", False, "Ngày chuyển xử lý", "Transferred at",
          ("Ngày chuyển", "Ngày chuyển hồ sơ", "transfer date")),
    Field("result_at", "date", False, "Ngày có kết quả", "Result at",
          ("Ngày hoàn thành", "Ngày giải quyết xong", "Ngày xử lý xong", "Ngày kết thúc xử lý", "result date", "completed at"),
          DATES, ("Có kết quả", "Hoàn thành", "Giải quyết xong")),
    Field("returned_at", "date", False, "Ngày trả kết quả", "Returned at",
          ("Ngày trả", "Ngày trả hồ sơ", "Ngày trả kết quả thực tế", "return date"), DATES, ("Trả kết quả", "Trả")),
    Field("apology_letter_at", "date", False, "Ngày văn bản xin lỗi", "Apology letter at",
          ("Ngày xin lỗi", "Ngày thư xin lỗi", "Ngày phiếu xin lỗi", "Văn bản xin lỗi", "Thư xin lỗi", "apology letter", "apology date")),
    Field("rescheduled_due_at", "date", False, "Ngày hẹn trả lại", "Rescheduled due at",
          ("Ngày hẹn lại", "Hẹn lại ngày trả kết quả", "Ngày gia hạn", "Ngày hẹn trả mới", "rescheduled due date")),
    Field("reschedule_count", "int", False, "Số lần gia hạn", "Reschedule count",
          ("Số lần hẹn lại", "Số lần điều chỉnh hạn", "Số lần gia hạn xử lý")),
    Field("supplement_requests", "int", False, "Số lần yêu cầu bổ sung", "Supplement requests",
          ("Yêu cầu bổ sung", "Số lần bổ sung", "Bổ sung hồ sơ")),
    Field("status", "status", False, "Trạng thái", "Status", ("Tình trạng", "Trạng thái hồ sơ", "Tình trạng xử lý")),
    Field("paper_result_at", "date", False, "Ngày kết quả bản giấy", "Paper result at",
          ("Ngày ký kết quả", "Ngày kết quả giấy", "Ngày ký kết quả bản giấy")),
    # QĐ 766/QĐ-TTg index (compliance.registers.index766): yes/no (or paid/exempt, a rating) as the
    # one-stop software exports them; read as text here, their values are checked by index766
    Field("online_payment", "text", False, "Thanh toán trực tuyến", "Online payment",
          ("Đã thanh toán trực tuyến", "Thanh toán trực tuyến phí, lệ phí", "Hình thức thanh toán", "Thanh toán")),
    Field("digitised_dossier", "text", False, "Số hóa hồ sơ", "Digitised dossier",
          ("Hồ sơ được số hóa", "Số hóa thành phần hồ sơ", "Đã số hóa hồ sơ", "Hồ sơ số hóa", "Digitized dossier")),
    Field("digitised_result", "text", False, "Kết quả điện tử", "Digitised result",
          ("Có kết quả điện tử", "Kết quả giải quyết điện tử", "Cấp kết quả điện tử", "Số hóa kết quả",
           "Digitized result", "Electronic result")),
    Field("reused_data", "text", False, "Tái sử dụng dữ liệu số hóa", "Reused digitised data",
          ("Sử dụng lại dữ liệu số hóa", "Khai thác dữ liệu số hóa", "Tái sử dụng dữ liệu", "Reused data")),
    Field("satisfaction_rating", "text", False, "Mức độ hài lòng", "Satisfaction rating",
          ("Đánh giá hài lòng", "Đánh giá mức độ hài lòng", "Kết quả đánh giá", "Đánh giá của người dân", "Satisfaction")),
)

CATALOGUE_FIELDS: tuple[Field, ...] = (
    Field("code", "text", True, "Mã thủ tục", "Procedure code", ("Mã TTHC", "Mã thủ tục hành chính", "procedure_code")),
    Field("name", "text", True, "Tên thủ tục", "Procedure name", ("Tên TTHC", "Tên thủ tục hành chính", "procedure_name")),
    Field("field", "text", False, "Lĩnh vực", "Field", ("Lĩnh vực TTHC",)),
    Field("issuer_level", "level", False, "Cấp công bố", "Issuer level", ("Cơ quan công bố", "Cấp ban hành quyết định công bố")),
    Field("publication_decision", "text", False, "Quyết định công bố", "Publication decision",
          ("Số quyết định công bố", "Số QĐ công bố", "QĐ công bố")),
    Field("publication_decision_date", "date", False, "Ngày quyết định công bố", "Publication decision date",
          ("Ngày QĐ công bố", "Ngày ban hành quyết định công bố", "Ngày công bố")),
    Field("legal_effective_date", "date", False, "Ngày văn bản quy phạm có hiệu lực", "Legal document effective date",
          ("Ngày hiệu lực văn bản", "Ngày có hiệu lực", "Ngày hiệu lực", "legal effective date")),
    Field("national_db_published_at", "date", False, "Ngày công khai trên CSDL quốc gia", "National database publication date",
          ("Ngày đăng CSDL quốc gia", "Ngày công khai CSDL", "Ngày cập nhật CSDL quốc gia", "national database date")),
    Field("internal_process_decision", "text", False, "Quyết định phê duyệt quy trình nội bộ", "Internal process decision",
          ("QĐ quy trình nội bộ", "Số QĐ quy trình nội bộ")),
    Field("internal_process_date", "date", False, "Ngày phê duyệt quy trình nội bộ", "Internal process approved on",
          ("Ngày QĐ quy trình nội bộ",)),
    Field("online_level", "online_level", False, "Mức độ dịch vụ công trực tuyến", "Online level",
          ("Mức độ DVC", "Mức độ DVCTT", "Mức độ", "online service level")),
    Field("abolished_on", "date", False, "Ngày bãi bỏ", "Abolished on", ("Ngày hết hiệu lực", "Bãi bỏ từ ngày", "abolished at")),
    # QĐ 766/QĐ-TTg index (compliance.registers.index766): read as text, values checked there
    Field("resolving_agency", "text", False, "Cơ quan thực hiện", "Resolving agency",
          ("Cơ quan giải quyết", "Đơn vị thực hiện", "Cơ quan thực hiện TTHC", "agency")),
    Field("portal_published", "text", False, "Công khai trên Cổng DVC", "Published on the portal",
          ("Công khai trên Cổng Dịch vụ công", "Đã công khai trên Cổng", "Công khai DVCTT", "Công khai trên Cổng DVCQG")),
    Field("fee_required", "text", False, "Phí, lệ phí", "Fee",
          ("Có phí, lệ phí", "Nghĩa vụ tài chính", "Có nghĩa vụ tài chính", "Mức phí, lệ phí", "fee required")),
    Field("paper_result", "text", False, "Kết quả bằng văn bản giấy", "Paper result required",
          ("Yêu cầu trả kết quả bằng văn bản", "Trả kết quả bằng văn bản, giấy tờ", "Kết quả bằng giấy")),
)

#: coded values: field kind → canonical code → accepted spellings (matched by normalize_key)
CODES: dict[str, dict[str, tuple[str, ...]]] = {
    "channel": {
        "online": ("online", "trực tuyến", "dịch vụ công trực tuyến", "DVC trực tuyến", "DVCTT", "qua mạng", "mức 3", "mức 4",
                   "mức độ 3", "mức độ 4", "toàn trình", "một phần", "internet", "nộp trực tuyến", "qua mạng internet", "qua cổng dịch vụ công"),
        "in_person": ("in_person", "in person", "trực tiếp", "tại quầy", "nộp trực tiếp", "tại bộ phận một cửa", "counter", "nộp trực tiếp tại quầy"),
        "post": ("post", "bưu chính", "bưu chính công ích", "BCCI", "qua bưu điện", "bưu điện", "dịch vụ bưu chính", "postal", "qua bưu chính", "qua dịch vụ bưu chính",
                 "qua bưu chính công ích", "nộp qua bưu chính"),
    },
    "level": {
        "ministry": ("ministry", "bộ", "cấp bộ", "trung ương", "central"),
        "province": ("province", "tỉnh", "cấp tỉnh", "sở", "provincial"),
        "district": ("district", "huyện", "cấp huyện"),
        "commune": ("commune", "xã", "cấp xã", "phường", "xã phường"),
    },
    "status": {
        "received": ("received", "mới tiếp nhận", "đã tiếp nhận", "tiếp nhận"),
        "in_progress": ("in_progress", "in progress", "đang xử lý", "đang giải quyết", "trong hạn", "chưa đến hạn", "đang thụ lý"),
        "overdue": ("overdue", "quá hạn đang xử lý", "đang xử lý quá hạn", "đang giải quyết quá hạn"),
        "awaiting_supplement": ("awaiting_supplement", "chờ bổ sung", "yêu cầu bổ sung", "đang bổ sung"),
        "resolved": ("resolved", "đã giải quyết", "đã xử lý xong", "hoàn thành", "đã có kết quả", "đã xử lý"),
        "returned": ("returned", "đã trả kết quả", "đã trả"),
        "early": ("early", "trước hạn", "đã giải quyết trước hạn"),
        "on_time": ("on_time", "on time", "đúng hạn", "đã giải quyết đúng hạn"),
        "late": ("late", "quá hạn", "trễ hạn", "đã giải quyết quá hạn", "chậm", "trễ"),
        "withdrawn": ("withdrawn", "rút hồ sơ", "dừng xử lý", "dừng giải quyết", "công dân rút"),
        "rejected": ("rejected", "từ chối", "trả lại", "không giải quyết"),
    },
    "online_level": {
        "none": ("none", "không", "mức 1", "mức 2", "mức độ 1", "mức độ 2", "1", "2"),
        "partial": ("partial", "một phần", "dvc trực tuyến một phần", "mức 3", "mức độ 3", "3"),
        "full": ("full", "toàn trình", "dvc trực tuyến toàn trình", "mức 4", "mức độ 4", "4"),
    },
}


def code_keys(kind: str) -> dict[str, str]:
    """normalized spelling → canonical code, for one coded kind (``channel``, ``level``, ``status``, ``online_level``)."""
    out: dict[str, str] = {}
    for code, spellings in CODES[kind].items():
        for s in (code, *spellings):
            out.setdefault(normalize_key(s), code)
    return out


IGNORED: tuple[Column, ...] = (
    Column("row_number", ("STT", "Số thứ tự", "Số TT", "No.", "Row number")),
)
"""Known columns that carry nothing to check: the row number (STT) every export begins with. They are
found like the fields and then left out, so they are neither typed nor reported as unmatched."""


def field_words(name: str) -> Words | str:
    """How a message names a field to a person: its Vietnamese label, the English one under ``--lang en``
    ("Ngày có kết quả" / "Result at"); a name no field has is given as it is."""
    f = next((f for f in (*REGISTER_FIELDS, *CATALOGUE_FIELDS) if f.name == name), None)
    return Words(f.vi, f.en) if f else name


def columns_of(fields: tuple[Field, ...]) -> tuple[Column, ...]:
    """The fields as the tabular reader looks for them (:func:`compliance.io.table.locate`), with the
    known columns that are :data:`IGNORED`."""
    return tuple(f.column() for f in fields) + IGNORED

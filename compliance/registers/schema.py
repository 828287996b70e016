"""Canonical fields of a dossier register (sổ theo dõi hồ sơ) and of a procedure catalogue.

One row of a register is one dossier (hồ sơ). The one-stop software of each province names its
columns differently; a header in a file is matched to a canonical field by :func:`match_headers`,
with or without diacritics, in Vietnamese or English (``"Ngày hẹn trả"``, ``"ngay hen tra"``,
``"due_at"``, ``"Due date"`` all give ``due_at``).

Register fields follow the dossier register form (Mẫu 06 of TT 01/2018/TT-VPCP, Mẫu 07 of
TT 03/2025/TT-VPCP) and the periodic report form (Biểu 06/VPCP/KSTT of TT 01/2020/TT-VPCP); two
fields are added for the one-stop rules: ``reschedule_count`` (times the due date was moved) and
``paper_result_at`` (date on the paper result, to find dossiers marked late in the software only).

Coded values (channel, level, status) are matched the same way through :data:`CODES`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from compliance.io.vnparse import normalize_key

KINDS = ("text", "date", "int", "channel", "level", "status", "online_level")


@dataclass(frozen=True)
class Field:
    """A canonical column: ``name`` (English, used in code and rules), ``kind`` (one of :data:`KINDS`),
    ``required``, Vietnamese and English labels, and further accepted header spellings."""

    name: str
    kind: str
    required: bool
    vi: str
    en: str
    aliases: tuple[str, ...] = field(default_factory=tuple)

    def keys(self) -> set[str]:
        """Every normalized header spelling that maps to this field."""
        return {normalize_key(s) for s in (self.name, self.vi, self.en, *self.aliases)}


REGISTER_FIELDS: tuple[Field, ...] = (
    Field("dossier_code", "text", True, "Mã hồ sơ", "Dossier code",
          ("Số hồ sơ", "Mã số hồ sơ", "Số biên nhận", "Mã biên nhận", "Số phiếu hẹn", "code")),
    Field("procedure_code", "text", True, "Mã thủ tục", "Procedure code",
          ("Mã TTHC", "Mã thủ tục hành chính", "Mã số TTHC", "procedure")),
    Field("procedure_name", "text", False, "Tên thủ tục", "Procedure name",
          ("Tên TTHC", "Tên thủ tục hành chính", "Thủ tục hành chính", "Thủ tục")),
    Field("applicant", "text", False, "Người nộp", "Applicant",
          ("Tên người nộp", "Người nộp hồ sơ", "Tổ chức, cá nhân", "Tổ chức/cá nhân", "Chủ hồ sơ", "Tên tổ chức, cá nhân")),
    Field("resolving_agency", "text", True, "Cơ quan giải quyết", "Resolving agency",
          ("Đơn vị giải quyết", "Cơ quan thụ lý", "Đơn vị xử lý", "Cơ quan xử lý", "Đơn vị", "agency")),
    Field("level", "level", False, "Cấp giải quyết", "Level", ("Cấp", "Cấp thực hiện", "Cấp hành chính")),
    Field("channel", "channel", True, "Hình thức nộp", "Channel",
          ("Kênh nộp", "Hình thức tiếp nhận", "Kênh tiếp nhận", "Phương thức nộp", "Hình thức")),
    Field("received_at", "date", True, "Ngày tiếp nhận", "Received at",
          ("Ngày nhận", "Thời gian tiếp nhận", "Ngày nhận hồ sơ", "Ngày tiếp nhận hồ sơ", "received", "receipt date")),
    Field("due_at", "date", True, "Ngày hẹn trả", "Due at",
          ("Ngày hẹn trả kết quả", "Hẹn trả kết quả", "Hẹn trả", "Thời hạn giải quyết", "due date", "due")),
    Field("transferred_at", "date", False, "Ngày chuyển xử lý", "Transferred at",
          ("Ngày chuyển", "Ngày chuyển hồ sơ", "transfer date")),
    Field("result_at", "date", False, "Ngày có kết quả", "Result at",
          ("Ngày hoàn thành", "Ngày giải quyết xong", "Ngày xử lý xong", "Ngày kết thúc xử lý", "result date", "completed at")),
    Field("returned_at", "date", False, "Ngày trả kết quả", "Returned at",
          ("Ngày trả", "Ngày trả hồ sơ", "Ngày trả kết quả thực tế", "return date")),
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


@dataclass
class HeaderMatch:
    """Result of matching a file's headers: ``columns`` canonical field → index of the column in the
    file; ``extra`` unmatched headers (kept, reported) with their index; ``headers`` as written."""

    columns: dict[str, int]
    extra: dict[str, int]
    headers: list[str]


class HeaderError(ValueError):
    """Headers that cannot be used; ``message`` names the fields/headers at fault."""


def match_headers(headers: list, fields: tuple[Field, ...] = REGISTER_FIELDS) -> HeaderMatch:
    """Match a file's header row to canonical fields.

    Each header is normalized with :func:`normalize_key` and looked up among the spellings of every
    field. Raises :class:`HeaderError` when a required field has no column (naming the field in
    Vietnamese and English, with the closest header found), when two columns match the same field,
    or when the header row is empty. Unmatched headers are returned in ``extra``.
    """
    lookup: dict[str, str] = {}
    for f in fields:
        for k in f.keys():
            lookup.setdefault(k, f.name)
    cols: dict[str, int] = {}
    extra: dict[str, int] = {}
    shown = ["" if h is None else str(h).strip() for h in headers]
    if not any(shown):
        raise HeaderError("the header row is empty")
    for i, h in enumerate(shown):
        if not h:
            continue
        name = lookup.get(normalize_key(h))
        if name is None:
            extra[h] = i
        elif name in cols:
            raise HeaderError(f"columns {shown[cols[name]]!r} and {h!r} both mean field '{name}'")
        else:
            cols[name] = i
    missing = [f for f in fields if f.required and f.name not in cols]
    if missing:
        parts = []
        for f in missing:
            close = difflib.get_close_matches(normalize_key(f.vi), [normalize_key(h) for h in extra], n=1, cutoff=0.6)
            hint = ""
            if close:
                original = next(h for h in extra if normalize_key(h) == close[0])
                hint = f" (closest header: {original!r})"
            parts.append(f"'{f.vi}' / {f.name}{hint}")
        raise HeaderError("missing required column" + ("s" if len(parts) > 1 else "") + ": " + "; ".join(parts))
    return HeaderMatch(cols, extra, shown)

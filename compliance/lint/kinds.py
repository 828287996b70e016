"""The kinds of finding ``compliance lint`` reports, their severities, and the small helpers every
check uses: sentences, quotes, the legal basis taken from the rule files by date.

Severities follow the rule files where a rule covers the same defect (``rules/consistency``,
``rules/one-stop``); the legal basis of a finding is read from those rules (never written again here)
and chosen by the report's period: Nghị định 61/2018/NĐ-CP for dossiers up to 30/6/2025, Nghị định
118/2025/NĐ-CP from 01/7/2025.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from compliance.i18n import number
from compliance.lint.model import Assumption, LintFinding, Place
from compliance.model.base import Text
from compliance.vocab import Severity

#: kind → (severity, title vi, title en, rule whose legal basis it cites or None)
KINDS: dict[str, tuple[Severity, str, str, str | None]] = {
    "sum_mismatch": (Severity.medium, "Tổng không khớp với các phần", "Total does not equal its parts", "consistency.figures_disagree"),
    "part_exceeds_total": (Severity.medium, "Một phần lớn hơn tổng", "A part exceeds its total", "consistency.figures_disagree"),
    "agency_list_mismatch": (Severity.medium, "Danh sách cơ quan không khớp tổng số", "Agency list does not add up to the total", "consistency.figures_disagree"),
    "table_total_mismatch": (Severity.medium, "Dòng tổng của bảng không bằng tổng các hàng", "A table's totals row does not equal the sum of its rows", "consistency.figures_disagree"),
    "district_after_reform": (Severity.medium, "Báo cáo nêu cấp huyện cho kỳ không còn cấp huyện", "A district level reported for a period without one", None),
    "level_sum_mismatch": (Severity.medium, "Tổng các cấp không khớp số chung", "Levels do not add up to the overall figure", "consistency.figures_disagree"),
    "pending_mismatch": (Severity.medium, "Tiếp nhận − đã giải quyết ≠ đang giải quyết", "Received − resolved ≠ pending", "consistency.figures_disagree"),
    "percent_mismatch": (Severity.medium, "Tỷ lệ không khớp với số liệu", "Percentage does not match the counts", "consistency.figures_disagree"),
    "percent_sum": (Severity.low, "Các tỷ lệ thành phần không cộng thành 100%", "Shares do not add up to 100%", None),
    "percentage_points": (Severity.low, "Mức thay đổi tỷ lệ ghi \"%\" nhưng là điểm phần trăm", "A change in percentage points written as \"%\"", None),
    "date_impossible": (Severity.low, "Ngày tháng không hợp lệ", "Impossible date", "consistency.impossible_date"),
    "date_implausible": (Severity.low, "Ngày tháng khó tin", "Implausible date", "consistency.impossible_date"),
    "date_after_report": (Severity.low, "Ngày sau ngày của báo cáo", "Date after the report's own date", "consistency.citation_after_report"),
    "date_blank": (Severity.low, "Ngày tháng bỏ trống", "Blank date", "consistency.impossible_date"),
    "period_mismatch": (Severity.medium, "Kỳ báo cáo trong nội dung khác với tiêu đề", "Period in the body differs from the title", None),
    "citation_format": (Severity.low, "Số, ký hiệu văn bản sai thể thức", "Document number and symbol break the required format", "consistency.impossible_date"),
    "citation_no_year": (Severity.low, "Văn bản trích dẫn thiếu năm", "Cited document lacks its year", "consistency.citation_after_report"),
    "citation_after_report": (Severity.low, "Văn bản trích dẫn có năm sau báo cáo", "Cited document carries a year after the report", "consistency.citation_after_report"),
    "numbering": (Severity.low, "Số thứ tự mục lặp lại hoặc bị bỏ sót", "Section number repeated or skipped", None),
    "table_items": (Severity.low, "Bảng thiếu mục theo số thứ tự", "Table items missing from the numbering", None),
    "late_total_differs": (Severity.medium, "Hai tổng số hồ sơ quá hạn khác nhau ở hai câu liền nhau", "Two different totals of late dossiers in consecutive sentences", "consistency.figures_disagree"),
    "apology_not_stated": (Severity.medium, "Hồ sơ trễ hạn không nêu văn bản xin lỗi", "Late dossiers without a word on apology letters", "onestop.late_apology_not_stated"),
}

TWO_LEVEL_BASIS = [Text(
    vi="Nghị quyết 202/2025/QH15 ngày 12/6/2025 và Luật Tổ chức chính quyền địa phương năm 2025 (chính quyền địa "
       "phương hai cấp từ 01/7/2025: tỉnh; xã, phường, đặc khu), điều khoản chưa được xác minh",
    en="Nghị quyết 202/2025/QH15 of 12/6/2025 and the Law on Local Government of 2025 (two-level local government "
       "from 01/7/2025: province; commune, ward, special zone), article not verified")]
"""Why a period from 01/7/2025 has no district level (:data:`compliance.vocab.TWO_LEVEL_FROM`; the project's
shared reference, reference/2025-2026.md, reads the end of the district level on that day; neither text's
article is verified)."""

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[-–•*(\"“]?\s*[A-ZĐÀ-Ỹ0-9])")
QUOTE_MAX = 320


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence of ``text`` holding position ``pos``."""
    start, end = 0, len(text)
    for m in _SENTENCE_END.finditer(text):
        if m.start() < pos:
            start = m.end()
        else:
            end = m.start()
            break
    return start, end


def quote(text: str, start: int, end: int | None = None) -> str:
    """The sentence around ``text[start:end]``, shortened around it to :data:`QUOTE_MAX` characters."""
    end = start if end is None else end
    s0, _ = sentence_at(text, start)
    _, s1 = sentence_at(text, max(end - 1, start))
    s = text[s0:s1].strip()
    if len(s) <= QUOTE_MAX:
        return s
    rel0, rel1 = start - s0, end - s0
    half = max((QUOTE_MAX - (rel1 - rel0)) // 2, 40)
    a, b = max(rel0 - half, 0), min(rel1 + half, len(s))
    return ("…" if a else "") + s[a:b].strip() + ("…" if b < len(s) else "")


def fmt(value: float, decimals: int | None = None, lang: str = "vi") -> str:
    """A number for a finding, written as ``lang`` writes numbers (:func:`compliance.i18n.number`):
    28.044 and 47,26 in Vietnamese, 28,044 and 47.26 in English; ``decimals`` as given, else none for a
    whole number and two otherwise."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    return number(value, lang, decimals)


Arithmetic = Callable[[str], str]
"""An arithmetic line written in the language asked ("vi" or "en"): ``lambda lang: f"{fmt(a, lang=lang)} ≠ …"``."""


CAP = 100
"""Findings (and assumptions) of one kind kept in full; past this many they are counted, not listed,
so a huge or repetitive text gives a bounded result (:attr:`compliance.lint.model.LintReport.omitted`)."""


@dataclass
class Collector:
    """Gathers findings and assumptions, at most :data:`CAP` of each kind (the others counted in
    ``omitted``); ``basis_days`` are the days the legal basis is chosen by."""

    basis_days: list[dt.date] = field(default_factory=list)
    findings: list[LintFinding] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    omitted: dict[str, int] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)
    _seen: set = field(default_factory=set)
    _bases: dict = field(default_factory=dict)

    def _full(self, key: str) -> bool:
        n = self._counts.get(key, 0)
        self._counts[key] = n + 1
        if n >= CAP:
            self.omitted[key] = self.omitted.get(key, 0) + 1
            return True
        return False

    def add(self, kind: str, place: Place, quote_text: str, vi: str, en: str, arithmetic: Arithmetic | None = None,
            severity: Severity | None = None, basis: bool = True, legal: list[Text] | None = None) -> None:
        """A finding of ``kind``; ``arithmetic`` writes its line in either language; ``basis=False`` leaves
        out the legal basis (a figure the rule's text does not govern); ``legal`` is the basis of a finding no
        rule file covers (:data:`TWO_LEVEL_BASIS`)."""
        if self._full(kind):
            return
        sev, _, _, rule_id = KINDS[kind]
        rule_id = rule_id if basis else None
        self.findings.append(LintFinding(
            kind=kind, severity=severity or sev, place=place.model_copy(), quote=quote_text,
            message=Text(vi=vi, en=en), arithmetic=Text(vi=arithmetic("vi"), en=arithmetic("en")) if arithmetic else None,
            legal_basis=[t.model_copy() for t in legal] if legal else self.basis(rule_id)))

    def assume(self, kind: str, place: Place | None, quote_text: str | None, vi: str, en: str) -> None:
        key = (kind, vi, place.key() if place else None)
        if key in self._seen:
            return
        self._seen.add(key)
        if self._full(f"assumption:{kind}"):
            return
        self.assumptions.append(Assumption(kind=kind, place=place.model_copy() if place else None, quote=quote_text,
                                           message=Text(vi=vi, en=en)))

    def basis(self, rule_id: str | None) -> list[Text]:
        """The legal bases of ``rule_id`` in force on some day from the first to the last of
        :attr:`basis_days` (all of them if none), each with the dates it applies when the period is
        governed by more than one text."""
        if not rule_id:
            return []
        if rule_id not in self._bases:
            from compliance.catalog import rulebook

            rule = rulebook().rules.get(rule_id)
            days = sorted(self.basis_days)
            self._bases[rule_id] = [] if rule is None else (
                rule.citations(days[0], days[-1]) if days else rule.citations(None))
        return [t.model_copy() for t in self._bases[rule_id]]

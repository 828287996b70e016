"""A round as terminal tables or Markdown (tabulate), and as stable JSON. Vietnamese by default."""

from __future__ import annotations

import json

from tabulate import tabulate

from compliance.report.labels import STATES, pick
from compliance.round.model import AgencyResult, RoundResult
from compliance.round.words import as_of_text, md_rows, pts, unit_type_text

L = {
    "round": ("Vòng đánh giá", "Round"),
    "as_of": ("Ngày tham chiếu", "Reference date"),
    "read": ("Đã chấm", "Scored"),
    "failed": ("Không đọc được", "Unreadable"),
    "partial": ("CHƯA ĐỦ (có hồ sơ không đọc được)", "PARTIAL (some submissions could not be read)"),
    "complete": ("đủ", "complete"),
    "ranking": ("XẾP HẠNG", "RANKING"),
    "rank": ("Hạng", "Rank"),
    "code": ("Mã", "Code"),
    "agency": ("Cơ quan", "Agency"),
    "unit_type": ("Loại", "Type"),
    "appraised": ("Điểm thẩm định", "Appraised"),
    "survey": ("Điều tra XHH", "Survey"),
    "bonus": ("Thưởng", "Bonus"),
    "penalty": ("Trừ", "Penalty"),
    "max": ("Tối đa áp dụng", "Applicable max"),
    "node_max": ("Điểm tối đa", "Max"),
    "index": ("Chỉ số %", "Index %"),
    "class": ("Xếp loại", "Class"),
    "formula": ("Công thức", "Formula"),
    "edition": ("Bộ tiêu chí", "Criteria edition"),
    "changes": ("ĐIỂM THAY ĐỔI SO VỚI TỰ ĐÁNH GIÁ", "CHANGES FROM THE SELF-ASSESSMENT"),
    "criterion": ("Tiêu chí", "Criterion"),
    "self": ("Tự chấm", "Self"),
    "computed": ("Máy chấm", "Computed"),
    "round1": ("Vòng 1", "Round 1"),
    "round2": ("Vòng 2", "Round 2"),
    "final": ("Điểm cuối", "Final"),
    "difference": ("Chênh lệch", "Difference"),
    "why": ("Lý do (ai, vì sao)", "Why (who)"),
    "adjustments": ("ĐIỂM THƯỞNG, ĐIỂM TRỪ", "BONUS AND PENALTY POINTS"),
    "kind": ("Loại", "Kind"),
    "points": ("Điểm", "Points"),
    "reason": ("Lý do", "Reason"),
    "evidence": ("Tài liệu kiểm chứng", "Evidence"),
    "waived": ("MIỄN TRỪ ĐÃ ÁP DỤNG", "WAIVERS APPLIED"),
    "issues": ("LỖI VÀ CẢNH BÁO CỦA VÒNG", "ROUND ERRORS AND WARNINGS"),
    "unreadable": ("HỒ SƠ KHÔNG ĐỌC ĐƯỢC", "SUBMISSIONS THAT COULD NOT BE READ"),
    "model": ("(*) bộ tiêu chí mẫu, không phải văn bản chính thức", "(*) model criteria set, not an official text"),
}
SEV = {"error": ("lỗi", "error"), "warning": ("cảnh báo", "warning"), "info": ("thông tin", "info")}
KIND = {"bonus": ("thưởng", "bonus"), "penalty": ("trừ", "penalty")}


def t(key: str, lang: str) -> str:
    vi, en = L[key]
    return en if lang == "en" else vi


def _w(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def ranking_rows(result: RoundResult, lang: str) -> list[list]:
    rows = []
    for a in result.agencies:
        tt = a.totals
        rows.append([f"{a.rank}/{a.ranked_among}", a.agency_code, a.agency_name, unit_type_text(a.unit_type, lang), a.edition.id
                     + (" (*)" if a.edition.model_set else ""), pts(tt.appraised), pts(tt.survey), pts(tt.bonus),
                     pts(tt.penalty), pts(tt.applicable_max), f"{tt.index_percent:.2f}",
                     tt.class_name.get(lang) if tt.class_name else ""])
    return rows


def ranking_headers(lang: str) -> list[str]:
    return [t(k, lang) for k in ("rank", "code", "agency", "unit_type", "edition", "appraised", "survey", "bonus",
                                  "penalty", "max", "index", "class")]


def change_rows(result: RoundResult, lang: str) -> list[list]:
    rows = []
    for a in result.agencies:
        for r in a.changes():
            why = r.change.get(lang) if r.change else ""
            if r.explanation:
                why += (" | giải trình: " if lang == "vi" else " | explanation: ") + r.explanation
            rows.append([a.agency_code, r.id, r.name.get(lang), pts(r.max_points), pts(r.self_score),
                         pts(r.computed), pts(r.round1), pts(r.round2), pts(r.final), pts(r.difference),
                         why])
    return rows


def change_headers(lang: str) -> list[str]:
    return [t("code", lang), t("criterion", lang), "Tên tiêu chí" if lang == "vi" else "Name"] + [
        t(k, lang) for k in ("node_max", "self", "computed", "round1", "round2", "final", "difference", "why")]


def _table(rows: list[list], headers: list[str], fmt: str, widths: list | None = None) -> str:
    """A terminal table (``simple``, long cells wrapped at ``widths``) or a GitHub Markdown table (cells
    escaped, never wrapped: a wrapped cell would become a row of its own)."""
    if fmt == "markdown":
        return tabulate(md_rows(rows), headers=md_rows([headers])[0], tablefmt="github", disable_numparse=True)
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True,
                    **({"maxcolwidths": widths} if widths and rows else {}))


def render_round(result: RoundResult, lang: str = "vi", fmt: str = "table") -> str:
    """The round for people: header, formula, ranking, changes, bonus/penalty, waivers, issues, failures.

    ``fmt``: ``table`` (terminal) or ``markdown`` (GitHub tables; "|" in a cell is escaped).
    """
    out = [f"{t('round', lang)}: {result.round_id} — {t('as_of', lang)}: "
           f"{as_of_text(result.as_of, result.as_of_source, lang)}" + (f" — {result.council}" if result.council else ""),
           f"{t('read', lang)}: {len(result.agencies)}; {t('failed', lang)}: {len(result.failed)}"
           + (f" — {t('partial', lang)}" if result.partial else ""),
           f"{t('formula', lang)}: {result.formula.get(lang)}", "", t("ranking", lang)]
    out.append(_table(ranking_rows(result, lang), ranking_headers(lang), fmt))
    for a in result.agencies:
        out.append(f"  {a.agency_code}: {a.totals.formula.get(lang)}")
    if any(a.edition.model_set for a in result.agencies):
        out.append(t("model", lang))
    changes = change_rows(result, lang)
    if changes:
        out += ["", t("changes", lang), _table(changes, change_headers(lang), fmt, [None, None, 40] + [None] * 7 + [60])]
    adjustments = [[a.agency_code, _w(KIND[x.kind], lang), pts(x.points), x.reason, "; ".join(x.evidence), x.by or ""]
                   for a in result.agencies for x in a.adjustments]
    if adjustments:
        out += ["", t("adjustments", lang), _table(adjustments, [t(k, lang) for k in (
            "code", "kind", "points", "reason", "evidence")] + ["Người quyết định" if lang == "vi" else "By"], fmt)]
    waived = _waived_rows(result, lang)
    if waived:
        out += ["", t("waived", lang), _table(waived, [t("code", lang), "Mục" if lang == "vi" else "Item",
                                                      "Miễn trừ" if lang == "vi" else "Waiver", t("reason", lang)], fmt)]
    if result.issues:
        out += ["", t("issues", lang)]
        out += [f"- [{_w(SEV[i.severity], lang)}] {i.subject}: {i.message.get(lang)}" for i in result.issues]
    if result.failed:
        out += ["", t("unreadable", lang)] + [f"- {f.error}" for f in result.failed]
    return "\n".join(out) + "\n"


def _waived_rows(result: RoundResult, lang: str) -> list[list]:
    rows = []
    for a in result.agencies:
        for r in a.rows:
            if r.waiver is not None:
                rows.append([a.agency_code, f"{r.id} {r.name.get(lang)}", f"{r.waiver.id} ({r.waiver.approver}, "
                             f"{r.waiver.expires})", r.waiver.justification])
        for key, note in sorted(a.waived_findings.items()):
            rows.append([a.agency_code, key.replace("|", " — "), f"{note.id} ({note.approver}, {note.expires})",
                         note.justification])
    return rows


def agency_lines(a: AgencyResult, lang: str) -> list[list]:
    """Every row of one agency's scorecard in the round (for the workbook and Markdown)."""
    return [[r.id, ("  " * r.id.count(".")) + r.name.get(lang), pts(r.max_points), pts(r.self_score),
             pts(r.computed), pts(r.round1), r.round1_note or "", r.explanation or "", pts(r.round2),
             r.round2_note or "", pts(r.final), pts(r.difference), pick(STATES, r.state.value, lang),
             (r.change.get(lang) if r.change else r.reason.get(lang))] for r in a.rows]


def render_json(result: RoundResult) -> str:
    """The whole round as stable JSON (keys sorted, UTF-8)."""
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

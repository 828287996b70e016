"""The dossier figures of a report for ``compliance lint --extract`` (:mod:`compliance.lint.extract`): the
dossier table (received, online, resolved early / on time / late, pending, the shares as stated), late
dossiers per agency with their apology letters (from a table, from "N hồ sơ chưa có văn bản xin lỗi", from a
late breakdown by unit, else the late total), satisfaction, and online services by level (mức độ 3, 4 until
Nghị định 42/2022/NĐ-CP; toàn trình / một phần after it). Each value keeps the sentence it came from.
"""

from __future__ import annotations

import datetime as dt
import re

from compliance.lint.checks import owner_count, rate_agrees, share_of
from compliance.lint.draft import Draft
from compliance.lint.figures import label_before, measure
from compliance.lint.kinds import fmt, quote
from compliance.lint.late import UNIT_WORDS, agency_name, apology_word, letter_counts
from compliance.lint.model import Place
from compliance.lint.numbers import Num, as_data, fractions, levels
from compliance.lint.reader import Para, Table
from compliance.lint.run import Reading
from compliance.model.submission import TO_FILL


_RATE_KEYS = {"online": "online", "early": "early", "on_time": "on_time", "early_on_time": "early_on_time", "late": "late"}


def map_dossiers(r: Reading, draft: Draft, used: set[int]) -> None:
    f = r.figures
    mapping = {"received.total": "received", "received.online": "online", "received.in_person_post": "in_person_post",
               "received.carried_over": "carried_over", "resolved.total": "resolved", "resolved.early": "early",
               "resolved.on_time": "on_time", "resolved.late": "late", "in_progress.total": "pending",
               "in_progress.within_time": "within"}
    out: dict = {}
    for path, name in mapping.items():
        fig = f.get(name)
        if fig is None or not isinstance(fig.num.value, int):
            continue
        group, key = path.split(".")
        out.setdefault(group, {})[key] = fig.num.value
        used.add(id(fig.num))
        draft.sources[f"dossiers.{path}"] = (quote(fig.unit.text, fig.num.start, fig.num.end), fig.unit.place)
    for b in f.breakdowns:  # the parts of a mapped total are read with it
        if any(id(b.total) == x for x in used):
            used.update(id(p.num) for p in b.parts if p.key)
    if not out:
        return
    rates: dict = {}
    counts = {id(fig.num): name for (name, scope), fig in f.figures.items() if scope == "all"}
    for unit in r.doc.units():
        nums = f.nums.get(id(unit), [])
        for n in nums:
            if not n.percent:
                continue
            count = owner_count(nums, unit.text, n)
            if count is not None:
                name = counts.get(id(count))
            else:
                words = label_before(unit.text, n)
                name = measure(words) if re.search(r"tỷ\s+lệ|tỉ\s+lệ", words, re.IGNORECASE) else None
            key = _RATE_KEYS.get(name or "")
            if key == "online" and not _online_base_agrees(n, out):
                draft.notes.append(f"Tỷ lệ trực tuyến {n.text} ({unit.place.label('vi')}) được tính trên tổng số tiếp nhận "
                                   "(gồm hồ sơ kỳ trước chuyển sang), không phải trên số hồ sơ mới trong kỳ mà tiêu chí dùng: "
                                   "không đưa vào stated_rates.online")
                continue
            if key and key not in rates:
                rates[key] = as_data(n.value)
                used.add(id(n))
                draft.sources[f"dossiers.stated_rates.{key}"] = (quote(unit.text, n.start, n.end), unit.place)
    if rates:
        out["stated_rates"] = rates
    first = f.get("received") or next(iter(f.figures.values()))
    dossier = {"scope": "public_administration_centre" if any("Hành chính công" in u.text for u in r.doc.paragraphs)
               else "one_stop_section"}
    span = _span(r, first.unit)
    if span:
        dossier["period"] = span
    dossier.update(out)
    dossier["source"] = first.unit.place.label("vi")
    draft.data["dossiers"] = dossier


def _online_base_agrees(n, out: dict) -> bool:
    """False when a stated online share agrees with online / all received (carried over included) and not
    with online / new in the period, the base the criteria's online rate takes (``received_base`` in
    rules/metrics.yaml): mapped, it would be flagged as inconsistent though the report is right."""

    rec = out.get("received", {})
    online, total = rec.get("online"), rec.get("total")
    new = online + rec["in_person_post"] if online is not None and rec.get("in_person_post") is not None else None
    if not online or not total or not new or new == total:
        return True
    return rate_agrees(n.value, n.decimals, online, new)[0] or not rate_agrees(n.value, n.decimals, online, total)[0]


def _span(r: Reading, near: Para) -> dict | None:
    paras = r.doc.paragraphs
    at = next((i for i, p in enumerate(paras) if p is near), 0)
    for p in paras[max(0, at - 3):at + 1]:
        m = re.search(r"từ\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})\s+đến\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", p.text)
        if m:
            try:
                a = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                b = dt.date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
            except ValueError:
                return None
            return {"from": a, "to": b, "label": p.text.strip(" :")[:120]}
    return None


def map_late(r: Reading, draft: Draft, used: set[int], own: str | None) -> None:
    """Late dossiers by agency: the report's late lists ("NN hồ sơ của Sở X …"); else a table of agencies
    with their late and apologised counts; else the sentence saying how many had a letter and how many
    not ("… đã gửi văn bản xin lỗi 1.100 hồ sơ; 150 hồ sơ chưa có văn bản xin lỗi"); else the late total
    with what the report says of letters."""
    groups: list[dict] = []

    def add(agency: str | None, count: int, apology: str, text: str, place: Place, lateness: str = "late",
            **extra) -> None:
        if count < 1:
            return
        entry = {"id": f"late-{len(groups) + 1:02d}", "agency": agency or TO_FILL, "count": count,
                 "lateness": lateness, "apology_letter": apology, "text": text[:300], "source": place.label("vi")}
        entry.update({k: v for k, v in extra.items() if v})
        if not agency:
            draft.to_fill.append(f"late_dossiers[{len(groups)}].agency ({text[:60]})")
        groups.append(entry)
        draft.sources[f"late_dossiers[{len(groups) - 1}]"] = (text[:200], place)

    for ll in r.late_lists:
        used.update(id(n) for n, _ in ll.letters)
        for item in ll.items:
            for it in item.children or [item]:
                used.add(id(it.num))
                used.add(id(item.num))
                if ll.letters and it.lateness == "late" and it.apology == "not_stated":
                    continue  # drafted below from the list's letter counts
                add(it.agency or item.agency, it.count, it.apology, it.text, ll.unit.place, it.lateness,
                    procedure=it.procedure[:1].upper() + it.procedure[1:] if it.procedure else None,
                    late_steps=it.late_steps, reason=it.reason[:300] if it.reason and it.apology == "not_stated" else None)
        if ll.letters:
            _list_letters(ll, own, add, draft)
    if not groups:
        for table in r.doc.tables:
            _late_table(table, r, add, used)
    late = r.figures.get("late")
    if not groups:
        said = 0
        for unit in r.doc.paragraphs:
            for count, apology in letter_counts(unit, r.figures.nums.get(id(unit), [])):
                used.add(id(count))
                text = unit.text
                sentence = text[text.rfind(". ", 0, count.start) + 1:(text.find(". ", count.end) + 1) or len(text)]
                others = re.search(r"\bcác\s+(?:cơ\s+quan|đơn\s+vị|sở|ngành|địa\s+phương)\b", sentence, re.IGNORECASE)
                if late is not None and isinstance(late.num.value, int):  # letters for 200 of 160 late: 160 (lint says so)
                    kept = min(int(count.value), late.num.value - said)
                else:
                    kept = int(count.value)
                add(None if others else own, kept, apology, quote(unit.text, count.start, count.end), unit.place)
                said += max(kept, 0)
        if groups and late is not None and isinstance(late.num.value, int) and said < late.num.value:
            # "quá hạn 160 hồ sơ. Sở đã gửi văn bản xin lỗi đối với 100 hồ sơ": the other 60 are not said of
            add(own if groups[0]["agency"] != TO_FILL else None, late.num.value - said, "not_stated",
                quote(late.unit.text, late.num.start, late.num.end), late.unit.place)
    if not groups:
        for b in r.figures.breakdowns:  # "Có 150 hồ sơ quá hạn, trong đó: Phòng A 96 hồ sơ, Trung tâm B 54 hồ sơ"
            if b.nested or measure(b.total_label + " " + b.unit.text[b.total.end:b.total.end + 20]) != "late" \
                    or any(p.key for p in b.parts) or sum(p.num.value for p in b.parts) != b.total.value:
                continue
            said = apology_word(b.unit.text)
            for part in b.parts:
                name = label_before(b.unit.text, part.num)
                used.add(id(part.num))
                add(agency_name(name) or own, int(part.num.value), said, f"{name} {part.num.text} hồ sơ", b.unit.place)
            used.add(id(b.total))
    if not groups and late is not None and isinstance(late.num.value, int):
        said = [u for u in r.doc.paragraphs if "xin lỗi" in u.text.lower() and apology_word(u.text) != "not_stated"]
        apology = apology_word(said[0].text) if said else "not_stated"
        add(own, late.num.value, apology, quote(late.unit.text, late.num.start, late.num.end), late.unit.place)
    if groups:
        draft.data["late_dossiers"] = groups


def _list_letters(ll, own: str | None, add, draft: Draft) -> None:
    """The late items a list is silent on, drafted from its letter counts ("150 hồ sơ của Phòng A, 10 hồ sơ
    của Phòng B. Sở đã gửi văn bản xin lỗi đối với 100 hồ sơ" → 100 with a letter, 60 not stated), as the
    report cannot tell which item had the letters: under their agency when they share one (the report's own
    agency when they are its units, "Phòng …"), else CẦN-ĐIỀN for a person to split; a note lists the items."""
    silent = [it for item in ll.items for it in item.children or [item]
              if it.lateness == "late" and it.apology == "not_stated"]
    if not silent:
        return
    agencies = {it.agency for it in silent}
    if len(agencies) == 1 and None not in agencies:
        agency = agencies.pop()
    elif all(it.agency is None or UNIT_WORDS.match(it.agency) for it in silent):
        agency = own
    else:
        agency = None
    late = sum(it.count for it in silent)
    yes, no = ll.letters_said("yes"), ll.letters_said("no")
    listed = "; ".join(it.text for it in silent)
    text = ll.unit.text
    for count, word in ((min(yes, late), "yes"), (min(no, late - min(yes, late)), "no"), (late - yes - no, "not_stated")):
        add(agency, count, word, text, ll.unit.place)
    draft.notes.append(f"Hồ sơ trễ hạn ({ll.unit.place.label('vi')}): báo cáo kê {listed} ({fmt(late)} hồ sơ) và nêu "
                       f"{fmt(yes)} hồ sơ đã có văn bản xin lỗi" + (f", {fmt(no)} hồ sơ chưa có" if no else "")
                       + " nhưng không nói của đơn vị nào: bản nháp ghi theo số văn bản xin lỗi, không theo đơn vị")


def _late_table(table: Table, r: Reading, add, used: set[int]) -> None:
    """A table of agencies with their late dossiers and those with an apology letter."""
    late_col = next((i for i, h in enumerate(table.header) if re.search(r"quá\s+hạn|trễ\s+hạn", h, re.I)
                     and "xin lỗi" not in h.lower()), None)
    yes_col = next((i for i, h in enumerate(table.header) if "xin lỗi" in h.lower()
                    and not re.search(r"\b(?:chưa|không)\b", h.lower())), None)
    no_col = next((i for i, h in enumerate(table.header) if "xin lỗi" in h.lower()
                   and re.search(r"\b(?:chưa|không)\b", h.lower())), None)
    who = table.column("cơ quan", "đơn vị", "sở")
    if late_col is None or (yes_col is None and no_col is None) or who is None:
        return

    def value(cell: Para) -> int | None:
        nums = r.figures.nums.get(id(cell), [])
        return int(nums[0].value) if len(nums) == 1 and isinstance(nums[0].value, int) else None

    for row in table.rows:
        name = row[who].text
        if not name or re.match(r"(?i)^(?:tổng|cộng|toàn)", name):
            continue
        late = value(row[late_col])
        yes = value(row[yes_col]) if yes_col is not None else None
        no = value(row[no_col]) if no_col is not None else None
        if late is None:
            continue
        yes = late - no if yes is None and no is not None else yes
        no = late - yes if no is None and yes is not None else no
        if yes is None or no is None or yes < 0 or no < 0:
            continue
        agency = agency_name(name) or name
        text = " | ".join(c.text for c in row if c.text)
        for n in r.figures.nums.get(id(row[late_col]), []):
            used.add(id(n))
        add(agency, yes, "yes", text, row[late_col].place)
        add(agency, no, "no", text, row[late_col].place)


_LEVEL_FIGURE = re.compile(r"dịch\s+vụ\s+công(?:\s+trực\s+tuyến)?\s+mức\s+độ\s+([1-4](?:\s*,\s*[1-4])?)\s+là\s+(\d[\d.]*)")
_KIND_BEFORE = re.compile(r"(\d[\d.]*)\s+(?:dịch\s+vụ\s+công|DVC|thủ\s+tục\s+hành\s+chính|TTHC)(?:\s+trực\s+tuyến)?\s+"
                          r"(?:(toàn\s+trình)|(một\s+phần)|mức\s+độ\s+([1-4](?:\s*[,&]\s*[1-4])?))", re.IGNORECASE)
_KIND_AFTER = re.compile(r"(?:dịch\s+vụ\s+công|DVC)(?:\s+trực\s+tuyến)?\s+(?:(toàn\s+trình)|(một\s+phần))\s*"
                         r"(?:là|:|đạt|gồm)?\s*(\d[\d.]*)", re.IGNORECASE)


def map_figures(r: Reading, draft: Draft, used: set[int]) -> None:
    figures: dict = {}
    for unit in r.doc.paragraphs:
        text = unit.text
        nums = r.figures.nums.get(id(unit), [])
        for n in nums:
            if not n.percent:
                continue
            words = text[max(0, n.start - 60):n.start]
            name = measure(words.split(",")[-1]) or measure(text[n.end:n.end + 30].split(",")[0])
            key = {"satisfied": "satisfaction_rate", "dissatisfied": "dissatisfaction_rate"}.get(name or "")
            if key and key not in figures:
                label = "Tỷ lệ hài lòng" if key == "satisfaction_rate" else "Tỷ lệ không hài lòng"
                figures[key] = {"value": as_data(n.value), "unit": "percent", "label": label, "text": n.text,
                                "source": unit.place.label("vi")}
                used.add(id(n))
                draft.sources[f"figures.{key}"] = (quote(text, n.start, n.end), unit.place)
        _fraction_rates(unit, nums, figures, draft, used)
        _stated_shares(unit, nums, figures, draft, used)
        _propaganda(unit, nums, figures, draft, used)
        scope = "province" if re.search(r"toàn\s+tỉnh|trên\s+địa\s+bàn", text, re.IGNORECASE) else "own"
        found = []
        for m in _LEVEL_FIGURE.finditer(text):
            found.append((m, "level", m.group(1), m.group(2)))
        for m in _KIND_BEFORE.finditer(text):
            kind = "full" if m.group(2) else "partial" if m.group(3) else "level"
            found.append((m, kind, m.group(4), m.group(1)))
        for m in _KIND_AFTER.finditer(text):
            found.append((m, "full" if m.group(1) else "partial", None, m.group(3)))
        for m, kind, lv_text, number in found:
            if kind == "level":
                lv = levels("mức độ " + lv_text)[0]
                key = "online_services_level_" + "_".join(map(str, lv))
                label = "Dịch vụ công trực tuyến mức độ " + ", ".join(map(str, lv))
            else:
                key = f"online_services_{kind}"
                label = "Dịch vụ công trực tuyến " + ("toàn trình" if kind == "full" else "một phần")
            value = int(number.rstrip(".").replace(".", ""))
            if key not in figures:
                figures[key] = {"value": value, "unit": "count", "scope": scope, "label": label,
                                "source": unit.place.label("vi")}
                draft.sources[f"figures.{key}"] = (quote(text, m.start(), m.end()), unit.place)
                used.update(id(n) for n in nums if m.start() <= n.start < m.end())
    if figures:
        draft.data["figures"] = figures


_PAR_PLAN = re.compile(r"kế\s+hoạch\b[^.;]{0,120}?(?:cải\s+cách\s+hành\s+chính|CCHC)", re.IGNORECASE)
_DONE = re.compile(r"hoàn\s+thành|thực\s+hiện\s+(?:được|xong)", re.IGNORECASE)
_TRAINING = re.compile(r"đào\s+tạo|bồi\s+dưỡng", re.IGNORECASE)
_INSPECTED = re.compile(r"kiểm\s+tra", re.IGNORECASE)
#: figure key → (label, count nouns of its fraction, whether the words before the fraction name it)
FRACTION_RATES = {
    "par_plan_completion_rate": ("Tỷ lệ hoàn thành kế hoạch CCHC", ("nhiệm vụ", "chỉ tiêu"),
                                 lambda words: bool(_DONE.search(words) and _PAR_PLAN.search(words) and not _TRAINING.search(words))),
    "units_inspected_rate": ("Tỷ lệ đơn vị trực thuộc được kiểm tra CCHC", ("đơn vị",),
                             lambda words: bool(_INSPECTED.search(words))),
}


def _closed(text: str) -> str:
    """"12/15 đơn vị (đạt 80%" with its bracket closed."""
    return text + ")" if text.count("(") > text.count(")") else text


def _fraction_rates(unit: Para, nums: list[Num], figures: dict, draft: Draft, used: set[int]) -> None:
    """Rates a report writes as a fraction with its share: "(Kế hoạch CCHC …) hoàn thành 18/20 nhiệm vụ, đạt
    90%" → ``par_plan_completion_rate`` (sub-criterion 1.1.2 of the 2025–2026 sets); "kiểm tra tại 12/15 đơn
    vị (đạt 80%)" → ``units_inspected_rate`` (1.3.1 of the department sets). The value is the share as
    written when it agrees with the fraction, else the fraction's, said in the notes (the lint reports the
    share; ``check`` has no count to compare it with)."""
    text = unit.text
    for fr in fractions(text):
        s0 = max(text.rfind(". ", 0, fr.start), text.rfind("; ", 0, fr.start), -1) + 1
        words = text[s0:fr.start]
        key = next((k for k, (_, nouns, named) in FRACTION_RATES.items() if fr.unit in nouns and named(words)), None)
        if key is None or key in figures:
            continue
        share = share_of(text, fr, nums)
        exact = round(fr.part / fr.whole * 100, 2)
        agrees = share is not None and rate_agrees(share.value, share.decimals, fr.part, fr.whole)[0]
        figures[key] = {"value": as_data(share.value) if agrees else exact, "unit": "percent", "label": FRACTION_RATES[key][0],
                        "text": _closed(text[fr.start:share.end]) if share is not None else fr.text,
                        "source": unit.place.label("vi")}
        if share is not None:
            used.add(id(share))
            if not agrees:
                draft.notes.append(f"{FRACTION_RATES[key][0]} ({unit.place.label('vi')}): báo cáo ghi {share.text} nhưng "
                                   f"{fr.part}/{fr.whole} = {fmt(exact)}%; bản nháp lấy {fmt(exact)}")
        draft.sources[f"figures.{key}"] = (quote(text, fr.start, fr.end), unit.place)


_CCHC = r"(?:CCHC|cải\s+cách\s+hành\s+chính)"
#: figure key → (label, words of the clause before the share, words right after it): shares a report states
#: without counts, each the input of a sub-criterion of the department and local sets
STATED_SHARES = {
    # "hoàn thành nhiệm vụ CCHC đạt 95% kế hoạch đề ra" (1.1.2 of the 2020 sets)
    "par_plan_completion_rate": ("Tỷ lệ hoàn thành kế hoạch CCHC",
                                 re.compile(rf"hoàn\s+thành[^.;]{{0,60}}{_CCHC}[^.;]{{0,40}}$", re.I),
                                 re.compile(r"\s*(?:của\s+)?kế\s+hoạch", re.I)),
    # "công khai kịp thời 100% thủ tục hành chính tiếp nhận tại Trung tâm" (3.2)
    "procedures_publicised_rate": ("Tỷ lệ thủ tục hành chính được công khai",
                                   re.compile(r"công\s+khai[^.;]{0,30}$", re.I),
                                   re.compile(r"\s*(?:các\s+)?(?:thủ\s+tục\s+hành\s+chính|TTHC)", re.I)),
    # "trên 95% cán bộ, công chức, viên chức … chấp hành nghiêm giờ giấc làm việc" (5.2)
    "discipline_rate": ("Tỷ lệ cán bộ, công chức, viên chức chấp hành nghiêm giờ giấc, kỷ luật làm việc",
                        re.compile(r""),  # the words after the share name it
                        re.compile(r"\s*(?:cán\s+bộ|công\s+chức)[^.;]{0,80}chấp\s+hành\s+(?:nghiêm\s+)?"
                                   r"(?:giờ\s+giấc|kỷ\s+luật|kỷ\s+cương|nội\s+quy)", re.I)),
}
_QUALIFIER = re.compile(r"(trên|khoảng|ít\s+nhất|tối\s+thiểu)\s*$", re.I)
QUALIFIERS = {"trên": "above", "khoảng": "about", "ít nhất": "at_least", "tối thiểu": "at_least"}


def _stated_shares(unit: Para, nums: list[Num], figures: dict, draft: Draft, used: set[int]) -> None:
    """Shares stated plainly, without counts (:data:`STATED_SHARES`): the plan's completion ("hoàn thành nhiệm
    vụ CCHC đạt 95% kế hoạch đề ra"), procedures publicised ("công khai kịp thời 100% thủ tục hành chính"),
    staff keeping working hours ("trên 95% cán bộ, công chức … chấp hành nghiêm giờ giấc làm việc"); "trên",
    "khoảng" before the share are kept as its ``qualifier``."""
    text = unit.text
    for n in nums:
        if not n.percent or id(n) in used:
            continue
        start = max(text.rfind(". ", 0, n.start), text.rfind("; ", 0, n.start), -1) + 1
        words = re.sub(r"\s*(?:đạt|là|được)?\s*(?:trên|khoảng|ít\s+nhất|tối\s+thiểu)?\s*$", "", text[start:n.start])
        after = text[n.end:n.end + 160]
        key = next((k for k, (_, before, follows) in STATED_SHARES.items()
                    if k not in figures and before.search(words) and follows.match(after)), None)
        if key is None:
            continue
        bound = _QUALIFIER.search(text[start:n.start])
        entry = {"value": as_data(n.value), "unit": "percent", "label": STATED_SHARES[key][0]}
        if bound:
            entry["qualifier"] = QUALIFIERS[re.sub(r"\s+", " ", bound.group(1).lower())]
        entry |= {"text": text[bound.start() + start if bound else n.start:n.end], "source": unit.place.label("vi")}
        figures[key] = entry
        used.add(id(n))
        draft.sources[f"figures.{key}"] = (quote(text, n.start, n.end), unit.place)


def _propaganda(unit: Para, nums: list[Num], figures: dict, draft: Draft, used: set[int]) -> None:
    """"Tổ chức 04 hình thức tuyên truyền về CCHC": the ways used to promote PAR (``propaganda_channels``,
    criterion 1.3)."""
    text = unit.text
    for n in nums:
        if n.unit != "hình thức" or not isinstance(n.value, int) or "propaganda_channels" in figures:
            continue
        if not re.match(r"\s*hình\s+thức\s+(?:\w+\s+){0,2}?tuyên\s+truyền", text[n.end:n.end + 50], re.IGNORECASE):
            continue
        figures["propaganda_channels"] = {"value": n.value, "unit": "count", "label": "Số hình thức tuyên truyền CCHC",
                                          "text": text[n.start:n.end + 24].split(".")[0].strip(), "source": unit.place.label("vi")}
        used.add(id(n))
        draft.sources["figures.propaganda_channels"] = (quote(text, n.start, n.end), unit.place)

"""Checks on a report's figures: totals against their parts, agency lists and levels against the
overall figure, received − resolved against pending, stated shares against their counts, shares that
make 100 %, changes written in "%" that are percentage points, and late dossiers silent on apology
letters. Each check adds findings (with the sentence and the arithmetic) or assumptions to a
:class:`compliance.lint.kinds.Collector`; a figure that agrees adds nothing.

Precision: a stated share agrees when it equals the exact share rounded half up, or truncated, to the
decimals it is written with ("47,26 %" → 2 decimals; 13.253 / 28.044 = 47,2579… → 47,26). Shares that
make 100 % may together be off by what their rounding explains: half a last digit each above 100
(96,8 % + 3,2 %; 96,8 % + 3,3 % = 100,1 % still; 100,2 % is a finding), one last digit each below
(truncated shares).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from compliance.lint.figures import PARTITIONS, WHOLE_OF, Breakdown, Figure, Figures, label_after, label_before, measure
from compliance.i18n import M, Num as Count
from compliance.lint.kinds import TWO_LEVEL_BASIS, Arithmetic, Collector, fmt, quote, sentence_at
from compliance.lint.late import LateList, letter_counts
from compliance.lint.numbers import Fraction, Num, fractions
from compliance.lint.reader import Doc
from compliance.vocab import round_half_up

_QUALIFIED = re.compile(r"(?:khoảng|gần|trên|hơn|dưới|xấp xỉ|tối thiểu|ít nhất|tới|đến)\s*$", re.IGNORECASE)
_PERIOD_WORDS = re.compile(r"năm\s+\d{4}|cùng\s+kỳ|năm\s+trước|kỳ\s+trước", re.IGNORECASE)
_CHANGE = re.compile(r"\b(tăng|giảm)(?:\s+(?:thêm|được|là|khoảng))?\s*$", re.IGNORECASE)


@dataclass
class Context:
    """What the checks share: the document, its figures, late lists, and where results go."""

    doc: Doc
    figures: Figures
    out: Collector
    late_lists: list[LateList] = field(default_factory=list)
    two_levels: bool = False  # a period ending from 01/7/2025: the district level may be absent
    no_district: bool = False  # the whole period falls from 01/7/2025: there is no district level
    period_label: str = ""  # the title's period ("năm 2026"), for the words of a finding
    district_said: set[int] = field(default_factory=set)  # paragraphs already found speaking of cấp huyện


def rate_agrees(stated: float, decimals: int, numerator: float, denominator: float) -> tuple[bool, float]:
    """(agrees, exact share in %): rounded half up or truncated to ``decimals`` gives ``stated``."""
    exact = numerator / denominator * 100
    unit = 10 ** -decimals
    rounded = round_half_up(exact, decimals)
    truncated = math.floor(exact / unit + 1e-9) * unit
    ok = math.isclose(stated, rounded, abs_tol=unit / 1000) or math.isclose(stated, truncated, abs_tol=unit / 1000)
    return ok, exact


def _sum_text(total: Num, parts: list[Num], sign: str) -> Arithmetic:
    return lambda lang: (f"{fmt(total.value, lang=lang)} {sign} " + " + ".join(fmt(p.value, lang=lang) for p in parts)
                         + f" = {fmt(sum(p.value for p in parts), lang=lang)}")


TWO_LEVELS = (frozenset({"province", "commune"}), frozenset({"province", "commune", "special_zone"}))
"""The levels that make up a whole from 01/7/2025: tỉnh + xã (+ đặc khu written apart)."""


def _district_said(ctx: Context, unit, num: Num) -> None:
    """A figure of cấp huyện in a report whose whole period falls from 01/7/2025, when there is no district
    level (:data:`compliance.lint.kinds.TWO_LEVEL_BASIS`): an old template copied, most often. Once a paragraph."""
    if id(unit) in ctx.district_said:
        return
    ctx.district_said.add(id(unit))
    label = ctx.period_label or "này"
    ctx.out.add("district_after_reform", unit.place, quote(unit.text, num.start, num.end),
                f"Báo cáo kỳ {label} nêu {num.text} hồ sơ cấp huyện, nhưng từ 01/7/2025 không còn cấp huyện (chính quyền "
                "địa phương hai cấp: tỉnh; xã, phường, đặc khu): có thể mẫu báo cáo cũ được chép lại; số chung được đối "
                "chiếu với cấp tỉnh + cấp xã",
                f"The report for \"{label}\" gives {fmt(num.value, lang='en')} dossiers of a district level, but there is none from 01/7/2025 "
                "(two-level local government: province; commune, ward, special zone): perhaps an old template copied; "
                "the overall figure is checked against province + commune", legal=TWO_LEVEL_BASIS)


def check_breakdowns(ctx: Context) -> None:
    """Totals against their "trong đó" parts (exact when the parts are a partition or a nested list). For a
    period wholly from 01/7/2025 a part "cấp huyện" is found as such and left out of the levels' sum. The
    letter counts of a late list ("… 10 hồ sơ của Phòng B. Trong đó 100 hồ sơ đã có văn bản xin lỗi") are
    no parts: they are said of the whole list (:func:`check_late_lists`)."""
    letters = {id(n) for ll in ctx.late_lists for n, _ in ll.letters}
    for b in ctx.figures.breakdowns:
        parts = [p for p in b.parts if id(p.num) not in letters]
        if not parts:
            continue
        keys = [p.key for p in parts]
        district = ctx.no_district and "district" in keys and set(keys) <= set(TWO_LEVELS[1]) | {"district"}
        if district:
            _district_said(ctx, b.unit, next(p.num for p in parts if p.key == "district"))
            parts = [p for p in parts if p.key != "district"]
            keys = [p.key for p in parts]
        nums = [p.num for p in parts]
        total = b.total.value
        got = sum(n.value for n in nums)
        whole = frozenset(keys) if None not in keys and len(set(keys)) == len(keys) else None
        exact = whole in PARTITIONS or (ctx.two_levels and whole in TWO_LEVELS)
        text, place = b.unit.text, b.unit.place
        q = quote(text, b.total.start, b.parts[-1].num.end)
        dossiers = b.total.unit == "hồ sơ"
        if district and exact and got != total:
            ctx.out.add("level_sum_mismatch", place, q,
                        f"Tổng {fmt(total)} {b.total.unit} không bằng cấp tỉnh + cấp xã ({fmt(got)}; không còn cấp huyện)",
                        f"The total {fmt(total, lang='en')} does not equal province + commune ({fmt(got, lang='en')}; "
                        "there is no district level)", _sum_text(b.total, nums, "≠"), basis=dossiers)
        elif (exact or (b.nested and len(nums) >= 2)) and got != total:
            ctx.out.add("sum_mismatch", place, q,
                        f"Tổng {fmt(total)} {b.total.unit} không bằng tổng các phần liệt kê ({fmt(got)})",
                        f"The total {fmt(total, lang='en')} does not equal the sum of the parts listed ({fmt(got, lang='en')})",
                        _sum_text(b.total, nums, "≠"), basis=dossiers)
        elif not exact and not b.nested:
            big = [n for n in nums if n.value > total]
            if big:
                ctx.out.add("part_exceeds_total", place, q,
                            f"Một phần ({big[0].text}) lớn hơn tổng ({b.total.text})",
                            f"A part ({big[0].text}) exceeds its total ({b.total.text})",
                            lambda lang: f"{fmt(big[0].value, lang=lang)} > {fmt(total, lang=lang)}",
                            basis=dossiers)
            elif whole and any(whole < p for p in PARTITIONS) and got > total:
                ctx.out.add("part_exceeds_total", place, q, f"Các phần cộng lại ({fmt(got)}) lớn hơn tổng {fmt(total)}",
                            f"The parts add up to {fmt(got, lang='en')}, more than the total {fmt(total, lang='en')}",
                            _sum_text(b.total, nums, "<"),
                            basis=dossiers)
            elif whole == frozenset({"online", "in_person_post"}) and got < total:
                ctx.out.assume("received_rest", place, q,
                               f"{fmt(total - got)} hồ sơ còn lại ngoài trực tuyến và trực tiếp được hiểu là hồ sơ từ kỳ trước chuyển sang",
                               f"The {fmt(total - got, lang='en')} dossiers beyond online and in-person ones are taken as carried over")


def check_levels(ctx: Context) -> None:
    """The overall figure of a measure against its levels: tỉnh + huyện + xã for a period before
    01/7/2025; tỉnh + xã (+ đặc khu when written apart) for a period from then (no district level from
    01/7/2025: :data:`compliance.lint.kinds.TWO_LEVEL_BASIS`), a district's figure in such a report found as
    such; for a period across that day (a 2025 annual report) the district's line is added when the report
    gives one (cấp huyện until 30/6/2025)."""
    for (name, scope), overall in list(ctx.figures.figures.items()):
        if scope != "all":
            continue
        district = ctx.figures.get(name, "district")
        if district is not None and ctx.no_district:
            _district_said(ctx, district.unit, district.num)
            district = None
        if district is None and not ctx.two_levels:
            continue  # the district's figure is missing for a period when the district level existed
        levels = ("province", "district", "commune") if district is not None else ("province", "commune")
        if ctx.two_levels and ctx.figures.get(name, "special_zone") is not None:
            levels += ("special_zone",)
        parts = [ctx.figures.get(name, lv) for lv in levels]
        if any(p is None for p in parts) or all(p.unit is overall.unit for p in parts):
            continue
        got = sum(p.num.value for p in parts)
        if got != overall.num.value:
            ctx.out.add("level_sum_mismatch", overall.unit.place, quote(overall.unit.text, overall.num.start, overall.num.end),
                        f"Số chung {overall.num.text} không bằng tổng các cấp ({fmt(got)}); các cấp ở: "
                        + "; ".join(p.unit.place.label("vi") for p in parts),
                        f"The overall {overall.num.text} does not equal the levels' sum ({fmt(got, lang='en')}); levels at: "
                        + "; ".join(p.unit.place.label("en") for p in parts),
                        _sum_text(overall.num, [p.num for p in parts], "≠"))


def check_pending(ctx: Context) -> None:
    """Received (with carried over) − resolved against pending, for each scope that states all three."""
    for (name, scope), pending in list(ctx.figures.figures.items()):
        if name != "pending":
            continue
        rec, res = ctx.figures.get("received", scope), ctx.figures.get("resolved", scope)
        if not rec or not res:
            continue
        carried = ctx.figures.get("carried_over", scope)
        inside = carried is not None and any(b.total is rec.num and any(p.num is carried.num for p in b.parts)
                                             for b in ctx.figures.breakdowns)
        q = quote(pending.unit.text, pending.num.start, pending.num.end)
        if carried is None:
            ctx.out.assume("received_includes_carried", rec.unit.place, quote(rec.unit.text, rec.num.start),
                           f"Số tiếp nhận {rec.num.text} được hiểu là đã gồm hồ sơ kỳ trước chuyển sang (báo cáo không nêu riêng)",
                           f"Received {rec.num.text} is taken to include dossiers carried over (the report gives no separate figure)")
        # carried over stated apart from received (not one of its parts): received may or may not include it
        readings = [((rec.num.value,), rec.num.value - res.num.value)]
        if carried is not None and not inside:
            readings.insert(0, ((rec.num.value, carried.num.value), rec.num.value + carried.num.value - res.num.value))
        expected = readings[0][1]
        if any(value == pending.num.value for _, value in readings):
            if len(readings) > 1 and readings[0][1] != pending.num.value:
                ctx.out.assume("received_includes_carried", rec.unit.place, quote(rec.unit.text, rec.num.start),
                               f"Số tiếp nhận {rec.num.text} được hiểu là đã gồm {carried.num.text} hồ sơ kỳ trước chuyển sang "
                               f"(nêu ở {carried.unit.place.label('vi')})",
                               f"Received {rec.num.text} is taken to include the {carried.num.text} dossiers carried over "
                               f"(stated at {carried.unit.place.label('en')})")
            continue
        ctx.out.add("pending_mismatch", pending.unit.place, q,
                    f"Đang giải quyết {pending.num.text} không bằng tiếp nhận − đã giải quyết ({fmt(expected)})",
                    f"Pending {pending.num.text} does not equal received − resolved ({fmt(expected, lang='en')})",
                    lambda lang: "; ".join(" + ".join(fmt(x, lang=lang) for x in left) + f" − {fmt(res.num.value, lang=lang)}"
                                           f" = {fmt(value, lang=lang)}" for left, value in readings)
                    + f" ≠ {fmt(pending.num.value, lang=lang)}")


def owner_count(nums: list[Num], text: str, p: Num) -> Num | None:
    """The count a share is written after ("13.253 hồ sơ (chiếm 47,26 %)"), or None."""
    before = [n for n in nums if n.end <= p.start and not n.percent and n.unit]
    if not before:
        return None
    gap = text[before[-1].end:p.start]
    if len(gap) <= 40 and not re.search(r"\d", gap) and re.search(r"chiếm|\(|bằng|đạt tỷ lệ", gap):
        return before[-1]
    return None


def _over(num: float, den: float, what=None, early: float | None = None) -> Arithmetic:
    """"1.180 / 1.200 (đã giải quyết)", "(300 + 880) / 1.200 (…)" in the language asked."""
    def said(lang: str) -> str:
        top = f"({fmt(early, lang=lang)} + {fmt(num, lang=lang)})" if early is not None else fmt(num, lang=lang)
        return f"{top} / {fmt(den, lang=lang)}" + (f" ({what.get(lang)})" if what is not None else "")
    return said


_WHOLE_WORDS = {"received": M("received"), "resolved": M("resolved"), "pending": M("pending")}


def _candidates(ctx: Context, name: str | None, count: Num | None, b: Breakdown | None) -> list[tuple[Arithmetic, float, float]]:
    """(label in either language, numerator, denominator) a share of ``name`` may be taken over."""
    f = ctx.figures
    out = []
    if b is not None and count is not None:
        out.append((_over(count.value, b.total.value), count.value, b.total.value))
    num = count.value if count is not None else (f.get(name).num.value if name and f.get(name) else None)
    if num is None and name == "early_on_time" and f.get("early") and f.get("on_time"):
        num = f.get("early").num.value + f.get("on_time").num.value
    whole = WHOLE_OF.get(name or "")
    if num is None or not whole:
        return out
    base = f.get(whole)
    if base and not out:
        out.append((_over(num, base.num.value, _WHOLE_WORDS[whole]), num, base.num.value))
    carried = f.get("carried_over")
    if whole == "received" and base and carried and carried.num.value < base.num.value:
        new = base.num.value - carried.num.value
        out.append((_over(num, new, M("new in the period")), num, new))
    if name == "on_time" and count is None and f.get("early") and base:
        both = f.get("early").num.value + num
        out.insert(0, (_over(num, base.num.value, M("early and on time"), early=f.get("early").num.value), both, base.num.value))
    return out


def check_shares(ctx: Context) -> None:
    """Each stated share against its counts; several possible denominators → the one used is an assumption."""
    owner_of = {id(p.num): b for b in ctx.figures.breakdowns for p in b.parts}
    for unit in ctx.doc.units():
        nums = ctx.figures.nums.get(id(unit), [])
        text = unit.text
        for p in nums:
            if not p.percent or _QUALIFIED.search(text[max(0, p.start - 12):p.start]) or _CHANGE.search(text[max(0, p.start - 25):p.start]):
                continue
            count = owner_count(nums, text, p)
            if count is not None:
                b = owner_of.get(id(count))
                name = measure(label_before(text, count)) or measure(label_after(text, count))
            else:
                words = label_before(text, p)
                if "tỷ lệ" not in words.lower():
                    continue
                b, name = None, measure(words)
                if name is None or name not in WHOLE_OF:
                    continue
            cands = _candidates(ctx, name, count, b)
            if not cands:
                continue
            results = [(c, *rate_agrees(p.value, p.decimals, c[1], c[2])) for c in cands]
            q = quote(text, (count or p).start, p.end)
            good = [r for r in results if r[1]]
            if not good:
                ctx.out.add("percent_mismatch", unit.place, q,
                            f"Tỷ lệ {p.text} không khớp với số liệu", f"The share {p.text} does not match the counts",
                            lambda lang: "; ".join(
                                f"{c[0](lang)} × 100 = {fmt(exact, 4, lang)} → "
                                f"{fmt(round_half_up(exact, p.decimals), p.decimals, lang)} ≠ {fmt(p.value, p.decimals, lang)}"
                                for c, _, exact in results))
            elif len(results) > 1 and len({round_half_up(r[2], p.decimals) for r in results}) > 1:
                c = good[0][0]
                ctx.out.assume("denominator", unit.place, q,
                               f"Tỷ lệ {p.text} được hiểu là {c[0]('vi')}; các mẫu số khác có thể: "
                               + "; ".join(f"{r[0][0]('vi')} = {fmt(r[2], 2)}" for r in results if r[0] is not c),
                               f"The share {p.text} is taken as {c[0]('en')}; other possible denominators: "
                               + "; ".join(f"{r[0][0]('en')} = {fmt(r[2], 2, 'en')}" for r in results if r[0] is not c))


_LINK = re.compile(r"^(?:\s+[^\W\d_]+){0,4}?\s*(?P<open>[,(:–-]\s*)?(?P<word>(?:đạt|chiếm|bằng|là)(?:\s+(?:tỷ|tỉ)\s+lệ)?|(?:tỷ|tỉ)\s+lệ)?\s*:?\s*$",
                   re.IGNORECASE)


def share_of(text: str, fraction: Fraction, nums: list[Num]) -> Num | None:
    """The share written right after a fraction ("18/20 nhiệm vụ, đạt 90%", "12/15 đơn vị (đạt 85%)"), or None."""
    after = next((n for n in nums if n.start >= fraction.end), None)
    if after is None or not after.percent or after.start - fraction.end > 40:
        return None
    link = _LINK.match(text[fraction.end:after.start])
    return after if link and (link.group("word") or "(" in (link.group("open") or "")) else None


def check_fractions(ctx: Context) -> None:
    """A share written after its fraction against it: "12/15 đơn vị (đạt 85%)" is 80 %."""
    for unit in ctx.doc.units():
        nums = ctx.figures.nums.get(id(unit), [])
        text = unit.text
        for fr in fractions(text):
            p = share_of(text, fr, nums)
            if p is None:
                continue
            ok, exact = rate_agrees(p.value, p.decimals, fr.part, fr.whole)
            if ok:
                continue
            ctx.out.add("percent_mismatch", unit.place, quote(text, fr.start, p.end),
                        M("The share {share} does not match {fraction}", share=p.text, fraction=fr.text).get("vi"),
                        M("The share {share} does not match {fraction}", share=p.text, fraction=fr.text).get("en"),
                        lambda lang: f"{fmt(fr.part, lang=lang)} / {fmt(fr.whole, lang=lang)} × 100 = {fmt(exact, 4, lang)} → "
                        f"{fmt(round_half_up(exact, p.decimals), p.decimals, lang)} ≠ {fmt(p.value, p.decimals, lang)}",
                        basis=fr.unit == "hồ sơ")


_SHARE_SETS = [s for s in PARTITIONS if s & {"satisfied", "dissatisfied"}]


def check_share_sums(ctx: Context) -> None:
    """Satisfied + dissatisfied (+ very satisfied) shares of one sentence make 100 %."""
    for unit in ctx.doc.units():
        nums = [n for n in ctx.figures.nums.get(id(unit), []) if n.percent]
        if len(nums) < 2:
            continue
        text = unit.text
        keyed = {}
        for i, n in enumerate(nums):
            floor = nums[i - 1].end if i else 0
            name = measure(text[max(floor, n.start - 60):n.start]) if text[max(floor, n.start - 60):n.start].strip(" ,") else None
            name = name or measure(text[n.end:n.end + 30].split(",")[0])
            if name in ("satisfied", "dissatisfied", "very_satisfied") and name not in keyed:
                keyed[name] = n
        if frozenset(keyed) in _SHARE_SETS:
            parts = list(keyed.values())
            got = sum(n.value for n in parts)
            # each share rounded half up is off by at most half its last digit, truncated by less than one
            above = sum(0.5 * 10 ** -n.decimals for n in parts)
            below = sum(10 ** -n.decimals for n in parts)
            if not -below - 1e-9 <= got - 100 <= above + 1e-9:
                ctx.out.add("percent_sum", unit.place, quote(text, parts[0].start, parts[-1].end),
                            f"Các tỷ lệ {', '.join(n.text for n in parts)} cộng lại {fmt(got, 2)}%, không phải 100%",
                            f"The shares {', '.join(n.text for n in parts)} add up to {fmt(got, 2, 'en')}%, not 100%",
                            lambda lang: " + ".join(fmt(n.value, n.decimals, lang) for n in parts) + f" = {fmt(got, 2, lang)} ≠ 100")


def check_points(ctx: Context) -> None:
    """"tăng 2,34% so với năm 2022 (82,78%)" when 85,12 − 82,78 = 2,34: percentage points, not %. The earlier
    rate may follow "so với" or come before the change with its own period ("năm 2025 đạt 85,12%, năm 2024 đạt
    82,78%, tăng 2,34%"): then the base is the lower rate of a rise, the higher of a fall. A sentence that
    names its rate without giving it ("Tỷ lệ hồ sơ trực tuyến tăng 5,2% so với năm 2024 (62,43%)") takes the
    rate of that measure written earlier in the paragraph ("trực tuyến 6.100 hồ sơ (chiếm 67,63%)")."""
    for unit in ctx.doc.units():
        nums = ctx.figures.nums.get(id(unit), [])
        text = unit.text
        for i, x in enumerate(nums):
            if not x.percent or not _CHANGE.search(text[max(0, x.start - 25):x.start]):
                continue
            s0 = max(text.rfind(". ", 0, x.start), text.rfind("; ", 0, x.start), -1) + 1
            nxt = [k for k in (text.find(". ", x.end), text.find("; ", x.end)) if k > 0]
            s1 = min(nxt) if nxt else len(text)
            before = [n for n in nums[:i] if n.percent and n.start >= s0]
            since = text.find("so với", x.end, s1)
            after = [n for n in nums[i + 1:] if n.percent and n.start < s1 and since >= 0 and n.start > since]
            if before and after:
                a, b = before[-1], after[0]
            elif after and not before and (named := _rate_named(ctx, nums, text, s0, text[s0:x.start])) is not None:
                a, b = named, after[0]
            elif len(before) >= 2 and _PERIOD_WORDS.search(text[before[-2].end:before[-1].start]):
                rise = _CHANGE.search(text[max(0, x.start - 25):x.start]).group(1).lower() == "tăng"
                a, b = sorted(before[-2:], key=lambda n: n.value, reverse=rise)  # b: the base, the rate changed from
            else:
                continue
            diff = abs(a.value - b.value)
            lo, hi = sorted((a, b), key=lambda n: n.value)  # written larger − smaller, a fall as a rise
            unit_x = 10 ** -x.decimals
            if b.value and math.isclose(diff, x.value, abs_tol=unit_x / 2 + 1e-9):
                rel = diff / b.value * 100
                if not math.isclose(rel, x.value, abs_tol=unit_x / 2 + 1e-9):
                    first = min(a.start, b.start) if a.start >= s0 else x.start  # the rate's own sentence when it is earlier
                    ctx.out.add("percentage_points", unit.place, quote(text, first, max(b.end, x.end)),
                                f"Mức thay đổi {x.text} là hiệu của hai tỷ lệ: phải ghi {fmt(x.value, x.decimals)} điểm phần trăm "
                                f"(tăng tương đối là {fmt(rel, 2)}%)",
                                f"The change {x.text} is the difference of two rates: write {fmt(x.value, x.decimals, 'en')} "
                                f"percentage points (the relative change is {fmt(rel, 2, 'en')}%)",
                                lambda lang: f"{fmt(hi.value, hi.decimals, lang)} − {fmt(lo.value, lo.decimals, lang)} = "
                                f"{fmt(diff, x.decimals, lang)} {M('percentage points').get(lang)}; "
                                f"{fmt(diff, x.decimals, lang)} / {fmt(b.value, b.decimals, lang)} × 100 = {fmt(rel, 2, lang)}%")


def _rate_named(ctx: Context, nums: list[Num], text: str, end: int, words: str) -> Num | None:
    """The share, before ``end`` in the paragraph, of the dossier measure ``words`` names as a rate ("Tỷ lệ hồ
    sơ trực tuyến" → the share written after the online count, "6.100 hồ sơ (chiếm 67,63%)"), or None."""
    if not re.search(r"tỷ\s+lệ|tỉ\s+lệ", words, re.IGNORECASE) or (name := measure(words)) is None:
        return None
    fig = ctx.figures.get(name)
    for n in reversed([n for n in nums if n.percent and n.end <= end]):
        count = owner_count(nums, text, n)
        if count is not None and fig is not None and count is fig.num:
            return n
    return None


def check_late_lists(ctx: Context) -> None:
    """Agency lists against the late total; late dossiers silent on apology letters (legal gap)."""
    late = ctx.figures.get("late")
    units = ctx.doc.units()
    for ll in ctx.late_lists:
        got = sum(it.count for it in ll.items)
        if late is not None and got != late.num.value and not (ll.partial and got < late.num.value):
            real = sum(it.count for it in ll.items if it.lateness == "late")
            soft = got - real
            split = (lambda lang: " " + M("(late in fact {real} + late in the software only {soft})", real=fmt(real, lang=lang),
                                              soft=fmt(soft, lang=lang)).get(lang) if soft else "")
            ctx.out.add("agency_list_mismatch", ll.unit.place, quote(ll.unit.text, ll.items[0].start, ll.items[0].num.end),
                        f"Các cơ quan được kê có {fmt(got)} hồ sơ trễ hạn, báo cáo ghi tổng {late.num.text} ({late.unit.place.label('vi')})",
                        f"The agencies listed account for {fmt(got, lang='en')} late dossiers; the report's total is "
                        f"{late.num.text} ({late.unit.place.label('en')})",
                        lambda lang: f"{fmt(late.num.value, lang=lang)} ≠ " + " + ".join(fmt(it.count, lang=lang) for it in ll.items)
                        + f" = {fmt(got, lang=lang)}{split(lang)}")
        elif late is not None and got < late.num.value:
            ctx.out.assume("partial_list", ll.unit.place, None,
                           f"Danh sách cơ quan được hiểu là chưa đầy đủ ({fmt(got)}/{late.num.text} hồ sơ trễ hạn)",
                           f"The agency list is taken as partial ({fmt(got, lang='en')} of {late.num.text} late dossiers)")
        silent = [it for item in ll.items for it in item.children or [item]
                  if it.lateness == "late" and it.apology == "not_stated"]
        if ll.letters:  # "… đã gửi văn bản xin lỗi đối với 100 hồ sơ": said of the listed dossiers as a whole
            n = ll.letters[0][0]
            _letters_in_part(ctx, ll.unit, n, sum(it.count for it in silent), ll.letters_said("yes"), ll.letters_said("no"))
            continue
        for it in silent:
            who = it.agency or it.procedure
            ctx.out.add("apology_not_stated", ll.unit.place, quote(ll.unit.text, it.start, it.num.end),
                        f"{it.num.text} hồ sơ trễ hạn{f' ({who})' if who else ''} không nêu có văn bản xin lỗi người nộp hồ sơ hay không",
                        f"{it.num.text} late dossier(s){f' ({who})' if who else ''}: the report does not say whether an apology letter was sent")
    if late is not None and late.num.value and not ctx.late_lists:  # "quá hạn 160 hồ sơ. Sở đã gửi văn bản xin lỗi đối với 100 hồ sơ."
        letters = [(u, n, word) for u in units for n, word in letter_counts(u, ctx.figures.nums.get(id(u), []))]
        if letters:
            unit, n, _ = letters[0]
            _letters_in_part(ctx, unit, n, late.num.value, sum(int(k.value) for _, k, w in letters if w == "yes"),
                             sum(int(k.value) for _, k, w in letters if w == "no"), listed=False)
    if late is not None and late.num.value and not ctx.late_lists and not any("xin lỗi" in u.text.lower() for u in units):
        ctx.out.add("apology_not_stated", late.unit.place, quote(late.unit.text, late.num.start, late.num.end),
                    f"{late.num.text} hồ sơ quá hạn: báo cáo không nêu văn bản xin lỗi người nộp hồ sơ",
                    f"{late.num.text} late dossiers: the report says nothing of apology letters to the applicants")


def _letters_in_part(ctx: Context, unit, n: Num, late: int, yes: int, no: int, listed: bool = True) -> None:
    """Letters counted for late dossiers as a whole ("150 hồ sơ của Phòng A, 10 hồ sơ của Phòng B. Sở đã gửi
    văn bản xin lỗi đối với 100 hồ sơ"; "quá hạn 160 hồ sơ. … 100 hồ sơ"): the ``late`` dossiers (of a list,
    those its items are silent on; ``listed=False``: the report's late total) less the ``yes`` and ``no``
    said are the ones the report is silent on (160 − 100 = 60); letters for more dossiers than that ("… xin
    lỗi đối với 200 hồ sơ" of 160) are a part above its total. ``n``, the first letter count, is quoted."""
    rest = late - yes - no
    if rest < 0:  # "quá hạn 160 hồ sơ … xin lỗi đối với 200 hồ sơ": more letters than late dossiers
        exceeds = (M("The report speaks of apology letters for {said} dossiers, more than the {late} late dossiers listed",
                     said=Count(yes + no), late=Count(late)) if listed else
                   M("The report speaks of apology letters for {said} dossiers, more than the {late} late dossiers",
                     said=Count(yes + no), late=Count(late)))
        ctx.out.add("part_exceeds_total", unit.place, quote(unit.text, n.start, n.end), exceeds.get("vi"), exceeds.get("en"),
                    lambda lang: (" + ".join(fmt(k, lang=lang) for k in (yes, no) if k) + f" = {fmt(yes + no, lang=lang)}"
                                  if yes and no else fmt(yes + no, lang=lang)) + f" > {fmt(late, lang=lang)}")
        return
    if rest == 0:
        return
    ctx.out.add("apology_not_stated", unit.place, quote(unit.text, n.start, n.end),
                f"{fmt(rest)} trong {fmt(late)} hồ sơ trễ hạn{' được kê' if listed else ''} không nêu có văn bản xin lỗi người nộp hồ sơ hay không "
                f"(báo cáo nêu {fmt(yes)} hồ sơ đã có văn bản xin lỗi" + (f", {fmt(no)} hồ sơ chưa có)" if no else ")"),
                f"{fmt(rest, lang='en')} of the {fmt(late, lang='en')} late dossiers{' listed' if listed else ''}: the report does not say whether an "
                f"apology letter was sent (it says {fmt(yes, lang='en')} had a letter"
                + (f", {fmt(no, lang='en')} had none)" if no else ")"),
                lambda lang: " − ".join(fmt(k, lang=lang) for k in (late, yes, no) if k) + f" = {fmt(rest, lang=lang)}")


_SUBSET = re.compile(r"\b(?:của|trong\s+đó|sở|phòng|ban|ủy\s+ban|ubnd|trung\s+tâm|chi\s+cục|cơ\s+quan|đơn\s+vị|"
                     r"lĩnh\s+vực|thủ\s+tục|quý|tháng|kỳ\s+trước|cùng\s+kỳ|năm\s+trước|lũy\s+kế|còn\s+lại)\b",
                     re.IGNORECASE)


def _consecutive(first: Figure, again: Figure) -> bool:
    """True when ``again`` is stated in the sentence right after the one stating ``first``: in the same
    paragraph, or at the start of the next one."""
    a, b = first.unit.text, again.unit.text
    _, end = sentence_at(a, first.num.start)
    start, _ = sentence_at(b, again.num.start)
    if first.unit is again.unit:
        return end < start and not a[end:start].strip()
    return (again.block == first.block + 1 and first.unit.table is None and again.unit.table is None
            and not a[end:].strip() and start == 0)


def check_restated(ctx: Context) -> None:
    """Two different totals of late dossiers in consecutive sentences ("… quá hạn 1.900 hồ sơ. Tổng số hồ
    sơ quá hạn là 2.100 hồ sơ."). The later sentence is not a part of the total when it names no agency,
    field, procedure or shorter period and the number is not followed by "của" (whose dossiers)."""
    for first, again in ctx.figures.restated:
        if first.measure != "late" or not _consecutive(first, again):
            continue
        text = again.unit.text
        s0, s1 = sentence_at(text, again.num.start)
        if _SUBSET.search(text[s0:again.num.start]) or re.match(r"\s*hồ\s+sơ\s+của\b", text[again.num.end:], re.IGNORECASE):
            continue
        said = {lang: M("Late dossiers: {value} here, {value2} in the sentence before ({place})", value=again.num.text,
                        value2=first.num.text, place=first.unit.place.label(lang)).get(lang) for lang in ("vi", "en")}
        ctx.out.add("late_total_differs", again.unit.place, quote(text, again.num.start, again.num.end), said["vi"], said["en"],
                    lambda lang: f"{fmt(again.num.value, lang=lang)} ≠ {fmt(first.num.value, lang=lang)}")


def run_figure_checks(ctx: Context) -> None:
    """Every figure check, in a fixed order."""
    for check in (check_breakdowns, check_levels, check_pending, check_shares, check_fractions, check_share_sums,
                  check_points, check_late_lists, check_restated):
        check(ctx)



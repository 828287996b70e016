"""What one inspection round may hold: agencies of one side of 01/7/2025, under editions of one period.

On 01/7/2025 local government became two-level (no district, 34 provinces; Nghị quyết 202/2025/QH15):
a round that ranks agencies whose periods end before that day with agencies whose periods end after it
would rank two administrations against each other. So would a round mixing criteria editions that are
never in force on the same day (a 2025 set beside a 2026 set). Such rounds are refused with one line
that names both sides and says how to split them; the checks run before anything is ranked or stored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from compliance.errors import InputError
from compliance.i18n import M
from compliance.model.criteria import Edition
from compliance.model.results import Scorecard
from compliance.vocab import TWO_LEVEL_FROM


def period_end(period: str) -> dt.date:
    """The last day of a period as scorecards and the history write it ("01/07/2025–31/12/2025" → 31/12/2025)."""
    return dt.datetime.strptime(period.rsplit("–", 1)[-1], "%d/%m/%Y").date()


def _some(codes: list[str]) -> str:
    return ", ".join(codes[:3]) + (f" and {len(codes) - 3} more" if len(codes) > 3 else "")


def check_round_shape(folder: str | Path, cards: dict[str, Scorecard], editions: dict[str, Edition]) -> None:
    """Refuse (InputError at ``folder``) a round whose submissions' periods end on both sides of
    01/7/2025, or whose editions share no day in force. ``cards`` and ``editions``: agency code →
    scorecard / edition used."""
    ends = {code: period_end(card.period) for code, card in cards.items()}
    before = sorted(c for c, d in ends.items() if d < TWO_LEVEL_FROM)
    after = sorted(c for c, d in ends.items() if d >= TWO_LEVEL_FROM)
    if before and after:
        raise InputError(folder, M("the round straddles 01/7/2025 (two-level local government, 34 provinces): the periods of {value} end by 30/06/2025 (e.g. {value2:%d/%m/%Y}), those of {value3} after it (e.g. {value4:%d/%m/%Y}); split them into two folders and run a round for each", value=_some(before), value2=ends[before[0]], value3=_some(after), value4=ends[after[0]]))
    used: dict[str, tuple[Edition, list[str]]] = {}
    for code in sorted(editions):
        edition = editions[code]
        used.setdefault(edition.id, (edition, []))[1].append(code)
    if len(used) < 2:
        return
    start = max(e.valid_from for e, _ in used.values())
    end = min((e.valid_to for e, _ in used.values() if e.valid_to), default=None)
    if end is not None and end < start:
        first = min(used.values(), key=lambda t: t[0].valid_to or dt.date.max)
        last = max(used.values(), key=lambda t: t[0].valid_from)

        def shown(pair: tuple[Edition, list[str]]) -> str:
            e, codes = pair
            span = f"{e.valid_from:%d/%m/%Y}–{e.valid_to:%d/%m/%Y}" if e.valid_to else f"from {e.valid_from:%d/%m/%Y}"
            return f"{e.id} ({span}; {_some(codes)})"

        raise InputError(folder, M("the round mixes criteria editions never in force on the same day: {value} and {value2}; rank one period's agencies together: split the folder by period, or give every submission the same period's editions", value=shown(first), value2=shown(last)))


def _agencies(n: int, one: str = "is", many: str = "are") -> str:
    return f"{n} agency {one}" if n == 1 else f"{n} agencies {many}"


def comparison_notes(a: str, b: str, rows_a: dict[str, dict], rows_b: dict[str, dict]) -> list[dict]:
    """How a comparison of two stored rounds was made, as notes ``{"vi", "en"}``.

    ``rows_a``/``rows_b``: agency code → stored result (``period``, ``edition_id``, ``unit_type``). Says when
    the rounds lie on two sides of 01/7/2025 (agencies matched by code only, those of one side only counted,
    districts named as ended, nothing combined), and which matched agencies changed criteria set (their
    index change compares two sets)."""
    notes: list[dict] = []
    sides = {}
    for name, rows in ((a, rows_a), (b, rows_b)):
        ends = {period_end(r["period"]) for r in rows.values()}
        sides[name] = "before" if ends and max(ends) < TWO_LEVEL_FROM else "after" if ends and min(ends) >= TWO_LEVEL_FROM else None
    if {sides[a], sides[b]} == {"before", "after"}:
        only_a = sorted(set(rows_a) - set(rows_b))
        only_b = sorted(set(rows_b) - set(rows_a))
        districts = sum(1 for c in only_a + only_b if (rows_a.get(c) or rows_b.get(c))["unit_type"] == "district")
        notes.append({
            "vi": f"Vòng {a} và vòng {b} ở hai phía ngày 01/7/2025 (chính quyền địa phương hai cấp, 34 tỉnh): cơ quan "
                  f"được ghép theo mã; {len(only_a)} cơ quan chỉ có ở vòng {a}, {len(only_b)} chỉ có ở vòng {b} "
                  f"({districts} là UBND cấp huyện, đã kết thúc ngày 30/6/2025); không cộng gộp hay lấy trung bình số liệu nào.",
            "en": f"Rounds {a} and {b} lie on two sides of 01/7/2025 (two-level local government, 34 provinces): agencies "
                  f"are matched by code; {_agencies(len(only_a))} in round {a} only, {len(only_b)} in round {b} only "
                  f"({districts} of them district governments, which ended on 30/6/2025); no figure is combined or averaged."})
    changed = sorted(c for c in set(rows_a) & set(rows_b) if rows_a[c]["edition_id"] != rows_b[c]["edition_id"])
    if changed:
        pairs = sorted({f"{rows_a[c]['edition_id']} → {rows_b[c]['edition_id']}" for c in changed})
        notes.append({
            "vi": f"{len(changed)} cơ quan được chấm theo bộ tiêu chí khác nhau ({'; '.join(pairs)}): thay đổi chỉ số "
                  f"của {_some(changed)} so sánh hai bộ tiêu chí, không phải cùng một thước đo.",
            "en": f"{_agencies(len(changed), 'was', 'were')} scored on different criteria sets ({'; '.join(pairs)}): the index change "
                  f"of {_some(changed)} compares two sets, not one measure."})
    return notes


def history_notes(rows: list[dict]) -> list[dict]:
    """Notes for one agency's history: rounds on both sides of 01/7/2025, and changes of criteria set."""
    notes: list[dict] = []
    ends = [period_end(r["period"]) for r in rows]
    if any(e < TWO_LEVEL_FROM for e in ends) and any(e >= TWO_LEVEL_FROM for e in ends):
        notes.append({"vi": "Các vòng trước và sau ngày 01/7/2025 (sắp xếp chính quyền địa phương hai cấp): cơ quan được "
                            "ghép theo mã, địa bàn và nhiệm vụ có thể đã thay đổi.",
                      "en": "Rounds before and after 01/7/2025 (two-level local government): the agency is matched by "
                            "code; its territory and tasks may have changed."})
    sets = [r["edition_id"] for r in rows]
    if len(set(sets)) > 1:
        changes = [f"{x} → {y}" for x, y in zip(sets, sets[1:]) if x != y]
        notes.append({"vi": f"Bộ tiêu chí thay đổi ({'; '.join(changes)}): chỉ số giữa các bộ khác nhau không cùng một thước đo.",
                      "en": f"The criteria set changed ({'; '.join(changes)}): indexes under different sets are not one measure."})
    return notes

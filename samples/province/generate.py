"""Generate a province's inspection round of today's shape, seedably: submissions, an appraisal file, waivers.

Usage::

    python samples/province/generate.py --out /tmp/province            # Lâm Đồng 2025: 139 agencies
    python samples/province/generate.py --out /tmp/big --agencies 700 --seed 7 --json-share 0.5
    python samples/province/generate.py --out /tmp/p2026 --year 2026

The shape is the one of 01/7/2025 (two-level local government, 34 provinces): one of the 34, Lâm Đồng
(formed from Lâm Đồng, Đắk Nông and Bình Thuận by Nghị quyết 202/2025/QH15), with its provincial office,
its departments and its communes, wards and special zone, no district. Agency NAMES are the public ones
(``lam-dong-2025.yaml`` says where they come from); every FIGURE is invented, and every submission says so
in its notes. With ``--agencies N`` beyond the real lists (1 + 14 + 124 = 139), departments repeat with a
number ("Sở Y tế tỉnh Lâm Đồng (đơn vị mẫu 35)") and communes are generated ("Xã mẫu 125 (tên giả định)");
codes stay unique.

What is generated, scored on the project's MODEL sets for the year (``par-dept-model-YYYY`` for the office
and departments, ``par-commune-model-YYYY`` for communes, wards and the special zone):

- one submission per agency, as a ``.yaml`` file, a ``.json`` file (``--json-share``) or a folder with
  ``submission.yaml`` (every tenth agency): documents (plans sometimes late or missing), dossier counts
  (on-time, online shares drawn around realistic levels), late-dossier groups with and without apology
  letters, the figures the criteria read, plan tasks, self-scores on the criteria scored from evidence
  (with or without evidence), and survey points. Periods: the calendar year; in 2025 the communes' period
  starts on 01/7/2025, the day they were formed;
- ``appraisal.yaml``: round-1 changes for about a third of the agencies, an explanation and round-2
  points for half of those, a bonus for about 10% and a penalty for about 8%, caps 2 and 2;
- ``waivers.yaml``: a few waivers, one of them expired and one matching nothing.

The 2020 shape (districts, the fictional "Minh Hòa") is history: ``samples/round-2020`` keeps its round.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # run from anywhere: the project root holds the package

DATA = HERE / "lam-dong-2025.yaml"
DOC_TOPICS = [  # topic, deadline-sensitive, kind
    ("par_plan", True, "Kế hoạch"), ("it_plan", True, "Kế hoạch"), ("procedure_control_plan", True, "Kế hoạch"),
    ("training_plan", False, "Kế hoạch"), ("functions_regulation", False, "Quyết định"),
    ("working_regulation", False, "Quyết định"), ("job_positions", False, "Quyết định"),
    ("job_rotation_plan", False, "Kế hoạch"), ("leadership_planning", False, "Quyết định"),
    ("internal_spending_rules", False, "Quyết định"), ("iso_plan", False, "Kế hoạch"), ("legal_document", False, "Quyết định"),
]
RATES = ["par_plan_completion_rate", "units_inspected_rate", "published_on_time_rate", "national_db_on_time_rate",
         "procedures_publicised_rate", "satisfaction_rate", "feedback_on_time_rate", "internal_process_rate",
         "training_plan_completion_rate", "discipline_rate", "digital_signature_rate_own", "digitised_results_rate"]
NOTE = ("Số liệu giả định do samples/province/generate.py sinh ra: tên cơ quan là tên công khai, mọi số liệu "
        "không phải của cơ quan. / Invented figures: the agency's name is public, no figure is its own.")


@lru_cache(maxsize=None)
def province() -> dict:
    """The province's public names (``lam-dong-2025.yaml``)."""
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def edition_id(unit_type: str, year: int) -> str:
    """The project's model set for the unit type and year (department set for the office)."""
    return f"par-{'commune' if unit_type == 'commune' else 'dept'}-model-{year}"


@lru_cache(maxsize=None)
def _leaves(edition: str, unit_type: str, method: str) -> tuple[tuple[str, float], ...]:
    """(node id, max points) of the edition's leaves scored by ``method`` that apply to the unit type."""
    from compliance.catalog import find_edition
    from compliance.vocab import UnitType

    ed = find_edition(edition)
    unit = UnitType(unit_type)
    out = []
    for leaf in ed.leaves():
        parts = leaf.id.split(".")
        chain = [ed.node(".".join(parts[:i])) for i in range(1, len(parts) + 1)]
        if leaf.scoring is not None and leaf.scoring.method == method and all(n.applies(unit) for n in chain):
            out.append((leaf.id, leaf.max_points))
    return tuple(out)


def _rate(rng: random.Random, quality: float) -> float:
    """A percentage drawn around the agency's quality (0..1), one decimal, within 0..100."""
    return round(min(100.0, max(0.0, rng.gauss(70 + 28 * quality, 8))), 1)


def agency_list(n: int) -> list[tuple[str, str, str]]:
    """(code, name, unit_type) for n agencies: the provincial office first, then departments and communes
    in the real proportions (14 : 124; n = 139 gives exactly the real lists)."""
    data = province()
    prefix = data["province"]["code"]
    office_code, office_name = data["office"]
    out = [(f"{prefix}-{office_code}", office_name, "provincial_office")]
    depts, communes = data["departments"], data["communes"]
    rest = max(n - 1, 0)
    # at least one department and one commune (the round's waivers name a department; n ≥ 3, see generate)
    n_dept = min(max(1, round(rest * len(depts) / (len(depts) + len(communes)))), max(rest - 1, 0))
    for i in range(n_dept):
        code, name = depts[i % len(depts)]
        lap = i // len(depts)
        full = name if name.endswith("tỉnh") else f"{name} tỉnh {data['province']['name']}"
        out.append((f"{prefix}-{code}" + (f"-{lap + 1}" if lap else ""), full + (f" (đơn vị mẫu {i + 1})" if lap else ""),
                    "department"))
    for i in range(n - len(out)):
        name = communes[i] if i < len(communes) else f"Xã mẫu {i + 1} (tên giả định)"
        out.append((f"{prefix}-X{i + 1:03d}", name, "commune"))
    return out


def period(unit_type: str, year: int) -> dict:
    """The calendar year; a commune of 2025 from 01/7/2025, the day it was formed."""
    start = f"{year}-07-01" if (unit_type == "commune" and year == 2025) else f"{year}-01-01"
    label = "6 tháng cuối năm 2025" if start.endswith("07-01") else f"Năm {year}"
    return {"from": start, "to": f"{year}-12-31", "label": label}


def submission(rng: random.Random, code: str, name: str, unit_type: str, year: int) -> dict:
    """One agency's submission (plain data in the submission schema)."""
    quality = rng.random()
    edition = edition_id(unit_type, year)
    first_month = 7 if (unit_type == "commune" and year == 2025) else 1
    docs = []
    for topic, dated, kind in DOC_TOPICS:
        if rng.random() < 0.08 + 0.15 * (1 - quality):
            continue  # not issued
        if dated and rng.random() < 0.55 + 0.4 * quality:
            month, day = first_month, rng.randint(2, 31 if first_month == 1 else 28)
        else:
            month, day = rng.randint(first_month + 1, first_month + 3), rng.randint(1, 28)
        docs.append({"number": f"{rng.randint(1, 300)}/{'KH' if kind == 'Kế hoạch' else 'QĐ'}-{code.split('-', 1)[1]}",
                     "date": f"{day:02d}/{month:02d}/{year}", "kind": kind, "issuer": name, "role": "issued",
                     "topics": [topic], "title": f"Văn bản {topic.replace('_', ' ')} năm {year}"})
    resolved = rng.randint(150, 3000) if unit_type != "commune" else rng.randint(400, 4000)
    late = int(resolved * max(0.0, rng.gauss(0.04 * (1 - quality), 0.01)))
    early = int((resolved - late) * rng.uniform(0.1, 0.4))
    received = resolved + rng.randint(0, 200)
    online = int(received * min(1.0, max(0.0, rng.gauss(0.3 + 0.5 * quality, 0.1))))
    late_groups = []
    if late:
        with_letter = int(late * rng.uniform(0.3, 1.0))
        if with_letter:
            late_groups.append({"id": "late-apology", "agency": name, "agency_code": code, "count": with_letter,
                                "apology_letter": "yes", "text": f"{with_letter} hồ sơ quá hạn có văn bản xin lỗi"})
        if late - with_letter:
            late_groups.append({"id": "late-no-apology", "agency": name, "agency_code": code, "count": late - with_letter,
                                "apology_letter": "no", "text": f"{late - with_letter} hồ sơ quá hạn không có văn bản xin lỗi"})
    figures = {key: {"value": _rate(rng, quality), "unit": "percent", "label": key.replace("_", " ")} for key in RATES}
    found = rng.randint(0, 6)
    resolved_issues = rng.randint(0, found)
    figures.update({
        "reports_late_or_missing": {"value": rng.choice([0, 0, 0, 1, 2]), "unit": "count", "label": "Báo cáo chậm"},
        "inspection_issues_found": {"value": found, "unit": "count", "label": "Vấn đề phát hiện"},
        "inspection_issues_resolved": {"value": resolved_issues, "unit": "count", "label": "Vấn đề đã xử lý"},
        "inspection_issues_in_hand": {"value": found - resolved_issues, "unit": "count", "label": "Vấn đề đang xử lý"},
        "propaganda_channels": {"value": rng.randint(1, 5), "unit": "count", "label": "Hình thức tuyên truyền"},
    })
    states = ["done", "done", "done", "in_progress", "not_done"]
    tasks = [{"id": str(i), "task": f"Nhiệm vụ {i} được giao", "result": "Theo báo cáo của đơn vị",
              "state": rng.choice(states if quality < 0.7 else states[:4])} for i in range(1, rng.randint(2, 6))]
    for task in tasks:
        if task["state"] == "not_done":
            task["reason"] = "Chưa bố trí được kinh phí"
    self_assessment = {}
    for node, top in _leaves(edition, unit_type, "manual"):
        entry = {"points": round(top * rng.choice([1, 1, 1, 0.75, 0.5]) * 4) / 4}
        if rng.random() < 0.85 + 0.1 * quality:
            entry["evidence"] = [f"Tài liệu kiểm chứng tiêu chí {node}"]
        self_assessment[node] = entry
    survey = {node: round(top * rng.uniform(0.6, 0.9) * 4) / 4 for node, top in _leaves(edition, unit_type, "survey")}
    return {
        "agency": {"code": code, "name": name, "unit_type": unit_type, "province": province()["province"]["name"]},
        "period": period(unit_type, year),
        "criteria": edition,
        "documents": docs,
        "dossiers": {"scope": unit_type, "received": {"total": received, "online": online},
                     "resolved": {"total": resolved, "early": early, "on_time": resolved - late - early, "late": late}},
        "late_dossiers": late_groups,
        "figures": figures,
        "plans": [{"id": f"par-index-{year}", "kind": "par_index", "title": f"Kế hoạch cải thiện Chỉ số CCHC năm {year}",
                   "basis": "120/KH-UBND (giả định)", "tasks": tasks}],
        "self_assessment": self_assessment,
        "survey": survey,
        "notes": [NOTE],
    }


def appraisal(rng: random.Random, subs: list[dict], year: int) -> dict:
    """Round-1/round-2 changes on sub-criteria scored from evidence, bonus and penalty items, caps 2 and 2."""
    agencies = []
    for sub in subs:
        code = sub["agency"]["code"]
        entry: dict = {"agency": code}
        if rng.random() < 0.33 and sub["self_assessment"]:
            node = rng.choice(sorted(sub["self_assessment"]))
            own = sub["self_assessment"][node]["points"]
            item = {"criterion": node, "round1": {"points": max(0.0, own - 0.5), "note": "Tài liệu kiểm chứng chưa đầy đủ",
                                                  "by": "Tổ thẩm định liên ngành"}}
            if rng.random() < 0.5:
                item["explanation"] = "Đơn vị bổ sung tài liệu kiểm chứng"
                item["round2"] = {"points": own, "note": "Chấp nhận giải trình", "by": "Hội đồng thẩm định"}
            entry["items"] = [item]
        if rng.random() < 0.10:
            entry["bonus"] = [{"points": rng.choice([0.5, 1, 1.5]), "reason": "Sáng kiến CCHC được công nhận",
                               "evidence": ["Quyết định công nhận sáng kiến (giả định)"]}]
        if rng.random() < 0.08:
            entry["penalty"] = [{"points": rng.choice([0.5, 1]), "reason": "Chậm báo cáo theo yêu cầu của UBND tỉnh"}]
        if len(entry) > 1:
            agencies.append(entry)
    name = province()["province"]["name"]
    return {"round": str(year), "council": f"Hội đồng thẩm định Chỉ số CCHC tỉnh {name} (mẫu, số liệu giả định)",
            "appraised_on": f"{year + 1}-02-25", "bonus_cap": 2, "penalty_cap": 2, "agencies": agencies}


def waivers(subs: list[dict], year: int) -> dict:
    """Three waivers: one active on 4.4 (a department's guidance to communes), one expired, one naming an
    agency that is not in the round."""
    first = next(s["agency"]["code"] for s in subs if s["agency"]["unit_type"] == "department")
    second = subs[0]["agency"]["code"]
    prefix = province()["province"]["code"]
    return {"waivers": [
        {"id": f"W-{year + 1}-01", "agency": first, "criterion": "4.4", "justification": "Chưa có hướng dẫn phân cấp của Bộ",
         "approver": "Chủ tịch Hội đồng thẩm định", "expires": f"{year + 1}-12-31"},
        {"id": f"W-{year}-09", "agency": second, "criterion": "7.5", "justification": "Đang chuyển đổi ISO",
         "approver": "Giám đốc Sở Nội vụ", "expires": f"{year}-12-31"},
        {"id": f"W-{year + 1}-02", "agency": f"{prefix}-KHONG-CO", "criterion": "1.4", "justification": "Không khớp",
         "approver": "Giám đốc Sở Nội vụ", "expires": f"{year + 1}-12-31"},
    ]}


def generate(out: Path, agencies: int = 139, seed: int = 2025, year: int = 2025, json_share: float = 0.3) -> Path:
    """Write ``out/submissions/*``, ``out/appraisal.yaml`` and ``out/waivers.yaml``; returns ``out``.

    ValueError, before anything is written, when it cannot make the round: ``year`` before 2025 (today's
    shape) or without the project's model sets, fewer than 3 ``agencies`` (the office, a department and a
    commune), ``json_share`` outside 0..1."""
    if year < 2025:
        raise ValueError("the generator makes today's shape (2025 or later); the 2020 round is in samples/round-2020")
    from compliance.catalog import editions

    wanted = [edition_id(unit, year) for unit in ("department", "commune")]
    known = {e.id for e in editions()}
    if not all(w in known for w in wanted):
        raise ValueError(f"no model criteria set for {year} ({', '.join(wanted)}); the project has them for 2025 and 2026")
    if agencies < 3:
        raise ValueError(f"at least 3 agencies (the provincial office, a department and a commune), not {agencies}")
    if not 0 <= json_share <= 1:
        raise ValueError(f"--json-share is a share between 0 and 1, not {json_share:g}")
    rng = random.Random(seed)
    folder = out / "submissions"
    folder.mkdir(parents=True, exist_ok=True)
    subs = []
    for n, (code, name, unit_type) in enumerate(agency_list(agencies)):
        sub = submission(rng, code, name, unit_type, year)
        subs.append(sub)
        stem = code.lower()
        if n % 10 == 9:
            (folder / stem).mkdir(exist_ok=True)
            (folder / stem / "submission.yaml").write_text(
                yaml.safe_dump(sub, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
        elif rng.random() < json_share:
            (folder / f"{stem}.json").write_text(json.dumps(sub, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            (folder / f"{stem}.yaml").write_text(yaml.safe_dump(sub, allow_unicode=True, sort_keys=False, width=120),
                                                 encoding="utf-8")
    (out / "appraisal.yaml").write_text(yaml.safe_dump(appraisal(rng, subs, year), allow_unicode=True, sort_keys=False,
                                                       width=120), encoding="utf-8")
    (out / "waivers.yaml").write_text(yaml.safe_dump(waivers(subs, year), allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--agencies", type=int, default=139, help="number of agencies (default: 139, the real lists)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--year", type=int, default=2025, help="2025 or 2026, the years with model sets (default: 2025)")
    parser.add_argument("--json-share", type=float, default=0.3, help="share of submissions written as JSON")
    args = parser.parse_args()
    if args.year < 2025:
        parser.error("--year must be 2025 or later (today's shape); the 2020 round is in samples/round-2020")
    try:
        generate(args.out, args.agencies, args.seed, args.year, args.json_share)
    except ValueError as exc:
        parser.error(str(exc))
    print(f"{args.agencies} submissions, appraisal.yaml and waivers.yaml written to {args.out}")


if __name__ == "__main__":
    main()

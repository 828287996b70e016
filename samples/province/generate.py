"""Generate a realistic province's inspection round, seedably: submissions, an appraisal file, waivers.

Usage::

    python samples/province/generate.py --out /tmp/province            # a whole province: 181 agencies
    python samples/province/generate.py --out /tmp/big --agencies 700 --seed 7 --json-share 0.5

What is generated (all FICTIONAL: province "Minh Hòa", made-up figures, nothing from a real agency):

- one submission per agency, as a ``.yaml`` file, a ``.json`` file (``--json-share``) or a folder with
  ``submission.yaml`` (every tenth agency), scored on the project's MODEL sets ``par-dept-model-2020``
  (the provincial office and departments) and ``par-local-model-2020`` (districts and communes):
  documents with their dates (plans sometimes late or missing), dossier counts (on-time, online shares
  drawn around realistic levels), late-dossier groups with and without apology letters, the figures
  the criteria read, plan tasks (done / in progress / not done), self-scores with or without evidence,
  and survey points;
- ``appraisal.yaml``: round-1 changes for about a third of the agencies, an explanation and round-2
  points for half of those, a bonus for about 10% and a penalty for about 8%, caps 2 and 2;
- ``waivers.yaml``: a few waivers, one of them expired and one matching nothing.

Unit types: the provincial office, then departments, districts and communes in the proportions of a
real province (20 : 10 : 150; 181 agencies by default). Each is scored on its own unit type's set, so
the criteria that do not apply to it (inspections of subordinate units for a commune…) drop out of its
denominator. With ``--agencies N`` beyond the name lists, names repeat with a number ("Sở Y tế (đơn vị
mẫu 35)") and codes stay unique.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import yaml

DEPARTMENTS = [
    ("SKHDT", "Sở Kế hoạch và Đầu tư"), ("STC", "Sở Tài chính"), ("SCT", "Sở Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"), ("SGTVT", "Sở Giao thông vận tải"),
    ("SXD", "Sở Xây dựng"), ("STNMT", "Sở Tài nguyên và Môi trường"), ("STTTT", "Sở Thông tin và Truyền thông"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"), ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SKHCN", "Sở Khoa học và Công nghệ"), ("SGDDT", "Sở Giáo dục và Đào tạo"), ("SYT", "Sở Y tế"),
    ("STP", "Sở Tư pháp"), ("SNV", "Sở Nội vụ"), ("TTR", "Thanh tra tỉnh"), ("BDT", "Ban Dân tộc"),
    ("BQLKCN", "Ban Quản lý các khu công nghiệp"), ("SNGV", "Sở Ngoại vụ"), ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng"),
]
DISTRICTS = ["Gia Bình", "Hòa Lạc", "Tân Phú", "Đồng Xuân", "Sơn Hà", "Phước Long", "Bình Minh", "An Khê",
             "Ngọc Lâm", "Thạch Bàn"]
MANUAL = {"2.2": 2, "2.3": 1, "2.4": 1, "4.5": 2, "5.3": 2, "5.4.2": 1.5, "6.2": 2, "6.3": 2, "6.4": 2, "7.2.2": 3, "7.5": 2}
LOCAL_MANUAL = {**MANUAL, "3.1.2": 2, "3.1.3": 2, "7.3": 5}  # par-local-model-2020 scores these on evidence
EDITION = {"provincial_office": "par-dept-model-2020", "department": "par-dept-model-2020",
           "district": "par-local-model-2020", "commune": "par-local-model-2020"}
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


def _applies(edition_id: str, node_id: str, unit_type: str) -> bool:
    """Whether a node of the edition applies to the unit type (itself and every parent)."""
    from compliance.catalog import find_edition
    from compliance.vocab import UnitType

    edition = find_edition(edition_id)
    parts = node_id.split(".")
    return all(edition.node(".".join(parts[:i])).applies(UnitType(unit_type)) for i in range(1, len(parts) + 1))


def _rate(rng: random.Random, quality: float) -> float:
    """A percentage drawn around the agency's quality (0..1), one decimal, within 0..100."""
    return round(min(100.0, max(0.0, rng.gauss(70 + 28 * quality, 8))), 1)


def agency_list(n: int) -> list[tuple[str, str, str]]:
    """(code, name, unit_type) for n agencies: the provincial office first, then departments, districts and
    communes in the proportions 20 : 10 : 150 (n = 181 gives exactly those counts)."""
    out = [("MH-VPUBND", "Văn phòng UBND tỉnh Minh Hòa", "provincial_office")]
    rest = max(n - 1, 0)
    n_dept = round(rest * 20 / 180)
    n_dist = round(rest * 10 / 180)
    for i in range(n_dept):
        code, name = DEPARTMENTS[i % len(DEPARTMENTS)]
        lap = i // len(DEPARTMENTS)
        out.append((f"MH-{code}" + (f"-{lap + 1}" if lap else ""), name + ("" if "tỉnh" in name else " tỉnh") + " Minh Hòa"
                    + (f" (đơn vị mẫu {i + 1})" if lap else ""), "department"))
    for i in range(n_dist):
        lap = i // len(DISTRICTS)
        out.append((f"MH-H{i + 1:02d}", f"UBND huyện {DISTRICTS[i % len(DISTRICTS)]}" + (f" (đơn vị mẫu {i + 1})" if lap else ""),
                    "district"))
    for i in range(n - len(out)):
        district = DISTRICTS[i % len(DISTRICTS)]
        out.append((f"MH-X{i + 1:03d}", f"UBND xã số {i // len(DISTRICTS) + 1} huyện {district}", "commune"))
    return out


def submission(rng: random.Random, code: str, name: str, unit_type: str, year: int) -> dict:
    """One agency's submission (plain data in the submission schema)."""
    quality = rng.random()
    docs = []
    for n, (topic, dated, kind) in enumerate(DOC_TOPICS, 1):
        if rng.random() < 0.08 + 0.15 * (1 - quality):
            continue  # not issued
        month, day = (1, rng.randint(2, 31)) if rng.random() < 0.55 + 0.4 * quality else (rng.randint(2, 4), rng.randint(1, 28))
        if not dated:
            month = rng.randint(1, 9)
        docs.append({"number": f"{rng.randint(1, 300)}/{'KH' if kind == 'Kế hoạch' else 'QĐ'}-{code.split('-')[1]}",
                     "date": f"{day:02d}/{month:02d}/{year}", "kind": kind, "issuer": name, "role": "issued",
                     "topics": [topic], "title": f"Văn bản {topic.replace('_', ' ')} năm {year}"})
    resolved = rng.randint(150, 3000)
    late = int(resolved * max(0.0, rng.gauss(0.04 * (1 - quality), 0.01)))
    early = int((resolved - late) * rng.uniform(0.1, 0.4))
    received = resolved + rng.randint(0, 200)
    online = int(received * min(1.0, max(0.0, rng.gauss(0.2 + 0.5 * quality, 0.1))))
    late_groups = []
    if late:
        with_letter = int(late * rng.uniform(0.3, 1.0))
        if with_letter:
            late_groups.append({"id": "late-apology", "agency": name, "agency_code": code, "count": with_letter,
                                "apology_letter": "yes", "text": f"{with_letter} hồ sơ trễ hạn có văn bản xin lỗi"})
        if late - with_letter:
            late_groups.append({"id": "late-no-apology", "agency": name, "agency_code": code, "count": late - with_letter,
                                "apology_letter": "no", "text": f"{late - with_letter} hồ sơ trễ hạn không có văn bản xin lỗi"})
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
    manual = LOCAL_MANUAL if EDITION[unit_type] == "par-local-model-2020" else MANUAL
    for node, top in ((n, t) for n, t in manual.items() if _applies(EDITION[unit_type], n, unit_type)):
        points = round(top * rng.choice([1, 1, 1, 0.75, 0.5]) * 4) / 4
        entry = {"points": points}
        if rng.random() < 0.85 + 0.1 * quality:
            entry["evidence"] = [f"Tài liệu kiểm chứng tiêu chí {node}"]
        self_assessment[node] = entry
    return {
        "agency": {"code": code, "name": name, "unit_type": unit_type, "province": "Minh Hòa (tỉnh giả định)"},
        "period": {"from": f"{year}-01-01", "to": f"{year}-12-31", "label": f"Năm {year}"},
        "criteria": EDITION[unit_type],
        "documents": docs,
        "dossiers": {"scope": unit_type, "received": {"total": received, "online": online},
                     "resolved": {"total": resolved, "early": early, "on_time": resolved - late - early, "late": late}},
        "late_dossiers": late_groups,
        "figures": figures,
        "plans": [{"id": f"par-index-{year}", "kind": "par_index", "title": f"Kế hoạch cải thiện Chỉ số CCHC năm {year}",
                   "basis": "120/KH-UBND", "tasks": tasks}],
        "self_assessment": self_assessment,
        "survey": {"8.1": round(rng.uniform(5, 8) * 4) / 4, "8.2": round(rng.uniform(5, 8) * 4) / 4},
    }


def appraisal(rng: random.Random, subs: list[dict], year: int) -> dict:
    """Round-1/round-2 changes on manual sub-criteria, bonus and penalty items, caps 2 and 2."""
    agencies = []
    for sub in subs:
        code = sub["agency"]["code"]
        entry: dict = {"agency": code}
        if rng.random() < 0.33:
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
    return {"round": str(year), "council": "Hội đồng thẩm định Chỉ số CCHC tỉnh Minh Hòa (giả định)",
            "appraised_on": f"{year + 1}-02-25", "bonus_cap": 2, "penalty_cap": 2, "agencies": agencies}


def waivers(subs: list[dict], year: int) -> dict:
    """Three waivers: one active on 4.5, one expired, one naming an agency that is not in the round."""
    first, second = subs[1]["agency"]["code"], subs[2]["agency"]["code"]
    return {"waivers": [
        {"id": f"W-{year + 1}-01", "agency": first, "criterion": "4.5", "justification": "Chưa có hướng dẫn phân cấp",
         "approver": "Chủ tịch Hội đồng thẩm định", "expires": f"{year + 1}-12-31"},
        {"id": f"W-{year}-09", "agency": second, "criterion": "7.4", "justification": "Đang chuyển đổi ISO",
         "approver": "Giám đốc Sở Nội vụ", "expires": f"{year}-12-31"},
        {"id": f"W-{year + 1}-02", "agency": "MH-KHONG-CO", "criterion": "1.4", "justification": "Không khớp",
         "approver": "Giám đốc Sở Nội vụ", "expires": f"{year + 1}-12-31"},
    ]}


def generate(out: Path, agencies: int = 181, seed: int = 2020, year: int = 2020, json_share: float = 0.3) -> Path:
    """Write ``out/submissions/*``, ``out/appraisal.yaml`` and ``out/waivers.yaml``; returns ``out``."""
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
    parser.add_argument("--agencies", type=int, default=181, help="number of agencies (default: 181)")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--json-share", type=float, default=0.3, help="share of submissions written as JSON")
    args = parser.parse_args()
    generate(args.out, args.agencies, args.seed, args.year, args.json_share)
    print(f"{args.agencies} submissions, appraisal.yaml and waivers.yaml written to {args.out}")


if __name__ == "__main__":
    main()

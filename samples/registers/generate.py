"""Generate realistic dossier registers (sổ theo dõi hồ sơ) and procedure catalogues, seedably.

Usage::

    python samples/registers/generate.py --preset daknong-2020 --out register.csv --catalogue catalogue.csv
    python samples/registers/generate.py --rows 1000000 --year 2024 --seed 7 --out big.csv

``--preset daknong-2020`` reproduces the 2020 totals of the provincial public administration centre in
the seed report (../shared/seed, Văn phòng UBND tỉnh Đắk Nông): 28,044 dossiers received in 2020, of
which 13,253 online; 27,010 resolved = 5,072 early + 21,836 on time + 102 late. Its 102 late dossiers
follow the report's own breakdown by department (64 criminal-record certificates at Sở Tư pháp with no
apology letter; the departments' late dossiers with and without apology letters; 25 dossiers late in
the software whose paper result was on time). What the report does not give (1,034 dossiers still in
progress at the year's end, how many of them overdue, the dates of each dossier, the procedures' own
volumes) is a **model value**: plausible, seeded, not a figure from the report.

Everything else is drawn from seeded distributions: procedure popularity (Zipf-like), levels
(province / district / commune), channels, legal time limits in working days (Vietnam's holidays
through ``compliance.calendar``), early/on-time/late shares, apology-letter rates and their timing,
rescheduled due dates (sometimes twice), supplement requests, and a catalogue whose publication
decisions are sometimes late, missing or followed by an abolition.

The columns the QĐ 766/QĐ-TTg index reads (``compliance dossiers index766``) are drawn from a second
random stream, so the first stream (and every figure above) is unchanged: online payment of fee-bearing
procedures, digitised dossier, electronic result, reused digitised data, satisfaction rating; and in the
catalogue the agency, publication on the portal, the fee and whether a paper result is issued (model
values). From ``--year 2026`` the register has today's shape: provincial departments as merged in 2025
and communes and wards directly under the province (no district level); ``--title`` writes title rows
above the header, as exports from one-stop software do.

Nothing here is read by the checker: registers are generated for demos, tests and benchmarks.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

try:
    from compliance.calendar import default_calendar
except ImportError:  # run from a checkout without installing: add the project root
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from compliance.calendar import default_calendar

REGISTER_HEADERS = [
    "STT", "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Người nộp", "Cơ quan giải quyết", "Cấp giải quyết",
    "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày chuyển xử lý", "Ngày có kết quả", "Ngày trả kết quả",
    "Ngày văn bản xin lỗi", "Ngày hẹn trả lại", "Số lần gia hạn", "Số lần yêu cầu bổ sung", "Trạng thái",
    "Ngày kết quả bản giấy", "Thanh toán trực tuyến", "Số hóa hồ sơ", "Kết quả điện tử", "Tái sử dụng dữ liệu số hóa",
    "Mức độ hài lòng",
]
CATALOGUE_HEADERS = [
    "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp công bố", "Quyết định công bố", "Ngày quyết định công bố",
    "Ngày văn bản quy phạm có hiệu lực", "Ngày công khai trên CSDL quốc gia", "Quyết định phê duyệt quy trình nội bộ",
    "Ngày phê duyệt quy trình nội bộ", "Mức độ dịch vụ công trực tuyến", "Ngày bãi bỏ", "Cơ quan thực hiện",
    "Công khai trên Cổng DVC", "Phí, lệ phí", "Kết quả bằng văn bản giấy",
]

# provincial departments and typical procedures (names as published; time limits in working days are
# typical values for the demo, not the legal limits of each procedure)
AGENCIES: dict[str, tuple[str, list[tuple[str, int]]]] = {
    "STP": ("Sở Tư pháp", [("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", 10),
                          ("Đăng ký hoạt động của Văn phòng công chứng", 10), ("Cấp lại Thẻ công chứng viên", 5)]),
    "SKHDT": ("Sở Kế hoạch và Đầu tư", [("Đăng ký thành lập doanh nghiệp tư nhân", 3),
                                        ("Đăng ký thành lập công ty TNHH một thành viên", 3),
                                        ("Đăng ký thay đổi nội dung đăng ký doanh nghiệp", 3),
                                        ("Cấp Giấy chứng nhận đăng ký đầu tư", 15)]),
    "STNMT": ("Sở Tài nguyên và Môi trường", [("Đăng ký đất đai, tài sản gắn liền với đất lần đầu", 20),
                                              ("Cấp giấy phép khai thác, sử dụng nước mặt", 30),
                                              ("Thẩm định báo cáo đánh giá tác động môi trường", 30)]),
    "SXD": ("Sở Xây dựng", [("Cấp giấy phép xây dựng", 20), ("Cấp chứng chỉ hành nghề hoạt động xây dựng", 20),
                           ("Thẩm định dự án đầu tư xây dựng", 30)]),
    "SGTVT": ("Sở Giao thông vận tải", [("Đổi giấy phép lái xe do ngành Giao thông vận tải cấp", 5),
                                        ("Cấp giấy phép lái xe quốc tế", 5), ("Cấp phù hiệu xe ô tô kinh doanh vận tải", 2)]),
    "SLDTBXH": ("Sở Lao động - Thương binh và Xã hội", [("Cấp giấy phép lao động cho người lao động nước ngoài", 5),
                                                       ("Cấp lại giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp", 10)]),
    "SYT": ("Sở Y tế", [("Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", 30),
                        ("Cấp giấy chứng nhận đủ điều kiện kinh doanh dược", 30)]),
    "SGDDT": ("Sở Giáo dục và Đào tạo", [("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", 1),
                                          ("Chỉnh sửa nội dung văn bằng, chứng chỉ", 5)]),
    "SNNPTNT": ("Sở Nông nghiệp và Phát triển nông thôn", [("Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", 15),
                                                            ("Cấp chứng chỉ hành nghề thú y", 5)]),
    "SNV": ("Sở Nội vụ", [("Thành lập hội", 30), ("Phê duyệt điều lệ hội", 30)]),
    "STC": ("Sở Tài chính", [("Đăng ký mã số đơn vị có quan hệ với ngân sách", 2)]),
    "SVHTTDL": ("Sở Văn hóa, Thể thao và Du lịch", [("Cấp giấy phép kinh doanh karaoke", 5),
                                                    ("Cấp giấy phép tổ chức biểu diễn nghệ thuật", 5)]),
    "SCT": ("Sở Công Thương", [("Cấp giấy phép bán lẻ sản phẩm thuốc lá", 15),
                               ("Cấp giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai", 15)]),
    "STTTT": ("Sở Thông tin và Truyền thông", [("Cấp giấy phép xuất bản bản tin", 15)]),
    "SKHCN": ("Sở Khoa học và Công nghệ", [("Cấp giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", 15)]),
    "BQLKCN": ("Ban Quản lý các khu công nghiệp", [("Cấp giấy phép lao động cho người nước ngoài làm việc trong khu công nghiệp", 5)]),
    "BHXH": ("Bảo hiểm xã hội tỉnh", [("Cấp lại sổ bảo hiểm xã hội", 10), ("Đăng ký tham gia bảo hiểm y tế hộ gia đình", 5)]),
}
# provincial departments after the 2025 mergers (e.g. Sở Kế hoạch và Đầu tư into Sở Tài chính; Sở Tài
# nguyên và Môi trường with Sở Nông nghiệp và Phát triển nông thôn; Sở Giao thông vận tải into Sở Xây
# dựng; Sở Thông tin và Truyền thông into Sở Khoa học và Công nghệ; Sở Lao động - Thương binh và Xã hội
# into Sở Nội vụ): the same typical procedures regrouped (model for the demo)
MERGED_2025 = {"SKHDT": "STC", "STNMT": "SNNMT", "SNNPTNT": "SNNMT", "SGTVT": "SXD", "STTTT": "SKHCN", "SLDTBXH": "SNV"}
MERGED_NAMES = {"STC": "Sở Tài chính", "SNNMT": "Sở Nông nghiệp và Môi trường", "SXD": "Sở Xây dựng",
                "SKHCN": "Sở Khoa học và Công nghệ", "SNV": "Sở Nội vụ"}
# communes and wards directly under the province from 01/7/2025 (names made up for the demo)
COMMUNES_2025 = ["Phường Bình Minh", "Phường Tân Tiến", "Phường Hòa Phú", "Xã Tân Sơn", "Xã Quảng Hòa", "Xã Ea Pô",
                 "Xã Nam Bình", "Xã Đắk Sơn", "Xã Thuận An", "Xã Hưng Phú"]
LOCAL_PROCEDURES = [("Đăng ký khai sinh", 1), ("Đăng ký kết hôn", 3), ("Chứng thực bản sao từ bản chính", 1),
                    ("Cấp giấy chứng nhận đăng ký hộ kinh doanh", 3), ("Đăng ký khai tử", 1),
                    ("Cấp giấy xác nhận tình trạng hôn nhân", 3)]
DISTRICTS = ["Cư Jút", "Đắk Mil", "Đắk R'lấp", "Đắk Song", "Krông Nô", "Tuy Đức", "Đắk Glong", "Gia Nghĩa"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "H'", "Y"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quang"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Lan", "Linh", "Mai", "Nam",
         "Nga", "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Việt", "Yến", "Blông", "Niê"]

# seed report 2020 (line 113-115): late dossiers per department (code, late, with apology letter,
# of which late only in the software with an on-time paper result)
DAKNONG_2020_LATE = [
    ("STP", 64, 0, 0), ("SKHDT", 3 + 4, 1, 4), ("STNMT", 4 + 4, 2, 4), ("SXD", 1 + 5, 0, 5),
    ("SLDTBXH", 1 + 1, 0, 1), ("SYT", 1 + 1, 1, 1), ("SNV", 1, 1, 0), ("SGDDT", 1 + 1, 0, 1),
    ("SNNPTNT", 1 + 5, 1, 5), ("SVHTTDL", 1, 0, 1), ("STC", 3, 0, 3),
]


TWO_LEVEL_FROM = dt.date(2025, 7, 1)


@dataclass
class Procedure:
    code: str
    name: str
    agency: str
    agency_code: str
    level: str
    limit: int  # working days
    weight: float


@dataclass
class Plan:
    """Exact counts to generate (received in the period by channel, resolved by outcome, pending)."""

    year: int
    online: int
    offline: int
    early: int
    on_time: int
    late: int
    pending_within: int
    pending_overdue: int
    carried_over: int = 0
    post_share: float = 0.04
    apology_rate: float = 0.5
    apology_late_rate: float = 0.2
    reschedule_twice_rate: float = 0.08
    late_after_reschedule_rate: float = 0.1
    paper_on_time_rate: float = 0.05
    levels: tuple[float, float, float] = (1.0, 0.0, 0.0)  # province, district, commune shares
    late_by_agency: list | None = None
    two_level: bool = False  # today's shape: merged departments, communes under the province, no district
    # QĐ 766 columns (model values): fee-bearing procedures, paper results, online payment of an online
    # (an in-person) dossier, exempt dossiers, digitised in-person dossiers, electronic results, reuse,
    # share of dossiers rated, share rated dissatisfied (on time / late)
    fee_share: float = 0.55
    paper_result_share: float = 0.85
    paid_online_rate: tuple[float, float] = (0.8, 0.15)
    exempt_rate: float = 0.04
    digitised_in_person_rate: float = 0.8
    electronic_result_rate: float = 0.85
    reuse_rate: float = 0.6
    rated_share: float = 0.3
    dissatisfied_rate: tuple[float, float] = (0.03, 0.5)


def daknong_2020() -> Plan:
    """The seed report's 2020 totals (received 28,044, online 13,253; resolved 27,010 = 5,072 + 21,836 + 102);
    pending 1,034 (= 28,044 − 27,010, no carried-over dossiers) split 1,000 / 34 as a model value."""
    return Plan(year=2020, online=13253, offline=28044 - 13253, early=5072, on_time=21836, late=102,
                pending_within=1000, pending_overdue=34, carried_over=0, late_by_agency=DAKNONG_2020_LATE)


def scaled(rows: int, year: int) -> Plan:
    """A plan of ``rows`` dossiers received in ``year`` with the shares of a province's whole register
    (province, district and commune levels; model values): 47% online, 96% resolved in the year of
    which 19% early, 78% on time, 3% late; 5% carried over from the previous year."""
    resolved = round(rows * 0.96)
    early, late = round(resolved * 0.19), round(resolved * 0.03)
    pending = rows - resolved
    two_level = year >= 2026
    return Plan(year=year, online=round(rows * 0.47), offline=rows - round(rows * 0.47), early=early,
                on_time=resolved - early - late, late=late, pending_within=pending - pending // 5,
                pending_overdue=pending // 5, carried_over=round(rows * 0.05),
                levels=(0.45, 0.0, 0.55) if two_level else (0.35, 0.35, 0.30), two_level=two_level)


class Generator:
    """Seeded register generator; ``plan`` fixes the exact counts, ``seed`` everything else."""

    def __init__(self, plan: Plan, seed: int = 2020):
        self.plan = plan
        self.rng = random.Random(seed)
        self.rng766 = random.Random(seed + 766)  # the QĐ 766 columns: a stream of their own
        self.cal = default_calendar()
        start = dt.date(plan.year - 1, 10, 1)
        end = dt.date(plan.year + 1, 6, 30)
        self.workdays = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)
                         if self.cal.is_working_day(start + dt.timedelta(days=i))]
        self.year_start = dt.date(plan.year, 1, 1)
        self.year_end = dt.date(plan.year, 12, 31)
        self.procedures = self._procedures()
        self.fee = {p.code: self.rng766.random() < plan.fee_share for p in self.procedures}
        self.paper = {p.code: self.rng766.random() < plan.paper_result_share for p in self.procedures}
        self.abolished_index = len(self.procedures) - 2  # abolished on 1 July; a few dossiers still come in
        self.abolished_on = dt.date(plan.year, 7, 1)

    # ---------------------------------------------------------------- catalogue
    def _procedures(self) -> list[Procedure]:
        rng = self.rng
        out: list[Procedure] = []
        n = 0
        if self.plan.two_level:
            return self._procedures_two_level()
        for acode, (agency, procs) in AGENCIES.items():
            for name, limit in procs:
                n += 1
                weight = 1.0 / (n ** 0.9)
                if acode == "STP" and "lý lịch" in name:
                    weight = 3.0
                out.append(Procedure(f"1.00{4000 + n * 37:04d}", name, agency, acode, "province", limit, weight))
        if self.plan.levels[1] or self.plan.levels[2]:
            for d in DISTRICTS:
                for name, limit in LOCAL_PROCEDURES:
                    n += 1
                    out.append(Procedure(f"2.00{1000 + n * 13:04d}", name, f"UBND huyện {d}", "UBNDH", "district",
                                         limit, rng.uniform(0.5, 2.0)))
                    n += 1
                    out.append(Procedure(f"2.00{1000 + n * 13:04d}", name, f"UBND xã {rng.choice(['Ea', 'Nam', 'Quảng', 'Đắk'])} "
                                         f"{rng.choice(['Pô', 'Tân', 'Sơn', 'Bình', 'Hòa'])} ({d})", "UBNDX", "commune",
                                         limit, rng.uniform(0.5, 2.0)))
        return out

    def _procedures_two_level(self) -> list[Procedure]:
        """Today's shape: the departments as merged in 2025, and each commune or ward directly under the
        province with its own copy of the local procedures."""
        rng, out, n = self.rng, [], 0
        for acode, (agency, procs) in AGENCIES.items():
            code = MERGED_2025.get(acode, acode)
            for name, limit in procs:
                n += 1
                weight = 3.0 if acode == "STP" and "lý lịch" in name else 1.0 / (n ** 0.9)
                out.append(Procedure(f"1.00{4000 + n * 37:04d}", name, MERGED_NAMES.get(code, agency), code, "province",
                                     limit, weight))
        for commune in COMMUNES_2025:
            for name, limit in LOCAL_PROCEDURES:
                n += 1
                out.append(Procedure(f"2.00{1000 + n * 13:04d}", name, f"UBND {commune[0].lower()}{commune[1:]}", "UBNDX",
                                     "commune", limit, rng.uniform(0.5, 2.0)))
        return out

    def catalogue_rows(self) -> list[list[str]]:
        """One row per procedure; about 4% published late, 3% entered late in the national database,
        one procedure without a publication decision and one abolished mid-year (model values)."""
        rng, r766 = self.rng, self.rng766
        rows = []
        # two-level shape: procedures were announced again after 01/7/2025, so many decisions fall in the year
        base, span = ((dt.date(self.plan.year - 1, 7, 1), 540) if self.plan.two_level
                      else (dt.date(self.plan.year - 2, 7, 1), 500))
        for i, p in enumerate(self.procedures):
            effective = base + dt.timedelta(days=rng.randrange(0, span))
            decision = effective - dt.timedelta(days=rng.randrange(6, 40))
            if rng.random() < 0.04:
                decision = effective - dt.timedelta(days=rng.randrange(0, 5))
            db = self.cal.add_working_days(decision, rng.randrange(1, 6))
            if rng.random() < 0.03:
                db = self.cal.add_working_days(decision, rng.randrange(6, 20))
            number = f"{rng.randrange(100, 2500)}/QĐ-UBND"
            abolished = ""
            if i == len(self.procedures) - 1:  # one procedure never published (the least used)
                number, decision_s = "", ""
            else:
                decision_s = _d(decision)
            if i == self.abolished_index:
                abolished = _d(self.abolished_on)
            level = rng.choice(["Toàn trình", "Một phần", "Mức độ 2"])
            published = "" if level == "Mức độ 2" else ("Có" if r766.random() < 0.9 else "Chưa công khai")
            fee = f"{r766.choice((10, 20, 50, 100, 200))}.000 đồng" if self.fee[p.code] else "Không"
            rows.append([p.code, p.name, p.agency, "Cấp tỉnh", number, decision_s, _d(effective),
                         _d(db) if decision_s else "", f"{rng.randrange(100, 2500)}/QĐ-UBND", _d(decision + dt.timedelta(days=20)),
                         level, abolished, p.agency, published, fee, "Có" if self.paper[p.code] else "Không"])
        return rows

    def _index766_cells(self, proc: Procedure, channel: str, outcome: str, has_result: bool) -> list[str]:
        """Online payment, digitised dossier, electronic result, reused data, satisfaction of one dossier
        (from the second random stream; model values)."""
        p, r = self.plan, self.rng766
        online = channel == "Trực tuyến"
        paid = ""
        if self.fee[proc.code]:
            paid = ("Miễn phí" if r.random() < p.exempt_rate else
                    "Có" if r.random() < p.paid_online_rate[0 if online else 1] else "Không")
        digitised = "Có" if online or r.random() < p.digitised_in_person_rate else "Không"
        e_result = ("Có" if r.random() < p.electronic_result_rate else "Không") if has_result else ""
        reused = "Có" if r.random() < p.reuse_rate else "Không"
        rating = ""
        if r.random() < p.rated_share:
            late = outcome in ("late", "overdue")
            rating = ("Không hài lòng" if r.random() < p.dissatisfied_rate[1 if late else 0]
                      else r.choice(("Hài lòng", "Hài lòng", "Rất hài lòng")))
        return [paid, digitised, e_result, reused, rating]

    # ---------------------------------------------------------------- register
    def _wd_on_or_after(self, d: dt.date) -> int:
        return bisect.bisect_left(self.workdays, d)

    def _add(self, d: dt.date, n: int) -> dt.date:
        i = self._wd_on_or_after(d)
        return self.workdays[min(max(i + n, 0), len(self.workdays) - 1)]

    def rows(self):
        """Yield register rows (lists of text, headers :data:`REGISTER_HEADERS`) in receipt order."""
        p, rng = self.plan, self.rng
        received = p.online + p.offline
        # outcome of every dossier received in the period, exact counts
        outcomes = (["early"] * p.early + ["on_time"] * p.on_time + ["late"] * p.late
                    + ["within"] * p.pending_within + ["overdue"] * p.pending_overdue)
        carried = p.carried_over
        if len(outcomes) != received + carried and len(outcomes) != received:
            raise ValueError("resolved + pending must equal received (+ carried over)")
        # carried-over dossiers are resolved in the period, on time or late (so after the period starts)
        rng.shuffle(outcomes)
        if carried:
            resolved_idx = [i for i, o in enumerate(outcomes) if o in ("on_time", "late")]
            carried_set = set(rng.sample(resolved_idx, carried))
        else:
            carried_set = set()
        channels = ["online"] * p.online + ["offline"] * p.offline
        rng.shuffle(channels)
        late_plan = self._late_plan()
        weights = [x.weight for x in self.procedures]
        cum = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        by_agency: dict[str, list[int]] = {}
        for i, x in enumerate(self.procedures):
            by_agency.setdefault(x.agency_code, []).append(i)
        levels = p.levels
        lvl_cum = [levels[0], levels[0] + levels[1], 1.0]
        lvl_of = {"province": 0, "district": 1, "commune": 2}
        dist_by_level = {}
        for lv in ("province", "district", "commune"):
            idx = [i for i, x in enumerate(self.procedures) if x.level == lv]
            if idx:
                c, t = [], 0.0
                for i in idx:
                    t += self.procedures[i].weight
                    c.append(t)
                dist_by_level[lv] = (idx, c, t)
        y0 = self._wd_on_or_after(self.year_start)
        y1 = self._wd_on_or_after(self.year_end + dt.timedelta(days=1)) - 1
        rows = []
        ch_i = 0
        for k, outcome in enumerate(outcomes):
            is_carried = k in carried_set
            late_spec = late_plan.pop() if outcome == "late" and late_plan else None
            if late_spec:
                proc = self.procedures[rng.choice(by_agency[late_spec[0]])]
            else:
                lv = "province"
                if lvl_cum[0] < 1.0:
                    r = rng.random()
                    lv = "province" if r < lvl_cum[0] else "district" if r < lvl_cum[1] else "commune"
                idx, c, t = dist_by_level.get(lv) or dist_by_level["province"]
                proc = self.procedures[idx[bisect.bisect_left(c, rng.random() * t)]]
            limit = proc.limit
            if proc is self.procedures[self.abolished_index] and outcome not in ("within", "overdue") and rng.random() < 0.9:
                proc = self.procedures[0]  # after the abolition most dossiers go elsewhere
                limit = proc.limit
            # receipt day such that the outcome fits in the period
            if outcome == "within":
                lo, hi = max(y1 - limit + 1, y0), y1
            elif outcome == "overdue":
                lo, hi = max(y0, y1 - limit - 60), y1 - limit - 1
            elif is_carried:
                lo, hi = y0 - limit, y0 - 1  # due on or after the period's first day
            else:
                lo, hi = y0, max(y0, y1 - limit - 12)
            ri = rng.randint(lo, max(lo, hi))
            recv = self.workdays[ri]
            if proc.level == "district" and recv >= TWO_LEVEL_FROM and "commune" in dist_by_level:
                idx, c, t = dist_by_level["commune"]  # no district level from 01/7/2025 (two-level local government)
                proc = self.procedures[idx[bisect.bisect_left(c, rng.random() * t)]]
                limit = proc.limit
            due = self.workdays[ri + limit]
            result = returned = apology = resched = paper = None
            resched_n = 0
            status = ""
            if outcome == "early":
                result = self.workdays[rng.randint(ri, max(ri, ri + limit - 1))] if limit > 1 else recv
                if result >= due:
                    result = recv
                status = "Trước hạn"
            elif outcome == "on_time":
                result = due
                status = "Đúng hạn"
            elif outcome == "late":
                status = "Trễ hạn"
                result = self.workdays[ri + limit + rng.randint(1, 8)]
                with_apology = rng.random() < p.apology_rate
                paper_on_time = rng.random() < p.paper_on_time_rate
                if late_spec:
                    with_apology, paper_on_time = late_spec[1], late_spec[2]
                if paper_on_time:
                    paper = self.workdays[rng.randint(max(ri, ri + limit - 2), ri + limit)]
                elif with_apology:
                    apology = self.workdays[ri + limit - 1 - rng.randint(0, min(3, max(limit - 1, 0)))]
                    if rng.random() < p.apology_late_rate:
                        apology = self.workdays[ri + limit + rng.randint(0, 2)]
                    resched = result if rng.random() >= p.late_after_reschedule_rate else self._add(result, -1)
                    resched_n = 2 if rng.random() < p.reschedule_twice_rate else 1
            elif outcome == "overdue":
                status = "Đang xử lý quá hạn"
            else:
                status = "Đang xử lý"
            if result is not None:
                returned = self.workdays[min(self._wd_on_or_after(result) + rng.choice((0, 0, 0, 1, 2)), len(self.workdays) - 1)]
                if returned > self.year_end:
                    returned = result
            transferred = recv if rng.random() < 0.8 else self._add(recv, 1)
            channel = channels[ch_i] if not is_carried else rng.choice(("online", "offline"))
            if not is_carried:
                ch_i += 1
            if channel == "offline":
                channel = "Qua bưu chính" if rng.random() < p.post_share else "Trực tiếp"
            else:
                channel = "Trực tuyến"
            supplements = 0 if rng.random() < 0.9 else rng.choice((1, 1, 2))
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            level_vi = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}[proc.level]
            rows.append([recv, proc, name, level_vi, channel, due, transferred, result, returned, apology, resched,
                         resched_n, supplements, status, paper, self._index766_cells(proc, channel, outcome, result is not None)])
        rows.sort(key=lambda r: r[0])
        for i, (recv, proc, name, level_vi, channel, due, transferred, result, returned, apology, resched,
                resched_n, supplements, status, paper, cells766) in enumerate(rows, start=1):
            code = f"{proc.code[:1]}{recv:%y%m%d}-{i:07d}"
            yield [str(i), code, proc.code, proc.name, name, proc.agency, level_vi, channel, _d(recv), _d(due),
                   _d(transferred), _d(result), _d(returned), _d(apology), _d(resched),
                   str(resched_n) if resched_n else "", str(supplements) if supplements else "", status, _d(paper),
                   *cells766]

    def _late_plan(self) -> list[tuple[str, bool, bool]]:
        """Late dossiers fixed by department (seed report), as (agency code, apology, paper on time)."""
        out = []
        for acode, n, with_apology, paper in self.plan.late_by_agency or []:
            for j in range(n):
                paper_ok = j < paper
                out.append((acode, (not paper_ok) and j - paper < with_apology, paper_ok))
        self.rng.shuffle(out)
        return out


def _d(d: dt.date | None) -> str:
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year}"


def _title_rows(title: list[str] | None, width: int) -> list[list[str]]:
    """Title lines above the header (first cell only), then an empty row, as one-stop exports have them."""
    return [[t] + [""] * (width - 1) for t in title] + [[""] * width] if title else []


def write_register(gen: Generator, out: Path, title: list[str] | None = None) -> int:
    """Write the register as UTF-8 CSV with Vietnamese headers (``title`` lines above them); returns the
    number of rows."""
    n = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerows(_title_rows(title, len(REGISTER_HEADERS)))
        w.writerow(REGISTER_HEADERS)
        for row in gen.rows():
            w.writerow(row)
            n += 1
    return n


def write_register_xlsx(gen: Generator, out: Path, title: list[str] | None = None) -> int:
    """Write the register as an XLSX sheet "Sổ theo dõi hồ sơ" with real date cells (as exports do),
    ``title`` lines (merged across the table) above the header."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sổ theo dõi hồ sơ"
    for r, row in enumerate(_title_rows(title, len(REGISTER_HEADERS)), start=1):
        ws.append([row[0] or None])
        if row[0]:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(REGISTER_HEADERS))
    header_row = ws.max_row + 1 if title else 1
    ws.append(REGISTER_HEADERS)
    n = 0
    for row in gen.rows():
        cells = []
        for h, v in zip(REGISTER_HEADERS, row):
            if h.startswith("Ngày") and v:
                d, m, y = map(int, v.split("/"))
                cell = dt.date(y, m, d)
            elif h in ("STT", "Số lần gia hạn", "Số lần yêu cầu bổ sung") and v:
                cell = int(v)
            else:
                cell = v or None
            cells.append(cell)
        ws.append(cells)
        n += 1
    for col in range(1, len(REGISTER_HEADERS) + 1):
        for c in ws.iter_cols(min_col=col, max_col=col, min_row=header_row + 1):
            for cell in c:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
    wb.save(out)
    return n


def write_catalogue(gen: Generator, out: Path, title: list[str] | None = None) -> int:
    """Write the procedure catalogue as UTF-8 CSV (``title`` lines above the header); returns the rows."""
    rows = gen.catalogue_rows()
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerows(_title_rows(title, len(CATALOGUE_HEADERS)))
        w.writerow(CATALOGUE_HEADERS)
        w.writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--preset", choices=["daknong-2020"], help="reproduce the seed report's 2020 totals")
    ap.add_argument("--rows", type=int, default=10000, help="dossiers received in the year (without --preset)")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--out", type=Path, required=True, help="register to write (.csv, or .xlsx with date cells)")
    ap.add_argument("--catalogue", type=Path, help="procedure catalogue CSV to write")
    ap.add_argument("--title", action="append", help="a title line above the header (repeat for several lines)")
    args = ap.parse_args(argv)
    plan = daknong_2020() if args.preset else scaled(args.rows, args.year)
    gen = Generator(plan, seed=args.seed)
    writer = write_register_xlsx if args.out.suffix.lower() == ".xlsx" else write_register
    n = writer(gen, args.out, args.title)
    print(f"{args.out}: {n} dossiers", file=sys.stderr)
    if args.catalogue:
        m = write_catalogue(gen, args.catalogue, args.title)
        print(f"{args.catalogue}: {m} procedures", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

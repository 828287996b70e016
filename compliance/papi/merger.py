"""PAPI across the provincial merger of 01/7/2025: what a province's scores may be compared with.

From 2025 PAPI ranks the 34 units of Nghị quyết 202/2025/QH15 (ngày 12/6/2025); up to 2024 it ranked
the 63. A unit formed from several provinces (Lâm Đồng 2025 = Lâm Đồng + Đắk Nông + Bình Thuận) has no
2024 score of its own: its previous-year figures are shown per former province, with their ranks among
the 63, and no change is computed (an average of the former provinces would weigh them equally whatever
their population, and PAPI publishes none). A unit with one predecessor (Hà Nội; Huế, formerly Thừa
Thiên Huế) keeps the same territory: its score change is computed, but ranks are among 63 then and 34
now, so a rank change is not stated. See :func:`compliance.papi.provinces.predecessors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compliance.i18n import M
from compliance.model.base import Text
from compliance.papi.provinces import MERGER_LAW, predecessors, province_label, provinces
from compliance.papi.scores import AGGREGATE, Placement, ScoreSet
from compliance.papi.structure import Structure


def comparable_pairs(year: int, earlier: int, slugs) -> dict[str, str]:
    """``slug of year → slug of earlier`` for the provinces of ``slugs`` that cover the same territory in
    both years (identity within one province list; across 01/7/2025 only the unmerged units)."""
    out: dict[str, str] = {}
    for slug in slugs:
        preds = predecessors(slug, year, earlier)
        if len(preds) == 1:
            out[slug] = preds[0]
    return out


@dataclass
class FormerProvince:
    """One former province of a merged unit in the earlier year: its placements (None where it has no
    score that year) and, when it was not ranked, why."""

    slug: str
    placements: dict[str, Placement] = field(default_factory=dict)
    not_ranked: str | None = None


@dataclass
class MergerView:
    """A merged unit's ``year`` profile against ``earlier``: the former provinces' own figures."""

    province: str
    year: int
    earlier: int
    structure: Structure | None  # the earlier year's structure (None when the file has no earlier year)
    formers: list[FormerProvince]
    n_earlier: int  # provinces ranked in the earlier year

    def note(self) -> Text:
        """How the comparison was made, in words."""
        names_vi = ", ".join(province_label(f.slug, "vi", self.earlier) for f in self.formers)
        names_en = ", ".join(province_label(f.slug, "en", self.earlier) for f in self.formers)
        name_vi, name_en = province_label(self.province, "vi", self.year), province_label(self.province, "en", self.year)
        return Text(
            vi=f"{name_vi} {self.year} được hình thành ngày 01/7/2025 từ {len(self.formers)} tỉnh ({names_vi}) theo "
               f"{MERGER_LAW}: không có điểm {self.earlier} của riêng tỉnh mới nên không tính thay đổi; điểm {self.earlier} "
               f"được nêu theo từng tỉnh cũ (hạng trên {self.n_earlier} tỉnh), không lấy trung bình.",
            en=f"{name_en} {self.year} was formed on 01/7/2025 from {len(self.formers)} provinces ({names_en}) under "
               f"{MERGER_LAW}: it has no {self.earlier} score of its own, so no change is computed; the {self.earlier} "
               f"figures are shown per former province (ranked among {self.n_earlier}), never averaged.")


def merger_view(slug: str, year: int, ss: ScoreSet) -> MergerView | None:
    """The former provinces' figures of ``year - 1`` for a unit of ``year`` formed from several; None when
    ``slug`` covers one territory across the two years (compare as usual)."""
    earlier = year - 1
    preds = predecessors(slug, year, earlier)
    if len(preds) <= 1:
        return None
    prev = ss.years.get(earlier)
    formers = []
    for p in preds:
        if prev is None:
            formers.append(FormerProvince(p, not_ranked="no_previous"))
        elif p in prev.provinces:
            formers.append(FormerProvince(p, {m: prev.placements[m][p] for m in prev.measures()}))
        else:
            formers.append(FormerProvince(p, not_ranked=prev.excluded.get(p, "no_previous")))
    return MergerView(slug, year, earlier, prev.structure if prev else None, formers, prev.n_ranked if prev else 0)


def list_change_note(year: int, earlier: int, lang: str) -> str | None:
    """A line for an unmerged unit compared across 01/7/2025: ranks are among different numbers of
    provinces. None when both years use one province list."""
    n, m = len(provinces(year)), len(provinces(earlier))
    if n == m:
        return None
    if lang == "en":
        return (f"{earlier} ranks are among {m} provinces, {year} ranks among {n} (provinces merged on 01/7/2025 "
                f"under {MERGER_LAW}): scores of a province with an unchanged territory are compared, ranks are not.")
    return (f"Hạng năm {earlier} trên {m} tỉnh, năm {year} trên {n} tỉnh (sắp xếp tỉnh từ 01/7/2025 theo {MERGER_LAW}): "
            "chỉ so sánh điểm của tỉnh giữ nguyên địa giới, không so sánh hạng.")


def merger_table(view: MergerView, lang: str) -> tuple[str, list[str], list[list[str]], list[str]]:
    """(title, headers, rows, notes) of the former provinces' figures: one row per former province with
    its aggregate, rank among the earlier year's provinces, group and each dimension's score."""
    from compliance.papi.labels import group_label, t

    vi = lang != "en"
    dims = view.structure.dimensions if view.structure else []
    headers = [(M("Former province").get(lang)), f"{t('aggregate', lang)} {view.earlier}",
               t("rank", lang), t("group", lang)] + [f"{d.number}" for d in dims]
    rows = []
    for f in view.formers:
        name = province_label(f.slug, lang, view.earlier)
        if not f.placements:
            why = ((M("no data").get(lang)) if f.not_ranked == "no_previous" else f.not_ranked)
            rows.append([name, why, "", ""] + ["" for _ in dims])
            continue
        agg = f.placements[AGGREGATE]
        rows.append([name, f"{agg.score:.2f}", f"{agg.rank}/{agg.n}", group_label(agg.group, lang)]
                    + [f"{f.placements[d.key].score:.2f}" for d in dims])
    title = (f"Điểm {view.earlier} theo từng tỉnh cũ của {province_label(view.province, 'vi', view.year)}" if vi else
             f"{view.earlier} scores per former province of {province_label(view.province, 'en', view.year)}")
    legend = ", ".join(f"{d.number} = {d.label(lang)}" for d in dims)
    notes = [view.note().get(lang)] + ([legend] if legend else [])
    return title, headers, rows, notes


def merger_json(view: MergerView) -> dict:
    """The former provinces' figures for JSON output (scores rounded to 6 decimals)."""
    return {
        "formed_on": "2025-07-01", "law": MERGER_LAW, "earlier_year": view.earlier, "ranked_earlier": view.n_earlier,
        "change_computed": False, "averaged": False, "note": view.note().model_dump(),
        "former_provinces": [
            {"province": f.slug, "name": province_label(f.slug, "vi", view.earlier), "not_ranked": f.not_ranked,
             "scores": {m: {"score": round(p.score, 6), "rank": p.rank, "n_ranked": p.n, "group": p.group}
                        for m, p in f.placements.items()}} for f in view.formers],
    }

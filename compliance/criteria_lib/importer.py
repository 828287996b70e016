"""``criteria import``: a criteria table in a workbook → a criteria edition (YAML).

The table is the annex shape provinces publish: one row per node, columns STT | lĩnh vực / tiêu chí /
tiêu chí thành phần | điểm tối đa | cách chấm | tài liệu kiểm chứng (more columns are read when present:
see :data:`COLUMNS`). It is located by the product's tabular reader (:func:`compliance.io.table.locate`):
the header found by its words in the first 30 rows, under the usual title block ("BỘ CHỈ SỐ …",
"(Kèm theo Quyết định số …)"), over two merged rows ("Điểm" over "Tối đa | Tối thiểu"), a row of
column numbers "(1) (2) (3)" under it skipped; a merged header cell over several columns that no row
below names is refused. Two sheets holding a criteria table are refused naming them (give ``--sheet``).

Hierarchy, in this order of preference (:mod:`compliance.criteria_lib.import_rows`):
- a level column ("Cấp": 1/2/3 or lĩnh vực/tiêu chí/tiêu chí thành phần), ids from STT when given,
  else numbered in order;
- the STT numbering: "1", "1.1", "1.1.1" (trailing dots ignored), or Roman numerals "I", "II" for the
  fields with "1", "2" for their criteria and "1.1" or "a)" for sub-criteria (ids become "1.1", "1.1.1");
- indentation of the name cell (Excel indent or leading spaces) when there is no STT at all.

Rows without STT under a node (in STT mode) are lines of that node's scoring text, with the points
cell as their points: "- Thực hiện trên 90% kế hoạch | 2" reads as "Thực hiện trên 90% kế hoạch: 2".
A "TỔNG CỘNG" row gives the stated total. Edition data (id, dates, decision…) comes from a "Thông tin"
sheet (as written by ``criteria export``) and/or the command's options.

Bad workbooks raise :class:`WorkbookError` (an InputError) naming the sheet and cell: no header row,
a points cell with text, a numbering gap, children whose points exceed (or fall short of) their
parent's, a TỔNG CỘNG row that differs from the fields, .xlsm (macros), a file over 20 MB or that
unpacks to over 200 MB, a corrupt file. All unreadable rows are listed, not only the first. Scoring
texts in no known shape are kept as text and the node is scored manually; each is reported as a note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from compliance.criteria_lib.import_rows import APPLIES_NONE, DITTO, RowReader, _text, sum_of, where
from compliance.errors import InputError
from compliance.i18n import M, Message, Num, places
from compliance.i18n.validation import explain, with_more
from compliance.io.safety import open_untrusted
from compliance.io.table import Column, locate, place
from compliance.io.table_layout import skipped_notes
from compliance.io.table_source import Grid, sheet_grid
from compliance.io.vnparse import normalize_key, yes_no
from compliance.model.criteria import ClassBand, Edition

__all__ = ["COLUMNS", "WorkbookError", "ImportResult", "import_workbook", "open_workbook", "APPLIES_NONE", "DITTO",
           "META_SHEET", "CLASS_SHEET"]

EXPECTED = "'STT', 'Lĩnh vực / tiêu chí', 'Điểm tối đa', 'Cách chấm'"
META_SHEET = "Thông tin"
CLASS_SHEET = "Xếp loại"
POINTS = ("Điểm", "Số điểm", "Thang điểm", "Điểm số", "Points")

#: the columns of a criteria table, as the tabular reader looks for them (first match wins)
COLUMNS: tuple[Column, ...] = (
    Column("stt", ("STT", "Số TT", "TT", "Số thứ tự", "Mã số", "Mã", "No.")),
    Column("level", ("Cấp", "Cấp độ", "Cấp chỉ tiêu", "Level")),
    Column("name_en", ("Tên tiếng Anh", "Tiếng Anh", "English name", "English"), prefix=True),
    Column("min_points", ("Điểm tối thiểu", "Min points"), parents=POINTS, children=("Tối thiểu", "Min"), prefix=True),
    Column("points", ("Điểm tối đa", "Điểm chuẩn", "Thang điểm", "Điểm", "Số điểm", "Max points"), True,
           parents=POINTS, children=("Tối đa", "Max")),
    Column("scoring", ("Cách chấm", "Cách chấm điểm", "Cách tính điểm", "Hướng dẫn chấm", "Hướng dẫn chấm điểm",
                       "Phương pháp chấm", "Phương pháp chấm điểm", "Tiêu chuẩn chấm điểm", "Cách thức chấm điểm",
                       "Scoring"), prefix=True),
    Column("inputs", ("Dữ liệu đầu vào", "Mã dữ liệu", "Chỉ số dữ liệu", "Inputs"), prefix=True),
    Column("evidence", ("Tài liệu kiểm chứng", "Tài liệu kiểm chứng cần có", "Evidence"), prefix=True),
    Column("applies", ("Áp dụng cho", "Đối tượng áp dụng", "Áp dụng", "Applies to"), prefix=True),
    Column("confidence", ("Mức tin cậy", "Độ tin cậy", "Confidence"), prefix=True),
    Column("modelled_on", ("Mô phỏng theo", "Căn cứ mẫu", "Modelled on"), prefix=True),
    Column("source", ("Nguồn", "Source")),
    Column("note", ("Ghi chú", "Note"), prefix=True),
    Column("known_counts", ("Số lượng đã biết", "Known counts"), prefix=True),
    Column("name", ("Lĩnh vực / tiêu chí / tiêu chí thành phần", "Nội dung", "Tên tiêu chí", "Tiêu chí", "Lĩnh vực",
                    "Tên lĩnh vực, tiêu chí", "Nội dung tiêu chí", "Tên", "Lĩnh vực, tiêu chí", "Name"), True, prefix=True),
)


class WorkbookError(InputError):
    """A workbook that cannot be imported. ``problems``: every (where, message) found (catalogue
    messages); its one line is the first one with how many more there are; :meth:`lines` gives all."""

    def __init__(self, path: Path, problems: list[tuple[str, Message]]):
        self.problems = problems
        where, message = problems[0]
        super().__init__(path, with_more(message, len(problems) - 1), where)

    def lines(self, lang: str = "en") -> list[str]:
        """One line per problem in ``lang`` ("vi" or "en"): ``"<path>: <where>: <message>"``."""
        return [InputError(self.path, message, where).line(lang) for where, message in self.problems]


@dataclass
class ImportResult:
    """The edition read, the sheet it came from, and the notes (where, message) to show the user."""

    edition: Edition
    sheet: str
    notes: list[tuple[str, str]] = field(default_factory=list)


def open_workbook(path: Path):
    """Open a workbook safely through :func:`compliance.io.safety.open_untrusted` (no macros, size and
    cell caps, zip-bomb guard, XML read through defusedxml), with the importer's own words for .xlsm/.xls."""
    suffix = path.suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise InputError(path, M("workbooks with macros (.xlsm) are refused: save the sheet as .xlsx and import that"))
    if suffix == ".xls":
        raise InputError(path, M("old .xls format: save the sheet as .xlsx and import that"))
    if suffix not in (".xlsx", ".xltx"):
        raise InputError(path, M("not an Excel workbook (.xlsx): '{suffix}'", suffix=path.suffix))
    if not path.exists():
        raise InputError(path, M("file not found"))
    return open_untrusted(path)


def _meta(wb, path: Path) -> tuple[dict[str, list[Any]], list[ClassBand] | None, list[tuple[str, str]]]:
    """Key → values from the "Thông tin" sheet, and the classes from "Xếp loại" (None without that sheet)."""
    errors: list[tuple[str, str]] = []
    meta: dict[str, list[Any]] = {}
    if META_SHEET in wb.sheetnames:
        ws = wb[META_SHEET]
        for r in range(2, ws.max_row + 1):
            key = _text(ws.cell(row=r, column=1).value)
            if key:
                meta.setdefault(key, []).append(ws.cell(row=r, column=2).value)
    classes = None
    if CLASS_SHEET in wb.sheetnames:
        ws = wb[CLASS_SHEET]
        classes = []
        for r in range(2, ws.max_row + 1):
            vi, en, low = (ws.cell(row=r, column=c).value for c in (1, 2, 3))
            if not _text(vi) and low is None:
                continue
            try:
                classes.append(ClassBand(name={"vi": _text(vi), "en": _text(en) or None}, min=float(low)))
            except (TypeError, ValueError, ValidationError):
                errors.append((where(CLASS_SHEET, 3, r), M("class threshold '{value}' is not a number from 0 to 100",
                                                           value=low)))
    return meta, classes, errors


def _layout_notes(layout, located) -> list[tuple[str, Message]]:
    """The tabular reader's notes as (where, message): a row skipped above the table is named by its
    place ("sheet S, row 1", "skipped (above the data): …"); the others say their place themselves."""
    skipped = set(skipped_notes(located))
    return [("", n) for n in layout.notes if n not in skipped] + [
        (place(located.name, line), M("skipped (above the data): {text}", text=text)) for line, text in located.skipped]


def _first(meta: dict[str, list[Any]], key: str) -> Any:
    values = meta.get(key)
    return values[0] if values else None


def import_workbook(path: str | Path, sheet_name: str | None = None, overrides: dict | None = None) -> ImportResult:
    """Read the criteria table of ``path`` into an :class:`Edition`.

    ``overrides``: edition keys from the command line (id, title, level, unit_types, valid_from, valid_to,
    decision, model_set, source, confidence, scale); they win over the "Thông tin" sheet. Raises
    :class:`WorkbookError` listing every unreadable row, or InputError for an unusable file.
    """
    path = Path(path)
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    wb = open_workbook(path)
    meta, classes, errors = _meta(wb, path)
    if sheet_name and sheet_name not in wb.sheetnames:
        raise InputError(path, M("no sheet '{sheet_name}' (sheets: {items})", sheet_name=sheet_name, items=', '.join(wb.sheetnames)), "--sheet")
    layout = locate(path, COLUMNS, sheet=sheet_name, several="refuse", ignore_sheets=(META_SHEET, CLASS_SHEET),
                    what=M("criteria table"), workbook=wb, expected=EXPECTED)
    located = layout.sheets[0]
    sheet = sheet_grid(wb[located.name])
    edition_meta = _edition_meta(meta, overrides, path, sheet, located.header_top)
    node_confidence = edition_meta["confidence"] if edition_meta.get("confidence") in ("verified", "model") else "model"
    reader = RowReader(path, sheet, located.data_start, located.columns,
                       {"confidence": _first(meta, "node_confidence") or node_confidence})
    reader.notes[:0] = _layout_notes(layout, located)
    drafts = reader.build(reader.rows())
    nodes = [n for n in (reader.node(d) for d in drafts) if n is not None]
    reader.check_sums(nodes, drafts)
    whole = nodes and len(nodes) == len(drafts)  # a field left out for its own error leaves the total unknown
    if reader.stated_total is not None and whole and all(n.max_points is not None for n in nodes):
        total = sum(n.max_points for n in nodes)
        if abs(total - reader.stated_total) > 1e-6:
            reader.errors.append((reader.at("points", reader.total_row),
                                  M("the TỔNG CỘNG row states {stated} but the fields add up {parts} = {total}",
                                    stated=Num(reader.stated_total), parts=sum_of([n.max_points for n in nodes]),
                                    total=Num(total))))
    errors += reader.errors
    if not drafts and not errors:
        errors.append((where(sheet.title, None, located.data_start), M("no criteria rows under the header")))
    if errors:
        raise WorkbookError(path, errors)
    data = dict(edition_meta)
    data["stated_total"] = reader.stated_total
    if classes is not None:
        data["classes"] = classes
    data["fields"] = nodes
    if "scale" not in data and nodes and all(n.max_points is not None for n in nodes):
        data["scale"] = reader.stated_total if reader.stated_total is not None else sum(n.max_points for n in nodes)
    try:
        edition = Edition(**data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise InputError(path, M("edition data: {loc}: {msg} (give it in the '{meta_sheet}' sheet or as an option)", loc=loc,
                                 msg=explain(err), meta_sheet=META_SHEET), places.sheet(META_SHEET)) from None
    return ImportResult(edition, sheet.title, reader.notes)


def _edition_meta(meta: dict[str, list[Any]], overrides: dict, path: Path, sheet: Grid, header_top: int) -> dict:
    scalar_keys = ("id", "level", "valid_from", "valid_to", "decision", "source", "confidence", "scale",
                   "survey_points", "bonus_cap", "penalty_cap", "model_set", "listed_only")
    out: dict[str, Any] = {}
    for key in scalar_keys:
        value = _first(meta, key)
        if value is not None and _text(value) != "":
            out[key] = value
    for key in ("valid_from", "valid_to"):
        if isinstance(out.get(key), dt.datetime):
            out[key] = out[key].date()
    for key in ("model_set", "listed_only"):
        if key in out and isinstance(out[key], str):
            out[key] = yes_no(out[key]) is True
    if _first(meta, "title_vi"):
        out["title"] = {"vi": _text(_first(meta, "title_vi")), "en": _text(_first(meta, "title_en")) or None}
    if _first(meta, "unit_types"):
        out["unit_types"] = [u.strip() for u in _text(_first(meta, "unit_types")).split(",") if u.strip()]
    out["modelled_on"] = [_text(v) for v in meta.get("modelled_on", []) if _text(v)]
    out["notes"] = [_text(v) for v in meta.get("notes", []) if _text(v)]
    counts = {k: _first(meta, f"known_counts.{k}") for k in ("fields", "criteria", "sub_criteria", "source")}
    if any(v is not None for v in counts.values()):
        out["known_counts"] = {k: (v if k == "source" else int(v)) for k, v in counts.items() if v is not None}
    for key, value in overrides.items():
        if key == "title":
            out["title"] = {"vi": value, "en": None}
        else:
            out[key] = value
    if "title" not in out:
        out["title"] = {"vi": _title_above(sheet, header_top) or sheet.title}
    if "source" not in out:
        out["source"] = f"Nhập từ tệp {path.name}, trang tính {sheet.title}"
    if "confidence" not in out:
        out["confidence"] = "verified" if out.get("decision") else "model"
    if "level" in out and "unit_types" not in out:
        out["unit_types"] = {"province": ["province"], "ministry": ["province"], "department": ["department"],
                             "district": ["district"], "commune": ["commune"]}.get(out["level"], ["department"])
    if not out.get("decision") and "model_set" not in out:
        out["model_set"] = True
    missing = [k for k in ("id", "level", "valid_from") if k not in out]
    if missing:
        raise InputError(path, M("edition {fields} not given: add a '{sheet}' sheet or the options {options}",
                                   fields=", ".join(missing), sheet=META_SHEET,
                                   options=", ".join(f"--{m.replace('_', '-')}" for m in missing)))
    return out


def _title_above(sheet: Grid, header_top: int) -> str | None:
    """The table's own title above its header: a "BỘ CHỈ SỐ …" row first, else the first long text that
    is not an administrative heading ("UBND TỈNH …", "CỘNG HÒA …")."""
    texts = [_text(sheet.raw(r, c)) for r in range(1, header_top) for c in range(1, min(sheet.ws.max_column, 6) + 1)]
    texts = [t for t in texts if len(t) > 10]
    for t in texts:
        if normalize_key(t).startswith(("bo chi so", "bo tieu chi")):
            return t
    heading = ("ubnd", "uy ban nhan dan", "cong hoa", "doc lap", "kem theo")
    return next((t for t in texts if not normalize_key(t).lstrip().startswith(heading)), None)

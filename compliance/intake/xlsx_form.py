"""The Excel fill-in form's reader (its layout, shared with the template writer, is
:mod:`compliance.intake.form_layout`; one cell's reading is :mod:`compliance.intake.form_values`).

The form (``compliance template``) has one sheet per data section of a submission. The reader finds
sheets and columns **by name**, never by position: sheet names are compared with
:func:`compliance.io.vnparse.normalize_key` and headers are found by the product's tabular reader
(:func:`compliance.io.table.locate_sheet`): case and diacritics do not matter, the English name is
accepted too, title rows above the header are skipped, a group's merged header covers its columns;
so a moved sheet, an added title row, an added column or a reordered column does not break reading.
Every column (and every row of the Cơ quan sheet) the template writes is looked for under its own
name: a header retyped ("Tổng số" → "Tổng") or a required column deleted is an error naming the cell
where the form has it and what is written there, never a column whose figures are silently left out; a
header the form does not know is an added column only beside all of the form's own. An optional column
absent from a sheet that has no header the form does not know (a form made before that column was
added, QA9 N5) is read as empty, with a notice naming it (:meth:`_Reader.absent`); every row of the
Cơ quan sheet must be there.

Values may be typed the Vietnamese or the English way, or be real numbers, dates or formulas:

- counts and numbers: ``28.044``, ``28044``, ``1,5``, a real number, or a formula's saved result;
  a formula with no saved result (a file written by a program and never opened in a spreadsheet)
  is an error naming the cell, because its value is unknown;
- percentages are in percent points (``47,26`` or ``47,26 %`` → 47.26); a number in a cell formatted
  as a spreadsheet percentage (``0.4726`` shown as ``47.26%``) is read as 47.26;
- dates: real dates, ``dd/mm/yyyy`` text or Excel serials (:func:`compliance.io.vnparse.parse_date`);
  the dates of documents are kept as written (a typo such as ``13/01/20120`` is kept and flagged by
  the rules, never corrected).

Figure codes (sheet Số liệu): the rows the criteria read are listed in advance under their codes; the
agency may add figures of its own under codes of its own. A code that looks like a slip of a
criteria code whose own row is left blank (``satisfacton_rate``) is an error naming the cell and the
code meant, never a figure silently left out of the scoring (:func:`misspelt_figure`).

Every error is an :class:`compliance.errors.InputError` naming the file, the sheet and the cell (or row).
The workbook is opened through :func:`compliance.io.safety.open_untrusted` (no macros, size caps,
defusedxml). Text cells are read as text: a cell holding ``=1+1`` as text reads back as ``=1+1``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from compliance.errors import InputError
from compliance.i18n import M, MC, Words, compose, join, places
from compliance.i18n.validation import explain
from compliance.intake.form_layout import (SHEETS, AGENCY, DOCUMENTS, DOSSIERS, FIGURES, KEYVALUE_HEAD, LATE, NOTES, PLANS, SELF,
                                           TASKS, TRAINING, Col, Sheet, criteria_figures, misspelt_figure)
from compliance.intake.form_values import FormCells, cell_place as _where
from compliance.intake.loaded import LoadedSubmission
from compliance.io.safety import open_untrusted, unreadable
from compliance.io.table import cell_name, locate_sheet
from compliance.io.vnparse import normalize_key
from compliance.model.submission import Submission


@dataclass
class _Reader(FormCells):
    sources: dict[tuple, str] = field(default_factory=dict)
    cells: dict[tuple, str] = field(default_factory=dict)
    value_cells: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Key-value rows: data path → (sheet, the cell its value goes in), filled or not."""
    self_rows: tuple[str, dict[str, tuple[str, str]]] | None = None
    """The Tự đánh giá sheet as found: (its title, the node ids it has a row for, filled or not)."""
    absent_columns: list[tuple[str, Words]] = field(default_factory=list)
    """Optional columns the form lacks, read as empty: (sheet title, the column's name)."""

    # -- sheets and headers ---------------------------------------------------------------------

    def sheet(self, spec: Sheet):
        wanted = {normalize_key(spec.vi), normalize_key(spec.en)}
        found = [ws for ws in self.wb.worksheets if normalize_key(ws.title) in wanted]
        if not found:
            names = ", ".join(ws.title for ws in self.wb.worksheets)
            self.fail(M("no sheet '{vi}' ({en}); the workbook has: {names}", vi=spec.vi, en=spec.en, names=names))
        if len(found) > 1:
            self.fail(M("two sheets are named '{vi}': {title}, {title2}", vi=spec.vi, title=found[0].title, title2=found[1].title))
        return found[0]

    def header(self, ws, spec: Sheet, cols: tuple[Col, ...], *, all_needed: bool = False) -> tuple[int, dict[str, int]]:
        """The row before the data and each column's position, found by the product's tabular reader
        (:func:`compliance.io.table.locate_sheet`: headers by name, title rows above skipped, a group's
        merged cell over its columns); errors in the form's own words. ``all_needed``: every column of
        ``cols`` must be there, optional or not (the label and value columns of a key-value sheet)."""
        found = locate_sheet(self.path, ws, tuple(c.column() for c in cols), strict=False)
        if found is None:
            self.fail(M("no header row found in the first 30 rows (expected columns such as '{vi}')", vi=cols[0].vi),
                      places.sheet(ws.title))
        labels = {c.path: (f"{c.group} / {c.vi}" if c.group else c.vi) for c in cols}
        for problem in found.problems:
            cells = ", ".join(cell_name(c, found.header_row) for c in problem.columns)
            self.fail(M("two columns are headed '{value}' ({cells}); keep one", value=labels[problem.key], cells=cells),
                      places.row(ws.title, found.header_row))
        self.absent(ws, cols, found.columns, found.header_row, found.extra, labels, by_row=False, all_needed=all_needed)
        for rng in ws.merged_cells.ranges:
            if rng.max_row >= found.data_start:
                self.fail(M("cells {coord} are merged across the data; unmerge them so each value has its own cell", coord=rng.coord),
                          places.sheet(ws.title))
        return found.data_start - 1, dict(found.columns)

    def absent(self, ws, cols: tuple[Col, ...], present, head_row: int, unknown: dict[str, int],
               labels: dict[str, str], *, by_row: bool, label_col: int = 1, all_needed: bool = False) -> None:
        """InputError when a column of the form (``by_row``: a row of a key-value sheet) is not found and
        its figures could be silently left out (a header "Tổng số" retyped "Tổng" lost 28.044 dossiers,
        QA8 F1): a required column, or any column while the sheet has a header the form does not know
        (``unknown``: label → column, or row), which may be it retyped; such a header is taken for an
        added column only beside all of the form's own. ``all_needed``: every column (row) of ``cols`` is needed.

        Optional columns absent from a sheet with no unknown header are a form made before they were
        added (QA9 N5: a form handed out this afternoon lacked tonight's 'Trước hạn và đúng hạn'): they
        are read as empty and kept in :attr:`absent_columns`, for one notice each
        (:func:`compliance.check.form_notices`).

        The error names the sheet and the cell where the template put the header (columns and rows are
        written in the order of ``cols``), and what is written there now: a header the form does not
        know (the column renamed), the column's own name under a group header no longer merged over it
        (QA9 N3), another of the form's headers or nothing (moved or deleted)."""
        missing = [c for c in cols if c.path not in present]
        if not missing:
            return
        if not unknown and not all_needed and not any(c.required for c in missing):
            self.absent_columns += [(ws.title, Words(labels[c.path], f"{c.group_en} / {c.en}" if c.group_en else c.en))
                                    for c in missing]
            return
        col = missing[0]
        at = cols.index(col) + 1
        row, column = (head_row + at, label_col) if by_row else (head_row, at)
        cell = cell_name(column, row)
        written = ws.cell(row=row, column=column).value
        written = " ".join(str(written).split()) if written not in (None, "") else ""
        what = MC("a row of a sheet", "row") if by_row else M("column")
        name = Words(labels[col.path], f"{col.group_en} / {col.en}" if col.group_en else col.en)
        names = [compose("'{n}'", n=Words(labels[c.path], f"{c.group_en} / {c.en}" if c.group_en else c.en)) for c in missing[1:4]]
        more = M(" (and {n} more {what}s: {names})", n=len(missing) - 1, what=what,
                 names=join(names + ["…"] * (len(missing) > 4), ", ")) if len(missing) > 1 else ""
        renamed = [(text, pos) for text, pos in unknown.items()]
        if not by_row and col.group and written and normalize_key(written) in {normalize_key(col.vi), normalize_key(col.en)}:
            group = [cols.index(c) + 1 for c in cols if c.group == col.group]
            merge = f"{cell_name(min(group), row - 1)}:{cell_name(max(group), row - 1)}"
            self.fail(M("no {what} '{name}'{more}: {cell} reads '{written}', but the group header '{group}' is no longer "
                        "merged over {merge} (unmerged to sort or paste?), so the cell above it is empty; merge {merge} "
                        "again", what=what, name=name, more=more, cell=cell, written=written,
                        group=Words(col.group, col.group_en or col.group), merge=merge), places.cell(ws.title, cell))
        if written and any(pos == (row if by_row else column) for _t, pos in renamed):
            self.fail(M("no {what} '{name}'{more}: {cell} reads '{written}', which is not one of the form's {what}s; "
                        "give it back its name '{vi}' (the form's {what}s are read by their names; other {what}s may "
                        "be added only beside all of the form's own)", what=what, name=name, more=more, cell=cell,
                        written=written, vi=col.vi), places.cell(ws.title, cell))
        if renamed:
            shown = ", ".join(f"'{text}' ({cell_name(label_col, pos) if by_row else cell_name(pos, head_row)})"
                              for text, pos in renamed[:4])
            self.fail(M("no {what} '{name}'{more} (the form has it at {cell}); the sheet has {what}s the form does not "
                        "know: {shown}: if one of them is '{vi}' renamed, give it back its name", what=what, name=name,
                        more=more, cell=cell, shown=shown, vi=col.vi), places.sheet(ws.title))
        self.fail(M("no {what} '{name}'{more} (the form has it at {cell}): was it deleted? put it back under that name "
                    "(a new form from 'compliance template' shows it)", what=what, name=name, more=more, cell=cell),
                  places.sheet(ws.title))

    # -- sections -------------------------------------------------------------------------------

    def keyvalue(self, spec: Sheet) -> dict:
        ws = self.sheet(spec)
        head_row, pos = self.header(ws, spec, KEYVALUE_HEAD, all_needed=True)
        by_label = {normalize_key(c.vi): c for c in spec.cols} | {normalize_key(c.en): c for c in spec.cols}
        seen: dict[str, int] = {}
        out: dict = {}
        unknown: dict[str, int] = {}  # labels the form does not have, on rows with a value → row
        for r in range(head_row + 1, ws.max_row + 1):
            text = ws.cell(row=r, column=pos["label"]).value
            if not isinstance(text, str) or normalize_key(text) not in by_label:
                if isinstance(text, str) and text.strip() and ws.cell(row=r, column=pos["value"]).value not in (None, ""):
                    unknown.setdefault(text.strip(), r)
                continue
            col = by_label[normalize_key(text)]
            if col.path in seen:
                self.fail(M("'{vi}' is given twice (rows {value} and {r})", vi=col.vi, value=seen[col.path], r=r), places.sheet(ws.title))
            seen[col.path] = r
            self.value_cells[col.path] = (ws.title, cell_name(pos["value"], r))
            value = self.convert(ws, r, pos["value"], col)
            if value is not None:
                _set(out, col.path, value)
                self.note_source(tuple(col.path.split(".")), _where(ws, r, pos["value"]))
        self.absent(ws, spec.cols, seen, head_row, unknown, {c.path: c.vi for c in spec.cols}, by_row=True,
                    label_col=pos["label"], all_needed=True)  # a row deleted took its value with it: said, not read as empty
        for col in spec.cols:
            if col.required and _get(out, col.path) is None:
                self.fail(M("'{vi}' ({en}) is required", vi=col.vi, en=col.en), _where(ws, seen[col.path], pos["value"]))
        return out

    def rows(self, spec: Sheet) -> list[tuple[int, dict, dict[str, int], Any]]:
        """Each non-blank data row: (row number, data, column positions, worksheet)."""
        ws = self.sheet(spec)
        head_row, pos = self.header(ws, spec, spec.cols)
        out = []
        for r in range(head_row + 1, ws.max_row + 1):
            item: dict = {}
            for col in spec.cols:
                if col.path not in pos:
                    continue
                value = self.convert(ws, r, pos[col.path], col)
                if value is not None and value != []:
                    _set(item, col.path, value)
            if item:
                out.append((r, item, pos, ws))
        return out

    def required(self, spec: Sheet, r: int, item: dict, pos: dict, ws, skip: tuple = ()) -> None:
        for col in spec.cols:
            if col.required and col.path not in skip and _get(item, col.path) is None:
                where = _where(ws, r, pos[col.path]) if col.path in pos else _where(ws, r)
                self.fail(M("'{vi}' ({en}) is required in a filled row", vi=col.vi, en=col.en), where)

    def note_source(self, loc: tuple, where: str) -> None:
        self.sources[loc] = where

    def table(self, spec: Sheet, section: str) -> list[dict]:
        items = []
        for r, item, pos, ws in self.rows(spec):
            self.required(spec, r, item, pos, ws)
            i = len(items)
            self.note_source((section, i), _where(ws, r))
            for col in spec.cols:
                if col.path in pos:
                    self.cells[(section, i) + tuple(col.path.split("."))] = _where(ws, r, pos[col.path])
            items.append(item)
        if items:
            self.note_source((section,), places.sheet(self.sheet(spec).title))
        return items

    def read(self, edition_nodes: set[str] | None = None) -> dict:
        data = self.keyvalue(AGENCY)
        data["documents"] = self.table(DOCUMENTS, "documents")
        dossiers = self.table(DOSSIERS, "dossiers")
        if len(dossiers) > 1:
            ws = self.sheet(DOSSIERS)
            self.fail(M("one row is read here (the submission holds one dossier summary); found {n} filled rows", n=len(dossiers)), places.sheet(ws.title))
        if dossiers:
            data["dossiers"] = dossiers[0]
            for loc, where in list(self.cells.items()):
                if loc[:2] == ("dossiers", 0):
                    self.sources[("dossiers",) + loc[2:]] = where
            self.sources[("dossiers",)] = self.sources.pop(("dossiers", 0))
        data["late_dossiers"] = self.table(LATE, "late_dossiers")
        data["figures"] = self.figures()
        data["training"] = self.table(TRAINING, "training")
        data["plans"] = self.plans()
        data["self_assessment"], data["survey"] = self.self_assessment()
        data["notes"] = [n["note"] for n in self.table(NOTES, "notes")]
        return data

    def figures(self) -> dict:
        out: dict[str, dict] = {}
        code_cells: dict[str, str] = {}
        for r, item, pos, ws in self.rows(FIGURES):
            if "value" not in item:
                filled = set(item) - {"id", "label", "unit", "scope", "qualifier"}
                if filled:
                    self.fail(M("a figure row with details but no value; fill Giá trị or clear the row"),
                              _where(ws, r, pos.get("value")))
                continue
            self.required(FIGURES, r, item, pos, ws)
            key = item.pop("id")
            if key in out:
                self.fail(M("figure id '{key}' is used twice", key=key), _where(ws, r, pos["id"]))
            if item.get("unit") == "percent" and not 0 <= item["value"] <= 100:
                self.fail(M("a percentage is between 0 and 100, found {value:g}", value=item['value']), _where(ws, r, pos["value"]))
            out[key] = item
            code_cells[key] = _where(ws, r, pos["id"])
            self.note_source(("figures", key), _where(ws, r))
            self.note_source(("figures", key, "value"), _where(ws, r, pos["value"]))
            for col in FIGURES.cols:
                if col.path in pos:
                    self.cells[("figures", key, col.path)] = _where(ws, r, pos[col.path])
        self.misspelt_figures(code_cells)
        return out

    def misspelt_figures(self, code_cells: dict[str, str]) -> None:
        """InputError for a reported figure (code → its cell) whose code looks like a slip of a criteria
        code (see :func:`misspelt_figure`), naming the cell and the code meant."""
        known = [code for code, _title, _unit in criteria_figures()]
        for code, where in code_cells.items():
            meant = misspelt_figure(code, known, set(code_cells))
            if meant is not None:
                self.fail(M("figure code '{code}' is not one the criteria read; did you mean '{meant}'? (a figure of your own needs a code unlike the criteria's)", code=code, meant=meant), where)

    def plans(self) -> list[dict]:
        plans = self.table(PLANS, "plans")
        index = {p["id"]: i for i, p in enumerate(plans)}
        for p in plans:
            p["tasks"] = []
        for r, item, pos, ws in self.rows(TASKS):
            self.required(TASKS, r, item, pos, ws)
            plan_id = item.pop("plan")
            if plan_id not in index:
                known = ", ".join(index) or "none"
                self.fail(M("plan '{plan_id}' is not on the {vi} sheet (plans: {known})", plan_id=plan_id, vi=PLANS.vi, known=known), _where(ws, r, pos["plan"]))
            p = index[plan_id]
            t = len(plans[p]["tasks"])
            plans[p]["tasks"].append(item)
            self.note_source(("plans", p, "tasks", t), _where(ws, r))
            for col in TASKS.cols:
                if col.path in pos and col.path != "plan":
                    self.cells[("plans", p, "tasks", t) + tuple(col.path.split("."))] = _where(ws, r, pos[col.path])
        return plans

    def self_assessment(self) -> tuple[dict, dict]:
        scores: dict[str, dict] = {}
        survey: dict[str, float] = {}
        rows = self.rows(SELF)
        self.self_rows = (self.sheet(SELF).title, {item["id"]: (item.get("name") or "", _where(ws, r, pos.get("name")))
                                                   for r, item, pos, ws in rows if "id" in item})
        for r, item, pos, ws in rows:
            given = set(item) - {"id", "name", "max"}
            if not given:
                continue
            if "id" not in item:
                self.fail(M("a filled row without its STT (node id)"), _where(ws, r, pos.get("id")))
            node = item["id"]
            if "survey" in item:
                survey[node] = item["survey"]
                self.note_source(("survey", node), _where(ws, r, pos["survey"]))
            if given - {"survey"}:
                if "points" not in item:
                    self.fail(M("evidence or explanation for {node} without self-assessed points; fill Điểm tự đánh giá", node=node),
                              _where(ws, r, pos.get("points")))
                if node in scores:
                    self.fail(M("node {node} is self-assessed twice", node=node), _where(ws, r, pos["id"]))
                scores[node] = {k: item[k] for k in ("points", "evidence", "explanation") if k in item}
                self.note_source(("self_assessment", node), _where(ws, r, pos["points"]))
                self.note_source(("self_assessment", node, "points"), _where(ws, r, pos["points"]))
                self.note_source(("self_assessment", node, "evidence"), _where(ws, r, pos["evidence"]))
        return scores, survey


def _set(data: dict, path: str, value) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def _get(data: dict, path: str):
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _column_of(loc: tuple) -> tuple[str, str] | None:
    """(sheet, row label) of a key-value sheet's row that holds the data path ``loc``, or None."""
    dotted = ".".join(str(p) for p in loc)
    for spec in SHEETS:
        if spec.layout == "keyvalue":
            for col in spec.cols:
                if col.path == dotted:
                    return spec.vi, col.vi
    return None


def _error_place(reader: _Reader, loc: tuple) -> str | None:
    loc = tuple(loc)
    while loc:
        if loc in reader.cells:
            return reader.cells[loc]
        if loc in reader.sources:
            return reader.sources[loc]
        loc = loc[:-1]
    return None


def _has_formulas(path: Path) -> bool:
    """True when some worksheet part holds a formula element (``<f>``); the package is already checked."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with zf.open(info) as fh:
                    tail = b""
                    while chunk := fh.read(1 << 20):
                        if re.search(rb"<(?:\w+:)?f[ >/]", tail + chunk):
                            return True
                        tail = chunk[-16:]
    return False


def read_form(path: str | Path):
    """Read a filled form (.xlsx) as a submission.

    Returns a :class:`compliance.intake.submission.LoadedSubmission` whose ``sources`` map data paths
    (``("dossiers", "resolved", "total")``, ``("figures", "satisfaction_rate", "value")``,
    ``("late_dossiers", 3)``, ``("plans", 0, "tasks", 2)``) to "sheet Hồ sơ TTHC, cell J5" or
    "sheet Nhiệm vụ, row 7", so every score can say where its figure came from. A node's own points
    and survey points, ``("self_assessment", "1.1.1")`` and ``("survey", "8.1")``, map to their
    cells ("sheet Tự đánh giá, cell D6"), so a check of their range can name the cell. ``self_rows``:
    the Tự đánh giá sheet's title and the node ids it has a row for, so that a row deleted from the
    form can be said (:func:`compliance.check.form_notices`); ``absent_columns``: optional columns the
    form lacks (made before they were added), read as empty and said there too.

    Raises InputError (file, sheet, cell) for: a refused or damaged workbook (see
    :func:`compliance.io.safety.open_untrusted`), a missing sheet, a figure code that looks like a
    slip of a code the criteria read (:func:`misspelt_figure`), a renamed or missing required
    header or row (or a missing optional one beside a header the form does not know), a group header
    no longer merged over its columns, merged cells across data rows, a formula without a saved result, text where a
    number or date belongs, a value outside its range or list, and anything the submission schema refuses.
    """
    from openpyxl import load_workbook

    path = Path(path)
    wb = open_untrusted(path)
    fwb = None
    if _has_formulas(path):  # only then is a second parse needed, to tell a formula without a result from a blank
        try:
            fwb = load_workbook(path, data_only=False, keep_vba=False, keep_links=False)
        except Exception as exc:  # noqa: BLE001 - any parse failure of an outside file is bad input
            raise unreadable(path, exc) from None
    reader = _Reader(path, wb, fwb)
    data = reader.read()
    try:
        submission = Submission.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        message, place = explain(err), _error_place(reader, loc)
        col = _column_of(loc)
        if col is not None:  # a row of a key-value sheet (Cơ quan): name it as the sheet does
            sheet, label = col
            if err["type"] == "missing":
                missing = [(tuple(e["loc"]), c[1]) for e in exc.errors() if e["type"] == "missing"
                           for c in [_column_of(tuple(e["loc"]))] if c is not None and c[0] == sheet]
                cell = {lc: reader.value_cells.get(".".join(map(str, lc)), (sheet, "?"))[1] for lc, _ in missing}
                message = M("'{label}' is required: fill in its value", label=label) if len(missing) == 1 else \
                    M("required, fill in their values: {items}", items=join([f"'{lab}' ({cell[lc]})" for lc, lab in missing]))
                place = places.cell(sheet, cell[loc]) if cell[loc] != "?" else places.sheet(sheet)
            else:
                place = place or places.sheet(sheet)
        raise InputError(path, message, place or "/".join(str(p) for p in loc)) from None
    sources = dict(reader.sources)
    for loc, where in reader.cells.items():
        sources.setdefault(loc, where)
    for (sheet, row, col), note in reader.notes.items():
        for loc, where in list(sources.items()):
            if where == _where(reader.wb[sheet], row, col):
                sources[loc] = compose("{place} ({note})", place=where, note=note)
    return LoadedSubmission(submission=submission, path=path, folder=path.parent, sources=sources,
                            self_rows=reader.self_rows, absent_columns=reader.absent_columns)

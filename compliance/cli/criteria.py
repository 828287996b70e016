"""``compliance criteria …``: the click group ``criteria_group`` (commands only; logic in the library).

list · show ID · tree ID · check [FILE|ID …] · import FORM.xlsx -o FILE · export ID -o FILE.xlsx · diff A B

Exit codes: 0 done (``check``: no error found; warnings allowed); 1 ``check`` found errors or ``diff`` found
changes with ``--exit-code``; 2 unusable input (InputError, printed as one line by the caller).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tabulate import tabulate

from compliance.criteria_lib.check import check_file, num
from compliance.criteria_lib.files import load_edition, locate, shipped_editions, shipped_files
from compliance.criteria_lib.tree import label, render_tree
from compliance.errors import EXIT_FINDINGS, InputError
from compliance.model.criteria import Edition
from compliance.vocab import level_word, unit_type_word

LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Output language.")
FORMAT = click.option("--format", "form", type=click.Choice(["table", "json"]), default="table", show_default=True)


def _echo(text: str) -> None:
    click.echo(text)


@click.group("criteria")
def criteria_group() -> None:
    """PAR INDEX criteria editions: list, show, tree, check, import/export Excel, diff."""


def _status(e: Edition, lang: str) -> str:
    if e.listed_only:
        return "chỉ liệt kê, chưa có nội dung" if lang == "vi" else "listed only, no content"
    return label("incomplete", lang) if e.incomplete else label("complete", lang)


def _decision(e: Edition, lang: str) -> str:
    if e.model_set:
        return "bộ mẫu của dự án (không có quyết định)" if lang == "vi" else "project model set (no decision)"
    return e.decision or ""


@criteria_group.command("list")
@LANG
@FORMAT
def list_cmd(lang: str, form: str) -> None:
    """Every shipped edition: id, title, level, valid from/to, decision, confidence, complete or not."""
    rows = []
    for e, path in shipped_editions():
        rows.append({"id": e.id, "title": e.title.get(lang), "level": level_word(e.level, lang),
                     "valid_from": e.valid_from.isoformat(), "valid_to": e.valid_to.isoformat() if e.valid_to else None,
                     "decision": _decision(e, lang), "confidence": e.confidence.value, "status": _status(e, lang),
                     "incomplete": e.incomplete, "listed_only": e.listed_only, "file": str(path)})
    if form == "json":
        _echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    heads = (["Mã", "Tên", "Cấp", "Từ ngày", "Đến ngày", "Quyết định", "Độ tin cậy", "Tình trạng"] if lang == "vi"
             else ["Id", "Title", "Level", "Valid from", "Valid to", "Decision", "Confidence", "Status"])
    table = [[r["id"], r["title"], r["level"], _date(r["valid_from"]), _date(r["valid_to"]) if r["valid_to"] else "—",
              r["decision"], r["confidence"], r["status"]] for r in rows]
    _echo(tabulate(table, headers=heads, maxcolwidths=[None, 40, None, None, None, 36, None, 18]))


def _date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def header_lines(e: Edition, path: Path | None, lang: str) -> list[str]:
    """The edition's header as 'key: value' lines (for ``criteria show``)."""
    vi = lang != "en"
    k = (lambda a, b: a if vi else b)
    lines = [f"{e.id}: {e.title.get(lang)}",
             f"{k('Cấp', 'Level')}: {level_word(e.level, lang)}; {k('loại đơn vị', 'unit types')}: "
             f"{', '.join(unit_type_word(u, lang) for u in e.unit_types)}",
             f"{k('Hiệu lực', 'Valid')}: {e.valid_from:%d/%m/%Y} – {e.valid_to.strftime('%d/%m/%Y') if e.valid_to else k('chưa có ngày hết', 'open')}",
             f"{k('Quyết định', 'Decision')}: {_decision(e, lang)}",
             f"{k('Nguồn', 'Source')}: {e.source}",
             f"{k('Độ tin cậy', 'Confidence')}: {e.confidence.value}; {k('tình trạng', 'status')}: {_status(e, lang)}"]
    if not e.listed_only:
        lines.append(f"{k('Thang điểm', 'Scale')}: {num(e.scale, lang)}"
                     + (f"; {k('dòng tổng cộng ghi', 'stated total')}: {num(e.stated_total, lang)}" if e.stated_total is not None else "")
                     + (f"; {k('điểm điều tra XHH', 'survey points')}: {num(e.survey_points, lang)}" if e.survey_points else ""))
    if e.known_counts is not None:
        c = e.known_counts
        lines.append(f"{k('Số lượng theo nguồn', 'Counts stated by the source')}: "
                     + ", ".join(f"{v} {k(vn, en)}" for v, vn, en in ((c.fields, "lĩnh vực", "fields"), (c.criteria, "tiêu chí", "criteria"),
                                                                        (c.sub_criteria, "tiêu chí thành phần", "sub-criteria")) if v is not None))
    if e.classes:
        lines.append(f"{k('Xếp loại', 'Classes')}: " + "; ".join(f"{c.name.get(lang)} ≥ {num(c.min, lang)}%" for c in
                                                                sorted(e.classes, key=lambda c: -c.min)))
    for m in e.modelled_on:
        lines.append(f"{k('Mô phỏng theo', 'Modelled on')}: {m}")
    for n in e.notes:
        lines.append(f"{k('Ghi chú', 'Note')}: {n}")
    if path is not None:
        lines.append(f"{k('Tệp', 'File')}: {path}")
    return lines


@criteria_group.command("show")
@click.argument("ref", metavar="ID|FILE")
@LANG
def show_cmd(ref: str, lang: str) -> None:
    """An edition's header (dates, decision, source, confidence, completeness) and its tree."""
    edition, path = load_edition(ref)
    _echo("\n".join(header_lines(edition, path, lang)))
    _echo("")
    _echo(render_tree(edition, lang))


@criteria_group.command("tree")
@click.argument("ref", metavar="ID|FILE")
@LANG
def tree_cmd(ref: str, lang: str) -> None:
    """The tree with points, indented, for a quick look."""
    edition, _ = load_edition(ref)
    _echo(render_tree(edition, lang))


@criteria_group.command("check")
@click.argument("refs", nargs=-1, metavar="[FILE|ID]…")
@LANG
@click.option("--format", "form", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--no-metrics", is_flag=True, help="Do not check scoring inputs against the metrics declared in rules/.")
def check_cmd(refs: tuple[str, ...], lang: str, form: str, no_metrics: bool) -> None:
    """Check criteria files (all shipped ones when none is named): ids, sums, bands, formulas, evidence,
    unit types, classes, counts; PAPI structure files by PAPI's rules. One line per problem."""
    paths = [locate(r) for r in refs] if refs else shipped_files()
    from compliance.catalog import declared_metrics

    metrics = None if no_metrics else declared_metrics()
    results = [check_file(p, metrics=metrics) for p in paths]
    if form == "json":
        _echo(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            for p in r.problems:
                _echo(f"{r.path}: {p.text(lang)}")
            for vi, en in r.notes:
                _echo(f"{r.path}: {'ghi chú' if lang == 'vi' else 'note'}: {en if lang == 'en' else vi}")
        errors = sum(len(r.errors) for r in results)
        warnings = sum(len(r.problems) for r in results) - errors
        _echo((f"{len(results)} tệp: {errors} lỗi, {warnings} cảnh báo" if lang == "vi"
               else f"{len(results)} files: {errors} errors, {warnings} warnings"))
    if any(r.errors for r in results):
        sys.exit(EXIT_FINDINGS)


def _yaml_text(edition: Edition, header: list[str]) -> str:
    import yaml

    data = edition.model_dump(mode="json", exclude_defaults=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    return "".join(f"# {line}\n" for line in header) + body


@criteria_group.command("import")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The criteria YAML file to write.")
@click.option("--sheet", help="Sheet holding the table (default: the first sheet with a header row).")
@click.option("--id", "edition_id", help="Edition id, e.g. par-dept-dak-nong-2023 (else from the 'Thông tin' sheet).")
@click.option("--title", help="Edition title (Vietnamese).")
@click.option("--level", type=click.Choice(["province", "ministry", "department", "district", "commune"]))
@click.option("--unit-type", "unit_types", multiple=True, help="Unit type the set applies to (repeatable).")
@click.option("--valid-from", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), help="First day of the evaluation periods it applies to.")
@click.option("--valid-to", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]))
@click.option("--decision", help="Issuing decision, e.g. '1234/QĐ-UBND, 05/3/2023'.")
@click.option("--model-set", is_flag=True, default=None, help="A model set made by the project (no issuing decision).")
@click.option("--source", help="Where the table comes from.")
@click.option("--confidence", type=click.Choice(["verified", "model", "unknown"]))
@LANG
def import_cmd(workbook: Path, output: Path, sheet: str | None, edition_id, title, level, unit_types, valid_from, valid_to,
               decision, model_set, source, confidence, lang: str) -> None:
    """Read a criteria table from WORKBOOK (.xlsx) into a criteria YAML file (written atomically)."""
    from compliance.catalog import declared_metrics
    from compliance.criteria_lib.check import check_edition
    from compliance.io.files import shown
    from compliance.criteria_lib.importer import WorkbookError, import_workbook
    from compliance.io.files import atomic_write

    if output.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(output, "the output must be a .yaml file", "-o")
    overrides = {"id": edition_id, "title": title, "level": level, "unit_types": list(unit_types) or None,
                 "valid_from": valid_from.date() if valid_from else None, "valid_to": valid_to.date() if valid_to else None,
                 "decision": decision, "model_set": model_set, "source": source, "confidence": confidence}
    try:
        result = import_workbook(workbook, sheet, overrides)
    except WorkbookError as exc:
        for where, message in exc.problems:
            click.echo(f"error: {workbook}: {where}: {message}", err=True)
        raise InputError(workbook, f"{len(exc.problems)} problem(s) listed above; nothing written", exc.problems[0][0]) from None
    for where, message in result.notes:
        click.echo(f"{'ghi chú' if lang == 'vi' else 'note'}: {workbook}: {where}: {message}", err=True)
    edition = result.edition
    header = [f"Imported by `compliance criteria import` from {workbook.name}, sheet {result.sheet}.",
              f"Check it with: compliance criteria check {shown(output)}"]
    problems = check_edition(edition, metrics=declared_metrics())
    # leaves read a placeholder input until someone maps them to metrics: that alone does not stop the import
    blocking = [p for p in problems if p.severity == "error" and p.kind != "input_undeclared"]
    if blocking:
        for p in blocking:
            click.echo(f"error: {workbook}: {p.text(lang)}", err=True)
        raise InputError(workbook, f"{len(blocking)} problem(s) listed above (criteria check); nothing written")
    text = _yaml_text(edition, header)
    with atomic_write(output, "w") as fh:
        fh.write(text)
    errors = sum(p.severity == "error" for p in problems)
    nodes = sum(1 for _ in edition.nodes())
    _echo((f"đã nhập {nodes} nút ({len(edition.fields)} lĩnh vực) từ trang tính {result.sheet} → {shown(output)}; "
           f"{len(result.notes)} ghi chú; criteria check: {errors} lỗi, {len(problems) - errors} cảnh báo") if lang == "vi" else
          (f"imported {nodes} nodes ({len(edition.fields)} fields) from sheet {result.sheet} → {shown(output)}; "
           f"{len(result.notes)} notes; criteria check: {errors} errors, {len(problems) - errors} warnings"))


@criteria_group.command("export")
@click.argument("ref", metavar="ID|FILE")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .xlsx workbook to write.")
def export_cmd(ref: str, output: Path) -> None:
    """Write an edition to an Excel workbook that `criteria import` reads back unchanged."""
    from compliance.criteria_lib.exporter import export_edition
    from compliance.io.files import shown

    if output.suffix.lower() != ".xlsx":
        raise InputError(output, "the output must be an .xlsx workbook", "-o")
    edition, _ = load_edition(ref)
    export_edition(edition, output)
    _echo(f"{edition.id} → {shown(output)}")


@criteria_group.command("diff")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@LANG
@FORMAT
@click.option("--exit-code", is_flag=True, help="Exit 1 when the editions differ.")
def diff_cmd(a: str, b: str, lang: str, form: str, exit_code: bool) -> None:
    """What changed from edition A to edition B (ids or YAML files): added, removed, renamed, moved,
    renumbered, points, bands and scoring changed."""
    from compliance.criteria_lib.diff import diff_editions, diff_table

    ea, _ = load_edition(a)
    eb, _ = load_edition(b)
    result = diff_editions(ea, eb)
    _echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2) if form == "json" else diff_table(result, lang))
    if exit_code and not result.empty:
        sys.exit(EXIT_FINDINGS)


__all__ = ["criteria_group", "InputError"]

"""The page's own words (menus, buttons, headings) in Vietnamese and English, and numbers written the
way each language writes them (39,97 in Vietnamese, 39.97 in English). Labels of results (states,
severities, column names) come from the API with the results, as the terminal prints them."""

from __future__ import annotations

from compliance.i18n import M, MC
from compliance.vocab import format_points

WORDS: dict[str, tuple[str, str]] = {
    "app": M("Administrative-reform scoring"),
    "home": M("Home"),
    "agency": M("Agency self-assessment"),
    "inspector": M("Appraisal and ranking"),
    "registers": M("Dossier registers"),
    "history": M("History of rounds"),
    "lang_switch": M("English"),
    "home_agency": M("Download the form, upload it filled in or your report, see the scorecard and the gaps to fix."),
    "home_inspector": M("Upload many forms, run the round, appraise in two rounds, rank, download the council workbook."),
    "home_registers": M("Upload a dossier register and the procedure catalogue: the periodic table and the one-stop findings."),
    "local_only": M("The server listens on this machine only; uploaded files are deleted after each request."),
    "shared_server": M("A shared server: every request needs the access token; uploaded files are deleted after each request."),
    "step_edition": M("1. Choose the criteria edition"),
    "unit_type": M("Unit type"),
    "year": M("Year assessed"),
    "show_editions": M("Show the fitting editions"),
    "no_edition": M("No edition fits this unit type and year."),
    "download_form": M("Download the form (.xlsx)"),
    "not_scorable": M("no content to score yet"),
    "valid": M("Valid"),
    "step_upload": M("2. Upload the filled form or a YAML/JSON file"),
    "file": M("File"),
    "criteria_override": M("Criteria edition (empty: as the file, unit type and period say)"),
    "auto": M("automatic"),
    "score": MC("web", "Score"),
    "step_report": M("3. Check a narrative report before it is sent (.docx, .pdf, .txt, .md)"),
    "check_report": M("Check the report"),
    "error": M("Could not process"),
    "scorecard": M("Scorecard"),
    "download_xlsx": M("Download the scored workbook (.xlsx)"),
    "download_json": M("Download JSON"),
    "chart_fields": M("Points by field against their maxima"),
    "open_all": M("Open all"),
    "inputs": M("Inputs used"),
    "evidence": M("Evidence"),
    "modelled_on": M("Modelled on"),
    "method": M("Method"),
    "model_warning": M("The project's model criteria set, not an official text: points are for reference."),
    "source_cell": M("source"),
    "upload_forms": M("1. Upload forms (several files or one .zip)"),
    "forms": M("Forms"),
    "add": M("Add"),
    "clear": M("Clear all"),
    "in_round": M("Submissions in the round"),
    "none_yet": M("None yet."),
    "appraisal_file": M("2. Appraisal file (.yaml/.json, or the workbook exported from the round) and waivers file"),
    "appraisal": M("Appraisal"),
    "waivers": M("Waivers"),
    "use": M("Use"),
    "appraisal_in_use": M("Appraisal in use"),
    "entered_in_page": M("entered in the page"),
    "run_round": M("3. Run the round"),
    "run": M("Run"),
    "db_note": M("The round is stored in the history: {db}"),
    "no_db": M("Not stored (start with --db FILE to keep a history)."),
    "ranking": M("Ranking"),
    "download_council": M("Download the council workbook (.xlsx)"),
    "download_appraisal": M("Download the appraisal workbook (.xlsx)"),
    "round_json": M("Download the round's JSON"),
    "back_round": M("Back to the round"),
    "appraise": M("Appraise in two rounds"),
    "save_rerun": M("Save and score again"),
    "note": M("note"),
    "by": M("by"),
    "explanation": M("Agency's explanation"),
    "round1": M("Round 1"),
    "round2": M("Round 2"),
    "bonus": MC("web", "Bonus"),
    "penalty": MC("web", "Penalty"),
    "points": M("Points"),
    "reason": M("Reason"),
    "gaps": M("Gaps"),
    "waived": M("waived"),
    "agency_history": M("Index over the rounds"),
    "agency_code": M("Agency code"),
    "show": M("Show"),
    "stored_rounds": M("Stored rounds"),
    "register": M("Dossier register (.csv/.xlsx)"),
    "catalogue": M("Procedure catalogue (optional)"),
    "period": M("Period (2020, 2020-Q1, 2020-H1, 2020-06; empty: the register's dates)"),
    "apology_days": M("Apology deadline counted in"),
    "publication_days": M("Publication deadline counted in"),
    "days": M("days"),
    "working_days": M("working days"),
    "check_register": M("Check the register"),
    "working": M("Working…"),
    "failed": M("Failed"),
    "summary": M("Periodic table (form 06/VPCP/KSTT)"),
    "rates": M("Rates"),
    "rules": M("One-stop rules"),
    "groups": M("Findings by rule × agency × procedure"),
    "notes": M("Notes"),
    "rows_read": M("Rows read"),
    "first_dossiers": M("First dossiers (row)"),
    "download_check": M("Download the results workbook (.xlsx)"),
    "no_findings": M("No findings."),
    "not_found": M("Not found (expired or never made)"),
    "lint_title": M("Report check"),
    "place": M("Place"),
    "finding": M("Finding"),
    "paragraphs_n": M("{n} paragraphs"),
    "tables_n": M("{n} tables"),
    "quote": M("Quote"),
    "assumptions": M("Assumptions made"),
    "edit": M("Edit"),
    "max_points": MC("web", "Max"),
    "self_score": MC("web", "Self"),
    "computed": MC("web", "Computed"),
    "final": M("Final"),
    "round_col": MC("web", "Round"),
    "period_col": MC("web", "Period"),
    "edition_col": M("Edition"),
    "index_col": M("Index %"),
    "rank_col": M("Rank"),
    "class_col": M("Class"),
    "agency_col": M("Agency"),
    "procedure_col": M("Procedure"),
    "count_col": MC("web", "Count"),
    "basis_col": MC("web", "Legal basis"),
    "agencies_n": M("{n} agencies"),
    "unauthorised": M("An access token is needed (--token)"),
}


def word(key: str, lang: str, **values) -> str:
    """The page word ``key`` in ``lang``, with ``{name}`` values filled in."""
    text = WORDS[key].get(lang)
    return text.format(**values) if values else text


def num(value: float | int | None, lang: str, places: int | None = None) -> str:
    """A number as the language writes it: ``places`` decimals (None: points, up to three decimals with
    trailing zeros dropped); Vietnamese swaps the marks (1.234,5), English keeps 1,234.5; None → ""."""
    if value is None:
        return ""
    text = f"{value:,.{places}f}" if places is not None else _grouped_points(value)
    if lang != "en":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.replace("-", "−")


def _grouped_points(value: float) -> str:
    text = format_points(value)
    whole, dot, frac = text.partition(".")
    return f"{int(whole):,}" + dot + frac if whole.lstrip("-").isdigit() else text

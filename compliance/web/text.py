"""The page's words (menus, buttons, headings): keys → catalogue messages (compliance.i18n, the
Vietnamese in the catalogue; the column names every output shares are :mod:`compliance.i18n.words`'),
and numbers written the way each language writes them (39,97 in Vietnamese, 39.97 in English;
compliance.i18n.numbers). Labels of results (states, severities) come from the API with the results,
as the terminal prints them."""

from __future__ import annotations

from compliance.errors import InputError
from compliance.i18n import M, MC, Words, number, text
from compliance.i18n.words import WORDS as SHARED
from compliance.web.uploads import shown

WORDS: dict[str, tuple[str, str]] = {
    "app": M("Administrative-reform scoring"),
    "home": M("Home"),
    "agency": M("Agency self-assessment"),
    "inspector": M("Appraisal and ranking"),
    "registers": M("Dossier registers"),
    "history": M("History of rounds"),
    # the switch names the language it goes to, in that language: "English" on a Vietnamese page,
    # "Tiếng Việt" on an English one (it said "Tiếng Việt" on the Vietnamese page, linking to English)
    "lang_switch": Words("English", "Tiếng Việt"),
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
    "evidence": SHARED["evidence"],
    "modelled_on": M("Modelled on"),
    "method": M("Method"),
    "model_warning": M("The project's model criteria set, not an official text: points are for reference."),
    "source_cell": M("source"),
    "upload_forms": M("1. Upload forms (several files or one .zip)"),
    "forms": M("Forms"),
    "add": M("Add"),
    "clear": M("Clear all"),
    "in_round": M("Submissions in the round"),
    "zip_skipped": M("Not taken from the .zip ({n} files that are not submissions):"),
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
    "round1": SHARED["round1"],
    "round2": SHARED["round2"],
    "bonus": SHARED["bonus"],
    "penalty": SHARED["penalty"],
    "points": SHARED["points"],
    "reason": SHARED["reason"],
    "gaps": M("Gaps"),
    "waived": M("waived"),
    "agency_history": M("Index over the rounds"),
    "agency_code": SHARED["code"],
    "show": M("Show"),
    "stored_rounds": M("Stored rounds"),
    "register": M("Dossier register (.csv/.xlsx)"),
    "catalogue": M("Procedure catalogue (optional)"),
    "period": M("Period (năm 2024, quý 2/2024, 6 tháng đầu năm 2024, tháng 3/2024 or 01/01/2024-30/06/2024; empty: the register's dates)"),
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
    "not_found": M("Not found"),
    "lint_title": M("Report check"),
    "place": M("Place"),
    "finding": M("Finding"),
    "paragraphs_n": M("{n} paragraphs"),
    "tables_n": M("{n} tables"),
    "quote": M("Quote"),
    "assumptions": M("Assumptions made"),
    "edit": M("Edit"),
    "max_points": SHARED["max"],
    "self_score": SHARED["self"],
    "computed": SHARED["computed"],
    "final": SHARED["final"],
    "round_col": SHARED["round"],
    "period_col": SHARED["period"],
    "edition_col": SHARED["edition"],
    "index_col": SHARED["index"],
    "rank_col": SHARED["rank"],
    "class_col": SHARED["class"],
    "note_col": M("Note"),
    "superseded_help": M("A version replaced by a later run of its round is listed for the record; the chart draws "
                         "each round's current version only."),
    "agency_col": SHARED["agency"],
    "procedure_col": SHARED["procedure"],
    "count_col": SHARED["count"],
    "basis_col": SHARED["legal_basis"],
    "agencies_n": M("{n} agencies"),
    "unauthorised": M("An access token is needed: open the address with the token the server's operator gave you"),
    "jobs": M("Background work"),
    "job_kind": SHARED["kind"],
    "job_state": SHARED["state"],
    "job_stage": M("Stage"),
    "seconds": M("Seconds"),
    "job_round": M("Round"),
    "job_register": M("Register check"),
    "state_running": M("running"),
    "state_done": M("done"),
    "state_error": M("failed"),
    "open": M("Open"),
    "round_name": M("Round name"),
    "round_name_help": M("Suggested so that it does not collide with a stored round; the history keeps the round under this name."),
    "replace_round": M("Replace the stored round of this name (the stored one is kept as a superseded version)"),
    "criteria_field": M("Criteria edition"),
    "period_field": M("Period"),
    "entry_errors": M("Some entries need fixing (shown beside them); nothing was saved."),
    "appraiser": M("Appraiser"),
    "appraiser_help": M("Recorded with every point or note this save changes, as the appraisal file's 'by' (the council "
                        "workbook says who changed each point); kept for the next saves of this session."),
    "stored_from": M("Source"),
    "pages": M("Pages"),
    "page_of": M("Page {page} of {pages} (findings {first}–{last})"),
    "previous": M("Previous"),
    "next": M("Next"),
}


FIELDS = {option: M("the field '{field}'", field=WORDS[key])
          for option, key in (("--criteria", "criteria_field"), ("--period", "period_field"), ("--round", "round_name"))}
"""Places an API error names by the command line's option, said as the page's field instead."""


def page_line(error, lang: str) -> str:
    """What the page shows for ``error``: an InputError's line (as the command line prints it, but a
    command-line option named as the place is said as the page's field, and temporary folders are left
    out), or a message or text in ``lang``."""
    if isinstance(error, InputError):
        where = FIELDS.get(str(error.where)) if isinstance(error.where, str) else None
        if where is not None:
            error = InputError(error.path, error.message, where)
        return shown(error.line(lang))
    return shown(text(error, lang))


def word(key: str, lang: str, **values) -> str:
    """The page word ``key`` in ``lang``, with ``{name}`` values filled in."""
    text = WORDS[key].get(lang)
    return text.format(**values) if values else text


def num(value: float | int | None, lang: str, places: int | None = None) -> str:
    """A number as the language writes it (:func:`compliance.i18n.number`): ``places`` decimals (None:
    points, up to three decimals with trailing zeros dropped); 1.234,5 / 1,234.5; None → ""."""
    return number(value, lang, places)

"""The pipeline API: the functions a program, the CLI and (later) the web page call.

Layer: api (above the domain, below the surfaces). May import every layer below it (foundation, io,
engine, domain); nothing imports it but the surfaces (``compliance.cli``, later ``compliance.web``)
and programs. A surface imports only this package, the foundation (``compliance.errors``,
``compliance.vocab``, ``compliance.model``) and ``compliance.io`` for paths: never the domain.

Every function takes paths and plain values, returns the result models (pydantic models for
submissions and rounds: :class:`~compliance.model.results.Scorecard`,
:class:`~compliance.model.results.Validation`, :class:`~compliance.round.model.RoundResult`; the
domain's result objects elsewhere, each with ``to_dict``/``to_json``) or writes its output atomically,
and raises :class:`compliance.errors.InputError` (one line naming the file and the place) for unusable
input. The ``render_*`` functions give the text the CLI prints; the ``write_*`` functions the files.

Modules, one per kind of work (the names below are importable from ``compliance.api`` itself; a
module is imported only when one of its names is first used, so ``import compliance.api`` is cheap):

- :mod:`.submissions`: :func:`check`, :func:`validate`, :func:`render_scorecard`, :func:`warning_lines`,
  :func:`write_scored_workbook`, :func:`write_template`;
- :mod:`.registers`: :func:`summarize_register`, :func:`check_register` and their outputs;
- :mod:`.index766`: :func:`score_index766`, the QĐ 766/QĐ-TTg service index from a register, and its outputs;
- :mod:`.rounds`: :func:`run_round`, :func:`export_appraisal`, history and comparison;
- :mod:`.uploaded`: a round of uploaded files (a page's inspector): its default name, the appraisal
  typed entry by entry, the run, what the history keeps (the uploaded names, never a temporary folder);
- :mod:`.criteria`: list, show, tree, check, import, export, diff of criteria editions;
- :mod:`.rules`: the rule book, list and show;
- :mod:`.papi`: score, verify, profile, structure;
- :mod:`.views`: the results above as plain data for a page (``compliance.web``): the scorecard's tree,
  gaps and chart bars, a round's ranking and one agency, a register check's table and groups.

Where ``lint_report`` goes: the report linter (issue 12) is the domain package ``compliance.lint`` with
``lint_report(path, ...)``; it plugs in here as one module ``compliance/api/lint.py`` that imports it
(and its renderers), plus one line ``"lint_report": "lint"`` in :data:`_NAMES` below. The CLI's
``cli/lint.py`` then calls ``api.lint_report``.
"""

from __future__ import annotations

import importlib

from compliance.errors import InputError

#: public name → the module of this package that defines it (imported on first use)
_NAMES = {
    **dict.fromkeys(["check", "validate", "render_scorecard", "warning_lines", "write_scored_workbook", "write_template"], "submissions"),
    **dict.fromkeys(["summarize_register", "check_register", "RegisterSettings", "RegisterResult", "RegisterSummary",
                     "Progress", "GIB", "notice_line", "summary_table", "summary_json", "check_table", "empty_message",
                     "convert_register", "check_json",
                     "write_json", "write_summary_workbook", "write_check_workbook"], "registers"),
    **dict.fromkeys(["score_index766", "render_index766", "index766_json", "write_index766_workbook", "IndexResult"], "index766"),
    **dict.fromkeys(["run_round", "export_appraisal", "default_db", "RoundResult", "render_round", "round_json",
                     "round_history", "render_history", "compare_rounds", "render_compare", "write_council_workbook",
                     "write_appraisal_workbook", "stored_rounds", "appraisal_data", "appraisal_with", "other_file"], "rounds"),
    **dict.fromkeys(["suggest_round_id", "stored_round", "stored_agencies", "round_sources", "run_uploaded_round",
                     "appraisal_entry_problems", "ENTERED"], "uploaded"),
    **dict.fromkeys(["editions", "render_editions", "edition", "render_edition", "render_tree_of", "check_criteria",
                     "render_criteria_check", "CriteriaImport", "WorkbookError", "editions_for", "assessment_year", "import_criteria", "write_imported",
                     "export_criteria", "diff_criteria", "render_diff"], "criteria"),
    **dict.fromkeys(["labels", "scorecard_view", "round_view", "agency_round_view", "history_view", "register_view",
                     "lint_view"], "views"),
    **dict.fromkeys(["rulebook", "rule", "render_rules", "render_rule"], "rules"),
    **dict.fromkeys(["lint_report", "extract_draft", "render_lint", "draft_text", "write_lint_draft"], "lint"),
    **dict.fromkeys(["papi_score", "render_score", "papi_verify", "render_verify", "papi_profile", "render_profile",
                     "papi_structure", "render_structure", "write_score_workbook", "write_profile_workbook"], "papi"),
}

__all__ = ["InputError", *_NAMES]


def __getattr__(name: str):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'compliance.api' has no attribute '{name}'")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_NAMES))

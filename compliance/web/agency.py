"""The agency's pages: choose the criteria edition and download its form; upload a filled form, a
submission or a narrative report; the scorecard with its downloads; a report's check.

Every page calls the API ``compliance check``, ``compliance template`` and ``compliance lint`` call.
"""

from __future__ import annotations

import os

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from compliance import api
from compliance.errors import InputError
from compliance.i18n import M
from compliance.vocab import Severity, UnitType, unit_type_word
from compliance.web import svg
from compliance.web.base import XLSX, Web
from compliance.web.text import WORDS, word
from compliance.web.uploads import FORM_SUFFIXES, REPORT_SUFFIXES, posted_file, suffix_of, workspace, write_bytes


LINT_PAGE = 200
"""Findings of a report shown on one page."""


class AgencyPages:
    """``/agency``: editions and the form; ``/agency/result/ID``: a scorecard and its downloads."""

    def __init__(self, web: Web):
        self.web = web

    def routes(self) -> list[Route]:
        return [
            Route("/agency", self.agency),
            Route("/agency/form.xlsx", self.form),
            Route("/agency/check", self.check, methods=["POST"]),
            Route("/agency/report", self.report, methods=["POST"]),
            Route("/agency/result/{rid}", self.scorecard),
            Route("/agency/result/{rid}/scorecard.xlsx", self.scorecard_xlsx),
            Route("/agency/result/{rid}/scorecard.json", self.scorecard_json),
            Route("/agency/lint/{rid}", self.lint_page),
        ]

    async def agency(self, request: Request):
        web = self.web
        lang = web.lang(request)
        unit = request.query_params.get("unit_type") or ""
        year_text = (request.query_params.get("year") or "").strip()
        fitting = None
        if unit:
            if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
                raise InputError(None, M("'{year_text}' is not a year (2000–2100)", year_text=year_text),
                                 M("the field '{field}'", field=WORDS["year"]))
            fitting = await run_in_threadpool(api.editions_for, unit, int(year_text), lang)
        units = [(u.value, unit_type_word(u, lang)) for u in UnitType]
        all_editions = [e for e in api.editions(lang) if not e["listed_only"]]
        return web.render(request, "agency.html", units=units, unit=unit, year=year_text or api.assessment_year(),
                          fitting=fitting, editions=all_editions)

    async def form(self, request: Request):
        criteria = request.query_params.get("criteria") or ""
        with workspace() as folder:
            out = folder / "form.xlsx"
            edition_id = await run_in_threadpool(api.write_template, out, criteria or None)
            data = out.read_bytes()
        return self.web.download(data, f"bieu-mau-{edition_id}.xlsx", XLSX)

    async def check(self, request: Request):
        zip_here = M("a .zip of forms is a round of several agencies: upload it in '{page}' (/inspector); here one "
                     "agency's form (.xlsx), submission (.yaml, .json) or report (.docx, .pdf, .txt, .md)",
                     page=WORDS["inspector"])
        name, data, fields = await posted_file(self.web, request, "file", WORDS["file"], FORM_SUFFIXES + REPORT_SUFFIXES,
                                               M("a submission (or a narrative report)"), "submission.xlsx",
                                               elsewhere={".zip": zip_here})
        if suffix_of(name) in REPORT_SUFFIXES:
            return await self._lint(request, name, data)
        with workspace() as folder:
            path = write_bytes(folder, name, data)
            card = await run_in_threadpool(api.check, path, fields.get("criteria") or None)
        card = card.model_copy(update={"submission_source": name})
        rid = os.urandom(9).hex()
        self.web.results.put(self.web.session(request), rid, card)
        return RedirectResponse(f"/agency/result/{rid}", status_code=303)

    async def report(self, request: Request):
        name, data, _ = await posted_file(self.web, request, "report", WORDS["file"], REPORT_SUFFIXES, M("a narrative report"),
                                          "report.txt")
        return await self._lint(request, name, data)

    async def _lint(self, request: Request, name: str, data: bytes):
        """Check a narrative report (``compliance lint``'s findings: places, sentences, arithmetic, legal
        basis, assumptions), keep the result for this browser and show its first page."""
        with workspace() as folder:
            path = write_bytes(folder, name, data)
            report = await run_in_threadpool(api.lint_report, path)
        rid = os.urandom(9).hex()
        self.web.results.put(self.web.session(request), rid, (name, report))
        return RedirectResponse(f"/agency/lint/{rid}", status_code=303)

    async def lint_page(self, request: Request):
        """One page of a report's findings (:data:`LINT_PAGE` a page, in the report's order; ``?page=N``),
        with how many there are by severity (the most serious first): a large report (thousands of findings) stays a page a browser
        opens at once."""
        kept = self.web.results.get(self.web.session(request), request.path_params["rid"])
        if not isinstance(kept, tuple):
            raise self.web.not_found()
        name, report = kept
        view = api.lint_view(report, self.web.lang(request))
        total = len(view["findings"])
        pages = max(1, -(-total // LINT_PAGE))
        asked = request.query_params.get("page", "1")
        page = min(max(int(asked), 1), pages) if asked.isdigit() else 1
        counts: dict[str, list] = {}
        for f in view["findings"]:
            counts.setdefault(f["severity"], [f["severity_label"], 0])[1] += 1
        shown = view["findings"][(page - 1) * LINT_PAGE:page * LINT_PAGE]
        return self.web.render(request, "lint.html", v=view, name=name, findings=shown, total=total, page=page,
                               pages=pages, first=(page - 1) * LINT_PAGE,
                               counts=[counts[s.value] for s in Severity if s.value in counts],
                               rid=request.path_params["rid"])

    def card_of(self, request: Request):
        card = self.web.results.get(self.web.session(request), request.path_params["rid"])
        if card is None or isinstance(card, tuple):
            raise self.web.not_found()
        return card

    async def scorecard(self, request: Request):
        lang = self.web.lang(request)
        card = self.card_of(request)
        view = api.scorecard_view(card, lang)
        chart = svg.field_bars(view["bars"], lang, word("chart_fields", lang))
        return self.web.render(request, "scorecard.html", v=view, L=api.labels(lang), chart=chart,
                               rid=request.path_params["rid"], source=card.submission_source)

    async def scorecard_xlsx(self, request: Request):
        lang = self.web.lang(request)
        card = self.card_of(request)
        with workspace() as folder:
            out = folder / "scored.xlsx"
            await run_in_threadpool(api.write_scored_workbook, card, out, lang)
            data = out.read_bytes()
        return self.web.download(data, f"{card.agency_code}-bang-diem.xlsx", XLSX)

    async def scorecard_json(self, request: Request):
        card = self.card_of(request)
        return self.web.download(api.render_scorecard(card, "json"), f"{card.agency_code}.json", "application/json")

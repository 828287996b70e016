"""The inspector's pages: the round's forms, appraisal and waivers; its name (a default that does not
collide with a stored round, or the stored round replaced, kept as a superseded version; a stored round
marked incomplete is superseded by the next run under its name without "replace"); the run as a
background job; the ranking and each agency with its appraisal entered in the page; the history.

Every page calls the API ``compliance round`` calls (:mod:`compliance.api.rounds`,
:mod:`compliance.api.uploaded`).
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from compliance import api
from compliance.errors import InputError
from compliance.i18n import M, Moment, Num
from compliance.web import svg
from compliance.web.base import XLSX, Web
from compliance.web.entries import read_entries
from compliance.web.guard import TooLarge
from compliance.web.state import Job, Round
from compliance.web.text import WORDS, word
from compliance.web.uploads import (APPRAISAL_SUFFIXES, FORM_SUFFIXES, WAIVER_SUFFIXES, posted_file,
                                    require_suffix, safe_name, suffix_of, unpack_forms, workspace, write_bytes)

MAX_NAME = 80
"""The longest round name the page takes."""


class InspectorPages:
    """``/inspector`` (the round in the making), ``/inspector/round`` (its ranking),
    ``/inspector/agency/CODE`` (one agency and its appraisal), ``/inspector/history``."""

    def __init__(self, web: Web):
        self.web = web

    def routes(self) -> list[Route]:
        return [
            Route("/inspector", self.inspector),
            Route("/inspector/forms", self.forms, methods=["POST"]),
            Route("/inspector/clear", self.clear, methods=["POST"]),
            Route("/inspector/appraisal", self.appraisal, methods=["POST"]),
            Route("/inspector/waivers", self.waivers, methods=["POST"]),
            Route("/inspector/run", self.run, methods=["POST"]),
            Route("/inspector/round", self.round_page),
            Route("/inspector/round.json", self.round_json),
            Route("/inspector/council.xlsx", self.council_xlsx),
            Route("/inspector/appraisal.xlsx", self.appraisal_xlsx),
            Route("/inspector/agency/{code}", self.agency, methods=["GET", "POST"]),
            Route("/inspector/history", self.history),
        ]

    def round_of(self, request: Request) -> Round:
        """The session's round in the making (a new empty one when it has none or it was forgotten)."""
        session = self.web.session(request)
        found = self.web.rounds.get(session, "round")
        if found is None:
            found = Round()
            self.web.rounds.put(session, "round", found)
        return found

    def page(self, request: Request, status: int = 200, **context):
        rnd = self.round_of(request)
        context.setdefault("name", rnd.suggested or "")
        return self.web.render(request, "inspector.html", status, rnd=rnd, files=sorted(rnd.files),
                               appraisal_name=self.appraisal_name(rnd), **context)

    def appraisal_name(self, rnd: Round):
        if rnd.appraisal is None:
            return None
        if not rnd.edited:
            return rnd.appraisal_file[0]
        return M("{name} with the points entered in the page", name=rnd.appraisal_file[0]) if rnd.appraisal_file \
            else api.ENTERED

    async def inspector(self, request: Request):
        rnd = self.round_of(request)
        if rnd.suggested and await run_in_threadpool(api.stored_round, self.web.settings.db, rnd.suggested, True):
            await self.suggest(rnd)  # stored meanwhile (this round's run, or another's): offer a free name
        return self.page(request)

    async def forms(self, request: Request):
        web = self.web
        form = await web.form(request)
        rnd = self.round_of(request)
        added: dict[str, bytes] = {}
        skipped: list = []
        try:
            uploads = [u for u in form.getlist("forms") if isinstance(u, UploadFile) and u.filename]
            if not uploads:
                raise InputError(None, M("choose one or more forms (.xlsx, .yaml, .json) or one .zip"), word_field("forms"))
            for upload in uploads:
                name = safe_name(upload.filename)
                data = await upload.read()
                if suffix_of(name) == ".zip":
                    with workspace() as folder:
                        forms, left = unpack_forms(write_bytes(folder, name, data), name, web.settings.max_upload_bytes)
                    added.update(forms)
                    skipped += [(f"{name}: {entry}", why) for entry, why in left] if len(uploads) > 1 else left
                else:
                    require_suffix(name, FORM_SUFFIXES + (".zip",), M("a submission"))
                    added[name] = data
        finally:
            await form.close()
        if rnd.size() + sum(map(len, added.values())) > web.settings.max_upload_bytes:
            raise TooLarge()
        rnd.files.update(added)
        rnd.skipped = skipped  # said on the page until the next upload: never dropped without a word
        again = rnd.round_id if rnd.result is not None and rnd.result.partial else None
        rnd.result = None
        await self.suggest(rnd, again)
        return RedirectResponse("/inspector", status_code=303)

    async def suggest(self, rnd: Round, again: str | None = None) -> None:
        """The name the run form offers: the appraisal file's round, else ``again`` (the last run's name,
        when that run was incomplete: forms uploaded after it correct it), else one made from the forms;
        never one the history holds complete."""
        if rnd.files:
            preferred = (rnd.appraisal or {}).get("round") or again
            rnd.suggested = await run_in_threadpool(api.suggest_round_id, rnd.files, self.web.settings.db, 8, preferred)

    async def clear(self, request: Request):
        await (await self.web.form(request)).close()
        self.web.rounds.put(self.web.session(request), "round", Round())
        return RedirectResponse("/inspector", status_code=303)

    async def appraisal(self, request: Request):
        name, data, _ = await posted_file(self.web, request, "appraisal", WORDS["appraisal"], APPRAISAL_SUFFIXES, M("an appraisal file"),
                                          "appraisal.yaml")
        with workspace() as folder:
            appraisal = await run_in_threadpool(api.appraisal_data, write_bytes(folder, name, data))
        rnd = self.round_of(request)
        rnd.appraisal, rnd.appraisal_file, rnd.edited = appraisal, (name, data), False
        await self.suggest(rnd)
        return RedirectResponse("/inspector", status_code=303)

    async def waivers(self, request: Request):
        name, data, _ = await posted_file(self.web, request, "waivers", WORDS["waivers"], WAIVER_SUFFIXES, M("a waivers file"), "waivers.yaml")
        self.round_of(request).waivers = (name, data)
        return RedirectResponse("/inspector", status_code=303)

    async def run(self, request: Request):
        """Run the round under the name typed (default: the suggested one); a name the history holds
        already (complete) comes back beside the field unless "replace" is ticked."""
        form = await self.web.form(request)
        try:
            name = " ".join(str(form.get("round_id") or "").split())
            replace = form.get("replace") == "yes"
        finally:
            await form.close()
        rnd = self.round_of(request)
        if not rnd.files:
            raise InputError(None, M("upload the round's forms first"), word_field("forms"))
        name = name or rnd.suggested or ""
        problem = None
        if not name or len(name) > MAX_NAME or any(c in name for c in "/\\") or not name.isprintable():
            problem = M("a round's name is 1 to {n} characters, without / or \\", n=MAX_NAME)
        elif not replace:
            stored = await run_in_threadpool(api.stored_round, self.web.settings.db, name, True)
            if stored is not None:
                problem = stored_text(stored)
        if problem is not None:
            return self.page(request, 400, name=name, name_error=problem.get(self.web.lang(request)))
        return self._run(request, "/inspector/round", name, replace)

    def _run(self, request: Request, next_url: str, round_id: str, replace: bool) -> RedirectResponse:
        rnd = self.round_of(request)
        files, waivers, db = dict(rnd.files), rnd.waivers, self.web.settings.db
        entered = rnd.appraisal if rnd.edited else None
        upload = None if rnd.edited else rnd.appraisal_file
        entered_from = rnd.appraisal_file[0] if rnd.edited and rnd.appraisal_file else None

        def work(job: Job):
            try:
                result = api.run_uploaded_round(files, round_id=round_id, appraisal_file=upload, entered=entered,
                                                entered_from=entered_from, waivers=waivers, db=db, replace=replace,
                                                progress=job.progress)
            except InputError as exc:
                if hasattr(exc, "stored"):  # stored by someone else meanwhile: say it in the page's terms
                    raise InputError(None, stored_text(exc.stored), word_field("round_name")) from None
                raise
            rnd.result, rnd.round_id = result, round_id
            return result

        return self.web.start(request, "round", next_url, work)

    def result_of(self, request: Request):
        result = self.round_of(request).result
        if result is None:
            raise self.web.not_found()
        return result

    async def round_page(self, request: Request):
        lang = self.web.lang(request)
        return self.web.render(request, "round.html", v=api.round_view(self.result_of(request), lang))

    async def round_json(self, request: Request):
        result = self.result_of(request)
        return self.web.download(api.round_json(result), f"vong-{result.round_id}.json", "application/json")

    async def council_xlsx(self, request: Request):
        return await self._workbook(request, api.write_council_workbook, "hoi-dong")

    async def appraisal_xlsx(self, request: Request):
        return await self._workbook(request, api.write_appraisal_workbook, "tham-dinh")

    async def _workbook(self, request: Request, write, stem: str):
        result = self.result_of(request)
        with workspace() as folder:
            out = folder / "round.xlsx"
            await run_in_threadpool(write, result, out, lang=self.web.lang(request))
            data = out.read_bytes()
        return self.web.download(data, f"{stem}-{result.round_id}.xlsx", XLSX)

    async def agency(self, request: Request):
        """One agency of the round; a POST is its appraisal: every entry checked at once (the form's own
        reading, then the appraisal file's checks on whatever could be read), the page coming back with
        every entry kept and what is wrong beside each field, else stored in the round's appraisal (each
        change with who appraised, asked once and kept for the session) and the round run again (under
        its name, replacing itself)."""
        web = self.web
        lang = web.lang(request)
        code = request.path_params["code"]
        result = self.result_of(request)
        view = api.agency_round_view(result, code, lang)
        if view is None:
            raise web.not_found()
        rnd = self.round_of(request)
        if request.method == "GET":
            return web.render(request, "round_agency.html", v=view, round_id=result.round_id, typed=None, errors={},
                              appraiser=rnd.appraiser or "")
        form = await web.form(request)
        try:
            entries = read_entries(form, view)
        finally:
            await form.close()
        rnd.appraiser = entries.appraiser or rnd.appraiser
        problems = await run_in_threadpool(api.appraisal_entry_problems, result, code, entries.items,
                                           entries.bonus, entries.penalty)
        for key, message in problems:
            entries.blame(key, message)
        if entries.errors:
            errors = {k: m.get(lang) for k, m in entries.errors.items()}
            return web.render(request, "round_agency.html", 400, v=view, round_id=result.round_id,
                              typed=entries.typed, errors=errors, appraiser=rnd.appraiser or "")
        rnd.appraisal = api.appraisal_with(rnd.appraisal, code, entries.items, entries.bonus, entries.penalty)
        rnd.edited = True
        return self._run(request, f"/inspector/agency/{quote(code)}", rnd.round_id or result.round_id, True)

    async def history(self, request: Request):
        lang = self.web.lang(request)
        db = self.web.settings.db
        agency = (request.query_params.get("agency") or "").strip()
        rounds, view, chart, codes = [], None, None, []
        if db is not None and db.exists():
            rounds = await run_in_threadpool(api.stored_rounds, db)
            codes = await run_in_threadpool(api.stored_agencies, db)
            if agency:
                rows = await run_in_threadpool(api.round_history, db, agency)
                view = api.history_view(rows, lang)
                chart = svg.index_line(view["points"], lang,
                                       f"{word('agency_history', lang)}: {rows[-1]['agency_name']} ({agency})")
        return self.web.render(request, "history.html", db=db, rounds=rounds, agency=agency, v=view, chart=chart,
                               codes=codes)


def stored_text(stored: dict):
    """A stored round said in the page's terms, with the way out the page offers."""
    return M("a round named '{rid}' is already stored ({when}: {agencies} agencies, from {source}): choose another "
             "name, or tick 'Replace the stored round' to store this run as version {version} (the stored one is "
             "kept as a superseded version)", rid=stored["round_id"], when=Moment(stored["stored_at"]),
             agencies=Num(stored["agencies"]), source=stored["source"] or "—", version=stored["version"] + 1)


def word_field(key: str):
    """The place of an error about a page field: its label (a page word)."""
    return M("the field '{field}'", field=WORDS[key])

"""The web application (Starlette): pages for agencies, inspectors and registers over ``compliance.api``.

Every page calls the API the commands call and shows what it returns; nothing is computed here. Work
that may take long (a round, a register) runs as a background job (:class:`~compliance.web.state.Job`)
whose page polls ``/jobs/{id}.json``; a single submission is scored in a worker thread so the server
keeps answering meanwhile.

Requests pass :class:`Guard` first: the access token when one is set (401 without it), the upload cap
(413), the session cookie (each session has its CSRF token; every form posts it back, 403 otherwise)
and the security headers. Bad input is the API's :class:`~compliance.errors.InputError`: its one line
(the same the command line prints) on the page, status 400, never a traceback.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from compliance import api
from compliance.errors import InputError
from compliance.i18n import M
from compliance.io.vnparse import VnParseError, parse_number
from compliance.vocab import UnitType, unit_type_word
from compliance.web import svg
from compliance.web.state import MAX_JOBS, MAX_RESULTS, MAX_ROUNDS, Job, Owned, Round, Runner, Session, Sessions
from compliance.web.text import WORDS, num, word
from compliance.web.uploads import (
    APPRAISAL_SUFFIXES, FORM_SUFFIXES, MAX_ENTRIES, REGISTER_SUFFIXES, REPORT_SUFFIXES, WAIVER_SUFFIXES, new_folder,
    remove, require_suffix, safe_name, shown, suffix_of, unpack_forms, workspace, write_bytes)

HERE = Path(__file__).resolve().parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_COOKIE = "compliance_session"
AUTH_COOKIE = "compliance_auth"


@dataclass(frozen=True)
class Settings:
    """How the server runs: address, access token (None: no token; required off 127.0.0.1), the history
    database rounds are stored in (None: not stored), the upload cap in MB, background workers."""

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    db: Path | None = None
    max_upload_mb: float = 50.0
    workers: int = 2

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


class TooLarge(Exception):
    """The request body passed the upload cap (answered 413)."""


# -- the guard: token, upload cap, session, headers ---------------------------------------------------

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                 b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
]


class Guard:
    """ASGI middleware in front of the application (see the module docstring)."""

    def __init__(self, app, settings: Settings, sessions: Sessions):
        self.app, self.settings, self.sessions = app, settings, sessions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = _cookies(headers.get("cookie", ""))
        extra: list[tuple[bytes, bytes]] = []
        token = self.settings.token
        if token:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if _same(query.get("token"), token):  # first visit with ?token=…: keep it in a cookie, drop it from the URL
                rest = urlencode({k: v for k, v in query.items() if k != "token"})
                location = scope["path"] + (f"?{rest}" if rest else "")
                return await _send_plain(send, 303, b"", [(b"location", location.encode("latin-1")), _auth_cookie(token)])
            if not (_same(cookies.get(AUTH_COOKIE), token) or _header_token(headers.get("authorization", ""), token)):
                body = (WORDS["unauthorised"].get("vi") + " / " + WORDS["unauthorised"].get("en")).encode()
                return await _send_plain(send, 401, body, [(b"www-authenticate", b'Basic realm="compliance", charset="UTF-8"'),
                                                           (b"content-type", b"text/plain; charset=utf-8")])
        cap = self.settings.max_upload_bytes
        length = headers.get("content-length")
        if length and length.isdigit() and int(length) > cap:
            return await _send_plain(send, 413, _too_large_text(cap).encode(), [(b"content-type", b"text/plain; charset=utf-8"),
                                                                                 (b"connection", b"close")])
        session = self.sessions.get(cookies.get(SESSION_COOKIE))
        if session is None:
            session = self.sessions.new()
            extra.append((b"set-cookie", f"{SESSION_COOKIE}={session.id}; Path=/; HttpOnly; SameSite=Strict".encode()))
        scope.setdefault("state", {})["session"] = session
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise TooLarge()
            return message

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + HEADERS + extra
            await send(message)

        await self.app(scope, counted, send_with_headers)


def _cookies(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _header_token(value: str, token: str) -> bool:
    """``Authorization: Bearer TOKEN``, or Basic with the token as the password (any user name)."""
    kind, _, rest = value.partition(" ")
    if kind.lower() == "bearer":
        return _same(rest.strip(), token)
    if kind.lower() == "basic":
        try:
            decoded = base64.b64decode(rest.strip(), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return False
        return _same(decoded.partition(":")[2], token)
    return False


def _auth_cookie(token: str) -> tuple[bytes, bytes]:
    return b"set-cookie", f"{AUTH_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode()


def _too_large_text(cap: int) -> str:
    mb = cap / (1024 * 1024)
    return (f"Tệp tải lên vượt quá giới hạn {mb:g} MB (--max-upload-mb) / "
            f"the upload is larger than the {mb:g} MB cap (--max-upload-mb)")


async def _send_plain(send, status: int, body: bytes, headers: list) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": headers + HEADERS + [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# -- the application -------------------------------------------------------------------------------

class Web:
    """The pages and their state; :func:`create_app` wraps it in :class:`Guard`."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.sessions = Sessions()
        self.results, self.jobs, self.rounds = Owned(MAX_RESULTS), Owned(MAX_JOBS), Owned(MAX_ROUNDS)
        self.runner = Runner(settings.workers)
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters["shown"] = shown
        routes = [
            Route("/", self.home),
            Route("/agency", self.agency),
            Route("/agency/form.xlsx", self.agency_form),
            Route("/agency/check", self.agency_check, methods=["POST"]),
            Route("/agency/report", self.agency_report, methods=["POST"]),
            Route("/agency/result/{rid}", self.scorecard),
            Route("/agency/result/{rid}/scorecard.xlsx", self.scorecard_xlsx),
            Route("/agency/result/{rid}/scorecard.json", self.scorecard_json),
            Route("/inspector", self.inspector),
            Route("/inspector/forms", self.inspector_forms, methods=["POST"]),
            Route("/inspector/clear", self.inspector_clear, methods=["POST"]),
            Route("/inspector/appraisal", self.inspector_appraisal, methods=["POST"]),
            Route("/inspector/waivers", self.inspector_waivers, methods=["POST"]),
            Route("/inspector/run", self.inspector_run, methods=["POST"]),
            Route("/inspector/round", self.round_page),
            Route("/inspector/round.json", self.round_json),
            Route("/inspector/council.xlsx", self.council_xlsx),
            Route("/inspector/appraisal.xlsx", self.appraisal_xlsx),
            Route("/inspector/agency/{code}", self.round_agency, methods=["GET", "POST"]),
            Route("/inspector/history", self.history),
            Route("/registers", self.registers),
            Route("/registers/check", self.registers_check, methods=["POST"]),
            Route("/registers/result/{jid}", self.register_result),
            Route("/registers/result/{jid}/check.xlsx", self.register_xlsx),
            Route("/registers/result/{jid}/check.json", self.register_json),
            Route("/jobs/{jid}.json", self.job_json),
            Route("/jobs/{jid}", self.job_page),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ]
        self.app = Starlette(routes=routes, exception_handlers={HTTPException: self.http_error},
                             lifespan=self.lifespan)

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        """Background jobs still running when the server stops are abandoned (their folders removed)."""
        yield
        self.runner.shutdown()

    # -- helpers ----------------------------------------------------------------------------------

    def session(self, request: Request) -> Session:
        return request.scope["state"]["session"]

    def lang(self, request: Request) -> str:
        session = self.session(request)
        asked = request.query_params.get("lang")
        if asked in ("vi", "en"):
            session.lang = asked
        return session.lang

    def render(self, request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        lang = self.lang(request)
        query = dict(request.query_params)
        query["lang"] = "vi" if lang == "en" else "en"
        context.update(
            lang=lang, w=lambda key, **v: word(key, lang, **v), num=lambda v, p=None: num(v, lang, p),
            csrf=self.session(request).csrf, path=request.url.path, switch=f"{request.url.path}?{urlencode(query)}",
            settings=self.settings)
        return HTMLResponse(self.env.get_template(template).render(**context), status_code=status)

    def error(self, request: Request, status: int, line: str) -> HTMLResponse:
        """The error page: the one line (temporary folders left out), a link back to the section."""
        section = "/" + request.url.path.strip("/").split("/")[0] if request.url.path.strip("/") else "/"
        return self.render(request, "error.html", status, line=shown(line), back=section)

    async def http_error(self, request: Request, exc: HTTPException):
        if "state" not in request.scope or "session" not in request.scope.get("state", {}):
            return Response(str(exc.detail), status_code=exc.status_code)
        return self.error(request, exc.status_code, str(exc.detail))

    async def form(self, request: Request):
        """The posted form, after the CSRF check (403 when its token is not this session's)."""
        form = await request.form(max_files=MAX_ENTRIES, max_fields=20000)
        token = form.get("csrf")
        if not isinstance(token, str) or not hmac.compare_digest(token.encode(), self.session(request).csrf.encode()):
            await form.close()
            raise HTTPException(403, "CSRF token missing or wrong: reload the page and try again "
                                     "(mã chống giả mạo yêu cầu không đúng: hãy tải lại trang)")
        return form

    def internal(self, exc: BaseException) -> str:
        return f"internal error: {type(exc).__name__}: {exc} (set COMPLIANCE_DEBUG=1 for details)"

    def download(self, data: bytes | str, filename: str, media_type: str) -> Response:
        body = data.encode("utf-8") if isinstance(data, str) else data
        return Response(body, media_type=media_type, headers={
            "content-disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})

    def start(self, request: Request, kind: str, next_url: str, work) -> RedirectResponse:
        """Run ``work(job)`` in the background; the page to show when done is ``next_url`` (``{id}`` is
        the job's id); answers with the job's page."""
        job = Job(kind, next_url)
        job.next = next_url.replace("{id}", job.id)
        job.lang = self.lang(request)
        self.jobs.put(self.session(request), job.id, job)
        self.runner.submit(job, work, self.internal)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    def job_of(self, request: Request, jid: str, kind: str | None = None) -> Job:
        job = self.jobs.get(self.session(request), jid)
        if job is None or (kind and job.kind != kind):
            raise HTTPException(404, word("not_found", self.lang(request)))
        return job

    # -- home -------------------------------------------------------------------------------------

    async def home(self, request: Request):
        return self.render(request, "home.html")

    # -- agency -----------------------------------------------------------------------------------

    async def agency(self, request: Request):
        lang = self.lang(request)
        unit = request.query_params.get("unit_type") or ""
        year_text = request.query_params.get("year") or ""
        fitting = None
        if unit:
            if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
                raise InputError(None, M("'{year_text}' is not a year (2000–2100)", year_text=year_text), "year")
            fitting = await run_in_threadpool(api.editions_for, unit, int(year_text), lang)
        units = [(u.value, unit_type_word(u, lang)) for u in UnitType]
        all_editions = [e for e in api.editions(lang) if not e["listed_only"]]
        return self.render(request, "agency.html", units=units, unit=unit, year=year_text, fitting=fitting,
                           editions=all_editions)

    async def agency_form(self, request: Request):
        criteria = request.query_params.get("criteria") or ""
        with workspace() as folder:
            out = folder / "form.xlsx"
            edition_id = await run_in_threadpool(api.write_template, out, criteria or None)
            data = out.read_bytes()
        return self.download(data, f"bieu-mau-{edition_id}.xlsx", XLSX)

    async def posted_file(self, request: Request, field: str, allowed: tuple[str, ...], what: str,
                          fallback: str) -> tuple[str, bytes, dict[str, str]]:
        """The one file posted in ``field`` (after the CSRF check): its safe name, its bytes and the form's
        text fields. InputError when no file came or its extension is not one of ``allowed``."""
        form = await self.form(request)
        try:
            upload = _upload(form, field)
            name = safe_name(upload.filename, fallback)
            require_suffix(name, allowed, what)
            return name, await upload.read(), {k: v for k, v in form.multi_items() if isinstance(v, str)}
        finally:
            await form.close()

    async def agency_check(self, request: Request):
        name, data, fields = await self.posted_file(request, "file", FORM_SUFFIXES + REPORT_SUFFIXES,
                                                    M("a submission (or a narrative report)"), "submission.xlsx")
        if suffix_of(name) in REPORT_SUFFIXES:
            return await self._lint(request, name, data)
        with workspace() as folder:
            path = write_bytes(folder, name, data)
            card = await run_in_threadpool(api.check, path, fields.get("criteria") or None)
        card = card.model_copy(update={"submission_source": name})
        rid = os.urandom(9).hex()
        self.results.put(self.session(request), rid, card)
        return RedirectResponse(f"/agency/result/{rid}", status_code=303)

    async def agency_report(self, request: Request):
        name, data, _ = await self.posted_file(request, "report", REPORT_SUFFIXES, M("a narrative report"), "report.txt")
        return await self._lint(request, name, data)

    async def _lint(self, request: Request, name: str, data: bytes):
        """The report linter's findings on the page (``compliance lint``'s: places, sentences, arithmetic,
        legal basis, assumptions)."""
        with workspace() as folder:
            path = write_bytes(folder, name, data)
            report = await run_in_threadpool(api.lint_report, path)
        return self.render(request, "lint.html", v=api.lint_view(report, self.lang(request)), name=name)

    def card_of(self, request: Request, rid: str):
        card = self.results.get(self.session(request), rid)
        if card is None:
            raise HTTPException(404, word("not_found", self.lang(request)))
        return card

    async def scorecard(self, request: Request):
        lang = self.lang(request)
        card = self.card_of(request, request.path_params["rid"])
        view = api.scorecard_view(card, lang)
        chart = svg.field_bars(view["bars"], lang, word("chart_fields", lang))
        return self.render(request, "scorecard.html", v=view, L=api.labels(lang), chart=chart,
                           rid=request.path_params["rid"], source=card.submission_source)

    async def scorecard_xlsx(self, request: Request):
        lang = self.lang(request)
        card = self.card_of(request, request.path_params["rid"])
        with workspace() as folder:
            out = folder / "scored.xlsx"
            await run_in_threadpool(api.write_scored_workbook, card, out, lang)
            data = out.read_bytes()
        return self.download(data, f"{card.agency_code}-bang-diem.xlsx", XLSX)

    async def scorecard_json(self, request: Request):
        card = self.card_of(request, request.path_params["rid"])
        return self.download(api.render_scorecard(card, "json"), f"{card.agency_code}.json", "application/json")

    # -- inspector --------------------------------------------------------------------------------

    def round_of(self, request: Request) -> Round:
        """The session's round in the making (a new empty one when it has none or it was forgotten)."""
        session = self.session(request)
        found = self.rounds.get(session, "round")
        if found is None:
            found = Round()
            self.rounds.put(session, "round", found)
        return found

    async def inspector(self, request: Request):
        rnd = self.round_of(request)
        return self.render(request, "inspector.html", rnd=rnd, files=sorted(rnd.files))

    async def inspector_forms(self, request: Request):
        form = await self.form(request)
        rnd = self.round_of(request)
        added: dict[str, bytes] = {}
        try:
            uploads = [u for u in form.getlist("forms") if isinstance(u, UploadFile) and u.filename]
            if not uploads:
                raise InputError(None, M("choose one or more forms (.xlsx, .yaml, .json) or one .zip"), "forms")
            for upload in uploads:
                name = safe_name(upload.filename)
                data = await upload.read()
                if suffix_of(name) == ".zip":
                    with workspace() as folder:
                        added.update(unpack_forms(write_bytes(folder, name, data), name, self.settings.max_upload_bytes))
                else:
                    require_suffix(name, FORM_SUFFIXES + (".zip",), M("a submission"))
                    added[name] = data
        finally:
            await form.close()
        if rnd.size() + sum(map(len, added.values())) > self.settings.max_upload_bytes:
            raise TooLarge()
        rnd.files.update(added)
        rnd.result = None
        return RedirectResponse("/inspector", status_code=303)

    async def inspector_clear(self, request: Request):
        await (await self.form(request)).close()
        self.rounds.put(self.session(request), "round", Round())
        return RedirectResponse("/inspector", status_code=303)

    async def inspector_appraisal(self, request: Request):
        name, data, _ = await self.posted_file(request, "appraisal", APPRAISAL_SUFFIXES, M("an appraisal file"),
                                               "appraisal.yaml")
        with workspace() as folder:
            appraisal = await run_in_threadpool(api.appraisal_data, write_bytes(folder, name, data))
        rnd = self.round_of(request)
        rnd.appraisal, rnd.appraisal_name = appraisal, Path(name).stem + ".json"
        return RedirectResponse("/inspector", status_code=303)

    async def inspector_waivers(self, request: Request):
        name, data, _ = await self.posted_file(request, "waivers", WAIVER_SUFFIXES, M("a waivers file"), "waivers.yaml")
        self.round_of(request).waivers = (name, data)
        return RedirectResponse("/inspector", status_code=303)

    async def inspector_run(self, request: Request):
        await (await self.form(request)).close()
        return self._run_round(request, "/inspector/round")

    def _run_round(self, request: Request, next_url: str) -> RedirectResponse:
        rnd = self.round_of(request)
        if not rnd.files:
            raise InputError(None, M("upload the round's forms first"), "forms")
        files, appraisal, waivers = dict(rnd.files), rnd.appraisal, rnd.waivers
        lang, db = self.lang(request), self.settings.db
        rerun = rnd.result is not None  # this session's round again (an appraisal entered): it replaces its own

        def work(job: Job):
            job.stage = f"{len(files)} submissions"
            with workspace() as folder:
                subs = folder / "submissions"
                subs.mkdir()
                for name, data in files.items():
                    write_bytes(subs, name, data)
                appraisal_path = waivers_path = None
                if appraisal is not None:
                    appraisal_path = folder / safe_name(rnd.appraisal_name, "appraisal.json")
                    appraisal_path.write_text(json.dumps(appraisal, ensure_ascii=False, indent=1), encoding="utf-8")
                if waivers is not None:
                    waivers_path = write_bytes(folder, waivers[0], waivers[1])
                result = api.run_round(subs, appraisal=appraisal_path, waivers=waivers_path, db=db, replace=rerun,
                                       lang=lang)
            rnd.result = result
            return result

        return self.start(request, "round", next_url, work)

    def result_of(self, request: Request):
        result = self.round_of(request).result
        if result is None:
            raise HTTPException(404, word("not_found", self.lang(request)))
        return result

    async def round_page(self, request: Request):
        lang = self.lang(request)
        result = self.result_of(request)
        return self.render(request, "round.html", v=api.round_view(result, lang))

    async def round_json(self, request: Request):
        result = self.result_of(request)
        return self.download(api.round_json(result), f"vong-{result.round_id}.json", "application/json")

    async def council_xlsx(self, request: Request):
        return await self._round_workbook(request, api.write_council_workbook, "hoi-dong")

    async def appraisal_xlsx(self, request: Request):
        return await self._round_workbook(request, api.write_appraisal_workbook, "tham-dinh")

    async def _round_workbook(self, request: Request, write, stem: str):
        result = self.result_of(request)
        with workspace() as folder:
            out = folder / "round.xlsx"
            await run_in_threadpool(write, result, out, lang=self.lang(request))
            data = out.read_bytes()
        return self.download(data, f"{stem}-{result.round_id}.xlsx", XLSX)

    async def round_agency(self, request: Request):
        lang = self.lang(request)
        code = request.path_params["code"]
        result = self.result_of(request)
        view = api.agency_round_view(result, code, lang)
        if view is None:
            raise HTTPException(404, word("not_found", lang))
        if request.method == "POST":
            form = await self.form(request)
            try:
                items, bonus, penalty = _appraisal_entries(form, view, code)
            finally:
                await form.close()
            rnd = self.round_of(request)
            rnd.appraisal = api.appraisal_with(rnd.appraisal, code, items, bonus, penalty)
            return self._run_round(request, f"/inspector/agency/{quote(code)}")
        return self.render(request, "round_agency.html", v=view, round_id=result.round_id)

    async def history(self, request: Request):
        lang = self.lang(request)
        db = self.settings.db
        agency = (request.query_params.get("agency") or "").strip()
        rounds, rows, chart = [], None, None
        if db is not None and db.exists():
            rounds = await run_in_threadpool(api.stored_rounds, db)
            if agency:
                rows = await run_in_threadpool(api.round_history, db, agency)
                chart = svg.index_line([(r["round_id"], r["index_percent"]) for r in rows], lang,
                                       f"{word('agency_history', lang)}: {rows[-1]['agency_name']} ({agency})")
        current = self.round_of(request).result
        codes = [(a.agency_code, a.agency_name) for a in current.agencies] if current is not None else []
        return self.render(request, "history.html", db=db, rounds=rounds, agency=agency, rows=rows, chart=chart,
                           codes=codes)

    # -- registers --------------------------------------------------------------------------------

    async def registers(self, request: Request):
        return self.render(request, "registers.html")

    async def registers_check(self, request: Request):
        form = await self.form(request)
        folder = new_folder()
        try:
            register = _upload(form, "register")
            name = safe_name(register.filename, "register.csv")
            require_suffix(name, REGISTER_SUFFIXES, M("a register"))
            register_path = write_bytes(folder, name, await register.read())
            catalogue_path = None
            catalogue = form.get("catalogue")
            if isinstance(catalogue, UploadFile) and catalogue.filename:
                cname = safe_name(catalogue.filename, "catalogue.csv")
                require_suffix(cname, REGISTER_SUFFIXES, M("a procedure catalogue"))
                catalogue_path = write_bytes(folder, cname, await catalogue.read())
            period = (form.get("period") or "").strip() or None
            units = {k: form.get(k) if form.get(k) in ("days", "working_days") else "days"
                     for k in ("apology_unit", "publication_unit")}
            settings = api.RegisterSettings(max_errors=20, **units)
        except BaseException:
            remove(folder)
            raise
        finally:
            await form.close()

        def work(job: Job):
            try:
                return api.check_register(register_path, catalogue_path, period=period, settings=settings,
                                          progress=job.progress)
            finally:
                remove(folder)

        return self.start(request, "register", "/registers/result/{id}", work)

    def register_of(self, request: Request):
        job = self.job_of(request, request.path_params["jid"], "register")
        if job.state != "done":
            return None, job
        return job.result, job

    async def register_result(self, request: Request):
        result, job = self.register_of(request)
        if result is None:
            return RedirectResponse(f"/jobs/{job.id}", status_code=303)
        lang = self.lang(request)
        return self.render(request, "register.html", v=api.register_view(result, lang), jid=job.id,
                           name=result.register.name, catalogue=result.catalogue.name if result.catalogue else None)

    async def register_xlsx(self, request: Request):
        result, job = self.register_of(request)
        if result is None:
            raise HTTPException(404, word("not_found", self.lang(request)))
        with workspace() as folder:
            out = folder / "check.xlsx"
            await run_in_threadpool(api.write_check_workbook, result, out, self.lang(request))
            data = out.read_bytes()
        return self.download(data, f"kiem-tra-{Path(result.register.name).stem}.xlsx", XLSX)

    async def register_json(self, request: Request):
        result, job = self.register_of(request)
        if result is None:
            raise HTTPException(404, word("not_found", self.lang(request)))
        data = result.to_dict(full=True)
        data["register"], data["catalogue"] = result.register.name, result.catalogue.name if result.catalogue else None
        return self.download(api.write_json(data, None), f"kiem-tra-{Path(result.register.name).stem}.json",
                             "application/json")

    # -- jobs -------------------------------------------------------------------------------------

    async def job_json(self, request: Request):
        job = self.job_of(request, request.path_params["jid"])
        data = job.to_json()
        if data["error"]:
            data["error"] = shown(data["error"])
        return JSONResponse(data)

    async def job_page(self, request: Request):
        job = self.job_of(request, request.path_params["jid"])
        if job.state == "done":
            return RedirectResponse(job.next, status_code=303)
        if job.state == "error":
            return self.error(request, job.status, job.error or "")
        return self.render(request, "job.html", job=job.to_json())


def _upload(form, field: str) -> UploadFile:
    value = form.get(field)
    if not isinstance(value, UploadFile) or not value.filename:
        raise InputError(None, M("choose a file to upload"), field)
    return value


def _points(form, key: str, where: str) -> float | None:
    """A number typed in the page ("1,5" or "1.5"; empty → None); InputError naming the place otherwise."""
    text = (form.get(key) or "").strip()
    if not text:
        return None
    try:
        return float(parse_number(text, strict=True).value)
    except (VnParseError, TypeError, ValueError) as exc:
        raise InputError(None, M("'{text}' is not a number of points ({exc})", text=text, exc=exc), where) from None


def _text(form, key: str) -> str | None:
    return (form.get(key) or "").strip() or None


def _appraisal_entries(form, view: dict, code: str) -> tuple[list, list, list]:
    """The appraisal typed in an agency's page, in the appraisal file's shape: one item per sub-criterion
    with points in round 1 or 2; a note, appraiser or explanation without points is refused (it would be
    lost), as the appraisal workbook refuses it. Bonus and penalty rows with points."""
    items = []

    def leaves(nodes):
        for n in nodes:
            if n["leaf"] and n["applicable"]:
                yield n
            yield from leaves(n["children"])

    for n in leaves(view["tree"]):
        nid = n["id"]
        stages = {}
        for stage in ("round1", "round2"):
            points = _points(form, f"{stage}_{nid}", f"{code}, {nid}, {stage}")
            note, by = _text(form, f"{stage}_note_{nid}"), _text(form, f"{stage}_by_{nid}")
            if points is not None:
                stages[stage] = {k: v for k, v in (("points", points), ("note", note), ("by", by)) if v is not None}
            elif note or by:
                raise InputError(None, M("a note or an appraiser without points would be lost: give the points"),
                                 f"{code}, {nid}, {stage}")
        explanation = _text(form, f"explanation_{nid}")
        if stages:
            items.append({"criterion": nid, **stages, **({"explanation": explanation} if explanation else {})})
        elif explanation:
            raise InputError(None, M("an explanation without round 1 or round 2 points would be lost: give the points"),
                             f"{code}, {nid}")
    adjustments = {"bonus": [], "penalty": []}
    for kind, rows in adjustments.items():
        count = int(form.get(f"{kind}_n") or 0) if str(form.get(f"{kind}_n") or "0").isdigit() else 0
        for i in range(min(count, 100)):
            points = _points(form, f"{kind}_points_{i}", f"{code}, {kind} {i + 1}")
            reason = _text(form, f"{kind}_reason_{i}")
            if points is None and not reason:
                continue
            if points is None or not reason:
                raise InputError(None, M("give both the points and the reason"), f"{code}, {kind} {i + 1}")
            evidence = [e.strip() for e in (form.get(f"{kind}_evidence_{i}") or "").split(";") if e.strip()]
            rows.append({"points": points, "reason": reason, "evidence": evidence,
                         **({"by": by} if (by := _text(form, f"{kind}_by_{i}")) else {})})
    return items, adjustments["bonus"], adjustments["penalty"]


def handled(web: Web):
    """Wrap every page of ``web`` so bad input is the error page with the InputError's line (400), an
    upload over the cap 413, and anything unexpected one line (500), never a traceback."""
    for route in web.app.router.routes:
        if isinstance(route, Route):
            route.app = _guarded(web, route.endpoint)


def _guarded(web: Web, endpoint):
    from starlette.routing import request_response

    @functools.wraps(endpoint)
    async def wrapped(request: Request):
        try:
            return await endpoint(request)
        except InputError as exc:
            return web.error(request, 400, exc.line(web.lang(request)))
        except TooLarge:
            return web.error(request, 413, _too_large_text(web.settings.max_upload_bytes))
        except HTTPException:
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence: one line, no traceback on the page
            if os.environ.get("COMPLIANCE_DEBUG"):
                raise
            return web.error(request, 500, web.internal(exc))

    return request_response(wrapped)


def create_app(settings: Settings | None = None):
    """The ASGI application for ``settings`` (defaults: 127.0.0.1, no token, no history, 50 MB uploads)."""
    web = Web(settings or Settings())
    handled(web)
    guard = Guard(web.app, web.settings, web.sessions)
    guard.web = web
    return guard

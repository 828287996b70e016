"""What every page shares (:class:`Web`): settings, sessions, kept results and jobs, templates, the error
page, the CSRF check, background jobs started, and the wrapper that turns bad input into the error page.

The pages live by what they do: :mod:`.agency` (editions, the form, a scorecard, a report check),
:mod:`.inspector` (a round, its agencies, the appraisal entered in the page, the history),
:mod:`.registers` (a register check) and :mod:`.jobs` (background work and its progress); each is a
class given this :class:`Web` and answering its own routes; :mod:`.app` puts them together. Every page calls the API the commands call
and shows what it returns; nothing is computed here. Work that may take long (a round, a register)
runs as a background job (:class:`~compliance.web.state.Job`) whose page polls ``/jobs/{id}.json``.

Requests pass :class:`~compliance.web.guard.Guard` first (token, upload cap, session, headers). Bad
input is the API's :class:`~compliance.errors.InputError`: its one line (the same the command line
prints, with places said in the page's terms) on the page, status 400, never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import os
from pathlib import Path
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, request_response
from starlette.staticfiles import StaticFiles

from compliance.errors import InputError
from compliance.i18n import M, text
from compliance.web.guard import Settings, TooLarge, too_large
from compliance.web.state import MAX_JOBS, MAX_RESULTS, MAX_ROUNDS, Job, Owned, Runner, Session, Sessions
from compliance.web.text import num, page_line, word
from compliance.web.uploads import MAX_ENTRIES, shown

HERE = Path(__file__).resolve().parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

__all__ = ["XLSX", "Web"]

SECTIONS = {"agency": "/agency", "inspector": "/inspector", "registers": "/registers", "jobs": "/jobs"}
"""The first part of an address → the page an error there leads back to."""
NOT_FOUND = M("nothing at this address for this browser: the result or job has expired (the server keeps the latest "
              "ones) or was never made")
"""The line of a 404 page (its heading says "not found")."""
BACK_WORDS = {"/": "home", "/agency": "agency", "/inspector": "inspector", "/registers": "registers", "/jobs": "jobs"}
"""The page an error leads back to → its page word."""


class Web:
    """What every page shares (settings, sessions, kept results and jobs, templates, the error page);
    :func:`create_app` wraps it in :class:`~compliance.web.guard.Guard`."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.sessions = Sessions()
        self.results, self.jobs, self.rounds = Owned(MAX_RESULTS), Owned(MAX_JOBS), Owned(MAX_ROUNDS)
        self.runner = Runner(settings.workers)
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters["shown"] = shown
        self.app: Starlette | None = None

    def mount(self, pages: list) -> Starlette:
        """The application answering the home page, every route of ``pages`` (each guarded: bad input is
        the error page) and the static files."""
        routes = [Route("/", self.home)] + [r for p in pages for r in p.routes()]
        for route in routes:
            route.app = _guarded(self, route.endpoint)
        routes.append(Mount("/static", StaticFiles(directory=HERE / "static"), name="static"))
        self.app = Starlette(routes=routes, exception_handlers={HTTPException: self.http_error},
                             lifespan=self.lifespan)
        return self.app

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        """Background jobs still running when the server stops are abandoned (their folders removed)."""
        yield
        self.runner.shutdown()

    async def home(self, request: Request):
        return self.render(request, "home.html")

    # -- what every page uses ------------------------------------------------------------------------

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
            t=lambda value: text(value, lang),
            csrf=self.session(request).csrf, path=request.url.path, switch=f"{request.url.path}?{urlencode(query)}",
            settings=self.settings)
        return HTMLResponse(self.env.get_template(template).render(**context), status_code=status)

    def error(self, request: Request, status: int, line: str, back: str | None = None) -> HTMLResponse:
        """The error page: its heading ("Không tìm thấy" for status 404, else "Không xử lý được"), the one
        line (temporary folders left out) and a link back to the section's page (``back``; default: the
        section of the address)."""
        if back is None:
            back = SECTIONS.get(request.url.path.strip("/").split("/")[0], "/")
        return self.render(request, "error.html", status, line=shown(line), back=back, back_word=BACK_WORDS[back],
                           heading="not_found" if status == 404 else "error")

    async def http_error(self, request: Request, exc: HTTPException):
        if "state" not in request.scope or "session" not in request.scope.get("state", {}):
            return Response(str(exc.detail), status_code=exc.status_code)
        detail = exc.detail if exc.status_code != 404 or hasattr(exc.detail, "get") else NOT_FOUND
        return self.error(request, exc.status_code, page_line(detail, self.lang(request)))

    def not_found(self) -> HTTPException:
        return HTTPException(404, NOT_FOUND)

    async def form(self, request: Request):
        """The posted form, after the CSRF check (403 when its token is not this session's)."""
        form = await request.form(max_files=MAX_ENTRIES, max_fields=20000)
        token = form.get("csrf")
        if not isinstance(token, str) or not hmac.compare_digest(token.encode(), self.session(request).csrf.encode()):
            await form.close()
            raise HTTPException(403, M("the form's safety code is missing or out of date: reload the page and try again"))
        return form

    def explain(self, exc: BaseException, lang: str) -> tuple[int, str]:
        """The status and the line of a failed background job: an InputError's line (400), else one line (500)."""
        if isinstance(exc, InputError):
            return 400, page_line(exc, lang)
        return 500, self.internal(exc).get(lang)

    def internal(self, exc: BaseException):
        return M("internal error: {kind}: {detail} (set COMPLIANCE_DEBUG=1 for details)", kind=type(exc).__name__,
                 detail=str(exc))

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
        self.runner.submit(job, work, self.explain)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    def job_of(self, request: Request, jid: str, kind: str | None = None) -> Job:
        job = self.jobs.get(self.session(request), jid)
        if job is None or (kind and job.kind != kind):
            raise self.not_found()
        return job


def _guarded(web: Web, endpoint):
    """``endpoint`` answering bad input with the error page and the InputError's line (400), an upload
    over the cap with 413, and anything unexpected with one line (500), never a traceback."""

    @functools.wraps(endpoint)
    async def wrapped(request: Request):
        try:
            return await endpoint(request)
        except InputError as exc:
            return web.error(request, 400, page_line(exc, web.lang(request)))
        except TooLarge:
            return web.error(request, 413, too_large(web.settings.max_upload_bytes).get(web.lang(request)))
        except HTTPException:
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence: one line, no traceback on the page
            if os.environ.get("COMPLIANCE_DEBUG"):
                raise
            return web.error(request, 500, web.internal(exc).get(web.lang(request)))

    return request_response(wrapped)

"""Background work's pages: ``/jobs`` (this browser's rounds and register checks, running or ended),
``/jobs/ID`` (one job: its stage and progress, then its result or its error line) and
``/jobs/ID.json`` (what the job page polls)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from compliance.web.base import Web

BACK = {"round": "/inspector", "register": "/registers"}
"""Where a job's error page leads back to: the page its work was started from."""


class JobPages:
    """The jobs of the session (another browser's are not found)."""

    def __init__(self, web: Web):
        self.web = web

    def routes(self) -> list[Route]:
        return [Route("/jobs", self.jobs), Route("/jobs/{jid}.json", self.job_json), Route("/jobs/{jid}", self.job_page)]

    async def jobs(self, request: Request):
        lang = self.web.lang(request)
        jobs = [job.to_json(lang) for job in reversed(self.web.jobs.of(self.web.session(request)))]
        return self.web.render(request, "jobs.html", jobs=jobs)

    async def job_json(self, request: Request):
        job = self.web.job_of(request, request.path_params["jid"])
        return JSONResponse(job.to_json(self.web.lang(request)))

    async def job_page(self, request: Request):
        job = self.web.job_of(request, request.path_params["jid"])
        if job.state == "done":
            return RedirectResponse(job.next, status_code=303)
        if job.state == "error":
            return self.web.error(request, job.status, job.error or "", back=BACK.get(job.kind, "/jobs"))
        return self.web.render(request, "job.html", job=job.to_json(self.web.lang(request)))

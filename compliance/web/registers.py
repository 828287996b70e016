"""The registers' pages: upload a dossier register and the procedure catalogue; the check runs as a
background job (its six stages shown as they pass); the periodic table, the rates, the one-stop rules
and the findings by rule × agency × procedure; the workbook and the JSON.

Every page calls the API ``compliance dossiers check`` calls (:mod:`compliance.api.registers`).
"""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from compliance import api
from compliance.i18n import M
from compliance.web.base import XLSX, Web
from compliance.web.state import Job
from compliance.web.text import WORDS
from compliance.web.uploads import REGISTER_SUFFIXES, new_folder, remove, require_suffix, safe_name, upload_of, workspace, write_bytes


class RegisterPages:
    """``/registers`` (the upload) and ``/registers/result/JOB`` (a finished check and its downloads)."""

    def __init__(self, web: Web):
        self.web = web

    def routes(self) -> list[Route]:
        return [
            Route("/registers", self.registers),
            Route("/registers/check", self.check, methods=["POST"]),
            Route("/registers/result/{jid}", self.result),
            Route("/registers/result/{jid}/check.xlsx", self.xlsx),
            Route("/registers/result/{jid}/check.json", self.json),
        ]

    async def registers(self, request: Request):
        return self.web.render(request, "registers.html")

    async def check(self, request: Request):
        form = await self.web.form(request)
        folder = new_folder()
        try:
            register = upload_of(form, "register", WORDS["register"])
            name = safe_name(register.filename, "register.csv")
            require_suffix(name, REGISTER_SUFFIXES, M("a register"))
            register_path = write_bytes(folder, name, await register.read())
            catalogue_path, cname = None, None
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
                result = api.check_register(register_path, catalogue_path, period=period, settings=settings,
                                            progress=job.progress)
                return result, name, cname
            finally:
                remove(folder)

        return self.web.start(request, "register", "/registers/result/{id}", work)

    def done(self, request: Request):
        """(result, register's name, catalogue's name) of a finished check, or the job still running."""
        job = self.web.job_of(request, request.path_params["jid"], "register")
        return (job.result if job.state == "done" else None), job

    async def result(self, request: Request):
        found, job = self.done(request)
        if found is None:
            return RedirectResponse(f"/jobs/{job.id}", status_code=303)
        result, name, cname = found
        return self.web.render(request, "register.html", v=api.register_view(result, self.web.lang(request)),
                               jid=job.id, name=name, catalogue=cname)

    async def xlsx(self, request: Request):
        found, _job = self.done(request)
        if found is None:
            raise self.web.not_found()
        result, name, _ = found
        with workspace() as folder:
            out = folder / "check.xlsx"
            await run_in_threadpool(api.write_check_workbook, result, out, self.web.lang(request))
            data = out.read_bytes()
        return self.web.download(data, f"kiem-tra-{Path(name).stem}.xlsx", XLSX)

    async def json(self, request: Request):
        found, _job = self.done(request)
        if found is None:
            raise self.web.not_found()
        result, name, cname = found
        return self.web.download(api.check_json(result, name, cname), f"kiem-tra-{Path(name).stem}.json",
                                 "application/json")

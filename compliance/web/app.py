"""The web application (Starlette): the pages put together behind the guard.

:func:`create_app` makes the shared :class:`~compliance.web.base.Web`, mounts the pages by what they do
(:mod:`.agency`, :mod:`.inspector`, :mod:`.registers`, :mod:`.jobs`) and wraps the whole in
:class:`~compliance.web.guard.Guard` (access token, upload cap, session cookie, security headers).
"""

from __future__ import annotations

from compliance.web.agency import AgencyPages
from compliance.web.base import Web
from compliance.web.guard import Guard, Settings
from compliance.web.inspector import InspectorPages
from compliance.web.jobs import JobPages
from compliance.web.registers import RegisterPages

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None):
    """The ASGI application for ``settings`` (defaults: 127.0.0.1, no token, no history, 50 MB uploads)."""
    web = Web(settings or Settings())
    web.mount([AgencyPages(web), InspectorPages(web), RegisterPages(web), JobPages(web)])
    guard = Guard(web.app, web.settings, web.sessions)
    guard.web = web
    return guard

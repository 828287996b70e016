"""The web page (``compliance serve``): a surface over :mod:`compliance.api`, like the command line.

Layer: surface (the top). It may import only :mod:`compliance.api`, the foundation (``compliance.errors``,
``compliance.vocab``) and :mod:`compliance.io` (paths, number parsing), never the domain: every page calls
the function the matching command calls and shows what it returns (``tests/test_layers.py`` checks it).

- :mod:`.app`: the Starlette application, its pages and :class:`~compliance.web.app.Guard` (access
  token, upload cap, session and CSRF token, security headers);
- :mod:`.uploads`: safe file names, a temporary folder per request, .zip archives unpacked under caps;
- :mod:`.state`: sessions, results kept for download, the inspector's round, background jobs (bounded);
- :mod:`.svg`: the charts, drawn on the server; :mod:`.text`: the page's words (vi/en) and numbers;
- ``templates/`` (Jinja2) and ``static/`` (one stylesheet, one small script that polls a job).

See docs/web.md.
"""

from compliance.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]

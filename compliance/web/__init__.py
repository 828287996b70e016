"""The web page (``compliance serve``): a surface over :mod:`compliance.api`, like the command line.

Layer: surface (the top). It may import only :mod:`compliance.api`, the foundation (``compliance.errors``,
``compliance.vocab``) and :mod:`compliance.io` (paths, number parsing), never the domain: every page calls
the function the matching command calls and shows what it returns (``tests/test_layers.py`` checks it).

- :mod:`.app`: the application put together; :mod:`.base`: what every page shares (templates, the error
  page, the CSRF check, background jobs started); :mod:`.guard`: :class:`~compliance.web.guard.Settings` and the
  guard in front (access token, upload cap, session cookie, security headers);
- the pages by what they do: :mod:`.agency` (editions, the form, a scorecard, a report check),
  :mod:`.inspector` (a round: its forms, name, appraisal, ranking, agencies, history; :mod:`.entries`
  reads the appraisal typed in an agency's page), :mod:`.registers` (a register check), :mod:`.jobs`
  (background work and its progress);
- :mod:`.uploads`: safe file names, a temporary folder per request, .zip archives unpacked under caps;
- :mod:`.state`: sessions, results kept for download, the inspector's round, background jobs (bounded);
- :mod:`.svg`: the charts, drawn on the server; :mod:`.text`: the page's words (vi/en) and numbers;
- ``templates/`` (Jinja2) and ``static/`` (one stylesheet, one small script that polls a job).

See docs/web.md.
"""

from compliance.web.app import create_app
from compliance.web.guard import Settings

__all__ = ["Settings", "create_app"]

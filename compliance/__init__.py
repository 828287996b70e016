"""compliance: checks Vietnamese agencies' administrative-reform work against the PAR INDEX and PAPI.

Criteria and rules are declarative data (``criteria/``, ``rules/``); the engine scores one agency's
submission, flags its gaps with their legal basis, and reports them as tables, JSON, Markdown or Excel.

The package is layered, bottom to top (docs/architecture.md): foundation (``vocab``, ``errors``,
``model/``, ``calendar``, this ``__init__``) → ``io/`` → ``engine/`` → domain (``catalog``,
``criteria_lib/``, ``check``, ``metrics``, ``facts``, ``scoring``, ``intake/``, ``registers/``,
``papi/``, ``round/``, ``report/``, ``template``) → ``api/`` → surfaces (``cli/``). Nothing imports
upward and no modules import each other in a circle (tests/test_layers.py).

Layer: foundation. This ``__init__`` imports nothing of the project; it sets one process setting:
openpyxl reads untrusted workbooks through defusedxml (compliance.io.safety) even when lxml is
installed (python-docx, for reading reports, brings lxml in).
"""

import os as _os

_os.environ["OPENPYXL_LXML"] = "False"  # io.safety.require_safe_parser refuses to parse otherwise

__version__ = "0.1.0"

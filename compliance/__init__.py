"""compliance: checks Vietnamese agencies' administrative-reform work against the PAR INDEX and PAPI.

Criteria and rules are declarative data (``criteria/``, ``rules/``); the engine scores one agency's
submission, flags its gaps with their legal basis, and reports them as tables, JSON, Markdown or Excel.
"""

__version__ = "0.1.0"

"""The rule engine: the condition language (``conditions/``: meaning and three backends, Python,
durable_rules and DuckDB SQL), the hardened durable_rules runner (``runner``, with ``ruleset`` for what
is checked before the engine sees anything, and ``errors``); the formula language sits beside it
(``compliance.formula``).

Layer: engine. May import the foundation (``compliance.model``, ``compliance.calendar``,
``compliance.vocab``, ``compliance.errors``), io and the engine; nothing of the domain (no submission,
register, criteria edition or PAPI here), the api or the surfaces. A new rule backend goes in
``conditions/`` (see its docstring).
"""

"""Outputs of one submission's check and of the rule book: the scorecard as a terminal table, Markdown
and JSON (``text``), the scored workbook (``xlsx``), the rules as text (``rules``), shared labels
(``labels``).

Layer: domain. May import the foundation, io, the engine and other domain modules without circles;
never the api or the surfaces. Reports know nothing of durable_rules; a new output format goes here
(and is re-exported by ``compliance.api`` for the surfaces).
"""

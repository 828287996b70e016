"""Inspection rounds: many agencies scored in one process (``run``), appraised in two rounds with bonus
and penalty (``appraisal``, ``settle``), waivers (``waivers``), ranking (``ranking``), the council and
appraisal workbooks (``workbook``), the history in SQLite (``history``), text output (``text``).

Layer: domain. May import the foundation, io, the engine and other domain modules (``check``,
``catalog``, ``scoring``…) without circles; never the api or the surfaces.
"""

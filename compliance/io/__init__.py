"""Input and output that know nothing of the domain: opening untrusted files safely (``safety``),
reading YAML with line numbers (``yamlio``), Vietnamese numbers and dates (``vnparse``), writing
files atomically (``files``), and the one tabular reader of the product (``table``: a table in a CSV
file or a workbook found by the names of its columns; built on ``table_source`` for the cells,
``table_header`` for the header and ``table_layout`` for locating it).

Layer: io. May import the foundation (``compliance.vocab``, ``compliance.errors``,
``compliance.model``) and nothing above it (engine, domain, api, surfaces).
"""

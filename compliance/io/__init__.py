"""Input and output that know nothing of the domain: opening untrusted files safely (``safety``),
what an outside file really is and the names of a zip's entries as their maker wrote them (``archive``),
reading YAML with line numbers (``yamlio``; its syntax errors said in plain words by ``syntax``), Vietnamese numbers and dates (``vnparse``), writing
files atomically (``files``), the one tabular reader of the product (``table``: a table in a CSV
file or a workbook found by the names of its columns; built on ``table_source`` for the cells,
``table_header`` for the header and ``table_layout`` for locating it), and the one workbook writer
every exporter uses (``workbook`` with its ``workbook_layout``: typed cells, text never a formula,
styles, number formats by language, print setup, charts; CSV through the same guard).

Layer: io. May import the foundation (``compliance.vocab``, ``compliance.errors``,
``compliance.model``) and nothing above it (engine, domain, api, surfaces).
"""

"""Input and output that know nothing of the domain: opening untrusted files safely (``safety``),
reading YAML with line numbers (``yamlio``), Vietnamese numbers and dates (``vnparse``), and writing
files atomically (``files``).

Layer: io. May import the foundation (``compliance.vocab``, ``compliance.errors``,
``compliance.model``) and nothing above it (engine, domain, api, surfaces).
"""

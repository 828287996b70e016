"""Pydantic models: criteria tree, rules and their conditions (syntax only), submission, results. All
strict (``extra='forbid'``).

Layer: foundation. May import only the foundation (``compliance.vocab``, ``compliance.errors``,
``compliance.calendar``, other ``compliance.model`` modules) and libraries (pydantic); what a condition
means lives in ``compliance.engine.conditions``.
"""

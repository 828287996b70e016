"""Pydantic models: criteria tree, rules, submission, results. All strict (``extra='forbid'``)."""

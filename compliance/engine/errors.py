"""Errors of the durable_rules runner (:mod:`compliance.engine.runner`); all are :class:`EngineError`."""

from __future__ import annotations


class EngineError(RuntimeError):
    """Base of every error the runner raises."""


class RulesetError(EngineError):
    """A ruleset definition the runner refuses (names the ruleset and rule)."""


class FactError(EngineError, ValueError):
    """A fact that cannot be asserted safely. ``fact_id`` and ``field`` name the place."""

    def __init__(self, fact_id: str, field: str | None, message: str):
        self.fact_id, self.field = fact_id, field
        super().__init__(f"fact {fact_id}" + (f", field '{field}'" if field else "") + f": {message}")


class DuplicateFactError(EngineError):
    """The engine reported a fact as already observed although every fact has a unique id (a 32-bit
    id-hash collision inside durable_rules, or a duplicate): never ignored."""


class ActionError(EngineError):
    """An action failed inside the engine (durable_rules would only note it in the sid's state)."""


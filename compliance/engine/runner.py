"""The one hardened way to run durable_rules 2.0.28 (every trap listed in DESIGN.md is handled here).

Use::

    with RuleRunner({"gaps": {"late_no_apology": {"all": [{"m": to_durable(cond, "dossier")}]}}}) as r:
        matches = r.evaluate("agency-01", [{"kind": "dossier", "count": 2, ...}, ...])

or ``run(rulesets, {sid: facts})`` for a whole round. Each point of DESIGN.md's list, and where it is
handled (here, or in :mod:`compliance.engine.ruleset` for the checks made before anything is asserted):

1. facts are validated and normalised first (:meth:`RuleRunner._prepare`): NFC text, ``date``/
   ``datetime`` → ISO text, ``Decimal`` → number, NaN/inf/huge integers rejected, ``None`` → absent,
   at most 250 properties (the C engine stops at 252, nested keys included), and *strict types*: a
   field that a rule compares with a number must hold a number in every fact of that kind (durable_rules
   compares ``"abc" >= 0.3`` as true and ``True == 1 == "1"``); likewise text and booleans; two fields
   compared with each other must hold the same type; date fields used with a unit must be ISO dates
   (their ``__day``/``__wday``/``__wday_prev`` numbers are added here). A bad fact raises
   :class:`FactError` naming the fact id and the field, before anything is asserted;
2. rulesets are JSON-copied (registration deletes ``run`` from the dict it gets) and registered through
   a Host subclass that binds actions by name (``get_action``);
3. every fact gets an explicit id ``"{sid}:{kind}:{n}"`` (n = its position); a ``MessageObservedException``
   is an error (:class:`DuplicateFactError`), ``MessageNotHandledException`` (no rule matched) is normal;
4. actions only append ``(rule, fact ids)`` to a Python list; an exception in an action (which the
   engine would swallow into the state's ``exception``) raises :class:`ActionError`;
5. a rule whose pattern has no positive equality test (e.g. ``kind == ...``) is rejected at load time
   (negation-only rules loop forever); each pattern must be a one-key ``{alias: expression}`` mapping
   with an alias unique in its rule, and the action reads patterns by alias;
6. the Host never starts its two dispatcher timer threads (``_run`` is a no-op: everything runs
   synchronously in ``assert_fact``), each sid's state is deleted after its evaluation, and
   :meth:`close` deletes the C rulesets, so 100 evaluations in one process keep the thread count and
   memory flat (tests/test_runner.py measures both);
7. Python is pinned to 3.11–3.12 in pyproject.toml (the 2.0.28 extension fails to import on 3.13).

Errors raised: :class:`RulesetError` (bad ruleset, at construction), :class:`FactError` (bad fact),
:class:`DuplicateFactError`, :class:`ActionError`; all are :class:`EngineError`.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, NamedTuple

import durable_rules_engine
from durable import engine as dr

from compliance.engine.errors import ActionError, DuplicateFactError, EngineError, FactError, RulesetError
from compliance.engine.ruleset import Spec, check_rule, copy_rulesets, discriminator, prepare_fact, scan
from compliance.errors import interrupts_held

__all__ = ["ActionError", "DuplicateFactError", "EngineError", "FactError", "Match", "RuleRunner", "RulesetError", "run"]

END_KIND = END_RULE = "__end__"  # reserved: the closing fact and rule of every evaluation (see _close_sid)
CHUNK = 40  # rules per engine ruleset (see RuleRunner.__init__)


class Match(NamedTuple):
    """One rule that fired. ``fact`` is the very dict passed to :meth:`RuleRunner.evaluate` for a
    single-pattern rule; for a multi-pattern rule it is ``{alias: fact}`` with the dicts passed in."""

    rule: str
    fact: dict


class _Host(dr.Host):
    """durable_rules Host that binds actions by name and never starts its dispatcher threads."""

    def __init__(self, actions: dict):
        self._actions = actions  # set before Host.__init__, which may resolve actions
        super().__init__()

    def get_action(self, action_name):
        try:
            return self._actions[action_name]
        except KeyError:
            raise RulesetError(f"no action named {action_name!r}") from None

    def _run(self):
        """No timer threads: actions run synchronously inside assert_fact; timers are not used."""
        self._d_timer = self._t_timer = None



class RuleRunner:
    """One durable_rules Host with the given rulesets; evaluate many sids with it, then close it.

    ``rulesets``: ``{ruleset_name: {rule_name: {"all" | "any": [{alias: pattern}, ...], "run": ...}}}``
    (``run`` is ignored and replaced by the runner's recorder; ``pri`` is kept). Rule names must be
    unique across rulesets (a :class:`Match` names the rule only). Raises :class:`RulesetError`.
    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, rulesets: dict):
        self._closed = True
        defs = copy_rulesets(rulesets)
        self._spec = Spec()
        self._kinds: dict[str, set | None] = {}  # ruleset → fact kinds it can match (None: any)
        actions: dict[str, Any] = {}
        seen_rules: dict[str, str] = {}
        engine_defs: dict[str, dict] = {}
        for rs_name, rules in defs.items():
            if not isinstance(rules, dict) or not rules:
                raise RulesetError(f"ruleset '{rs_name}': needs a non-empty mapping of rules")
            rule_kinds: list[tuple[str, dict, set | None]] = []
            for rule_name, rule in rules.items():
                where = f"ruleset '{rs_name}', rule '{rule_name}'"
                if rule_name.startswith("__"):
                    raise RulesetError(f"{where}: rule names starting with '__' are reserved")
                if rule_name in seen_rules:
                    raise RulesetError(f"{where}: rule name also used in ruleset '{seen_rules[rule_name]}'")
                seen_rules[rule_name] = rs_name
                kinds: set | None = set()
                for alias, pattern in check_rule(rule, where):
                    disc = discriminator(pattern)
                    kind = disc[1] if disc and disc[0] == "kind" else None
                    kinds = None if kind is None or kinds is None else kinds | {kind}
                    scan(self._spec, kind, pattern, f"{where}, pattern '{alias}'")
                action_name = f"{rs_name}/{rule_name}"
                rule["run"] = action_name
                actions[action_name] = self._make_action(rule_name)
                rule_kinds.append((rule_name, rule, kinds))
            # durable_rules fails with error 303 (stack size) when one fact walks too many rule nodes
            # (measured: 64 rules that all match one fact pass, 70 fail): split big rulesets into engine
            # rulesets of CHUNK rules each; matches name rules only, so the split is invisible.
            chunks = [rule_kinds[i:i + CHUNK] for i in range(0, len(rule_kinds), CHUNK)]
            for i, chunk in enumerate(chunks):
                name = rs_name if len(chunks) == 1 else f"{rs_name}~{i}"
                if name in defs and name != rs_name:
                    raise RulesetError(f"ruleset name '{name}' clashes with a split of '{rs_name}'")
                engine_defs[name] = {rule_name: rule for rule_name, rule, _ in chunk}
                engine_defs[name][END_RULE] = {"all": [{"m": {"kind": END_KIND}}], "run": END_RULE}
                kinds_of = [k for _, _, k in chunk]
                self._kinds[name] = None if None in kinds_of else set().union(*kinds_of) | {END_KIND}
        actions[END_RULE] = lambda c: None
        self._hits: list[tuple[str, dict]] = []
        self._errors: list[str] = []
        self._host = _Host(actions)
        self._closed = False
        try:
            self._host.register_rulesets(engine_defs)
        except Exception as exc:
            self.close()
            if isinstance(exc, EngineError):
                raise
            raise RulesetError(f"durable_rules refused the rulesets: {exc}") from exc
        self._names = list(engine_defs)

    # -- loading -------------------------------------------------------------------------------------


    def _make_action(self, rule_name: str):
        def action(c):
            try:
                self._record(rule_name, c._m)
            except BaseException as exc:  # noqa: BLE001 — collected here, raised by evaluate()
                self._errors.append(f"rule '{rule_name}': {type(exc).__name__}: {exc}")

        return action

    def _record(self, rule_name: str, message: dict) -> None:
        """The only thing an action does: note the rule and the ids of the facts it matched."""
        self._hits.append((rule_name, {alias: fact["id"] for alias, fact in message.items()}))

    # -- facts ---------------------------------------------------------------------------------------

    def _prepare(self, sid: str, n: int, fact: Any) -> tuple[dict, str | None]:
        """The fact as asserted, checked against what the rules need (:func:`~.ruleset.prepare_fact`)."""
        return prepare_fact(self._spec, sid, n, fact)

    # -- evaluation ----------------------------------------------------------------------------------

    def evaluate(self, sid: str, facts: Iterable[dict]) -> list[Match]:
        """Assert ``facts`` under ``sid`` and return the matches, sorted by rule name then fact position.

        ``sid``: short text without ':' (one per agency or evaluation). Every fact is validated before
        any is asserted; the sid's state is deleted afterwards, so a runner can evaluate any number of
        sids (also the same sid again). Raises :class:`FactError`, :class:`DuplicateFactError`,
        :class:`ActionError`, :class:`EngineError` (closed runner).
        """
        if self._closed:
            raise EngineError("the runner is closed")
        if not isinstance(sid, str) or not sid or ":" in sid or len(sid) > 100:
            raise EngineError(f"sid must be a short text without ':', got {sid!r}")
        facts = list(facts)
        prepared = [self._prepare(sid, n, f) for n, f in enumerate(facts)]
        by_id = {p["id"]: (n, facts[n]) for n, (p, _) in enumerate(prepared)}
        self._hits, self._errors = [], []
        touched: list[str] = []
        # durable_rules catches every exception raised inside it (a Ctrl-C too, into a state's 'exception'):
        # Ctrl-C is held while it runs and raised when it returns
        with interrupts_held():
            try:
                for fact, kind in prepared:
                    for rs_name in self._names:
                        kinds = self._kinds[rs_name]
                        if kinds is not None and kind not in kinds:
                            continue
                        if rs_name not in touched:
                            touched.append(rs_name)
                        try:
                            state = self._host.assert_fact(rs_name, fact)
                        except dr.MessageNotHandledException:
                            continue
                        except durable_rules_engine.error as exc:
                            hint = " (303: too many rule nodes for one fact; lower CHUNK)" if "303" in str(exc) else ""
                            raise EngineError(f"fact {fact['id']}: durable_rules failed: {exc}{hint}") from None
                        except dr.MessageObservedException as exc:
                            raise DuplicateFactError(
                                f"fact {fact['id']}: durable_rules says {exc.message!r}; every fact has a unique "
                                "id, so this is an id-hash collision or a duplicate: not ignored"
                            ) from None
                        self._check(state, rs_name, fact["id"])
                for rs_name in touched:
                    self._drain(rs_name)
            finally:
                for rs_name in touched:
                    self._close_sid(rs_name, sid)
        seen, out = set(), []
        for rule, ids in self._hits:
            key = (rule, tuple(sorted((alias, by_id[i][0]) for alias, i in ids.items())))
            if key in seen:
                continue  # an '$or' pattern can fire once per matching branch
            seen.add(key)
            if list(ids) == ["m"]:
                fact = by_id[ids["m"]][1]
            else:
                fact = {alias: by_id[i][1] for alias, i in ids.items()}
            out.append((key, Match(rule, fact)))
        self._hits = []
        out.sort(key=lambda x: (x[0][0], [p for _, p in x[0][1]], [a for a, _ in x[0][1]]))
        return [m for _, m in out]

    def _check(self, state: Any, rs_name: str, fact_id: str) -> None:
        if self._errors:
            raise ActionError(f"ruleset '{rs_name}', fact {fact_id}: " + "; ".join(self._errors))
        if isinstance(state, dict) and state.get("exception"):
            raise ActionError(f"ruleset '{rs_name}', fact {fact_id}: {state['exception']}")

    def _close_sid(self, rs_name: str, sid: str) -> None:
        """Delete the sid's state in one ruleset, after making the engine run one action in it.

        durable_rules 2.0.28 frees the state's action context in ``deleteStateNode`` although that
        context is only initialised once an action has run: deleting a state in which no rule fired
        frees a garbage pointer and crashes the process (reproduced: tests/test_runner.py). So every
        ruleset carries the reserved rule ``__end__`` and the closing fact ``{kind: "__end__"}`` is
        asserted before the state is deleted.
        """
        end = {"kind": END_KIND, "sid": sid, "id": f"{sid}:{END_KIND}"}
        try:
            self._host.assert_fact(rs_name, end)
        except dr.MessageObservedException:
            raise DuplicateFactError(f"sid {sid}: closing fact already observed (id-hash collision)") from None
        self._host.get_ruleset(rs_name).delete_state(sid)

    def _drain(self, rs_name: str) -> None:
        """Run any action the engine still holds (none is expected: assert_fact runs them)."""
        ruleset = self._host.get_ruleset(rs_name)
        failure: list = []

        def done(error, state):
            if error:
                failure.append(str(error))
            elif isinstance(state, dict) and state.get("exception"):
                failure.append(state["exception"])

        for _ in range(100000):
            result = durable_rules_engine.start_action(ruleset._handle)
            if not result:
                break
            ruleset._flush_actions(json.loads(result[0]), {"message": json.loads(result[1])}, result[2], done)
            if failure:
                self._errors.extend(failure)
            self._check(None, rs_name, "(pending action)")

    # -- lifecycle -----------------------------------------------------------------------------------

    def close(self) -> None:
        """Free the C rulesets and empty the Host (idempotent). States were deleted after each sid."""
        host = self.__dict__.pop("_host", None)
        self._closed = True
        if host is None:
            return
        for timer in (getattr(host, "_d_timer", None), getattr(host, "_t_timer", None)):
            if timer is not None:
                timer.cancel()
        for ruleset in list(host._ruleset_list):
            try:
                durable_rules_engine.delete_ruleset(ruleset._handle)
            except durable_rules_engine.error:
                pass
        host._ruleset_list.clear()
        host._ruleset_directory.clear()
        host._actions.clear()

    def __enter__(self) -> "RuleRunner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 — interpreter shutdown
            pass



def run(rulesets: dict, facts_by_sid: dict[str, list[dict]]) -> dict[str, list[Match]]:
    """Evaluate every sid's facts with one runner (one Host) and close it: ``{sid: [Match, ...]}``.

    Sids are evaluated in sorted order; errors as :meth:`RuleRunner.evaluate`.
    """
    with RuleRunner(rulesets) as runner:
        return {sid: runner.evaluate(sid, facts_by_sid[sid]) for sid in sorted(facts_by_sid)}

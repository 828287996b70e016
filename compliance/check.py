"""``compliance check``: one submission → scorecard (scores, gaps, checks, informational figures).

The stages run forward only: intake → metrics and checks → facts → rules (durable_rules) → findings;
criteria → scores. :func:`prepare_submission` is everything read and refused before scoring (``validate``
stops there), :func:`score_submission` the rest. This module knows nothing of output formats.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance.catalog import RuleBook, rulebook, select_edition
from compliance.engine.conditions import to_durable
from compliance.engine.runner import RuleRunner
from compliance.errors import InputError
from compliance.i18n import M, Message, Num, Words, compose, join, places
from compliance.facts import build_facts
from compliance.intake.submission import LoadedSubmission
from compliance.io.vnparse import normalize_key, spelt_out
from compliance.metrics import MetricContext, run_checks
from compliance.model.base import Text
from compliance.model.criteria import Edition
from compliance.model.results import EditionInfo, Finding, Informational, Scorecard, Validation
from compliance.model.rules import Rule, fill
from compliance.scoring import Scorer, shortfalls

if TYPE_CHECKING:
    from compliance.registers.check import RegisterResult

RULESET = "compliance"
REGISTER_FACTS = ("dossier", "procedure")  # register rows: run in compliance.registers (SQL, then durable_rules)


def compile_rules(rules: list[Rule]) -> dict:
    """The durable_rules ruleset for these rules: one rule per gap rule, its action named by the rule id."""
    return {RULESET: {rule.id: {"all": [{"m": to_durable(rule.when, rule.fact)}], "run": rule.id} for rule in rules}}


def fact_days(rule: Rule, fact: dict) -> tuple[dt.date | None, dt.date | None]:
    """The days a fact's legal basis is chosen by: its ``basis_date_field`` (default ``basis_date``) holds
    one ISO day ("2025-08-14"), or a span "2025-01-01/2025-12-31" when only the period its records fall in
    is known (ISO 8601 interval). (None, None) when absent or unreadable."""
    value = str(fact.get(rule.basis_date_field or "basis_date") or "")
    try:
        first, _, last = value.partition("/")
        return (dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)) if first else (None, None)
    except ValueError:
        return None, None


def finding_for(rule: Rule, fact: dict, agency_name: str, source=None) -> Finding:
    """The finding a rule makes of one matched fact, citing the legal texts in force on its date (over a
    span, every text in force on some day of it, each with the dates it applies). ``source``: the fact's
    place as the submission's reader made it (a message; the engine hands facts back as JSON text)."""
    day, until = fact_days(rule, fact)
    subject = str(fact.get(rule.gap.subject_field)) if rule.gap.subject_field else agency_name
    count = int(fact.get(rule.gap.count_field, 1)) if rule.gap.count_field else 1
    return Finding(
        rule=rule.id, rule_version=rule.version, severity=rule.gap.severity, subject_kind=rule.gap.subject,
        subject=subject, title=rule.title, count=count,
        message=Text(vi=fill(rule.gap.message.vi, fact), en=fill(rule.gap.message.en or rule.gap.message.vi, fact, "en")),
        legal_basis=rule.citations(day, until, fact),
        remediation=rule.remediation, source=source or places.parse(fact.get("source")) or None,
        facts=[str(fact.get("ref", ""))],
    )


def merge_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per (rule, subject, message, legal basis), counts added; sorted by severity, rule,
    subject. Dossiers received on both sides of 01/7/2025 stay apart: they rest on different texts."""
    grouped: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.rule, f.subject_kind, f.subject, f.message.vi, tuple(b.vi for b in f.legal_basis))
        if key in grouped:
            g = grouped[key]
            g.count += f.count
            g.facts = sorted(set(g.facts + f.facts))
        else:
            grouped[key] = f.model_copy(deep=True)
    return sorted(grouped.values(), key=lambda f: (f.severity.rank, f.rule, f.subject, f.message.vi,
                                                   [b.vi for b in f.legal_basis]))


def find_gaps(facts: list[dict], rules: list[Rule], agency_name: str, sid: str, runner: RuleRunner | None = None) -> list[Finding]:
    """Run the rules over the facts in durable_rules and turn every match into a finding."""
    by_id = {r.id: r for r in rules}
    own_runner = runner is None
    runner = runner or RuleRunner(compile_rules(rules))
    try:
        matches = runner.evaluate(sid, facts)
    finally:
        if own_runner:
            runner.close()
    sources = {str(f.get("ref")): f.get("source") for f in facts if f.get("source") and f.get("ref") is not None}
    return merge_findings([finding_for(by_id[m.rule], m.fact, agency_name, sources.get(str(m.fact.get("ref"))))
                           for m in matches])


def register_evidence(loaded: LoadedSubmission) -> RegisterResult | None:
    """Run the register rules over the dossier register the manifest names (``files.register``, with
    ``files.procedures`` for the catalogue), over the period of the reported dossier table (else the
    submission's period). None when no register is named. Bad register rows raise InputError."""
    register = loaded.extra_file("register")
    if register is None:
        return None
    from compliance.registers.check import check_register
    from compliance.registers.summary import Period

    sub = loaded.submission
    span = sub.dossiers.period if sub.dossiers and sub.dossiers.period else sub.period
    period = Period(span.from_, span.to, span.label or f"{span.from_:%d/%m/%Y}–{span.to:%d/%m/%Y}")
    return check_register(register, loaded.extra_file("procedures"), period=period, full=False)


def register_findings(result, book: RuleBook) -> list[Finding]:
    """The register's finding groups (rule × agency × procedure) as findings of the scorecard."""
    out = []
    for g in result.groups:
        rule = book.rules[g.rule_id]
        subject = g.procedure_name or g.procedure_code or "" if rule.fact == "procedure" else (g.agency or "")
        what = f" — {g.procedure_name or g.procedure_code}" if rule.fact == "dossier" and (g.procedure_name or g.procedure_code) else ""
        out.append(Finding(
            rule=rule.id, rule_version=rule.version, severity=g.severity,
            subject_kind="procedure" if rule.fact == "procedure" else "agency", subject=subject or "?",
            title=rule.title, count=g.count,
            message=Text(**M("{count} case(s): {title}{what} (first: {codes})", count=Num(g.count),
                             title=Words(g.title_vi, g.title_en), what=what, codes=", ".join(g.first_codes)).both()),
            legal_basis=[Text(vi=vi, en=en) for vi, en in zip(g.legal_basis, g.legal_basis_en)],
            remediation=rule.remediation, source=compose("{register}: {places}", register=result.register.name,
                                                         places=join([places.parse(p) for p in g.first_places], ", ")),
            facts=list(g.first_codes)))
    return out


def check_own_points(loaded: LoadedSubmission, edition: Edition) -> None:
    """Self-assessed and survey points must name a node of the edition and lie within its points.

    Raises InputError naming the place (line, or sheet and cell): a self-score outside
    [min_points, max_points] of its node, a survey score outside [0, max_points] or on a node that is
    not scored by the survey, or either one on a node the edition does not have.
    """
    sub = loaded.submission
    nodes = {n.id: n for n in edition.nodes()}
    for section, given in (("self_assessment", {k: v.points for k, v in sub.self_assessment.items()}),
                           ("survey", sub.survey)):
        for node_id, value in given.items():
            node = nodes.get(node_id)
            where = loaded.where((section, node_id))
            if node is None:
                raise InputError(loaded.path, M("{section} names '{node_id}', which edition {id} does not have", section=section, node_id=node_id, id=edition.id), where)
            if section == "survey" and (node.scoring is None or node.scoring.method != "survey"):
                raise InputError(loaded.path, M("'{node_id}' is not scored by the survey in edition {id}", node_id=node_id, id=edition.id), where)
            low = 0.0 if section == "survey" else min(node.min_points, 0.0)
            if node.max_points is not None and not low <= value <= node.max_points:
                shown = dict(value=Num(value), node_id=node_id, low=Num(low), max_points=Num(node.max_points))
                raise InputError(loaded.path, M("{value} points for '{node_id}' is outside {low}–{max_points}", **shown)
                                 if low >= 0 else  # a node that can take points off (a late plan): say why below 0
                                 M("{value} points for '{node_id}' is outside the range from {low} (points taken off, a "
                                   "penalty this criterion gives) to {max_points}", **shown), where)


_YEAR = re.compile(r"\bnam (?:19|20)\d\d\b")
SAME_NAME_RATIO = 0.9
"""How alike two criterion names must be, once written alike (:func:`name_key`), to name the same criterion:
the :class:`difflib.SequenceMatcher` ratio of their keys. Measured: the QA9 spelling variants of a row's
name ("hoá"/"hóa", a lowercase first letter, a final full stop, "CCHC" written out) have ratio 1.0, "năm
2020" added 0.95; another criterion under the same number, QA8's 7.6 ("Tỷ lệ hồ sơ có kết quả giải quyết
điện tử" in 2020, "Cung cấp thông tin trên trang thông tin điện tử của cơ quan" in 2026), 0.32, and the
differing numbers of the 2020 and 2026 department editions 0.25–0.95. 0.9 lies between the two: it still
refuses a word of substance changed ("… giải quyết trực tuyến" for "… giải quyết điện tử", 0.87) and
carries a deadline added to the same criterion ("Ban hành kế hoạch CCHC năm kịp thời (hạn 31/01)", 0.91)."""


def name_key(text: str) -> str:
    """A criterion name written one way for comparing: Unicode NFC, case folded, the abbreviations of
    :data:`compliance.io.vnparse.ABBREVIATIONS` written out ("CCHC" → "cải cách hành chính"), then
    :func:`compliance.io.vnparse.normalize_key` (diacritics removed, so "hoá" and "hóa" are one word;
    punctuation and whitespace collapsed to one space), and a year named ("năm 2025", as a form's row is
    sometimes retitled for the year) left out: a fixed suffix weighs more in a short name's ratio (QA10 A1:
    "Quy chế làm việc của cơ quan năm 2025" was refused where a longer name with it passed)."""
    key = normalize_key(spelt_out(unicodedata.normalize("NFC", text).casefold()))
    return " ".join(_YEAR.sub(" ", key).split())


def same_name(a: str, b: str) -> bool:
    """Two criterion names name the same criterion: their :func:`name_key` alike to at least
    :data:`SAME_NAME_RATIO` (``SequenceMatcher`` ratio)."""
    ka, kb = name_key(a), name_key(b)
    return ka == kb or difflib.SequenceMatcher(None, ka, kb).ratio() >= SAME_NAME_RATIO


def rows_of_other_criteria(loaded: LoadedSubmission, edition: Edition) -> list[str]:
    """The node ids, in the form's order, self-scored (or given survey points) on a row of the form whose
    criterion name is not the name of that node in ``edition`` (:func:`same_name` with neither the
    Vietnamese nor the English name); [] for a YAML/JSON submission."""
    if loaded.self_rows is None:
        return []
    names = loaded.self_rows[1]
    sub = loaded.submission
    nodes = {n.id: n for n in edition.nodes()}
    return [i for i in names if (i in sub.self_assessment or i in sub.survey) and i in nodes
            and not same_name(names[i][0], nodes[i].name.vi) and not same_name(names[i][0], nodes[i].name.en)]


def own_rows_only(loaded: LoadedSubmission, edition: Edition, warn: Callable[[Message], None] | None = None):
    """The submission without the self-scores (with their evidence) and survey points of
    :func:`rows_of_other_criteria` (what ``template --from`` carries into a form of another edition: a
    row of another criterion comes blank). ``warn`` (if given) receives one note naming each row left
    blank by its number and its name on the old form, so that no score is lost without a word."""
    wrong = rows_of_other_criteria(loaded, edition)
    sub = loaded.submission
    if not wrong:
        return sub
    if warn is not None:
        names = loaded.self_rows[1]
        rows = ", ".join(f"{i} ('{names[i][0]}')" for i in wrong)
        warn(M("Warning: the self-scores (with their evidence) of {n} row(s) of {path} were not carried into the "
               "form of {edition}, since the criterion of the same number in {edition} has another name: {rows}; "
               "score these rows again on the new form", n=Num(len(wrong)), path=loaded.path.name, edition=edition.id,
               rows=rows))
    wrong = set(wrong)
    return sub.model_copy(update={"self_assessment": {k: v for k, v in sub.self_assessment.items() if k not in wrong},
                                  "survey": {k: v for k, v in sub.survey.items() if k not in wrong}})


def check_own_rows(loaded: LoadedSubmission, edition: Edition) -> None:
    """A self-score (or survey estimate) on the form counts only for the criterion its row names.

    The form's Tự đánh giá sheet writes each criterion's name beside its STT; checked against another
    edition (``--criteria``, the web page's choice), the same STT may be another criterion (7.6 "hồ sơ
    có kết quả điện tử" in 2020, "trang thông tin điện tử" in 2026). Raises InputError at the first
    self-scored row whose name is not the scored node's (:func:`same_name`: a spelling variant such as
    "hoá" for "hóa" or "CCHC" written out is the same name), naming the form's edition, the edition
    asked and the command that makes the right form. The criterion's name is given in Vietnamese in
    both languages (the row's text it is compared with is Vietnamese). A YAML/JSON submission has no
    names to compare (nothing is checked)."""
    wrong = rows_of_other_criteria(loaded, edition)
    if not wrong:
        return
    sub = loaded.submission
    nodes = {n.id: n for n in edition.nodes()}
    first = wrong[0]
    row, where = loaded.self_rows[1][first]
    fix = f"compliance template --criteria {edition.id} --from {loaded.path.name} -o {loaded.path.stem}-{edition.id}.xlsx"
    common = dict(node=first, row=row, name=nodes[first].name.vi, asked=edition.id,
                  n=len(wrong), fix=fix)
    if sub.criteria and sub.criteria != edition.id:
        message = M("the form was made for criteria edition {form} and is scored on {asked}: row {node} is '{row}', "
                    "criterion {node} of {asked} is '{name}' ({n} self-scored row(s) differ); a self-score is not "
                    "carried by number onto another criterion: make the form of {asked} ({fix}; the rows that "
                    "differ come blank: score them again) and check it", form=sub.criteria, **common)
    else:
        message = M("row {node} is '{row}', but criterion {node} of edition {asked} is '{name}' ({n} self-scored "
                    "row(s) differ): a self-score counts only for the criterion its row names; make the form again "
                    "({fix}) and check it", **common)
    raise InputError(loaded.path, message, where)


MAX_NAMED_ROWS = 12
"""The missing rows a notice names one by one (by STT); more are counted."""
NAMED_WITH_TITLE = 3
"""Up to this many missing rows are named with their criterion's title too."""


def missing_rows_named(missing: list) -> Message:
    """Criteria nodes whose rows are missing from a sheet, as a notice names them (edition order kept):
    up to :data:`NAMED_WITH_TITLE` with their titles ("2.2 (Rà soát văn bản …)"), up to
    :data:`MAX_NAMED_ROWS` by STT, more by the first ones and their count ("1.1, 1.2, … (30 rows in all)")."""
    if len(missing) <= NAMED_WITH_TITLE:
        return join([compose("{id} ({name})", id=n.id, name=Words(n.name.vi, n.name.en)) for n in missing], ", ")
    if len(missing) <= MAX_NAMED_ROWS:
        return compose("{ids}", ids=", ".join(n.id for n in missing))
    return M("{named} … ({n} rows in all)", named=", ".join(n.id for n in missing[:MAX_NAMED_ROWS]), n=len(missing))


def form_notices(loaded: LoadedSubmission, edition: Edition) -> list[Text]:
    """What a reader of the scorecard must know about the form itself: each optional column the form
    lacks (a form made before the column was added, read as empty; QA9 N5), and the nodes of ``edition`` that
    have no row on the form's Tự đánh giá sheet (a row deleted by hand). Their self-assessed points
    cannot be read, so the scorecard shows none, and an inspector comparing self-assessed with
    appraised points must see that the form was changed, not that the agency gave nothing.

    Returns one notice per absent column naming the sheet and the column, then one naming the sheet
    (as titled in the workbook) and the missing nodes by STT, in the edition's order ([] when none is missing, and for a YAML/JSON submission, where a node left
    out is simply not self-assessed)."""
    columns = [Text(**M("the form's sheet '{sheet}' has no column '{column}' (the form was made before it was added?): "
                        "it is read as empty, not reported; a new form from 'compliance template' has it",
                        sheet=sheet, column=column).both()) for sheet, column in loaded.absent_columns]
    if loaded.self_rows is None:
        return columns
    sheet, present = loaded.self_rows
    missing = [n for n in edition.nodes() if n.id not in present]
    if not missing:
        return columns
    nodes = missing_rows_named(missing)
    return columns + [Text(**M("the form's sheet '{sheet}' lacks the row(s) of {nodes}: the form was changed (a row deleted?), so "
                     "the scorecard has no self-assessed points there; put the rows back (or fill a new form made by "
                     "'compliance template') and check again", sheet=sheet, nodes=nodes).both())]


def input_notices(loaded: LoadedSubmission, edition: Edition) -> list[Text]:
    """Every notice on the input itself, shown under the scorecard's header, in its JSON ``notices`` and on
    stderr: an optional column or a row the form lacks (:func:`form_notices`), self-scores without evidence
    (:func:`evidence_notices`)."""
    return form_notices(loaded, edition) + evidence_notices(loaded, edition) + province_notices(loaded)


def province_notices(loaded: LoadedSubmission) -> list[Text]:
    """A notice when the agency's province is in no list of provinces (a slip, "Hà Tây"), naming its
    place; a former province merged by the end of the period is refused when the submission is read
    (:func:`compliance.papi.provinces.province_problem`)."""
    from compliance.papi.provinces import province_problem

    agency, period = loaded.submission.agency, loaded.submission.period
    problem = province_problem(agency.province, period.to) if agency.province else None
    if problem is None or problem[0]:
        return []
    return [Text(**compose("{place}: {message}", place=loaded.where(("agency", "province")), message=problem[1]).both())]


def evidence_notices(loaded: LoadedSubmission, edition: Edition) -> list[Text]:
    """A notice naming every node the agency gave itself points for (above 0) with neither evidence
    documents (tài liệu kiểm chứng) nor an explanation (giải trình), each with the place of its evidence
    (the form's cell, e.g. "ô E7 (trang 'Tự đánh giá')", or the YAML line). The form's instructions ask
    evidence for every self-score, and the BNV's self-assessment guidance asks an explanation for each
    criterion without it (Công văn 384/BNV-CCHC ngày 28/01/2021): a council sends such a score back.
    Nothing is refused or changed: the points are still compared with the computed ones.

    Returns [] or one notice, in the edition's order, naming up to :data:`MAX_NAMED_ROWS` nodes."""
    order = {n.id: i for i, n in enumerate(edition.nodes())}
    names = {n.id: n.name for n in edition.nodes()}
    bare = sorted((node for node, own in loaded.submission.self_assessment.items()
                   if own.points > 0 and not any(e.strip() for e in own.evidence)
                   and not (own.explanation or "").strip()), key=lambda node: order.get(node, len(order)))
    if not bare:
        return []
    items = []
    for node in bare[:MAX_NAMED_ROWS]:
        own = loaded.submission.self_assessment[node]
        name = names.get(node)
        shown = dict(node=node, points=Num(own.points),
                     name=compose(" ({name})", name=Words(name.vi, name.en)) if name and len(bare) <= NAMED_WITH_TITLE else "")
        if loaded.locator is None:  # a form: the evidence cell left empty
            items.append(M("{node}{name}: self-assessed {points}, {place} empty", **shown,
                           place=loaded.where(("self_assessment", node, "evidence"))))
        else:
            items.append(M("{node}{name}: self-assessed {points}, no evidence ({place})", **shown,
                           place=loaded.where(("self_assessment", node))))
    listed = join(items, "; ") if len(bare) <= MAX_NAMED_ROWS else M("{named} … ({n} in all)", named=join(items, "; "), n=len(bare))
    return [Text(**M("self-assessed points without evidence documents or an explanation: {listed}; every self-score "
                     "needs its evidence documents, and a council sends a score without them back: add the documents, "
                     "or an explanation saying why there are none", listed=listed).both())]


def check_figure_codes(loaded: LoadedSubmission) -> None:
    """A figure whose code looks like a slip of one the criteria read ("satisfacton_rate") is an
    InputError naming its place; codes unlike the criteria's are the agency's own figures and are kept.
    The rule is :func:`compliance.intake.xlsx_form.misspelt_figure`, the same for YAML, JSON and forms."""
    from compliance.intake.form_layout import criteria_figures, misspelt_figure

    known = [code for code, _title, _unit in criteria_figures()]
    given = set(loaded.submission.figures)
    for code in sorted(given):
        meant = misspelt_figure(code, known, given)
        if meant is not None:
            raise InputError(loaded.path, M("figure code '{code}' is not one the criteria read; did you mean '{meant}'?", code=code, meant=meant),
                             loaded.where(("figures", code)))


def disagreements(book: RuleBook, checks: list) -> dict[str, object]:
    """Metric id → the failed consistency check it takes part in ("title: arithmetic", a message).

    A check that fails on a count of an itemised list (the late dossiers listed against the late total)
    makes every count of that list doubtful: a blank or short list must not score as "no late dossiers"
    (2 points for apology letters when the report itself states 20 late dossiers)."""
    out: dict[str, str] = {}
    for result in checks:
        if result.ok is not False:
            continue
        check = book.checks[result.id]
        ids = ([check.total] if check.total else []) + list(check.parts) if check.kind == "sum" \
            else [check.stated, check.numerator, check.denominator]
        lists = {book.metrics[m].of for m in ids if m in book.metrics and book.metrics[m].kind == "count"}
        ids += [m.id for m in book.metrics.values() if m.kind == "count" and m.of in lists]
        for metric_id in ids:
            out.setdefault(metric_id, compose("{title}: {arithmetic}", title=result.title, arithmetic=result.arithmetic))
    return out


def informational(loaded: LoadedSubmission) -> list[Informational]:
    """Figures that are not the agency's own work: listed, never scored."""
    out = []
    for key, figure in sorted(loaded.submission.figures.items()):
        if figure.scope == "own":
            continue
        out.append(Informational(id=key, label=figure.label, value=figure.value, unit=figure.unit,
                                 scope=figure.scope, agency=figure.agency, qualifier=figure.qualifier,
                                 source=loaded.source_of(("figures", key))))
    return out


@dataclass
class Prepared:
    """A submission read as ``check`` reads it, before anything is scored: the edition chosen (and how),
    its points checked against that edition, the further files its manifest names found, and the
    register it names read and run through the register rules (None when it names none)."""

    loaded: LoadedSubmission
    edition: Edition
    chosen_by: str
    register: RegisterResult | None


def prepare_submission(loaded: LoadedSubmission, criteria: str | None = None) -> Prepared:
    """Everything ``check`` reads and refuses before scoring; ``validate`` stops here (issue 11: validate
    says what check would say). Raises InputError: no edition fits, a self or survey score outside its
    node, a mistyped figure code, a file the manifest names that does not exist, a bad register."""
    sub = loaded.submission
    edition, chosen_by = select_edition(sub, criteria, loaded)
    check_own_rows(loaded, edition)
    check_own_points(loaded, edition)
    check_figure_codes(loaded)
    for key in sub.files:
        loaded.extra_file(key)
    return Prepared(loaded, edition, chosen_by, register_evidence(loaded))


def edition_info(edition: Edition, chosen_by: str, period_from: dt.date, period_to: dt.date) -> EditionInfo:
    """The edition as every output names it (id, title, source, confidence, how it was chosen, and
    whether it is in force over the whole period)."""
    return EditionInfo(id=edition.id, title=edition.title, source=edition.source, decision=edition.decision,
                       model_set=edition.model_set, confidence=edition.confidence, incomplete=edition.incomplete,
                       valid_from=edition.valid_from.isoformat(),
                       valid_to=edition.valid_to.isoformat() if edition.valid_to else None, chosen_by=chosen_by,
                       covers_period=edition.covers(period_from, period_to))


def validation(prepared: Prepared) -> Validation:
    """What ``validate`` reports of a prepared submission."""
    loaded, sub = prepared.loaded, prepared.loaded.submission
    return Validation(source=str(loaded.path), agency_code=sub.agency.code, agency_name=sub.agency.name,
                      period_from=sub.period.from_, period_to=sub.period.to,
                      edition=edition_info(prepared.edition, prepared.chosen_by, sub.period.from_, sub.period.to),
                      documents=len(sub.documents), late_dossier_groups=len(sub.late_dossiers), figures=len(sub.figures),
                      plan_tasks=sum(len(p.tasks) for p in sub.plans),
                      register_rows=prepared.register.rows if prepared.register is not None else None,
                      notices=input_notices(loaded, prepared.edition))


def score_submission(prepared: Prepared, book: RuleBook | None = None, runner: RuleRunner | None = None) -> Scorecard:
    """Score a prepared submission: metrics and checks, facts, rules (durable_rules) → findings; criteria →
    scores. ``runner``: as for :func:`check_submission`."""
    book = book or rulebook()
    loaded, edition, register = prepared.loaded, prepared.edition, prepared.register
    sub = loaded.submission
    ctx = MetricContext(loaded, book.metrics, register=register)
    checks = run_checks(ctx, book.checks)
    facts = build_facts(ctx, checks)
    if register is not None and sub.dossiers is not None:
        from compliance.registers.reported import comparison_facts

        facts += comparison_facts(sub.dossiers.model_dump(mode="json", exclude_none=True), register.summary)
    rules = sorted((r for r in book.rules.values() if r.fact not in REGISTER_FACTS), key=lambda r: r.id)
    findings = find_gaps(facts, rules, sub.agency.name, sid=sub.agency.code, runner=runner)
    if register is not None:
        findings = merge_findings(findings + register_findings(register, book))
    scorer = Scorer(edition, sub, ctx, disagreements(book, checks))
    totals = scorer.score()
    return Scorecard(
        agency_code=sub.agency.code, agency_name=sub.agency.name, unit_type=sub.agency.unit_type.value,
        province=sub.agency.province,
        period=f"{sub.period.from_:%d/%m/%Y}–{sub.period.to:%d/%m/%Y}",
        edition=edition_info(edition, prepared.chosen_by, sub.period.from_, sub.period.to),
        totals=totals, rows=scorer.rows, findings=findings, shortfalls=shortfalls(scorer.rows, edition), checks=checks,
        metrics=ctx.all(),
        informational=informational(loaded), notices=input_notices(loaded, edition),
        rules_run=[r.id for r in rules] + ([s.id for s in register.rules if s.state == "checked"] if register else []),
        submission_source=str(loaded.path),
    )


def check_submission(loaded: LoadedSubmission, criteria: str | None = None, book: RuleBook | None = None,
                     runner: RuleRunner | None = None) -> Scorecard:
    """Score one loaded submission and flag its gaps: :func:`prepare_submission`, then
    :func:`score_submission`.

    ``criteria``: an edition id or file (else the manifest's, else by unit type and period).
    ``runner``: a RuleRunner built from ``compile_rules`` to share across many submissions (a round);
    one is made and disposed of otherwise. Raises InputError when no edition fits or the input is bad.
    """
    return score_submission(prepare_submission(loaded, criteria), book, runner)

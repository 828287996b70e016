"""The history of rounds in an embedded SQLite database (stdlib ``sqlite3``).

Each round is stored with its criteria editions, its inputs' SHA-256 digests, the folder it was run
on, and all its results: per agency the totals, rank and class; per agency and node the self,
computed, round-1, round-2 and final points; the gaps (with the waiver that covers them); the
unreadable submissions; the round's errors and warnings.

A stored round is never replaced silently (issue 11): storing a round under an id the database
already holds is refused (InputError naming the stored round's date, size and folder) unless
``replace`` is given, and then the stored round stays as a superseded version (``version`` 1, 2, …;
``superseded_at`` set): history never loses an appraisal. A stored round marked incomplete (some
submission unreadable) does not hold its id (:func:`holds_its_id`, the one place of that decision):
the next run under it is stored as its next version without ``replace``, the incomplete one kept as
superseded in the same way, so a round is never blocked by its own correction (QA2 #2, #3). Queries
read the current version; ``round history`` lists every version, and ``round compare`` takes
``ROUND@vN`` for an older one.

Storing is ONE transaction: a failure or a killed process part-way leaves the database as it was
(SQLite's rollback journal; tested by injecting a failure and by killing a child process at
:func:`_checkpoint`). Inside :func:`compliance.io.files.publish_together` the COMMIT waits for the
end of that block and lands together with the council workbook (``round run``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from compliance.errors import InputError, checkpoint
from compliance.i18n import M, Moment
from compliance.io.files import make_folder_for, publish, shown
from compliance.round.eras import comparison_notes
from compliance.round.model import RoundResult, StoredVersion

SCHEMA_VERSION = "2"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rounds (
    round_id TEXT NOT NULL, version INTEGER NOT NULL, stored_at TEXT NOT NULL, as_of TEXT NOT NULL,
    as_of_source TEXT NOT NULL, criteria TEXT, editions TEXT NOT NULL, council TEXT, partial INTEGER NOT NULL,
    agencies INTEGER NOT NULL, failed INTEGER NOT NULL, formula TEXT NOT NULL, folder TEXT, superseded_at TEXT,
    PRIMARY KEY (round_id, version));
CREATE TABLE IF NOT EXISTS inputs (
    round_id TEXT NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    round_id TEXT NOT NULL, version INTEGER NOT NULL, agency_code TEXT NOT NULL, agency_name TEXT NOT NULL,
    unit_type TEXT NOT NULL, period TEXT NOT NULL, edition_id TEXT NOT NULL, model_set INTEGER NOT NULL, rank INTEGER,
    ranked_among INTEGER, index_percent REAL NOT NULL, class_name TEXT, appraised REAL NOT NULL, survey REAL NOT NULL,
    bonus REAL NOT NULL, penalty REAL NOT NULL, applicable_max REAL NOT NULL, waived_max REAL NOT NULL,
    self_points REAL, formula TEXT NOT NULL, source TEXT NOT NULL,
    PRIMARY KEY (round_id, version, agency_code));
CREATE TABLE IF NOT EXISTS scores (
    round_id TEXT NOT NULL, version INTEGER NOT NULL, agency_code TEXT NOT NULL, node_id TEXT NOT NULL,
    level TEXT NOT NULL, leaf INTEGER NOT NULL, name TEXT NOT NULL, max_points REAL NOT NULL, state TEXT NOT NULL,
    self_score REAL, computed REAL, round1 REAL, round1_note TEXT, round1_by TEXT, explanation TEXT, round2 REAL,
    round2_note TEXT, round2_by TEXT, final REAL, difference REAL, change TEXT, waiver_id TEXT,
    PRIMARY KEY (round_id, version, agency_code, node_id));
CREATE TABLE IF NOT EXISTS adjustments (
    round_id TEXT NOT NULL, version INTEGER NOT NULL, agency_code TEXT NOT NULL, kind TEXT NOT NULL,
    points REAL NOT NULL, reason TEXT NOT NULL, evidence TEXT NOT NULL, by TEXT);
CREATE TABLE IF NOT EXISTS findings (
    round_id TEXT NOT NULL, version INTEGER NOT NULL, agency_code TEXT NOT NULL, rule TEXT NOT NULL,
    rule_version INTEGER NOT NULL, severity TEXT NOT NULL, subject TEXT NOT NULL, message TEXT NOT NULL,
    count INTEGER NOT NULL, waiver_id TEXT);
CREATE TABLE IF NOT EXISTS failures (
    round_id TEXT NOT NULL, version INTEGER NOT NULL, path TEXT NOT NULL, error TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS issues (
    round_id TEXT NOT NULL, version INTEGER NOT NULL, severity TEXT NOT NULL, kind TEXT NOT NULL,
    subject TEXT NOT NULL, message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS results_agency ON results (agency_code);
"""
TABLES = ("inputs", "results", "scores", "adjustments", "findings", "failures", "issues", "rounds")
CURRENT = "superseded_at IS NULL"
"""The condition on ``rounds`` that picks each round's current version."""


def _checkpoint(stage: str) -> None:
    """A point between the steps of :func:`store_round` ("store:results", …, see
    :func:`compliance.errors.checkpoint`); tests replace it to inject a failure or a kill."""
    checkpoint(f"store:{stage}")


def _migrate_from_1(conn: sqlite3.Connection) -> None:
    """Schema 1 (one version per round id) → 2: every stored round becomes version 1, current."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in TABLES:
            conn.execute(f"ALTER TABLE {table} RENAME TO old_{table}")  # noqa: S608 - fixed names
        conn.execute("DROP INDEX IF EXISTS results_agency")
        for statement in SCHEMA.split(";"):
            if statement.strip() and "meta (" not in statement:
                conn.execute(statement)
        for table in TABLES:
            old = [r[1] for r in conn.execute(f"PRAGMA table_info(old_{table})")]
            conn.execute(f"INSERT INTO {table} (version, {', '.join(old)}) "  # noqa: S608 - names from the schema
                         f"SELECT 1, {', '.join(old)} FROM old_{table}")
            conn.execute(f"DROP TABLE old_{table}")
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (SCHEMA_VERSION,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _connect(path: Path, create: bool) -> sqlite3.Connection:
    path = Path(path)
    if not create and not path.exists():
        raise InputError(path, M("no history database at {value}: 'round run' stores rounds in rounds.sqlite in the folder it is run from, unless given --db; point at it with --db", value=path.resolve()))
    if path.is_dir():
        raise InputError(path, M("is a folder, the history database is a file"))
    if create:
        make_folder_for(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        conn.execute("PRAGMA foreign_keys = ON")
        row = None
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is not None and row[0] == "1":
            _migrate_from_1(conn)
        elif row is not None and row[0] != SCHEMA_VERSION:
            conn.close()
            raise InputError(path, M("history database schema {value}, this version reads {schema_version}", value=row[0], schema_version=SCHEMA_VERSION))
        conn.executescript(SCHEMA)
        if row is None:
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    except sqlite3.DatabaseError as exc:
        raise InputError(path, M("not a history database ({exc})", exc=exc)) from None
    return conn


def _folder_of(result: RoundResult) -> str | None:
    """The folder the round was run on: the one holding its submissions."""
    folders = {str(Path(i.path).resolve().parent) for i in result.inputs if i.kind == "submission"}
    return folders.pop() if len(folders) == 1 else None


class RoundStored(InputError):
    """A round id the history already holds, stored without ``replace``: ``stored`` is what
    :func:`stored_round` says of the stored version (a surface may offer its own way out)."""

    def __init__(self, path: Path, stored: dict):
        self.stored = stored
        where = M(" from {source}", source=stored["source"]) if stored["source"] else ""
        super().__init__(path, M("round '{rid}' is already stored (on {value}: {agencies} agencies, {failed} unreadable{where}): give --replace to store this run as version {value2} and keep the stored one as superseded, or name this run with --round", rid=stored["round_id"], value=Moment(stored["stored_at"]), agencies=stored["agencies"], failed=stored["failed"], where=where, value2=stored["version"] + 1),
                         "--round")


def holds_its_id(stored: dict | None) -> bool:
    """Whether a run under the id of ``stored`` (what :func:`stored_round` says of a round's current
    version; None: nothing stored) needs ``replace``: yes when that version is complete; no when it is
    marked incomplete (``partial``: some submission could not be read), so that its correction is stored
    as the next version without ``replace``."""
    return stored is not None and not stored["partial"]


_COLUMNS = "version, stored_at, agencies, failed, folder, partial"
"""What :func:`_stored` reads of a stored version."""
_STORED = f"SELECT {_COLUMNS} FROM rounds"


def stored_round(path: str | Path, round_id: str) -> dict | None:
    """The current stored version of ``round_id`` in the database at ``path`` (None when the database
    does not exist or does not hold it): ``{round_id, version, stored_at (datetime), agencies, failed,
    source, partial}``, ``source`` being where its submissions came from (a folder, or the uploaded
    files' names), ``partial`` whether it is marked incomplete (see :func:`holds_its_id`).
    Raises InputError when ``path`` is not a history database."""
    if not Path(path).exists():
        return None
    with closing(_connect(Path(path), create=False)) as conn:
        row = conn.execute(f"{_STORED} WHERE round_id = ? AND {CURRENT}",  # noqa: S608 - fixed text
                           (round_id,)).fetchone()
    return _stored(round_id, row) if row else None


def _stored(round_id: str, row: tuple) -> dict:
    version, stored_at, agencies, failed, folder, partial = row
    return {"round_id": round_id, "version": version, "stored_at": dt.datetime.fromisoformat(stored_at),
            "agencies": agencies, "failed": failed, "source": folder, "partial": bool(partial)}


def store_round(path: str | Path, result: RoundResult, replace: bool = False, source: str | None = None) -> int:
    """Store ``result`` in the database at ``path`` (created if absent); returns its version (1, 2, …).

    ``source``: where the round's submissions came from, as the history keeps it (default: the one
    folder holding them; a surface that read uploaded files gives their names). A round id already
    stored is refused (:class:`RoundStored`, an InputError naming the stored round's date, agencies and
    source) unless ``replace`` or the stored version is marked incomplete (:func:`holds_its_id`): then
    the stored version is kept, marked superseded, and this one is stored as the next version.
    ``result.stored`` is set to how it was stored (:class:`compliance.round.model.StoredVersion`, whose
    ``note()`` is the line to say when an incomplete version was superseded). One transaction: either
    the whole new round is stored or the database is left as it was; inside
    :func:`compliance.io.files.publish_together` the COMMIT waits for the end of that block. Raises
    InputError when ``path`` is not a history database.
    """
    rid = result.round_id
    new = not Path(path).exists()
    made = Path(os.path.realpath(path))  # a link to nowhere keeps pointing there: its target is what is made
    conn = None

    def rollback() -> None:
        if conn is not None:
            _end(conn, "ROLLBACK")
        if new:  # the database was made for this round: it goes with it, also when stopped while making it
            made.unlink(missing_ok=True)

    try:
        conn = _connect(Path(path), create=True)
        _checkpoint("opened")
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute(f"{_STORED} WHERE round_id = ? AND {CURRENT}", (rid,)).fetchone()  # noqa: S608
        stored = _stored(rid, row) if row else None
        if holds_its_id(stored) and not replace:
            raise RoundStored(Path(path), stored)
        now = dt.datetime.now().isoformat(timespec="seconds")
        version = 1
        if stored is not None:
            conn.execute(f"UPDATE rounds SET superseded_at = ? WHERE round_id = ? AND {CURRENT}", (now, rid))
            version = conn.execute("SELECT MAX(version) FROM rounds WHERE round_id = ?", (rid,)).fetchone()[0] + 1
        _checkpoint("superseded")
        key = (rid, version)
        editions = sorted({a.edition.id for a in result.agencies})
        conn.execute("INSERT INTO rounds VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
            *key, now, result.as_of, result.as_of_source, result.criteria, ",".join(editions), result.council,
            int(result.partial), len(result.agencies), len(result.failed), result.formula.vi,
            source if source is not None else _folder_of(result), None))
        conn.executemany("INSERT INTO inputs VALUES (?,?,?,?,?)",
                         [(*key, i.kind, i.path, i.sha256) for i in result.inputs])
        conn.executemany("INSERT INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
            (*key, a.agency_code, a.agency_name, a.unit_type, a.period, a.edition.id, int(a.edition.model_set),
             a.rank, a.ranked_among, a.totals.index_percent, a.totals.class_name.vi if a.totals.class_name else None,
             a.totals.appraised, a.totals.survey, a.totals.bonus, a.totals.penalty, a.totals.applicable_max,
             a.totals.waived_max, a.totals.self_points, a.totals.formula.vi, a.source) for a in result.agencies])
        _checkpoint("results")
        conn.executemany("INSERT INTO scores VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
            (*key, a.agency_code, r.id, r.level, int(r.leaf), r.name.vi, r.max_points, r.state.value, r.self_score,
             r.computed, r.round1, r.round1_note, r.round1_by, r.explanation, r.round2, r.round2_note, r.round2_by,
             r.final, r.difference, r.change.vi if r.change else None, r.waiver.id if r.waiver else None)
            for a in result.agencies for r in a.rows])
        _checkpoint("scores")
        conn.executemany("INSERT INTO adjustments VALUES (?,?,?,?,?,?,?,?)", [
            (*key, a.agency_code, x.kind, x.points, x.reason, "; ".join(x.evidence), x.by)
            for a in result.agencies for x in a.adjustments])
        conn.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?)", [
            (*key, a.agency_code, f.rule, f.rule_version, f.severity.value, f.subject, f.message.vi, f.count,
             (a.waived_findings.get(f"{f.rule}|{f.subject}").id if f"{f.rule}|{f.subject}" in a.waived_findings
              else None)) for a in result.agencies for f in a.findings])
        conn.executemany("INSERT INTO failures VALUES (?,?,?,?)", [(*key, f.path, f.error) for f in result.failed])
        conn.executemany("INSERT INTO issues VALUES (?,?,?,?,?,?)",
                         [(*key, i.severity, i.kind, i.subject, i.message.vi) for i in result.issues])
        _checkpoint("commit")
    except BaseException:
        rollback()
        raise
    publish(lambda: _end(conn, "COMMIT"), rollback,
            M("round '{rid}' (version {version}) in {path}", rid=rid, version=version, path=shown(path)))
    result.stored = StoredVersion(round_id=rid, version=version) if stored is None else StoredVersion(
        round_id=rid, version=version, superseded=stored["version"], superseded_at=stored["stored_at"],
        superseded_failed=stored["failed"], superseded_incomplete=not holds_its_id(stored))
    return version


def _end(conn: sqlite3.Connection, statement: str) -> None:
    """COMMIT or ROLLBACK, then close the connection (a ROLLBACK with no transaction open is fine)."""
    try:
        if conn.in_transaction:
            conn.execute(statement)
    finally:
        conn.close()


def stored_rounds(path: str | Path, holding: bool = False) -> list[str]:
    """Round ids in the database (their current versions), in order; ``holding``: only those that hold
    their id (:func:`holds_its_id`: not marked incomplete)."""
    with closing(_connect(Path(path), create=False)) as conn:
        rows = conn.execute(f"SELECT round_id, {_COLUMNS} FROM rounds WHERE {CURRENT} ORDER BY round_id")  # noqa: S608
        return [row[0] for row in rows if not holding or holds_its_id(_stored(row[0], row[1:]))]


def stored_agencies(path: str | Path) -> list[tuple[str, str]]:
    """``(code, name)`` of every agency in the stored rounds (current versions), by code; the name
    of its latest round."""
    with closing(_connect(Path(path), create=False)) as conn:
        rows = conn.execute(f"SELECT r.agency_code, r.agency_name FROM results r JOIN rounds d ON d.round_id = "
                            f"r.round_id AND d.version = r.version WHERE d.{CURRENT} ORDER BY r.agency_code, "
                            f"d.stored_at").fetchall()  # noqa: S608 - fixed text
    return sorted({code: name for code, name in rows}.items())


def agency_history(path: str | Path, agency: str) -> list[dict]:
    """One row per stored round and version holding ``agency``: round, version, period, edition, index %,
    rank, class, partial; ``superseded_at`` (ISO time) for a version that was replaced, and
    ``versions``, how many versions its round has.

    Raises InputError when no stored round holds the agency.
    """
    with closing(_connect(Path(path), create=False)) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute(
            "SELECT r.round_id, r.version, r.period, r.edition_id, r.model_set, r.index_percent, r.rank, "
            "r.ranked_among, r.class_name, r.appraised, r.survey, r.bonus, r.penalty, r.applicable_max, "
            "r.agency_name, d.partial, d.as_of, d.superseded_at, "
            "(SELECT COUNT(*) FROM rounds v WHERE v.round_id = r.round_id) AS versions "
            "FROM results r JOIN rounds d USING (round_id, version) WHERE r.agency_code = ? "
            "ORDER BY r.round_id, r.version", (agency,))]
    if not rows:
        raise InputError(path, M("agency {agency} is in no stored round", agency=agency), "AGENCY")
    return rows


def compare_rounds(path: str | Path, round_a: str, round_b: str) -> dict:
    """What moved between two stored rounds.

    ``round_a``/``round_b``: a round id (its current version) or ``ID@vN`` (version N, also a replaced
    one). Returns ``{"a", "b", "agencies": [...], "scores": [...]}``: per agency code (union of both
    rounds) the index, rank and class in each, the index change (points of %) and the points not checked
    in each (``unchecked_a``/``unchecked_b``: counted 0 in a provisional index, such as survey points
    before the appraisal); per agency and
    sub-criterion whose final points differ, both values and the change; ``notes`` ({vi, en}) on how
    the rounds were matched (two sides of 01/7/2025, changed criteria sets; see
    :mod:`compliance.round.eras`). InputError when a round or version is not stored.
    """
    with closing(_connect(Path(path), create=False)) as conn:
        conn.row_factory = sqlite3.Row
        keys = [_version_key(conn, path, rid, where) for rid, where in ((round_a, "ROUND_A"), (round_b, "ROUND_B"))]
        res = {rid: {r["agency_code"]: dict(r) for r in conn.execute(
            "SELECT agency_code, agency_name, index_percent, rank, ranked_among, class_name, period, edition_id, unit_type "
            "FROM results WHERE round_id = ? AND version = ?", key)} for rid, key in zip((round_a, round_b), keys)}
        unchecked = [{r[0]: r[1] for r in conn.execute(
            "SELECT agency_code, SUM(max_points) FROM scores WHERE round_id = ? AND version = ? AND leaf = 1 "
            "AND state = 'not_checked' GROUP BY agency_code", key)} for key in keys]
        scores = [dict(r) for r in conn.execute(
            "SELECT a.agency_code, a.node_id, a.name, a.final AS final_a, b.final AS final_b, a.state AS state_a, "
            "b.state AS state_b FROM scores a JOIN scores b ON a.agency_code = b.agency_code AND a.node_id = b.node_id "
            "WHERE a.round_id = ? AND a.version = ? AND b.round_id = ? AND b.version = ? AND a.leaf = 1 AND b.leaf = 1 "
            "AND (a.final IS NOT b.final OR a.state != b.state) ORDER BY a.agency_code, a.node_id", (*keys[0], *keys[1]))]
    agencies = []
    for code in sorted(set(res[round_a]) | set(res[round_b])):
        ra, rb = res[round_a].get(code), res[round_b].get(code)
        agencies.append({
            "agency_code": code, "agency_name": (rb or ra)["agency_name"],
            "index_a": ra["index_percent"] if ra else None, "index_b": rb["index_percent"] if rb else None,
            "change": round(rb["index_percent"] - ra["index_percent"], 2) if ra and rb else None,
            "rank_a": f"{ra['rank']}/{ra['ranked_among']}" if ra else None,
            "rank_b": f"{rb['rank']}/{rb['ranked_among']}" if rb else None,
            "class_a": ra["class_name"] if ra else None, "class_b": rb["class_name"] if rb else None,
            "unchecked_a": unchecked[0].get(code, 0.0) if ra else None,
            "unchecked_b": unchecked[1].get(code, 0.0) if rb else None})
    for s in scores:
        s["change"] = (round(s["final_b"] - s["final_a"], 4)
                       if s["final_a"] is not None and s["final_b"] is not None else None)
    notes = comparison_notes(round_a, round_b, res[round_a], res[round_b])
    return {"a": round_a, "b": round_b, "agencies": agencies, "scores": scores, "notes": notes}


_VERSIONED = re.compile(r"^(?P<rid>.+)@v(?P<version>[0-9]+)$")


def _version_key(conn: sqlite3.Connection, path, given: str, where: str) -> tuple[str, int]:
    """(round id, version) for "ID" (the current version) or "ID@vN"; InputError naming what is stored."""
    match = _VERSIONED.match(given)
    if match:
        row = conn.execute("SELECT round_id, version FROM rounds WHERE round_id = ? AND version = ?",
                           (match["rid"], int(match["version"]))).fetchone()
    else:
        row = conn.execute(f"SELECT round_id, version FROM rounds WHERE round_id = ? AND {CURRENT}",
                           (given,)).fetchone()  # noqa: S608 - fixed text
    if row is None:
        known = [f"{r[0]}@v{r[1]}" if r[2] else r[0] for r in conn.execute(
            "SELECT round_id, version, superseded_at FROM rounds ORDER BY round_id, version")]
        raise InputError(path, M("no stored round '{given}' (stored: {value})", given=given, value=', '.join(known) or 'none'), where)
    return row[0], row[1]

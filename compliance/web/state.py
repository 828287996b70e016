"""What the server keeps between requests, all in memory and all bounded: browser sessions (each with
its CSRF token), the results a session may still download, its inspection round, and background jobs.

Nothing here is written to disk: an upload lives in a request's temporary folder (``uploads.workspace``);
a round's submissions are kept as bytes in the session so the round can be run again with an appraisal,
and written to a new temporary folder for each run. Rounds reach the disk only through ``--db``.

Bounds, over every session together (the oldest goes first): :data:`MAX_SESSIONS` sessions,
:data:`MAX_RESULTS` scorecards, :data:`MAX_JOBS` jobs and :data:`MAX_ROUNDS` rounds, so memory stays flat
however many requests and browsers come (a round holds at most the upload cap of forms). Each kept thing
belongs to the session that made it (:class:`Owned`): another browser cannot see it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from compliance.i18n import text

MAX_SESSIONS = 1000
MAX_RESULTS = 32
MAX_JOBS = 32
MAX_ROUNDS = 8


class Owned:
    """Things kept for their session: at most ``limit`` over every session (least recently used forgotten
    first); :meth:`get` finds a thing only for the session that put it."""

    def __init__(self, limit: int):
        self._items: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def put(self, session: "Session", key: str, value: Any) -> None:
        with self._lock:
            self._items[(session.id, key)] = value
            self._items.move_to_end((session.id, key))
            while len(self._items) > self._limit:
                self._items.popitem(last=False)

    def get(self, session: "Session", key: str) -> Any:
        with self._lock:
            found = self._items.get((session.id, key))
            if found is not None:
                self._items.move_to_end((session.id, key))
            return found

    def of(self, session: "Session") -> list[Any]:
        """The things kept for ``session``, oldest first."""
        with self._lock:
            return [v for (sid, _k), v in self._items.items() if sid == session.id]

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class Round:
    """An inspector's round in the making: submissions (safe name → bytes); the appraisal file as
    uploaded (name, bytes) and the appraisal as data (the file's shape), which the page's entries
    change (``edited``); the waivers file; the name suggested for the next run, the name of the last
    run and its result; what the last upload's .zip held that is not a submission (``skipped``); who
    appraises (``appraiser``)."""

    files: dict[str, bytes] = field(default_factory=dict)
    appraisal_file: tuple[str, bytes] | None = None
    appraisal: dict | None = None
    edited: bool = False
    waivers: tuple[str, bytes] | None = None
    suggested: str | None = None
    round_id: str | None = None
    result: Any = None
    skipped: list = field(default_factory=list)
    """The entries of the last upload's .zip that were not taken, each (name in the archive, why)."""
    appraiser: str | None = None
    """Who appraises in this session (typed once in an agency's page, offered again on the next)."""

    def size(self) -> int:
        return (sum(len(b) for b in self.files.values()) + (len(self.waivers[1]) if self.waivers else 0)
                + (len(self.appraisal_file[1]) if self.appraisal_file else 0))


@dataclass
class Session:
    """One browser: its id (the cookie), its CSRF token and its language."""

    id: str
    csrf: str
    lang: str = "vi"


class Sessions:
    """The sessions by id, at most :data:`MAX_SESSIONS` (least recently used forgotten first)."""

    def __init__(self, limit: int = MAX_SESSIONS):
        self._items: OrderedDict[str, Session] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def get(self, sid: str | None) -> Session | None:
        with self._lock:
            found = self._items.get(sid) if sid else None
            if found is not None:
                self._items.move_to_end(sid)
            return found

    def new(self) -> Session:
        session = Session(secrets.token_urlsafe(24), secrets.token_urlsafe(24))
        with self._lock:
            self._items[session.id] = session
            while len(self._items) > self._limit:
                self._items.popitem(last=False)
        return session

    def __len__(self) -> int:
        return len(self._items)


class Job:
    """Work running in the background: its state (``running``, ``done``, ``error``), the stage and how
    far it is (fed by the API's ``progress(length, label)`` callback), the one-line error, the result,
    and the page to show when it is done (``next``)."""

    def __init__(self, kind: str, next_url: str):
        self.id = secrets.token_urlsafe(12)
        self.kind = kind
        self.next = next_url
        self.state = "running"
        self.stage: object = ""  # a catalogue message (said in the page's language) or text
        self.total = 0
        self.done = 0
        self.error: str | None = None
        self.lang = "vi"  # the language its error line is said in (the page's)
        self.status = 200
        self.result: Any = None
        self.started = time.monotonic()
        self.ended: float | None = None

    def progress(self, length: int, label: str):
        """The API's progress callback: a context manager whose value has ``update(n)``."""
        self.stage, self.total, self.done = label, length, 0
        job = self

        class _Bar:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return None

            def update(self, n, current_item=None):
                job.done = min(job.total, job.done + n)

        return _Bar()

    def to_json(self, lang: str | None = None) -> dict:
        """What the page polls: state, stage (in ``lang``, default the job's), done/total, percent (None
        while unknown), seconds, error."""
        percent = round(100 * self.done / self.total) if self.total else None
        if self.state == "done":
            percent = 100
        stage = text(self.stage, lang or self.lang)
        return {"id": self.id, "kind": self.kind, "state": self.state, "stage": stage, "done": self.done,
                "total": self.total, "percent": percent, "error": self.error, "next": self.next,
                "seconds": round((self.ended or time.monotonic()) - self.started, 1)}


class Runner:
    """Runs jobs on a few worker threads, so long work never blocks the page."""

    def __init__(self, workers: int = 2):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="compliance-job")

    def submit(self, job: Job, work: Callable[[Job], Any], explain: Callable[[BaseException, str], tuple[int, str]]) -> None:
        """Run ``work(job)`` in the background; its value becomes ``job.result``; an exception becomes
        ``job.error`` and ``job.status`` as ``explain(exc, job.lang)`` says them (an InputError's line
        and 400, anything else one line and 500)."""
        def run() -> None:
            try:
                job.result = work(job)
                job.state = "done"
            except Exception as exc:  # noqa: BLE001 - shown as one line on the page, never a traceback
                job.status, job.error = explain(exc, job.lang)
                job.state = "error"
            finally:
                job.ended = time.monotonic()

        self._pool.submit(run)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

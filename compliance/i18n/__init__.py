"""THE message catalogue: every word the product says to a person, in Vietnamese and in English, and the
one way each language writes numbers and dates.

Messages (:class:`Message`, made with :func:`M` or :func:`MC`) are gettext messages: the English text is
the message id, written at the place that says it (so the code reads as it did), and the Vietnamese
lives in one catalogue, ``compliance/i18n/locale/vi/LC_MESSAGES/compliance.po``, read with Babel. A
:class:`Message` is a ``str`` holding its English text (so code and tests that compare or search
messages keep working), with ``get(lang)`` for the text in "vi" or "en". Values fill ``{name}`` places
in both languages; a value that is itself a :class:`Message` or a number wrapper (:class:`Num`,
:class:`Pct`, :class:`Day`) is written in the language asked for.

Why gettext and Babel rather than a catalogue module of our own: the ``.po`` file is the format
translators' tools read (Poedit, Weblate, ``pybabel update`` marks a changed English text fuzzy), the
English stays at the place of use, and Babel (which also formats the numbers, :mod:`compliance.i18n.numbers`)
extracts every message from the code, so ``tests/test_i18n.py`` fails when a message has no Vietnamese
or the catalogue keeps one nobody says. ``make messages`` refreshes the catalogue from the code.

Layer: foundation (imports nothing of the project but itself; Babel is loaded on the first Vietnamese text).
"""

from __future__ import annotations

from compliance import LANG_ENV  # the package's own constant: the command line reads it before anything loads
from compliance.i18n.catalogue import translate
from compliance.i18n.numbers import (Day, DaySpan, Moment, Num, Pct, Signed, count, date, day_span, moment, number, percent,
                                     points, signed_points)

LANGS = ("vi", "en")
"""The output languages; Vietnamese is the default everywhere."""



def norm_lang(lang: str | None) -> str:
    """"en" for English, "vi" for anything else (the default)."""
    return "en" if lang == "en" else "vi"


class Message(str):
    """A message in both languages: the ``str`` value is the English text with its values filled in;
    ``get(lang)`` gives it in "vi" or "en". ``msgid`` (English with ``{name}`` places), ``context``
    (a gettext context telling two meanings of one English text apart) and ``params`` are kept.

    Example: ``M("no sheet '{sheet}'", sheet="Hồ sơ").get("vi")`` → "không có trang tính 'Hồ sơ'".
    """

    msgid: str
    context: str | None
    params: dict

    def __new__(cls, msgid: str, context: str | None = None, /, **params) -> "Message":
        obj = super().__new__(cls, _fill(msgid, params, "en"))
        obj.msgid, obj.context, obj.params = msgid, context, params
        return obj

    def get(self, lang: str | None) -> str:
        """The text in ``lang`` ("vi" default, "en")."""
        if lang == "en":
            return str.__str__(self)
        return _fill(translate(self.msgid, self.context), self.params, "vi")

    def both(self) -> dict[str, str]:
        """``{"vi": …, "en": …}`` (for a bilingual model field such as ``model.base.Text``)."""
        return {"vi": self.get("vi"), "en": self.get("en")}

    def __reduce__(self):  # pickling (a round's worker processes send messages back)
        return (_rebuild, (self.msgid, self.context, self.params))

    def __repr__(self) -> str:
        return f"M({self.msgid!r}{', ' + repr(self.context) if self.context else ''}" + "".join(
            f", {k}={v!r}" for k, v in self.params.items()) + ")"


class Words(str):
    """Text that a data file already gives in both languages (a form column's Vietnamese and English
    names, a criterion's name, a note of the index file): a ``str`` holding the English (the Vietnamese
    when there is none), with ``get(lang)``: ``Words("Tổng số", "total").get("vi")`` → "Tổng số"."""

    vi: str
    en: str

    def __new__(cls, vi: str, en: str | None = None) -> "Words":
        obj = super().__new__(cls, en or vi)
        obj.vi, obj.en = vi, en or vi
        return obj

    def get(self, lang: str | None) -> str:
        return self.en if lang == "en" else self.vi

    def __contains__(self, part: str) -> bool:
        return part in self.vi or part in self.en

    def __reduce__(self):
        return (Words, (self.vi, self.en))

    def __repr__(self) -> str:
        return f"Words({self.vi!r}, {self.en!r})"


def _rebuild(msgid, context, params):
    return Message(msgid, context, **params)


def M(msgid: str, /, **params) -> Message:  # noqa: N802 - the catalogue's one short name, as gettext's _()
    """The message ``msgid`` (English, ``{name}`` places) with ``params``."""
    return Message(msgid, None, **params)


def MC(context: str, msgid: str, /, **params) -> Message:  # noqa: N802
    """The message ``msgid`` in ``context`` (where one English word has two Vietnamese ones)."""
    return Message(msgid, context, **params)


def text(value: object, lang: str | None) -> str:
    """Anything said to a person in ``lang``: a :class:`Message` (or anything with ``get(lang)``, as a
    number wrapper or a bilingual model text) translated, other values as ``str``."""
    if value is None:
        return ""
    if isinstance(value, BaseException) and value.args:  # an error raised with a catalogue message
        value = value.args[0]
    get = getattr(value, "get", None)
    if callable(get) and not isinstance(value, dict):
        return get(lang)
    return str(value)


def compose(template: str, /, **parts) -> Message:
    """A message made only of other messages and values, with no words of its own ("{place} ({note})",
    "{register}: {places}"): each part said in the language asked. Not a catalogue message (there is
    nothing to translate)."""
    return Message(template, "compose", **parts)


def join(parts, sep: str = "; ") -> Message:
    """Several messages joined by ``sep``, still a :class:`Message` (each part in the language asked)."""
    parts = list(parts)
    names = {f"p{i}": p for i, p in enumerate(parts)}
    return Message(sep.join("{" + n + "}" for n in names), "join", **names)


def _fill(template: str, params: dict, lang: str) -> str:
    if not params:
        return template
    return template.format(**{k: text(v, lang) if isinstance(v, BaseException) or callable(getattr(v, "get", None))
                              and not isinstance(v, dict) else v for k, v in params.items()})


__all__ = ["LANGS", "LANG_ENV", "M", "MC", "Message", "Words", "Day", "DaySpan", "Moment", "Num", "compose", "Pct", "Signed", "count", "date", "day_span", "join", "moment", "norm_lang",
           "number", "percent", "points", "signed_points", "text"]

"""The catalogue's two vocabularies, for the check that an output has no word of the other language.

The rule, for an output in Vietnamese: a word is a run of ASCII letters standing alone (not part of a
token holding a digit, ``_``, ``.``, ``/``, ``-``, ``@``, ``:`` or ``=``: ids, codes, paths, file
names, options, rule ids); proper nouns and codes are left out by taking only the English words of
four letters or more that the Vietnamese side of the catalogue never uses itself (so Excel, PAPI,
CSV, UTF-8, LibreOffice… stay allowed) and that are not all capitals. Data a user wrote (quoted
'…' values, file paths) is skipped the same way.

For an output in English: the Vietnamese side's fixed phrases of three plain words or more (a
catalogue text split at its ``{places}`` and punctuation; no capitals, which mark proper nouns such as
"Văn phòng UBND tỉnh" that data hold too) must not appear.
"""

from __future__ import annotations

import re
from functools import lru_cache

from compliance.i18n.catalogue import vietnamese

_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[A-Za-z]+")
_CODE = re.compile(r"[\d_./@:=\\-]|[A-Za-z][a-z]*[A-Z]")  # ids, paths, options, camelCase


def _words(text: str) -> set[str]:
    out = set()
    for token in _TOKEN.findall(re.sub(r"'[^'\n]*'|\"[^\"\n]*\"", " ", text)):
        core = token.strip("()[]{},;!?«»“”‘’`*|<>")
        if not core or _CODE.search(core.rstrip(".:")):
            continue
        out.update(w for w in _WORD.findall(core) if core == w or core.rstrip(".:") == w)
    return out


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """English words of the catalogue (msgids) that its Vietnamese side does not use."""
    cat = vietnamese()
    en, vi = set(), set()
    for (_ctx, msgid), msgstr in cat.items():
        en |= {w.lower() for w in _WORD.findall(re.sub(r"\{[^}]*\}", " ", msgid))}
        vi |= {w.lower() for w in _WORD.findall(msgstr)}
    return frozenset(w for w in en - vi if len(w) >= 4)


def english_in(text: str) -> set[str]:
    """The catalogue's English words found standing alone in ``text`` (all-capital words left out)."""
    words = english_words()
    return {w for w in _words(text) if w.lower() in words and not w.isupper()}


@lru_cache(maxsize=1)
def vietnamese_phrases() -> frozenset[str]:
    """Runs of three or more words of the catalogue's Vietnamese texts (split at their places)."""
    out = set()
    for msgstr in vietnamese().values():
        for chunk in re.split(r"\{[^}]*\}|[():;,.'\"—–→×=%/]", msgstr):
            words = chunk.split()
            # plain words only: a capital marks a proper noun (Văn phòng UBND tỉnh, Chỉ số CCHC), which data hold too
            if len(words) >= 3 and any(ord(c) > 127 for c in chunk) and chunk == chunk.lower() \
                    and all(w.isalpha() for w in words):
                out.add(" ".join(words))
    return frozenset(out)


def vietnamese_in(text: str) -> set[str]:
    """The catalogue's Vietnamese phrases found in ``text``."""
    flat = " ".join(text.split())
    return {p for p in vietnamese_phrases() if p in flat}

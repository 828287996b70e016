"""The command line's help pages in the output language (Vietnamese by default, English with
``COMPLIANCE_LANG=en`` or ``--lang en`` on the command line asking for help).

The help texts stay in English where they are written (command docstrings, ``help=`` of options): they are
message ids of the catalogue (``compliance.i18n.extract.help_texts`` collects them for ``make messages``,
tests/test_i18n.py wants a Vietnamese text for each). This module applies the Vietnamese, in one place,
through click's documented hooks and only when a help page is written:

- :class:`HelpContext` (set as every command's ``context_class`` by :func:`install`) knows the language
  (``main()`` passes it to the root context, children inherit it); its ``get_help()`` shows the command's,
  its options' and its subcommands' texts in Vietnamese while the page is written, then puts the English
  back (so nothing is left changed for the next call in the same process);
- :class:`VietnameseFormatter` (its ``make_formatter()``) writes click's own words: "Usage:", the
  section headings, "[default: …]" and "[required]" after an option's text.

Why not Python's gettext for click's words: it reads compiled ``.mo`` files and picks the language from
the process locale (``LANGUAGE``/``LANG``), so a machine set to ``vi_VN`` would print Vietnamese headings
under ``COMPLIANCE_LANG=en``; click's words in a help page are a closed handful, kept in the same catalogue
here. English help loads nothing more than click's own (no Babel).

Layer: surface (imports click and the foundation's ``compliance.i18n`` only).
"""

from __future__ import annotations

import inspect
import os
import re
from contextlib import contextmanager
from typing import Iterator

import click

from compliance.i18n import LANG_ENV, M, MC, norm_lang
from compliance.i18n.catalogue import translate

HEADINGS = {"Usage:": MC("help", "Usage:"), "Options": MC("help", "Options"), "Commands": MC("help", "Commands"),
            "Positional arguments": MC("help", "Positional arguments")}
"""click's section headings (as click writes them) → their messages."""

CLICK_HELP = (M("Show this message and exit."), M("Show the version and exit."))
"""click's own option texts (``--help``, ``--version``): catalogue messages like every option's text."""

_EXTRA = re.compile(r"^(?P<text>.*?)(?P<gap>\s*)\[(?P<items>[^\[\]]*)\]$", re.S)


def install(root: click.Command) -> None:
    """Make every command of ``root``'s tree (groups and their commands, at any depth) write its help
    page through :class:`HelpContext`. Called once when the command tree is complete."""
    for command in _tree(root):
        command.context_class = HelpContext


def help_of(text: str | None) -> str | None:
    """The Vietnamese of a help text (a command's docstring or an option's ``help=``), as click shows it
    (cleaned with :func:`inspect.cleandoc`, cut at a form feed); ``text`` itself when there is none."""
    if not text:
        return text
    english = inspect.cleandoc(text).partition("\f")[0].strip()
    vietnamese = translate(english)
    return vietnamese if vietnamese != english else text


class HelpContext(click.Context):
    """click's context with :attr:`lang`, the language of its help page: ``lang=`` given to the root
    (``cli.main(..., lang=…)``), else the parent's, else ``COMPLIANCE_LANG`` ("vi" unless "en")."""

    def __init__(self, *args, lang: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lang = norm_lang(lang or getattr(self.parent, "lang", None) or os.environ.get(LANG_ENV))

    def make_formatter(self) -> click.HelpFormatter:
        if self.lang == "en":
            return super().make_formatter()
        return VietnameseFormatter(width=self.terminal_width, max_width=self.max_content_width)

    def get_help(self) -> str:
        """The help page of this context's command in :attr:`lang`."""
        if self.lang == "en":
            return super().get_help()
        with _vietnamese_texts(self):
            return super().get_help()


class VietnameseFormatter(click.HelpFormatter):
    """click's help formatter with click's own words in Vietnamese ("Cách dùng:", "Tuỳ chọn",
    "[mặc định: vi]" …)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else HEADINGS["Usage:"].get("vi") + " ")

    def section(self, name: str):
        heading = HEADINGS.get(name)
        return super().section(heading.get("vi") if heading else name)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _extra_in_vietnamese(text)) for term, text in rows], col_max, col_spacing)


def _extra_in_vietnamese(text: str) -> str:
    """An option's text with click's closing ``[default: vi; required]`` in Vietnamese."""
    found = _EXTRA.match(text)
    if not found:
        return text
    items = []
    for item in found["items"].split("; "):
        if item.startswith("default: "):
            item = MC("help", "default: {default}", default=item.partition(": ")[2]).get("vi")
        elif item == "required":
            item = MC("help", "required").get("vi")
        items.append(item)
    return f"{found['text']}{found['gap']}[{'; '.join(items)}]"


@contextmanager
def _vietnamese_texts(ctx: click.Context) -> Iterator[None]:
    """While the page of ``ctx`` is written: its command's, its options' (click's ``--help`` included) and
    its subcommands' help texts in Vietnamese; the English put back afterwards."""
    command = ctx.command
    owners: list = [command, *command.get_params(ctx)]
    if isinstance(command, click.Group):
        owners += [command.get_command(ctx, name) for name in command.list_commands(ctx)]
    kept = []
    try:
        for owner in owners:
            for attr in ("help", "short_help"):
                english = getattr(owner, attr, None)
                if english:
                    kept.append((owner, attr, english))
                    setattr(owner, attr, help_of(english))
        yield
    finally:
        for owner, attr, english in kept:
            setattr(owner, attr, english)


def _tree(command: click.Command) -> Iterator[click.Command]:
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _tree(sub)


__all__ = ["HelpContext", "VietnameseFormatter", "help_of", "install"]

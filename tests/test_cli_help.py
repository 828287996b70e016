"""The command line's help in the output language (issue 15: Vietnamese first).

Every help page (``compliance --help``, every group's and command's) is Vietnamese by default, click's
own words ("Usage:", "Options", "[default: …]", "Show this message and exit.") included, and English
with ``COMPLIANCE_LANG=en`` or ``--lang en`` on the command line; a bad option is said in the output
language with exit 2. The English help texts stay at their commands as message ids
(compliance/cli/help.py).
"""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from compliance.cli import cli, main
from compliance.cli.help import HelpContext, help_of
from compliance.i18n import LANG_ENV
from compliance.i18n.catalogue import translate

sys.path.insert(0, str(Path(__file__).parent))
from i18n_words import english_in, vietnamese_in  # noqa: E402


def _commands(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))


COMMANDS = [" ".join(path) for path, _ in _commands(cli)]


def _run(*args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != LANG_ENV}
    if lang:
        env[LANG_ENV] = lang
    return subprocess.run([sys.executable, "-m", "compliance", *args], capture_output=True, text=True, env=env)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_command_and_option_help_has_its_vietnamese():
    """The real command tree, as registered (commands other branches add included): each command's text,
    each option's and argument's ``help`` and click's own --help/--version texts have a Vietnamese entry."""
    missing = []
    for path, command in _commands(cli):
        ctx = HelpContext(command, info_name=path[-1] if path else "compliance", lang="vi")
        texts = [("", command.help)] + [(p.name, p.help) for p in command.get_params(ctx) if getattr(p, "help", None)]
        assert command.help, f"compliance {' '.join(path)} has no help text"
        for name, text in texts:
            english = inspect.cleandoc(text).partition("\f")[0].strip()
            if translate(english) == english:
                missing.append(f"compliance {' '.join(path)} {name}: {english[:60]!r}")
    assert not missing, missing
    assert len(COMMANDS) >= 32  # the root, its 5 groups and their commands, and 6 commands of its own


def test_check_help_in_vietnamese_by_default():
    done = _run("check", "--help")
    out = _flat(done.stdout)
    assert done.returncode == 0
    assert out.startswith("Cách dùng: python -m compliance check [OPTIONS] PATH")
    assert "Chấm điểm một hồ sơ đánh giá (thư mục có submission.yaml, hoặc tệp YAML/JSON/XLSX) và liệt kê tồn tại, " \
           "hạn chế." in out
    assert "Tuỳ chọn: --criteria ID Mã hoặc tệp bộ tiêu chí" in out
    assert "--xlsx PATH Ghi thêm bảng tính kết quả chấm điểm vào tệp này." in out
    assert "--format [table|json|markdown] [mặc định: table]" in out
    assert "--lang [vi|en] Ngôn ngữ của kết quả. [mặc định: vi]" in out
    assert "-h, --help Hiện trang hướng dẫn này rồi thoát." in out
    assert "Usage" not in out and "Options" not in out and "default" not in out


def test_check_help_in_english_with_the_environment_or_lang_en():
    for done in (_run("check", "--help", lang="en"), _run("check", "--lang", "en", "--help"),
                 _run("check", "--help", "--lang=en")):
        out = _flat(done.stdout)
        assert done.returncode == 0 and out.startswith("Usage: python -m compliance check [OPTIONS] PATH"), out[:80]
        assert "--xlsx PATH Also write the scored workbook here." in out
        assert "--lang [vi|en] Language of the output. [default: vi]" in out
        assert "-h, --help Show this message and exit." in out and "Tuỳ chọn" not in out


def test_root_help_lists_the_commands_in_vietnamese():
    out = _run("--help").stdout
    assert "Lệnh:" in out and "Commands:" not in out
    assert "Kiểm tra công tác cải cách hành chính của cơ quan theo Chỉ số CCHC (PAR INDEX) và PAPI." in _flat(out)
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and line.split()}
    assert "Sổ theo dõi hồ sơ: biểu tổng hợp định kỳ và các quy tắc một cửa." in rows["dossiers"]
    assert rows["rules"].split(None, 1)[1] == "Xem các quy tắc đã nạp (rules/**/*.yaml)."
    assert "--version   Hiện số phiên bản rồi thoát." in out


GLOSS = "(sổ theo dõi hồ sơ)"
"""The field's own term, named in the English text of ``dossiers`` for a reader who meets it in the data."""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_help_page_is_in_one_language(lang, capsys, monkeypatch):
    """Every page, written in this process through main(): Vietnamese pages hold no English word of the
    catalogue (option names, metavars and choices aside), English pages no Vietnamese phrase of it."""
    if lang == "en":
        monkeypatch.setenv(LANG_ENV, "en")
    else:
        monkeypatch.delenv(LANG_ENV, raising=False)
    leaks = {}
    for command in COMMANDS:
        main([*command.split(), "--help"])
        page = capsys.readouterr().out
        assert page.startswith("Cách dùng:" if lang == "vi" else "Usage:"), (command, page[:60])
        # an English page may quote what the user types in Vietnamese ("quý 2/2024" for --period): quoted
        # input, not prose, is left out
        found = english_in(_prose(page)) if lang == "vi" else vietnamese_in(
            re.sub(r'"[^"]*"', "", _flat(page)).replace(GLOSS, ""))
        if found:
            leaks[command] = sorted(found)
    assert not leaks, leaks


def _prose(page: str) -> str:
    """A help page without its usage line, the first column of its option and command lists (names,
    metavars, choices) and the default values (codes such as 'table')."""
    kept, listing = [], False
    for line in page.splitlines()[1:]:
        if line and not line.startswith(" "):  # a heading: the lists come after the first one
            listing = True
            continue
        if listing:
            line = re.sub(r"^  \S.*?(\s{2,}|$)", "", line) if re.match(r"^  \S", line) else line
        kept.append(re.sub(r"\[mặc định: [^\]]*\]", "", line))
    return "\n".join(kept)


def test_a_vietnamese_page_leaves_the_english_in_place(capsys, monkeypatch):
    monkeypatch.delenv(LANG_ENV, raising=False)
    main(["round", "run", "--help"])
    vi = capsys.readouterr().out
    main(["round", "run", "--help", "--lang", "en"])
    en = capsys.readouterr().out
    assert "Chấm điểm mọi hồ sơ đánh giá trong FOLDER" in _flat(vi)
    assert "Score every submission in FOLDER, apply the appraisal and waivers, rank, store and report." in _flat(en)
    run = cli.commands["round"].commands["run"]
    assert run.help.startswith("Score every submission") and help_of(run.help).startswith("Chấm điểm")
    assert "appraisal" in next(p.help for p in run.params if p.name == "appraisal")


def test_an_unknown_option_is_said_in_vietnamese_with_exit_2():
    done = _run("check", "--bogus")
    assert done.returncode == 2 and done.stderr.strip() == "lỗi: không có tuỳ chọn: --bogus (xem --help)"
    done = _run("check", "--bogus", lang="en")
    assert done.returncode == 2 and done.stderr.strip() == "error: no such option: --bogus (see --help)"


def test_click_value_errors_in_the_users_terms():
    done = _run("round", "run", "x", "--workers", "-1")
    assert done.returncode == 2
    assert done.stderr.strip() == "lỗi: giá trị không hợp lệ cho '--workers': hãy nhập số nguyên từ 0 trở lên (xem --help)"
    done = _run("serve", "--max-upload-mb", "0", lang="en")
    assert done.stderr.strip() == "error: invalid value for '--max-upload-mb': enter a number of at least 0.1 (see --help)"
    done = _run("serve", "--max-upload-mb", "0")
    assert "hãy nhập số từ 0,1 trở lên" in done.stderr
    done = _run("check", "x", "--lang")
    assert done.returncode == 2 and done.stderr.strip() == "lỗi: tuỳ chọn --lang cần có giá trị (xem --help)"
    done = _run("criteria", "import", "x.xlsx", "-o", "y.yaml", "--valid-from", "2020")
    assert done.stderr.strip() == ("lỗi: giá trị không hợp lệ cho '--valid-from': hãy nhập ngày theo dạng "
                                   "YYYY-MM-DD / DD/MM/YYYY (xem --help)")


def test_a_group_without_its_command_shows_its_help_page():
    done = _run("dossiers")
    assert done.returncode == 2 and done.stderr.startswith("Cách dùng: python -m compliance dossiers [OPTIONS] COMMAND")
    assert "lỗi" not in done.stderr and "Lệnh:" in done.stderr and "Áp dụng các quy tắc một cửa" in _flat(done.stderr)

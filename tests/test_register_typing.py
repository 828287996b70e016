"""The SQL that types a register's cells (compliance.registers.typed) reads what compliance.io.vnparse
reads: the fast paths (strptime on digit shapes, the ENUM of spellings, the strip only where an end
holds whitespace) give the same value as the general reading and as Python, on every string of the
shapes they take and on generated ones around them."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.io.vnparse import VnParseError, normalize_key, parse_date
from compliance.registers.reader import connect
from compliance.registers.schema import REGISTER_FIELDS, code_keys
from compliance.registers.typed import CODED, FAST_DATES, WHITESPACE, spellings, text_expr, typed_expr, typed_select

_CON = []


def con():
    if not _CON:
        _CON.append(connect())
    return _CON[0]


def python_day(text: str | None) -> dt.date | None:
    """What the reader must give for a date cell: vnparse's day, None where it refuses (or blank)."""
    if text is None or not text.strip():
        return None
    try:
        return parse_date(text).date
    except VnParseError:
        return None


DATE_FIELD = next(f for f in REGISTER_FIELDS if f.kind == "date")


def sql_days(values: list[str]) -> list:
    """The days the reader's typing gives (the ``LIKE`` + ``strptime`` projection, then ``vn_date``), and
    the days ``vn_date`` gives alone (the general reading, which the usual shape skips): both must agree."""
    cells = "SELECT x, i FROM unnest(?::VARCHAR[]) WITH ORDINALITY t(x, i)"
    typed = con().execute(f"SELECT v_{DATE_FIELD.name}, vn_date(x) FROM ({typed_select([(DATE_FIELD, 'x')], cells, ['x', 'i'])}) "
                          "ORDER BY i", [values]).fetchall()
    assert [r[0] for r in typed] == [r[1] for r in typed]
    return [r[0] for r in typed]


def test_whitespace_is_what_str_strip_strips():
    assert list(WHITESPACE) == [c for c in range(0x110000) if chr(c).isspace()]
    got = [r[0] for r in con().execute("SELECT u FROM range(0, 13000) t(u) WHERE vn_space(u)").fetchall()]
    assert got == [c for c in WHITESPACE if c < 13000]


def test_every_string_of_the_fast_shapes_reads_as_vnparse_reads_it():
    """Every day-first and ISO date of 2024's February over the characters strptime is lenient with
    (spaces, tabs, signs) and digits at each place: the fast branch, the general one and Python agree."""
    values = []
    alphabet = "0129 \t+"
    for a, b in itertools.product(alphabet, repeat=2):
        values += [f"{a}{b}/02/2024", f"0{a}/{b}2/2024", f"01/02/20{a}{b}", f"01/02/2024 {a}{b}:30",
                   f"01/02/2024 10:{a}{b}:00", f"2024-0{a}-{b}1", f"2024-02-01 2{a}:{b}9:59", f"01/02/{a}{b}00"]
    values += ["01/02/0000", "0000-02-01", "29/02/2023", "31/04/2024", "03/15/2020", "01/02/2024 24:00",
               "2024-02-01 23:60:00", "01/02/2024 10:30:60"]
    got = sql_days(values)
    assert [python_day(v) for v in values] == got
    assert sum(d is not None for d in got) >= 90  # many of them are dates: the test reads real days
    glob = " OR ".join(f"x GLOB '{shape}'" for shape, _fmt, _at in FAST_DATES)
    fast = con().execute(f"SELECT count(*) FROM unnest(?::VARCHAR[]) t(x) WHERE {glob}", [values]).fetchone()[0]
    assert fast >= 120  # a third of them went through the fast branches (the rest: spaces, signs, short parts)
    usual = con().execute("SELECT count(*) FROM unnest(?::VARCHAR[]) t(x) WHERE x LIKE '__/__/____'", [values]).fetchone()[0]
    assert usual >= 150  # and half through the usual shape's LIKE, spaces and signs at every place of it


def test_the_usual_date_shape_keeps_only_what_vnparse_reads_the_same():
    """``strptime`` behind the ``LIKE '__/__/____'`` accepts spaces before the day and a short year followed
    by spaces: every ten-character string of that shape over digits, spaces, tabs, signs and a letter at
    two places at a time gives vnparse's day (None where vnparse refuses)."""
    alphabet = "0129 \t+-x\u00a0"
    base = "01/02/2024"
    places = [i for i in range(10) if base[i] != "/"]
    values = []
    for p, q in itertools.combinations(places, 2):
        for a, b in itertools.product(alphabet, repeat=2):
            v = list(base)
            v[p], v[q] = a, b
            values.append("".join(v))
    got = sql_days(values)
    assert got == [python_day(v) for v in values]
    assert sum(d is not None for d in got) >= 350 and got.count(None) >= 2000  # 391 days, 2,409 refused


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.builds(lambda d, m, y, t, pad, ws: ws[0] + f"{d:02d}/{m:02d}/{y:04d}" + t + ws[1],
              st.integers(0, 32), st.integers(0, 13), st.integers(0, 2100),
              st.sampled_from(["", " 08:15", " 23:59:59", " 24:00", " 7:05", "T08:15"]), st.booleans(),
              st.tuples(st.sampled_from(["", " ", "\t", "\u00a0"]), st.sampled_from(["", " ", "\r", "\u3000"]))),
    st.builds(lambda d, t: d.isoformat() + t, st.dates(dt.date(1, 1, 1), dt.date(2100, 12, 31)),
              st.sampled_from(["", " 00:00:00", " 12:30:45", "T12:30", " 25:00:00"])),
    st.text(alphabet="0123456789/-: \t", min_size=8, max_size=19),
), min_size=1, max_size=40))
def test_generated_dates_read_as_vnparse_reads_them(values):
    assert sql_days(values) == [python_day(v) for v in values]


@pytest.mark.parametrize("kind", CODED)
def test_every_spelling_looked_up_gives_the_code_of_its_key(kind):
    """The ENUM holds each spelling as listed, lower, capitalised and upper; each gives the code its key
    gives, and text off the list (other cases, spaces, no accents) is read through the key in SQL."""
    forms = spellings(kind)
    keys = code_keys(kind)
    assert all(keys[normalize_key(f)] == code for f, code in forms.items())
    extra = [f"  {f.swapcase()} " for f in list(forms)[:20]] + ["Truc tuyen", "xyz", ""]
    values = list(forms) + extra
    got = [r[0] for r in con().execute(f"SELECT vn_{kind}(x) FROM unnest(?::VARCHAR[]) WITH ORDINALITY t(x, i) ORDER BY i",
                                       [values]).fetchall()]
    assert got == [keys.get(normalize_key(v)) if v.strip() else None for v in values]


def test_text_is_stripped_as_str_strip_strips_it():
    values = ["Sở Tư pháp", " Sở Tư pháp", "Sở Tư pháp\t", "\u00a0HS-01\u3000", "\t=1+1", "\r=1", "  ", "a b", ""]
    # every whitespace character at either end, after a composed Vietnamese letter, a combining mark, a
    # character that starts a grapheme cluster (U+0600) and a CR LF: the end is looked at by code point
    for ws in map(chr, WHITESPACE):
        values += [f"Sở Y tế{ws}", f"{ws}Sở Y tế", f"e\u0301{ws}", f"\u0600{ws}", f"HS-01\r\n{ws}", f"{ws}à{ws}"]
    got = [r[0] for r in con().execute(f"SELECT {text_expr('x')} FROM unnest(?::VARCHAR[]) WITH ORDINALITY t(x, i) "
                                       "ORDER BY i", [values]).fetchall()]
    assert got == [v.strip() or None for v in values]


def test_whole_numbers():
    field = next(f for f in REGISTER_FIELDS if f.kind == "int")
    values = ["0", "7", "07", "12", " 3 ", "123456", "1234567", "1.5", "-1", "+2", "x", "", "1.0", " 2.00", "1.000",
              "1,0", "12.0"]
    got = [r[0] for r in con().execute(f"SELECT {typed_expr(field, 'x')} FROM unnest(?::VARCHAR[]) WITH ORDINALITY t(x, i) "
                                       "ORDER BY i", [values]).fetchall()]
    # "1.0" / "2.00" are a program's whole numbers (QA6 F10); "1.000" is a thousand in Vietnamese: refused
    assert got == [0, 7, 7, 12, 3, 123456, None, None, None, None, None, None, 1, 2, None, None, 12]


# ---------------------------------------------------------------- what the one read statement keeps

HEAD = "Mã hồ sơ,Mã thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Ngày văn bản xin lỗi\n"


def test_decomposed_vietnamese_is_composed_so_one_agency_is_one(tmp_path):
    """A CSV written with decomposed marks (as macOS writes it) for some rows reads as the composed rows:
    one agency, one code, found as a duplicate; the file is copied in NFC form before DuckDB reads it."""
    import unicodedata

    from compliance.registers.check import summarize_register
    from compliance.registers.reader import RegisterInputError, load_table

    nfd = unicodedata.normalize("NFD", "Sở Tư pháp")
    assert nfd != "Sở Tư pháp"
    rows = [f"HS-{i},1.001,{nfd if i % 2 else 'Sở Tư pháp'},Trực tuyến,0{i}/02/2024,20/02/2024,1{i}/02/2024,\n"
            for i in range(1, 7)]
    reg = tmp_path / "nfd.csv"
    reg.write_text(HEAD + "".join(rows), encoding="utf-8")
    summary, _loaded = summarize_register(reg, period="2024", by="agency")
    assert [r.key for r in summary.rows] == [("Sở Tư pháp",)]
    assert summary.total.counts["resolved_early"] == 6
    dup = tmp_path / "dup.csv"
    dup.write_text(HEAD + f"{unicodedata.normalize('NFD', 'HS-Đ1')},1.001,Sở X,Trực tuyến,01/02/2024,05/02/2024,,\n"
                   "HS-Đ1,1.001,Sở X,Trực tuyến,01/02/2024,05/02/2024,,\n", encoding="utf-8")
    with pytest.raises(RegisterInputError) as e:
        load_table(connect(), dup)
    assert "'HS-Đ1' appears 2 times (also at row 2)" in e.value.line()


def test_summarize_checks_what_it_counts_and_check_checks_every_cell(tmp_path):
    """``summarize`` types and checks only the cells its table counts: a bad apology date (which no column
    of the table counts) leaves the table as it is, and ``check`` refuses the register naming the row and
    the column; a bad receipt date stops both. The kept view holds exactly the columns asked for."""
    from compliance.registers.check import check_register, summarize_register
    from compliance.registers.reader import RegisterInputError, load_table

    reg = tmp_path / "r.csv"
    reg.write_text(HEAD + "A1,1.001,Sở X,Trực tuyến,01/02/2024,05/02/2024,04/02/2024,\n"
                          "A2,1.001,Sở X,Trực tuyến,01/02/2024,05/02/2024,,31/02/2024\n", encoding="utf-8")
    summary, loaded = summarize_register(reg, period="2024")
    c = summary.total.counts
    assert (c["received_total"], c["resolved_early"], c["in_progress_total"], loaded.rows) == (2, 1, 1, 2)
    with pytest.raises(RegisterInputError) as e:
        check_register(reg, period="2024")
    assert e.value.line() == (f"{reg}: row 3: column 'Ngày văn bản xin lỗi': the date '31/02/2024' does not exist: "
                              "February 2024 has 29 days")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEAD + "A1,1.001,Sở X,Trực tuyến,31/02/2024,05/02/2024,04/02/2024,\n", encoding="utf-8")
    with pytest.raises(RegisterInputError) as e:
        summarize_register(bad, period="2024")
    assert e.value.line() == (f"{bad}: row 2: column 'Ngày tiếp nhận': the date '31/02/2024' does not exist: "
                              "February 2024 has 29 days")
    ok = tmp_path / "ok.csv"
    ok.write_text(HEAD + "A1,1.001,Sở X,Trực tuyến,01/02/2024,05/02/2024,04/02/2024,03/02/2024\n", encoding="utf-8")
    con = connect()
    t = load_table(con, ok, keep={"resolving_agency"})
    assert [d[0] for d in con.execute("SELECT * FROM dossiers LIMIT 0").description] == [
        "rn", "dossier_code", "resolving_agency", "channel", "received_at", "due_at", "result_at"]
    assert t.has("apology_letter_at") and t.rows == 1


def test_summarize_tells_rows_on_all_their_cells(tmp_path):
    """``summarize`` reads only the columns it counts, but a row is left out (empty, totals, notes) or
    refused on all its cells, as ``check`` tells it: a row holding only an agency (a column summarize does
    not read) is a dossier without a code, not an empty row; a totals row's stated count is read from a
    column summarize does not read; an empty row and a notes row are left out and said."""
    from compliance.registers.check import check_register, summarize_register
    from compliance.registers.reader import RegisterInputError

    rows = ("A1,1.001,Sở X,Trực tuyến,01/02/2024,05/02/2024,04/02/2024,\n"
            "A2,1.001,Sở X,Trực tiếp,01/02/2024,05/02/2024,,\n")
    reg = tmp_path / "r.csv"
    reg.write_text(HEAD + rows + ",,Sở Y,,,,,\n", encoding="utf-8")
    for run in (lambda: summarize_register(reg, period="2024"), lambda: check_register(reg, period="2024")):
        with pytest.raises(RegisterInputError) as e:
            run()
        assert e.value.line().splitlines()[0] == f"{reg}: row 4: column 'Mã hồ sơ' is empty; it is required"
    ok = tmp_path / "ok.csv"
    ok.write_text(HEAD + rows + ",,,,,,,\nTổng cộng,,,,,,,3\nGhi chú: số liệu đến 31/12,,,,,,,\n", encoding="utf-8")
    summary, loaded = summarize_register(ok, period="2024")
    assert summary.total.counts["received_total"] == 2 and loaded.rows == 2
    checked = check_register(ok, period="2024")
    notes = [n.get("en") if hasattr(n, "get") else str(n) for n in loaded.notices + summary.notices]
    assert set(notes) <= {n.get("en") if hasattr(n, "get") else str(n) for n in checked.notices}
    assert sorted(notes) == ["1 empty row(s) left out: row 4",
                             "row 5: the totals row ('Tổng cộng') is not a dossier: left out; it states 3, the rows read "
                             "are 2 (difference +1)", "row 6 skipped (a note, not a dossier): Ghi chú: số liệu đến 31/12"]


@pytest.mark.parametrize("data", [
    b"x" * ((1 << 24) - 1) + b"\n" + b"\n" * 3 + b"y\nz",   # breaks across the first piece's end (overlap)
    b"a" * ((1 << 24) - 2) + b"\n\n" + b"b\n",               # two breaks ending the first piece exactly
    b"a" * ((1 << 24) - 1) + b"\n",                          # one piece, ended by its break
    "Mã hồ sơ\r\nA1\r\n\r\nA2".encode(),                     # CR LF, a blank line, a last line without a break
])
def test_the_scan_counts_the_lines_the_line_count_counts(tmp_path, data):
    """The scan running beside DuckDB's read counts the lines as ``line_count`` does (a last line without a
    break counts), also where a break falls on the boundary of the 16 MB pieces it reads."""
    from compliance.registers.raw_input import line_count, scan

    f = tmp_path / "r.csv"
    f.write_bytes(data)
    assert scan(f).lines == line_count(f) == data.count(b"\n") + (0 if data.endswith(b"\n") else 1)

"""Vietnamese numbers and dates (compliance/intake/vnparse.py), and the SQL date reader that must agree."""

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from compliance.io.vnparse import (
    VnParseError,
    normalize_key,
    parse_date,
    parse_number,
)


@pytest.mark.parametrize(
    "text, value, percent, noted",
    [
        ("28.044", 28044, False, True),        # seed report: 28.044 hồ sơ
        ("13.253", 13253, False, True),
        ("47,26 %", 47.26, True, False),        # seed report: chiếm 47,26 %
        ("0,38%", 0.38, True, False),
        ("1,5", 1.5, False, False),
        ("1.234,5", 1234.5, False, False),
        ("1.234.567", 1234567, False, False),
        ("28 044", 28044, False, False),
        ("28\u00a0044", 28044, False, False),
        ("1,234.5", 1234.5, False, True),       # English format is read, and said so
        ("0.5", 0.5, False, True),
        ("1,500", 1.5, False, True),            # Vietnamese decimal comma; English would be 1500
        ("-5", -5, False, False),
        ("−3,5", -3.5, False, False),
        ("102", 102, False, False),
    ],
)
def test_numbers(text, value, percent, noted):
    got = parse_number(text)
    assert got.value == value
    assert type(got.value) is type(value)
    assert got.percent is percent
    assert (got.note is not None) is noted


def test_ambiguous_number_is_reported_not_guessed():
    got = parse_number("28.044")
    assert "28044" in got.note and "English" in got.note
    with pytest.raises(VnParseError, match="ambiguous"):
        parse_number("28.044", strict=True)
    with pytest.raises(VnParseError, match="ambiguous"):
        parse_number("1,500", strict=True)
    assert parse_number("1.234,5", strict=True).value == 1234.5


@pytest.mark.parametrize("bad", ["", "abc", "1,2,3", "12..5", "1.23.4", "5%%", "1 23", ".5", "1,", True, float("nan"), None])
def test_bad_numbers(bad):
    with pytest.raises(VnParseError):
        parse_number(bad)


def test_real_numbers_pass_through():
    assert parse_number(28044).value == 28044
    assert parse_number(47.26).value == 47.26
    assert parse_number(5.0).value == 5 and isinstance(parse_number(5.0).value, int)


@pytest.mark.parametrize(
    "value, day, fmt, noted",
    [
        ("25/12/2020", dt.date(2020, 12, 25), "dmy", False),
        ("05/03/2020", dt.date(2020, 3, 5), "dmy", True),      # both ≤ 12: day-first is assumed and said
        ("5-3-2020", dt.date(2020, 3, 5), "dmy", True),
        ("05.03.2020 14:30", dt.date(2020, 3, 5), "dmy", True),
        ("07/07/2025", dt.date(2025, 7, 7), "dmy", False),
        ("2020-03-05", dt.date(2020, 3, 5), "iso", False),
        ("2020-03-05T10:00:00", dt.date(2020, 3, 5), "iso", False),
        ("ngày 05 tháng 3 năm 2020", dt.date(2020, 3, 5), "vn_words", False),
        ("Ngày 5 tháng 03 năm 2020", dt.date(2020, 3, 5), "vn_words", False),
        (43895, dt.date(2020, 3, 5), "excel_serial", False),   # 2020-01-01 is 43831
        ("43831", dt.date(2020, 1, 1), "excel_serial", False),
        (45839.5, dt.date(2025, 7, 1), "excel_serial", False),
        (dt.date(2025, 7, 1), dt.date(2025, 7, 1), "date_object", False),
        (dt.datetime(2025, 7, 1, 8, 0), dt.date(2025, 7, 1), "date_object", False),
    ],
)
def test_dates(value, day, fmt, noted):
    got = parse_date(value)
    assert got.date == day
    assert got.source_format == fmt
    assert (got.note is not None) is noted


def test_serial_time_of_day():
    assert parse_date(45839.5).time == dt.time(12, 0)
    assert parse_date("05/03/2020 14:30").time == dt.time(14, 30)


@pytest.mark.parametrize(
    "bad, words",
    [
        ("03/15/2020", "month-first"),
        ("31/02/2020", "does not exist: February 2020 has 29 days"),
        ("05/03/20", "two-digit year"),
        ("2020", "a year, not a date"),
        ("", "empty"),
        ("hôm qua", "not a date"),
        (12, "outside the range"),
        ("25:00", "not a date"),
        ("05/03/2020 25:10", "impossible time"),
        ("2020-13-01", "there is no month 13"),
    ],
)
def test_bad_dates(bad, words):
    with pytest.raises(VnParseError, match=words):
        parse_date(bad)


def test_normalize_key():
    assert normalize_key("Ngày hẹn trả") == "ngay hen tra"
    assert normalize_key("NGÀY HẸN TRẢ (dd/mm/yyyy)") == "ngay hen tra dd mm yyyy"
    assert normalize_key("Đơn vị giải quyết") == "don vi giai quyet"
    assert normalize_key("due_at") == "due at"


def test_sql_normalize_key_agrees():
    from compliance.registers.reader import connect
    from compliance.io.vnparse import SQL_NORMALIZE_KEY

    con = connect()
    for s in ["Ngày hẹn trả", "ĐƠN VỊ giải quyết", "Hình thức nộp (Trực tuyến/Trực tiếp)", "Mã TTHC", "Số lần gia hạn"]:
        got = con.execute("SELECT " + SQL_NORMALIZE_KEY.format(x="?"), [s]).fetchone()[0]
        assert got == normalize_key(s)


# --- the SQL date reader used for big registers must read exactly what parse_date reads ----------

date_like = st.one_of(
    st.builds(lambda d, m, y, sep, pad: (f"{d:02d}" if pad else str(d)) + sep + (f"{m:02d}" if pad else str(m)) + sep + str(y),
              st.integers(0, 35), st.integers(0, 14), st.integers(1990, 2030), st.sampled_from(["/", "-", "."]), st.booleans()),
    st.builds(lambda d, h, mi: d.isoformat() + (f"T{h:02d}:{mi:02d}:00" if h is not None else ""),
              st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), st.one_of(st.none(), st.integers(0, 25)), st.integers(0, 59)),
    st.builds(lambda n: str(n), st.integers(0, 120000)),
    st.builds(lambda d, m, y: f"ngày {d} tháng {m} năm {y}", st.integers(1, 32), st.integers(1, 13), st.integers(2000, 2030)),
    st.text(alphabet="0123456789/-. :Tháng", max_size=16),
)


_CON = []


@settings(max_examples=200, deadline=None)
@given(st.lists(date_like, min_size=1, max_size=40))
def test_sql_dates_agree_with_parse_date(values):
    from compliance.registers.reader import connect

    if not _CON:
        _CON.append(connect())
    con = _CON[0]
    got = [r[0] for r in con.execute("SELECT vn_date(x) FROM unnest(?::VARCHAR[]) t(x)", [values]).fetchall()]
    for v, sql_day in zip(values, got):
        try:
            expected = parse_date(v).date if v.strip() else None
        except VnParseError:
            expected = None
        assert sql_day == expected, v

"""The one-stop rules over registers: hand-counted findings, legal basis by date, settings, the
differential test (SQL vs durable_rules vs Python on small and generated registers), the CLI."""

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from compliance.engine.conditions import evaluate
from compliance.engine.runner import EngineError, RuleRunner
from compliance.io.yamlio import load_model
from compliance.model.rules import RuleFile
from compliance.registers import check as check_mod
from compliance.registers.check import check_register
from compliance.cli.dossiers import dossiers
from compliance.registers.reader import Settings
from compliance.registers.rules import RULES_FILE, durable_rulesets, load_rules, to_fact

ROOT = Path(__file__).resolve().parents[1]
REGISTER_CSV = ROOT / "samples" / "registers" / "demo-2025-register.csv"
HEAD = ("Mã hồ sơ,Mã thủ tục,Tên thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,"
        "Ngày văn bản xin lỗi,Ngày hẹn trả lại,Số lần gia hạn,Trạng thái,Ngày kết quả bản giấy\n")
CAT_HEAD = "Mã thủ tục,Tên thủ tục,Quyết định công bố,Ngày quyết định công bố,Ngày văn bản quy phạm có hiệu lực,Ngày công khai trên CSDL quốc gia,Ngày bãi bỏ\n"

# one dossier per case; P1 published, P2 abolished from 01/7/2024, P3 published 15/3/2024, P9 not in the catalogue
REGISTER = HEAD + "\n".join([
    "OK1,P1,Cấp phép,Sở A,Trực tuyến,04/03/2024,11/03/2024,08/03/2024,,,,Trước hạn,",
    "LATE1,P1,Cấp phép,Sở A,Trực tiếp,04/03/2024,11/03/2024,13/03/2024,,,,Trễ hạn,",          # late, no letter
    "LATE2,P1,Cấp phép,Sở A,Trực tiếp,04/03/2024,11/03/2024,13/03/2024,08/03/2024,13/03/2024,1,Trễ hạn,",  # letter in time
    "APOL1,P1,Cấp phép,Sở A,Trực tiếp,04/03/2024,11/03/2024,13/03/2024,11/03/2024,13/03/2024,1,Trễ hạn,",  # letter on the due date
    "APOL2,P1,Cấp phép,Sở A,Trực tiếp,04/03/2024,11/03/2024,13/03/2024,09/03/2024,13/03/2024,1,Trễ hạn,",  # Saturday: late only in working days
    "RESCH2,P1,Cấp phép,Sở B,Trực tiếp,04/03/2024,11/03/2024,20/03/2024,07/03/2024,18/03/2024,2,Trễ hạn,",  # moved twice, result after new date
    "PAPER1,P1,Cấp phép,Sở B,Trực tiếp,04/03/2024,11/03/2024,14/03/2024,,,,Trễ hạn,11/03/2024",  # late in software only
    "OVER1,P1,Cấp phép,Sở B,Trực tuyến,01/11/2024,15/11/2024,,,,,Đang xử lý,",                  # overdue at 31/12, no letter
    "ABOL1,P2,Đăng ký,Sở B,Trực tuyến,02/07/2024,09/07/2024,05/07/2024,,,,Trước hạn,",          # abolished procedure
    "EARLYP3,P3,Xác nhận,Sở C,Trực tuyến,14/03/2024,20/03/2024,18/03/2024,,,,Trước hạn,",        # before publication
    "UNPUB1,P9,Khác,Sở C,Trực tuyến,14/03/2024,20/03/2024,18/03/2024,,,,Trước hạn,",            # not in catalogue
]) + "\n"
CATALOGUE = CAT_HEAD + "\n".join([
    "P1,Cấp phép,10/QĐ-UBND,05/01/2023,12/01/2023,12/01/2023,",          # 7 days before effect: on time
    "P2,Đăng ký,11/QĐ-UBND,02/01/2023,05/01/2023,13/01/2023,01/07/2024",  # 3 days before effect: late; db 9 working days later
    "P3,Xác nhận,12/QĐ-UBND,15/03/2024,01/04/2024,,",                     # not in the national database
]) + "\n"

EXPECTED = {
    ("onestop.dossier.late_without_apology", "LATE1"), ("onestop.dossier.late_without_apology", "OVER1"),
    ("onestop.dossier.apology_late", "APOL1"),
    ("onestop.dossier.rescheduled_more_than_once", "RESCH2"),
    ("onestop.dossier.result_after_rescheduled_date", "RESCH2"),
    ("onestop.dossier.late_in_software_only", "PAPER1"),
    ("onestop.dossier.procedure_abolished", "ABOL1"),
    ("onestop.dossier.received_before_publication", "EARLYP3"),
    ("onestop.dossier.procedure_not_published", "UNPUB1"),
    ("onestop.procedure.published_late", "P2"),
    ("onestop.procedure.national_db_late", "P2"),
    ("onestop.procedure.national_db_missing", "P3"),
}


def files(tmp_path, register=REGISTER, catalogue=CATALOGUE):
    r = tmp_path / "register.csv"
    r.write_text(register, encoding="utf-8")
    c = None
    if catalogue is not None:
        c = tmp_path / "catalogue.csv"
        c.write_text(catalogue, encoding="utf-8")
    return r, c


def found(result) -> set:
    return {(f["rule"], f["code"]) for f in result.findings}


# --------------------------------------------------------------------------------------- rule file

def test_rule_file_validates_and_its_cases_hold_in_python_and_durable_rules():
    rulefile = load_model(RULES_FILE, RuleFile)
    compiled = {r.id: r for r in load_rules()}
    assert len(rulefile.rules) == 14
    for rule in rulefile.rules:
        for case in rule.tests:
            want = case.expect == "match"
            assert evaluate(rule.when, case.fact) is want, (rule.id, case.name)
            with RuleRunner(durable_rulesets([compiled[rule.id]])) as runner:
                got = bool(runner.evaluate("t", [case.fact]))
            assert got is want, (rule.id, case.name, "durable_rules")


def test_durable_rules_trap_that_the_field_guards_avoid():
    """durable_rules 2.0.28: with another rule holding an $and inside an $or, a field-to-field test on
    an absent field matches; the exists-guards that conditions.to_durable adds prevent it."""
    fact = {"kind": "dossier", "procedure_listed": True, "result_at": "2020-01-07"}
    other = {"$and": [{"kind": "dossier"}, {"$or": [{"procedure_listed": False},
                                                    {"$and": [{"procedure_listed": True}, {"$nex": {"procedure_decision_date": 1}}]}]}]}
    bare = {"$and": [{"kind": "dossier"}, {"$gt": {"result_at": {"$m": "rescheduled_due_at"}}}]}
    guarded = {"$and": [{"kind": "dossier"}, {"$ex": {"result_at": 1}}, {"$ex": {"rescheduled_due_at": 1}}, bare["$and"][1]]}
    with RuleRunner({"rs": {"a": {"all": [{"m": other}]}, "b": {"all": [{"m": bare}]}}}) as r:
        assert [m.rule for m in r.evaluate("s", [fact])] == ["a", "b"]  # the false match
    with RuleRunner({"rs": {"a": {"all": [{"m": other}]}, "b": {"all": [{"m": guarded}]}}}) as r:
        assert [m.rule for m in r.evaluate("s", [fact])] == ["a"]
    from compliance.engine.conditions import parse_condition, to_durable

    compiled = to_durable(parse_condition({"field": "result_at", "gt_field": "rescheduled_due_at"}), "dossier")
    with RuleRunner({"rs": {"a": {"all": [{"m": other}]}, "b": {"all": [{"m": compiled}]}}}) as r:
        assert [m.rule for m in r.evaluate("s", [fact])] == ["a"]


# ------------------------------------------------------------------------------------- hand counts

def test_every_rule_on_a_hand_made_register(tmp_path):
    reg, cat = files(tmp_path)
    result = check_register(reg, cat, period="2024")
    assert found(result) == EXPECTED
    states = {r.id: (r.state, r.findings) for r in result.rules}
    assert states["onestop.dossier.late_without_apology"] == ("checked", 2)
    assert states["onestop.procedure.published_late_ministry"] == ("not_checked", 0)  # no issuer level column
    assert "agreement" in result.engine and "the same" in result.engine["agreement"]
    c = result.summary.total.counts
    assert (c["resolved_total"], c["resolved_early"], c["resolved_late"], c["in_progress_overdue"]) == (10, 4, 6, 1)


def test_group_lists_first_codes_with_rows(tmp_path):
    reg, cat = files(tmp_path)
    result = check_register(reg, cat, period="2024")
    g = next(g for g in result.groups if g.rule_id == "onestop.dossier.late_without_apology" and g.agency == "Sở A")
    assert (g.count, g.first_codes, g.first_places, g.procedure_code) == (1, ["LATE1"], ["row 3"], "P1")
    assert result.groups[0].severity.value == "high"


def test_apology_deadline_in_working_days_is_a_setting_and_said(tmp_path):
    reg, cat = files(tmp_path)
    days = check_register(reg, cat, period="2024")
    work = check_register(reg, cat, period="2024", settings=Settings(apology_unit="working_days"))
    apol = lambda r: sorted(code for rule, code in found(r) if rule == "onestop.dossier.apology_late")
    assert apol(days) == ["APOL1"]
    assert apol(work) == ["APOL1", "APOL2"]  # Saturday 09/3 is after Friday 08/3, one working day before Monday 11/3
    assert "onestop.dossier.apology_late: deadline counted in working days" in work.notices
    assert "onestop.dossier.apology_late: deadline counted in days" in days.notices
    assert next(f for f in work.findings if f["code"] == "APOL2")["deadline_unit"] == "working_days"


def test_legal_basis_follows_the_dossier_date(tmp_path):
    rows = HEAD + "\n".join([
        "A,P1,Cấp phép,Sở A,Trực tiếp,30/06/2025,07/07/2025,09/07/2025,,,,,",
        "B,P1,Cấp phép,Sở A,Trực tiếp,01/07/2025,08/07/2025,10/07/2025,,,,,",
        "C,P1,Cấp phép,Sở A,Trực tiếp,16/09/2025,23/09/2025,25/09/2025,,,,,",
    ]) + "\n"
    reg, _ = files(tmp_path, rows, None)
    result = check_register(reg, period="2025")
    basis = {f["code"]: f["legal_basis"] for f in result.findings if f["rule"] == "onestop.dossier.late_without_apology"}
    assert [b.split(",")[0] for b in basis["A"]] == ["Nghị định 61/2018/NĐ-CP ngày 23/4/2018", "Thông tư 01/2018/TT-VPCP ngày 23/11/2018"]
    assert [b.split(",")[0] for b in basis["B"]] == ["Nghị định 118/2025/NĐ-CP ngày 09/6/2025"]   # decree alone until TT 03/2025
    assert [b.split(",")[0] for b in basis["C"]] == ["Nghị định 118/2025/NĐ-CP ngày 09/6/2025", "Thông tư 03/2025/TT-VPCP ngày 15/9/2025"]
    groups = [g for g in result.groups if g.rule_id == "onestop.dossier.late_without_apology"]
    assert len(groups) == 3  # same agency and procedure, three sets of texts


def test_rules_not_checked_without_catalogue_or_columns(tmp_path):
    head = "Mã hồ sơ,Mã thủ tục,Cơ quan giải quyết,Hình thức nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
    reg, _ = files(tmp_path, head + "A,P1,Sở A,Trực tiếp,04/03/2024,11/03/2024,13/03/2024\n", None)
    result = check_register(reg, period="2024")
    states = {r.id: r for r in result.rules}
    assert states["onestop.dossier.late_without_apology"].state == "not_checked"
    assert states["onestop.dossier.late_without_apology"].reason == "missing column(s): Apology letter at"
    assert states["onestop.dossier.late_without_apology"].reason.get("vi") == "thiếu cột: Ngày văn bản xin lỗi"
    assert states["onestop.dossier.procedure_not_published"].reason == "no procedure catalogue given (--procedures)"
    assert result.findings == []


def test_seed_register_findings(tmp_path):
    spec = importlib.util.spec_from_file_location("gen2", ROOT / "samples" / "registers" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules["gen2"] = gen
    spec.loader.exec_module(gen)
    g = gen.Generator(gen.daknong_2020(), seed=3)
    p = tmp_path / "dn.csv"
    gen.write_register(g, p)
    result = check_register(p, period="2020")
    late = [f for f in result.findings if f["rule"] == "onestop.dossier.late_without_apology"]
    # 102 late − 6 with a letter − 25 late only in the software, plus the 34 overdue at the year's end
    assert len(late) == 102 - 6 - 25 + 34
    assert sum(1 for f in late if f["agency"] == "Sở Tư pháp" and f["values"]["outcome"] == "late") == 64
    assert sum(1 for f in result.findings if f["rule"] == "onestop.dossier.late_in_software_only") == 25


# ------------------------------------------------------------------------------- differential test

def _three_ways(reg, cat, period):
    sql = check_register(reg, cat, period=period, engine="sql")
    dr = check_register(reg, cat, period=period, engine="durable")
    return found(sql), found(dr), sql


def test_differential_on_the_hand_made_register(tmp_path):
    reg, cat = files(tmp_path)
    a, b, _ = _three_ways(reg, cat, "2024")
    assert a == b == EXPECTED


def _python_findings(tmp_path, reg, cat, period):
    """Third path: the reference evaluator over every record of the facts the other two read."""
    from compliance.registers.reader import connect, load_table
    from compliance.registers.summary import create_facts_view, parse_period

    con = connect()
    load_table(con, reg)
    if cat:
        load_table(con, cat, kind="catalogue")
    create_facts_view(con, parse_period(period), catalogue="procedures" if cat else None)
    out = set()
    rules = load_rules()
    for kind, table, code in (("dossier", "dossier_facts", "dossier_code"), ("procedure", "procedures", "code")):
        if kind == "procedure" and not cat:
            continue
        cur = con.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cur.description]
        for row in cur.fetchall():
            fact = to_fact(kind, dict(zip(names, row)))
            for r in rules:
                if r.fact == kind and evaluate(r.cond, fact):
                    out.add((r.id, fact[code]))
    return out


day = st.dates(dt.date(2025, 5, 1), dt.date(2025, 9, 30))


@st.composite
def registers(draw):
    n = draw(st.integers(1, 25))
    rows = []
    for i in range(n):
        rec = draw(day)
        due = rec + dt.timedelta(days=draw(st.integers(0, 20)))
        opt = lambda s: draw(st.one_of(st.none(), s))
        result = opt(st.integers(0, 30).map(lambda k: rec + dt.timedelta(days=k)))
        apology = opt(st.integers(-5, 3).map(lambda k: due + dt.timedelta(days=k)))
        resched = opt(st.integers(-2, 10).map(lambda k: due + dt.timedelta(days=k)))
        count = opt(st.integers(0, 3))
        status = draw(st.sampled_from(["", "Trễ hạn", "Đúng hạn", "Trước hạn", "Đang xử lý"]))
        paper = opt(st.integers(-3, 3).map(lambda k: due + dt.timedelta(days=k)))
        proc = draw(st.sampled_from(["P1", "P2", "P3", "P9"]))
        d = lambda x: "" if x is None else f"{x:%d/%m/%Y}"
        rows.append(f"D{i},{proc},Thủ tục {proc},Sở {draw(st.sampled_from('AB'))},Trực tuyến,{d(rec)},{d(due)},{d(result)},"
                    f"{d(apology)},{d(resched)},{'' if count is None else count},{status},{d(paper)}")
    cats = []
    for code in ("P1", "P2", "P3"):
        dec = draw(st.one_of(st.none(), day))
        eff = draw(day)
        db = draw(st.one_of(st.none(), day))
        abol = draw(st.one_of(st.none(), day))
        d = lambda x: "" if x is None else f"{x:%d/%m/%Y}"
        cats.append(f"{code},Thủ tục {code},{'1/QĐ-UBND' if dec else ''},{d(dec)},{d(eff)},{d(db)},{d(abol)}")
    return HEAD + "\n".join(rows) + "\n", CAT_HEAD + "\n".join(cats) + "\n"


@hsettings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(registers(), st.booleans())
def test_differential_on_generated_registers(tmp_path, data, with_catalogue):
    register, catalogue = data
    reg, cat = files(tmp_path, register, catalogue if with_catalogue else None)
    a, b, _ = _three_ways(reg, cat, "2025")
    assert a == b
    assert a == _python_findings(tmp_path, reg, cat, "2025")


def test_disagreement_between_sql_and_durable_rules_is_an_error(tmp_path, monkeypatch):
    reg, cat = files(tmp_path)
    real = check_mod.load_rules

    def broken(settings=None):
        rules = real(settings)
        rules[2].sql, rules[2].params = "TRUE", []  # SQL now flags every dossier as moved twice
        return rules

    monkeypatch.setattr(check_mod, "load_rules", broken)
    with pytest.raises(EngineError, match="SQL and durable_rules disagree"):
        check_register(reg, cat, period="2024")


# --------------------------------------------------------------------------------------------- CLI

def test_check_cli_outputs(tmp_path):
    reg, cat = files(tmp_path)
    out_json, out_xlsx = tmp_path / "f.json", tmp_path / "f.xlsx"
    r = CliRunner().invoke(dossiers, ["check", str(reg), "--procedures", str(cat), "--period", "2024",
                                      "--json", str(out_json), "--xlsx", str(out_xlsx), "--fail-on", "high"])
    assert r.exit_code == 1, r.output
    assert "Hồ sơ quá hạn không có văn bản xin lỗi" in r.output
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert {(f["rule"], f["code"]) for f in data["findings"]} == EXPECTED
    import openpyxl
    wb = openpyxl.load_workbook(out_xlsx)
    assert wb.sheetnames == ["Tổng hợp", "Quy tắc", "Nhóm", "Phát hiện theo cơ quan", "Chi tiết", "Biểu đồ"]
    assert wb["Chi tiết"].max_row == 3 + len(EXPECTED)  # title, blank row, header, one row per finding
    r = CliRunner().invoke(dossiers, ["check", str(reg), "--period", "2024", "--format", "json", "--lang", "en"])
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert "findings" not in data and data["groups"][0]["severity"] == "high"


# ------------------------------------------------------------------------ reported form vs register

def compare_reported(reported, summary):
    """The onestop.summary.* rules over the comparison facts, as compliance check runs them."""
    from compliance.catalog import rulebook
    from compliance.check import find_gaps
    from compliance.registers.reported import comparison_facts

    rules = [r for r in rulebook().rules.values() if r.fact == "register_comparison"]
    return find_gaps(comparison_facts(reported, summary), rules, "agency", sid="reported")


def test_reported_form_against_the_register(tmp_path):
    from compliance.registers.check import summarize_register

    reg, _ = files(tmp_path)
    summary, _ = summarize_register(reg, period="2024")
    # from the register: received 11 (8 in person/post… see test_every_rule): resolved 10 = 4 early + 0 on time + 6 late
    same = {"resolved": {"total": 10, "early": 4, "on_time": 0, "late": 6}, "stated_rates": {"early": 40.0, "late": 60.0}}
    assert compare_reported(same, summary) == []
    off = {"resolved": {"total": 10, "early": 5, "late": 6}, "stated_rates": {"early": 40.01, "late": 59.0}}
    diffs = compare_reported(off, summary)
    assert [(d.rule, d.message.vi) for d in diffs] == [
        ("onestop.summary.count_differs_from_register", "Trước hạn: báo cáo ghi 5, sổ theo dõi hồ sơ cho 4 (chênh 1)"),
        ("onestop.summary.rate_differs_from_register", diffs[1].message.vi),
    ]
    assert "59" in diffs[1].message.vi and "60" in diffs[1].message.vi
    assert [b.vi for b in diffs[0].legal_basis] == [
        "Thông tư 01/2020/TT-VPCP ngày 21/10/2020, Biểu số 06/VPCP/KSTT, điều khoản chưa được xác minh"]


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """(exit code, what reached stderr) of ``compliance ARGS`` with stderr a terminal (a pseudo-terminal)."""
    import os
    import pty
    import subprocess

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "compliance", *args], stdout=subprocess.DEVNULL, stderr=slave,
                            cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the command closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8")


def test_summarize_convert_and_check_show_their_stage_on_a_terminal_only(tmp_path):
    """QA6 F2/F5: ``summarize`` and ``convert`` showed nothing on a terminal (minutes of silence for a year's
    workbook); ``check``'s bar counted stages as a share done, at 0 % through the read, then ETAs of
    "1:38" a second before the end. Now each says its stage in the command's language, a bar pulsing
    while it works, the step and the time spent; no percentage. Never in a pipe."""
    import subprocess

    workbook = ROOT / "samples" / "registers" / "demo-2025-register.xlsx"
    code, err = _on_a_terminal("dossiers", "summarize", str(workbook), "--xlsx", str(tmp_path / "bieu.xlsx"))
    assert code == 0, err
    assert "đang đọc sổ theo dõi hồ sơ  [" in err and "đang ghi bảng tính  [" in err and "00:0" in err
    assert "%" not in err and "\x1b[?25h" in err  # the cursor shown again when it ends
    code, err = _on_a_terminal("dossiers", "convert", str(REGISTER_CSV), "-o", str(tmp_path / "pq"), "--province", "DNO",
                               "--lang", "en")
    assert code == 0 and "converting the register to Parquet  [" in err and "%" not in err, err
    code, err = _on_a_terminal("dossiers", "check", str(REGISTER_CSV), "--period", "2025")
    assert code == 0 and "đang kiểm tra sổ theo dõi hồ sơ  [" in err and "bước 1/6 · 00:0" in err, err
    assert "bước 6/6" in err and "%" not in err
    piped = subprocess.run([sys.executable, "-m", "compliance", "dossiers", "summarize", str(workbook), "--period", "2025"],
                           capture_output=True, text=True, cwd=ROOT)
    assert piped.returncode == 0 and "đang" not in piped.stderr and "[" not in piped.stderr, piped.stderr


def test_progress_is_said_in_the_commands_language_and_names_its_step(monkeypatch):
    from compliance.cli.dossiers import _progress
    from compliance.i18n import M

    class Terminal:
        def __init__(self):
            self.said = []

        def isatty(self):
            return True

        def write(self, s):
            self.said.append(s)

        def flush(self):
            pass

    for lang, words in (("vi", "đang kiểm tra sổ theo dõi hồ sơ  ["), ("en", "checking register  [")):
        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        with _progress(Settings(), 6, M("checking register"), lang) as bar:
            bar.update(1)
            bar.update(1)
            bar.stage(M("writing the workbook"))
        said = "".join(terminal.said)
        assert said.startswith("\r\x1b[?25l" + words)  # said at once, in the language
        assert ("bước 3/6 · 00:00" if lang == "vi" else "step 3/6 · 00:00") in said
        assert ("đang ghi bảng tính  [" if lang == "vi" else "writing the workbook  [") in said
    monkeypatch.setattr(sys, "stderr", Terminal())
    with _progress(Settings(progress=False), 6, M("checking register"), "vi") as bar:
        bar.update(1)
    assert sys.stderr.said == []


def test_summarize_imports_neither_the_rules_nor_durable_rules_nor_openpyxl():
    """``dossiers summarize`` reads and counts: the rule book's models (pydantic), the condition language,
    durable_rules and the workbook library are the check's, and their imports cost a third of a second
    of every summary (docs/performance.md)."""
    import subprocess

    register = Path(__file__).resolve().parents[1] / "samples/registers/demo-2025-register.csv"
    code = ("import sys\nfrom compliance.cli import cli\n"
            f"try:\n    cli.main(['dossiers', 'summarize', {str(register)!r}, '--period', '2025'], standalone_mode=False)\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('compliance.registers.rules', 'compliance.engine.conditions', 'durable', "
            "'openpyxl', 'holidays') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Trực tuyến" in out  # the summary was printed
    assert out.strip().splitlines()[-1] == "[]"


def test_a_catalogue_of_codes_and_names_only_is_checked_as_far_as_it_goes(tmp_path):
    """A catalogue needs only its codes and names (docs/registers.md): one without publication dates or
    abolition dates stopped the check with an internal error (exit 3, DuckDB's binder); the rules that read
    those dates are now not checked, naming what is missing, and the rest run."""
    cat = tmp_path / "danh-muc.csv"
    cat.write_text("Mã thủ tục,Tên thủ tục\n1.004037,Chứng thực bản sao\n", encoding="utf-8")
    result = check_register(ROOT / "samples/registers/demo-2025-register.csv", cat, period="2025")
    state = {r.id: (r.state, str(r.reason or "")) for r in result.rules}
    assert state["onestop.dossier.received_before_publication"] == (
        "not_checked", "missing column(s): Publication decision date")
    assert state["onestop.dossier.procedure_abolished"] == ("not_checked", "missing column(s): Abolished on")
    assert next(r for r in result.rules if r.id == "onestop.dossier.procedure_abolished").reason.get("vi") == \
        "thiếu cột: Ngày bãi bỏ"
    assert state["onestop.dossier.late_without_apology"][0] == "checked"
    assert result.summary.total.counts["received_total"] == 600

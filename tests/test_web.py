"""``compliance serve`` through Starlette's test client: every page, every upload kind, every error path.

Figures are the seed's and the 2025 round's (samples/round/README.md): the seed form scores 39,97 %
with the gap of 64 late dossiers of Sở Tư pháp without an apology letter; LD-STP ranks 1/2 at 93,92 %.
Bad input must show the very line the command line prints (status 400), never a traceback.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from openpyxl import load_workbook  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from compliance import api  # noqa: E402
from compliance.web import Settings, create_app  # noqa: E402
from compliance.web.uploads import PREFIX, safe_name  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
SEED_YAML = ROOT / "samples" / "daknong-vpubnd-2020" / "submission.yaml"
ROUND = ROOT / "samples" / "round"
SUBS = ROUND / "submissions"
REGISTER = ROOT / "samples" / "demo-centre-2020-register"
REPORTS = ROOT / "samples" / "reports"
TOKEN = "a-long-access-token-123"


@pytest.fixture(autouse=True, scope="module")
def private_temp(tmp_path_factory):
    """Uploads' temporary folders go under this module's own folder, so that the tests counting them
    see only their own (other test runs on the machine make theirs in the shared /tmp)."""
    shared, tempfile.tempdir = tempfile.tempdir, str(tmp_path_factory.mktemp("uploads"))
    yield
    tempfile.tempdir = shared


def client_for(**settings) -> TestClient:
    return TestClient(create_app(Settings(**settings)), follow_redirects=True)


@pytest.fixture()
def client(tmp_path) -> TestClient:
    with client_for(db=tmp_path / "rounds.sqlite", max_upload_mb=4) as c:
        yield c


def csrf(client: TestClient, page: str = "/agency") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(page).text).group(1)


def post_file(client: TestClient, url: str, field: str, path: Path, name: str | None = None, **data):
    with open(path, "rb") as fh:
        return client.post(url, data={"csrf": csrf(client), **data}, files={field: (name or path.name, fh)})


def error_line(html: str) -> str:
    import html as h

    return h.unescape(re.search(r'id="error-line">(.*?)</p>', html, re.S).group(1))


def cli_line(*args: str, cwd: Path) -> str:
    """What ``compliance …`` prints for bad input (its one line after "error: ")."""
    done = subprocess.run([sys.executable, "-m", "compliance", *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    return done.stderr.strip().removeprefix("error: ").removeprefix("lỗi: ")


def wait(client: TestClient, url: str) -> dict:
    """Poll a job's JSON until it ends (at most 120 s)."""
    jid = url.rstrip("/").rsplit("/", 1)[-1]
    for _ in range(1200):
        state = client.get(f"/jobs/{jid}.json").json()
        if state["state"] != "running":
            return state
        time.sleep(0.1)
    raise AssertionError("job did not end in 120 s")


def temp_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob(PREFIX + "*")}


# -- pages and languages ---------------------------------------------------------------------------------------

def test_every_page_answers_in_vietnamese_then_english(client):
    for url, words in [("/", "Cơ quan tự đánh giá"), ("/agency", "Chọn bộ tiêu chí"), ("/inspector", "Chạy vòng đánh giá"),
                       ("/registers", "Sổ theo dõi hồ sơ"), ("/inspector/history", "Lịch sử các vòng")]:
        page = client.get(url)
        assert page.status_code == 200 and words in page.text and '<html lang="vi">' in page.text
        assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert "Agency self-assessment" in client.get("/?lang=en").text
    assert "Choose the criteria edition" in client.get("/agency").text  # the choice is kept for the session
    assert "Chọn bộ tiêu chí" in client.get("/agency?lang=vi").text
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/no-such-page").status_code == 404


def test_edition_chosen_by_unit_type_and_year_with_the_model_set_warning(client):
    page = client.get("/agency?unit_type=provincial_office&year=2020").text
    assert "par-dept-model-2020" in page and "bộ mẫu, không có quyết định ban hành" in page
    assert "/agency/form.xlsx?criteria=par-dept-model-2020" in page
    assert "par-local-model-2020" not in page.split("step_upload")[0].split("<ul class=\"editions\">")[1].split("</ul>")[0]
    page = client.get("/agency?unit_type=commune&year=2025").text
    assert "par-commune-model-2025" in page
    bad = client.get("/agency?unit_type=ministry&year=2020")
    assert bad.status_code == 400 and "loại đơn vị 'ministry' không rõ" in error_line(bad.text)


def test_form_download_is_the_commands_template(client, tmp_path):
    got = client.get("/agency/form.xlsx?criteria=par-dept-model-2020")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "bieu-mau-par-dept-model-2020.xlsx" in got.headers["content-disposition"]
    api.write_template(tmp_path / "cli.xlsx", "par-dept-model-2020")
    web, cli = load_workbook(io.BytesIO(got.content)), load_workbook(tmp_path / "cli.xlsx")
    assert web.sheetnames == cli.sheetnames
    assert [[c.value for c in r] for r in web.worksheets[0].iter_rows()] == [[c.value for c in r] for r in cli.worksheets[0].iter_rows()]
    bad = client.get("/agency/form.xlsx?criteria=no-such")
    assert bad.status_code == 400 and error_line(bad.text).startswith("ô 'Bộ tiêu chí': không có bộ tiêu chí 'no-such'")


# -- the agency's scorecard --------------------------------------------------------------------------------------

def test_seed_form_scores_39_97_with_the_gap_of_64_late_dossiers(client):
    before = temp_folders()
    page = post_file(client, "/agency/check", "file", FORM)
    assert page.status_code == 200 and "/agency/result/" in str(page.url)
    html = page.text
    assert '<span class="big" id="index-value">39,97 %</span>' in html and "Xếp loại: Yếu" in html
    card = api.check(FORM)
    late = next(f for f in card.findings if f.rule == "onestop.late_without_apology" and f.subject == "Sở Tư pháp")
    assert late.count == 64
    row = html.split("<td>Sở Tư pháp</td>")[1].split("</tr>")[0]
    assert "64 hồ sơ trễ hạn của Sở Tư pháp không có văn bản xin lỗi" in row and '<td class="num">64</td>' in row
    assert "Nghị định 61/2018/NĐ-CP ngày 23/4/2018, điểm d khoản 3 Điều 19" in row
    # the tree: a sub-criterion with its reason and the cell its figure came from
    assert "Tỷ lệ hoàn thành kế hoạch CCHC của cơ quan = 95 → mức &gt; 90 → 2" in html
    assert "nguồn: ô C8 (trang &#39;Số liệu&#39;)" in html  # the place in the page's language
    assert html.count('<details class="node field') == 8 and '<details class="node sub_criterion' in html
    # the formula and denominator as the terminal prints them; the chart: one bar per field, points / max
    assert card.totals.formula.vi in html and "Mẫu số: 98 = 100 − 2 (không áp dụng)" in html
    chart = html.split('<svg class="chart"')[1].split("</svg>")[0]
    assert chart.count("<rect") == 16 and "7,175 / 12" in chart and "0 / 16" in chart
    assert temp_folders() <= before  # the upload's folder is gone


def test_downloads_are_the_scored_workbook_and_the_json(client):
    url = str(post_file(client, "/agency/check", "file", FORM).url)
    got = client.get(url + "/scorecard.xlsx")
    assert got.status_code == 200 and "DNO-VPUBND" in got.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(got.content))
    assert len(wb.sheetnames) >= 4
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Sở Tư pháp" in cells and any(v == 64 for v in cells)
    data = json.loads(client.get(url + "/scorecard.json").content)
    assert data["totals"]["index_percent"] == 39.97 and data["submission_source"] == "daknong-vpubnd-2020.xlsx"
    assert data == json.loads(api.render_scorecard(api.check(FORM), "json")) | {"submission_source": "daknong-vpubnd-2020.xlsx"}
    english = client.get(url + "?lang=en").text
    assert '39.97 %</span>' in english and "Late dossiers without" not in english.split("GAPS")[0] and "GAPS" in english


def test_yaml_and_json_submissions(client):
    page = post_file(client, "/agency/check", "file", SEED_YAML)
    assert "39,97 %" in page.text and "Văn phòng UBND tỉnh Đắk Nông" in page.text
    ward = api.check(SUBS / "phuong-xuan-huong.json")
    page = post_file(client, "/agency/check", "file", SUBS / "phuong-xuan-huong.json")
    assert f'{ward.totals.index_percent:.2f} %'.replace(".", ",") in page.text and ward.agency_name in page.text
    page = post_file(client, "/agency/check", "file", SEED_YAML, criteria="par-local-model-2020")
    assert page.status_code == 400
    assert error_line(page.text) == cli_line("check", SEED_YAML.name, "--criteria", "par-local-model-2020",
                                             cwd=SEED_YAML.parent).replace("--criteria", "ô 'Bộ tiêu chí'")  # the page's field


def test_bad_form_shows_the_commands_line(client, tmp_path):
    wb = load_workbook(FORM)
    ws = wb["Số liệu"]
    ws["C8"] = "chín mươi lăm"
    wb.save(tmp_path / "broken.xlsx")
    page = post_file(client, "/agency/check", "file", tmp_path / "broken.xlsx")
    assert page.status_code == 400 and "Traceback" not in page.text
    line = error_line(page.text)
    assert line == cli_line("check", "broken.xlsx", cwd=tmp_path)
    assert line.startswith("broken.xlsx: ô C8 (trang 'Số liệu')")


def test_bad_yaml_and_refused_kinds(client, tmp_path):
    bad = tmp_path / "sai-khoa.yaml"
    bad.write_text(SEED_YAML.read_text(encoding="utf-8").replace("unit_type:", "unit_tpye:", 1), encoding="utf-8")
    page = post_file(client, "/agency/check", "file", bad)
    assert page.status_code == 400 and error_line(page.text) == cli_line("check", bad.name, cwd=tmp_path)
    page = post_file(client, "/agency/check", "file", FORM, name="form.xlsm")
    assert page.status_code == 400 and error_line(page.text) == ("form.xlsm: hồ sơ đánh giá (hoặc báo cáo) phải là một trong: "
                                                           ".xlsx, .yaml, .yml, .json, .docx, .pdf, .txt, .md")
    # a workbook holding macros under an .xlsx name: the safety guard's line
    macro = tmp_path / "macro.xlsx"
    with zipfile.ZipFile(FORM) as src, zipfile.ZipFile(macro, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\0" * 64)
    page = post_file(client, "/agency/check", "file", macro)
    assert page.status_code == 400 and error_line(page.text) == cli_line("check", "macro.xlsx", cwd=tmp_path)
    assert "có macro" in error_line(page.text)
    page = client.post("/agency/check", data={"csrf": csrf(client)})
    assert page.status_code == 400 and error_line(page.text) == "ô 'Tệp': hãy chọn tệp để tải lên"
    # QA8 F14: a .zip of forms sent to the agency's box is pointed to the round's page
    page = post_file(client, "/agency/check", "file", FORM, name="cac-so.zip")
    assert page.status_code == 400 and error_line(page.text) == (
        "cac-so.zip: tệp .zip gồm các biểu mẫu là một vòng đánh giá nhiều cơ quan: hãy nộp ở trang 'Thẩm định, xếp "
        "hạng' (/inspector); ở đây chỉ nộp biểu mẫu (.xlsx), hồ sơ (.yaml, .json) hoặc báo cáo (.docx, .pdf, .txt, .md) "
        "của một cơ quan")
    assert "<h1>Không xử lý được</h1>" in page.text


def test_not_found_page_says_not_found_once(client):
    """QA8 F14: a job or result this browser does not have: the heading says "Không tìm thấy" (not
    "Không xử lý được Không tìm thấy …"), the line why, status 404; in English too."""
    page = client.get("/jobs/no-such-job")
    assert page.status_code == 404 and "<h1>Không tìm thấy</h1>" in page.text and "Không xử lý được" not in page.text
    assert error_line(page.text) == ("trình duyệt này không có gì ở địa chỉ này: kết quả hoặc công việc đã hết hạn "
                                     "(máy chủ chỉ giữ những kết quả gần nhất) hoặc chưa từng được tạo")
    page = client.get("/agency/result/0123?lang=en")
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.text and "<title>Not found" in page.text


def test_narrative_report_upload(client, tmp_path):
    report = REPORTS / "motcua-theo-cap-2024.txt"
    expected = api.lint_report(report)
    assert expected.findings
    page = post_file(client, "/agency/report", "report", report)
    assert page.status_code == 200 and "motcua-theo-cap-2024.txt" in page.text
    import html as h

    text = h.unescape(page.text)
    assert f"({len(expected.findings)})" in text
    for f in expected.findings:
        assert f.place.label("vi") in text and f.message.vi in text
    same = post_file(client, "/agency/check", "file", report)  # the form's upload box takes a report too
    assert same.status_code == 200 and f"({len(expected.findings)})" in same.text and "lint-findings" in same.text
    clean = post_file(client, "/agency/report", "report", REPORTS / "motcua-theo-cap-2024-sach.txt")
    assert clean.status_code == 200 and "Không có phát hiện." in clean.text
    broken = tmp_path / "bao-cao.docx"
    broken.write_bytes(b"not a word file")
    page = post_file(client, "/agency/report", "report", broken)
    assert page.status_code == 400 and error_line(page.text) == cli_line("lint", "bao-cao.docx", cwd=tmp_path)
    page = post_file(client, "/agency/report", "report", FORM)
    assert page.status_code == 400 and "báo cáo phải là một trong: .docx, .pdf, .txt, .md" in error_line(page.text)


def test_a_large_report_is_shown_a_page_at_a_time(client, tmp_path):
    """A report with hundreds of findings: 200 a page, in the report's order, with the count by severity
    and links between pages (the QA's 20 MB report made 25 058 findings and 12 MB of HTML at once)."""
    import html as h

    big = tmp_path / "bao-cao-lon.txt"
    big.write_text("\n".join([(REPORTS / "motcua-theo-cap-2024.txt").read_text(encoding="utf-8")] * 40), encoding="utf-8")
    expected = api.lint_report(big).findings
    assert len(expected) > 400  # three pages: 200, 200 and the rest
    first = post_file(client, "/agency/report", "report", big)
    assert first.status_code == 200 and "/agency/lint/" in str(first.url)
    text = h.unescape(first.text)
    rows = re.findall(r'<tr class="sev-', first.text)
    assert f"({len(expected)})" in text and len(rows) == 200
    assert f"Trang 1/3 (phát hiện 1–200)" in text and "Trang sau" in text and "Trang trước" not in text
    medium = sum(1 for f in expected if f.severity.value == "medium")
    low = sum(1 for f in expected if f.severity.value == "low")
    assert medium + low == len(expected) and f"trung bình: {medium} · thấp: {low}" in text
    last = client.get(str(first.url) + "?page=3")
    tail = len(expected) - 400
    assert len(re.findall(r'<tr class="sev-', last.text)) == tail
    assert f"Trang 3/3 (phát hiện 401–{len(expected)})" in h.unescape(last.text) and "Trang sau" not in last.text
    assert expected[-1].message.vi in h.unescape(last.text)
    beyond = client.get(str(first.url) + "?page=99")  # a page past the end is the last one
    assert "Trang 3/3" in beyond.text
    with client_for() as other:  # another browser's result is not found
        assert other.get(str(first.url).replace("http://testserver", "")).status_code == 404


def test_result_of_another_session_is_not_found(client):
    url = str(post_file(client, "/agency/check", "file", FORM).url)
    with client_for() as other:
        assert other.get(url.replace("http://testserver", "")).status_code == 404


# -- the guard: CSRF, upload cap, token ----------------------------------------------------------------------------

def test_csrf_token_is_required_on_every_form(client):
    client.get("/agency")
    for url in ("/agency/check", "/agency/report", "/inspector/forms", "/inspector/clear", "/inspector/appraisal",
                "/inspector/waivers", "/inspector/run", "/registers/check"):
        assert client.post(url, data={}).status_code == 403, url
        assert client.post(url, data={"csrf": "forged"}).status_code == 403, url
    with open(FORM, "rb") as fh:
        wrong = client.post("/agency/check", data={"csrf": "x" * 32}, files={"file": ("f.xlsx", fh)})
    assert wrong.status_code == 403 and "mã an toàn của biểu mẫu bị thiếu hoặc đã cũ" in wrong.text


def test_uploads_over_the_cap_get_413(tmp_path):
    with client_for(max_upload_mb=0.5) as c:
        token = csrf(c)
        big = c.post("/agency/check", data={"csrf": token}, files={"file": ("big.xlsx", b"x" * 700_000)})
        assert big.status_code == 413 and "0.5 MB" in big.text

        def chunks():  # no Content-Length: counted while it streams in
            yield b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token.encode() + b"\r\n"
            yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\n\r\n"
            for _ in range(8):
                yield b"x" * 100_000
            yield b"\r\n--b--\r\n"

        streamed = c.post("/agency/check", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
        assert streamed.status_code == 413
        assert c.get("/agency").status_code == 200  # the server goes on


def test_token_required_when_set():
    with client_for(token=TOKEN, host="0.0.0.0") as c:
        denied = c.get("/")
        assert denied.status_code == 401 and denied.headers["www-authenticate"].startswith("Basic")
        assert c.get("/", headers={"authorization": "Bearer wrong-token-xxxxx"}).status_code == 401
        assert c.get("/static/style.css").status_code == 401
        page = c.get("/", headers={"authorization": f"Bearer {TOKEN}"})
        assert page.status_code == 200 and "Máy chủ dùng chung: mỗi yêu cầu cần mã truy cập" in page.text
        import base64

        basic = base64.b64encode(f"thanh.tra:{TOKEN}".encode()).decode()
        assert c.get("/agency", headers={"authorization": f"Basic {basic}"}).status_code == 200
        first = c.get(f"/agency?token={TOKEN}&lang=en", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/agency?lang=en"
        assert c.get("/inspector").status_code == 200  # the cookie now carries it


def test_serve_refuses_an_open_address_without_a_token(tmp_path):
    done = subprocess.run([sys.executable, "-m", "compliance", "serve", "--host", "0.0.0.0"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.strip() == ("lỗi: --host: nghe trên 0.0.0.0 (không chỉ máy này) thì cần mã "
                                                            "truy cập: hãy cho --token hoặc --password-file")
    empty = tmp_path / "pw"
    empty.write_text("", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "compliance", "serve", "--password-file", str(empty)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "tệp mật khẩu trống" in done.stderr


def test_serve_prints_addresses_a_browser_can_open(tmp_path):
    """Listening on every interface, the server prints 127.0.0.1 for this machine and this machine's name
    for the others (0.0.0.0 is no address to open), in the language asked, then serves."""
    import socket

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from web_server import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "compliance", "serve", "--host", "0.0.0.0", "--port", str(port),
                             "--token", TOKEN, "--db", str(tmp_path / "r.sqlite"), "--lang", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        lines = [proc.stdout.readline().strip() for _ in range(5)]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert lines == [f"Open in a browser: http://127.0.0.1:{port}/?token={TOKEN}",
                     f"From another machine: http://{socket.gethostname()}:{port}/?token={TOKEN}",
                     "An access token is needed (--token)", f"Rounds are stored in: {tmp_path / 'r.sqlite'}",
                     "Stop: Ctrl-C"]


def test_safe_names():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\a\\Biểu mẫu Sở Tư pháp.xlsx") == "Biểu mẫu Sở Tư pháp.xlsx"
    assert safe_name("..") == "upload" and safe_name("") == "upload" and safe_name(".bashrc") == "bashrc"
    assert safe_name("a;rm -rf $(x).yaml") == "a_rm -rf _(x).yaml"
    # parentheses and dashes are a name as the user wrote it in the .zip (QA7 item 6)
    assert safe_name("Vòng 2025/Sở Tư pháp (bản sửa).yaml") == "Sở Tư pháp (bản sửa).yaml"
    assert safe_name("Xã Nam Ban – bản cuối.yaml") == "Xã Nam Ban – bản cuối.yaml"
    assert safe_name("Sở Y tế: bản <cuối>?.yaml") == "Sở Y tế_ bản _cuối_.yaml"
    assert len(safe_name("x" * 500 + ".xlsx")) == 120 and safe_name("x" * 500 + ".xlsx").endswith(".xlsx")


# -- the inspector's round ---------------------------------------------------------------------------------------

def round_files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(SUBS.glob("*.*"))] + [
        ("submission.yaml", (SUBS / "so-nong-nghiep-moi-truong" / "submission.yaml").read_bytes())]


def upload_round(client: TestClient, files: list[tuple[str, bytes]]):
    return client.post("/inspector/forms", data={"csrf": csrf(client, "/inspector")},
                       files=[("forms", (name, data)) for name, data in files])


def run(client: TestClient) -> dict:
    started = client.post("/inspector/run", data={"csrf": csrf(client, "/inspector")}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/jobs/")
    return wait(client, started.headers["location"])


def test_round_with_appraisal_and_waivers_ranks_as_round_run(client, tmp_path):
    assert upload_round(client, round_files()).status_code == 200
    assert post_file(client, "/inspector/appraisal", "appraisal", ROUND / "appraisal.yaml").status_code == 200
    assert post_file(client, "/inspector/waivers", "waivers", ROUND / "waivers.yaml").status_code == 200
    page = client.get("/inspector").text
    assert "appraisal.yaml (5 cơ quan)" in page and "waivers.yaml" in page  # the five agencies' survey points
    state = run(client)
    assert state["state"] == "done" and state["next"] == "/inspector/round", state
    html = client.get("/inspector/round").text
    expected = api.run_round(SUBS, appraisal=ROUND / "appraisal.yaml", waivers=ROUND / "waivers.yaml")
    ranking = re.findall(r'<td class="num">(\d+)/(\d+)</td><td><a href="/inspector/agency/([^"]+)">.*?'
                         r'<td class="num"><strong>([\d,]+)</strong>', html, re.S)
    assert ranking == [(str(a.rank), str(a.ranked_among), a.agency_code, f"{a.totals.index_percent:.2f}".replace(".", ","))
                       for a in expected.agencies]
    assert ("1", "2", "LD-STP", "93,92") in ranking and ("2", "2", "LD-SNNMT", "66,92") in ranking
    assert "W-2025-07" in html  # the expired waiver, an error of the round
    # the council workbook: the command's sheets
    got = client.get("/inspector/council.xlsx")
    api.write_council_workbook(expected, tmp_path / "cli.xlsx")
    assert load_workbook(io.BytesIO(got.content)).sheetnames == load_workbook(tmp_path / "cli.xlsx").sheetnames
    assert load_workbook(io.BytesIO(client.get("/inspector/appraisal.xlsx").content)).sheetnames
    assert json.loads(client.get("/inspector/round.json").content)["round_id"] == "2025"
    # stored in --db: the history page draws LD-STP's index
    hist = client.get("/inspector/history?agency=LD-STP").text
    assert "2025" in hist and "<svg" in hist and "93,92" in hist and "<polyline" not in hist
    # a second round (another id) without the bonus: the chart draws the index over both
    second = tmp_path / "tham-dinh-2.yaml"
    second.write_text((ROUND / "appraisal.yaml").read_text(encoding="utf-8").replace('round: "2025"', 'round: "2025-lan-2"')
                      .replace("bonus_cap: 2", "bonus_cap: 0"), encoding="utf-8")
    assert "2025-lan-2" in second.read_text(encoding="utf-8")
    post_file(client, "/inspector/appraisal", "appraisal", second)
    assert run(client)["state"] == "done"
    hist = client.get("/inspector/history?agency=LD-STP").text
    chart = hist.split("<svg")[1].split("</svg>")[0]
    assert "<polyline" in chart and "93,92" in chart and "92,89" in chart and "2025-lan-2" in chart


def run_named(client: TestClient, name: str | None = None, replace: bool = False):
    """Post the run form as a browser would: the name field as shown (or ``name`` typed over it)."""
    page = client.get("/inspector").text
    data = {"csrf": csrf(client, "/inspector"), "round_id": name if name is not None else inputs(page)["round_id"]}
    if replace:
        data["replace"] = "yes"
    return client.post("/inspector/run", data=data, follow_redirects=False)


def test_a_second_round_of_a_year_gets_its_own_name_and_a_way_to_replace(client, tmp_path):
    """With --db: a round without an appraisal is named year + unit types + a short suffix before it is
    run, so a second inspector (or the same one after a browser restart) and unrelated rounds each get a
    name of their own; a name the history holds comes back beside the field with the choice to replace
    it (the stored one kept as a superseded version); the history keeps the uploaded names, never the
    temporary folder."""
    import sqlite3

    upload_round(client, round_files())
    first = inputs(client.get("/inspector").text)["round_id"]
    assert re.fullmatch(r"2025-xa-phuong-so-nganh-[a-z2-9]{4}", first), first  # communes, ward, zone; two departments
    started = run_named(client)
    assert started.status_code == 303 and wait(client, started.headers["location"])["state"] == "done"
    assert json.loads(client.get("/inspector/round.json").content)["round_id"] == first
    # a second inspector (another browser: a new session) uploads the same forms: another name, run too
    other = TestClient(client.app, follow_redirects=True)
    upload_round(other, round_files())
    second = inputs(other.get("/inspector").text)["round_id"]
    assert second != first and second.startswith("2025-xa-phuong-so-nganh-")
    assert wait(other, run_named(other).headers["location"])["state"] == "done"
    # an unrelated round of one agency: named after it
    third = TestClient(client.app, follow_redirects=True)
    upload_round(third, [("so-tu-phap.yaml", (SUBS / "so-tu-phap.yaml").read_bytes())])
    assert re.fullmatch(r"2025-ld-stp-[a-z2-9]{4}", inputs(third.get("/inspector").text)["round_id"])
    # the first name typed again: refused beside the field, the name kept, the way out offered
    refused = run_named(other, first)
    assert refused.status_code == 400
    said = html.unescape(re.search(r'id="round-name-error">(.*?)</p>', refused.text, re.S).group(1))
    assert said.startswith(f"đã có vòng đánh giá tên '{first}' trong lịch sử (lưu lúc ") and "5 cơ quan, từ dac-khu-phu-quy.yaml," in said
    assert "--replace" not in refused.text and "--round" not in refused.text
    assert inputs(refused.text)["round_id"] == first and 'id="replace-round"' in refused.text
    replaced = run_named(other, first, replace=True)
    assert wait(other, replaced.headers["location"])["state"] == "done"
    with sqlite3.connect(tmp_path / "rounds.sqlite") as db:
        versions = db.execute("SELECT version, superseded_at IS NOT NULL, folder FROM rounds WHERE round_id = ? "
                              "ORDER BY version", (first,)).fetchall()
        paths = [r[0] for r in db.execute("SELECT path FROM inputs UNION ALL SELECT source FROM results")]
        rounds = [r[0] for r in db.execute("SELECT round_id FROM rounds WHERE superseded_at IS NULL ORDER BY 1")]
    names = "dac-khu-phu-quy.yaml, phuong-xuan-huong.json, so-tu-phap.yaml, submission.yaml, xa-nam-ban.yaml"
    assert versions == [(1, 1, names), (2, 0, names)]
    assert rounds == sorted([first, second]) and not [p for p in paths if "/" in p], paths[:3]
    # the history page lists the stored agencies for the code field
    codes = re.findall(r'<option value="([^"]+)">', client.get("/inspector/history").text)
    assert codes == ["LD-DKPQ", "LD-PXH", "LD-SNNMT", "LD-STP", "LD-XNB"]


def test_an_incomplete_round_is_corrected_under_its_name_without_replace(client, tmp_path):
    """QA2 #2: the 2025 round with LD-STP's form unreadable runs and is stored incomplete (version 1); the
    corrected form uploaded, the page offers the round's name again and the run is stored as version 2
    without ticking "replace", the page saying so in one line; the round, now complete, holds its name.
    With the appraisal, LD-STP ranks 1/2 at 93,92 % (samples/round/README.md)."""
    import sqlite3

    good = (SUBS / "so-tu-phap.yaml").read_bytes()
    broken = good.replace(b"unit_type:", b"unit_tpye:")
    upload_round(client, [(n, broken if n == "so-tu-phap.yaml" else d) for n, d in round_files()])
    post_file(client, "/inspector/appraisal", "appraisal", ROUND / "appraisal.yaml")
    assert inputs(client.get("/inspector").text)["round_id"] == "2025"
    first = run_named(client)
    assert wait(client, first.headers["location"])["state"] == "done"
    page = client.get("/inspector/round").text
    assert "⚠ HỒ SƠ KHÔNG ĐỌC ĐƯỢC: 1" in page and "so-tu-phap.yaml: dòng 9, khoá agency.unit_tpye" in page and 'id="stored-note"' not in page
    db = tmp_path / "rounds.sqlite"
    with sqlite3.connect(db) as conn:
        stored_at = conn.execute("SELECT stored_at FROM rounds").fetchone()[0]
    # the agency's corrected form: the same name is offered, and the run needs no "replace"
    upload_round(client, [("so-tu-phap.yaml", good)])
    assert inputs(client.get("/inspector").text)["round_id"] == "2025"
    second = run_named(client)
    assert second.status_code == 303 and wait(client, second.headers["location"])["state"] == "done"
    page = client.get("/inspector/round").text
    note = html.unescape(re.search(r'<p class="note" id="stored-note">(.*?)</p>', page, re.S).group(1))
    when = f"{stored_at[8:10]}/{stored_at[5:7]}/{stored_at[:4]} {stored_at[11:16]}"
    assert note == (f"vòng '2025': phiên bản 1 (lưu lúc {when}) chưa đủ hồ sơ, 1 hồ sơ không đọc được; lần chạy này "
                    "được lưu thành phiên bản 2, phiên bản 1 vẫn được giữ trong lịch sử như phiên bản đã bị thay thế")
    assert "KHÔNG ĐỌC ĐƯỢC" not in page and ">93,92</strong>" in page
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version, partial, agencies, failed, superseded_at IS NOT NULL FROM rounds "
                            "ORDER BY version").fetchall() == [(1, 1, 4, 1, 1), (2, 0, 5, 0, 0)]
        assert conn.execute("SELECT rank, ranked_among, index_percent FROM results WHERE version = 2 AND "
                            "agency_code = 'LD-STP'").fetchall() == [(1, 2, 93.92)]
    # complete now: the name is held, and typed again it comes back beside the field as before
    assert inputs(client.get("/inspector").text)["round_id"] != "2025"
    refused = run_named(client, "2025")
    assert refused.status_code == 400
    said = html.unescape(re.search(r'id="round-name-error">(.*?)</p>', refused.text, re.S).group(1))
    assert said.startswith("đã có vòng đánh giá tên '2025' trong lịch sử (lưu lúc ") and "5 cơ quan" in said
    assert said.endswith("để lưu lần chạy này thành phiên bản 3 (vòng đã lưu được giữ lại như phiên bản đã bị thay thế)")


def test_an_incomplete_round_without_appraisal_keeps_its_name_for_the_correction(client, tmp_path):
    """Without an appraisal the page names the round itself (year, unit types, four letters): after an
    incomplete run, the corrected form uploaded keeps that name, and the run stores version 2."""
    import sqlite3

    upload_round(client, [("so-tu-phap.yaml", (SUBS / "so-tu-phap.yaml").read_bytes()),
                          ("xa-nam-ban.yaml", b"agency: [unclosed\n")])
    name = inputs(client.get("/inspector").text)["round_id"]
    assert wait(client, run_named(client).headers["location"])["state"] == "done"
    upload_round(client, [("xa-nam-ban.yaml", (SUBS / "xa-nam-ban.yaml").read_bytes())])
    assert inputs(client.get("/inspector").text)["round_id"] == name
    assert wait(client, run_named(client).headers["location"])["state"] == "done"
    with sqlite3.connect(tmp_path / "rounds.sqlite") as conn:
        assert conn.execute("SELECT round_id, version, partial, agencies, superseded_at IS NOT NULL FROM rounds "
                            "ORDER BY version").fetchall() == [(name, 1, 1, 1, 1), (name, 2, 0, 2, 0)]


def inputs(page: str) -> dict[str, str]:
    """Every named input of a page and its value (as a browser would post the form back)."""
    import html as h

    found = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and not re.search(r'type="(checkbox|file|submit)"', tag):
            found[h.unescape(name.group(1))] = h.unescape(value.group(1)) if value else ""
    return found


def field_error(page: str, name: str) -> str | None:
    """The error shown beside the field ``name``, or None."""
    import html as h

    found = re.search(rf'<span class="error field-error" role="alert" id="error-{re.escape(name)}">(.*?)</span>', page, re.S)
    return h.unescape(found.group(1)) if found else None


def test_appraisal_entered_in_the_page_in_two_rounds(client):
    upload_round(client, round_files())
    post_file(client, "/inspector/appraisal", "appraisal", ROUND / "appraisal.yaml")
    run(client)
    page = client.get("/inspector/agency/LD-STP").text
    form = inputs(page)
    assert form["round1_2.2"] == "1,5" and form["appraiser"] == ""  # the uploaded appraisal, shown to be changed
    form["round2_2.2"] = "2"  # round 2 recognises 0.5 more: 91.6 / 97
    unnamed = client.post("/inspector/agency/LD-STP", data=form, follow_redirects=False)
    assert unnamed.status_code == 400 and field_error(unnamed.text, "appraiser") == (
        "ai thẩm định? Mỗi thay đổi được ghi kèm tên người thẩm định (bảng tính cho Hội đồng ghi rõ ai đã thay đổi "
        "từng điểm): hãy ghi tên ở đây")
    assert inputs(unnamed.text)["round2_2.2"] == "2"
    form["appraiser"] = "Hội đồng thẩm định"
    saved = client.post("/inspector/agency/LD-STP", data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert wait(client, saved.headers["location"])["next"] == "/inspector/agency/LD-STP"
    page = client.get("/inspector/agency/LD-STP").text
    assert '<span class="big">94,43 %</span>' in page and inputs(page)["round2_2.2"] == "2"
    assert inputs(page)["appraiser"] == "Hội đồng thẩm định"  # asked once: offered again for the next save
    assert "Thẩm định vòng 2 (Hội đồng thẩm định): 2 điểm" in page
    assert "appraisal.yaml cùng điểm thẩm định nhập trên trang (5 cơ quan)" in client.get("/inspector").text


def test_appraisal_in_the_page_records_who_and_the_change_as_the_appraisal_file(client, tmp_path):
    """QA8 F13: Vòng 1 of 3.3.3 (no self-score, 2 points computed) set to 1 in the page by "Nguyễn Văn A":
    the council workbook's 'Chênh lệch' rows of LD-STP are those `round run` writes from the appraisal
    file with the same entry (by: Nguyễn Văn A) — the appraiser named, the change −1 against the
    computed points and said so; the stages the save did not touch keep their own appraisers; the index
    93,92 → 92,89 % (−1 point of 97)."""
    upload_round(client, round_files())
    post_file(client, "/inspector/appraisal", "appraisal", ROUND / "appraisal.yaml")
    run(client)
    form = inputs(client.get("/inspector/agency/LD-STP").text)
    form.update({"round1_3.3.3": "1", "round1_note_3.3.3": "Tỷ lệ trực tuyến tính trên cả hồ sơ kỳ trước",
                 "appraiser": "Nguyễn Văn A"})
    saved = client.post("/inspector/agency/LD-STP", data=form, follow_redirects=False)
    assert wait(client, saved.headers["location"])["state"] == "done"
    assert '<span class="big">92,89 %</span>' in client.get("/inspector/agency/LD-STP").text
    page_rows = [r for r in load_workbook(io.BytesIO(client.get("/inspector/council.xlsx").content))["Chênh lệch"]
                 .iter_rows(values_only=True) if r[0] == "LD-STP"]
    # the oracle: the command line with the appraisal file holding the same entry
    (tmp_path / "subs").mkdir()
    for name, data in round_files():
        (tmp_path / "subs" / name).write_bytes(data)
    yaml_text = (ROUND / "appraisal.yaml").read_text(encoding="utf-8").replace(
        "      - criterion: \"2.2\"\n",
        "      - {criterion: \"3.3.3\", round1: {points: 1, note: Tỷ lệ trực tuyến tính trên cả hồ sơ kỳ trước, "
        "by: Nguyễn Văn A}}\n      - criterion: \"2.2\"\n", 1)
    (tmp_path / "appraisal.yaml").write_text(yaml_text, encoding="utf-8")
    assert "3.3.3" in yaml_text
    api.run_round(tmp_path / "subs", appraisal=tmp_path / "appraisal.yaml", waivers=ROUND / "waivers.yaml",
                  workbook=tmp_path / "cli.xlsx")
    cli_rows = [r for r in load_workbook(tmp_path / "cli.xlsx")["Chênh lệch"].iter_rows(values_only=True)
                if r[0] == "LD-STP"]
    assert page_rows == cli_rows
    row = next(r for r in page_rows if r[2] == "3.3.3")
    # code, name, id, criterion, max, self, computed, round 1, note, by, explanation, round 2, note, by, final, change, why
    assert row[4:10] == (2, None, 2, 1, "Tỷ lệ trực tuyến tính trên cả hồ sơ kỳ trước", "Nguyễn Văn A")
    assert row[14:] == (1, -1, "Thẩm định vòng 1 (Nguyễn Văn A): 1 điểm — Tỷ lệ trực tuyến tính trên cả hồ sơ kỳ "
                               "trước; chênh lệch so với điểm chấm (đơn vị không tự đánh giá)")
    assert next(r for r in page_rows if r[2] == "2.2")[9] == "Tổ thẩm định liên ngành"  # untouched: its own appraiser
    assert next(r for r in page_rows if r[2] == "7.3")[13] == "Hội đồng thẩm định"


def test_history_shows_versions_as_round_history_and_charts_current_ones(client, tmp_path):
    """QA8 F26: the round stored, then its appraisal changed in the page twice (LD-STP 3.3.3 to 1, then
    2.2 to 2 in round 2): three versions of '2025'. The page lists them as `round history` does (2025@v1
    and 2025@v2 "đã được thay thế lúc …", 2025@v3), and the chart draws the current version only
    (93,92 → 92,89 → 93,40 %: one point, 93,40)."""
    upload_round(client, round_files())
    post_file(client, "/inspector/appraisal", "appraisal", ROUND / "appraisal.yaml")
    run(client)
    for change in ({"round1_3.3.3": "1"}, {"round2_2.2": "2"}):
        form = inputs(client.get("/inspector/agency/LD-STP").text)
        form.update(change, appraiser="Nguyễn Văn A")
        assert wait(client, client.post("/inspector/agency/LD-STP", data=form, follow_redirects=False)
                    .headers["location"])["state"] == "done"
    page = client.get("/inspector/history?agency=LD-STP").text
    table = page.split('id="agency-history"')[1].split("</table>")[0]
    rows = [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)] for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table)[1:]]
    assert [(r[0], r[3]) for r in rows] == [("2025@v1", "93,92"), ("2025@v2", "92,89"), ("2025@v3", "93,40")]
    assert rows[0][6].startswith("đã được thay thế lúc ") and rows[1][6].startswith("đã được thay thế lúc ") and rows[2][6] == ""
    # as the command line says it
    said = api.render_history("LD-STP", api.round_history(tmp_path / "rounds.sqlite", "LD-STP"))
    for r in rows:
        assert re.search(rf"^{re.escape(r[0])} .*{re.escape(r[3])} .*{re.escape(r[6])}$", said, re.M), (r, said)
    chart = page.split("<svg")[1].split("</svg>")[0]
    assert "<polyline" not in chart and chart.count("<circle") == 1 and ">93,40<" in chart and "93,92" not in chart
    assert 'class="superseded muted"' in table and "biểu đồ chỉ vẽ phiên bản hiện hành của mỗi vòng" in page


def test_appraisal_entries_are_checked_beside_their_fields_and_kept(client):
    """QA8 F14: out of range (the appraisal file's own check, per item), not a number, a note without
    points, a bonus without reason, a penalty of 0: every one said beside its field at once, status
    400, every entry kept, nothing run, and never an invented file name."""
    upload_round(client, round_files())
    post_file(client, "/inspector/appraisal", "appraisal", ROUND / "appraisal.yaml")
    run(client)
    jobs = len(client.get("/jobs").text.split("<tr>"))
    form = inputs(client.get("/inspector/agency/LD-STP").text)
    form.update({"round1_1.1.2": "99", "round2_2.2": "hai", "round1_3.1.1": "", "round1_note_3.1.1": "thiếu hồ sơ",
                 "round1_3.3.1": "abc", "round1_1.2": "9", "bonus_points_1": "0,5", "bonus_reason_1": "",
                 "penalty_points_0": "0", "penalty_reason_0": "Chậm báo cáo", "appraiser": "Tổ thẩm định"})
    form["penalty_n"] = "1"
    bad = client.post("/inspector/agency/LD-STP", data=form, follow_redirects=False)
    assert bad.status_code == 400
    assert field_error(bad.text, "round2_2.2") == "'hai' không phải là số điểm: hãy ghi dạng 1,5 hoặc 2"
    assert field_error(bad.text, "round1_3.3.1") == "'abc' không phải là số điểm: hãy ghi dạng 1,5 hoặc 2"
    assert field_error(bad.text, "round1_3.1.1") == "ghi chú mà không có điểm sẽ bị mất: hãy nhập điểm"
    assert field_error(bad.text, "bonus_reason_1") == "hãy nhập cả điểm và lý do"
    # the appraisal file's checks, on the same page: ranges, and a penalty that is no penalty
    assert field_error(bad.text, "round1_1.1.2") == "LD-STP: điểm vòng 1 99 của 1.1.2 nằm ngoài khoảng [0, 2]"
    assert field_error(bad.text, "round1_1.2") == "LD-STP: điểm vòng 1 9 của 1.2 nằm ngoài khoảng [0, 2]"
    assert field_error(bad.text, "penalty_points_0").startswith("phải lớn hơn 0"), field_error(bad.text, "penalty_points_0")
    kept = inputs(bad.text)
    assert (kept["round1_1.1.2"], kept["round2_2.2"], kept["round1_note_3.1.1"], kept["bonus_points_1"]) == \
        ("99", "hai", "thiếu hồ sơ", "0,5")
    assert "appraisal.json" not in bad.text and "(top level)" not in bad.text
    assert len(client.get("/jobs").text.split("<tr>")) == jobs  # nothing was run
    # numbers as Vietnamese write them, and as the page prints them (7,175 is seven and a bit, not 7175)
    form.update({"round2_2.2": "2", "round1_note_3.1.1": "", "bonus_points_1": "", "bonus_reason_1": "", "round1_3.3.1": "",
                 "penalty_points_0": "", "penalty_reason_0": "", "round1_1.2": "", "round1_1.1.2": "1,5",
                 "round2_1.1.2": "1.5"})
    saved = client.post("/inspector/agency/LD-STP", data=form, follow_redirects=False)
    assert saved.status_code == 303, field_error(saved.text, "round2_1.1.2")
    assert wait(client, saved.headers["location"])["state"] == "done"
    page = client.get("/inspector/agency/LD-STP").text
    assert (inputs(page)["round1_1.1.2"], inputs(page)["round2_1.1.2"]) == ("1,5", "1,5")
    assert "Thẩm định vòng 2 (Tổ thẩm định): 1,5 điểm" in page  # one number format on the page, and who


def test_appraisal_workbook_uploaded_back(client, tmp_path):
    upload_round(client, round_files())
    post_file(client, "/inspector/appraisal", "appraisal", ROUND / "appraisal.yaml")
    run(client)
    before = re.findall(r'<td class="num"><strong>([\d,]+)</strong>', client.get("/inspector/round").text)
    (tmp_path / "tham-dinh.xlsx").write_bytes(client.get("/inspector/appraisal.xlsx").content)
    assert post_file(client, "/inspector/appraisal", "appraisal", tmp_path / "tham-dinh.xlsx").status_code == 200
    assert "tham-dinh.xlsx (5 cơ quan)" in client.get("/inspector").text
    assert run(client)["state"] == "done"
    after = re.findall(r'<td class="num"><strong>([\d,]+)</strong>', client.get("/inspector/round").text)
    assert after == before and "93,92" in after


def test_ties_share_a_rank(client):
    twin = (SUBS / "so-tu-phap.yaml").read_text(encoding="utf-8").replace("LD-STP", "LD-STP2")
    assert "LD-STP2" in twin
    upload_round(client, [("so-tu-phap.yaml", (SUBS / "so-tu-phap.yaml").read_bytes()), ("twin.yaml", twin.encode()),
                          ("submission.yaml", (SUBS / "so-nong-nghiep-moi-truong" / "submission.yaml").read_bytes())])
    run(client)
    ranks = re.findall(r'<td class="num">(\d+/\d+)</td><td><a href="/inspector/agency/([^"]+)"',
                       client.get("/inspector/round").text)
    assert sorted(ranks) == [("1/3", "LD-STP"), ("1/3", "LD-STP2"), ("3/3", "LD-SNNMT")]


def test_round_from_a_zip_with_folders_and_hostile_names(client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in SUBS.rglob("*.*"):
            zf.write(path, "vong-2025/" + str(path.relative_to(SUBS)))
        zf.writestr("../../../tmp/evil.yaml", (SUBS / "xa-nam-ban.yaml").read_bytes())
        zf.writestr("__MACOSX/._so-tu-phap.yaml", b"junk")
        zf.writestr("ghi-chu.txt", b"not a submission")
    upload_round(client, [("vong.zip", buf.getvalue())])
    page = client.get("/inspector").text
    files = re.findall(r"<li>([^<]+)</li>", page.split('id="round-list"')[1].split("</ul>")[0])
    assert files == ["dac-khu-phu-quy.yaml", "evil.yaml", "phuong-xuan-huong.json", "so-nong-nghiep-moi-truong.yaml",
                     "so-tu-phap.yaml", "xa-nam-ban.yaml"]
    assert not Path("/tmp/evil.yaml").exists()
    skipped = page.split('id="zip-skipped"')[1].split("</ul>")[0]
    assert "ghi-chu.txt" in skipped and "MACOSX" not in skipped  # the user's note said, the Mac's metadata not
    assert run(client)["state"] == "done"
    assert "LD-SNNMT" in client.get("/inspector/round").text


def test_zip_guard(client):
    def zipped(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression) as zf:
            for name, data in entries:
                zf.writestr(name, data)
        return buf.getvalue()

    bomb = upload_round(client, [("bom.zip", zipped([("a.xlsx", b"\0" * 30_000_000)]))])
    assert bomb.status_code == 400 and error_line(bomb.text).startswith("bom.zip: a.xlsx: mục nén phình ra")
    many = upload_round(client, [("nhieu.zip", zipped([(f"{i}.yaml", b"x") for i in range(1001)], zipfile.ZIP_STORED))])
    assert many.status_code == 400 and error_line(many.text) == "nhieu.zip: tệp nén có 1001 mục (chỉ đọc tối đa 1000)"
    big = upload_round(client, [("lon.zip", zipped([(f"{i}.yaml", os.urandom(1_500_000)) for i in range(3)], zipfile.ZIP_STORED))])
    assert big.status_code == 413
    empty = upload_round(client, [("rong.zip", zipped([("readme.txt", b"x")]))])
    assert error_line(empty.text) == ("rong.zip: tệp nén không có hồ sơ nào (.xlsx, .yaml, .yml, .json); đã bỏ qua: "
                                      "readme.txt (báo cáo, không phải hồ sơ đánh giá: hãy nộp ở trang Cơ quan tự đánh giá)")
    macos = upload_round(client, [("mac.zip", zipped([("__MACOSX/._a.yaml", b"x"), ("d/", b"")]))])
    assert error_line(macos.text) == "mac.zip: tệp nén không có hồ sơ nào (.xlsx, .yaml, .yml, .json)"
    assert error_line(upload_round(client, [("gia.zip", b"PK not really")]).text) == "gia.zip: không phải tệp .zip"


def test_round_errors(client, tmp_path):
    page = client.post("/inspector/run", data={"csrf": csrf(client, "/inspector")})
    assert page.status_code == 400 and error_line(page.text) == "ô 'Biểu mẫu': hãy tải các biểu mẫu của vòng lên trước"
    assert client.get("/inspector/round").status_code == 404
    bad = tmp_path / "tham-dinh.yaml"
    bad.write_text((ROUND / "appraisal.yaml").read_text(encoding="utf-8").replace("agencies:", "agencys:"), encoding="utf-8")
    page = post_file(client, "/inspector/appraisal", "appraisal", bad)
    assert page.status_code == 400
    assert error_line(page.text) == cli_line("round", "run", str(SUBS), "--appraisal", "tham-dinh.yaml", "--no-history",
                                             cwd=tmp_path)
    # an unreadable submission: the round is partial, the file named as it was uploaded
    upload_round(client, [("so-tu-phap.yaml", (SUBS / "so-tu-phap.yaml").read_bytes()),
                          ("hong.yaml", b"agency: [unclosed\n")])
    assert run(client)["state"] == "done"
    html = client.get("/inspector/round").text
    assert '<li class="error">hong.yaml: dòng' in html and PREFIX not in html
    # waivers that do not read: the job fails with the line, status 400
    (tmp_path / "mien-tru.yaml").write_text("waivers: [{agency: LD-STP}]\n", encoding="utf-8")
    post_file(client, "/inspector/waivers", "waivers", tmp_path / "mien-tru.yaml")
    state = run(client)
    assert state["state"] == "error" and state["error"].startswith("mien-tru.yaml: dòng 1")
    assert client.get(f"/jobs/{state['id']}").status_code == 400


# -- registers ---------------------------------------------------------------------------------------------------

def test_register_check_runs_as_a_job_with_progress(client, tmp_path):
    with open(REGISTER / "register.csv", "rb") as reg, open(REGISTER / "catalogue.csv", "rb") as cat:
        started = client.post("/registers/check", data={"csrf": csrf(client, "/registers"), "period": "2020"},
                              files={"register": ("register.csv", reg), "catalogue": ("catalogue.csv", cat)},
                              follow_redirects=False)
    assert started.status_code == 303
    job_page = client.get(started.headers["location"], follow_redirects=False)
    assert job_page.status_code in (200, 303)
    state = wait(client, started.headers["location"])
    assert state["state"] == "done" and state["percent"] == 100 and state["stage"] == "đang kiểm tra sổ theo dõi hồ sơ"  # said in the page's language
    html = client.get(state["next"]).text
    expected = api.check_register(REGISTER / "register.csv", REGISTER / "catalogue.csv", period="2020")
    assert len(expected.groups) > 0 and f"({len(expected.groups)})" in html
    first = expected.groups[0]
    assert first.title_vi in html and first.procedure_code in html
    assert "Biểu 06/VPCP/KSTT" in html and f'<td class="num">{expected.summary.total.counts["received_total"]:,}'.replace(",", ".") in html
    wb = load_workbook(io.BytesIO(client.get(state["next"] + "/check.xlsx").content))
    api.write_check_workbook(expected, tmp_path / "cli.xlsx", "vi")
    assert wb.sheetnames == load_workbook(tmp_path / "cli.xlsx").sheetnames  # the same workbook as the command's
    assert wb.sheetnames[:3] == ["Tổng hợp", "Quy tắc", "Nhóm"]
    data = json.loads(client.get(state["next"] + "/check.json").content)
    assert data["register"] == "register.csv" and len(data["groups"]) == len(expected.groups)


def test_bad_register_fails_with_the_commands_line(client, tmp_path):
    bad = tmp_path / "so-sai.csv"
    bad.write_text("ma,ngay\n1,2\n", encoding="utf-8")
    started = post_file(client, "/registers/check", "register", bad)
    state = wait(client, str(started.url))
    assert state["state"] == "error"
    assert state["error"] == cli_line("dossiers", "check", "so-sai.csv", cwd=tmp_path)
    page = client.get(f"/jobs/{state['id']}")
    assert page.status_code == 400 and error_line(page.text) == state["error"]
    page = post_file(client, "/registers/check", "register", FORM, name="register.pdf")
    assert page.status_code == 400 and error_line(page.text) == "register.pdf: sổ theo dõi hồ sơ phải là một trong: .csv, .xlsx"


def test_jobs_of_another_session_are_hidden(client):
    with open(REGISTER / "register.csv", "rb") as reg:
        started = client.post("/registers/check", data={"csrf": csrf(client, "/registers")},
                              files={"register": ("register.csv", reg)}, follow_redirects=False)
    wait(client, started.headers["location"])
    with client_for() as other:
        assert other.get(started.headers["location"] + ".json").status_code == 404


def test_no_history_without_db():
    with client_for() as c:
        page = c.get("/inspector/history?agency=LD-STP")
        assert page.status_code == 200 and "khởi động với --db" in page.text


def test_temporary_folders_are_removed_also_on_errors(client, tmp_path, monkeypatch):
    own = tmp_path / "tmp"  # this test's own temporary root: other processes' folders do not count
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    from compliance.web import uploads

    made = []
    monkeypatch.setattr(uploads, "new_folder", lambda real=uploads.new_folder: made.append(real()) or made[-1])
    before = temp_folders()
    assert before == set()
    post_file(client, "/agency/check", "file", FORM)
    post_file(client, "/agency/check", "file", SEED_YAML, criteria="par-local-model-2020")
    upload_round(client, [("bom.zip", b"PK\x03\x04 broken")])
    bad = tmp_path / "x.csv"
    bad.write_text("a\n", encoding="utf-8")
    wait(client, str(post_file(client, "/registers/check", "register", bad).url))
    client.get("/agency/form.xlsx?criteria=par-dept-model-2020")
    assert len(made) >= 4 and all(folder.parent == own for folder in made)  # the requests did make folders here
    assert temp_folders() <= before

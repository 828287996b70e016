"""``compliance serve`` in a real browser: headless Chromium driven by selenium against the real server on
127.0.0.1 (a free port). Uploads the seed's filled form, reads the index and the gap of 64 late dossiers
of Sở Tư pháp on the page, downloads the scored workbook and opens it; runs the 2025 round to its ranking.
Saves the scorecard page as a picture; with COMPLIANCE_SCREENSHOT set (`make pictures`) as the README's
docs/img/web-scorecard.png.

Needs Debian's ``chromium`` and ``chromium-driver`` (``make test`` installs them when run as root) and
selenium; skipped with the reason otherwise, except under CI (CI=true), where it fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from web_server import running_server

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "samples" / "forms" / "daknong-vpubnd-2020.xlsx"
ROUND = ROOT / "samples" / "round"
#: the README's screenshot is written by `make pictures` (this variable set); a test run keeps it in its temp folder
SCREENSHOT_ENV = "COMPLIANCE_SCREENSHOT"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1700"]


def _missing(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (required under CI: make test installs chromium and chromium-driver)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser_paths() -> tuple[str, str]:
    try:
        import selenium  # noqa: F401
    except ImportError:
        _missing("selenium is not installed (pip install -e '.[test]')")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
    if not chromium or not driver:
        _missing("Chromium or chromium-driver is not installed (apt-get install chromium chromium-driver)")
    return chromium, driver


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real server on a free port of 127.0.0.1, with a history database."""
    with running_server("--db", str(tmp_path_factory.mktemp("web") / "rounds.sqlite")) as found:
        yield found


@pytest.fixture(scope="module")
def browser(browser_paths, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    chromium, driver = browser_paths
    downloads = tmp_path_factory.mktemp("downloads")
    options = Options()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="chromium-"))
    options.binary_location = chromium
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    d = webdriver.Chrome(options=options, service=Service(driver))
    d.downloads = downloads
    try:
        yield d
    finally:
        d.quit()


def wait_for(check, seconds: float = 60.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_seed_form_in_the_browser(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.get(base + "/agency")
    browser.find_element(By.ID, "form-file").send_keys(str(FORM))
    browser.find_element(By.ID, "score-button").click()
    index = wait_for(lambda: browser.find_elements(By.ID, "index-value"))[0]
    assert index.text == "39,97 %"
    assert "/agency/result/" in browser.current_url
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#gaps tbody tr")]
    late = [r for r in rows if "64 hồ sơ trễ hạn của Sở Tư pháp không có văn bản xin lỗi" in r]
    assert len(late) == 1 and "Nghị định 61/2018/NĐ-CP" in late[0]
    # the tree folds open: a field, then its criterion, shows the reason and the source cell
    field = browser.find_element(By.CSS_SELECTOR, "details.field")
    field.find_element(By.TAG_NAME, "summary").click()
    criterion = field.find_element(By.CSS_SELECTOR, "details.criterion")
    criterion.find_element(By.TAG_NAME, "summary").click()
    sub = criterion.find_element(By.CSS_SELECTOR, "details.sub_criterion")
    sub.find_element(By.TAG_NAME, "summary").click()
    assert "đúng hạn" in sub.text and "nguồn: 25/KH-VPUBND (08/01/2020), dòng 5 (trang 'Văn bản')" in sub.text
    browser.execute_script("window.scrollTo(0, 0)")
    shot = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path / "web-scorecard.png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    field.find_element(By.TAG_NAME, "summary").click()  # closed again for the picture
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    browser.find_element(By.ID, "download-xlsx").click()
    workbook = wait_for(lambda: [p for p in browser.downloads.glob("*.xlsx")], 30)[0]
    time.sleep(0.3)
    wb = load_workbook(workbook)
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert "Sở Tư pháp" in cells and 64 in cells


def test_round_to_its_ranking_in_the_browser(server, browser):
    from selenium.webdriver.common.by import By

    base, _ = server
    browser.get(base + "/inspector")
    files = [str(p) for p in sorted((ROUND / "submissions").rglob("*.*"))]  # the folder one as its submission.yaml
    browser.find_element(By.ID, "round-files").send_keys("\n".join(files))
    browser.find_element(By.ID, "add-forms").click()
    listed = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#round-list li"))
    assert len(listed) == 5
    browser.find_element(By.ID, "appraisal-file").send_keys(str(ROUND / "appraisal.yaml"))
    browser.find_element(By.ID, "use-appraisal").click()
    wait_for(lambda: "appraisal.yaml (5 cơ quan)" in browser.page_source)  # the five agencies' survey points
    browser.find_element(By.ID, "waivers-file").send_keys(str(ROUND / "waivers.yaml"))
    browser.find_element(By.ID, "use-waivers").click()
    wait_for(lambda: "Miễn trừ: waivers.yaml" in browser.page_source)
    browser.find_element(By.ID, "run-round").click()
    wait_for(lambda: browser.current_url.endswith("/inspector/round"), 90)
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#ranking tbody tr")]
    assert any(r.startswith("1/2 LD-STP") and "93,92" in r for r in rows), rows
    assert any(r.startswith("1/3 LD-PXH") and "95,50" in r for r in rows), rows
    assert any(r.startswith("2/2 LD-SNNMT") and "66,92" in r for r in rows), rows
    assert len(rows) == 5

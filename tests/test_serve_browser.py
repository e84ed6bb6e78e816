"""A nurse at the desk, in a real Chromium, against a real ``docgen serve`` (uvicorn) on 127.0.0.1.

Needs Debian's chromium (/usr/bin/chromium) and Playwright's Python package (Playwright's own
browser download is not used). Without them the test skips with the reason; under
DOCGEN_REQUIRE_SERVICES=1 (.ci/run) it fails instead. It also takes the README's screenshot of the
form (docs/serve-form.png).
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]
CLINIC = '[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n'


def need(what: str) -> None:
    reason = f"{what}: the real-browser test of docgen serve cannot run"
    if os.environ.get("DOCGEN_REQUIRE_SERVICES"):
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    try:
        import playwright  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        need("Playwright or uvicorn is not installed (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        need(f"{CHROMIUM} is missing (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("serve")
    config = folder / "docgen.toml"
    config.write_text(f'{CLINIC}\n[audit]\ndatabase = "{folder / "audit.sqlite3"}"\n')
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "import sys; from docgen.cli import main; sys.argv[0] = 'docgen'; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--config", str(config)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("docgen serve did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)
        assert proc.stderr is not None
        log = proc.stderr.read().decode()
        proc.stderr.close()
        assert "POST /preview 200" in log
        for value in ("Wanda", "Okonkwo", "ZZ445566", "1961-07-09"):
            assert value not in log  # not even in the server's log lines


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser: object) -> object:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1000, "height": 900}, accept_downloads=True)
    context.set_default_timeout(60_000)
    return context.new_page()


def fill_as_a_nurse(page: object, server: str, dob: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.goto(server + "/")
    page.get_by_label("Patient's full name").fill("Wanda Okonkwo")
    page.get_by_label("Date of birth").fill(dob)  # a date input: the picker's value
    page.get_by_label("Medical record number (MRN)").fill("ZZ445566")
    page.get_by_label("Procedure", exact=True).select_option("si-joint-injection")
    page.get_by_text("LEFT side", exact=True).click()
    page.get_by_label("Procedure date").fill("2026-12-03")
    page.get_by_label("Documents to print").select_option("aftercare")


def test_a_nurse_fills_the_form_previews_and_downloads(page: object, server: str) -> None:
    from playwright.sync_api import Page
    from pypdf import PdfReader

    assert isinstance(page, Page)
    fill_as_a_nurse(page, server, "1961-07-09")
    assert page.locator("#side-left").is_checked()
    shot = ROOT / "docs" / "serve-form.png"
    page.screenshot(path=str(shot), full_page=True)
    page.get_by_role("button", name="Make documents").click()
    page.wait_for_selector("#p-ids")
    assert page.locator("#p-name").inner_text() == "Wanda Okonkwo"
    assert page.locator("#p-mrn").inner_text() == "ZZ445566"
    assert page.locator("#p-side").inner_text() == "LEFT side"
    doc_id = page.locator("#p-ids").inner_text()
    with page.expect_download() as info:
        page.locator("#download").click()
    data = Path(info.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Wanda Okonkwo" in text and "ZZ445566" in text and doc_id in text


def test_a_wrong_date_of_birth_is_marked_next_to_the_field(page: object, server: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    fill_as_a_nurse(page, server, "2027-01-05")  # after the procedure date
    page.get_by_role("button", name="Make documents").click()
    message = page.locator("#err-dob")
    assert "after the procedure date" in message.inner_text()
    assert "err-dob" in (page.locator("#dob").get_attribute("aria-describedby") or "")
    assert page.locator("#dob").input_value() == "2027-01-05"
    assert page.get_by_label("Patient's full name").input_value() == "Wanda Okonkwo"
    assert page.locator("#side-left").is_checked()


def test_the_form_works_with_javascript_off(browser: object, server: str) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    fill_as_a_nurse(page, server, "1961-07-09")
    page.get_by_role("button", name="Make documents").click()
    assert page.locator("#p-side").inner_text() == "LEFT side"
    context.close()

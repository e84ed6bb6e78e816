"""``docgen serve`` through Starlette's test client: the form, the preview, the download, and the
security rules (sign-in, CSRF, headers, no patient data in the logs)."""

from __future__ import annotations

import base64
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="docgen[serve] is not installed")

from pypdf import PdfReader
from starlette.testclient import TestClient

from docgen.model.settings import EXAMPLE, Audit, Serve, Settings
from docgen.serve.app import create_app
from docgen.serve.security import hash_password, log_path, verify_password

NURSE = {
    "name": "Zelda Quimby",
    "dob": "1958-03-14",
    "mrn": "QX778899",
    "procedure": "si-joint-injection",
    "side": "right",
    "date": "2026-12-03",
    "time": "09:15",
    "sedation": "none",
    "language": "en",
    "paper": "letter",
    "document": "aftercare",
}
PHI = ("Zelda", "Quimby", "QX778899", "1958-03-14")
BASE = "http://testserver"


def settings_for(tmp_path: Path, **serve: Any) -> Settings:
    return EXAMPLE.model_copy(
        update={"audit": Audit(database=str(tmp_path / "audit.sqlite3")), "serve": Serve(**serve)}
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return settings_for(tmp_path)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url=BASE) as c:
        yield c


def token_of(client: TestClient, **kw: Any) -> str:
    page = client.get("/", **kw)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def submit(client: TestClient, values: dict[str, str] | None = None, **kw: Any) -> Any:
    csrf = token_of(client, **{k: v for k, v in kw.items() if k == "headers"})
    return client.post("/preview", data={**(values or NURSE), "csrf": csrf}, **kw)


def test_form_has_every_field_named_as_the_command_line(client: TestClient) -> None:
    html = client.get("/").text
    fields = ["name", "dob", "mrn", "procedure", "side", "date", "time", "physician", "language"]
    fields += ["sedation", "purpose", "guidance", "diabetes", "blood_thinners", "trainees", "paper"]
    for field in [*fields, "large_print", "document"]:
        assert f'name="{field}"' in html, field
    assert 'type="date"' in html and 'id="dob"' in html
    for words in ("LEFT side", "RIGHT side", "BOTH sides"):
        assert words in html
    assert "<script" not in html  # works with JavaScript off: there is none


def test_choices_come_from_the_library(client: TestClient) -> None:
    from docgen.content.library import Library

    html = client.get("/").text
    procs = list(Library().procedures())
    for proc in procs:
        assert f'value="{proc.id}"' in html
    unsided = [p for p in procs if not p.sided]
    if unsided:  # the side note names only the sided procedures
        assert "Only for:" in html
    if any(p.purposes for p in procs):
        assert 'value="diagnostic"' in html


def test_good_submit_previews_with_identifiers_and_download_has_them(client: TestClient) -> None:
    res = submit(client)
    assert res.status_code == 200, res.text
    html = res.text
    for text in ("Zelda Quimby", "1958-03-14", "QX778899", "RIGHT side"):
        assert text in html
    ids = re.search(r'id="p-ids" class="ids">([^<]+)<', html)
    assert ids and re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", ids.group(1))
    assert res.headers["cache-control"] == "no-store"
    assert "no printer is set up" in html.lower() and 'id="print"' not in html
    link = re.search(r'href="(/pdf/[^"?]+)\?download=1"', html)
    assert link
    pdf = client.get(link.group(1) + "?download=1")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment")
    assert pdf.headers["cache-control"] == "no-store"
    assert "Zelda" not in pdf.headers["content-disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Zelda Quimby" in text and "QX778899" in text and ids.group(1) in text
    # another browser (no session, other user) cannot fetch it: the token is bound to the web user
    assert client.get("/pdf/not-a-token").status_code == 404


def test_audit_record_names_the_web_user(tmp_path: Path) -> None:
    from docgen.audit.store import open_store

    settings = settings_for(tmp_path, trusted_proxies=["127.0.0.1", "testclient"])
    app = create_app(settings)
    with TestClient(app, base_url=BASE, client=("127.0.0.1", 5000)) as c:
        res = submit(c, headers={"X-Remote-User": "nurse.ratched"})
        assert res.status_code == 200, res.text
    shown = re.search(r'id="p-ids" class="ids">([^<]+)<', res.text)
    assert shown
    records = open_store(settings.audit.database).find(mrn="QX778899")
    assert len(records) == 1
    assert records[0]["operator"] == "nurse.ratched"
    assert records[0]["destination"] == "web form (docgen serve)"
    assert shown.group(1).replace("-", "") == records[0]["id"]


def test_bad_dob_redisplays_with_message_next_to_field_and_values_kept(client: TestClient) -> None:
    res = submit(client, {**NURSE, "dob": "1958-02-30"})
    assert res.status_code == 422
    html = res.text
    err = re.search(r'<p class="error" id="err-dob">(.*?)</p>', html)
    assert err and "YYYY-MM-DD" in err.group(1)
    dob = r'id="dob" name="dob" type="date" value="1958-02-30"[^>]*aria-describedby="[^"]*err-dob'
    assert re.search(dob, html)
    assert 'value="Zelda Quimby"' in html and 'value="QX778899"' in html
    assert re.search(r'id="side-right" name="side" value="right" checked', html)
    assert "Traceback" not in html


def test_messages_are_the_command_lines(client: TestClient) -> None:
    from docgen.errors import InputError
    from docgen.job import prepare

    data = {k: v for k, v in NURSE.items() if k not in ("document", "paper") and k != "side"}
    with pytest.raises(InputError) as cli:
        prepare(data, date_format="iso")
    html = submit(client, {**NURSE, "side": ""}).text
    assert cli.value.message in html.replace("&#39;", "'")


def test_answers_a_procedure_does_not_ask_are_dropped() -> None:
    """With JavaScript off the side, purpose and guidance stay on the form for every procedure."""
    from docgen.serve.forms import ProcedureChoice, read_values, visit_data

    fusion = ProcedureChoice("fusion", "Fusion", sided=False, purposes=(), guidance=())
    values = read_values({**NURSE, "procedure": "fusion", "purpose": "diagnostic", "guidance": "ct"})
    data = visit_data(values, [fusion])
    assert "side" not in data and "purpose" not in data and "guidance" not in data
    assert data["name"] == "Zelda Quimby" and data["diabetes"] == "no"


def test_cross_site_posts_and_missing_tokens_are_refused(client: TestClient) -> None:
    csrf = token_of(client)
    data = {**NURSE, "csrf": csrf}
    assert client.post("/preview", data=data, headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post("/preview", data=data, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/preview", data={**NURSE, "csrf": "forged"}).status_code == 403
    assert client.post("/preview", data=NURSE).status_code == 403
    assert client.post("/preview", data=data, headers={"Sec-Fetch-Site": "same-site"}).status_code == 403
    # Chromium sends Origin: null under Referrer-Policy no-referrer; Sec-Fetch-Site decides then
    same = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/preview", data=data, headers=same).status_code == 200
    ok = client.post("/preview", data=data, headers={"Origin": BASE})
    assert ok.status_code == 200


def test_token_from_another_session_is_refused(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app, base_url=BASE) as one, TestClient(app, base_url=BASE) as two:
        csrf = token_of(one)
        token_of(two)
        assert two.post("/preview", data={**NURSE, "csrf": csrf}).status_code == 403


def test_basic_auth(tmp_path: Path) -> None:
    stored = hash_password("correct horse")
    assert verify_password("correct horse", stored) and not verify_password("wrong", stored)
    assert stored.startswith("scrypt$") and "correct" not in stored
    app = create_app(settings_for(tmp_path, users={"nurse": stored}))
    with TestClient(app, base_url=BASE) as c:
        res = c.get("/")
        assert res.status_code == 401 and res.headers["www-authenticate"].startswith("Basic")
        bad = base64.b64encode(b"nurse:wrong").decode()
        assert c.get("/", headers={"Authorization": f"Basic {bad}"}).status_code == 401
        good = {"Authorization": "Basic " + base64.b64encode(b"nurse:correct horse").decode()}
        assert submit(c, headers=good).status_code == 200


def test_user_header_only_from_trusted_proxies(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path, trusted_proxies=["10.0.0.5"]))
    with TestClient(app, base_url=BASE, client=("10.0.0.9", 5000)) as stranger:
        assert stranger.get("/", headers={"X-Remote-User": "mallory"}).status_code == 401
    with TestClient(app, base_url=BASE, client=("10.0.0.5", 5000)) as proxy:
        assert proxy.get("/").status_code == 401  # the proxy let nobody through
        assert proxy.get("/", headers={"X-Remote-User": "nurse"}).status_code == 200


def test_security_headers_on_every_response(client: TestClient) -> None:
    for res in (client.get("/"), client.get("/static/serve.css"), client.get("/nowhere"), submit(client)):
        h = res.headers
        assert "default-src 'self'" in h["content-security-policy"]
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer"
        assert h["cache-control"] == "no-store"


def test_request_size_is_bounded(client: TestClient) -> None:
    csrf = token_of(client)
    res = client.post("/preview", data={**NURSE, "csrf": csrf, "physician": "x" * 100_000})
    assert res.status_code == 413
    # without a Content-Length (chunked), counted as it arrives
    body = f"csrf={csrf}&physician=".encode() + b"x" * 100_000

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 8192):
            yield body[start : start + 8192]

    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    assert client.post("/preview", content=chunks(), headers=headers).status_code == 413


def test_no_patient_data_in_any_log_line(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    res = submit(client)
    link = re.search(r'href="(/pdf/[^"?]+)\?download=1"', res.text)
    assert link
    client.get(link.group(1) + "?download=1&name=Zelda")
    submit(client, {**NURSE, "dob": "1958-02-30"})
    access = [r.getMessage() for r in caplog.records if r.name == "docgen.serve.access"]
    assert any(line.startswith("POST /preview 200") for line in access)
    assert any(line.startswith("GET /pdf/* 200") for line in access)
    for record in caplog.records:
        if record.name.startswith(("httpx", "httpcore")):
            continue  # the test client's own log of what it sent, not the server's
        line = record.getMessage()
        for value in PHI:
            assert value not in line, (record.name, line)
        assert "?" not in line or record.name != "docgen.serve.access"
    assert log_path("/pdf/abc/def") == "/pdf/*/def"


def test_internal_errors_show_no_traceback(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import docgen.serve.render as render

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Zelda Quimby QX778899")

    monkeypatch.setattr(render, "render_visit", broken)
    res = submit(client)
    assert res.status_code == 500
    assert "Zelda" not in res.text and "Traceback" not in res.text


def test_refuses_a_public_address_without_sign_in(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from docgen.cli import app

    config = tmp_path / "docgen.toml"
    config.write_text('[clinic]\nname = "T"\nday_phone = "1"\nafter_hours_phone = "2"\n')
    res = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--config", str(config)])
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and "refusing to listen on 0.0.0.0 without sign-in" in res.stderr


def test_print_sends_the_previewed_pdf_to_a_listed_queue(tmp_path: Path) -> None:
    """Print sends the previewed bytes to a real CUPS queue the clinic lists (with the form token
    only), shows the job ID, and records the delivery against every document of the preview."""
    from cups_server import cups, job_attributes, spooled

    from docgen.audit.store import open_store
    from docgen.model.settings import Printing

    server, queue, spool = cups()
    settings = settings_for(tmp_path, trusted_proxies=["127.0.0.1"]).model_copy(
        update={"printing": Printing(queues=[queue, "desk-2"], server=server)}
    )
    nurse = {"X-Remote-User": "nurse.ratched"}
    with TestClient(create_app(settings), base_url=BASE, client=("127.0.0.1", 5000), headers=nurse) as client:
        res = submit(client, {**NURSE, "document": "packet"})
        assert 'id="print"' in res.text and "No printer is set up" not in res.text
        action = re.search(r'action="(/print/[^"]+)"', res.text)
        csrf = re.search(r'name="csrf" value="([^"]+)"', res.text)
        shown = re.search(r'id="p-ids" class="ids">([^<]+)<', res.text)
        assert action and csrf and shown
        assert client.post(action.group(1), data={"queue": queue}).status_code == 403  # no form token
        bad = client.post(action.group(1), data={"queue": "elsewhere", "csrf": csrf.group(1)})
        assert bad.status_code == 400
        pdf = client.get(action.group(1).replace("/print/", "/pdf/")).content
        done = client.post(action.group(1), data={"queue": queue, "csrf": csrf.group(1)})
    assert done.status_code == 200
    found = re.search(rf"{re.escape(queue)}: job ({re.escape(queue)}-\d+)", done.text)
    assert found, done.text
    job_id = found.group(1)
    attributes = job_attributes(server, job_id)
    assert "sides (keyword) = two-sided-long-edge" in attributes  # the packet is duplex-padded
    assert not any(p in attributes for p in PHI)  # the queue shows document IDs, not the patient
    assert spooled(spool, job_id) == pdf  # CUPS got exactly the previewed PDF
    store = open_store(settings.audit.database)
    ids = [r["id"] for r in store.find(mrn=NURSE["mrn"])]
    assert len(ids) == 4 and all(i.replace("-", "") in shown.group(1).replace("-", "") for i in ids)
    delivered = store.deliveries(ids)
    assert all(
        [(d["operator"], d["destination"]) for d in delivered[i]]
        == [("nurse.ratched", f"printer:{queue} job {job_id}")]
        for i in ids
    ), delivered


def test_a_refused_print_shows_the_reason_and_records_no_delivery(tmp_path: Path) -> None:
    from docgen.audit.store import open_store
    from docgen.model.settings import Printing

    empty = tmp_path / "no-lp"
    empty.mkdir()
    settings = settings_for(tmp_path).model_copy(update={"printing": Printing(queues=["desk-1"])})
    with TestClient(create_app(settings), base_url=BASE) as client:
        res = submit(client)
        action = re.search(r'action="(/print/[^"]+)"', res.text)
        csrf = re.search(r'name="csrf" value="([^"]+)"', res.text)
        assert action and csrf
        with pytest.MonkeyPatch.context() as env:
            env.setenv("PATH", str(empty))  # no lp on this desk
            done = client.post(action.group(1), data={"queue": "desk-1", "csrf": csrf.group(1)})
    assert (
        done.status_code == 200
        and "cups-client" in done.text
        and "job" not in done.text.split("cups-client")[1][:40]
    )
    store = open_store(settings.audit.database)
    ids = [r["id"] for r in store.find(mrn=NURSE["mrn"])]
    assert ids and all(not v for v in store.deliveries(ids).values())


def test_hash_password_command_makes_a_hash_basic_auth_accepts() -> None:
    from typer.testing import CliRunner

    from docgen.cli import app

    res = CliRunner().invoke(app, ["serve", "--hash-password"], input="desk pass\ndesk pass\n")
    assert res.exit_code == 0, res.stderr
    stored = res.stdout.strip().splitlines()[-1].split(":")[-1].strip()
    assert verify_password("desk pass", stored) and "desk pass" not in stored

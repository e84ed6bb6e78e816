"""Input is read as typed, or refused: times, dates in the clinic's format, hidden characters,
fields given twice, values that would break a reader. Every refusal is one line naming the field."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import PATIENT, Pdf, Result, flags, manifest, one_line

from docgen.model.values import read_date, read_text, read_time

TIMES_READ = {
    "10:30": dt.time(10, 30),
    "9:00": dt.time(9, 0),
    "09:05": dt.time(9, 5),
    "10.30": dt.time(10, 30),
    "14:30:00": dt.time(14, 30),
    "10:30 AM": dt.time(10, 30),
    "10:30am": dt.time(10, 30),
    "2:30 PM": dt.time(14, 30),
    "2:30 p.m.": dt.time(14, 30),
    "12 AM": dt.time(0, 0),
    "12:15 PM": dt.time(12, 15),
    "10 AM": dt.time(10, 0),
}
TIMES_REFUSED = ["10", "25:00", "10:60", "13:00 PM", "0 AM", "9:5", "10:300", "10:30:15", "ten", "10,30"]


@pytest.mark.parametrize(("typed", "expected"), TIMES_READ.items())
def test_times_are_read_as_typed(typed: str, expected: dt.time) -> None:
    assert read_time(typed) == expected


@pytest.mark.parametrize("typed", TIMES_REFUSED)
def test_times_that_cannot_be_read_surely_are_refused(run: Callable[..., Result], typed: str) -> None:
    res = run("aftercare", *flags(time=typed), "-o", "out.pdf")
    assert res.exit_code == 1
    assert res.stderr.startswith("docgen: error: time: ")
    assert "HH:MM" in res.stderr and "AM/PM" in res.stderr
    assert typed not in res.stderr.replace("HH:MM", "")
    assert not Path("out.pdf").exists()


def test_a_dotted_time_prints_the_minutes(render_pdf: Callable[..., Pdf]) -> None:
    """`--time 10.30` once printed as 10:00 AM."""
    text = one_line(render_pdf("diary", time="10.30").text)
    assert "10:30" in text and "10:00 AM" not in text


@pytest.mark.parametrize(
    ("typed", "date_format", "expected"),
    [
        ("2026-11-21", "iso", dt.date(2026, 11, 21)),
        ("2026-11-21", "us", dt.date(2026, 11, 21)),
        ("11/21/2026", "us", dt.date(2026, 11, 21)),
        ("1/5/2026", "us", dt.date(2026, 1, 5)),
        ("21/11/2026", "day-first", dt.date(2026, 11, 21)),
        ("21.11.2026", "day-first", dt.date(2026, 11, 21)),
    ],
)
def test_dates_in_the_chosen_format(typed: str, date_format: str, expected: dt.date) -> None:
    assert read_date(typed, date_format) == expected


@pytest.mark.parametrize(
    ("typed", "date_format"),
    [
        ("11/21/2026", "iso"),
        ("21/11/2026", "us"),
        ("11/21/26", "us"),
        ("2026-1-5", "iso"),
        ("02/30/2026", "us"),
    ],
)
def test_dates_not_in_the_format_are_refused(typed: str, date_format: str) -> None:
    with pytest.raises(ValueError):
        read_date(typed, date_format)


def test_us_dates_from_the_command_line_and_from_settings(run: Callable[..., Result], tmp_path: Path) -> None:
    us = flags(dob="04/12/1961", date="11/21/2026")
    refused = run("aftercare", *us, "-o", "a.pdf")
    assert refused.exit_code == 1 and "dob: is not a real date" in refused.stderr
    assert run("aftercare", *us, "--date-format", "us", "-o", "a.pdf").exit_code == 0
    assert "Apr 12, 1961" in one_line(Pdf(Path("a.pdf").read_bytes()).text)
    settings = tmp_path / "docgen.toml"
    settings.write_text(
        '[clinic]\nname = "C"\nday_phone = "1"\nafter_hours_phone = "2"\n[defaults]\ndate_format = "us"\n'
    )
    assert run("aftercare", *us, "-o", "b.pdf").exit_code == 0
    two_digit = run("aftercare", *flags(date="11/21/26"), "--date-format", "us", "-o", "c.pdf")
    assert "date: has a two-digit year" in two_digit.stderr
    bad = run("aftercare", *us, "--date-format", "american", "-o", "d.pdf")
    assert bad.exit_code == 2 and "--date-format: use iso, us or day-first" in bad.stderr


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("Jane\u200bDoe", "U+200B ZERO WIDTH SPACE"),
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("Jane\u00adDoe", "U+00AD SOFT HYPHEN"),
        ("Jane\x00Doe", "U+0000 control character"),
        ("Jane\nDoe", "U+000A control character"),
        ("\u202eeoD enaJ", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Jane\u2066Doe", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\ufeffJane", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_hidden_characters_are_refused_by_name(run: Callable[..., Result], value: str, named: str) -> None:
    for field in ("name", "physician"):
        res = run("aftercare", *flags(**{field: value}), "-o", "out.pdf")
        assert res.exit_code == 1
        assert res.stderr.startswith(
            f"docgen: error: {field}: contains a hidden or control character ({named})"
        )
        assert "Jane" not in res.stderr and "\n" not in res.stderr.strip()


def test_decomposed_accents_print_as_one_letter(render_pdf: Callable[..., Pdf]) -> None:
    decomposed = "Jose\u0301 Nun\u0303ez"
    assert read_text(decomposed) == "José Nuñez"
    assert "José Nuñez" in render_pdf("aftercare", name=decomposed).text


def test_joiners_inside_a_name_are_kept(render_pdf: Callable[..., Pdf]) -> None:
    assert read_text("Ali\u200cReza") == "Ali\u200cReza"
    assert read_text("\u200c \u200d") == ""


def test_empty_optional_values_fall_back_to_defaults(
    run: Callable[..., Result], render_pdf: Callable[..., Pdf], tmp_path: Path
) -> None:
    """An empty --physician or an empty key in --input once ended in "internal error"."""
    assert "Dr A. Rivera" in one_line(render_pdf("aftercare", physician="").text)
    visit = tmp_path / "visit.yaml"
    visit.write_text(
        "".join(f"{k}: '{v}'\n" for k, v in PATIENT.items() if k != "time") + "physician:\ntime:\n"
    )
    res = run("aftercare", "--input", str(visit), "-o", "v.pdf")
    assert res.exit_code == 0, res.stderr


@pytest.mark.parametrize("date", ["9999-12-31", "1899-01-01", "2100-01-01"])
def test_implausible_procedure_dates_are_refused(run: Callable[..., Result], date: str) -> None:
    res = run("diary", *flags(date=date, dob="1890-01-01"), "-o", "out.pdf")
    assert res.exit_code == 1
    assert "date: is not between 2000 and 2099" in res.stderr or "dob:" in res.stderr
    assert "internal error" not in res.stderr


def test_every_bad_field_is_reported_at_once(run: Callable[..., Result]) -> None:
    res = run("aftercare", *flags(dob="1961-13-01", time="25:00", sedation="lots"), "-o", "out.pdf")
    message = res.stderr.strip()
    assert "\n" not in message
    for part in ("dob: is not a real date", "time: is not a valid time", "sedation: is not allowed"):
        assert part in message, message
    assert message.index("dob:") < message.index("time:") < message.index("sedation:")


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".json", '{"name": "Jane Doe", "name": "Other Person", "mrn": "1"}'),
        (".yaml", "name: Jane Doe\nname: Other Person\nmrn: '1'\n"),
    ],
)
def test_a_field_given_twice_in_an_input_file_is_refused(
    run: Callable[..., Result], tmp_path: Path, suffix: str, text: str
) -> None:
    visit = tmp_path / f"visit{suffix}"
    visit.write_text(text)
    res = run("aftercare", "--input", str(visit), "-o", "out.pdf")
    assert res.exit_code == 1
    assert f"--input: visit{suffix} gives the field name twice; keep one" in res.stderr
    assert "Jane" not in res.stderr and "Other" not in res.stderr


ROW = {
    "name": "Ana Example",
    "dob": "1961-04-12",
    "mrn": "40000001",
    "procedure": "si-joint-injection",
    "side": "left",
    "date": "2026-11-21",
}


def test_broken_rows_fail_alone_and_the_batch_goes_on(run: Callable[..., Result], tmp_path: Path) -> None:
    """Fields given twice, values nested 100,000 deep, a 5,000-digit number: one line for the row,
    promptly; the good rows are written."""
    good = json.dumps(ROW)
    twice = good[:-1] + ', "name": "Other Person"}'
    deep = '{"name":' * 100_000 + '"x"' + "}" * 100_000
    huge = good[:-1] + ', "mrn_extra": ' + "9" * 5000 + "}"
    nested = json.dumps({**ROW, "mrn": "40000005", "side": [[[[[[[[[["left"]]]]]]]]]]})
    lines = [good, twice, deep, huge, nested, json.dumps({**ROW, "mrn": "40000006"})]
    schedule = tmp_path / "day.jsonl"
    schedule.write_text("\n".join(lines) + "\n")
    res = run(
        "batch", str(schedule), "--out-dir", str(tmp_path / "out"), "--docs", "aftercare", "--jobs", "1"
    )
    assert res.exit_code == 1
    rows = manifest(tmp_path / "out")
    assert [rows[n]["status"] for n in range(1, 7)] == ["ok", "failed", "failed", "failed", "failed", "ok"]
    assert rows[2]["error"] == "gives the field name twice; keep one"
    assert "internal error" not in res.stderr and "Other" not in res.stderr


def test_a_json_array_row_with_a_field_twice_fails_alone(run: Callable[..., Result], tmp_path: Path) -> None:
    schedule = tmp_path / "day.json"
    twice = json.dumps(ROW)[:-1] + ', "side": "right"}'
    schedule.write_text(f"[{twice}, {json.dumps({**ROW, 'mrn': '40000002'})}]")
    res = run(
        "batch", str(schedule), "--out-dir", str(tmp_path / "out"), "--docs", "aftercare", "--jobs", "1"
    )
    rows = manifest(tmp_path / "out")
    assert res.exit_code == 1
    assert rows[1]["status"] == "failed" and rows[1]["error"] == "gives the field side twice; keep one"
    assert rows[2]["status"] == "ok"

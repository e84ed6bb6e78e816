"""Schedules as other systems export them: byte-order marks, Windows line ends, semicolons and tabs,
quoted line breaks, "Patient Name" headers, no header at all; and `--check`, which writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers import Result, manifest

NAME = "Zelda Quintessa Example"  # recognisable, so that any leak of it is found


def batch(run: Callable[..., Result], sched: Path, out: Path, *extra: str) -> Result:
    return run("batch", str(sched), "--out-dir", str(out), "--docs", "aftercare", "--jobs=1", *extra)


def test_an_excel_export_with_semicolons_crlf_bom_and_friendly_headers(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    sched = tmp_path / "export.csv"
    text = (
        "Patient Name;Date of Birth;MRN;Procedure;Side;Procedure Date;Appointment Time;Doctor\r\n"
        f'"{NAME}";1961-04-12;40000001;si-joint-injection;left;2026-11-21;10:30;"Dr A.\r\nRivera"\r\n'
        '"Ana Example";1970-01-02;40000002;si-joint-rfa;Right;2026-11-21;9:15 AM;\r\n'
    )
    sched.write_bytes(b"\xef\xbb\xbf" + text.encode())
    res = batch(run, sched, tmp_path / "out")
    assert res.exit_code == 1, res.stderr  # row 2's physician holds a line break: refused, by name
    rows = manifest(tmp_path / "out")
    assert rows[2]["status"] == "failed" and rows[2]["field"] == "physician"
    assert "control character" in rows[2]["error"]
    assert rows[4]["status"] == "ok"
    assert NAME not in res.stderr


def test_tabs_are_found_and_the_separator_can_be_named(run: Callable[..., Result], tmp_path: Path) -> None:
    sched = tmp_path / "tabs.csv"
    sched.write_text(
        "name\tdob\tmrn\tprocedure\tside\tdate\n"
        "Ana Example\t1961-04-12\t40000001\tsi-joint-injection\tleft\t2026-11-21\n"
    )
    assert batch(run, sched, tmp_path / "a").exit_code == 0
    assert batch(run, sched, tmp_path / "b", "--delimiter", "tab").exit_code == 0
    wrong = batch(run, sched, tmp_path / "c", "--delimiter", ";")
    assert wrong.exit_code == 1 and "names no docgen field" in wrong.stderr
    bad = batch(run, sched, tmp_path / "d", "--delimiter", "x")
    assert bad.exit_code == 1 and "--delimiter: use a comma, a semicolon, tab or a bar" in bad.stderr


def test_a_schedule_without_a_header_echoes_nothing(run: Callable[..., Result], tmp_path: Path) -> None:
    """The first patient's name once went into warnings and the manifest as a column name."""
    sched = tmp_path / "noheader.csv"
    sched.write_text(f"{NAME},1961-04-12,40000001,si-joint-injection,left,2026-11-21\n")
    res = batch(run, sched, tmp_path / "out")
    assert res.exit_code == 1
    assert "the first line names no docgen field, so it is not a header" in res.stderr
    assert NAME.split()[0] not in res.stderr and "1961" not in res.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_columns_are_named_safely(run: Callable[..., Result], tmp_path: Path) -> None:
    sched = tmp_path / "extra.csv"
    sched.write_text(
        'name,dob,mrn,procedure,side,date,"Notes\x1b[31m"\n'
        "Ana Example,1961-04-12,40000001,si-joint-injection,left,2026-11-21,private note\n"
    )
    res = batch(run, sched, tmp_path / "out")
    assert res.exit_code == 0
    assert "column notes?[31m is not a docgen field; it is ignored" in res.stderr
    assert "\x1b" not in res.stderr and "private note" not in res.stderr


def test_misspelt_columns_get_a_suggestion(run: Callable[..., Result], tmp_path: Path) -> None:
    """Close to a field: every row with a value fails with the suggestion (a misspelt diabetes column
    must not silently drop the diabetes advice); further off: ignored, named with the nearest field."""
    sched = tmp_path / "typos.csv"
    sched.write_text(
        "name,dob,mrn,procedure,side,date,langauge,physcian name\n"
        "Ana Example,1961-04-12,40000001,si-joint-injection,left,2026-11-21,es,Dr A. Rivera\n"
        "Bo Example,1962-04-12,40000002,si-joint-injection,left,2026-11-21,,Dr A. Rivera\n"
    )
    res = batch(run, sched, tmp_path / "out", "--check")
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert "docgen: row 2: langauge: is not a known field; did you mean language? (MRN 40000001)" in lines
    assert not any(line.startswith("docgen: row 3:") for line in lines)
    assert (
        "docgen: warning: column physcian_name is not a docgen field; it is ignored "
        "(did you mean physician?)" in lines
    )


def test_check_reads_every_row_and_writes_nothing(run: Callable[..., Result], tmp_path: Path) -> None:
    sched = tmp_path / "day.csv"
    sched.write_text(
        "name,dob,mrn,procedure,side,date,time\n"
        f"{NAME},1961-04-12,40000001,si-joint-injection,left,2026-11-21,10:30\n"
        "Ana Example,1961-13-01,40000002,si-joint-injection,,2026-11-21,25:00\n"
        "Ben Sample,1970-01-02,40000003,si-joint-rfa,right,2026-11-21,09:15\n"
    )
    res = run("batch", str(sched), "--check")
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert lines[0].startswith("docgen: row 3: dob: is not a real date")
    assert "time: is not a valid time" in lines[0] and "1975-09-30" in lines[0]
    assert lines[0].index("dob:") < lines[0].index("side: is required") < lines[0].index("time:")
    assert lines[0].endswith("(MRN 40000002)")
    assert "1 of 3 rows have problems (listed above); nothing was written" in lines[-1]
    assert NAME not in res.stderr and "Ana" not in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.csv"]
    good = tmp_path / "good.csv"
    good.write_text("".join(line + "\n" for line in sched.read_text().splitlines()[:2]))
    res = run("batch", str(good), "--check", "--out-dir", str(tmp_path / "out"))
    assert res.exit_code == 0 and "1 rows checked, no problems; nothing was written" in res.stderr
    assert not (tmp_path / "out").exists()


def test_out_dir_is_needed_without_check(run: Callable[..., Result], tmp_path: Path) -> None:
    sched = tmp_path / "day.csv"
    sched.write_text("name,dob\n")
    res = run("batch", str(sched))
    assert (
        res.exit_code == 1
        and "--out-dir: is required (or check the schedule alone with --check)" in res.stderr
    )

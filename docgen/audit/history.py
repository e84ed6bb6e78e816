"""``docgen history``: the audit log as a table, JSON or CSV, never with names unless asked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from docgen.identity import display_id

FIELDS = (
    "id", "job", "printed_at", "recorded_at", "operator", "workstation", "mrn", "procedure", "kinds",
    "job_kinds", "language", "templates", "template_set", "settings_hash", "sha256", "pages",
    "file_pages", "destination", "reprint_of", "docgen_version", "deliveries",
)  # fmt: skip
NAME_FIELDS = ("name", "dob")


def entry(
    record: dict[str, Any], *, show_names: bool, deliveries: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """One record as history shows it: no visit details, and names only with ``show_names``.

    ``deliveries``: when the document was handed on later (printed from the web form's preview)."""
    recorded = _utc(record["recorded_at"])
    out: dict[str, Any] = {
        "id": record["id"],
        "job": record["job"],
        "printed_at": record["printed_at"],
        "recorded_at": recorded.isoformat(timespec="seconds"),
        "operator": record["operator"],
        "workstation": record["workstation"],
        "mrn": record["mrn"],
        "procedure": record["procedure"],
        "kinds": [record["kind"]],
        "job_kinds": record["job_kinds"].split(","),
        "language": record["language"],
        "templates": record["templates"],
        "template_set": record["snapshot"],
        "settings_hash": record["settings_hash"],
        "sha256": record["sha256"],
        "pages": record["pages"],
        "file_pages": record["file_pages"],
        "destination": record["destination"],
        "reprint_of": record["reprint_of"],
        "docgen_version": record["docgen_version"],
        "deliveries": [
            {
                "at": _utc(d["at"]).isoformat(timespec="seconds"),
                "operator": d["operator"],
                "workstation": d["workstation"],
                "destination": d["destination"],
            }
            for d in deliveries or ()
        ],
    }
    if show_names:
        out["name"] = record["visit"].get("name")
        out["dob"] = record["visit"].get("dob")
    return out


def _utc(when: dt.datetime) -> dt.datetime:
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when  # SQLite drops the zone


def as_json(entries: list[dict[str, Any]]) -> str:
    return json.dumps(entries, indent=2, ensure_ascii=False)


def as_csv(entries: list[dict[str, Any]], *, show_names: bool) -> str:
    out = io.StringIO()
    fields = [*FIELDS, *(NAME_FIELDS if show_names else ())]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for item in entries:
        row = dict(item)
        row["kinds"] = ",".join(item["kinds"])
        row["job_kinds"] = ",".join(item["job_kinds"])
        row["templates"] = f"{item['templates']['procedure']} {item['templates']['version']}"
        row["deliveries"] = "; ".join(
            f"{d['at']} {d['operator']} {d['destination']}" for d in item["deliveries"]
        )
        writer.writerow(row)
    return out.getvalue()


def table_rows(entries: list[dict[str, Any]], *, show_names: bool) -> tuple[list[str], list[list[str]]]:
    header = ["recorded", "id", "document", "mrn", "procedure", "lang", "pages", "operator", "reprint of"]
    if show_names:
        header.append("name")
    rows = []
    for item in entries:
        when = dt.datetime.fromisoformat(item["recorded_at"]).astimezone().strftime("%Y-%m-%d %H:%M")
        row = [
            when,
            display_id(item["id"]),
            item["kinds"][0],
            item["mrn"],
            item["procedure"],
            item["language"],
            str(item["pages"]),
            item["operator"],
            display_id(item["reprint_of"]) if item["reprint_of"] else "",
        ]
        if show_names:
            row.append(item.get("name") or "")
        rows.append(row)
    return header, rows

"""Several ``docgen serve`` instances behind one load balancer (docs/serve.md, "Several desks").

Each instance keeps its previews in memory. With ``[serve] secret_key_file`` (the same file on every
instance) the session cookie and the preview links are signed with that key, so a nurse's next
request may reach any instance: one that does not hold the preview renders it again from the shared
audit log (the same records, template set and print time give the same bytes, which are checked
against the recorded SHA-256). Without the setting, the key is random per process, which is right
for a single instance.
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

from docgen.errors import ConfigError

if TYPE_CHECKING:
    from docgen.audit.reprint import Reproduced

SALT = "docgen-preview"


def load_key(path: Path | None) -> bytes | None:
    """The shared key from ``[serve] secret_key_file`` (owner-only, at least 32 bytes), or None."""
    if path is None:
        return None
    try:
        info = path.stat()
        key = path.read_bytes().strip()
    except OSError as exc:
        raise ConfigError(f"[serve] secret_key_file cannot be read ({exc.strerror})") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"[serve] secret_key_file {path.name} is readable by others; run chmod 600 on it")
    if len(key) < 32:
        raise ConfigError(
            "[serve] secret_key_file holds fewer than 32 bytes; make one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    return key


def _user_tag(user: str) -> str:
    return hashlib.sha256(user.encode()).hexdigest()[:16]  # no staff name in a link


class Links:
    """Preview links any instance with the same key can open: the first document's ID and the user."""

    def __init__(self, key: bytes, max_age: int) -> None:
        self.signer = URLSafeTimedSerializer(key, salt=SALT)
        self.max_age = max_age

    def make(self, record_id: str, user: str) -> str:
        return str(self.signer.dumps({"r": record_id, "u": _user_tag(user)}))

    def record_for(self, token: str, user: str) -> str | None:
        """The record ID a link names, if it is valid, unexpired and the same user's."""
        try:
            data: Any = self.signer.loads(token, max_age=self.max_age)
        except BadSignature:
            return None
        if (
            not isinstance(data, dict)
            or data.get("u") != _user_tag(user)
            or not isinstance(data.get("r"), str)
        ):
            return None
        return str(data["r"])


def rebuild(settings: Any, record_id: str) -> Reproduced | None:
    """A recorded print rendered again from the audit log (None: not found, or not the same bytes)."""
    from docgen.audit.reprint import find_print, reproduce
    from docgen.audit.store import open_store
    from docgen.errors import DocgenError

    store = open_store(settings.audit.database)
    try:
        records = find_print(store, record_id)
    except DocgenError:
        return None
    records = [r for r in records if r["reprint_of"] is None]
    again = reproduce(store, records)
    if hashlib.sha256(again.pdf).hexdigest() != records[0]["sha256"]:
        return None  # another docgen, ReportLab or fonts: never show a document that differs
    return again

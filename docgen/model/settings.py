"""Clinic settings: a TOML file, or the built-in example clinic when there is none."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    model_validator,
)

from docgen.errors import ConfigError
from docgen.model.visit import Language, Paper

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class Clinic(BaseModel):
    """Who the documents come from, and whom the patient calls."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Short
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""
    day_phone: Short
    after_hours_phone: Short
    emergency_number: Short = "911"
    logo: Path | None = None
    #: Whether trainees (residents, fellows, students) usually take part.
    teaching: bool = False
    #: Fever threshold printed on warning signs, in degrees Fahrenheit (at most 101.5: a higher
    #: threshold would tell an infected patient to wait).
    fever_f: Annotated[float, Field(ge=99.0, le=101.5)] = 101.0
    #: Blood sugar over this (mg/dL) means a call for patients with diabetes (steroid, surgery).
    glucose_high_mg_dl: Annotated[int, Field(ge=180, le=400)] = 300
    #: Blood sugar under this (mg/dL) is low: what to do is printed for patients with diabetes who fast.
    glucose_low_mg_dl: Annotated[int, Field(ge=54, le=100)] = 70
    is_example: bool = False


class Defaults(BaseModel):
    """Values used when a visit does not say otherwise."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    paper: Paper = Paper.LETTER
    physician: Short | None = None
    language: Language = Language.EN
    #: Printing two-sided: each document of a packet starts on a front side. False: single-sided.
    duplex: bool = True
    #: How dates are typed besides ISO (YYYY-MM-DD): "us" (MM/DD/YYYY) or "day-first" (DD/MM/YYYY).
    date_format: Literal["iso", "us", "day-first"] = "iso"


class Diary(BaseModel):
    """Pain-diary protocol settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Percent relief that counts as a positive diagnostic block (payer or protocol rule).
    diagnostic_relief_threshold: Literal[50, 75, 80] = 75
    #: Where and how the patient sends the diary back, printed after "send it ... to:" (e.g.
    #: "Example Clinic, 100 Example Street, Springfield, or fax 555-0101"). Empty: the clinic's
    #: name and address.
    return_to: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""


class Documents(BaseModel):
    """Optional parts of the documents."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Print the paragraph on payer coverage where a procedure has one (e.g. RFA and Medicare).
    coverage_notes: bool = True
    #: The diary's cells are PDF form fields a tablet can fill in (``--fillable`` per document).
    fillable_diary: bool = False
    #: Wording whose review date (``review.review_due`` in procedure.yaml) has passed: "mark" prints
    #: "Review overdue" in the footer of every page; "refuse" does not print it at all.
    review_overdue: Literal["mark", "refuse"] = "mark"


class Codes(BaseModel):
    """The scan-back code printed on every page (README, "Scan-back codes and identify")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: False prints no code (the footer still shows the document ID when there is one).
    enabled: bool = True
    #: Code 128 (what most document-imaging systems read) or Data Matrix (a small square).
    symbology: Literal["code128", "datamatrix"] = "code128"
    #: Where on the page: in the strip under the footer, or in the strip above the header.
    position: Literal["footer-left", "footer-right", "top-left", "top-right"] = "footer-left"
    #: False leaves the MRN out of the code (it is still printed in the header).
    include_mrn: bool = True


def _mode(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"0?[0-7]{3}", value.strip()):
        return int(value.strip(), 8)
    raise ValueError('give an octal mode in quotes, for example "600"')


Mode = Annotated[int, BeforeValidator(_mode)]


class Output(BaseModel):
    """Permissions of what docgen writes. Owner-only by default: patient documents are private."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: PDFs, manifests, the journal and the print file. "640" lets the owner's group read them.
    file_mode: Mode = 0o600
    #: The output folder and docgen's state folder in it.
    folder_mode: Mode = 0o700

    @model_validator(mode="after")
    def _owner_can_use_them(self) -> Output:
        if self.file_mode & 0o600 != 0o600 or self.folder_mode & 0o700 != 0o700:
            raise ValueError("the owner must be able to read and write (files) and enter (folders)")
        if (self.file_mode | self.folder_mode) & 0o002:
            raise ValueError("nothing docgen writes may be writable by everyone")
        return self


class Audit(BaseModel):
    """The audit log of every printed document (README, "Audit log")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Record every print (and print its document ID). False: no record, no ID on the page.
    enabled: bool = True
    #: Empty: audit.sqlite3 in the user's data folder. A path, or "postgresql://user@host/db".
    database: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""


Queue = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,126}$")]
OptionKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9-]{0,62}$")]
Server = Annotated[str, StringConstraints(pattern=r"^([A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?)?$")]
OptionValue = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]


class Printing(BaseModel):
    """Printing through CUPS with ``lp`` (README, "Printing")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: The CUPS queues docgen may print on (e.g. one per desk); --print QUEUE must be one of them.
    queues: list[Queue] = []
    #: What --print alone uses; must be one of the queues. Left out: the first queue.
    default_queue: Queue | None = None
    #: Duplex-padded output (not --simplex) is sent two-sided (long edge); False: always one-sided.
    duplex: bool = True
    #: Further ``lp -o KEY=VALUE`` options, e.g. {"InputSlot" = "Tray2", "media" = "Letter"}.
    options: dict[OptionKey, OptionValue] = {}
    #: The CUPS server as host or host:port (``lp -h``). Empty: the system's default.
    server: Server = ""

    @model_validator(mode="after")
    def _default_is_allowed(self) -> Printing:
        if self.default_queue is not None and self.default_queue not in self.queues:
            raise ValueError("default_queue must be one of queues")
        if {"sides", "title", "job-name"} & {k.lower() for k in self.options}:
            raise ValueError("options may not set sides or the title (docgen sets them)")
        return self

    @property
    def queue(self) -> str | None:
        """The queue --print alone uses."""
        return self.default_queue or (self.queues[0] if self.queues else None)


class Serve(BaseModel):
    """``docgen serve``, the web form (docs/serve.md): who may use it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Reverse-proxy addresses whose ``user_header`` is believed (the proxy authenticates).
    trusted_proxies: list[str] = []
    #: The header a trusted proxy sets to the signed-in user's name.
    user_header: str = "X-Remote-User"
    #: Built-in basic auth: user name -> hash from ``docgen serve --hash-password``.
    users: dict[str, str] = {}
    #: Rendering that takes longer is refused (seconds); renders run at most ``workers`` at a time.
    render_timeout: Annotated[float, Field(gt=0, le=600)] = 60.0
    workers: Annotated[int, Field(ge=1, le=16)] = 2
    #: A file (chmod 600, 32+ bytes) with the key that signs sessions and preview links. Give every
    #: instance behind one load balancer the same file and the same PostgreSQL [audit] database.
    secret_key_file: Path | None = None

    @property
    def authenticated(self) -> bool:
        return bool(self.trusted_proxies or self.users)


class Settings(BaseModel):
    """Everything a clinic configures, as read from its settings file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    clinic: Clinic
    defaults: Defaults = Defaults()
    diary: Diary = Diary()
    documents: Documents = Documents()
    output: Output = Output()
    codes: Codes = Codes()
    audit: Audit = Audit()
    printing: Printing = Printing()
    serve: Serve = Serve()
    #: The settings file these came from (None: the example clinic, or built in Python).
    _source: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> Path | None:
        return self._source

    def inputs(self) -> list[Path]:
        """What a run with these settings reads besides its visits: the settings file, the logo and
        the templates folder (an output must never be one of them)."""
        paths = [self._source, self.clinic.logo, self.templates]
        return [p for p in paths if p is not None]

    #: A folder of clinic templates that win over the built-ins.
    templates: Path | None = None

    def diary_return_to(self) -> str:
        """Where the patient sends the diary back: the [diary] setting, else the clinic's address."""
        where = self.diary.return_to or ", ".join(x for x in (self.clinic.name, self.clinic.address) if x)
        return where.rstrip(". ")  # the sentence it ends supplies the full stop


EXAMPLE = Settings(
    clinic=Clinic(
        name="Example Spine & Pain Clinic",
        address="100 Example Street, Springfield",
        day_phone="555-0100",
        after_hours_phone="555-0199",
        emergency_number="911",
        is_example=True,
    ),
    defaults=Defaults(physician="Dr A. Rivera"),
)


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    """The setting names allowed where ``loc`` points (its last part is the unknown key)."""
    model: type[BaseModel] = Settings
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        inner = field.annotation if field is not None else None
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return []
        model = inner
    return [name for name in model.model_fields if name != "is_example"]


def _problem(exc: ValidationError) -> str:
    """One line for the first problem; an unknown key comes first, since a misspelt key also makes
    the key it was meant to be look missing."""
    errors = exc.errors(include_input=False, include_url=False)
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    where = _field_path(err["loc"])
    if err["type"] == "missing":
        return f"{where} is required"
    if err["type"] == "extra_forbidden":
        import difflib

        close = difflib.get_close_matches(str(err["loc"][-1]), _known_keys(err["loc"]), n=1)
        if close:
            return f"{where} is not a setting (did you mean {_field_path((*err['loc'][:-1], close[0]))}?)"
        return f"{where} is not a setting; 'docgen config' lists every setting"
    return f"{where} is not valid: {err['msg']}"


def load_settings(path: Path | None, *, cwd: Path | None = None) -> Settings:
    """Read settings from ``path``, else the file :func:`docgen.model.locate.locate` finds
    (DOCGEN_CONFIG, ``docgen.toml`` in ``cwd``, the user's and the system's config folders), else
    return the example clinic."""
    from docgen.model.locate import locate

    found = locate(path, cwd=cwd).path
    if found is None:
        return EXAMPLE
    path = found
    label = f"settings file {path.name}"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{label} does not exist; check the --config path") from None
    except (OSError, UnicodeDecodeError):
        raise ConfigError(f"{label} cannot be read; check that it is a readable text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{label} is not valid TOML ({exc}); fix the line it names") from None
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{label}: {_problem(exc)}") from None
    base = path.parent
    updates: dict[str, Any] = {}
    if settings.clinic.logo is not None:
        logo = settings.clinic.logo if settings.clinic.logo.is_absolute() else base / settings.clinic.logo
        if not logo.is_file():
            raise ConfigError(f"{label}: clinic.logo file does not exist; check the path")
        updates["clinic"] = settings.clinic.model_copy(update={"logo": logo})
    if settings.templates is not None:
        folder = settings.templates if settings.templates.is_absolute() else base / settings.templates
        if not folder.is_dir():
            raise ConfigError(f"{label}: templates folder does not exist; check the path")
        updates["templates"] = folder
    key_file = settings.serve.secret_key_file
    if key_file is not None and not key_file.is_absolute():
        updates["serve"] = settings.serve.model_copy(update={"secret_key_file": base / key_file})
    settings = settings.model_copy(update=updates) if updates else settings
    settings._source = path
    return settings

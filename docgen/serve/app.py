"""``docgen serve``: one form, a preview, a download and a print button (docs/serve.md).

Server-rendered HTML (Jinja2), no JavaScript. Renders run in a small thread pool with a time limit;
the PDFs stay in memory, in a small cache keyed by an unguessable token that expires in minutes.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from docgen.content.library import shared_library
from docgen.errors import DocgenError, InputError
from docgen.serve import forms
from docgen.serve.security import MAX_BODY, Guard, cross_site, new_token, web_user
from docgen.serve.shared import Links, load_key

HERE = Path(__file__).parent
PREVIEW_MINUTES = 10
CACHE_SIZE = 32
WAITING = 32  # renders that may wait for a worker; more: "the desk is busy"


@dataclass
class Preview:
    pdf: bytes
    user: str
    expires: float
    duplex: bool
    page: dict[str, Any]  # what the preview page shows


class PreviewCache:
    """At most ``size`` PDFs, each for ``minutes``; only the user who made one may fetch it."""

    def __init__(self, size: int = CACHE_SIZE, minutes: float = PREVIEW_MINUTES) -> None:
        self.size, self.seconds = size, minutes * 60
        self._items: OrderedDict[str, Preview] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, pdf: bytes, user: str, duplex: bool, page: dict[str, Any], token: str | None = None) -> str:
        token = token or new_token()
        with self._lock:
            self._drop_old()
            self._items[token] = Preview(pdf, user, time.monotonic() + self.seconds, duplex, page)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return token

    def get(self, token: str, user: str) -> Preview | None:
        with self._lock:
            self._drop_old()
            item = self._items.get(token)
        if item is None or not secrets.compare_digest(item.user, user):
            return None
        return item

    def _drop_old(self) -> None:
        now = time.monotonic()
        for key in [k for k, v in self._items.items() if v.expires < now]:
            del self._items[key]


class Desk:
    """The app's state: settings, library, templates, worker pool and preview cache."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.library = shared_library(settings.templates)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        self.pool = ThreadPoolExecutor(max_workers=settings.serve.workers, thread_name_prefix="docgen-render")
        self.room = settings.serve.workers + WAITING  # renders running or waiting at most
        self.busy = 0
        self.busy_lock = threading.Lock()
        self.cache = PreviewCache()
        self.key = load_key(settings.serve.secret_key_file)
        #: Signed preview links another instance can open (shared key and audit log), or None.
        self.links = Links(self.key, PREVIEW_MINUTES * 60) if self.key and settings.audit.enabled else None

    def procedure_name(self, procedure_id: str) -> str:
        view = forms.procedure_choices(self.library, self.settings)
        return next((p.name for p in view if p.id == procedure_id), procedure_id)

    async def preview_for(self, token: str, user: str) -> Preview | None:
        """The preview behind a link: from this instance's memory, else (with a shared key) rendered
        again from the shared audit log, as another instance made it."""
        item = self.cache.get(token, user)
        if item is not None or self.links is None:
            return item
        record_id = self.links.record_for(token, user)
        if record_id is None:
            return None
        from docgen.serve.shared import rebuild

        loop = asyncio.get_running_loop()
        rebuilt = await loop.run_in_executor(self.pool, rebuild, self.settings, record_id)
        if rebuilt is None:
            return None
        page = self.facts(rebuilt.job, rebuilt.ids, [k.value for k in rebuilt.kinds], rebuilt.pages)
        self.cache.put(rebuilt.pdf, user, rebuilt.options.duplex, page, token)
        return self.cache.get(token, user)

    def facts(self, job: Any, ids: Sequence[str], kinds: list[str], pages: int) -> dict[str, Any]:
        """What the preview page shows of a print: identifiers, side in words, document IDs."""
        from docgen.identity import display_id

        visit = job.visit
        return {
            "name": visit.name,
            "dob": visit.dob.isoformat(),
            "mrn": visit.mrn,
            "procedure": self.procedure_name(job.procedure.id),
            "side": forms.SIDE_WORDS.get(visit.side.value) if visit.side else "",
            "ids": [display_id(i) for i in ids],
            "record_ids": list(ids),
            "kinds": kinds,
            "pages": pages,
        }

    def page(self, name: str, request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("csrf", request.session.get("csrf", ""))
        html = self.env.get_template(name).render(clinic=self.settings.clinic.name, **context)
        return HTMLResponse(html, status_code=status)

    def queues(self) -> list[str]:
        return list(self.settings.printing.queues)

    def default_queue(self) -> str:
        return self.settings.printing.queue or ""


def _user(request: Request) -> str:
    desk: Desk = request.app.state.desk
    client = request.client.host if request.client else None
    user = web_user(desk.settings.serve, client, {k.lower(): v for k, v in request.headers.items()})
    if user is None:
        headers = {"WWW-Authenticate": 'Basic realm="docgen"'} if desk.settings.serve.users else None
        raise HTTPException(401, "Sign in to use the form.", headers=headers)
    return user


async def _checked_form(request: Request) -> dict[str, Any]:
    """The POSTed form, after the cross-site and form-token checks."""
    own = f"{request.url.scheme}://{request.url.netloc}"
    if cross_site({k.lower(): v for k, v in request.headers.items()}, own):
        raise HTTPException(403, "Refused: this request came from another site.")
    async with request.form(max_files=0, max_fields=50, max_part_size=MAX_BODY) as form:
        data = {k: v for k, v in form.items() if isinstance(v, str)}
    token = request.session.get("csrf")
    if not token or not secrets.compare_digest(str(data.get("csrf", "")), str(token)):
        raise HTTPException(403, "The form has expired. Go back, reload the page and try again.")
    return data


def _view(desk: Desk, values: dict[str, str], **kw: Any) -> forms.FormView:
    return forms.FormView(forms.procedure_choices(desk.library, desk.settings), values, **kw)


def _form_page(desk: Desk, request: Request, view: forms.FormView, status: int = 200) -> HTMLResponse:
    return desk.page("form.html.j2", request, status, view=view, f=forms)


async def form(request: Request) -> Response:
    _user(request)
    desk: Desk = request.app.state.desk
    request.session.setdefault("csrf", new_token())
    return _form_page(desk, request, _view(desk, forms.blank_values(desk.settings)))


async def preview(request: Request) -> Response:
    user = _user(request)
    desk: Desk = request.app.state.desk
    values = forms.read_values(await _checked_form(request))
    view = _view(desk, values)
    try:
        kinds = forms.document_kinds(values["document"])
        data = forms.visit_data(values, view.procedures)
        job, printed, duplex = await _render(desk, data, kinds, values, user)
    except InputError as err:
        view.errors = forms.field_errors(err)
        view.general = view.errors.pop("", "")
        return _form_page(desk, request, view, 422)
    except DocgenError as err:
        view.general = str(err)
        return _form_page(desk, request, view, 422)

    page = desk.facts(job, printed.ids, [k.value for k in printed.rendered.kinds], printed.rendered.pages)
    link = desk.links.make(printed.ids[0], user) if desk.links and printed.ids else None
    token = desk.cache.put(printed.rendered.pdf, user, duplex, page, link)
    return _preview_page(desk, request, token, page)


def _preview_page(desk: Desk, request: Request, token: str, page: dict[str, Any], **kw: Any) -> Response:
    kw.setdefault("printed", "")
    kw.setdefault("print_error", "")
    return desk.page(
        "preview.html.j2",
        request,
        token=token,
        p=page,
        queues=desk.queues(),
        default_queue=desk.default_queue(),
        **kw,
    )


async def _render(
    desk: Desk, data: dict[str, Any], kinds: tuple[str, ...], values: dict[str, str], user: str
) -> Any:
    from docgen.serve.render import render_visit

    with desk.busy_lock:
        if desk.busy >= desk.room:
            raise DocgenError("the desk is busy; wait a moment and press Make documents again")
        desk.busy += 1
    try:
        future = desk.pool.submit(
            render_visit,
            data,
            kinds,
            settings=desk.settings,
            paper=values["paper"],
            large_print=bool(values["large_print"]),
            operator=user,
        )
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), desk.settings.serve.render_timeout)
        except TimeoutError:
            raise DocgenError("making the documents took too long; try again") from None
    finally:
        with desk.busy_lock:
            desk.busy -= 1


async def pdf(request: Request) -> Response:
    user = _user(request)
    desk: Desk = request.app.state.desk
    item = await desk.preview_for(request.path_params["token"], user)
    if item is None:
        raise HTTPException(404, "This preview has expired. Fill in the form again.")
    how = "attachment" if request.query_params.get("download") else "inline"
    name = "docgen-" + ("-".join(item.page["ids"]) or "documents") + ".pdf"
    return Response(
        item.pdf, media_type="application/pdf", headers={"Content-Disposition": f'{how}; filename="{name}"'}
    )


async def print_pdf(request: Request) -> Response:
    user = _user(request)
    desk: Desk = request.app.state.desk
    data = await _checked_form(request)
    token = request.path_params["token"]
    item = await desk.preview_for(token, user)
    if item is None:
        raise HTTPException(404, "This preview has expired. Fill in the form again.")
    queue = str(data.get("queue", ""))
    if queue not in desk.queues():
        raise HTTPException(400, "Choose a printer from the list.")
    from docgen.serve.render import print_preview

    try:
        job_id = await asyncio.get_running_loop().run_in_executor(
            desk.pool,
            lambda: print_preview(
                item.pdf,
                item.page["record_ids"],
                queue=queue,
                settings=desk.settings,
                duplex=item.duplex,
                operator=user,
            ),
        )
    except DocgenError as err:
        return _preview_page(desk, request, token, item.page, print_error=str(err))
    return _preview_page(desk, request, token, item.page, printed=f"{queue}: job {job_id}")


async def style(request: Request) -> Response:
    return FileResponse(HERE / "static" / "serve.css", media_type="text/css")


async def home_redirect(request: Request) -> Response:
    return RedirectResponse("/", status_code=303)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    desk: Desk = request.app.state.desk
    html = desk.env.get_template("message.html.j2").render(clinic=desk.settings.clinic.name, text=exc.detail)
    return HTMLResponse(html, status_code=exc.status_code, headers=exc.headers)


async def internal_error(request: Request, exc: Exception) -> Response:
    desk: Desk = request.app.state.desk
    text = f"Something went wrong inside docgen ({type(exc).__name__}). No document was made."
    html = desk.env.get_template("message.html.j2").render(clinic=desk.settings.clinic.name, text=text)
    return HTMLResponse(html, status_code=500)


def create_app(settings: Any, *, https: bool = False) -> Guard:
    """The ASGI app for ``settings`` (guarded: size limit, headers, access log)."""
    desk = Desk(settings)
    key = desk.key.decode("latin-1") if desk.key else secrets.token_urlsafe(32)
    app = Starlette(
        routes=[
            Route("/", form),
            Route("/preview", preview, methods=["POST"]),
            Route("/preview", home_redirect, methods=["GET"]),
            Route("/pdf/{token}", pdf),
            Route("/print/{token}", print_pdf, methods=["POST"]),
            Route("/static/serve.css", style),
        ],
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=key,  # shared by every instance with the same [serve] secret_key_file
                session_cookie="docgen_session",
                max_age=8 * 3600,
                same_site="strict",
                https_only=https,
            )
        ],
        exception_handlers={HTTPException: http_error, Exception: internal_error},
    )
    app.state.desk = desk
    return Guard(app)

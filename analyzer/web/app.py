"""``analyzer serve``: the reports as a local web page, for people who never open a terminal.

A thin Starlette app over the same functions and templates as the CLI (see docs/web-app.md
for why Starlette and uvicorn). The pages are the report and dashboard templates of
:mod:`analyzer.reports.html`, extended with an upload form, act menus, speaker renames and
downloads; every figure is recomputed on the server by :func:`analyzer.figures.summarize`.

Safe by default, because transcripts are confidential:
- every page is self-contained and a strict Content-Security-Policy forbids loading
  anything from anywhere (scripts run only when their hash is in the header);
- the Host header must name this machine unless ``--host`` opened the server to the
  network, so a web site cannot reach it by pointing its own domain at 127.0.0.1;
- requests that change anything carry the run's secret token in a header, which another
  site's page can neither read nor send;
- uploads are capped at the readers' size limit and read by the readers, whose one-line
  errors the page shows; the bytes live in memory and in a private temporary folder that
  is removed when the server stops.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import hmac
import ipaddress
import json
import os
import re
import secrets
import socket
import sys
import threading
import traceback
import webbrowser
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from spacy.language import Language
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from analyzer.alternatives import parser_nlp
from analyzer.analyze import analyze_transcript
from analyzer.errors import InputError
from analyzer.labels import STYLES, acts_of
from analyzer.model_file import Model
from analyzer.moments import with_alternatives
from analyzer.readers import SUPPORTED_SUFFIXES
from analyzer.readers.encoding import MAX_FILE_BYTES
from analyzer.reports import charts
from analyzer.reports.html import (
    dashboard_context,
    render_transcript_report,
    report_context,
    report_file_name,
    summary_rows,
)
from analyzer.web import session
from analyzer.web.session import Upload, Workspace

#: The header that carries the run's token on every request that changes state.
TOKEN_HEADER = "X-Analyzer-Token"
#: Host names that mean this machine: the only ones a loopback server answers to.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
#: Sections of the report that a label correction changes, swapped in place by the page.
UPDATED_SECTIONS = ("figures", "timeline", "acts", "context")

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _environment() -> Environment:
    """The web pages' own templates first, then the reports' (which they extend): the
    report is the CLI's template, not a copy. Autoescaping on, as for the reports."""
    loader = ChoiceLoader([PackageLoader("analyzer.web", "templates"), PackageLoader("analyzer.reports", "templates")])
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["words"] = charts.act_words
    return env


_ENV = _environment()


def content_security_policy(html: str) -> str:
    """Nothing from anywhere: the page's own inline scripts (by hash), inline styles, and
    requests back to this server only."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in _SCRIPT.findall(html))
    return ("default-src 'none'; " + (f"script-src {hashes}; " if hashes else "")
            + "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'none'; "
              "base-uri 'none'; frame-ancestors 'none'")


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",  # a transcript's page is not kept in the browser's cache
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def page(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers={**SECURITY_HEADERS, "Content-Security-Policy": content_security_policy(html)})


def error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=SECURITY_HEADERS)


def download(data: bytes, file_name: str, media_type: str) -> Response:
    return Response(data, media_type=media_type, headers={
        **SECURITY_HEADERS, "Content-Security-Policy": "default-src 'none'; sandbox",
        "Content-Disposition": f"attachment; filename=\"{file_name}\""})


class Server:
    """The app's state for one run: the uploads, the loaded model and pipeline, the token."""

    def __init__(self, load: Callable[[], tuple[Model, Language]], *, max_bytes: int = MAX_FILE_BYTES) -> None:
        self._load = load
        self._loaded: tuple[Model, Language] | None = None
        #: Whether missed moments get a coaching question: spaCy's parser is installed.
        self.questions = False
        self.max_bytes = max_bytes
        self.token = secrets.token_urlsafe(32)
        self.workspace = Workspace()
        self.lock = threading.Lock()  # one analysis or change at a time: spaCy's pipeline is shared

    def load(self) -> tuple[Model, Language]:
        """The model and the pipeline, loaded at start-up so the first upload does not wait.

        So is the parser the missed moments' questions need (about 2 s); without it the
        moments are shown without questions rather than every upload failing.
        """
        if self._loaded is None:
            self._loaded = self._load()
            try:
                parser_nlp()
                self.questions = True
            except InputError:
                self.questions = False
        return self._loaded

    def analyse(self, data: bytes, name: str) -> Upload:
        with self.lock:
            model, nlp = self.load()
            transcript = self.workspace.read_upload(data, name)
            analysis = analyze_transcript(transcript, model, nlp)
            if self.questions:  # the report's missed moments come with a coaching question: the page is a trainer's
                analysis.conversation = with_alternatives(analysis.conversation, analysis.sentences)
            return self.workspace.add(analysis)

    def locked(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` while nothing else reads or changes the uploads."""
        with self.lock:
            return fn(*args)

    # --- pages ------------------------------------------------------------------------

    def app_context(self, upload: Upload | None = None) -> dict[str, Any]:
        uploads = list(self.workspace.uploads.values())
        return {"token": self.token, "upload": upload, "uploads": uploads,
                "acts_by_style": [(style, acts_of(style)) for style in STYLES],
                "suffixes": ",".join(SUPPORTED_SUFFIXES), "max_mb": round(self.max_bytes / 2**20),
                "corrected": sorted(upload.corrected) if upload else []}

    def report_page(self, upload: Upload, only_sentence: int | None = None) -> str:
        """The report with the app's controls; with ``only_sentence``, the conversation holds
        only that sentence's turn (what a correction changes, at a fraction of the cost)."""
        context = report_context(upload.analysis)
        if only_sentence is not None:
            context["turns"] = [t for t in context["turns"] if any(s["index"] == only_sentence for s in t["sentences"])]
        return _ENV.get_template("serve_report.html.j2").render(**context, app=self.app_context(upload))

    def dashboard_page(self) -> str:
        uploads = list(self.workspace.uploads.values())
        summary = pd.DataFrame([row for u in uploads for row in summary_rows(u.analysis)])
        links = {u.name: f"/t/{u.id}" for u in uploads}
        return _ENV.get_template("serve_dashboard.html.j2").render(**dashboard_context(summary, links),
                                                                    app=self.app_context())

    def upload_page(self) -> str:
        return _ENV.get_template("serve_upload.html.j2").render(app=self.app_context())

    # --- requests ---------------------------------------------------------------------

    def check_token(self, request: Request) -> None:
        """Refuse a state-changing request that did not come from this server's own page."""
        sent = request.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(sent.encode(), self.token.encode()):
            raise PermissionError("this request did not come from the analyzer's own page; reload it and try again")
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            raise PermissionError("this request came from another site")

    async def read_body(self, request: Request, name: str) -> bytes:
        """The upload's bytes, refused past the size limit before it is all read."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise InputError(session.too_large(int(declared), self.max_bytes), name)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_bytes:
                raise InputError(session.too_large(size, self.max_bytes, known=False), name)
            chunks.append(chunk)
        return b"".join(chunks)


def _handler(server: Server, fn: Callable[[Server, Request], Awaitable[Response]], *,
             changes_state: bool = False) -> Callable[[Request], Awaitable[Response]]:
    """A route: the token checked where state changes, user errors as one-line JSON errors."""

    async def handle(request: Request) -> Response:
        try:
            if changes_state:
                server.check_token(request)
            return await fn(server, request)
        except PermissionError as exc:
            return error(str(exc), 403)
        except InputError as exc:
            status = 413 if "too large" in exc.problem else 404 if "no such transcript" in exc.problem else 400
            return error(str(exc), status)
        except Exception as exc:  # a bug: one line, as the CLI says it, and no traceback with transcript text
            return error(internal_error(exc), 500)

    return handle


def internal_error(exc: Exception) -> str:
    """The CLI's words for a bug (see ``analyzer.cli.handle_errors``), also printed on the
    server's terminal; the traceback only with ANALYZER_DEBUG=1."""
    if os.environ.get("ANALYZER_DEBUG"):
        traceback.print_exception(exc)
    where = traceback.extract_tb(exc.__traceback__)[-1]
    message = (f"internal error {type(exc).__name__} at {Path(where.filename).name}:{where.lineno} "
               "(set ANALYZER_DEBUG=1 for details and please report it)")
    print(f"analyzer: error: {message}", file=sys.stderr)
    return message


async def _index(server: Server, request: Request) -> Response:
    return page(server.upload_page())


async def _upload(server: Server, request: Request) -> Response:
    name = " ".join(request.query_params.get("name", "").split())[:255] or "transcript.txt"
    data = await server.read_body(request, name)
    upload = await run_in_threadpool(server.analyse, data, name)
    return JSONResponse({"id": upload.id, "name": upload.name, "href": f"/t/{upload.id}"}, headers=SECURITY_HEADERS)


async def _report(server: Server, request: Request) -> Response:
    upload = server.workspace.get(request.path_params["id"])
    return page(await run_in_threadpool(server.locked, server.report_page, upload))


async def _json_body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise InputError("the request is not JSON") from None
    if not isinstance(body, dict):
        raise InputError("the request is not a JSON object")
    return body


async def _label(server: Server, request: Request) -> Response:
    upload = server.workspace.get(request.path_params["id"])
    body = await _json_body(request)
    index, act = body.get("sentence"), body.get("act")
    if not isinstance(index, int) or not isinstance(act, str):
        raise InputError("a correction needs a sentence number and an act")

    def apply() -> str:
        session.correct_label(upload, index, act, questions=server.questions)
        return server.report_page(upload, only_sentence=index)

    return page(await run_in_threadpool(server.locked, apply))


async def _rename(server: Server, request: Request) -> Response:
    upload = server.workspace.get(request.path_params["id"])
    names = (await _json_body(request)).get("names")
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        raise InputError("a rename needs the old and new names")
    await run_in_threadpool(server.locked, session.rename, upload, names)
    return JSONResponse({"ok": True}, headers=SECURITY_HEADERS)


async def _csv(server: Server, request: Request) -> Response:
    upload = server.workspace.get(request.path_params["id"])
    name = report_file_name(charts.file_name(upload.name), set()).removesuffix(".html") + "-sentences.csv"
    data = await run_in_threadpool(server.locked, session.labelled_csv, upload)
    return download(data, name, "text/csv; charset=utf-8")


async def _report_file(server: Server, request: Request) -> Response:
    upload = server.workspace.get(request.path_params["id"])
    html = await run_in_threadpool(server.locked, render_transcript_report, upload.analysis)
    return download(html.encode("utf-8"), report_file_name(charts.file_name(upload.name), set()),
                    "text/html; charset=utf-8")


async def _cohort(server: Server, request: Request) -> Response:
    if not server.workspace.uploads:
        return page(server.upload_page())
    return page(await run_in_threadpool(server.locked, server.dashboard_page))


def create_app(load: Callable[[], tuple[Model, Language]], *, allowed_hosts: tuple[str, ...] | None = LOCAL_HOSTS,
               max_bytes: int = MAX_FILE_BYTES, on_start: Callable[[], None] | None = None,
               on_stop: Callable[[], None] | None = None) -> Starlette:
    """The app. ``load`` returns the model and the spaCy pipeline (called once, at start-up);
    ``allowed_hosts=None`` answers any Host header (a server opened to the network)."""
    server = Server(load, max_bytes=max_bytes)
    atexit.register(server.workspace.close)  # also when the server never got to shut down cleanly

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(server.load)
        if on_start is not None:
            on_start()
        try:
            yield
        finally:
            server.workspace.close()
            if on_stop is not None:
                on_stop()

    def route(path: str, fn: Callable[[Server, Request], Awaitable[Response]], method: str = "GET") -> Route:
        return Route(path, _handler(server, fn, changes_state=method == "POST"), methods=[method])

    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))] if allowed_hosts else []
    app = Starlette(routes=[
        route("/", _index), route("/upload", _upload, "POST"), route("/cohort", _cohort),
        route("/t/{id}", _report), route("/t/{id}/label", _label, "POST"), route("/t/{id}/rename", _rename, "POST"),
        route("/t/{id}/sentences.csv", _csv), route("/t/{id}/report.html", _report_file),
    ], middleware=middleware, lifespan=lifespan)
    app.state.server = server
    return app


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_port_free(host: str, port: int) -> None:
    """A port already taken is a one-line error, not uvicorn's log and exit."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); is it already running? "
                             f"Try --port {port + 1}") from None


def serve(host: str, port: int, *, open_browser: bool, load: Callable[[], tuple[Model, Language]],
          say: Callable[[str], None]) -> None:
    """Run the web app until Ctrl-C (or SIGTERM); the uploads are forgotten and the
    temporary folder removed on the way out."""
    import uvicorn

    check_port_free(host, port)
    url = f"http://{'[' + host + ']' if ':' in host and not host.startswith('[') else host}:{port}/"

    def started() -> None:
        say(f"serving on {url} (Ctrl-C stops it and forgets the uploads)")
        if open_browser:
            webbrowser.open(url)

    app = create_app(load, allowed_hosts=LOCAL_HOSTS if is_loopback(host) else None, on_start=started)
    uvicorn.run(app, host=host.strip("[]"), port=port, log_level="warning", access_log=False,
                server_header=False, date_header=False)

"""``docgen serve``: the web form for the discharge desk (registered by :mod:`docgen.cli`)."""

from __future__ import annotations

from typing import Annotated

import typer

from docgen.cli_flags import ConfigOpt, Opt, TemplatesOpt
from docgen.errors import ConfigError


def serve_command(
    host: Annotated[
        str, Opt("--host", metavar="ADDRESS", help="Address to listen on (default: this computer only).")
    ] = ("127.0.0.1"),
    port: Annotated[int, Opt("--port", min=1, max=65535, metavar="PORT", help="Port to listen on.")] = 8765,
    config: ConfigOpt = None,
    templates: TemplatesOpt = None,
    hash_password: Annotated[
        bool, Opt("--hash-password", help="Read a password and print its hash for [serve] users.")
    ] = False,
) -> None:
    """Start the web form: fill in a visit, preview, download and print (see docs/serve.md)."""
    try:
        import uvicorn

        from docgen.serve.app import create_app
        from docgen.serve.security import hash_password as make_hash
    except ImportError:
        raise ConfigError("docgen serve needs its extra: pip install 'docgen-spine[serve]'") from None
    if hash_password:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        typer.echo(make_hash(password))
        return
    from docgen.cli_flags import load_cli_settings, warn_if_example
    from docgen.serve.security import is_loopback

    settings = load_cli_settings(config, templates)
    from docgen.checks.gate import require_checked

    require_checked(settings)  # refuse to start on wording with an error
    if not is_loopback(host) and not settings.serve.authenticated:
        raise ConfigError(
            f"refusing to listen on {host} without sign-in; set [serve] trusted_proxies or users "
            "(docs/serve.md), or use --host 127.0.0.1"
        )
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log = logging.getLogger("docgen.serve")  # the access lines: method, path, status, time only
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    app = create_app(settings)
    warn_if_example(settings)  # after the checks above, so that their error stays one line
    typer.echo(f"docgen serve: http://{host}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,  # docgen's own access log: no query strings, no bodies
        proxy_headers=bool(settings.serve.trusted_proxies),
        forwarded_allow_ips=settings.serve.trusted_proxies or None,
        server_header=False,
        log_level="warning",
        timeout_keep_alive=5,
        limit_concurrency=64,
        log_config=None,
    )

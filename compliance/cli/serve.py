"""``compliance serve``: the local web page (``compliance.web``) for agency staff and inspectors.

Registered in compliance/cli/__init__.py (``cli.add_command(serve)``). Listens on 127.0.0.1 by default;
any other address needs an access token (``--token`` or ``--password-file``), which every request must
then carry (401 otherwise). Rounds are stored only in the ``--db`` history database when one is given.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
import sys
from pathlib import Path

import click

from compliance.errors import InputError, stop_signals_to
from compliance.i18n import LANG_ENV, M
from compliance.io.files import check_database, outside_commands


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def addresses(host: str, port: int) -> tuple[str, str | None]:
    """The address to open on this machine and, when the server listens on every interface ("0.0.0.0",
    "::"), one for other machines (this machine's name): a wildcard is no address a browser can open."""
    wildcard = host in ("0.0.0.0", "::", "")
    here = ("127.0.0.1" if ":" not in host else "[::1]") if wildcard else (f"[{host}]" if ":" in host else host)
    return f"http://{here}:{port}/", (f"http://{socket.gethostname()}:{port}/" if wildcard else None)


def _token(token: str | None, password_file: Path | None) -> str | None:
    if token is not None and password_file is not None:
        raise InputError(None, M("give --token or --password-file, not both"), "--password-file")
    if password_file is not None:
        try:
            token = password_file.read_text(encoding="utf-8").splitlines()[0].strip() if password_file.stat().st_size else ""
        except OSError as exc:
            raise InputError(password_file, M("cannot read the password file: {strerror}", strerror=exc.strerror), "--password-file") from None
        if not token:
            raise InputError(password_file, M("the password file is empty (its first line is the token)"), "--password-file")
    if token is not None and len(token) < 12:
        raise InputError(None, M("the access token is too short (at least 12 characters)"), "--token")
    return token


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; any address other "
              "than 127.0.0.1 (or ::1, localhost) needs --token or --password-file.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", help="Access token every request must carry (?token=… once in the browser, then a cookie; "
              "or as the password of the browser's login box; or 'Authorization: Bearer …').")
@click.option("--password-file", type=click.Path(path_type=Path, dir_okay=False),
              help="Read the access token from the first line of this file (keeps it out of the process list).")
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              help="History database rounds are stored in (default: rounds are not stored).")
@click.option("--max-upload-mb", type=click.FloatRange(min=0.1), default=50.0, show_default=True,
              help="Largest upload (one request, and one round's forms together); larger ones get 413.")
@click.option("--workers", type=click.IntRange(1, 8), default=2, show_default=True,
              help="Background jobs (rounds, registers) run at once.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, envvar=LANG_ENV,
              help="Language of the lines printed here (the page has its own switch).")
def serve(host: str, port: int, token: str | None, password_file: Path | None, db_path: Path | None,
          max_upload_mb: float, workers: int, lang: str) -> None:
    """Serve the web page: agency self-assessment, inspection rounds, dossier registers (docs/web.md)."""
    import uvicorn

    from compliance.web import Settings, create_app

    secret = _token(token, password_file)
    if db_path is not None:  # a file, never one the server reads (the password file), a folder or a stream
        check_database(db_path, "--db", [password_file])
    if not _loopback(host) and secret is None:
        raise InputError(None, M("listening on {host} (not this machine only) needs an access token: give --token or --password-file", host=host), "--host")
    settings = Settings(host=host, port=port, token=secret, db=db_path, max_upload_mb=max_upload_mb, workers=workers)
    here, other = addresses(host, port)
    query = f"?token={secret}" if token is not None else ""  # given on the command line: no secret to keep from it
    click.echo(M("Open in a browser: {address}", address=here + query).get(lang))
    if other is not None:
        click.echo(M("From another machine: {address}", address=other + query).get(lang))
    if secret is not None:
        click.echo((M("An access token is needed (the first line of --password-file)") if password_file
                    else M("An access token is needed (--token)")).get(lang))
    if db_path is not None:
        click.echo(M("Rounds are stored in: {path}", path=str(db_path)).get(lang))
    click.echo(M("Stop: Ctrl-C").get(lang))
    server = _server(uvicorn.Config(create_app(settings), host=host, port=port, log_level="warning",
                                    server_header=False, timeout_graceful_shutdown=5))
    with outside_commands():  # each request is on its own: its inputs are not the server's for its whole life
        server.run()
    if server.stopped_by is not None:  # now the command stops as any does: one line, exit 128 + the signal
        signal.raise_signal(server.stopped_by)
    if not server.started:  # as uvicorn.run: the server did not start (its log line said why)
        from uvicorn.config import STARTUP_FAILURE

        sys.exit(STARTUP_FAILURE)


def _server(config):
    """uvicorn's server, stopped gracefully by every one of :data:`compliance.errors.STOP_SIGNALS` (uvicorn
    answers only SIGINT and SIGTERM itself; a closed terminal's SIGHUP cut its event loop with a
    traceback): it stops taking requests, lets those under way finish (5 s at most), and the web page's
    background jobs still running finish and remove their folders before the process ends. Its
    ``stopped_by``: the first signal received (None while it runs), which :func:`serve` raises again once
    the server has stopped, for the command's own handler (the one line, exit 128 + its number)."""
    import uvicorn

    class Server(uvicorn.Server):
        stopped_by: int | None = None

        def handle_exit(self, sig, frame) -> None:
            if self.stopped_by is None:
                self.stopped_by = sig
            super().handle_exit(sig, frame)

        def capture_signals(self):
            return stop_signals_to(self.handle_exit)

    return Server(config)

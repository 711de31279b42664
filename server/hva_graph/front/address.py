"""Whether a server can start where the settings say, asked before anything slow is done: the
address must be free to listen on and the state folder writable (the pid file goes there). A busy
port is the operator's to solve, not the data's: it is CannotStart, not a data violation."""

from __future__ import annotations

import errno
import socket

from ..settings import Settings


class CannotStart(Exception):
    """The server cannot start here (its message says why and what to change)."""


REASONS = {
    errno.EADDRINUSE: "the port is in use (another server listens there: stop it, or choose another port "
                      "with --port or HVA_GRAPH_PORT)",
    errno.EACCES: "permission denied (a port below 1024 needs privileges: choose another with --port)",
    errno.EADDRNOTAVAIL: "this machine has no such address (choose another with --host or HVA_GRAPH_HOST)",
}


def check_address(settings: Settings) -> None:
    """CannotStart unless the server could listen on host:port now; ValueError for a host name
    that does not resolve (a bad setting)."""
    try:
        found = socket.getaddrinfo(settings.host, settings.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise ValueError(f"host {settings.host!r} cannot be resolved: {error.strerror}") from None
    family, kind, protocol, _, address = found[0]
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind(address)
        except OSError as error:
            reason = REASONS.get(error.errno, error.strerror)
            raise CannotStart(f"cannot listen on {settings.host}:{settings.port}: {reason}") from None


def check_state_folder(settings: Settings) -> None:
    """CannotStart unless the pid file's folder (in the state folder) can be made and written."""
    folder = settings.pid_file.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{settings.port}"
        probe.touch()
        probe.unlink()
    except OSError as error:
        raise CannotStart(f"cannot write the state folder {settings.state_folder} ({error.strerror}): choose a "
                          "writable one with --state-dir or HVA_GRAPH_STATE_DIR") from None

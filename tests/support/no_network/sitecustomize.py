"""The network refused at the lowest level Python offers, for tests/test_no_network.py: an audit hook
(sys.addaudithook: once added it cannot be removed) installed by `site` before the program's first
line, in every Python process that has this folder on PYTHONPATH — also the processes a 'spawn' pool
starts for 批量检查.

Refused, recorded and raised as PermissionError: a socket of any family but AF_UNIX (the only local
one: multiprocessing and D-Bus talk over it, and it cannot reach another machine; AF_INET, AF_INET6,
AF_PACKET, AF_NETLINK… can), a connect/bind/sendto/sendmsg to any address but a file path, every name
lookup (getaddrinfo, gethostbyname, gethostbyaddr, getnameinfo), and the standard library's clients
(urllib, http.client, ftplib, smtplib, poplib, imaplib, nntplib, telnetlib) and webbrowser. Each attempt
is appended to the file named by NIANBAO_NETWORK_LOG (a program may catch the exception; the record
stays) with the process and the Python stack, so the test can fail naming the culprit.
"""

from __future__ import annotations

import os
import socket
import sys
import traceback

_LOG = os.environ.get("NIANBAO_NETWORK_LOG", "")
_LOOKUPS = {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}
_ADDRESSED = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}
_CLIENTS = ("urllib.", "http.client.", "ftplib.", "smtplib.", "poplib.", "imaplib.", "nntplib.", "telnetlib.",
            "webbrowser.")


def _refused(event: str, args: tuple) -> bool:
    if event == "socket.__new__":
        return args[1] != socket.AF_UNIX
    if event in _ADDRESSED:
        address = args[1]
        return not isinstance(address, (str, bytes, bytearray))      # a file path: AF_UNIX
    return event in _LOOKUPS or event.startswith(_CLIENTS)


def _record(event: str, args: tuple) -> None:
    stack = "".join(traceback.format_stack(limit=12)[:-2])
    line = f"pid {os.getpid()} {event} {args!r:.300}\n{stack}\n"
    if _LOG:
        fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("utf-8", "backslashreplace"))
        finally:
            os.close(fd)


def _guard(event: str, args: tuple) -> None:
    if (event.startswith("socket.") or event.startswith(_CLIENTS)) and _refused(event, args):
        _record(event, args)
        raise PermissionError(f"network refused by the test's guard: {event}")


sys.addaudithook(_guard)

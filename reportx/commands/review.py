"""Review extracted facts in the browser, or export reviewed facts as gold annotations.

`reportx review` serves the review app on http://127.0.0.1:8765: a queue of
reports (those with cross-check warnings and low-confidence facts first) and a
report page where each fact is highlighted in the original text, to accept,
reject, edit, flag or undo, and where a missing fact is added by selecting its
text. Every decision is kept in an append-only audit trail and survives
re-extraction. Binding to anything but loopback needs --auth; binding to every
interface also needs --allowed-host, the names clients use (any other Host gets a 400).

Actions:
  serve          run the review app (the default)
  export-gold    print reviewed facts as gold JSON Lines (ANNOTATION.md) for `reportx eval`
  hash-password  read a password on stdin, print the hash to give to --auth

Examples:
  reportx bulk samples/ && reportx review
  reportx review export-gold > gold.jsonl && reportx eval --gold gold.jsonl --docs samples/
  reportx review --host 0.0.0.0 --allowed-host review.lan --auth "$(reportx review hash-password < secret.txt)"
"""

from __future__ import annotations

import argparse
import json
import sys

from reportx.exits import EXIT_OK, EXIT_UNAVAILABLE, EXIT_USAGE

ACTIONS = ("serve", "export-gold", "hash-password")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=ACTIONS, default="serve", help="what to do (default: serve)")
    parser.add_argument("--db", metavar="URL", help="store URL or SQLite path (default: $REPORTX_DB or ./reportx.db)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default: 8765)")
    parser.add_argument("--auth", metavar="HASH", help="password hash from `reportx review hash-password`; required off loopback")
    parser.add_argument("--allowed-host", metavar="NAME", action="append", default=[],
                        help="a host name clients use to reach the app (repeatable); any other Host header gets a 400 "
                             "(default: only the --host address, and localhost on loopback)")
    parser.add_argument("--secure-cookies", action="store_true",
                        help="mark the session cookie Secure: for an app behind a TLS-terminating proxy")


def run(args: argparse.Namespace) -> int:
    from reportx.commands import open_store_or_fail
    from review.front_door import hosts_for
    from review.security import hash_password, is_loopback, is_password_hash

    if args.action == "hash-password":
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            print("reportx: give the password on stdin", file=sys.stderr)
            return EXIT_USAGE
        print(hash_password(password))
        return EXIT_OK
    if args.auth and not is_password_hash(args.auth):
        print("reportx: --auth takes a hash made by `reportx review hash-password`, not a password", file=sys.stderr)
        return EXIT_USAGE
    if args.action == "serve" and not is_loopback(args.host) and not args.auth:
        print(f"reportx: refusing to serve on {args.host} without --auth: anyone who can reach it could change reviews; "
              "make a hash with `reportx review hash-password` and pass it with --auth", file=sys.stderr)
        return EXIT_USAGE
    if args.action == "serve" and not hosts_for(args.host, args.allowed_host):
        print(f"reportx: {args.host} listens on every interface: name the host names clients use with --allowed-host",
              file=sys.stderr)
        return EXIT_USAGE
    factory = open_store_or_fail(args.db, create=False)
    if args.action == "export-gold":
        from review.gold import gold_lines

        with factory() as session:
            for line in gold_lines(session):
                sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        return EXIT_OK
    return serve(factory, args.host, args.port, args.auth, hosts_for(args.host, args.allowed_host), args.secure_cookies)


def serve(factory, host: str, port: int, auth: str | None, hosts: list[str], secure_cookies: bool) -> int:
    import socket

    import uvicorn

    from review.app import create_app

    try:  # say "port taken" plainly instead of a traceback from inside the server
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        print(f"reportx: cannot listen on {host}:{port}: {error.strerror}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    print(f"reportx review: http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    app = create_app(factory, auth, hosts=hosts, secure_cookies=secure_cookies)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return EXIT_OK

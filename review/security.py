"""Who is reviewing, and proof that a state-changing request came from our own page.

A reviewer's session is a signed cookie holding their name and a CSRF token;
every form and htmx request sends the token back, and a POST without the
matching token is refused. Off loopback, logging in also needs the password
whose hash was given with `--auth` (`reportx review hash-password` makes one).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
from dataclasses import dataclass

SESSION_COOKIE = "reportx_review"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
_HASH_PREFIX = "pbkdf2_sha256"
_ITERATIONS = 200_000


@dataclass(frozen=True)
class Session:
    reviewer: str
    csrf: str


def hash_password(password: str, salt: str | None = None, iterations: int = _ITERATIONS) -> str:
    """`pbkdf2_sha256$ITERATIONS$SALT$HEX`: what `--auth` takes, so no plain password sits in a process list."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations).hex()
    return f"{_HASH_PREFIX}${iterations}${salt}${digest}"


def is_password_hash(value: str) -> bool:
    parts = value.split("$")
    return len(parts) == 4 and parts[0] == _HASH_PREFIX and parts[1].isdigit() and len(parts[3]) == 64


def check_password(password: str, stored: str) -> bool:
    _, iterations, salt, _ = stored.split("$")
    return hmac.compare_digest(hash_password(password, salt, int(iterations)), stored)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SessionSigner:
    """Signs and reads the session cookie with a per-server secret (a restart logs everyone out)."""

    def __init__(self, secret: bytes | None = None):
        self._secret = secret or secrets.token_bytes(32)

    def _mac(self, payload: bytes) -> str:
        return hmac.new(self._secret, payload, hashlib.sha256).hexdigest()

    def dump(self, session: Session) -> str:
        payload = base64.urlsafe_b64encode(json.dumps([session.reviewer, session.csrf]).encode("utf-8"))
        return f"{payload.decode('ascii')}.{self._mac(payload)}"

    def load(self, cookie: str | None) -> Session | None:
        if not cookie or "." not in cookie:
            return None
        payload, mac = cookie.rsplit(".", 1)
        if not hmac.compare_digest(self._mac(payload.encode("ascii")), mac):
            return None
        reviewer, csrf = json.loads(base64.urlsafe_b64decode(payload))
        return Session(reviewer, csrf)

    @staticmethod
    def new_session(reviewer: str) -> Session:
        return Session(reviewer, secrets.token_urlsafe(24))


def csrf_ok(session: Session | None, token: str | None) -> bool:
    return bool(session and token and hmac.compare_digest(session.csrf, token))

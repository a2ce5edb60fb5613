"""Real servers for the tests, started on 127.0.0.1 and torn down afterwards.

Nothing here is a mock: each context manager starts the real program from the
Debian or npm package (PostgreSQL, Dovecot + an aiosmtpd SMTP front,
the @atproto/dev-env Bluesky network, WordPress on MariaDB and ``php -S``).
The packages come from ``scripts/testenv/debian-packages.sh`` and
``scripts/testenv/bluesky/`` (``npm ci``); when a program is missing the
context manager raises :class:`ServiceUnavailable`, which the tests turn into
a skip (or a failure under ``CI=true``).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

LOOPBACK = "127.0.0.1"
REPO_ROOT = Path(__file__).resolve().parents[2]
TESTENV = REPO_ROOT / "scripts" / "testenv"
NOBODY_UID = 65534  # Debian's nobody:nogroup


class ServiceUnavailable(RuntimeError):
    """A program or package that a real server needs is not installed."""


# --------------------------------------------------------------------------- helpers


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def port_open(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def require(*programs: str) -> None:
    """Raise ServiceUnavailable unless every program exists (absolute path or on PATH)."""
    missing = [p for p in programs if not (os.access(p, os.X_OK) or shutil.which(p))]
    if missing:
        raise ServiceUnavailable(
            f"not installed: {', '.join(missing)} (run scripts/testenv/debian-packages.sh)"
        )


def _die_with_parent() -> None:
    # Runs in the child before exec: if the test process dies (even by SIGKILL),
    # the kernel sends SIGTERM to the server, so no server outlives its tests.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def make_traversable(path: Path) -> None:
    """Let other users (e.g. ``nobody``, ``postgres``) reach ``path`` through its parents."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


class Process:
    """A server process in its own process group, its output in a log file."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        log_path: Path,
        *,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.log_path = log_path
        self._log: IO[bytes] = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )

    def output(self, limit: int = 6000) -> str:
        text = self.log_path.read_text(errors="replace")
        return text[-limit:]

    def check_running(self) -> None:
        if self.popen.poll() is not None:
            raise RuntimeError(
                f"{self.name} exited with code {self.popen.returncode}:\n{self.output()}"
            )

    def wait_for_port(self, host: str, port: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not port_open(host, port):
            self.check_running()
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(
                    f"{self.name} did not listen on {host}:{port} within {timeout:.0f} s:\n"
                    f"{self.output()}"
                )
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the whole process group, SIGKILL it if it lingers."""
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)
        # Children that outlived the group leader (same group id).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self._log.close()


# --------------------------------------------------------------------------- PostgreSQL


@contextlib.contextmanager
def postgres_server(tmpdir: Path, port: int | None = None) -> Iterator[str]:
    """A throwaway PostgreSQL cluster (``scripts/testenv/postgres.sh``); yields its URL."""
    script = TESTENV / "postgres.sh"
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        raise ServiceUnavailable(
            "PostgreSQL server not installed (run scripts/testenv/debian-packages.sh)"
        )
    datadir = Path(tmpdir) / "postgres"
    port = port or free_port()
    result = subprocess.run(
        ["bash", str(script), "start", str(datadir), str(port)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"postgres.sh start failed:\n{result.stdout}\n{result.stderr}")
    url = result.stdout.strip().rpartition("DATABASE_URL=")[2]
    try:
        yield url
    finally:
        subprocess.run(["bash", str(script), "stop", str(datadir)], check=False)


# --------------------------------------------------------------------------- e-mail

DOVECOT = "/usr/sbin/dovecot"
DOVECOT_LDA = "/usr/lib/dovecot/dovecot-lda"

DOVECOT_CONF = """\
# Throwaway Dovecot for the tests: IMAP on {host}:{port}, no TLS, plaintext login.
protocols = imap
listen = {host}
base_dir = {base_dir}
state_dir = {state_dir}
instance_name = dialogo-test-{port}
log_path = {log}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{maildirs}/%u/Maildir
postmaster_address = postmaster@localhost
first_valid_uid = 1
default_login_user = {login_user}
default_internal_user = {internal_user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {users}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={maildirs}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class MailServer:
    """A real Dovecot IMAP server fed by an SMTP server that delivers with dovecot-lda."""

    imap_host: str
    imap_port: int
    smtp_host: str
    smtp_port: int
    root: Path
    config: Path
    users: dict[str, str] = field(default_factory=dict, repr=False)
    _dovecot: Process | None = field(default=None, repr=False)
    _smtp: Any = field(default=None, repr=False)
    _base_dir: Path | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add_user(self, name: str, password: str) -> None:
        """Add a mailbox user; ``name`` may be ``alice`` or ``alice@example.org``."""
        if any(c in name + password for c in ":\n\r") or "/" in name or not name:
            raise ValueError("user names and passwords cannot contain ':', '/' or newlines")
        with self._lock:
            self.users[name] = password
            lines = "".join(f"{u}:{{PLAIN}}{p}\n" for u, p in self.users.items())
            tmp = self.root / "users.tmp"
            tmp.write_text(lines)
            tmp.chmod(0o644)
            tmp.replace(self.root / "users")  # Dovecot re-reads the file when it changes

    def mailbox_user(self, address: str) -> str | None:
        """The user that receives mail for ``address`` (full address or its local part)."""
        if address in self.users:
            return address
        local = address.partition("@")[0]
        return local if local in self.users else None

    def deliver(self, mail_from: str, rcpt: str, content: bytes) -> str:
        """Deliver one message with dovecot-lda; returns the SMTP reply for it."""
        user = self.mailbox_user(rcpt)
        if user is None:
            return f"550 5.1.1 <{rcpt}>: user unknown"
        argv = [DOVECOT_LDA, "-c", str(self.config), "-d", user, "-a", rcpt]
        if mail_from:
            argv += ["-f", mail_from]
        result = subprocess.run(argv, input=content, capture_output=True, timeout=30, check=False)
        if result.returncode == 0:
            return "250 OK"
        detail = result.stderr.decode(errors="replace").strip().replace("\n", " ")[:200]
        if result.returncode == 75:  # EX_TEMPFAIL
            return f"451 4.3.0 delivery to {rcpt} failed: {detail}"
        return f"554 5.3.0 delivery to {rcpt} failed: {detail}"

    def stop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(Exception):
                self._smtp.stop()
            self._smtp = None
        if self._dovecot is not None:
            self._dovecot.stop()
            self._dovecot = None
        if self._base_dir is not None:
            shutil.rmtree(self._base_dir, ignore_errors=True)
            self._base_dir = None


class _LdaHandler:
    """aiosmtpd handler: every accepted recipient gets the message through dovecot-lda."""

    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.server.mailbox_user(address) is None:
            return f"550 5.1.1 <{address}>: user unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        import asyncio

        content = envelope.original_content or b""
        loop = asyncio.get_running_loop()
        replies = []
        for rcpt in envelope.rcpt_tos:
            replies.append(
                await loop.run_in_executor(
                    None, self.server.deliver, envelope.mail_from, rcpt, content
                )
            )
        failed = [r for r in replies if not r.startswith("250")]
        return failed[0] if failed else "250 Message accepted for delivery"


def _smtp_authenticator(mail: MailServer) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticate(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode()
            if mail.users.get(login) == auth_data.password.decode():
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return authenticate


@contextlib.contextmanager
def mail_server(tmpdir: Path) -> Iterator[MailServer]:
    """Dovecot IMAP + aiosmtpd SMTP on 127.0.0.1; mail flows SMTP → dovecot-lda → IMAP.

    SMTP AUTH (PLAIN/LOGIN, no TLS) is offered with the mailbox users' passwords but
    not required.
    """
    require(DOVECOT, DOVECOT_LDA)
    try:
        from aiosmtpd.controller import Controller
    except ImportError as exc:
        raise ServiceUnavailable("pip package aiosmtpd not installed") from exc

    root = Path(tmpdir) / "mail"
    root.mkdir(parents=True, exist_ok=True)
    maildirs = root / "maildirs"
    maildirs.mkdir(exist_ok=True)
    # Unix socket paths are limited to 108 bytes: keep Dovecot's base_dir short.
    base_dir = Path(tempfile.mkdtemp(prefix="dovecot-", dir="/tmp"))
    if os.getuid() == 0:
        # Dovecot will not run mail processes as root: mail belongs to nobody.
        uid = gid = NOBODY_UID
        login_user, internal_user = "dovenull", "dovecot"
        os.chown(maildirs, uid, gid)
        make_traversable(maildirs)
    else:
        import pwd

        uid, gid = os.getuid(), os.getgid()
        login_user = internal_user = pwd.getpwuid(uid).pw_name
    imap_port = free_port()
    config = root / "dovecot.conf"
    config.write_text(
        DOVECOT_CONF.format(
            host=LOOPBACK,
            port=imap_port,
            base_dir=base_dir,
            state_dir=root / "state",
            log=root / "dovecot.log",
            maildirs=maildirs,
            users=root / "users",
            uid=uid,
            gid=gid,
            login_user=login_user,
            internal_user=internal_user,
        )
    )
    (root / "state").mkdir(exist_ok=True)
    mail = MailServer(LOOPBACK, imap_port, LOOPBACK, 0, root, config, _base_dir=base_dir)
    mail.add_user("postmaster", secrets.token_urlsafe(12))
    try:
        mail._dovecot = Process(
            "dovecot", [DOVECOT, "-c", str(config), "-F"], root / "dovecot.out"
        )
        mail._dovecot.wait_for_port(LOOPBACK, imap_port)
        smtp_port = free_port()
        controller = Controller(
            _LdaHandler(mail),
            hostname=LOOPBACK,
            port=smtp_port,
            authenticator=_smtp_authenticator(mail),
            auth_require_tls=False,
        )
        controller.start()
        mail._smtp = controller
        mail.smtp_port = smtp_port
        yield mail
    finally:
        mail.stop()

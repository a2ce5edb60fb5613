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
import fcntl
import hashlib
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


def _die_with_parent(argv: list[str]) -> list[str]:
    """Have the kernel SIGTERM the server if the test process dies, even by SIGKILL.

    ``setpriv --pdeathsig`` (util-linux) sets PR_SET_PDEATHSIG and execs the server;
    unlike a ``preexec_fn`` it is safe while the tests run threads.
    """
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--", *argv] if setpriv else argv


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
            _die_with_parent(argv),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            start_new_session=True,
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
# Tests try wrong passwords on purpose: answer at once (no 2 s failure delay).
auth_failure_delay = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {users}/%u
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
  # No auth penalty: after a failed login Dovecot would delay every next login
  # from 127.0.0.1 by 2 to 15 s. Without this socket the penalty is off.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
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
        if any(c in name + password for c in ":\n\r") or "/" in name or name[:1] in ("", "."):
            raise ValueError("user names and passwords cannot contain ':', '/' or newlines")
        with self._lock:
            self.users[name] = password
            # One passwd-file per user: Dovecot stats a passwd-file at most once a
            # second, so a user added to a shared file could not log in for up to a
            # second; a new file is read at its first lookup. (A changed password
            # may still take a second to apply.)
            tmp = self.root / "users.d" / f".{name}.tmp"
            tmp.write_text(f"{name}:{{PLAIN}}{password}\n")
            tmp.chmod(0o644)
            tmp.replace(self.root / "users.d" / name)

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
            users=root / "users.d",
            uid=uid,
            gid=gid,
            login_user=login_user,
            internal_user=internal_user,
        )
    )
    (root / "state").mkdir(exist_ok=True)
    (root / "users.d").mkdir(exist_ok=True)
    mail = MailServer(LOOPBACK, imap_port, LOOPBACK, 0, root, config, _base_dir=base_dir)
    mail.add_user("postmaster", secrets.token_urlsafe(12))
    try:
        mail._dovecot = Process("dovecot", [DOVECOT, "-c", str(config), "-F"], root / "dovecot.out")
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


# --------------------------------------------------------------------------- Bluesky

BLUESKY_DIR = TESTENV / "bluesky"
BLUESKY_PORT_BASE = 23580  # PLC +2, PDS +3, AppView +4, Ozone +7 (see run.mjs)


@dataclass
class BlueskyNetwork:
    """A local AT Protocol network from @atproto/dev-env (``scripts/testenv/bluesky``).

    Handles end in ``.test``; every account lives on the one PDS, and the PDS
    proxies ``app.bsky.*`` calls to the AppView as bsky.social's PDSes do.
    """

    pds_url: str
    plc_url: str
    appview_url: str | None
    appview_did: str | None
    info: dict[str, Any] = field(repr=False)
    _process: Process | None = field(default=None, repr=False)
    _tmp: Path | None = field(default=None, repr=False)

    def create_account(self, handle: str, password: str) -> dict[str, Any]:
        """Create an account on the PDS; returns the session (did, handle, accessJwt…)."""
        import httpx

        response = httpx.post(
            f"{self.pds_url}/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "password": password, "email": f"{handle}@example.org"},
            timeout=30,
        )
        response.raise_for_status()
        session: dict[str, Any] = response.json()
        return session

    def wait_indexed(self, actor: str, timeout: float = 15.0) -> None:
        """Wait until the AppView knows the account (it indexes the PDS's firehose)."""
        import httpx

        if self.appview_url is None:
            return
        deadline = time.monotonic() + timeout
        while True:
            response = httpx.get(
                f"{self.appview_url}/xrpc/app.bsky.actor.getProfile",
                params={"actor": actor},
                timeout=10,
            )
            if response.status_code == 200:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"AppView did not index {actor}: {response.text}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self._process is not None:
            self._process.stop(timeout=20)
            self._process = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def _wait_for_lock(path: Path, timeout: float) -> IO[str]:
    """An exclusive flock on ``path``, waited for up to ``timeout`` s; close the file to free it."""
    lock = open(path, "a")  # noqa: SIM115 - the caller closes it
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return lock
        except BlockingIOError:
            if time.monotonic() > deadline:
                lock.close()
                raise TimeoutError(f"{path} stayed locked for {timeout:.0f} s") from None
            time.sleep(0.5)


def _read_ready_line(process: Process, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        for line in process.log_path.read_text(errors="replace").splitlines():
            if line.startswith('{"ready":true'):
                info: dict[str, Any] = json.loads(line)
                return info
        process.check_running()
        if time.monotonic() > deadline:
            output = process.output()
            process.stop()
            raise TimeoutError(
                f"the Bluesky network did not start within {timeout:.0f} s:\n{output}"
            )
        time.sleep(0.1)


@contextlib.contextmanager
def bluesky_network(
    database_url: str | None,
    *,
    appview: bool = True,
    port_base: int = BLUESKY_PORT_BASE,
    timeout: float = 120.0,
) -> Iterator[BlueskyNetwork]:
    """Run ``scripts/testenv/bluesky/run.mjs``: PLC + PDS (+ AppView and Ozone).

    ``database_url`` is a PostgreSQL URL (the AppView and Ozone take fresh
    schemas in it, dropped on exit); it may be None with ``appview=False``.
    The ports are fixed (``port_base`` + 2…7), so one network runs at a time.
    """
    require("node")
    if not (BLUESKY_DIR / "node_modules" / "@atproto" / "dev-env").is_dir():
        raise ServiceUnavailable(
            "@atproto/dev-env not installed (run scripts/testenv/setup.sh, "
            "or npm ci in scripts/testenv/bluesky)"
        )
    if appview and not database_url:
        raise ValueError("the AppView needs a PostgreSQL database_url")
    # The ports are fixed: test processes running at once take turns on them.
    lock = _wait_for_lock(
        Path(tempfile.gettempdir()) / f"dialogo-bluesky-{port_base}.lock", timeout
    )
    busy = [
        p
        for p in (port_base + 2, port_base + 3, port_base + 4, port_base + 7)
        if port_open(LOOPBACK, p)
    ]
    if busy:
        lock.close()
        raise RuntimeError(f"ports {busy} are in use by a program outside these tests")
    tmp = Path(tempfile.mkdtemp(prefix="bluesky-"))
    env = {**os.environ, "TMPDIR": str(tmp), "LOG_ENABLED": "false"}
    if database_url:
        env["DB_POSTGRES_URL"] = database_url
    argv = ["node", "run.mjs", "--port-base", str(port_base)]
    if not appview:
        argv.append("--no-appview")
    network = None
    process = Process("bluesky", argv, tmp / "network.log", env=env, cwd=BLUESKY_DIR)
    try:
        info = _read_ready_line(process, timeout)
        network = BlueskyNetwork(
            pds_url=info["pds_url"],
            plc_url=info["plc_url"],
            appview_url=info["appview_url"],
            appview_did=info["appview_did"],
            info=info,
            _process=process,
            _tmp=tmp,
        )
        yield network
    finally:
        if network is not None:
            network.stop()
        else:
            process.stop()
            shutil.rmtree(tmp, ignore_errors=True)
        lock.close()


# --------------------------------------------------------------------------- WordPress

WORDPRESS_SRC = Path("/usr/share/wordpress")
MARIADB_INSTALL_DB = "/usr/bin/mariadb-install-db"
MARIADBD = "/usr/sbin/mariadbd"
# Durability off: the database is thrown away after the tests.
MARIADB_OPTIONS = [
    "--no-defaults",
    "--skip-name-resolve",
    "--skip-log-bin",
    "--innodb-log-file-size=4M",
    "--innodb-buffer-pool-size=32M",
    "--innodb-doublewrite=0",
    "--innodb-flush-log-at-trx-commit=0",
    "--innodb-flush-method=nosync",
]
WORDPRESS_PHP = TESTENV / "wordpress"  # wp-config, router, install and eval scripts


@dataclass
class WordPressSite:
    """A real WordPress (Debian's package) on a throwaway MariaDB, served by ``php -S``."""

    url: str
    admin_user: str
    admin_password: str
    application_password: str
    root: Path
    db_port: int
    _processes: list[Process] = field(default_factory=list, repr=False)

    @property
    def api_url(self) -> str:
        return f"{self.url}/wp-json"

    @property
    def auth(self) -> tuple[str, str]:
        """HTTP basic credentials for the REST API (user, application password)."""
        return (self.admin_user, self.application_password)

    def php(self, code: str) -> str:
        """Run PHP code inside WordPress (like ``wp eval``); returns what it printed.

        For what the REST API cannot do as a citizen would, e.g. a held or spam
        comment: ``site.php("echo wp_insert_comment([...]);")``.
        """
        result = subprocess.run(
            ["php", str(self.root / "wp-eval.php"), code],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"PHP failed ({result.returncode}):\n{result.stdout}{result.stderr}")
        return result.stdout

    def stop(self) -> None:
        while self._processes:
            self._processes.pop().stop()


def _php_str(value: str) -> str:
    """A PHP single-quoted string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _mariadb_template(user: list[str]) -> Path:
    """An empty initialised MariaDB data directory, made once per machine and copied.

    mariadb-install-db takes 1 to 5 s; copying its result takes a tenth of that.
    """
    version = subprocess.run([MARIADBD, "--version"], capture_output=True, text=True).stdout
    key = hashlib.sha256(repr((version, MARIADB_OPTIONS, user)).encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"dialogo-mariadb-template-{os.getuid()}-{key}"
    if (cache / "ready").exists():
        return cache / "data"
    building = Path(tempfile.mkdtemp(prefix="dialogo-mariadb-template-"))
    result = subprocess.run(
        [
            MARIADB_INSTALL_DB,
            *MARIADB_OPTIONS,
            f"--datadir={building / 'data'}",
            *user,
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        raise RuntimeError(f"mariadb-install-db failed:\n{result.stdout}{result.stderr}")
    (building / "ready").touch()
    try:
        building.rename(cache)  # atomic: a concurrent run may have won the race
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
    return cache / "data"


def _start_mariadb(root: Path) -> tuple[Process, int, str]:
    """Initialise and start MariaDB on 127.0.0.1; returns (process, port, wordpress password)."""
    datadir = root / "mariadb"
    user = ["--user=root"] if os.getuid() == 0 else []
    shutil.copytree(_mariadb_template(user), datadir, symlinks=True)
    port = free_port()
    socket_path = Path(tempfile.mkdtemp(prefix="mariadb-", dir="/tmp")) / "mysqld.sock"
    process = Process(
        "mariadbd",
        [
            MARIADBD,
            *MARIADB_OPTIONS,
            f"--datadir={datadir}",
            *user,
            f"--port={port}",
            "--bind-address=127.0.0.1",
            f"--socket={socket_path}",
            f"--pid-file={root / 'mariadbd.pid'}",
            "--performance-schema=0",
            "--innodb-fast-shutdown=2",  # stop like a crash: the data is thrown away
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
        ],
        root / "mariadbd.log",
    )
    process.wait_for_port(LOOPBACK, port)
    password = secrets.token_urlsafe(16)
    sql = (
        "CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
        f"CREATE USER 'wordpress'@'127.0.0.1' IDENTIFIED BY '{password}';"
        "GRANT ALL ON wordpress.* TO 'wordpress'@'127.0.0.1';"
    )
    result = subprocess.run(
        ["mariadb", "--no-defaults", "-h", LOOPBACK, "-P", str(port), "-u", "root", "-e", sql],
        capture_output=True,
        text=True,
        check=False,
    )
    shutil.rmtree(socket_path.parent, ignore_errors=True)  # TCP only from here on
    if result.returncode != 0:
        process.stop()
        raise RuntimeError(f"creating the WordPress database failed:\n{result.stderr}")
    return process, port, password


def _copy_wordpress(site: Path) -> None:
    """A copy of Debian's /usr/share/wordpress, hard-linked where the file system allows.

    The hard links are safe because wp-config.php turns off every file change
    (DISALLOW_FILE_MODS, no updates); wp-config.php itself is left out.
    """
    ignore = shutil.ignore_patterns("wp-config.php")
    try:
        shutil.copytree(WORDPRESS_SRC, site, symlinks=True, ignore=ignore, copy_function=os.link)
    except (OSError, shutil.Error):
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(WORDPRESS_SRC, site, symlinks=True, ignore=ignore)


def _write_wordpress_files(root: Path, site: Path, url: str, db_port: int, db_pw: str) -> None:
    values = {
        "DB_HOST": _php_str(f"{LOOPBACK}:{db_port}"),
        "DB_PASSWORD": _php_str(db_pw),
        "WP_URL": _php_str(url),
        "HTTP_HOST": _php_str(url.removeprefix("http://")),
        "SITE_DIR": _php_str(str(site)),
        "KEYS": "\n".join(
            f"define('{k}', {_php_str(secrets.token_hex(32))});"
            for k in (
                "AUTH_KEY",
                "SECURE_AUTH_KEY",
                "LOGGED_IN_KEY",
                "NONCE_KEY",
                "AUTH_SALT",
                "SECURE_AUTH_SALT",
                "LOGGED_IN_SALT",
                "NONCE_SALT",
            )
        ),
    }
    for name, target in [
        ("wp-config.php", site / "wp-config.php"),
        ("router.php", root / "router.php"),
        ("wp-install.php", root / "wp-install.php"),
        ("wp-eval.php", root / "wp-eval.php"),
    ]:
        text = (WORDPRESS_PHP / name).read_text()
        for key, value in values.items():
            text = text.replace(f"@{key}@", value)
        target.write_text(text)


@contextlib.contextmanager
def wordpress_site(tmpdir: Path, *, language: str = "") -> Iterator[WordPressSite]:
    """WordPress on 127.0.0.1 with an admin and an application password for its REST API.

    ``WP_ENVIRONMENT_TYPE`` is 'local', so application passwords work over plain
    http. ``language`` is a WordPress locale such as ``es_ES`` ('' for English).
    """
    require(MARIADB_INSTALL_DB, MARIADBD, "mariadb", "php")
    if not (WORDPRESS_SRC / "wp-settings.php").exists():
        raise ServiceUnavailable("Debian package wordpress not installed")
    if "mysqli" not in subprocess.run(["php", "-m"], capture_output=True, text=True).stdout:
        raise ServiceUnavailable("PHP has no mysqli (Debian package php-mysql)")
    root = Path(tmpdir) / "wordpress"
    root.mkdir(parents=True, exist_ok=True)
    site_obj = WordPressSite("", "admin", secrets.token_urlsafe(12), "", root, 0)
    try:
        mariadb, db_port, db_password = _start_mariadb(root)
        site_obj._processes.append(mariadb)
        site_obj.db_port = db_port
        site = root / "htdocs"
        _copy_wordpress(site)
        port = free_port()
        site_obj.url = f"http://{LOOPBACK}:{port}"
        _write_wordpress_files(root, site, site_obj.url, db_port, db_password)
        result = subprocess.run(
            [
                "php",
                str(root / "wp-install.php"),
                site_obj.admin_user,
                site_obj.admin_password,
                language,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0 or not result.stdout.strip().startswith("{"):
            raise RuntimeError(f"WordPress install failed:\n{result.stdout}\n{result.stderr}")
        site_obj.application_password = json.loads(result.stdout)["application_password"]
        # One php process (no PHP_CLI_SERVER_WORKERS): forked workers would outlive a
        # test run killed with SIGKILL, the server itself dies with it (setpriv).
        server = Process(
            "php -S",
            [
                "php",
                "-d",
                "display_errors=stderr",
                "-S",
                f"{LOOPBACK}:{port}",
                "-t",
                str(site),
                str(root / "router.php"),
            ],
            root / "php-server.log",
            cwd=site,
        )
        site_obj._processes.append(server)
        server.wait_for_port(LOOPBACK, port)
        yield site_obj
    finally:
        site_obj.stop()


# --------------------------------------------------------------------------- pytest


@contextlib.contextmanager
def service_or_skip(manager: contextlib.AbstractContextManager[Any]) -> Iterator[Any]:
    """Enter a service context manager; skip the test if its programs are missing.

    Under ``CI=true`` a missing program fails the test instead: CI installs
    everything (``scripts/testenv/setup.sh``), so a skip there would hide a gap.
    """
    import pytest

    with contextlib.ExitStack() as stack:
        try:
            service = stack.enter_context(manager)
        except ServiceUnavailable as exc:
            if os.environ.get("CI") == "true":
                pytest.fail(f"{exc} (CI=true: missing services fail instead of skipping)")
            pytest.skip(str(exc))
        yield service

"""Sigap as an operator runs it, on loopback: deploy/ rendered, nginx + gunicorn + db_worker started from those files.

What is the test's own: a throwaway certificate, the temp directory, free ports, and nginx's main nginx.conf (on a
server that is Debian's /etc/nginx/nginx.conf; here a minimal one with its pid, logs and temp paths in the temp
directory, so nginx runs unprivileged beside anything else). Everything Sigap-specific comes from deploy/: the site,
the proxy snippet, the environment file, and the ExecStart lines of the systemd units, run with the unit's
EnvironmentFile and WorkingDirectory.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NGINX = os.environ.get("SIGAP_NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
# What the test sets beyond the rendered sigap.env, as an operator would edit it (later lines win in systemd too).
TEST_OVERRIDES = {
    # One process: without Redis each process counts rate limits on its own (production sets REDIS_URL).
    "WEB_CONCURRENCY": "1",
    # One report an hour per address, so a second report shows whose bucket it counted in.
    "SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR": "1",
    # No SMTP server here; WhatsApp receipts go to the cross-process recording fake, which logs the sender's pid.
    "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    "SIGAP_NOTIFICATION_TRANSPORTS": json.dumps({"whatsapp": "sigap.notifications.recording.FileRecordingTransport"}),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll another process's progress (a bounded wait, not a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def parse_env_file(path: Path) -> dict[str, str]:
    """systemd's EnvironmentFile= as far as sigap.env uses it: NAME=value, # comments, optional outer quotes."""
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        name, _, value = text.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name.strip()] = value
    return values


def unit_setting(unit: Path, key: str, instance: str = "") -> str:
    """One `Key=` of a systemd unit's [Service] section, with %i filled."""
    for line in unit.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{key}="):
            return line.split("=", 1)[1].strip().replace("%i", instance)
    raise AssertionError(f"{unit.name} has no {key}=")


@dataclass
class Stack:
    base: Path
    rendered: Path
    var: Path
    cert: Path
    http_port: int
    https_port: int
    web_port: int
    env: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def gunicorn_access_log(self) -> Path:
        return self.base / "logs" / "gunicorn-access.log"

    @property
    def nginx_error_log(self) -> Path:
        return self.base / "logs" / "sigap.error.log"

    @property
    def receipts_log(self) -> Path:
        return self.base / "receipts.jsonl"

    def unit(self, name: str) -> Path:
        return self.rendered / "systemd" / name

    def https(self, source: str = "127.0.0.1") -> http.client.HTTPSConnection:
        context = ssl.create_default_context(cafile=str(self.cert))
        return http.client.HTTPSConnection("127.0.0.1", self.https_port, context=context, timeout=20,
                                           source_address=(source, 0))

    def http(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=20)


def openssl_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def render(base: Path, cert: Path, key: Path, http_port: int, https_port: int, web_port: int) -> Path:
    var = base / "var"
    values = {
        "SERVER_NAME": "127.0.0.1", "HTTP_LISTEN": f"127.0.0.1:{http_port}", "HTTPS_LISTEN": f"127.0.0.1:{https_port}",
        "TLS_CERTIFICATE": str(cert), "TLS_CERTIFICATE_KEY": str(key), "UPSTREAM": f"127.0.0.1:{web_port}",
        "LOG_DIR": str(base / "logs"), "ACME_WEBROOT": str(base / "acme"),
        "NGINX_SNIPPET_DIR": str(base / "rendered" / "nginx"), "MAX_REQUEST_MB": "32",
        "APP_DIR": str(ROOT), "VAR_DIR": str(var), "ETC_DIR": str(base / "rendered"), "USER": "sigap",
        "DATABASE_URL": f"sqlite:///{var / 'sigap.sqlite3'}", "REDIS_URL": "",
    }
    values_file = base / "site.values"
    values_file.write_text("".join(f"{name}={value}\n" for name, value in values.items()), encoding="utf-8")
    # The command docs/operations.md gives, with the system's python3 (no virtualenv needed).
    subprocess.run(["python3", str(ROOT / "deploy" / "render.py"), str(values_file), str(base / "rendered")],
                   check=True, capture_output=True, timeout=30)
    return base / "rendered"


def nginx_main_conf(base: Path, site: Path) -> Path:
    temp = base / "nginx-temp"
    temp.mkdir()
    conf = base / "nginx.conf"
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"{user}daemon off;\nmaster_process on;\nworker_processes 1;\npid {base}/nginx.pid;\n"
        f"error_log {base}/logs/nginx-main.error.log info;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"  include {MIME_TYPES};\n  default_type application/octet-stream;\n  sendfile on;\n"
        f"  access_log {base}/logs/nginx-main.access.log;\n"
        + "".join(f"  {kind}_temp_path {temp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                      "scgi"))
        + f"  include {site};\n}}\n",
        encoding="utf-8")
    return conf


def start(stack: Stack, name: str, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
    log = open(stack.base / "logs" / f"{name}.out", "wb")  # noqa: SIM115 - lives as long as the process
    stack.processes[name] = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                             start_new_session=True)


def run_unit_once(stack: Stack, unit: str, *extra: str, timeout: float = 120) -> str:
    """A oneshot command the way its unit (or docs/operations.md's sigap-manage) runs it."""
    argv = [*shlex.split(unit_setting(stack.unit(unit), "ExecStart")), *extra]
    done = subprocess.run(argv, cwd=unit_setting(stack.unit(unit), "WorkingDirectory"), env=stack.env,
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(argv)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def check_deploy(stack: Stack) -> None:
    """`check --deploy` finds nothing but what this test chose: no Redis (sigap.W001, rate limits per process)
    and no WhatsApp provider (sigap.W003, receipts recorded by the fake)."""
    unit = stack.unit("sigap-sweeps.service")
    python = shlex.split(unit_setting(unit, "ExecStart"))[0]
    done = subprocess.run([python, "manage.py", "check", "--deploy"], cwd=unit_setting(unit, "WorkingDirectory"),
                          env=stack.env, capture_output=True, text=True, timeout=120, check=False)
    found = set(re.findall(r"\(([a-z_.]+\.[EW]\d{3})\)", done.stdout + done.stderr))
    assert done.returncode == 0 and found <= {"sigap.W001", "sigap.W003"}, done.stdout + done.stderr


def manage(stack: Stack, *args: str, timeout: float = 120) -> str:
    """`manage.py ARGS` with the units' python, working directory and environment file (docs' sigap-manage)."""
    unit = stack.unit("sigap-sweeps.service")
    python = shlex.split(unit_setting(unit, "ExecStart"))[0]
    done = subprocess.run([python, "manage.py", *args], cwd=unit_setting(unit, "WorkingDirectory"), env=stack.env,
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def stop(stack: Stack) -> None:
    """TERM each process group, then KILL what is left after a few seconds: nothing outlives the test."""
    for process in stack.processes.values():
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in stack.processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _dead(stack: Stack) -> str:
    for name, process in stack.processes.items():
        if process.poll() is not None:
            return f"{name} exited with {process.returncode}:\n" + (stack.base / "logs" / f"{name}.out").read_text(
                errors="replace")[-3000:]
    return ""


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(f"terminated by signal {signum}")  # so the finally below stops nginx, gunicorn and the worker


def prepare(base: Path) -> Stack:
    """The certificate, deploy/ rendered for free loopback ports, and the environment the units would get."""
    base.chmod(0o755)  # nginx's workers (nobody, or www-data on a server) read the static files
    (base / "logs").mkdir()
    cert, key = openssl_certificate(base)
    http_port, https_port, web_port = free_port(), free_port(), free_port()
    rendered = render(base, cert, key, http_port, https_port, web_port)
    with open(rendered / "sigap.env", "a", encoding="utf-8") as env_file:
        env_file.write("\n# tests/deploy: what this test changes\n")
        overrides = {**TEST_OVERRIDES, "GUNICORN_ACCESS_LOG": str(base / "logs" / "gunicorn-access.log"),
                     "SIGAP_RECORDING_TRANSPORT_FILE": str(base / "receipts.jsonl"),
                     # systemd's RuntimeDirectory= is not here: the counters' directory lives in the test's own.
                     "PROMETHEUS_MULTIPROC_DIR": str(base / "metrics")}
        env_file.writelines(f"{name}='{value}'\n" for name, value in overrides.items())
    env_path = Path(unit_setting(rendered / "systemd" / "sigap-web.service", "EnvironmentFile"))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", **parse_env_file(env_path)}
    var = Path(env["SIGAP_VAR_DIR"])
    var.mkdir()
    return Stack(base=base, rendered=rendered, var=var, cert=cert, http_port=http_port, https_port=https_port,
                 web_port=web_port, env=env)


@contextmanager
def running_stack(base: Path) -> Iterator[Stack]:
    """Render, set up the database and static files as docs/operations.md says, start the three services.

    The services run in their own sessions (a Ctrl-C or a CI timeout does not reach them directly); they are stopped
    on every way out: failure, KeyboardInterrupt, and SIGTERM (e.g. from `timeout`), which becomes SystemExit here.
    """
    previous = signal.signal(signal.SIGTERM, _terminated)
    stack: Stack | None = None
    try:
        stack = prepare(base)
        # docs/operations.md's order; collectstatic needs no database, so it runs beside the rest (2 cores, ~30 s).
        with ThreadPoolExecutor(max_workers=2) as pool:
            static = pool.submit(manage, stack, "collectstatic", "--noinput")
            manage(stack, "migrate", "--noinput")
            manage(stack, "seed_demo")
            run_unit_once(stack, "sigap-sweeps.service")
            static.result()
        check_deploy(stack)
        web = stack.unit("sigap-web.service")
        start(stack, "gunicorn", shlex.split(unit_setting(web, "ExecStart")),
              Path(unit_setting(web, "WorkingDirectory")), stack.env)
        worker = stack.unit("sigap-worker@.service")
        start(stack, "worker", shlex.split(unit_setting(worker, "ExecStart", "1")),
              Path(unit_setting(worker, "WorkingDirectory", "1")), stack.env)
        conf = nginx_main_conf(base, stack.rendered / "nginx" / "sigap.conf")
        subprocess.run([NGINX, "-t", "-p", str(base), "-c", str(conf)], check=True, capture_output=True, timeout=30)
        start(stack, "nginx", [NGINX, "-p", str(base), "-c", str(conf)], base, {"PATH": stack.env["PATH"]})
        up = stack
        wait_until(lambda: _dead(up) or (_answers(up.web_port) and _answers(up.https_port)), 60,
                   "gunicorn and nginx to listen")
        assert not _dead(stack), _dead(stack)
        yield stack
    finally:
        if stack is not None:
            stop(stack)
        signal.signal(signal.SIGTERM, previous)

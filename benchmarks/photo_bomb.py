"""Photo bombs against the web form: peak memory of each gunicorn worker while 8 such requests arrive at once.

Run:  .venv/bin/python benchmarks/photo_bomb.py      (about a minute; a throw-away SQLite database under /tmp)

What runs is production's server: DEBUG off, `gunicorn -c config/gunicorn.conf.py` with 2 workers (gthread, 4 threads
each), the real form with its CSRF token, rate limits in Redis as production counts them (BENCH_REDIS_URL, default
redis://127.0.0.1:6379/14; without it each worker counts on its own and round 2 lets one request per worker through
to the photo check). Three rounds of 8 concurrent POSTs
to /lapor/, 3 photos each:
  1. bombs: 1-bit PNGs of 8000 x 7375 = 59 MP, about 15 KB each (the issue's "7 KB PNG of 59 megapixels"), from 8
     different contacts: each must be refused from its header, without decoding;
  2. refused: the same bombs from a contact that already used its daily limit: refused by the limit before any photo
     is looked at;
  3. largest accepted: one 8160 x 6144 JPEG (a 50 MP phone camera) and two 4000 x 3000 RGB PNGs (12 MP, the cap for
     formats decoded whole) per request: stored, downscaled; the worst a citizen's photos may cost.
Printed per round: status codes, wall time, CPU seconds of the workers, and each worker's peak RSS (VmHWM, reset to
the current RSS before the round through /proc/PID/clear_refs). Target: peak RSS <= 250 MB per worker.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this directory would come first on sys.path and its calendar.py would shadow the standard library.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import http.client  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
import zlib  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

sys.path.insert(0, str(_HERE.parent))
from benchmarks.harness import ROOT, free_port, manage  # noqa: E402

WORKERS = 2
CONCURRENT = 8
TARGET_MB = 250
KELURAHAN = "74.72.06.1007"  # Wajo
LIMITED_PHONE = "081200000000"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def png(width: int, height: int, *, rgb: bool) -> bytes:
    """A valid PNG of one flat colour, written row by row (never holding the pixels): tiny on the wire."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + (b"\x80" * (3 * width) if rgb else b"\xff" * ((width + 7) // 8))
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8 if rgb else 1, 2 if rgb else 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def camera_jpeg() -> bytes:
    from PIL import Image

    image = Image.linear_gradient("L").resize((8160, 6144)).convert("RGB")  # smooth, so it stays a few MB
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def shared_cache() -> dict[str, str]:
    """REDIS_URL when Redis answers (its earlier counts of this benchmark removed), else nothing (local memory)."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        for key in client.scan_iter("*sigap:rl:*"):
            client.delete(key)
    except Exception as error:  # no Redis: the rounds still run, round 2 is then counted per worker
        print(f"Redis not answering at {REDIS_URL} ({type(error).__name__}): rate limits counted per worker")
        return {}
    return {"REDIS_URL": REDIS_URL}


def env(var_dir: str) -> dict[str, str]:
    return {**os.environ, **shared_cache(), "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SIGAP_DEMO_MODE": "0", "SIGAP_VAR_DIR": var_dir,
            "DJANGO_SETTINGS_MODULE": "benchmarks.photo_bomb_settings", "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "WARNING", "WEB_CONCURRENCY": str(WORKERS), "SIGAP_RATE_INTAKE_PER_CONTACT_DAY": "1",
            "DATABASE_URL": f"sqlite:///{var_dir}/bench.sqlite3"}


def serve(environment: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    # Production's start (config/gunicorn.conf.py: its workers, threads and malloc settings), not the harness's
    # one-worker server: the figure is memory per worker as production runs them.
    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.conf.py",
                               "config.wsgi"], cwd=ROOT, env={**environment, "GUNICORN_BIND": f"127.0.0.1:{port}"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200 and len(workers(server.pid)) == WORKERS:
                return server, port
        except OSError:
            pass
        time.sleep(0.2)  # polling for the server to come up
    server.kill()
    raise SystemExit("gunicorn did not start")


def workers(master: int) -> list[int]:
    try:
        return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Form:
    """The report form as a browser fills it: the CSRF cookie and token from a GET, then multipart POSTs."""

    def __init__(self, port: int) -> None:
        self.port = port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/lapor/")
        response = conn.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie") or ""
        self.cookie = cookie.split(";", 1)[0]
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not found or not self.cookie:
            raise SystemExit("the form carries no CSRF token")
        self.token = found.group(1)

    def one_time_token(self) -> str:
        """Each filing consumes the form's one-time token, so every POST first opens the form, as a browser would."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", "/lapor/", headers={"Cookie": self.cookie})
        found = re.search(r'name="form_token" value="([^"]+)"', conn.getresponse().read().decode())
        if not found:
            raise SystemExit("the form carries no one-time token")
        return found.group(1)

    def post(self, phone: str, photos: list[tuple[str, bytes]]) -> tuple[int, float]:
        boundary = uuid.uuid4().hex
        fields = {"csrfmiddlewaretoken": self.token, "form_token": self.one_time_token(),
                  "kind": "pengaduan", "category": "jalan_rusak",
                  "kecamatan": "74.72.06", "kelurahan": KELURAHAN, "title": "Jalan berlubang",
                  "description": "Lubang besar di depan pasar.", "name": "Bench", "phone": phone, "email": "",
                  "website": ""}
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in fields.items()]
        for filename, content in photos:
            kind = "image/jpeg" if filename.endswith(".jpg") else "image/png"
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="{filename}"\r\n'
                         f"Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        conn.request("POST", "/lapor/", body=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": self.cookie})
        status = conn.getresponse().status
        return status, time.perf_counter() - started


def round_(name: str, master: int, jobs: list[tuple[str, list[tuple[str, bytes]]]], form: Form) -> bool:
    pids = workers(master)
    for pid in pids:
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # peak RSS starts again from the current RSS
    before = {pid: (status_kb(pid, "VmRSS"), cpu_seconds(pid)) for pid in pids}
    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENT) as pool:
        results = list(pool.map(lambda job: form.post(*job), jobs))
    wall = time.perf_counter() - started
    statuses = sorted(status for status, _seconds in results)
    print(f"\n{name}: {len(jobs)} requests at once, statuses {statuses}, wall {wall:.2f} s, "
          f"slowest {max(seconds for _status, seconds in results):.2f} s")
    ok = True
    for pid in pids:
        peak = status_kb(pid, "VmHWM") / 1024
        rss_before = before[pid][0] / 1024
        cpu = cpu_seconds(pid) - before[pid][1]
        ok &= peak <= TARGET_MB
        print(f"  worker {pid}: RSS before {rss_before:.0f} MB, peak {peak:.0f} MB, CPU {cpu:.2f} s")
    return ok


def main() -> None:
    var_dir = tempfile.mkdtemp(prefix="sigap-photo-bomb-")
    environment = env(var_dir)
    print(f"preparing a throw-away database under {var_dir} …")
    manage(environment, "migrate", "-v0")
    manage(environment, "seed_demo", "--reports", "0")
    bomb = png(8000, 7375, rgb=False)
    flat12 = png(4000, 3000, rgb=True)
    jpeg50 = camera_jpeg()
    print(f"bomb PNG 8000x7375 (59 MP): {len(bomb) / 1024:.1f} KB; accepted PNG 4000x3000 (12 MP): "
          f"{len(flat12) / 1024:.1f} KB; camera JPEG 8160x6144 (50 MP): {len(jpeg50) / 1024 / 1024:.1f} MB")
    server, port = serve(environment)
    try:
        form = Form(port)
        for index in range(2 * WORKERS):  # warm every worker up: imports, templates, the database connection
            form.post(f"08129000{index:04d}", [("small.png", png(64, 48, rgb=True))])
        form.post(LIMITED_PHONE, [])  # this contact's daily limit (1) is now used
        bombs = [("bomb.png", bomb)] * 3
        results = [
            round_("1. bombs (59 MP PNG x 3)", server.pid,
                   [(f"08127000{i:04d}", bombs) for i in range(CONCURRENT)], form),
            round_("2. bombs from a rate-limited contact", server.pid,
                   [(LIMITED_PHONE, bombs) for _ in range(CONCURRENT)], form),
            round_("3. largest accepted (50 MP JPEG + 2 x 12 MP PNG)", server.pid,
                   [(f"08126000{i:04d}", [("camera.jpg", jpeg50), ("a.png", flat12), ("b.png", flat12)])
                    for i in range(CONCURRENT)], form),
        ]
        print(f"\npeak RSS per worker <= {TARGET_MB} MB in every round: {'yes' if all(results) else 'NO'}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

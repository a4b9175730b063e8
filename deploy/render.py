#!/usr/bin/env python3
"""Fill deploy/'s templates with one site's values: `python3 deploy/render.py site.values OUT_DIR`.

Every file under deploy/nginx/, deploy/systemd/, deploy/bin/ and deploy/sigap.env is copied to OUT_DIR (same
relative paths) with each @NAME@ replaced by the value of NAME in the values file (NAME=value lines, see
deploy/site.values.example).
Refused, with nothing written: a name the templates use and the values file does not give, or a name it gives that
no template uses (a typo would otherwise leave a default in place). Derived: MAX_REQUEST_BYTES from MAX_REQUEST_MB;
SECRET_KEY is generated when not given. Only the standard library: it runs before the virtualenv exists. The CI test
(tests/deploy/test_behind_nginx.py) renders the same files this way.
"""

from __future__ import annotations

import re
import secrets
import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
TEMPLATES = ("nginx", "systemd", "bin", "sigap.env")
PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")
DERIVED = {"MAX_REQUEST_BYTES", "SECRET_KEY"}


def read_values(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        name, sep, value = text.partition("=")
        if not sep or not re.fullmatch(r"[A-Z][A-Z0-9_]*", name.strip()):
            raise SystemExit(f"{path}:{number}: expected NAME=value, got {line!r}")
        values[name.strip()] = value.strip()
    return values


def template_files() -> list[Path]:
    files: list[Path] = []
    for entry in TEMPLATES:
        path = DEPLOY / entry
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return files


def complete(values: dict[str, str]) -> dict[str, str]:
    filled = dict(values)
    if "MAX_REQUEST_MB" in filled:
        megabytes = filled["MAX_REQUEST_MB"]
        if not megabytes.isdigit() or int(megabytes) < 1:
            raise SystemExit(f"MAX_REQUEST_MB must be a whole number of MiB, got {megabytes!r}")
        filled["MAX_REQUEST_BYTES"] = str(int(megabytes) * 1024 * 1024)
    if not filled.get("SECRET_KEY"):
        filled["SECRET_KEY"] = secrets.token_urlsafe(50)
    return filled


def render(values: dict[str, str], out: Path) -> list[Path]:
    files = template_files()
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    used = {name for text in texts.values() for name in PLACEHOLDER.findall(text)}
    filled = complete(values)
    missing = sorted(used - filled.keys())
    unknown = sorted(values.keys() - used - DERIVED)
    if missing or unknown:
        raise SystemExit(f"values missing: {missing or 'none'}; values no template uses: {unknown or 'none'}")
    written = []
    for path, text in texts.items():
        target = out / path.relative_to(DEPLOY)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PLACEHOLDER.sub(lambda match: filled[match.group(1)], text), encoding="utf-8")
        target.chmod(path.stat().st_mode & 0o755)  # sigap-manage stays executable
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    for path in render(read_values(Path(argv[1])), Path(argv[2])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

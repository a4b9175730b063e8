"""deploy/'s templates and their render: fast checks that run with the ordinary suite (no nginx needed)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
RENDER = ROOT / "deploy" / "render.py"
EXAMPLE = ROOT / "deploy" / "site.values.example"
# Where Sigap reads its environment: the settings, gunicorn's config and the apps' own conf modules.
READERS = [ROOT / "config" / "settings.py", ROOT / "config" / "gunicorn.conf.py",
           *sorted((ROOT / "sigap").rglob("*.py"))]
READ = re.compile(r"""(?:os\.environ(?:\.get)?\s*[\(\[]|os\.getenv\(|env_bool\(|env_list\()"""
                  r"""\s*["']([A-Z][A-Z0-9_]+)["']""")


def render(tmp_path: Path, values: str) -> subprocess.CompletedProcess[str]:
    values_file = tmp_path / "site.values"
    values_file.write_text(values, encoding="utf-8")
    return subprocess.run(["python3", str(RENDER), str(values_file), str(tmp_path / "out")], capture_output=True,
                          text=True, timeout=30, check=False)


def example(**changes: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    for name, value in changes.items():
        text = re.sub(rf"^{name}=.*$", f"{name}={value}", text, flags=re.MULTILINE)
    return text


def test_every_environment_variable_sigap_reads_is_in_the_env_template() -> None:
    # given every name Sigap reads from the environment (dj-database-url reads DATABASE_URL itself)
    read = {name for path in READERS for name in READ.findall(path.read_text(encoding="utf-8"))} | {"DATABASE_URL"}

    # when the environment template is read, commented defaults included
    template = (ROOT / "deploy" / "sigap.env").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", template, flags=re.MULTILINE))

    # then each one is there with its meaning
    assert read - listed == set()
    assert len(read) > 50


def test_nginx_body_cap_and_sigap_max_request_bytes_render_from_one_value(tmp_path: Path) -> None:
    # when the example values are rendered
    done = render(tmp_path, example())
    assert done.returncode == 0, done.stderr

    # then nginx's cap and Sigap's are the same size, Sigap's default
    site = (tmp_path / "out" / "nginx" / "sigap.conf").read_text()
    env = (tmp_path / "out" / "sigap.env").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))  # type: ignore[union-attr]
    assert f"\nSIGAP_MAX_REQUEST_BYTES={megabytes * 1024 * 1024}\n" in env
    assert megabytes * 1024 * 1024 == settings.SIGAP_MAX_REQUEST_BYTES


def test_render_refuses_a_value_that_no_template_uses(tmp_path: Path) -> None:
    # when a values file carries a typo
    done = render(tmp_path, example() + "SEVER_NAME=sigap.example.org\n")

    # then nothing is written and the name is given
    assert done.returncode != 0 and "SEVER_NAME" in done.stderr
    assert not (tmp_path / "out").exists()


def test_render_refuses_to_leave_a_placeholder_unfilled(tmp_path: Path) -> None:
    done = render(tmp_path, re.sub(r"^UPSTREAM=.*\n", "", example(), flags=re.MULTILINE))

    assert done.returncode != 0 and "UPSTREAM" in done.stderr
    assert not (tmp_path / "out").exists()


def test_render_generates_a_secret_key_when_none_is_given(tmp_path: Path) -> None:
    done = render(tmp_path, example())

    assert done.returncode == 0, done.stderr
    key = re.search(r"^SECRET_KEY=(.*)$", (tmp_path / "out" / "sigap.env").read_text(), flags=re.MULTILINE)
    assert key is not None and len(key.group(1)) >= 50


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_rendered_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    # given the units rendered for this checkout (its .venv is the executable they name)
    done = render(tmp_path, example(APP_DIR=str(ROOT), ETC_DIR=str(tmp_path / "out")))
    assert done.returncode == 0, done.stderr
    units = tmp_path / "out" / "systemd"
    (units / "sigap-worker@.service").rename(units / "sigap-worker@1.service")

    # when systemd checks them
    names = ["sigap-web.service", "sigap-worker@1.service", "sigap-sweeps.service", "sigap-sweeps.timer",
             "sigap.target"]
    checked = subprocess.run(["systemd-analyze", "verify", *(f"./{name}" for name in names)], cwd=units,
                             capture_output=True, text=True, timeout=60, check=False)

    # then it finds nothing to say (an unknown key is only a warning to systemd, so any output fails here)
    assert checked.returncode == 0 and (checked.stdout + checked.stderr).strip() == "", checked.stderr

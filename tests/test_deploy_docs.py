"""Every shell command in docs/deploy.md is exercised here.

The commands are read from the guide's ```sh blocks, in order, and each one is matched to an
exerciser below; a command with none fails ``test_every_command_has_an_exerciser``. The
walk-through then replays the guide in a sandbox: ``/etc`` and ``/var/lib/convener`` become
directories under a temporary root, ``/opt/convener`` is this checkout, ``sudo`` is dropped.
Commands that would change the machine are checked instead of run: apt-get simulates,
``systemctl`` verifies the units with ``systemd-analyze verify`` (when systemd is installed),
``nginx -t`` tests the configuration with a throw-away certificate (when nginx is installed;
otherwise its structure is checked), and ``systemd-sysusers`` writes into the sandbox.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "deploy.md"
DEPLOY = REPO / "deploy"
BASH = shutil.which("bash") or "/bin/bash"

pytestmark = pytest.mark.subprocess  # run once per CI run, not in both database passes


def commands() -> list[str]:
    """The guide's shell commands, in order (``sudo`` and ``sudo -u USER`` removed)."""
    found: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```", GUIDE.read_text(), flags=re.S | re.M):
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                found.append(re.sub(r"^sudo( -u \S+)? ", "", line))
    return found


@dataclass
class Sandbox:
    root: Path

    @property
    def env_file(self) -> Path:
        return self.root / "etc" / "convener" / "convener.env"

    @property
    def data(self) -> Path:
        return self.root / "var" / "lib" / "convener"

    def path(self, text: str) -> str:
        """Rewrite the guide's absolute paths into the sandbox."""
        text = text.replace("/opt/convener", str(REPO))
        text = text.replace("/var/lib/convener", str(self.data))
        return re.sub(r"(?<![\w/.-])/etc/", f"{self.root}/etc/", text)

    def run(self, command: str, **env: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [BASH, "-c", command],
            cwd=self.root,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
        return result


# --- exercisers --------------------------------------------------------------------------------


def apt_get(box: Sandbox, command: str) -> None:
    """Simulate the install: every package exists and its dependencies resolve."""
    packages = [w for w in shlex.split(command)[2:] if not w.startswith("-")]
    assert packages
    box.run("apt-get install -s -y " + " ".join(packages))


def make_target(box: Sandbox, command: str) -> None:
    """The Makefile target exists (CI runs `make venv` for real on a fresh machine)."""
    box.run(box.path(command).replace("make ", "make -n ", 1))


def sysusers(box: Sandbox, command: str) -> None:
    config = Path(box.path(shlex.split(command)[1]))
    fields = shlex.split(config.read_text().splitlines()[-1])
    assert fields[:2] == ["u", "convener"]
    assert fields[4] == "/var/lib/convener"  # home = StateDirectory of the units
    if shutil.which("systemd-sysusers") is None:
        return  # the line's fields were checked above
    (box.root / "etc").mkdir(exist_ok=True)
    box.run(f"systemd-sysusers --root={box.root} {config}")
    assert "convener:x:" in (box.root / "etc" / "passwd").read_text()


def postgres(box: Sandbox, command: str) -> None:
    """Run the command on a throw-away PostgreSQL server (scripts/pg-test-server)."""
    steps = [command]
    if command.startswith("createdb"):  # a fresh server: the guide's role comes first
        owner = "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'convener'"
        steps = [
            "psql -c \"CREATE ROLE convener LOGIN PASSWORD 'change-me'\"",
            command,
            f'psql -Atc "{owner}" | grep -qx convener',
        ]
    box.run(f"{REPO}/scripts/pg-test-server bash -c {shlex.quote(' && '.join(steps))}")


def install_file(box: Sandbox, command: str) -> None:
    box.run(box.path(command))
    installed = Path(shlex.split(box.path(command))[-1])
    assert oct(installed.stat().st_mode & 0o777) == "0o640"
    # The administrator's edits (docs/deploy.md, "Settings"); later lines win, as in systemd.
    box.data.mkdir(parents=True, exist_ok=True)
    with installed.open("a") as env:
        env.write(
            "\n# edited for this deployment\n"
            f"SECRET_KEY={secrets.token_hex(32)}\n"
            "ALLOWED_HOSTS=convener.example.org\n"
            f"DATA_DIR={box.data}\n"
            f"DATABASE_URL=sqlite:///{box.data}/convener.sqlite3\n"
            "BEHIND_TLS_PROXY=true\n"
            "TRUSTED_PROXY_COUNT=1\n"
        )


def manage(box: Sandbox, command: str) -> None:
    """Run convener-manage for real, with the sandbox's settings file."""
    command = box.path(command)
    env = {"CONVENER_ENV_FILE": str(box.env_file)}
    for name in (
        "DJANGO_SETTINGS_MODULE",
        "DEBUG",
        "SECRET_KEY",
        "SECURE_SSL_REDIRECT",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' live server
    ):
        env[name] = ""  # nothing from the test process: only the file counts
    env["DJANGO_SETTINGS_MODULE"] = "convener.settings"
    if command.endswith(" createsuperuser"):
        command += " --no-input"  # it asks for these interactively
        env |= {
            "DJANGO_SUPERUSER_EMAIL": "admin@example.org",
            "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
        }
    if " restore " in command:
        wanted = Path(shlex.split(command)[-2])
        if not wanted.exists():  # the guide restores a dated backup: use the one just made
            made = sorted(box.data.glob("backup-*.dump"))
            assert made, "run the backup command first"
            shutil.copy(made[-1], wanted)
    clean = {k: v for k, v in os.environ.items() if k not in env}
    result = subprocess.run(
        [BASH, "-c", command],
        env={**clean, **{k: v for k, v in env.items() if v}},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
    if " backup " in command:
        assert list(box.data.glob("backup-*.dump"))


def copy_files(box: Sandbox, command: str) -> None:
    words = shlex.split(box.path(command))
    Path(words[-1].rstrip("/") if words[-1].endswith("/") else Path(words[-1]).parent).mkdir(
        parents=True, exist_ok=True
    )
    box.run(shlex.join(words))
    for source in words[1:-1]:
        assert Path(source).is_file(), source


def link(box: Sandbox, command: str) -> None:
    words = shlex.split(box.path(command))
    Path(words[-1]).parent.mkdir(parents=True, exist_ok=True)
    box.run(shlex.join(words))
    assert Path(words[-1]).resolve() == Path(words[-2]).resolve()


def unit_names(command: str) -> list[str]:
    names = [w for w in shlex.split(command)[2:] if not w.startswith("-")]
    return [n if "." in n else f"{n}.service" for n in names]


def verify_units(box: Sandbox, names: list[str]) -> None:
    """Check the units named exist in deploy/ and pass `systemd-analyze verify`."""
    work = box.root / "units"
    work.mkdir(exist_ok=True)
    for unit in DEPLOY.glob("convener*.[st]*"):
        if unit.suffix in (".service", ".timer"):
            (work / unit.name).write_text(unit.read_text().replace("/opt/convener", str(REPO)))
    for name in names:
        template = re.sub(r"@[^.]+\.", "@.", name)
        assert (work / template).is_file(), f"{name}: no {template} in deploy/"
    if shutil.which("systemd-analyze") is None:
        for name in names:
            text = (work / re.sub(r"@[^.]+\.", "@.", name)).read_text()
            assert "[Install]" in text
        return
    box.run("systemd-analyze verify " + " ".join(str(work / n) for n in names))


def systemctl(box: Sandbox, command: str) -> None:
    words = shlex.split(command)
    if words[1] == "daemon-reload":
        units = [u.name for u in DEPLOY.glob("convener*") if u.suffix in (".service", ".timer")]
        verify_units(box, [u.replace("@.", "@8001.") for u in units])
        return
    if words[1:] == ["reload", "nginx"]:
        nginx_test(box, "nginx -t")
        return
    assert words[1] in {"enable", "start", "stop", "restart"}, command
    verify_units(box, unit_names(command))


def nginx_test(box: Sandbox, command: str) -> None:
    site = (DEPLOY / "nginx.conf").read_text()
    for needed in (
        "proxy_set_header Upgrade $http_upgrade",
        "listen 443 ssl",
        "ssl_certificate ",
        "X-Forwarded-Proto",
        "return 301 https://",
        "server 127.0.0.1:8001",
        "server 127.0.0.1:8002",
    ):
        assert needed in site, needed
    assert site.count("{") == site.count("}")
    if shutil.which("nginx") is None or shutil.which("openssl") is None:
        return  # structure checked above; `nginx -t` runs where nginx is installed
    work = box.root / "nginx"
    work.mkdir(exist_ok=True)
    box.run(
        f"openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=convener.example.org "
        f"-keyout {work}/key.pem -out {work}/cert.pem"
    )
    site = re.sub(r"ssl_certificate (\S+);", f"ssl_certificate {work}/cert.pem;", site)
    site = re.sub(r"ssl_certificate_key (\S+);", f"ssl_certificate_key {work}/key.pem;", site)
    (work / "site.conf").write_text(site)
    (work / "nginx.conf").write_text(
        f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {work}/body;\n"
        f"  proxy_temp_path {work}/proxy;\n  include {work}/site.conf;\n}}\n"
    )
    box.run(f"nginx -t -q -e {work}/error.log -p {work} -c {work}/nginx.conf")


EXERCISERS: list[tuple[str, Callable[[Sandbox, str], None]]] = [
    (r"^apt-get install ", apt_get),
    (r"^make -C /opt/convener \w+$", make_target),
    (r"^systemd-sysusers /opt/convener/deploy/\S+$", sysusers),
    (r"^(psql|createdb) ", postgres),
    (r"^install -D -m 0640 \S+ /etc/convener/convener\.env$", install_file),
    (r"^/opt/convener/deploy/convener-manage ", manage),
    (r"^cp /opt/convener/deploy/", copy_files),
    (r"^ln -s ", link),
    (r"^systemctl ", systemctl),
    (r"^nginx -t$", nginx_test),
]


def exerciser(command: str) -> Callable[[Sandbox, str], None] | None:
    for pattern, function in EXERCISERS:
        if re.search(pattern, command):
            return function
    return None


def test_every_command_has_an_exerciser():
    found = commands()
    assert len(found) >= 20
    assert [c for c in found if exerciser(c) is None] == []


def test_the_guide_covers_what_a_deployment_needs():
    text = GUIDE.read_text()
    for needed in (
        "convener db_worker",
        "convener daily",
        "REDIS_URL",
        "DATABASE_URL",
        "TASKS_BACKEND",
        "backup",
        "restore",
    ):
        assert needed in text, needed
    mentioned = set(re.findall(r"deploy/([\w@.-]+)", text))
    assert {p.name for p in DEPLOY.iterdir()} <= mentioned | {"convener.sysusers"}


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return Sandbox(root=tmp_path)


def test_the_guide_works_when_followed_in_order(sandbox):
    done: list[str] = []
    for command in commands():
        if command in done:
            continue  # the upgrade repeats install steps: exercised once is enough
        function = exerciser(command)
        assert function is not None, command
        function(sandbox, command)
        done.append(command)
    assert any("migrate" in c for c in done)
    # The walk-through left a working site: the account it created can log in.
    result = subprocess.run(
        [
            str(DEPLOY / "convener-manage"),
            "shell",
            "-c",
            "from convener.accounts.models import User;"
            "print(User.objects.get(email='admin@example.org').is_superuser)",
        ],
        env={
            **{k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}},
            "CONVENER_ENV_FILE": str(sandbox.env_file),
            "DJANGO_SETTINGS_MODULE": "convener.settings",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr[-2000:]


def test_the_units_run_the_documented_commands():
    web = (DEPLOY / "convener-web@.service").read_text()
    assert "uvicorn convener.asgi:application --host 127.0.0.1 --port %i --proxy-headers" in web
    assert "EnvironmentFile=/etc/convener/convener.env" in web
    worker = (DEPLOY / "convener-worker.service").read_text()
    assert "ExecStart=/opt/convener/.venv/bin/convener db_worker --no-reload" in worker
    assert "KillSignal=SIGTERM" in worker
    daily = (DEPLOY / "convener-daily.service").read_text()
    assert "ExecStart=/opt/convener/.venv/bin/convener daily" in daily
    for unit in ("convener-web@.service", "convener-worker.service", "convener-daily.service"):
        for line in (DEPLOY / unit).read_text().splitlines():
            if line.startswith("ExecStart="):
                program = Path(line.split("=", 1)[1].split()[0].replace("/opt/convener", str(REPO)))
                assert program.is_file(), program


def test_convener_manage_reads_the_env_file_like_systemd(tmp_path):
    env = tmp_path / "convener.env"
    env.write_text(
        "# a comment\n\n"
        "DEFAULT_FROM_EMAIL=Convener <convener@example.org>\n"
        'SITE_URL="https://convener.example.org"\n'
        "  TIME_ZONE = America/Chicago\n"
        "DEBUG=true\n"
    )
    code = (
        "import os; print(os.environ['DEFAULT_FROM_EMAIL'], os.environ['SITE_URL'], "
        "os.environ['TIME_ZONE'])"
    )
    result = subprocess.run(
        [str(DEPLOY / "convener-manage"), "shell", "-c", code],
        env={
            **os.environ,
            "CONVENER_ENV_FILE": str(env),
            "DJANGO_SETTINGS_MODULE": "convener.settings",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "Convener <convener@example.org> https://convener.example.org America/Chicago"
    )
    env.write_text("not a pair\n")
    bad = subprocess.run(
        [str(DEPLOY / "convener-manage"), "check"],
        env={**os.environ, "CONVENER_ENV_FILE": str(env)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "not a KEY=VALUE line" in bad.stderr

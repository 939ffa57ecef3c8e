"""The image: a production lock without development tools, and a runtime that renders PDFs.

No container engine runs on this machine, so the runtime stage is checked in two ways
(deploy/README.md, «The image»):

- its package list (``deploy/runtime-packages.txt``, which the Dockerfile installs) against
  what WeasyPrint really loads here (the shared libraries mapped into a process after
  ``import weasyprint``, each traced to its Debian package) and the fonts the PDF templates name;
- a Debian bookworm root built with debootstrap holding only those packages and Debian's
  python3, in which a certificate and a plan report (their HTML rendered by the application)
  are turned into PDFs by WeasyPrint under chroot. The root is kept under /var/tmp, keyed by the
  package list, so only the first run pays for the download.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
DEV_LOCK = REPO / "requirements.lock"
PRODUCTION_LOCK = REPO / "requirements-production.lock"
RUNTIME_PACKAGES = REPO / "deploy" / "runtime-packages.txt"
DEV_TOOLS = {
    "pytest",
    "pytest-django",
    "factory-boy",
    "faker",
    "time-machine",
    "playwright",
    "ruff",
    "mypy",
    "django-stubs",
    "celery-types",
    "import-linter",
    "grimp",
    "pgserver",
    "moto",
    "flask",
    "flask-cors",
    "uv",
}
PDF_TEMPLATES = [
    REPO / "tenants" / "events" / "templates" / "events" / "certificate.html",
    REPO / "tenants" / "plans" / "templates" / "plans" / "report.html",
]


def lock_pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s\\;]+)", line)
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def runtime_packages() -> list[str]:
    return [
        line.strip()
        for line in RUNTIME_PACKAGES.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_the_production_lock_is_the_dev_locks_versions_without_dev_tools():
    production, development = lock_pins(PRODUCTION_LOCK), lock_pins(DEV_LOCK)
    assert len(production) > 50
    for name, version in production.items():
        assert development.get(name) == version, f"{name}=={version} differs from the development lock"
    assert not DEV_TOOLS & set(production), DEV_TOOLS & set(production)
    assert DEV_TOOLS - {"uv", "faker"} <= set(development)
    text = PRODUCTION_LOCK.read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)
    for needed in ("django", "weasyprint", "gunicorn", "sentry-sdk", "django-storages", "boto3"):
        assert needed in production, needed


def test_the_dockerfile_installs_the_production_lock_and_the_runtime_packages():
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install --require-hashes --no-deps -r /tmp/requirements-production.lock" in dockerfile
    assert "COPY requirements.lock" not in dockerfile
    assert "COPY deploy/runtime-packages.txt" in dockerfile


def _mapped_libraries(code: str) -> set[str]:
    script = f"{code}\nprint(open('/proc/self/maps').read())"
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    paths = {line.split()[-1] for line in output.splitlines() if len(line.split()) >= 6}
    return {path for path in paths if re.search(r"\.so[.\d]*$", path)}


def _debian_package(path: str) -> str:
    # Merged /usr: dpkg may have recorded /lib/... for a library mapped as /usr/lib/..., or back.
    candidates = {path, os.path.realpath(path)}
    candidates |= {c.replace("/usr/lib/", "/lib/", 1) for c in candidates if c.startswith("/usr/lib/")}
    candidates |= {"/usr" + c for c in candidates if c.startswith("/lib/")}
    for candidate in sorted(candidates):
        found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(":", 1)[0]
    raise AssertionError(f"no Debian package owns {path}")


def _dependency_closure(packages: list[str]) -> set[str]:
    """Every package ``packages`` pull in through Depends and Pre-Depends, as installed here."""
    output = subprocess.run(
        [
            "apt-cache",
            "depends",
            "--recurse",
            "--installed",
            "--no-recommends",
            "--no-suggests",
            "--no-conflicts",
            "--no-breaks",
            "--no-replaces",
            "--no-enhances",
            *packages,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    closure = set()
    for line in output.splitlines():
        entry = line.strip().lstrip("|")
        if ":" in entry.split(" ", 1)[0]:
            entry = entry.split(":", 1)[1]
        name = entry.strip().strip("<>").split(":")[0]
        if name:
            closure.add(name)
    return closure


@pytest.mark.skipif(not shutil.which("dpkg"), reason="a Debian machine is needed to trace libraries to packages")
def test_the_runtime_packages_cover_what_weasyprint_loads_and_the_fonts_the_templates_name():
    before = _mapped_libraries("import cffi, PIL.Image")
    after = _mapped_libraries("import weasyprint; weasyprint.HTML(string='<p>x</p>').write_pdf()")
    system = sorted(lib for lib in after - before if lib.startswith(("/lib", "/usr/lib")))
    assert any("libpango-1.0" in lib for lib in system) and any("libharfbuzz" in lib for lib in system)
    listed = runtime_packages()
    # What Python's own modules load (libuuid for uuid, …) comes with the base image's Python,
    # as with Debian's: libpython3.11-stdlib's dependencies count as present.
    closure = _dependency_closure([*listed, "libpython3.11-stdlib"]) | set(listed)
    missing = {lib: _debian_package(lib) for lib in system}
    missing = {lib: package for lib, package in missing.items() if package.split(":")[0] not in closure}
    assert not missing, f"libraries WeasyPrint loads that the runtime packages do not bring: {missing}"

    families = set()
    for template in PDF_TEMPLATES:
        for match in re.finditer(r"font-family:\s*([^;}]+)", template.read_text(encoding="utf-8")):
            families.update(f.strip().strip("\"'") for f in match.group(1).split(","))
    assert "DejaVu Serif" in families
    for family in families:
        path = subprocess.run(
            ["fc-match", "--format=%{file}", family], capture_output=True, text=True, check=True
        ).stdout
        assert _debian_package(path) in listed, f"{family} comes from {path}, not from a runtime package"


# --- a bookworm root with only the runtime packages -------------------------------------------------

ROOTS = Path("/var/tmp")  # noqa: S108 (kept between runs, by design)


def _weasyprint_distributions() -> list[str]:
    """WeasyPrint and everything it requires (no extras), as installed here."""
    seen: list[str] = []
    todo = ["weasyprint"]
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        seen.append(name)
        for requirement in dist.requires or []:
            parsed = Requirement(requirement)
            if parsed.marker is None or parsed.marker.evaluate({"extra": ""}):
                todo.append(parsed.name)
    return seen


def bookworm_root() -> Path:
    """debootstrap's minimal bookworm plus python3 and the runtime packages (cached by the list)."""
    packages = runtime_packages()
    digest = hashlib.sha256(" ".join(packages).encode()).hexdigest()[:12]
    root = ROOTS / f"metodika-runtime-root-{digest}"
    if (root / ".complete").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    done = subprocess.run(
        [
            "debootstrap",
            "--variant=minbase",
            f"--include=python3,{','.join(packages)}",
            "bookworm",
            str(root),
            "http://deb.debian.org/debian",
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (root / ".complete").write_text(" ".join(packages))
    return root


def _copy_distributions(root: Path) -> Path:
    target = root / "opt" / "weasyprint-site"
    shutil.rmtree(target, ignore_errors=True)
    for name in _weasyprint_distributions():
        dist = distribution(name)
        for file in dist.files or []:
            source = Path(dist.locate_file(file))
            if source.is_file() and "__pycache__" not in source.parts:
                destination = target / file
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
    return target


RENDER = """
import sys, weasyprint
for name in sys.argv[1:]:
    html = open(f"/work/{name}.html", encoding="utf-8").read()
    weasyprint.HTML(string=html, base_url="https://pdf.metodika.invalid/").write_pdf(f"/work/{name}.pdf")
"""


@pytest.mark.skipif(
    not (shutil.which("debootstrap") and shutil.which("chroot") and os.geteuid() == 0),
    reason="needs root, debootstrap and chroot (.ci/run installs debootstrap)",
)
def test_a_certificate_and_a_report_render_in_a_bookworm_root_with_only_the_runtime_packages(
    muni_a, make_user, tmp_path
):
    from pypdf import PdfReader

    root = bookworm_root()
    installed = subprocess.run(
        ["chroot", str(root), "dpkg-query", "-W", "-f=${Package}\\n"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert {p for p in installed if p.startswith("fonts-")} == {"fonts-dejavu-core"}
    site = _copy_distributions(root)
    work = root / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    pages = _application_html(muni_a, make_user)
    for name, html in pages.items():
        (work / f"{name}.html").write_text(html, encoding="utf-8")
    (work / "render.py").write_text(RENDER, encoding="utf-8")
    done = subprocess.run(
        [shutil.which("chroot") or "chroot", str(root), "/usr/bin/python3", "/work/render.py", *pages],
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": "/" + str(site.relative_to(root)),
            "HOME": "/tmp",  # noqa: S108 (inside the chroot)
            "LANG": "C.UTF-8",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    certificate = PdfReader(io.BytesIO((work / "certificate.pdf").read_bytes()))
    text = " ".join(certificate.pages[0].extract_text().split())
    assert "Педагогическая мастерская" in text and "Смирнова Анна" in text
    fonts = {str(font.get_object()["/BaseFont"]) for font in certificate.pages[0]["/Resources"]["/Font"].values()}
    assert any("DejaVu-Serif" in font for font in fonts), fonts
    report = PdfReader(io.BytesIO((work / "report.pdf").read_bytes()))
    report_text = " ".join(page.extract_text() for page in report.pages)
    assert "Мероприятий: 2" in " ".join(report_text.split())


def _application_html(muni_a, make_user) -> dict[str, str]:
    """A certificate and a plan report, as the application renders their HTML."""
    import datetime

    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from accounts.models import Role
    from tenants.events.certificate import certificate_html
    from tenants.events.models import Registration, RegistrationStatus
    from tenants.plans.documents import report_html
    from tenants.plans.models import PlanReport, ReportKind
    from tenants.plans.selectors import plan_summary
    from tests.tenants.events.factories import make_event
    from tests.tenants.plans.conftest import draft_plan

    teacher = make_user(Role.TEACHER, muni_a, first_name="Анна", last_name="Смирнова")
    starts = (timezone.localtime() - datetime.timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    with tenant_context(muni_a):
        event = make_event(
            title="Педагогическая мастерская", starts_at=starts, ends_at=starts + datetime.timedelta(hours=4)
        )
        registration = Registration.objects.create(
            event=event,
            user=teacher,
            full_name="Смирнова Анна",
            email=teacher.email,
            status=RegistrationStatus.CONFIRMED,
        )
        plan = draft_plan(items=2)
        report = PlanReport(
            plan=plan, kind=ReportKind.ANNUAL, period_start=plan.year.first_day, period_end=plan.year.last_day
        )
        summary = plan_summary(plan=plan, start=report.period_start, end=report.period_end)
        return {
            "certificate": certificate_html(registration=registration),
            "report": report_html(report=report, summary=summary),
        }

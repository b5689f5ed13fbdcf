"""Build the wheel, install it into a throwaway venv, and run the installed `inkstone` from outside the repo.

Proves what a source checkout cannot: the wheel carries every desktop_app module, the data files
from resources/ (the catalogue) and the `inkstone` entry point, and the installed app finds its
resources inside the installed package. The heavy dependencies (PySide6, llama-cpp-python, ...)
are not installed again: the venv sees the current environment's packages.

    python packaging/smoke_test.py [--keep]

Exits 0 when every check passes; otherwise prints "smoke test FAILED: <why>" and exits 1.
Building the wheel needs the build requirements (setuptools, wheel) from the package index, as
`pip wheel` fetches them into an isolated build environment (pip caches them after the first run).
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# What the build reads; copied to a temp dir so the build never writes into the working tree.
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "desktop_app", "resources")
# Folders of resources/ deliberately left out of the wheel (see pyproject.toml): the README's pictures.
NOT_SHIPPED = {"screenshots"}
ENTRY_TARGET = "desktop_app.cli:main"  # of the console script `inkstone`


class SmokeTestError(Exception):
    """A check failed; str() says which and why."""


def step(message: str) -> None:
    print(f"ok: {message}", flush=True)


def _run(cmd: list[str], *, what: str, timeout: float, **kwargs) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired as exc:
        raise SmokeTestError(f"{what}: timed out after {timeout:.0f} s") from exc
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        tail = "\n    ".join(output[-25:])
        raise SmokeTestError(f"{what}: exit code {result.returncode}\n    {tail}")
    return result


def copy_build_inputs(repo: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in BUILD_INPUTS:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.py[cod]"))
        elif source.is_file():
            shutil.copy2(source, dest / name)
    for licence in repo.glob("LICEN[CS]E*"):
        shutil.copy2(licence, dest / licence.name)
    return dest


def build_wheel(source: Path, out_dir: Path) -> Path:
    """`pip wheel --no-deps`: the same build a user or an installer runs."""
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out_dir), str(source)]
    _run(cmd, what="building the wheel", timeout=600)
    wheels = list(out_dir.glob("inkstone_desktop-*.whl"))
    if len(wheels) != 1:
        raise SmokeTestError(f"building the wheel: expected one inkstone_desktop wheel in {out_dir}, found {wheels}")
    return wheels[0]


def wheel_problems(wheel: Path, repo: Path) -> list[str]:
    """What the wheel lacks compared with the source tree: modules, resources, the entry point."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next((n for n in names if n.endswith(".dist-info/entry_points.txt")), None)
        entry_text = archive.read(entry_points).decode() if entry_points else ""
    problems = []
    modules = sorted(
        p.relative_to(repo).as_posix()
        for p in (repo / "desktop_app").rglob("*.py")
        if "__pycache__" not in p.parts
    )
    missing_modules = [m for m in modules if m not in names]
    if missing_modules:
        problems.append(f"modules missing from the wheel: {', '.join(missing_modules)}")
    resources = sorted(
        "desktop_app/resources/" + p.relative_to(repo / "resources").as_posix()
        for p in (repo / "resources").rglob("*")
        if p.is_file() and p.relative_to(repo / "resources").parts[0] not in NOT_SHIPPED
    )
    if "desktop_app/resources/catalogue.json" not in resources:
        resources.insert(0, "desktop_app/resources/catalogue.json")
    missing_resources = [r for r in resources if r not in names]
    if missing_resources:
        problems.append(f"resources missing from the wheel: {', '.join(missing_resources)}")
    scripts = configparser.ConfigParser()
    scripts.read_string(entry_text)
    if scripts.get("console_scripts", "inkstone", fallback=None) != ENTRY_TARGET:
        problems.append(f"the wheel does not declare the console script 'inkstone = {ENTRY_TARGET}'")
    return problems


def make_venv(venv: Path) -> Path:
    """A venv over the current environment's packages; returns its python.

    --system-site-packages alone would show the *base* interpreter's packages when this script
    runs inside a venv, so the current environment's site-packages are added with a .pth file.
    Plain paths in a .pth are appended to sys.path but their own .pth files are not run, so an
    editable install of Inkstone in the current environment stays invisible.
    """
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
         what="creating the venv", timeout=120)
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = venv / bindir / ("python.exe" if os.name == "nt" else "python")
    if not python.exists():
        raise SmokeTestError(f"creating the venv: no interpreter at {python}")
    return python


def install_wheel(python: Path, wheel: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "--python", str(python), "install",
           "--no-deps", "--no-index", "--force-reinstall", str(wheel)]
    _run(cmd, what="installing the wheel", timeout=300)
    # Only now show the current environment's packages: pip must not see (nor touch) them.
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                   what="finding the venv's site-packages", timeout=60).stdout.strip()
    current = [p for p in [*site.getsitepackages(), sysconfig.get_paths()["purelib"]] if Path(p).is_dir()]
    Path(purelib, "_inkstone_smoke_parent_env.pth").write_text("\n".join(dict.fromkeys(current)) + "\n")


def clean_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(INKSTONE_DATA_DIR=str(data_dir), PYTHONNOUSERSITE="1", QT_QPA_PLATFORM="offscreen")
    return env


_PROBE = """
import json, sys
import desktop_app
from desktop_app.core.resources import resources_dir
print(json.dumps({"package": desktop_app.__file__, "resources": str(resources_dir()),
                  "version": desktop_app.__version__, "path": sys.path}))
"""


def check_installed_package(python: Path, venv: Path, repo: Path, env: dict[str, str], cwd: Path) -> str:
    """desktop_app and its resources come from the venv, and the source tree is not on sys.path."""
    out = _run([str(python), "-c", _PROBE], what="importing the installed package", timeout=120,
               env=env, cwd=cwd).stdout
    probe = json.loads(out.strip().splitlines()[-1])
    venv = venv.resolve()
    package, resources = Path(probe["package"]).resolve(), Path(probe["resources"]).resolve()
    if venv not in package.parents:
        raise SmokeTestError(f"desktop_app was imported from {package}, not from the venv {venv}")
    if venv not in resources.parents or not (resources / "catalogue.json").is_file():
        raise SmokeTestError(f"resources_dir() is {resources}: not the installed package's resources")
    on_path = [p for p in probe["path"] if p and Path(p).resolve() == repo]
    if on_path:
        raise SmokeTestError(f"the source tree {repo} is on the venv's sys.path")
    return probe["version"]


def run_inkstone(script: Path, args: list[str], env: dict[str, str], cwd: Path) -> str:
    return _run([str(script), *args], what=f"inkstone {' '.join(args)}", timeout=120, env=env, cwd=cwd).stdout


def smoke_test(repo: Path, work: Path) -> None:
    source = copy_build_inputs(repo, work / "source")
    wheel = build_wheel(source, work / "dist")
    step(f"built {wheel.name}")

    problems = wheel_problems(wheel, repo)
    if problems:
        raise SmokeTestError("; ".join(problems))
    step("the wheel holds every desktop_app module, the resources and the inkstone entry point")

    venv = work / "venv"
    python = make_venv(venv)
    install_wheel(python, wheel)
    step(f"installed into {venv}")

    outside = work / "elsewhere"
    outside.mkdir()
    env = clean_env(work / "data")
    version = check_installed_package(python, venv, repo, env, outside)
    step("desktop_app and resources_dir() come from the venv; the source tree is not on sys.path")

    script = python.parent / ("inkstone.exe" if os.name == "nt" else "inkstone")
    if not script.exists():
        raise SmokeTestError(f"the console script {script} was not installed")
    shown = run_inkstone(script, ["--version"], env, outside).strip()
    if shown != f"inkstone {version}":
        raise SmokeTestError(f"inkstone --version printed {shown!r}, expected 'inkstone {version}'")
    step(f"inkstone --version: {shown}")

    listing = run_inkstone(script, ["models", "catalogue"], env, outside)
    catalogue = json.loads((repo / "resources" / "catalogue.json").read_text(encoding="utf-8"))
    ids = [m["id"] for m in catalogue["models"]]
    missing = [i for i in ids if i not in listing]
    if not ids or missing:
        raise SmokeTestError(f"inkstone models catalogue does not list {missing or 'any entry'}:\n{listing}")
    step(f"inkstone models catalogue lists all {len(ids)} entries")

    run_inkstone(script, ["history"], env, outside)
    if not any((work / "data").iterdir()):
        raise SmokeTestError(f"inkstone history left nothing in INKSTONE_DATA_DIR={work / 'data'}")
    step("inkstone history runs on a fresh data dir")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (wheel, venv) and print its path")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="inkstone-smoke-"))
    try:
        smoke_test(REPO, work)
    except SmokeTestError as exc:
        print(f"smoke test FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

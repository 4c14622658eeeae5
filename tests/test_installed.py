"""Installed, not only checked out: a wheel in a fresh virtual environment, used from elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from mpscrawler.snapshot import SITES, serve
from tests.helpers import PROJECT, records, snapshot_ids

pytestmark = pytest.mark.slow
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO"]


def wheel(tmp_path: Path) -> Path:
    """The project's wheel, built from a copy of its sources (the checkout stays clean)."""
    source = tmp_path / "source"
    shutil.copytree(
        PROJECT / "mpscrawler", source / "mpscrawler", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(PROJECT / name, source / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    command += ["--no-index", "--quiet", str(source), "-w", str(tmp_path / "dist")]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    (built,) = (tmp_path / "dist").glob("mpscrawler-*.whl")
    return built


def bare_python(home: Path) -> Path:
    """A fresh venv without mpscrawler; its dependencies are the test venv's (nothing fetched)."""
    venv.create(home, with_pip=False)
    python = home / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Only a path: the test venv's own .pth files (its editable mpscrawler) are not processed.
    (Path(site) / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python


def environment(tmp_path: Path, built: Path) -> Path:
    """A fresh venv holding the wheel; the `bin` folder of its commands."""
    python = bare_python(tmp_path / "venv")
    command = [python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed"]
    subprocess.run([*command, "--quiet", built], check=True, capture_output=True, timeout=300)
    return python.parent


def clean_env() -> dict[str, str]:
    """The environment of a user's shell: no project settings module, no path to the checkout."""
    drop = {"SCRAPY_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def run(command: list, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A command of the installed environment, from `cwd`."""
    return subprocess.run(
        command, cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=300
    )


def test_the_wheel_holds_the_schema_and_both_mirrors(tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(wheel(tmp_path)).namelist())
    assert "mpscrawler/schema/article.schema.json" in names
    for edition in ("en", "vi"):
        files = [p for p in (SITES / edition).rglob("*") if p.is_file()]
        assert files and all(p.relative_to(PROJECT).as_posix() in names for p in files), edition


def test_installed_commands_work_from_any_directory(tmp_path: Path) -> None:
    bin_ = environment(tmp_path, wheel(tmp_path))
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = run([bin_ / "python", "-c", "import mpscrawler; print(mpscrawler.__file__)"], work)
    assert where.stdout.startswith(str(tmp_path / "venv")), where.stdout + where.stderr
    with serve() as base_url:
        done = run([bin_ / "mpscrawler", "run", "--", "-a", f"base_url={base_url}", *FAST], work)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "healthy: " in done.stdout
        env = {**clean_env(), "SCRAPY_SETTINGS_MODULE": "mpscrawler.settings"}
        plain = [
            bin_ / "python",
            "-m",
            "scrapy",
            "crawl",
            "mps_news",
            "-a",
            f"base_url={base_url}",
            *FAST,
        ]
        crawled = run([*plain, "-O", "plain.jsonl", "-s", "MPS_STATE_ENABLED=0"], work, env)
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    built = run([bin_ / "mpscrawler", "dataset"], work)
    assert built.returncode == 0, built.stderr
    rows = records(work / "output" / "mps_news.jsonl")
    assert sorted(r["id"] for r in rows) == sorted(snapshot_ids())
    plain_ids = [r["id"] for r in records(work / "plain.jsonl")]
    assert sorted(plain_ids) == sorted(snapshot_ids()), "scrapy crawl with the settings module"
    assert len(list((work / "output" / "reports" / "mps_news" / "en").glob("*.json"))) == 2


def test_installed_demo_crawls_both_bundled_mirrors(tmp_path: Path) -> None:
    bin_ = environment(tmp_path, wheel(tmp_path))
    work = tmp_path / "elsewhere"
    work.mkdir()
    done = run([bin_ / "python", "-m", "mpscrawler.ops.demo", "--into", str(work / "demo")], work)
    assert done.returncode == 0, done.stderr[-3000:]
    for edition in ("en", "vi"):
        (path,) = (work / "demo" / "output" / "mps_news" / edition).glob("*.jsonl")
        ids = [r["id"] for r in records(path)]
        assert sorted(ids) == sorted(snapshot_ids(SITES / edition, edition)), edition
    assert not (work / "output").exists()

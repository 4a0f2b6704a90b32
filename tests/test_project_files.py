"""The project's own machinery: pinned and hashed supply chain, CI's browser, housekeeping."""

from __future__ import annotations

import importlib.util
import re
import shutil
import stat
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
import yaml  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]


# --- Supply chain ---------------------------------------------------------------------------


def requirement_entries() -> list[str]:
    """requirements.txt's requirements, each with its continuation lines joined."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line for line in joined.splitlines() if line and not line.lstrip().startswith("#")]


def test_every_requirement_is_pinned_with_hashes() -> None:
    entries = requirement_entries()
    assert len(entries) > 100
    for entry in entries:
        assert re.match(r"^[A-Za-z0-9._-]+==[^ ;]+", entry), entry
        assert "--hash=sha256:" in entry, entry


def test_requirements_say_how_they_were_generated() -> None:
    header = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert any(
        "uv pip compile requirements.in" in line and "--generate-hashes" in line for line in header
    )
    assert (ROOT / "requirements.in").is_file()


def test_the_installer_and_the_build_backend_are_pinned() -> None:
    names = {entry.split("==")[0].lower() for entry in requirement_entries()}
    assert {"pip", "setuptools"} <= names


def install_recipe() -> str:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^\$\(STAMP\):.*?\n((?:\t.*\n)+)", makefile, re.M)
    assert match
    return match.group(1)


def test_make_install_checks_hashes_and_fetches_nothing_unpinned() -> None:
    recipe = install_recipe()
    assert "--require-hashes" in recipe
    assert "--upgrade pip" not in recipe  # the newest pip, whatever it is
    # The project is built by the pinned setuptools, not in an isolated build that fetches one.
    project = [line for line in recipe.splitlines() if "-e ." in line]
    assert project
    assert all("--no-build-isolation" in line and "--no-deps" in line for line in project)


def test_dependabot_watches_actions_pip_and_npm() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert ecosystems >= {"github-actions", "pip", "npm"}


def test_workflows_set_up_a_supported_node() -> None:
    versions = []
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values():
            for step in job.get("steps", []):
                if "setup-node" in step.get("uses", ""):
                    versions.append(str(step["with"]["node-version"]))
    assert versions
    # Node 20 reached its end of life in April 2026.
    assert all(int(version.split(".")[0]) >= 22 for version in versions), versions


# --- CI's browser ---------------------------------------------------------------------------


def run_ci_script(tmp_path: Path, chromium_path: str | None) -> list[str]:
    """Run a copy of .ci/run with make, apt-get and sudo replaced by recorders."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name in ["make", "apt-get"]:
        tool = bin_dir / name
        tool.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n', encoding="utf-8")
        tool.chmod(0o755)
    sudo = bin_dir / "sudo"  # for a run as an ordinary user
    sudo.write_text('#!/bin/sh\nexec "$@"\n', encoding="utf-8")
    sudo.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)}
    if chromium_path is not None:
        env["CHROMIUM_PATH"] = chromium_path
    subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run")],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return log.read_text(encoding="utf-8").splitlines()


def test_ci_uses_the_browser_chromium_path_names(tmp_path: Path) -> None:
    browser = tmp_path / "chrome"
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    browser.chmod(0o755)
    calls = run_ci_script(tmp_path, str(browser))
    # It used to install Debian's chromium whenever /usr/bin/chromium was missing, even
    # with CHROMIUM_PATH naming a browser.
    assert not any(call.startswith("apt-get") for call in calls), calls
    assert calls[-1] == "make test"


def test_ci_installs_chromium_only_when_no_browser_is_found(tmp_path: Path) -> None:
    calls = run_ci_script(tmp_path, str(tmp_path / "no-such-browser"))
    assert "apt-get install -y chromium" in calls, calls
    assert calls[-1] == "make test"


# --- Housekeeping ---------------------------------------------------------------------------


def load_make_notebook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_notebook", ROOT / "scripts" / "make_notebook.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_notebook_writes_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_notebook = load_make_notebook()
    notebook = tmp_path / "tutorial.ipynb"
    notebook.write_text("the old notebook\n", encoding="utf-8")
    notebook.chmod(0o640)
    monkeypatch.setattr(make_notebook, "ROOT", tmp_path)
    monkeypatch.setattr(make_notebook, "NOTEBOOK", notebook)
    # A text that fails half-way through writing (a lone surrogate cannot be encoded): the
    # old notebook used to be truncated, now it is left whole and no temporary file stays.
    monkeypatch.setattr(make_notebook, "render", lambda: "{" * 10_000 + "\ud800")
    with pytest.raises(UnicodeEncodeError):
        make_notebook.main()
    assert notebook.read_text(encoding="utf-8") == "the old notebook\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tutorial.ipynb"]

    monkeypatch.setattr(make_notebook, "render", lambda: "the new notebook\n")
    assert make_notebook.main() == 0
    assert notebook.read_text(encoding="utf-8") == "the new notebook\n"
    assert stat.S_IMODE(notebook.stat().st_mode) == 0o640  # as it was, not the temporary's 0600
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tutorial.ipynb"]


def test_make_clean_removes_only_what_builds_and_tests_make(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    made = ["site", ".cache/exec", ".pytest_cache", ".mypy_cache", ".ruff_cache"]
    kept = [".cache/other-tool", ".hypothesis", ".venv"]
    for name in made + kept:
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "file").write_text("x", encoding="utf-8")
    subprocess.run(["make", "clean"], cwd=tmp_path, check=True, capture_output=True, timeout=60)
    for name in made:
        assert not (tmp_path / name).exists(), name
    for name in kept:
        assert (tmp_path / name / "file").exists(), name
    # The hypothesis example database goes only when asked for.
    subprocess.run(
        ["make", "clean", "HYPOTHESIS=1"], cwd=tmp_path, check=True, capture_output=True, timeout=60
    )
    assert not (tmp_path / ".hypothesis").exists()
    assert (tmp_path / ".venv" / "file").exists()

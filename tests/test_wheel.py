"""The wheel works on its own (the "Release quality" issue).

Built from the repository offline, it carries the ontology, the shapes, the query library and
the bundled data inside the package (`handan_kg/_data/`, mapped from the top-level folders by
pyproject.toml, so git keeps one copy); installed outside the repository, `handan-kg build`
builds the bundled article from them, and `link` and `query` find theirs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What a checkout holds besides its sources (.gitignore's list, and .git): not copied.
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "build", "dist", "site", "test-artifacts", "*.egg-info",
                                     "__pycache__", ".*_cache", ".cache")
# The top-level folders the package reads at run time; the wheel has them under handan_kg/_data/.
SHIPPED = ("ontology", "shapes", "queries", "data/articles", "data/links")
DATASET = ("handan-campaign.ttl", "handan-campaign.jsonld", "handan-campaign.nt", "handan-campaign.trig",
           "handan-campaign.nq", "manifest.json", "validation-report.ttl", "coverage.json")


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".") and p.suffix != ".pyc")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the source tree the wheel was built from, the wheel). The build runs on a copy: setuptools
    writes build/ and *.egg-info next to the sources, and a build/lib left by an earlier build would
    put modules deleted since then into the wheel; the shared checkout stays untouched."""
    tmp = tmp_path_factory.mktemp("wheel")
    tree = tmp / "tree"
    shutil.copytree(ROOT, tree, ignore=NOT_SOURCES)
    out = tmp / "wheelhouse"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(out), str(tree)],
        check=False, capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}"
    wheels = sorted(out.glob("handan_kg-*.whl"))
    assert len(wheels) == 1, wheels
    return tree, wheels[0]


def test_wheel_carries_the_data_files_unchanged(built: tuple[Path, Path]) -> None:
    tree, wheel = built
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        for folder in SHIPPED:
            sources = files_under(tree / folder)
            assert sources, f"{folder}/ is empty in the source tree"
            for path in sources:
                name = f"handan_kg/_data/{path.relative_to(tree).as_posix()}"
                assert name in names, f"{name} is missing from the wheel"
                assert whl.read(name) == path.read_bytes(), f"{name} differs from {path.relative_to(tree)}"
    for needed in ("ontology/handan-kg.ttl", "ontology/context.jsonld", "shapes/handan-kg-shapes.ttl",
                   "shapes/links.ttl", "queries/commanders.rq", "data/articles/handan_campaign.txt",
                   "data/links/overrides.tsv"):
        assert f"handan_kg/_data/{needed}" in names


def test_wheel_carries_every_file_of_the_package(built: tuple[Path, Path]) -> None:
    """pyproject.toml lists the packages (package-dir maps folders from outside src/, which
    `packages.find` cannot): a package added under src/handan_kg/ and not listed fails here."""
    tree, wheel = built
    names = set(zipfile.ZipFile(wheel).namelist())
    src = tree / "src"
    missing = [p.relative_to(src).as_posix() for p in files_under(src / "handan_kg")
               if p.relative_to(src).as_posix() not in names]
    assert not missing, f"not in the wheel (add the package to [tool.setuptools] packages in pyproject.toml): {missing}"


def test_installed_wheel_builds_the_bundled_article_outside_the_repository(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, wheel = built
    assert not tmp_path.resolve().is_relative_to(ROOT)
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(site), str(wheel)],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, f"pip install failed:\n{proc.stdout}\n{proc.stderr}"
    env = {**os.environ, "PYTHONPATH": str(site), "HANDAN_KG_CACHE": str(tmp_path / "cache")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), check=False, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)

    where = run(sys.executable, "-c", "import handan_kg, handan_kg.resources as r; print(handan_kg.__file__); print(r.ROOT)")
    assert where.returncode == 0, where.stderr
    module, data_root = where.stdout.splitlines()
    print("handan_kg imported from", module)
    assert Path(module).resolve() == (site / "handan_kg" / "__init__.py").resolve()
    assert Path(data_root) == (site / "handan_kg" / "_data").resolve()

    handan_kg = str(site / "bin" / "handan-kg")  # the console script, as the README runs it
    out = tmp_path / "out"
    build = run(handan_kg, "build", "--out", str(out))
    assert build.returncode == 0, f"{build.stdout}\n{build.stderr}"
    for name in DATASET:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name

    link = run(handan_kg, "link", str(out))  # offline: the reviewed links in data/links/, shapes/links.ttl
    assert link.returncode == 0, f"{link.stdout}\n{link.stderr}"
    assert (out / "links.ttl").stat().st_size > 0

    query = run(handan_kg, "query", "commanders", "--dir", str(out), "--format", "csv")  # queries/commanders.rq
    assert query.returncode == 0, f"{query.stdout}\n{query.stderr}"
    assert len(query.stdout.strip().splitlines()) > 1, query.stdout

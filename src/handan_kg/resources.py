"""Where the project's data files live: ontology/, shapes/, queries/, the bundled article.

There is one copy of each, at the top of the repository (the design card's layout), where
people read and edit them. An installed wheel cannot reach the repository, so the wheel build
maps those folders into the package as `handan_kg/_data/{ontology,shapes,queries,data/...}`
(`[tool.setuptools] package-dir` in pyproject.toml: declarative, no copy kept in git). This
module finds them through `importlib.resources` in the installed package when that folder is
there, and otherwise in the source tree (an editable install, `PYTHONPATH=src`), so an edit to
the top-level files is seen without rebuilding anything.

ROOT is the folder holding ontology/, shapes/, queries/ and data/: the repository root in a
checkout, `handan_kg/_data` in an installed package (where the repository's tests/ and src/
do not exist). The names are `pathlib.Path` objects because callers glob the folders, join
paths and hand files to rdflib; the package must therefore be installed unpacked on disk,
which is what installing a wheel does.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _data_root() -> Path:
    installed = files("handan_kg") / "_data"
    if isinstance(installed, Path) and installed.is_dir():
        return installed.resolve()
    return Path(__file__).resolve().parents[2]


ROOT = _data_root()
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_DIR = ROOT / "shapes"
QUERIES_DIR = ROOT / "queries"
DATA_DIR = ROOT / "data"
BUNDLED_ARTICLE = DATA_DIR / "articles" / "handan_campaign.txt"
ONTOLOGY_FILE = ONTOLOGY_DIR / "handan-kg.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"

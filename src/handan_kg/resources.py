"""Where the project's data files live: ontology/, shapes/, queries/, the bundled article.

They sit at the top of the repository (the design card's layout) so people can read and
edit them; the package finds them relative to its source tree, which is where an
editable install (`make install`) runs from.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_DIR = ROOT / "shapes"
QUERIES_DIR = ROOT / "queries"
DATA_DIR = ROOT / "data"
BUNDLED_ARTICLE = DATA_DIR / "articles" / "handan_campaign.txt"
ONTOLOGY_FILE = ONTOLOGY_DIR / "handan-kg.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"

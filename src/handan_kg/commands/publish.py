"""`handan-kg publish`: write the static linked-data site and say how many files it has."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handan_kg.publish.site import publish
from handan_kg.write.manifest import read_manifest


def publish_command(args: argparse.Namespace) -> int:
    out = Path(args.out)
    files = publish(Path(args.dir), out, args.base_iri, args.site_url, Path(args.ontology), Path(args.queries))
    pages = sum(1 for p in files if p.endswith(".html"))
    print(f"wrote {len(files)} files ({pages} HTML pages) to {out}/")
    if args.site_url is None:
        base = args.base_iri or read_manifest(Path(args.dir)).get("base_iri")
        print(f"note: no --site-url: the sitemap, robots.txt and VoID name {base} as the site's address", file=sys.stderr)
    return 0

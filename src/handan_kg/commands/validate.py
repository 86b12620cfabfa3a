"""`handan-kg validate DIR`: validate a built dataset and print one line when it conforms."""

from __future__ import annotations

import argparse
from pathlib import Path

from handan_kg.store.validation import validate_built


def validate_command(args: argparse.Namespace) -> int:
    out_dir = Path(args.dir)
    result = validate_built(out_dir, args.scope, getattr(args, "engine", "auto"))
    if result.scope == "union":
        print(f"{out_dir}: conforms ({result.warnings} warning(s))")
    else:
        print(f"{out_dir}: conforms ({result.warnings} warning(s); {result.graphs} graphs validated one by one)")
    return 0

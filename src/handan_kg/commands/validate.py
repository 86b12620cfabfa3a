"""`handan-kg validate DIR`: validate a built dataset and print one line when it conforms."""

from __future__ import annotations

import argparse
from pathlib import Path

from handan_kg.errors import InputError
from handan_kg.store.validation import validate_built


def validate_command(args: argparse.Namespace) -> int:
    out_dir = Path(args.dir)
    if getattr(args, "workers", 1) < 1:
        raise InputError(f"--workers must be at least 1, not {args.workers}")
    result = validate_built(out_dir, args.scope, getattr(args, "engine", "auto"), max(1, getattr(args, "workers", 1)))
    if result.scope == "union":
        print(f"{out_dir}: conforms ({result.warnings} warning(s))")
    else:
        print(f"{out_dir}: conforms ({result.warnings} warning(s); {result.graphs} graphs validated one by one)")
    return 0

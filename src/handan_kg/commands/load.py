"""`handan-kg load`: load the built dataset into a triplestore and print the one-line report."""

from __future__ import annotations

import argparse
from pathlib import Path

from handan_kg.store.load import Target, load


def load_command(args: argparse.Namespace) -> int:
    target = Target(args.endpoint, args.update_endpoint, args.query_endpoint, timeout=args.timeout,
                    attempts=args.retries + 1, auth_scheme=args.auth)
    try:
        report = load(Path(args.dir), target, args.graph, args.closure, args.batch_bytes)
    finally:
        target.close()
    print(report.text())
    return 0

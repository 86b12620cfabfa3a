"""`handan-kg query`: list the query library, or resolve a query, run it, render it fully,
then write it to stdout (the bytes as rendered, nothing added)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from handan_kg.store.query import TableStyle, library, resolve, run_query


def _table_width() -> int | None:
    """The terminal's width (`COLUMNS` first); none when the table goes to a file or a pipe."""
    if os.environ.get("COLUMNS", "").isdigit() or sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def query_command(args: argparse.Namespace) -> int:
    if args.list:
        entries = library()
        width = max((len(q.name) for q in entries), default=0)
        sys.stdout.write("".join(f"{q.name:<{width}}  {q.question}\n" for q in entries))
        return 0
    query = resolve(args.query, args.expression)
    out = run_query(query, args.format, Path(args.dir), args.endpoint, args.graph or (), args.timeout,
                    args.max_query_memory * 1024**2, auth=args.auth, retries=args.retries, max_bytes=args.max_result_size * 1024**2,
                    style=TableStyle(args.iris, _table_width()))
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    return 0

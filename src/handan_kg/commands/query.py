"""`handan-kg query`: list the query library, or resolve a query, run it, render it fully,
then write it to stdout (the bytes as rendered, nothing added)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handan_kg.store.query import library, resolve, run_query


def query_command(args: argparse.Namespace) -> int:
    if args.list:
        entries = library()
        width = max((len(q.name) for q in entries), default=0)
        sys.stdout.write("".join(f"{q.name:<{width}}  {q.question}\n" for q in entries))
        return 0
    query = resolve(args.query, args.expression)
    out = run_query(query, args.format, Path(args.dir), args.endpoint, args.graph or (), args.timeout,
                    args.max_query_memory * 1024**2, auth=args.auth, retries=args.retries, max_bytes=args.max_result_size * 1024**2)
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    return 0

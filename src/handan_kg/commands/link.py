"""`handan-kg link`: link a built dataset to Wikidata (or evaluate the linker with `--eval`)
and print a short summary."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

from handan_kg.errors import InputError
from handan_kg.link.client import WIKIDATA_ENDPOINT
from handan_kg.link.evaluate import DEFAULT_GOLD, evaluate, read_gold
from handan_kg.store.update import update_store
from handan_kg.link.run import (
    DEFAULT_OVERRIDES,
    LINKS_FILE,
    REVIEW_FILE,
    LinkOptions,
    default_cache_dir,
    link_built,
    link_dataset,
)


def _decimal(value: str, what: str) -> Decimal:
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise InputError(f"--{what} must be a number between 0 and 1, not {value!r}") from None
    if not Decimal(0) <= number <= Decimal(1):
        raise InputError(f"--{what} must be between 0 and 1, not {value}")
    return number.quantize(Decimal("0.01"))


def options_from_args(args: argparse.Namespace) -> LinkOptions:
    online = bool(args.online or args.endpoint or args.refresh)
    return LinkOptions(
        endpoint=args.endpoint or WIKIDATA_ENDPOINT,
        online=online,
        refresh=args.refresh,
        threshold=_decimal(args.threshold, "threshold"),
        margin=_decimal(args.margin, "margin"),
        cache_dir=Path(args.cache) if args.cache else default_cache_dir(),
        overrides=None if args.no_overrides or args.eval else Path(args.overrides or DEFAULT_OVERRIDES),
        timeout=args.timeout,
    )


def link_command(args: argparse.Namespace) -> int:
    """Link (or evaluate) and print a short summary."""
    out_dir = Path(args.dir)
    options = options_from_args(args)
    if args.eval:
        gold = read_gold(Path(args.gold) if args.gold else DEFAULT_GOLD)
        _, result = link_built(out_dir, options)
        report = evaluate({k: l.qid for k, l in result.links.items()}, {e.key for e in result.entities}, gold)
        print(report.text())
        if not any(d.status != "not-looked-up" for d in result.decisions):
            print("note: nothing was looked up (offline, empty cache): give --endpoint URL", file=sys.stderr)
        return 0
    result = link_dataset(out_dir, options, Path(args.review) if args.review else None)
    store = update_store(out_dir).path  # the links are part of the dataset every reader opens
    if not args.quiet:
        statuses = Counter(d.status for d in result.decisions)
        reviewed = sum(1 for l in result.links.values() if l.status == "reviewed")
        print(f"entities: {len(result.entities)}  links: {len(result.links)} ({reviewed} reviewed, "
              f"{len(result.links) - reviewed} automatic)  endpoint requests: {result.asked}")
        print("linker decisions: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
        if not options.online:
            print("offline: reviewed links and cached answers only (give --endpoint URL or --online to ask)")
        print(f"wrote: {out_dir / LINKS_FILE}, {Path(args.review) if args.review else out_dir / REVIEW_FILE}, {store}")
    return 0

"""Silence one misleading rdflib log line, for every entry point of the package.

rdflib converts each typed literal to a Python value; a BCE `xsd:date` ("-0047-08-09", 9 August
48 BC) cannot be a Python `date`, so rdflib logs a warning with a full traceback for every such
literal it creates or parses, although the literal keeps its exact lexical form and serializes
correctly (see docs/rdf.md, "Dates and eras"). The filter drops exactly that message.
Installed from `handan_kg/__init__.py`; it only touches `logging`, so importing the package
still does not import rdflib.
"""

from __future__ import annotations

import logging

_MESSAGE = "Failed to convert Literal lexical form to value. Datatype=http://www.w3.org/2001/XMLSchema#date"


class QuietBceDates(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_MESSAGE)


def install() -> None:
    logger = logging.getLogger("rdflib.term")
    if not any(isinstance(f, QuietBceDates) for f in logger.filters):
        logger.addFilter(QuietBceDates())

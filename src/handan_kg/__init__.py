"""handan-kg: turn Wikipedia-style military-history articles into a validated RDF knowledge graph."""

__version__ = "0.1.0"

from handan_kg import rdflib_logging as _rdflib_logging

_rdflib_logging.install()

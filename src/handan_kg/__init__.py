"""handan-kg: turn Wikipedia-style military-history articles into a validated RDF knowledge graph."""

__version__ = "0.1.0"

"""One exception type per kind of user mistake.

Library code raises these and never prints or exits; `cli.main` catches `HandanError`
once and prints `str(error)` as a single line. Messages therefore name the thing at
fault (file, line, endpoint, query) so that one line is enough to act on.
"""

from __future__ import annotations


class HandanError(Exception):
    """Base class: a problem the user can fix. Exit status comes from `exit_code`."""

    exit_code = 2


class InputError(HandanError):
    """An input file is missing, unreadable, binary, not UTF-8, empty or truncated."""


class ArticleFormatError(InputError):
    """The text is readable but is not an article in the expected plain-text format."""


class OutputError(HandanError):
    """The output folder cannot be written: the disk is full, it is read-only or forbidden."""

    exit_code = 2


class ValidationFailed(HandanError):
    """The built graph violates the SHACL shapes (the report says where)."""

    exit_code = 3


class QueryError(HandanError):
    """A SPARQL query is missing, unknown or malformed."""


class EndpointError(HandanError):
    """A remote endpoint is unreachable, times out or answers with an error."""

    exit_code = 4


class DatasetError(HandanError):
    """A built dataset (dist/) is missing or unreadable."""

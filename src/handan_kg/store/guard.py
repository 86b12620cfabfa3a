"""Checks on SPARQL query text made before any engine sees it.

Why a lexer and not the engine: pyoxigraph evaluates `SERVICE <iri>` by sending an HTTP
request from the process that runs the query, and it offers no switch to turn that off.
On a public endpoint that is a server-side request forgery: anyone could make the server
call an internal address. The query is therefore read token by token (comments, string
literals and IRIs skipped, as the SPARQL grammar defines them) and refused when a
`SERVICE` keyword appears. pyoxigraph decodes `\\u` escapes inside IRIs but not in
keywords, so a keyword cannot be spelt with escapes; a prefixed name whose local part is
`service` (`ex:service`) and a variable `?service` are not keywords.

The same pass measures bracket nesting: a query nesting thousands of parentheses makes the
engine's recursive parser overflow its stack and kill the process, so absurd nesting is
refused before parsing.
"""

from __future__ import annotations

import os
import re

#: deepest bracket nesting accepted; real queries stay far below it
MAX_NESTING = 200

_TOKEN = re.compile(
    r"""
      (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<comment>\#[^\n\r]*)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<pname>[\w.-]*:[\w.:%\\-]*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<open>[({\[])
    | (?P<close>[)}\]])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryRefused(ValueError):
    """A query this endpoint will not run; the message is one line for the client."""


def _scan(text: str) -> tuple[list[str], int]:
    """One pass over the tokens: the bare words outside strings, IRIs, comments, variables and
    prefixed names, upper-cased (what the grammar reads as keywords), and the deepest bracket nesting."""
    words: list[str] = []
    depth = deepest = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            words.append(m.group("word").upper())
        elif kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
    return words, deepest


def nesting_depth(text: str) -> int:
    """The deepest nesting of `(`, `{` and `[` outside strings, IRIs and comments."""
    return _scan(text)[1]


def check_query(text: str, *, allow_service: bool = False, max_nesting: int = MAX_NESTING) -> None:
    """Raise `QueryRefused` for a federated query (unless allowed) or absurd nesting."""
    words, depth = _scan(text)
    if depth > max_nesting:
        raise QueryRefused(f"query nests brackets {depth} deep; the limit is {max_nesting}")
    if not allow_service and "SERVICE" in words:
        raise QueryRefused("federated queries (SERVICE) are not allowed on this endpoint")


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux), 0 where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def cap_memory(extra: int) -> None:
    """Let this process grow by at most `extra` bytes of address space from now on.

    Why RLIMIT_AS: a sort or a cross product allocates inside the engine, where no Python
    code runs; the kernel refusing the allocation ends the worker (the engine aborts), the
    pool sees it die and answers 503 instead of the machine swapping.
    """
    import resource

    base = _address_space()
    if base:
        resource.setrlimit(resource.RLIMIT_AS, (base + extra, base + extra))

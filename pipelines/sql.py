"""SQL text the warehouse builds itself: a string as a literal, for statements that take no
parameters (COPY ... TO 'path', COMMENT ON ... IS '...', a Delta table's delete predicate)."""

from __future__ import annotations


def literal(text: str) -> str:
    """'text', its quotes doubled: O'Brien -> 'O''Brien'."""
    return "'" + text.replace("'", "''") + "'"

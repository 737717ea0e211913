"""The warehouse's columns, read from the dataclasses of extract/model.py, and rows handed
to DuckDB column by column as Python lists.

Each field is (name, scalar type, is it a list): what DuckDB's DDL, the Columns below and
the Arrow schema of the Delta tables (arrow_rows.py) are all made from. A local run writes
through Columns, never through pyarrow: converting a Python list to Arrow imports pandas
(pyarrow asks whether the list is a pandas object), which with pyarrow itself was over a
second of every `tongbao extract`, more than reading a 20-page PDF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing

DUCK = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN", dt.date: "DATE",
        dt.datetime: "TIMESTAMP"}


def _base(tp) -> tuple[type, bool]:
    """(scalar type, is_list) of an annotation such as `list[str] | None`."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        tp = args[0]
    if typing.get_origin(tp) is list:
        return typing.get_args(tp)[0], True
    return tp, False


@functools.cache
def column_spec(cls) -> tuple[tuple[str, type, bool], ...]:
    """(name, scalar type, is_list) of every field of a row class, in order."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, *_base(hints[f.name])) for f in dataclasses.fields(cls))


def duck_type(scalar: type, is_list: bool) -> str:
    return DUCK[scalar] + ("[]" if is_list else "")


class Columns:
    """Rows of one class as one Python list per column: DuckDB reads the lists as typed
    parameters (one LIST value each) and unnests them side by side into rows."""

    def __init__(self, rows: list, cls):
        self.cls = cls
        self.num_rows = len(rows)
        self.lists = {n: [getattr(r, n) for r in rows] for n, _, _ in column_spec(cls)}

    def select(self) -> tuple[str, list[list]]:
        """A SELECT yielding the rows with the warehouse's column types, and its parameters."""
        cols = ", ".join(f'unnest(${i}::{duck_type(t, is_list)}[]) AS "{n}"'
                         for i, (n, t, is_list) in enumerate(column_spec(self.cls), 1))
        return f"SELECT {cols}", list(self.lists.values())

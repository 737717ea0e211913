"""Rows as pyarrow Tables with the warehouse's column types: for the Delta tables a cluster
run writes (lake.py) and for `tongbao.read(f).records.to_arrow()`. A local run's DuckDB
writes do not come here (columns.py says why)."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from tongbao.pipelines.columns import column_spec

_ARROW = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(),
          dt.date: pa.date32(), dt.datetime: pa.timestamp("us")}


def arrow_schema(cls) -> pa.Schema:
    return pa.schema([(n, pa.list_(_ARROW[t]) if is_list else _ARROW[t])
                      for n, t, is_list in column_spec(cls)])


def arrow_table(rows: list, cls) -> pa.Table:
    """Column by column from the dataclass fields (dataclasses.asdict deep-copies every
    row and was most of the write time)."""
    schema = arrow_schema(cls)
    return pa.table({f.name: pa.array([getattr(r, f.name) for r in rows], type=f.type)
                     for f in schema}, schema=schema)

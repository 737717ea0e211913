"""The Python API: what `import tongbao` offers a notebook or a pipeline (Airflow, Dagster).

    ex = tongbao.read("notice.pdf")          # one file, nothing written
    ex.records.to_pandas()                    # every table of the document: .to_arrow() too
    tongbao.extract(["notices/"], out="wh")   # a batch run into a warehouse, as the CLI's
    wh = tongbao.open("wh")                   # the warehouse, read-only: DuckDB relations
    wh.records.filter("NOT is_total").df()

The rows are the dataclasses of extract/model.py and the columns those of the output
contract: `tongbao.read(f).records` holds what `tongbao show f --json` prints.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tongbao.extract.model import PER_DOCUMENT_TABLES, Document, Extraction


class Rows:
    """The rows of one warehouse table (records, checks, ...) for one document."""

    def __init__(self, name: str, cls: type, rows: list):
        self.name, self._cls, self._rows = name, cls, rows

    def to_arrow(self):
        """A pyarrow Table with the warehouse's column types (path a list of strings)."""
        from tongbao.pipelines.arrow_rows import arrow_table

        return arrow_table(self._rows, self._cls)

    def to_pandas(self):
        return self.to_arrow().to_pandas()

    def to_pylist(self) -> list[dict]:
        return [dataclasses.asdict(r) for r in self._rows]

    def __iter__(self) -> Iterator:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i):
        return self._rows[i]

    def __repr__(self) -> str:
        return f"<{len(self)} {self.name} rows>"


class Read:
    """Everything read from one file: .document (one row) and, as Rows, .documents,
    .tables, .cells, .records, .checks, .facts."""

    def __init__(self, extraction: Extraction):
        self.extraction = extraction
        self.document: Document = extraction.document
        for name, cls in PER_DOCUMENT_TABLES.items():
            rows = [extraction.document] if name == "documents" else getattr(extraction, name)
            setattr(self, name, Rows(name, cls, rows))

    @property
    def ok(self) -> bool:
        return self.document.status != "failed"

    def __repr__(self) -> str:
        d = self.document
        return (f"<tongbao.Read {Path(d.source_path).name}: {d.status}, {len(self.tables)} "
                f"tables, {len(self.records)} records, {len(self.checks)} checks>")


def read(path: str | os.PathLike, aliases: str | os.PathLike | None = None) -> Read:
    """Read one file (PDF, web page, text ...) into its warehouse rows; nothing is written.
    A file that cannot be read gives a `failed` document with its error, never an exception
    (an unreadable path raises OSError)."""
    from tongbao.extract.document import read_document

    path = Path(path)
    return Read(read_document(path.read_bytes(), str(path),
                              aliases=str(aliases) if aliases else None))


def extract(paths: str | os.PathLike | Iterable[str | os.PathLike], out: str | os.PathLike,
            workers: int | None = None, aliases: str | os.PathLike | None = None,
            log: Callable[[str], None] | None = None, **kwargs):
    """Bring the warehouse in `out` up to date with the files under `paths`, exactly as
    `tongbao extract PATH... --out DIR` does; returns the run's counts (RunStats).
    log: where progress lines go (default: nowhere)."""
    from tongbao.pipelines.batch import run

    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    return run([str(p) for p in paths], str(out), workers=workers,
               aliases=str(aliases) if aliases else None, log=log or (lambda _m: None),
               **kwargs)


class Opened:
    """A warehouse opened read-only: each table as a DuckDB relation (wh.records, wh.checks,
    ... or wh.table("name")), and wh.sql("SELECT ...") for anything else."""

    def __init__(self, out_dir: str | os.PathLike):
        from tongbao.pipelines.warehouse import open_read_only

        db = Path(out_dir) / "warehouse.duckdb"
        if not db.exists():
            raise FileNotFoundError(f"no warehouse at {db}; extract into it first: "
                                    f"tongbao extract PATH... --out {out_dir}")
        self.con = open_read_only(db)  # a locked or damaged file: the CLI's WarehouseError

    def names(self) -> list[str]:
        """The warehouse's tables."""
        return [t for (t,) in self.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND NOT starts_with(table_name, '_') ORDER BY table_name").fetchall()]

    def table(self, name: str):
        if name not in self.names():
            raise KeyError(f"no table {name!r} in the warehouse (it has {', '.join(self.names())})")
        return self.con.table(name)

    def sql(self, query: str, params=None):
        return self.con.sql(query, params=params)

    def __getattr__(self, name: str):
        if name.startswith("_") or name == "con":
            raise AttributeError(name)
        try:
            return self.table(name)
        except KeyError as e:
            raise AttributeError(str(e)) from None

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self.names()]

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Opened:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<tongbao warehouse: {', '.join(self.names())}>"


def open(out_dir: str | os.PathLike) -> Opened:  # noqa: A001  (tongbao.open, as the contract names it)
    """The warehouse in out_dir, read-only, as DuckDB relations."""
    return Opened(out_dir)

"""Imported by the workers' forkserver (pipelines/forkserver.py), last: it reads a short
notice once, so that every worker forked afterwards starts with what any first document
fills: the gazetteer's town index, the unit registry, the data tables, the patterns
compiled on first use. Each worker paid that on its first file (about 0.15 s); the
forkserver pays it once, while the client imports DuckDB and opens the warehouse.

Then gc.freeze(): what the workers inherit is never scanned by their collector, so a
collection neither costs time over it nor copies its pages (copy-on-write).
"""

from __future__ import annotations

import gc

from tongbao.extract.document import read_document
from tongbao.normalize.datafiles import data_bytes
from tongbao.normalize.gazetteer import gazetteer
from tongbao.normalize.patterns import keep_compiled

try:
    read_document(data_bytes("tongbao.pipelines", "warmup_notice.txt"), "warmup_notice.txt")
    # Which counties have a town of a name: any document of a city or a municipal district
    # asks it (a county's own do not, as the notice above is); its index is built once here.
    gazetteer().township_counties("城关镇")
    keep_compiled()  # the server ends without exit handlers
except Exception:  # noqa: BLE001  (a warm-up never stops a run: each file would say what is wrong)
    pass
gc.freeze()

"""Which rows of a table are the parents of which: the hierarchy a total adds up.

Two shapes, both printed in the row labels:
- a path prefix: 类/款/项 codes (201 | 201 05 | 201 05 06), a row whose printed
  labels begin with another row's is its child;
- numbering within one column: 一、财政拨款收入 over 1.一般公共预算, 2.政府性基金.
"""

from __future__ import annotations

from tongbao.extract.tables.interpret import Row, TableView
from tongbao.extract.tables.labels import numbering

_RANK = {"cn": 0, "pcn": 1, "n": 2, "pn": 3}  # 一、 > （一） > 1. > （1）


def _leading(row: Row, label_cols: list[int]) -> tuple[str, ...]:
    out = []
    for c in label_cols:
        text = row.printed.get(c)
        if not text:
            break
        out.append(text)
    return tuple(out)


def parents(view: TableView) -> dict[int, int]:
    """Position of each child row in view.rows -> position of its parent row."""
    label_cols = sorted(c for r in view.rows for c in r.printed)
    label_cols = sorted(set(label_cols))
    out: dict[int, int] = {}
    paths = [_leading(r, label_cols) for r in view.rows]
    for i, path in enumerate(paths):
        if len(path) < 2 or view.rows[i].total_check:
            continue
        for j in range(i - 1, -1, -1):
            prev = paths[j]
            if prev and len(prev) < len(path) and path[:len(prev)] == prev:
                out[i] = j
                break
            if prev and prev[0] != path[0]:
                break
    for c in label_cols:
        stack: list[tuple[int, int]] = []  # (rank, row position)
        for i, row in enumerate(view.rows):
            text = row.printed.get(c)
            if text is None:
                continue
            num = numbering(text)
            if num is None or row.total_check:
                stack = []
                continue
            rank = _RANK[num[0]]
            while stack and stack[-1][0] >= rank:
                stack.pop()
            if stack and i not in out:
                out[i] = stack[-1][1]
            stack.append((rank, i))
    return out

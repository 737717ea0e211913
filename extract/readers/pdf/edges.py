"""Ruling lines of a PDF page: the edges that bound table cells.

Only what draws a border counts: stroked lines, and rectangles that are thin
enough to be a line or are stroked. Filled rectangles that are not borders -
the white box behind every line of body text in WPS exports, a header's
shading - are ignored, or prose would be read as one-column tables.
"""

from __future__ import annotations

from dataclasses import dataclass

SNAP = 1.5  # points: edges this close are one line
THIN = 2.0  # points: a filled rectangle thinner than this is a drawn line


@dataclass(frozen=True)
class Edge:
    orient: str  # "h" or "v"
    pos: float  # y of a horizontal edge, x of a vertical one
    start: float  # x0 (h) or top (v)
    end: float


def _is_light(color) -> bool:
    """White or near-white fill (text backgrounds); None counts as black."""
    if color is None:
        return False
    values = color if isinstance(color, (tuple, list)) else (color,)
    if len(values) == 4:  # CMYK: light when there is little ink
        return sum(values) < 0.3
    return all(v > 0.85 for v in values)


def page_edges(lines: list[dict], rects: list[dict]) -> list[Edge]:
    out: list[Edge] = []
    for ln in lines:
        if _is_light(ln.get("stroking_color")):
            continue
        if abs(ln["top"] - ln["bottom"]) <= THIN:
            out.append(Edge("h", (ln["top"] + ln["bottom"]) / 2, ln["x0"], ln["x1"]))
        elif abs(ln["x0"] - ln["x1"]) <= THIN:
            out.append(Edge("v", (ln["x0"] + ln["x1"]) / 2, ln["top"], ln["bottom"]))
    for r in rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        thin = min(w, h) <= THIN
        if thin and r.get("fill") and not _is_light(r.get("non_stroking_color")):
            if h <= THIN:
                out.append(Edge("h", (r["top"] + r["bottom"]) / 2, r["x0"], r["x1"]))
            else:
                out.append(Edge("v", (r["x0"] + r["x1"]) / 2, r["top"], r["bottom"]))
        elif r.get("stroke") and not _is_light(r.get("stroking_color")) and not thin:
            out += [Edge("h", r["top"], r["x0"], r["x1"]), Edge("h", r["bottom"], r["x0"], r["x1"]),
                    Edge("v", r["x0"], r["top"], r["bottom"]), Edge("v", r["x1"], r["top"], r["bottom"])]
    return merge(out)


def merge(edges: list[Edge]) -> list[Edge]:
    """Collinear edges that touch or overlap become one."""
    out: list[Edge] = []
    for orient in ("h", "v"):
        group = sorted((e for e in edges if e.orient == orient), key=lambda e: (e.pos, e.start))
        rows: list[list[Edge]] = []
        for e in group:
            if rows and abs(rows[-1][0].pos - e.pos) <= SNAP:
                rows[-1].append(e)
            else:
                rows.append([e])
        for row in rows:
            pos = sum(e.pos for e in row) / len(row)
            spans = sorted((e.start, e.end) for e in row)
            cur_s, cur_e = spans[0]
            for s, e in spans[1:]:
                if s <= cur_e + SNAP:
                    cur_e = max(cur_e, e)
                else:
                    out.append(Edge(orient, pos, cur_s, cur_e))
                    cur_s, cur_e = s, e
            out.append(Edge(orient, pos, cur_s, cur_e))
    return out


def tables_of(edges: list[Edge]) -> list[list[Edge]]:
    """Groups of edges that touch each other: one group per ruled table."""
    parent = list(range(len(edges)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, e in enumerate(edges) if e.orient == "h"]
    vs = [i for i, e in enumerate(edges) if e.orient == "v"]
    for i in hs:
        h = edges[i]
        for j in vs:
            v = edges[j]
            if h.start - SNAP <= v.pos <= h.end + SNAP and v.start - SNAP <= h.pos <= v.end + SNAP:
                parent[find(i)] = find(j)
    groups: dict[int, list[Edge]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(find(i), []).append(e)
    return [g for g in groups.values()
            if len({round(e.pos) for e in g if e.orient == "h"}) >= 2
            and len({round(e.pos) for e in g if e.orient == "v"}) >= 2]

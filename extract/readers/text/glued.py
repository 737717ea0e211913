"""Annual-report tables whose cells a crawler glued together, split back.

    一、本年新收政府信息公开申请数量640020470   ->  64 0 0 2 0 4 70

Each template row's label is found in order; the digits up to the next label
are that row's cells, glued or space-separated. Every way of cutting them into
the row's cells is a candidate; the template's arithmetic (row totals, column
balance and outcomes) and the figures the prose restates keep the consistent
ones. A value that still differs between the remaining readings comes out
empty, its candidates named in a check, never guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from importlib import resources

import regex
import yaml

from tongbao.extract.model import Check
from tongbao.extract.prose.facts import read_facts
from tongbao.extract.readers.text.cuts import PLAIN, cuts
from tongbao.extract.tables.annual import template
from tongbao.extract.tables.grid import Grid, GridCell

MAX_SOLUTIONS = 2000
SEC3_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
SEC4_COLS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


@dataclass
class Row:
    key: str  # sec3.granted
    labels: list[str]  # as printed, outermost first
    run: str  # the digits after the label
    width: int
    candidates: list[tuple[float, ...]]


def _pattern(label: str) -> str:
    """A label as printed: any whitespace between its characters."""
    chars = [c for c in unicodedata.normalize("NFKC", label) if not c.isspace()]
    return r"\s*".join(regex.escape(c) for c in chars)


def _label_parts(key_label: str) -> list[str]:
    return regex.split(r"\s+(?=\d+\.)", key_label.strip())


def _cuts(run: str, width: int) -> list[tuple[float, ...]]:
    """Every way to read `run` as `width` numbers; a space is always a boundary."""
    return [tuple(map(float, c)) for c in cuts(run, (PLAIN,) * width)]


def _find_rows(text: str) -> list[Row]:
    """sec2, sec3 and sec4 rows located in order, each with its run of digits."""
    spec = template()
    plan: list[tuple[str, list[str], int]] = []
    sec2 = "sec2_2019" if regex.search(r"本年新制作数量|上一年项目数量", text) else "sec2"
    for key, s in spec[sec2]["rows"].items():
        plan.append((f"{sec2}.{key}", [s["label"]], len(s.get("columns", [])) or 0))
    for key, label in spec["sec3"]["rows"].items():
        plan.append((f"sec3.{key}", _label_parts(label), 7))
    out: list[Row] = []
    starts = _section_starts(text)
    if not starts:
        return []
    located = []
    pos = 0
    for key, parts, width in plan:
        section = key.split(".")[0].replace("_2019", "")
        if section not in starts:
            continue
        begin, end = starts[section]
        pos = max(pos, begin)
        m = regex.compile(_pattern(parts[-1])).search(text, pos, end)
        if m is None or (key == "sec3.other" and _has(text, pos, "1.申请人无正当理由")):
            continue
        located.append((key, parts, width, m))
        pos = m.end()
    for i, (key, parts, width, m) in enumerate(located):
        end = located[i + 1][3].start() if i + 1 < len(located) else len(text)
        run = regex.match(r"[\d\s.]*", text[m.end():end]).group().strip()
        if key.startswith("sec2."):
            width = _sec2_width(text[:m.start()])
        out.append(Row(key, parts, run, width, []))
    sec4 = regex.search(r"尚未\s*审结\s*总\s*计\s*(?P<run>\d[\d\s]*)",
                        text[starts["sec4"][0]:]) if "sec4" in starts else None
    if sec4:
        out.append(Row("sec4", ["行政复议/行政诉讼"], sec4["run"].strip(), 15, []))
    return out


_HEADINGS = {
    "sec2": r"二、\s*主动公开政府信息情况",
    "sec3": r"三、\s*收到和处理政府信息公开申请情况",
    "sec4": r"四、\s*(?:因)?政府信息公开(?:申请)?行政\S{0,2}复议",
    "sec5": r"五、\s*(?:政府信息公开工作)?存在的主要问题",
}


def _section_starts(text: str) -> dict[str, tuple[int, int]]:
    """Where each section's table region begins and ends (its heading to the next)."""
    found = {k: m.end() for k, p in _HEADINGS.items() if (m := regex.search(p, text))}
    order = sorted(found.items(), key=lambda kv: kv[1])
    return {k: (start, order[i + 1][1] if i + 1 < len(order) else len(text))
            for i, (k, start) in enumerate(order) if k != "sec5"}


def _has(text: str, pos: int, label: str) -> bool:
    return regex.search(_pattern(label), text[pos:]) is not None


def _sec2_width(before: str) -> int:
    """Columns of the block a sec2 row sits in: the header just before it."""
    block = before[before.rfind("第二十条"):]
    return 3 if "制发" in block or "废止" in block else 1


def _pins(prose: list[str]) -> dict[str, float]:
    """Keys the prose states a value for."""
    words = yaml.safe_load(resources.files("tongbao.extract").joinpath("data/annual_prose.yaml")
                           .read_text("utf-8"))
    facts, _ = read_facts(prose, None, "pins")
    pins: dict[str, float] = {}
    for f in facts:
        if f.value is None or not f.subject or f.kind not in ("count", "part"):
            continue  # a rate (办结率100%) restates no count
        for row_key, alternatives in words["rows"].items():
            if not any(all(w in f.subject for w in alt) for alt in alternatives):
                continue
            section = row_key.split(".")[0]
            for col, col_words in words["columns"][section].items():
                if all(w in f.subject for w in col_words):
                    pins.setdefault(f"{row_key}.{col}", f.value)
    return pins


def _values(rows: list[Row], choice: tuple) -> dict[str, float]:
    out = {}
    for row, cells in zip(rows, choice, strict=True):
        for name, value in zip(_columns(row), cells, strict=True):
            out[f"{row.key}.{name}"] = value
    return out


def _columns(row: Row) -> list[str]:
    if row.key == "sec4":
        return [f"{r}.{c}" for r in ("review", "litigation_direct", "litigation_after_review")
                for c in ("upheld", "corrected", "other", "pending", "total")]
    if row.key.startswith("sec3"):
        return list(template()["sec3"]["columns"])
    if row.key.startswith("sec2_2019"):
        return template()["sec2_2019"]["rows"][row.key.split(".")[1]]["columns"]
    cols = ("issued", "repealed", "in_force") if row.width == 3 else (
        "amount" if row.key.endswith("fees") else "decisions",)
    return list(cols)


def _row_ok(row: Row, cells: tuple) -> bool:
    if row.key.startswith("sec3"):
        return abs(sum(cells[:6]) - cells[6]) < 1e-9
    if row.key == "sec4":
        return all(abs(sum(cells[i:i + 4]) - cells[i + 4]) < 1e-9 for i in (0, 5, 10))
    return True


def _columns_ok(values: dict[str, float]) -> bool:
    rows3 = list(template()["sec3"]["rows"])
    outcomes = rows3[rows3.index("granted"):rows3.index("total_processed")]
    for c in template()["sec3"]["columns"]:
        v = {r: values.get(f"sec3.{r}.{c}") for r in rows3}
        if None not in (v["new_received"], v["carried_over"], v["total_processed"],
                        v["carried_forward"]):
            if v["new_received"] + v["carried_over"] != v["total_processed"] + v["carried_forward"]:
                return False
        if v["total_processed"] is not None:
            parts = [v[r] for r in outcomes if v[r] is not None]
            if parts and abs(sum(parts) - v["total_processed"]) > 1e-9:
                return False
    return True


def solve(text: str, prose: list[str]) -> tuple[list[Row], dict[str, float | None],
                                              dict[str, list[float]]]:
    """The rows found, each key's value (None when ambiguous), and the candidates."""
    text = unicodedata.normalize("NFKC", text)
    rows = _find_rows(text)
    pins = _pins(prose)
    for row in rows:
        row.candidates = [c for c in _cuts(row.run, row.width) if _row_ok(row, c)]
        # The prose chooses between readings the arithmetic leaves open; it never
        # removes the only ones (its 共收到75件 may count the request carried over).
        pinned = [c for c in row.candidates if all(
            pins.get(f"{row.key}.{n}", v) == v for n, v in zip(_columns(row), c, strict=True))]
        if pinned and len(row.candidates) > 1:
            row.candidates = pinned
    rows = [r for r in rows if r.candidates]
    solutions: list[dict[str, float]] = []
    order = sorted(range(len(rows)), key=lambda i: len(rows[i].candidates))

    def search(depth: int, chosen: dict[int, tuple]) -> None:
        if len(solutions) >= MAX_SOLUTIONS:
            return
        if depth == len(order):
            values = _values(rows, tuple(chosen[i] for i in range(len(rows))))
            if _columns_ok(values):
                solutions.append(values)
            return
        i = order[depth]
        for cand in rows[i].candidates:
            chosen[i] = cand
            search(depth + 1, chosen)
        chosen.pop(i, None)

    search(0, {})
    final: dict[str, float | None] = {}
    candidates: dict[str, list[float]] = {}
    for key in (solutions[0] if solutions else {}):
        seen = sorted({s[key] for s in solutions})
        final[key] = seen[0] if len(seen) == 1 else None
        if len(seen) > 1:
            candidates[key] = seen
    return rows, final, candidates


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def glued_grids(text: str, prose: list[str], doc_id: str) -> tuple[list[Grid], list[Check]]:
    rows, values, ambiguous = solve(text, prose)
    if not values:
        return [], []
    grids = []
    for section in ("sec2", "sec3", "sec4"):
        mine = [r for r in rows if r.key.startswith(section)]
        if mine:
            grids.append(_grid(section, mine, values, ambiguous))
    checks = [Check(doc_id, None, "glued_split", key, None, None, "skipped",
                    f"the glued cells allow {len(c)} readings: {', '.join(map(_fmt, c))}")
              for key, c in ambiguous.items()]
    return grids, checks


def _cell(key: str, values, ambiguous) -> str:
    if key in ambiguous:
        return "?(" + "|".join(_fmt(v) for v in ambiguous[key]) + ")"
    return _fmt(values[key]) if key in values else ""


def _grid(section: str, rows: list[Row], values, ambiguous) -> Grid:
    cells: list[GridCell] = []
    if section == "sec4":
        heads = [("行政复议", 0), ("未经复议直接起诉", 5), ("复议后起诉", 10)]
        cells += [GridCell(0, c, t, col_span=5, is_header=True) for t, c in heads]
        cells += [GridCell(1, i, SEC4_COLS[i % 5], is_header=True) for i in range(15)]
        names = _columns(rows[0])
        cells += [GridCell(2, i, _cell(f"sec4.{n}", values, ambiguous))
                  for i, n in enumerate(names)]
        return Grid(cells, 3, 15, "text-glued", "四、政府信息公开行政复议、行政诉讼情况", 1, 1, {0, 1})
    if section == "sec3":
        cells += [GridCell(0, 3, "自然人", row_span=2, is_header=True),
                  GridCell(0, 4, "法人或其他组织", col_span=5, is_header=True),
                  GridCell(0, 9, "总计", row_span=2, is_header=True)]
        cells += [GridCell(1, 4 + i, t, is_header=True) for i, t in enumerate(SEC3_COLS[1:6])]
        r0, width, labels_at, title = 2, 10, 3, "三、收到和处理政府信息公开申请情况"
    elif rows[0].key.startswith("sec2_2019"):
        names = list(template()["sec2_2019"]["columns"])
        cells += [GridCell(0, 1 + i, template()["sec2_2019"]["columns"][n], is_header=True)
                  for i, n in enumerate(names)]
        r0, width, labels_at, title = 1, 1 + len(names), 1, "二、主动公开政府信息情况"
    else:
        names = ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（单位：万元）"]
        cells += [GridCell(0, 1 + i, t, is_header=True) for i, t in enumerate(names)]
        r0, width, labels_at, title = 1, 6, 1, "二、主动公开政府信息情况"
    for i, row in enumerate(rows):
        r = r0 + i
        parts = row.labels if section == "sec3" else row.labels[-1:]
        start = labels_at - len(parts)
        cells += [GridCell(r, start + j, t) for j, t in enumerate(parts)]
        if row.key.startswith("sec2_2019"):
            all_cols = list(template()["sec2_2019"]["columns"])
            cells += [GridCell(r, 1 + all_cols.index(n), _cell(f"{row.key}.{n}", values, ambiguous))
                      for n in _columns(row)]
            continue
        offset = labels_at
        if section == "sec2":
            offset = 1 if row.width == 3 else (5 if row.key.endswith("fees") else 4)
        cells += [GridCell(r, offset + j, _cell(f"{row.key}.{n}", values, ambiguous))
                  for j, n in enumerate(_columns(row))]
    return Grid(cells, r0 + len(rows), width, "text-glued", title, 1, 1, set(range(r0)))

"""Which rows of a table are the parents of which: the hierarchy a total adds up.

Two shapes, both printed in the row labels:
- a path prefix: 类/款/项 codes (201 | 201 05 | 201 05 06, or 201 | 20105 | 2010506 in
  one column), a row whose code begins with another row's is its child;
- numbering within one column: 一、财政拨款收入 over 1.一般公共预算, 2.政府性基金.

A code can be misprinted (a lone 7 where the rows around print 210, then 11, 02): the
row then has no parent by its code, or one too far up. `code_doubts` names such rows
with the parent their place gives them; the checks (extract/checks/arithmetic.py) keep
whichever reading leaves fewer totals failing.
"""

from __future__ import annotations

from dataclasses import dataclass

from tongbao.extract.tables.interpret import LABEL, Row, TableView
from tongbao.extract.tables.labels import numbering, vocabulary
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import match_key

_RANK = {"cn": 0, "pcn": 1, "n": 2, "pn": 3}  # 一、 > （一） > 1. > （1）
_CODE = LazyPattern(r"\d{1,9}")
SEGMENTS = (3, 2, 2, 2)  # 类 款 项 目 of a code printed in one column: 2010506


def _leading(row: Row, label_cols: list[int]) -> tuple[str, ...]:
    out = []
    for c in label_cols:
        text = row.printed.get(c)
        if not text:
            break
        out.append(text)
    return tuple(out)


def _code_columns(view: TableView) -> list[int]:
    """Label columns of codes: headed 类/款/项/科目编码, or printing only digits."""
    voc = vocabulary()
    label_cols = sorted({c for r in view.rows for c in r.printed})
    out = []
    for c in label_cols:
        texts = [r.printed[c].strip() for r in view.rows if c in r.printed and not r.total_check]
        headed = any(voc.is_code_header(p) for run in view.columns[c].paths.values() for p in run)
        digits = texts and all(_CODE.fullmatch(t) for t in texts)
        # Without a 类/款/项 header, codes show by their zeros (05) or length (201), unlike
        # a column of sequence numbers.
        code_like = len(texts) >= 3 and any(t.startswith("0") or len(t) >= 3 for t in texts)
        if view.columns[c].role == LABEL and digits and (headed or code_like):
            out.append(c)
        elif out:
            break
    return out


def codes(view: TableView) -> dict[int, tuple[str, ...]]:
    """Position of each coded row -> its code's segments (201, 05, 06)."""
    cols = _code_columns(view)
    out: dict[int, tuple[str, ...]] = {}
    for i, row in enumerate(view.rows):
        if row.total_check or not any(row.printed.get(c, "").strip() for c in cols):
            continue
        if len(cols) == 1:
            out[i] = _split(row.printed[cols[0]].strip())
            continue
        # A row that prints only its own level (  05) has its 类 carried down from above.
        code = []
        for c in cols:
            text = (row.printed.get(c) or row.labels.get(c) or "").strip()
            if not text:
                break
            code.append(text)
        out[i] = tuple(code)
    return out


def _split(code: str) -> tuple[str, ...]:
    """2010506 -> (201, 05, 06): the national classification's 3-2-2 digits."""
    out, pos = [], 0
    for size in SEGMENTS:
        if pos >= len(code):
            break
        out.append(code[pos:pos + size])
        pos += size
    if pos < len(code):
        out.append(code[pos:])
    return tuple(out)


def parents(view: TableView) -> dict[int, int]:
    """Position of each child row in view.rows -> position of its parent row."""
    label_cols = sorted({c for r in view.rows for c in r.printed})
    out: dict[int, int] = {}
    coded = codes(view)
    paths = ([coded.get(i, ()) for i in range(len(view.rows))] if coded else
             [_leading(r, label_cols) for r in view.rows])
    for i, path in enumerate(paths):
        if len(path) < 2 or view.rows[i].total_check:
            continue
        for j in range(i - 1, -1, -1):
            prev = paths[j]
            if prev and len(prev) < len(path) and path[:len(prev)] == prev:
                out[i] = j
                break
            # Labels: a different first label ends the search. Codes: one misprinted row
            # (a lone 7) must not cut its siblings below it off from their parent.
            if prev and prev[0] != path[0] and not coded:
                break
    if not coded:
        out |= {i: p for p, rows in among(view).items() for i in rows[:1]}
    for c in label_cols:
        stack: list[tuple[int, int]] = []  # (rank, row position)
        for i, row in enumerate(view.rows):
            text = row.printed.get(c)
            if text is None:
                continue
            num = _numbered(text)
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


def _numbered(label: str) -> tuple[str, int] | None:
    """A label's numbering, also after the 其中 that opens it (其中：（1）公务用车运行维护费 is
    the (1) of the row above; （2）公务用车购置费 its sibling, not a row of the table's own)."""
    voc = vocabulary()
    if not voc.opens_among(label):
        return numbering(label)
    key = match_key(label)
    word = next(w for w in voc.among_words if key.startswith(w))
    return numbering(key[len(word):].lstrip(":：,，、 "))


def among(view: TableView) -> dict[int, list[int]]:
    """Rows opened by 其中 (其中：政策文件), each under the row above it: parent position ->
    the rows that may be its 其中 group, the first surely, the ones after it (政策解读,
    依申请公开) perhaps - the labels do not say where the group ends."""
    out: dict[int, list[int]] = {}
    voc = vocabulary()
    first = min((c for r in view.rows for c in r.printed), default=None)
    for i, row in enumerate(view.rows):
        if i == 0 or row.total_check or not voc.opens_among(_label(row)):
            continue
        above = view.rows[i - 1]
        # Both labelled in the table's first column: a form's 其中 line sits beside a
        # merged label (项目资金 | 其中：财政资金), and forms.py reads those.
        if above.total_check or voc.opens_among(_label(above)) or not _label(above) \
                or min(row.printed) != first or min(above.printed) != first:
            continue
        rows = [i]
        for j in range(i + 1, min(len(view.rows), i + 1 + MAX_AMONG)):
            if _ends_group(view.rows[j]):
                break
            rows.append(j)
        out[i - 1] = rows
    return out


# Rows after a 其中 row tried as its group's (each a reading of the table).
MAX_AMONG = 6


def restarted(view: TableView, tree: dict[int, int]) -> dict[int, list[int]]:
    """Rows numbered from 1 again right under a row that prints no number (年初结转和结余 over
    一、一般公共预算财政拨款, 二、政府性基金预算财政拨款, when 一、 was used above): parent
    position -> those rows, each run perhaps the unnumbered row's parts - the labels do not
    say (the checks try it)."""
    out: dict[int, list[int]] = {}
    rows = view.rows
    for i, row in enumerate(rows[:-1]):
        if row.total_check or not row.values or not _label(row) or numbering(_label(row)):
            continue
        first = numbering(_label(rows[i + 1]))
        if first is None or first[1] != 1:
            continue
        run = []
        for j in range(i + 1, len(rows)):
            num = numbering(_label(rows[j]))
            if rows[j].total_check or j in tree or num != (first[0], len(run) + 1):
                break
            run.append(j)
        if run:
            out[i] = run
    return out


def _label(row: Row) -> str:
    return row.printed[min(row.printed)] if row.printed else ""


def _ends_group(row: Row) -> bool:
    label = _label(row)
    return bool(row.total_check or not label or vocabulary().opens_among(label)
                or numbering(label))


@dataclass(frozen=True)
class CodeDoubt:
    row: int  # position in view.rows of the row whose code disagrees with its place
    parent: int  # the row its place puts it under
    scope: str  # the row, as its labels print it
    message: str
    printed: str  # the code segment as printed (7)
    expected: str  # what its place says it is (210)


def code_doubts(view: TableView, tree: dict[int, int]) -> list[CodeDoubt]:
    """Coded rows whose code gives them no parent, or one more than a level up, while the
    nearest row above them one level up differs from their code in exactly one segment."""
    coded = codes(view)
    out = []
    for i, code in coded.items():
        if len(code) < 2:
            continue
        printed_parent = tree.get(i)
        if printed_parent is not None and len(coded.get(printed_parent, ())) == len(code) - 1:
            continue
        above = next((j for j in range(i - 1, -1, -1)
                      if j in coded and len(coded[j]) < len(code)), None)
        if above is None or above == printed_parent or len(coded[above]) != len(code) - 1:
            continue
        diff = [k for k, seg in enumerate(coded[above]) if seg != code[k]]
        if len(diff) != 1:
            continue
        k = diff[0]
        place = " ".join(coded[above]) + " " + " / ".join(view.path(view.rows[above])[-1:])
        out.append(CodeDoubt(i, above, " / ".join(view.path(view.rows[i])),
                             f"printed code {code[k]} where its place, under {place}, and "
                             f"the totals say {coded[above][k]}", code[k], coded[above][k]))
    return out

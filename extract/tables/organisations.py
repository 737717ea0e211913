"""The request table's organisations (商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)
in the order a report's header prints them, or why that order is not known."""

from __future__ import annotations

from functools import cache

import regex

from tongbao.extract.tables.annual import spaced, template


def printed_order(header: str) -> tuple[list[str] | None, str | None]:
    """The request table's column keys in the order its header text prints the
    organisations (some reports print 其他 or 法律服务机构 first), 自然人 first and 总计
    last as the template has them: None where the header does not name each once. And,
    where it finds no order, why the template's is not to be assumed either: the labels'
    first characters, where their wrapped cells begin, come in another order (法律服 科研机
    社会公 商业企 … 其他, a PDF's text by lines: a one-line label sits on a lower line than
    the others' first lines, so the text does not keep the order). No reason where they
    come in the template's order, or are not printed."""
    orgs, header = _organisations(header)
    at = {}
    for k, label in orgs.items():
        found = [m.start() for m in regex.finditer(spaced(label), header)]
        if len(found) != 1:
            break
        at[k] = found[0]
    else:
        rest = [k for k in template()["sec3"]["columns"] if k not in orgs]
        return rest[:1] + sorted(orgs, key=at.get) + rest[1:], None
    first = {k: m.start() for k, label in orgs.items()
             if (m := regex.search(spaced(label[:2]), header))}
    if sorted(first, key=first.get) == [k for k in orgs if k in first]:
        return None, None
    return None, ("the header prints the organisations' columns in another order than the "
                  "template's, and its text does not keep which: their cells are left open")


@cache
def organisations() -> dict[str, str]:
    """The request table's columns under 法人或其他组织, with their labels (商业企业 …)."""
    return {k: label.split(" / ")[1] for k, label in template()["sec3"]["columns"].items()
            if " / " in label}


def _organisations(header: str) -> tuple[dict[str, str], str]:
    """The organisations' column keys with their labels (商业企业 …), and the header with its
    other words blanked: 法人或其他组织, whose 其他 is no column, and those a PDF's text sets
    inside an organisation's wrapped label (法律服 总计 / 务机构, the cell's lines around the
    taller 总计 beside it)."""
    columns, orgs = template()["sec3"]["columns"], organisations()
    others = {columns[next(iter(orgs))].split(" / ")[0], "申请人情况",
              *(label for k, label in columns.items() if k not in orgs)}
    for word in sorted(others, key=len, reverse=True):
        header = regex.sub(spaced(word), lambda m: " " * len(m.group()), header)
    return orgs, header

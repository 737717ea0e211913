"""The annual-report template's own arithmetic, checked on a report's keyed values.

The rules are data (extract/tables/annual.py `template_rules`, from
annual_report_keys.yaml); every one is settled by the same rule as a table's
totals (arithmetic.settle), on counts, so never `rounding`.
"""

from __future__ import annotations

from tongbao.extract.checks.arithmetic import settle
from tongbao.extract.model import Check, Record
from tongbao.extract.tables.annual import template_rules
from tongbao.normalize.numbers import is_placeholder


def _split(keys) -> bool:
    return not any(k.startswith("sec3.other.") for k in keys)


def unfilled_totals(keyed: dict[str, Record]) -> dict[str, float | None]:
    """Totals a report prints no number in while their parts add up to more than 0
    ({key: the parts' sum}), or are not all read (None: nothing says they are all 0).
    Such a cell was not filled in (a 2019 report may print only some rows' totals); it
    is not a 0, and reading it as one would claim the report's arithmetic wrong where the
    report said nothing. An empty total whose parts are all 0 is a 0, as every other
    empty cell of the template."""
    out: dict[str, float | None] = {}
    for rule in template_rules(_split(keyed)):
        total = keyed.get(rule.expected[0]) if len(rule.expected) == 1 else None
        if total is None or not (total.value_raw.strip() == "" or is_placeholder(total.value_raw)):
            continue
        parts = [keyed[k].value for k in rule.actual if k in keyed]
        if None in parts or sum(parts):
            out[total.key] = None if None in parts else sum(parts)
    return out


def _left_blank(key: str, parts: float | None) -> str:
    why = "its parts are not all read" if parts is None else f"its parts add up to {parts:g}"
    return f"{key} is left blank though {why}: not read as 0"


def template_checks(values: dict[str, float | None], doc_id: str,
                    table_of: dict[str, int], unfilled: dict[str, float] | None = None
                    ) -> list[Check]:
    """sec3_balance, sec3_outcomes_sum, sec3_row_total, sec4_totals, as the spec states them.
    A rule none of whose cells the report has is not applied; one with a value missing or
    unsure (None) is skipped, naming it (a total left unfilled: saying so)."""
    unfilled = unfilled or {}
    out: list[Check] = []
    for rule in template_rules(_split(values)):
        keys = rule.expected + rule.actual
        missing = [k for k in keys if values.get(k) is None]
        table_id = table_of.get(rule.expected[0])
        if not any(k in values for k in keys):
            continue  # not in this report's tables (a value that is unsure is in them)
        if blank := [k for k in missing if k in unfilled]:
            out.append(Check(doc_id, table_id, rule.check, rule.scope, None, None, "skipped",
                             "; ".join(_left_blank(k, unfilled[k]) for k in blank[:2])))
            continue
        if missing:
            out.append(Check(doc_id, table_id, rule.check, rule.scope, None, None, "skipped",
                             "no value for " + ", ".join(missing[:4])))
            continue
        verdict = settle([values[k] for k in rule.expected], [values[k] for k in rule.actual],
                         money=False)
        e, a = float(verdict.expected), float(verdict.actual)
        out.append(Check(doc_id, table_id, rule.check, rule.scope, e, a, verdict.status,
                         None if verdict.status == "pass" else
                         f"{' + '.join(rule.expected)} = {e:g} but {' + '.join(rule.actual)} = {a:g}"))
    return out

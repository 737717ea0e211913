"""The annual-report template's own arithmetic, checked on a report's keyed values.

The rules are data (extract/tables/annual.py `template_rules`, from
annual_report_keys.yaml); every one is settled by the same rule as a table's
totals (arithmetic.settle), on counts, so never `rounding`.
"""

from __future__ import annotations

from tongbao.extract.checks.arithmetic import settle
from tongbao.extract.model import Check
from tongbao.extract.tables.annual import template_rules


def template_checks(values: dict[str, float | None], doc_id: str,
                    table_of: dict[str, int]) -> list[Check]:
    """sec3_balance, sec3_outcomes_sum, sec3_row_total, sec4_totals, as the spec states them.
    A rule none of whose cells the report has is not applied; one with a value missing or
    unsure (None) is skipped, naming it."""
    split = not any(k.startswith("sec3.other.") for k in values)
    out: list[Check] = []
    for rule in template_rules(split):
        keys = rule.expected + rule.actual
        missing = [k for k in keys if values.get(k) is None]
        table_id = table_of.get(rule.expected[0])
        if not any(k in values for k in keys):
            continue  # not in this report's tables (a value that is unsure is in them)
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

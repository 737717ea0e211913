"""Custom expectations: the printed-total rule and whole numbers, on pandas and on SQL.

`expect_group_totals_to_equal_sum_of_parts`: rows are grouped (by default per
document, table and unit); in a group holding exactly one printed total and
at least one part, and no row `unsummed` names (a share, a deduction, a weighted
score: a total that is no plain sum), the parts' sum minus the total must be 0 (within `tolerance`,
for the noise of floating-point sums, plus, when `allowance_column` names one, the
sum of that column over the group: the rounding the printed figures allow, as
tongbao's checks settle it: money only, half a unit of each figure's last digit). Its metric returns every group where it is not, named by its group
columns, so a failure says which document, table and unit. The metric is
implemented for pandas (a data frame) and for SQLAlchemy (the warehouse in DuckDB, a
team's warehouse), where the groups are judged and counted by the database and only the
mismatches listed come back.

`expect_column_values_to_be_integers`: counts count whole things.

Import this module before loading a suite that uses them (importing registers them).
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd
from great_expectations.compatibility.sqlalchemy import sqlalchemy as sa
from great_expectations.core.metric_domain_types import MetricDomainTypes
from great_expectations.execution_engine import PandasExecutionEngine, SqlAlchemyExecutionEngine
from great_expectations.expectations.expectation import BatchExpectation, ColumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    column_condition_partial,
)
from great_expectations.expectations.metrics.metric_provider import metric_value
from great_expectations.expectations.metrics.table_metric_provider import TableMetricProvider
from great_expectations.render import LegacyRendererType, RenderedStringTemplateContent
from great_expectations.render.renderer.renderer import renderer
from great_expectations.render.renderer_configuration import RendererValueType

MAX_REPORTED = 50  # mismatching groups listed in a result; the count is always exact


def _mismatches(groups: pd.DataFrame, group_by: list[str], tolerance: float) -> dict[str, Any]:
    """groups: one row per group with n_totals, n_parts, n_unsummed, parts, total."""
    judged = groups[(groups["n_totals"] == 1) & (groups["n_parts"] > 0)
                    & (groups["n_unsummed"] == 0)].copy()
    judged["difference"] = judged["parts"] - judged["total"]
    bad = judged[judged["difference"].abs() > tolerance + judged["allowance"]].sort_values(group_by)
    listed = [_listed({c: row[c] for c in group_by}, row["total"], row["parts"])
              for _, row in bad.head(MAX_REPORTED).iterrows()]
    return {"groups_checked": len(judged), "mismatched": len(bad), "groups": listed}


def _listed(group: dict, total, parts) -> dict[str, Any]:
    """One mismatching group as a result lists it, on any engine."""
    return {**{c: _plain(v) for c, v in group.items()}, "total": float(total),
            "sum_of_parts": float(parts), "difference": float(parts) - float(total)}


def _plain(x):
    return x.item() if hasattr(x, "item") else x


class GroupTotalMismatches(TableMetricProvider):
    metric_name = "table.group_total_mismatches"
    value_keys = ("group_by", "value_column", "total_column", "tolerance", "allowance_column",
                  "unsummed")

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(cls, execution_engine, metric_domain_kwargs, metric_value_kwargs, metrics,
                runtime_configuration):
        df, _, _ = execution_engine.get_compute_domain(metric_domain_kwargs,
                                                       domain_type=MetricDomainTypes.TABLE)
        group_by = list(metric_value_kwargs["group_by"])
        value, flag = metric_value_kwargs["value_column"], metric_value_kwargs["total_column"]
        rows = df.dropna(subset=group_by)
        is_total = rows[flag].astype(bool)
        allowance = metric_value_kwargs.get("allowance_column")
        unsummed = metric_value_kwargs.get("unsummed") or {}
        not_summed = pd.Series(False, index=rows.index)
        for column, words in unsummed.items():
            texts = rows[column].fillna("").astype(str)
            not_summed |= texts.map(lambda t, ws=tuple(words): any(w in t for w in ws))
        frame = rows[group_by].assign(
            total=rows[value].where(is_total, 0.0), parts=rows[value].where(~is_total, 0.0),
            n_totals=is_total.astype(int), n_parts=(~is_total).astype(int),
            n_unsummed=not_summed.astype(int),
            allowance=rows[allowance].fillna(0.0) if allowance else 0.0)
        groups = frame.groupby(group_by, as_index=False).sum(numeric_only=True)
        return _mismatches(groups, group_by, metric_value_kwargs["tolerance"])

    @metric_value(engine=SqlAlchemyExecutionEngine)
    def _sqlalchemy(cls, execution_engine, metric_domain_kwargs, metric_value_kwargs, metrics,
                    runtime_configuration):
        selectable, _, _ = execution_engine.get_compute_domain(
            metric_domain_kwargs, domain_type=MetricDomainTypes.TABLE)
        group_by = list(metric_value_kwargs["group_by"])
        value = sa.column(metric_value_kwargs["value_column"])
        is_total = sa.column(metric_value_kwargs["total_column"])
        keys = [sa.column(c) for c in group_by]
        allowance = metric_value_kwargs.get("allowance_column")
        allowed = sa.func.sum(sa.func.coalesce(sa.column(allowance), 0)) if allowance else \
            sa.literal(0.0)
        unsummed = [sa.column(c).contains(w, autoescape=True)
                    for c, words in (metric_value_kwargs.get("unsummed") or {}).items()
                    for w in words]
        not_summed = sa.case((sa.or_(*unsummed), 1), else_=0) if unsummed else sa.literal(0)
        groups = (sa.select(*keys,
                            sa.func.sum(sa.case((is_total, value), else_=0)).label("total"),
                            sa.func.sum(sa.case((is_total, 0), else_=value)).label("parts"),
                            allowed.label("allowance"))
                  .select_from(selectable).where(sa.and_(*[k.isnot(None) for k in keys]))
                  .group_by(*keys)
                  .having(sa.and_(sa.func.sum(sa.case((is_total, 1), else_=0)) == 1,
                                  sa.func.sum(sa.case((is_total, 0), else_=1)) > 0,
                                  sa.func.sum(not_summed) == 0))
                  ).subquery()
        # Judged and counted in the database: only the mismatches listed come back.
        bad = sa.func.abs(groups.c.parts - groups.c.total) > \
            metric_value_kwargs["tolerance"] + groups.c.allowance
        counts = sa.select(sa.func.count(), sa.func.count().filter(bad)).select_from(groups)
        listed = (sa.select(*[groups.c[c] for c in group_by], groups.c.total, groups.c.parts)
                  .where(bad).order_by(*[groups.c[c] for c in group_by]).limit(MAX_REPORTED))
        with execution_engine.get_connection() as con:
            checked, mismatched = con.execute(counts).one()
            rows = con.execute(listed).mappings().all()
        return {"groups_checked": checked, "mismatched": mismatched,
                "groups": [_listed({c: r[c] for c in group_by}, r["total"], r["parts"])
                           for r in rows]}


class ExpectGroupTotalsToEqualSumOfParts(BatchExpectation):
    """In every group (document, table, unit) with one printed total, the parts add up to it."""

    group_by: list[str] = ["doc_id", "table_id", "unit"]
    value_column: str = "value"
    total_column: str = "is_total"
    tolerance: float = 0.01
    allowance_column: str | None = None
    # Groups holding a row whose column (measure, metric) contains one of these words are
    # not judged: their total is no plain sum (a share, a deduction, a weighted score).
    unsummed: dict[str, list[str]] | None = None

    metric_dependencies = ("table.group_total_mismatches",)
    success_keys = ("group_by", "value_column", "total_column", "tolerance", "allowance_column",
                    "unsummed")
    domain_keys: ClassVar[tuple[str, ...]] = ("row_condition", "condition_parser")

    @classmethod
    def _prescriptive_template(cls, renderer_configuration):
        renderer_configuration.add_param(name="group_by", param_type=RendererValueType.ARRAY)
        renderer_configuration.template_str = (
            "In every group of $group_by holding one printed total, the parts add up to it.")
        return renderer_configuration

    @classmethod
    @renderer(renderer_type=LegacyRendererType.PRESCRIPTIVE)
    def _prescriptive_renderer(cls, configuration=None, result=None, runtime_configuration=None,
                               **kwargs):
        group_by = (configuration.kwargs.get("group_by") if configuration else None) or \
            ["doc_id", "table_id", "unit"]
        return [RenderedStringTemplateContent(content_block_type="string_template",
                                              string_template={
            "template": "In every group of $group_by holding one printed total, the parts add "
                        "up to it.",
            "params": {"group_by": ", ".join(group_by)}, "styling": {}})]

    def _validate(self, metrics, runtime_configuration=None, execution_engine=None):
        found = metrics["table.group_total_mismatches"]
        # The observed value is what Data Docs shows: say which groups, not just how many.
        shown = "; ".join(
            " ".join(f"{g[c]}" for c in self.group_by) +
            f": total {g['total']:g} != parts {g['sum_of_parts']:g}" for g in found["groups"][:5])
        observed = f"{found['mismatched']} of {found['groups_checked']} groups" + (
            f" — {shown}" if shown else "")
        return {"success": found["mismatched"] == 0,
                "result": {"observed_value": observed,
                           "details": {"groups_checked": found["groups_checked"],
                                       "mismatched": found["mismatched"],
                                       "mismatched_groups": found["groups"]}}}


class ColumnValuesInteger(ColumnMapMetricProvider):
    condition_metric_name = "column_values.integer"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, **kwargs):
        return column == column.round()

    @column_condition_partial(engine=SqlAlchemyExecutionEngine)
    def _sqlalchemy(cls, column, **kwargs):
        return column == sa.func.round(column)


class ExpectColumnValuesToBeIntegers(ColumnMapExpectation):
    """Whole numbers (nulls are not judged)."""

    map_metric = "column_values.integer"
    success_keys = ("mostly",)

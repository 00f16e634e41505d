"""Query plans on PostgreSQL: does an index answer a query, or is a whole table read?

The test tables are small, so PostgreSQL would rightly scan them: plans are read with
sequential scans disabled, where a filter no index can answer still shows as a
``Seq Scan``, or as a ``Filter`` over a whole index instead of an ``Index Cond``."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

CONDITION = re.compile(r"(?:Index Cond|Recheck Cond): (.*)")


def query_plan(sql: str, params: tuple = ()) -> list[str]:
    """``sql``'s plan, line by line, with sequential scans disabled."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params or None)
        plan = [row[0].strip() for row in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan = on")
    return plan


def queryset_plan(queryset) -> list[str]:
    return query_plan(*queryset.query.sql_with_params())


def sequential_scans(plan: list[str]) -> list[str]:
    return [line for line in plan if "Seq Scan" in line]


def index_conditions(plan: list[str]) -> str:
    """Every condition an index answers in ``plan``, joined."""
    return " ".join(match.group(1) for line in plan if (match := CONDITION.search(line)))


def captured_sql(callable_, *args, **kwargs) -> list[str]:
    """The SQL of every query ``callable_`` runs, with its parameters bound."""
    with CaptureQueriesContext(connection) as context:
        callable_(*args, **kwargs)
    return [query["sql"] for query in context.captured_queries]

"""The shipped schemas a table fits: every column the shipped schema requires is
in the table, and every cell of the columns it names is of its type."""

from __future__ import annotations

from dataclasses import dataclass

from tallycheck.checkframe import parse_column
from tallycheck.schema import shipped
from tallycheck.schema.loader import load_schema
from tallycheck.tables.table import Table


@dataclass(frozen=True)
class Fit:
    """A shipped schema the table fits, and how many of the table's columns it names."""

    name: str
    named: tuple[str, ...]


def fitting_schemas(table: Table) -> list[Fit]:
    """The shipped schemas the table fits, those naming most of its columns first."""
    headers = set(table.names)
    fits = []
    for name in shipped.names():
        schema = load_schema(name)
        if any(spec.required and spec.name not in headers for spec in schema.columns):
            continue
        named = tuple(spec.name for spec in schema.columns if spec.name in headers)
        if all(
            not parse_column(spec, table.column(spec.name), schema.about).invalid.any()
            for spec in schema.columns
            if spec.name in headers
        ):
            fits.append(Fit(name, named))
    return sorted(fits, key=lambda fit: -len(fit.named))

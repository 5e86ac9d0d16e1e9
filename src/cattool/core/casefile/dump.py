"""Read one case out of the database as plain JSON values, table by table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from cattool.core.casefile.tables import ROOT_TABLE, CaseSchema, to_json_value


def is_path_column(name: str) -> bool:
    """Columns that name a file (attachments, documents): `path` or `…_path`."""
    return name == "path" or name.endswith("_path")


@dataclass(frozen=True, slots=True)
class FileRef:
    table: str
    row_id: int
    column: str
    source: str  # the path as stored


@dataclass(slots=True)
class CaseDump:
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    shared: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def case_row(self) -> dict[str, Any]:
        return self.tables[ROOT_TABLE][0]

    def file_refs(self) -> list[FileRef]:
        refs = []
        for table, rows in self.tables.items():
            for row in rows:
                for column, value in row.items():
                    if is_path_column(column) and value:
                        refs.append(FileRef(table, row["id"], column, value))
        return refs


def _rows(connection: Connection, schema: CaseSchema, name: str, where: Any) -> list[dict]:
    table = schema.table(name)
    primary = list(table.primary_key.columns)
    query = select(table).where(where).order_by(*primary)
    return [
        {c.name: to_json_value(c, row._mapping[c.name]) for c in table.columns}
        for row in connection.execute(query)
    ]


def dump_case(connection: Connection, schema: CaseSchema, case_id: int) -> CaseDump:
    """Every owned row of the case (parents first), and the shared rows they point at."""
    dump = CaseDump()
    ids: dict[str, set[int]] = {}
    for name in schema.owned:
        table = schema.table(name)
        if name == ROOT_TABLE:
            where = table.c.id == case_id
        else:
            conditions = [
                table.c[link.column].in_(sorted(ids.get(link.target_table, ())))
                for link in schema.owning_links(name)
            ]
            where = conditions[0] if len(conditions) == 1 else _any(conditions)
        dump.tables[name] = _rows(connection, schema, name, where)
        ids[name] = {row["id"] for row in dump.tables[name]}
    wanted: dict[str, set[int]] = {}
    for name in schema.owned:
        for link in schema.links[name]:
            if link.target_table in schema.shared:
                values = {r[link.column] for r in dump.tables[name] if r[link.column] is not None}
                wanted.setdefault(link.target_table, set()).update(values)
    for name in schema.shared:
        table = schema.table(name)
        dump.shared[name] = _rows(connection, schema, name, table.c.id.in_(sorted(wanted[name])))
    return dump


def _any(conditions: list[Any]) -> Any:
    from sqlalchemy import or_

    return or_(*conditions)

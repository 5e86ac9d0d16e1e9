"""manifest.json and case.json checked against their JSON Schemas (jsonschema library;
the schemas are resources/casefile/*.schema.json and document the format too)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from cattool.core.casefile.format import CaseFileError


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    from cattool.core.paths import resources_dir

    schema = json.loads((resources_dir() / "casefile" / name).read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def check(document: Any, schema_file: str, what: str) -> None:
    """Raise CaseFileError naming the first problem (where, and what)."""
    errors = sorted(_validator(schema_file).iter_errors(document), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top level)"
        raise CaseFileError(f"{what} does not follow the format at {where}: {first.message}")


def check_manifest(document: Any) -> None:
    check(document, "manifest.schema.json", "manifest.json")


def check_case(document: Any) -> None:
    check(document, "case.schema.json", "case.json")

"""Raw SQL per database vendor for migrations (triggers, full-text indexes)."""

from collections.abc import Callable


def vendor_sql(statements_by_vendor: dict[str, list[str]]) -> Callable:
    """A RunPython function executing the statements listed for the current vendor."""

    def apply(apps, schema_editor) -> None:
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply

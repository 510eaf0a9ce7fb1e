"""A data migration step: encrypt a model's existing plain-text columns, in place.

Used by the migrations that turned plain columns into encrypted ones (issue 14).
Raw SQL, not the historical model: the model's field would try to decrypt the
plain text it reads. Rows go in keyset pages, so memory stays flat however many
there are. Backwards, it decrypts, so the column can turn plain again.
"""

from django.db import migrations

from common import crypto
from common.blind_index import blind_index

BATCH = 500


def encrypt_columns(
    model_name: str, app_label: str, fields: list[str], indexes: dict[str, tuple[str, str]]
) -> migrations.RunPython:
    """`indexes` maps a blind-index field to (its source field, how it normalises)."""

    def run(apps, schema_editor, *, forward: bool):
        model = apps.get_model(app_label, model_name)
        meta, connection = model._meta, schema_editor.connection
        qn = connection.ops.quote_name
        columns = [meta.get_field(name).column for name in fields]
        index_columns = [meta.get_field(name).column for name in indexes] if forward else []
        pk = qn(meta.pk.column)
        select = (
            f"SELECT {pk}, {', '.join(qn(c) for c in columns)} FROM {qn(meta.db_table)} "  # noqa: S608
            f"WHERE {pk} > %s ORDER BY {pk} LIMIT {BATCH}"
        )
        assignments = ", ".join(f"{qn(c)} = %s" for c in columns + index_columns)
        update = f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {pk} = %s"  # noqa: S608
        last = 0
        with connection.cursor() as cursor:
            while True:
                cursor.execute(select, [last])
                rows = cursor.fetchall()
                if not rows:
                    return
                params = []
                for row in rows:
                    plain = dict(zip(fields, (_plain(v) for v in row[1:]), strict=True))
                    stored = [
                        (crypto.encrypt(plain[name]) if forward else plain[name])
                        if plain[name]
                        else plain[name]
                        for name in fields
                    ]
                    digests = [
                        blind_index(plain[source], normalise) if plain[source] else ""
                        for source, normalise in indexes.values()
                    ]
                    params.append([*stored, *(digests if forward else []), row[0]])
                cursor.executemany(update, params)
                last = rows[-1][0]

    return migrations.RunPython(
        lambda apps, editor: run(apps, editor, forward=True),
        lambda apps, editor: run(apps, editor, forward=False),
    )


def _plain(value):
    # Safe to run twice: a value already encrypted is read back, not wrapped again.
    if value and value.startswith(crypto.PREFIX):
        return crypto.decrypt(value)
    return value

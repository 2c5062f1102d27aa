"""The full-text index over search_document, one kind per database.

SQLite: an external-content FTS5 table that triggers keep in step with the
document rows. PostgreSQL: a stored, generated tsvector column (title A,
text B, compound parts C) with a GIN index. Both index the analyzed tokens,
so the 'simple' configuration and the unicode61 tokenizer only split on
spaces here; stemming and folding happened in Python.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, parts, content='search_document',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN"
    " INSERT INTO search_fts(rowid, title, body, parts)"
    " VALUES (new.id, new.title, new.body, new.parts);"
    " END",
    "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body, parts)"
    " VALUES ('delete', old.id, old.title, old.body, old.parts);"
    " END",
    "CREATE TRIGGER search_document_au AFTER UPDATE OF title, body, parts ON search_document BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body, parts)"
    " VALUES ('delete', old.id, old.title, old.body, old.parts);"
    " INSERT INTO search_fts(rowid, title, body, parts)"
    " VALUES (new.id, new.title, new.body, new.parts);"
    " END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('simple'::regconfig, title), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, body), 'B')"
    " || setweight(to_tsvector('simple'::regconfig, parts), 'C')) STORED",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_documents")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]

"""Filter values as tokens in the full-text index (search.facets).

Adds `search_document.facets`, fills it from the ids the documents already
hold (and their topics' tags), and indexes it: SQLite as a fourth FTS5
column, PostgreSQL as a second tsvector in the same GIN index as the words,
so that one index scan applies words and filters together. The column is
added with ALTER TABLE on both databases: Django would copy the whole table
on SQLite to add a NOT NULL column, and lose the triggers with it.
"""

from django.db import migrations, models

_FILL = (
    "UPDATE search_document SET facets = 'k' || kind"
    " || CASE WHEN space_id IS NULL THEN '' ELSE ' sp' || space_id END"
    " || CASE WHEN author_id IS NULL THEN '' ELSE ' au' || author_id END"
    " || coalesce(({tags}), '')"
    " || CASE WHEN is_opening THEN ' op' ELSE '' END"
    " || CASE WHEN has_image THEN ' im' ELSE '' END"
    " || ' yr' || {year} || ' mo' || {month}"
)
_SQLITE_TAGS = (
    "SELECT group_concat(' tg' || tag_id, '') FROM (SELECT tag_id FROM posts_topic_tags"
    " WHERE topic_id = search_document.topic_id ORDER BY tag_id)"
)
_POSTGRES_TAGS = (
    "SELECT string_agg(' tg' || tag_id, '' ORDER BY tag_id) FROM posts_topic_tags"
    " WHERE topic_id = search_document.topic_id"
)

# Both databases keep created_at in UTC.
_SQLITE_DATES = {"year": "strftime('%Y', created_at)", "month": "strftime('%Y%m', created_at)"}
_POSTGRES_DATES = {
    "year": "to_char(created_at AT TIME ZONE 'UTC', 'YYYY')",
    "month": "to_char(created_at AT TIME ZONE 'UTC', 'YYYYMM')",
}


def _fts5(columns: str) -> list[str]:
    """The FTS5 table over `columns` of search_document, its triggers, and its first fill."""
    new = ", ".join(f"new.{column}" for column in columns.split(", "))
    old = ", ".join(f"old.{column}" for column in columns.split(", "))
    return [
        f"CREATE VIRTUAL TABLE search_fts USING fts5({columns}, content='search_document',"
        " content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN"
        f" INSERT INTO search_fts(rowid, {columns}) VALUES (new.id, {new});"
        " END",
        "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN"
        f" INSERT INTO search_fts(search_fts, rowid, {columns})"
        f" VALUES ('delete', old.id, {old});"
        " END",
        f"CREATE TRIGGER search_document_au AFTER UPDATE OF {columns} ON search_document BEGIN"
        f" INSERT INTO search_fts(search_fts, rowid, {columns})"
        f" VALUES ('delete', old.id, {old});"
        f" INSERT INTO search_fts(rowid, {columns}) VALUES (new.id, {new});"
        " END",
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_fts",
]

SQLITE_FORWARD = [
    *_SQLITE_DROP,
    "ALTER TABLE search_document ADD COLUMN facets text NOT NULL DEFAULT ''",
    _FILL.format(tags=_SQLITE_TAGS, **_SQLITE_DATES),
    *_fts5("title, body, parts, facets"),
]
SQLITE_BACKWARD = [
    *_SQLITE_DROP,
    "ALTER TABLE search_document DROP COLUMN facets",
    *_fts5("title, body, parts"),
]
POSTGRES_FORWARD = [
    "ALTER TABLE search_document ADD COLUMN facets text NOT NULL DEFAULT ''",
    _FILL.format(tags=_POSTGRES_TAGS, **_POSTGRES_DATES),
    "ALTER TABLE search_document ALTER COLUMN facets DROP DEFAULT",
    "ALTER TABLE search_document ADD COLUMN facet_vector tsvector GENERATED ALWAYS AS ("
    " to_tsvector('simple'::regconfig, facets)) STORED",
    "DROP INDEX IF EXISTS search_document_vector",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector, facet_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS facet_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS facets",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)  # no placeholders: % is literal

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_filter_indexes"), ("posts", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="document",
                    name="facets",
                    field=models.TextField(blank=True, default="", verbose_name="filter terms"),
                    preserve_default=False,
                )
            ],
            database_operations=[
                migrations.RunPython(
                    _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
                    _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
                )
            ],
        )
    ]

"""The search index: one row per findable thing, holding its analyzed text.

The text columns hold the output of `search.analysis` (folded, stemmed,
space-separated tokens), not what people wrote: both databases index exactly
these tokens, so a query finds the same things on SQLite and PostgreSQL;
`facets` holds one token per filter value, indexed alongside the words.
SQLite keeps an FTS5 table over these columns in step by triggers;
PostgreSQL computes a weighted tsvector column from them (see the
migrations). Who may see a row is decided at query time from `space_id` and
`author_id`, so a change of a group's visibility or of a membership needs no
reindexing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("post")
        MEMBER = "member", _("member")
        SPACE = "space", _("space")
        TAG = "tag", _("tag")
        EVENT = "event", _("event")
        REVIEW = "review", _("review")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    object_id = models.BigIntegerField(_("object"))
    # The space whose reading rule applies (None: readable by everyone).
    space_id = models.BigIntegerField(_("space"), null=True, blank=True)
    topic_id = models.BigIntegerField(_("topic"), null=True, blank=True)
    author_id = models.BigIntegerField(_("author"), null=True, blank=True)
    is_opening = models.BooleanField(_("opens a topic"), default=False)
    has_image = models.BooleanField(_("has a picture"), default=False)
    language = models.CharField(_("language"), max_length=2)
    created_at = models.DateTimeField(_("created"))
    title = models.TextField(_("title terms"), blank=True)
    body = models.TextField(_("text terms"), blank=True)
    parts = models.TextField(_("compound parts"), blank=True)
    # Tokens for what filters ask (space, author, tags, kind, opening, picture),
    # so that the full-text index narrows by them too (`search.facets`).
    facets = models.TextField(_("filter terms"), blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_one_document")
        ]
        indexes = [
            # Covers "tag:" without words (newest first) as well as moving a topic.
            models.Index(
                fields=["topic_id", "created_at", "kind", "object_id"], name="search_doc_topic"
            ),
            models.Index(fields=["author_id", "created_at"], name="search_doc_author"),
            models.Index(fields=["created_at"], name="search_doc_created"),
            # Everything a filter reads, by id: checking a match against it reads this
            # narrow index instead of the wide row with its analyzed text (SQLite's
            # backend names it in INDEXED BY).
            models.Index(
                fields=[
                    "id",
                    "kind",
                    "space_id",
                    "author_id",
                    "topic_id",
                    "created_at",
                    "is_opening",
                    "has_image",
                ],
                name="search_doc_filters",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class ReindexRun(models.Model):
    """How far `mundwerk reindex` got, so an interrupted run can resume."""

    kind = models.CharField(_("kind"), max_length=8, unique=True)
    last_id = models.BigIntegerField(_("last indexed"), default=0)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("reindex run")
        verbose_name_plural = _("reindex runs")

    def __str__(self) -> str:
        return f"{self.kind} up to {self.last_id}"

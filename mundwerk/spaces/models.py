from django.db import models
from django.utils.translation import gettext_lazy as _

from mundwerk.core.models import hex_colour
from mundwerk.core.urlpaths import url_for


class Space(models.Model):
    """A category of the site, created by staff; topics live in spaces."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#1d6fa5", validators=[hex_colour])
    position = models.PositiveIntegerField(_("order"), default=0)
    topic_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("topic count")
    )
    post_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("post count")
    )
    # Counts every change to what the space's topic lists show; cached lists
    # are keyed on it (posts.queries.activity_version).
    version = models.PositiveBigIntegerField(
        db_default=0, editable=False, verbose_name=_("version")
    )
    last_post_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("last post")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("spaces:detail", self.slug)

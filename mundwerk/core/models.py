from typing import ClassVar, Self

from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}\Z", _("Enter a colour as # and six hex digits, e.g. #1d6fa5.")
)


class SingletonSettings(models.Model):
    """One row of run-time settings, edited in the admin, cached for every reader.

    Subclasses name their `CACHE_KEY`; saving always writes row 1 and drops
    the cached copy.
    """

    CACHE_KEY: ClassVar[str]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls) -> Self:
        found = cache.get(cls.CACHE_KEY)
        if found is None:
            found, _created = cls._default_manager.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, found, django_settings.SITE_SETTINGS_CACHE_SECONDS)
        return found


class SiteSettings(SingletonSettings):
    """What staff change at run time: one row, edited in the admin."""

    CACHE_KEY = "core:site-settings"

    name = models.CharField(_("site name"), max_length=80, default="Mundwerk")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to="site/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1d6fa5", validators=[hex_colour]
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    imprint = models.TextField(
        _("imprint"), blank=True, help_text=_("Markdown. Shown at /imprint/ (Impressum).")
    )
    privacy_policy = models.TextField(
        _("privacy policy"), blank=True, help_text=_("Markdown. Shown at /privacy/.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(self.name)

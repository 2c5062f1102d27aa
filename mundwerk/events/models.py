"""Events in a space or group, members' answers to them, and calendar tokens.

An event's times are stored as aware datetimes (UTC in the database) beside
the IANA zone it was planned in, so calendars show it at the local time the
organiser meant, across daylight-saving changes.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mundwerk.core.urlpaths import url_for
from mundwerk.posts.models import Topic
from mundwerk.spaces.models import Space

MEMBER = settings.AUTH_USER_MODEL
TITLE_MAX_LENGTH = 150
TITLE_MIN_LENGTH = 3
DESCRIPTION_MAX_LENGTH = 10_000
LOCATION_MAX_LENGTH = 300
URL_MAX_LENGTH = 500
MAX_CAPACITY = 100_000


class Event(models.Model):
    """Something members meet for, at a time, in a place or online."""

    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="events", verbose_name=_("space")
    )
    organiser = models.ForeignKey(
        MEMBER,
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    topic = models.OneToOneField(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event",
        verbose_name=_("discussion"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    description_html = models.TextField(_("rendered description"), blank=True, editable=False)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    location = models.CharField(_("location"), max_length=LOCATION_MAX_LENGTH, blank=True)
    online_url = models.URLField(_("online link"), max_length=URL_MAX_LENGTH, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    # Kept exact by events.actions under the event's row lock.
    going_count = models.PositiveIntegerField(_("going"), default=0, editable=False)
    cover = models.ImageField(_("cover image"), upload_to="events/%Y/%m/", blank=True)
    # RFC 5545 §3.8.7.4: counts up with every change calendars should take over.
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["ends_at", "starts_at"], name="event_when"),
            models.Index(fields=["space", "ends_at", "starts_at"], name="event_space_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("events:detail", self.pk)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def seats_left(self) -> int | None:
        """Free seats, or None when there is no limit."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.going_count)


class Rsvp(models.Model):
    """A member's answer to an event; the waitlist is ordered by `answered_at`."""

    class Answer(models.TextChoices):
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waitlist")
        MAYBE = "maybe", _("Maybe")
        NOT_GOING = "not_going", _("Not going")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("event")
    )
    member = models.ForeignKey(
        MEMBER, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("member")
    )
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices)
    is_hidden = models.BooleanField(_("hidden from the attendee list"), default=False)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("answer to an event")
        verbose_name_plural = _("answers to events")
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="rsvp_once")]
        indexes = [
            models.Index(fields=["event", "answer", "answered_at"], name="rsvp_event_answer"),
            models.Index(fields=["member", "answer"], name="rsvp_member_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.answer} {self.event_id}"


class CalendarToken(models.Model):
    """The secret in a member's personal calendar address; calendar apps cannot log in."""

    member = models.OneToOneField(
        MEMBER, on_delete=models.CASCADE, related_name="calendar_token", verbose_name=_("member")
    )
    token = models.CharField(_("token"), max_length=43, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self) -> str:
        return f"calendar of {self.member_id}"

    def get_absolute_url(self) -> str:
        return url_for("events:member_calendar", self.token)

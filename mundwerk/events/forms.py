"""Forms of events: planning and changing one (local date and time plus a zone), answering."""

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mundwerk.events.actions import EventDetails
from mundwerk.events.models import (
    DESCRIPTION_MAX_LENGTH,
    LOCATION_MAX_LENGTH,
    MAX_CAPACITY,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    URL_MAX_LENGTH,
    Event,
    Rsvp,
)
from mundwerk.posts.images import ProcessedImage, process_image

MAX_DURATION = timedelta(days=31)
PLAN_AHEAD = timedelta(days=5 * 366)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@cache
def zone_names() -> list[str]:
    """The IANA zones a member may choose: regions and cities, plus UTC."""
    skip = ("Etc/", "SystemV/", "posix", "right/")
    names = {name for name in available_timezones() if "/" in name and not name.startswith(skip)}
    return ["UTC", *sorted(names)]


def valid_zone(name: str) -> ZoneInfo | None:
    if name not in zone_names():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _plain(value: str) -> str:
    return _CONTROL.sub("", value.replace("\r\n", "\n")).strip()


class EventForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Give your event a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italic*, [link](https://…), lists."),
    )
    start_date = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("When does it start?"), "invalid": _("Enter a date.")},
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("When does it start?"), "invalid": _("Enter a time.")},
    )
    end_date = forms.DateField(
        label=_("End date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("When does it end?"), "invalid": _("Enter a date.")},
    )
    end_time = forms.TimeField(
        label=_("End time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("When does it end?"), "invalid": _("Enter a time.")},
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        error_messages={
            "invalid_choice": _("Choose a time zone from the list, such as Europe/Berlin."),
            "required": _("Choose a time zone from the list, such as Europe/Berlin."),
        },
    )
    location = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=LOCATION_MAX_LENGTH,
        help_text=_("An address, or leave empty for an event that is only online."),
    )
    online_url = forms.CharField(
        label=_("Online link"),
        required=False,
        max_length=URL_MAX_LENGTH,
        help_text=_("For a video call or stream: a link starting with https://."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("Leave empty for no limit. When all seats are taken, a waitlist opens."),
        error_messages={
            "invalid": _("Enter the number of seats as a whole number, or leave it empty."),
            "min_value": _("An event needs at least one seat; leave it empty for no limit."),
            "max_value": _("At most %(limit_value)s seats."),
        },
    )
    cover = forms.FileField(
        label=_("Cover picture"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )

    def __init__(self, *args: Any, is_new: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_new = is_new
        zone_field = self.fields["time_zone"]
        assert isinstance(zone_field, forms.ChoiceField)
        zone_field.choices = [(name, name) for name in zone_names()]
        self.fields["time_zone"].initial = timezone.get_current_timezone_name()
        if not is_new:
            self.fields["remove_cover"] = forms.BooleanField(
                label=_("Remove the cover picture"), required=False
            )

    def clean_title(self) -> str:
        title = " ".join(_plain(self.cleaned_data["title"]).split())
        if len(title) < TITLE_MIN_LENGTH:
            raise ValidationError(
                _("A title has at least %(min)d characters.") % {"min": TITLE_MIN_LENGTH}
            )
        return title

    def clean_description(self) -> str:
        return _plain(self.cleaned_data["description"])

    def clean_location(self) -> str:
        return " ".join(_plain(self.cleaned_data["location"]).split())

    def clean_online_url(self) -> str:
        url = _plain(self.cleaned_data["online_url"])
        if not url:
            return ""
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(
                _("Enter a web address starting with https:// or http://.")
            ) from None
        return url

    def clean_cover(self) -> ProcessedImage | None:
        upload = self.cleaned_data.get("cover")
        return process_image(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        has_place = data.get("location") or data.get("online_url")
        if not has_place and not {"location", "online_url"} & set(self.errors):
            self.add_error("location", _("Give a place or an online link."))
        zone = valid_zone(data.get("time_zone") or "")
        if zone is None:
            return data
        starts_at = self._moment(zone, "start_date", "start_time")
        ends_at = self._moment(zone, "end_date", "end_time")
        if starts_at is None or ends_at is None:
            return data
        if ends_at <= starts_at:
            self.add_error("end_time", _("The end must come after the start."))
        elif ends_at - starts_at > MAX_DURATION:
            self.add_error("end_date", _("An event lasts at most 31 days."))
        elif self.is_new and starts_at <= timezone.now():
            self.add_error("start_date", _("The start lies in the past."))
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data

    def _moment(self, zone: ZoneInfo, date_field: str, time_field: str) -> datetime | None:
        """The local date and time as an aware datetime; None (with a message) if impossible."""
        day: date | None = self.cleaned_data.get(date_field)
        clock: time | None = self.cleaned_data.get(time_field)
        if day is None or clock is None:
            return None
        today = timezone.now().date()
        if not (today - timedelta(days=366) <= day <= today + PLAN_AHEAD):
            self.add_error(date_field, _("Choose a date within the next five years."))
            return None
        local = datetime.combine(day, clock.replace(second=0, microsecond=0, tzinfo=None))
        aware = local.replace(tzinfo=zone)
        # A wall-clock time skipped when the clocks go forward does not round-trip.
        if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
            self.add_error(
                time_field,
                _("This time does not exist in that time zone: the clocks go forward then."),
            )
            return None
        return aware

    def details(self) -> EventDetails:
        data = self.cleaned_data
        return EventDetails(
            title=data["title"],
            description=data["description"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            time_zone=data["time_zone"],
            location=data["location"],
            online_url=data["online_url"],
            capacity=data["capacity"],
        )

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        start, end = event.local_start, event.local_end
        return {
            "title": event.title,
            "description": event.description,
            "start_date": start.date(),
            "start_time": start.time().replace(tzinfo=None),
            "end_date": end.date(),
            "end_time": end.time().replace(tzinfo=None),
            "time_zone": event.time_zone,
            "location": event.location,
            "online_url": event.online_url,
            "capacity": event.capacity,
        }


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[
            (Rsvp.Answer.GOING, _("Going")),
            (Rsvp.Answer.MAYBE, _("Maybe")),
            (Rsvp.Answer.NOT_GOING, _("Not going")),
        ],
        error_messages={"invalid_choice": _("Answer going, maybe or not going.")},
    )
    hidden = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Without the checkbox's companion field the answer keeps the earlier choice.
        self.keeps_hidden = "hidden_shown" not in self.data

"""Demo events for Radwerk Südstadt: a workshop (waitlisted), a ride, an online hour, a past one."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mundwerk.accounts.models import User
from mundwerk.events import actions
from mundwerk.events.actions import EventDetails
from mundwerk.events.models import Event
from mundwerk.spaces.models import Space

ZONE = "Europe/Berlin"
ORGANISER = "werkstattleitung"


@dataclass(frozen=True)
class DemoEvent:
    space: str
    organiser: str
    title: str
    description: str
    days_ahead: int  # negative: it is over
    start: tuple[int, int]
    hours: float
    location: str = ""
    online_url: str = ""
    capacity: int | None = None
    going: tuple[str, ...] = ()
    maybe: tuple[str, ...] = ()


EVENTS = (
    DemoEvent(
        space="werkstatt",
        organiser=ORGANISER,
        title="Schrauberabend: Bremsen selbst einstellen",
        description=(
            "Ihr bringt euer Rad mit, wir zeigen an zwei Montageständern, wie man "
            "Felgen- und Scheibenbremsen einstellt und Beläge tauscht.\n\n"
            "- Werkzeug ist da, Kaffee auch\n"
            "- Ersatzbeläge gibt es zum Einkaufspreis\n\n"
            "Die Plätze sind begrenzt, weil nur zwei Ständer in die Werkstatt passen."
        ),
        days_ahead=6,
        start=(18, 30),
        hours=2.5,
        location="Radwerk Südstadt, Musterstraße 12, 12345 Beispielstadt",
        capacity=6,
        going=(
            "schrauber_ole",
            "jule_radelt",
            "fixie_finn",
            "schlauchflicker",
            "pedalritterin",
            "klingel_karl",
            "velo_vroni",
        ),
        maybe=("pendler_paul",),
    ),
    DemoEvent(
        space="touren",
        organiser="tourenmaus",
        title="Feierabendrunde zum Stausee",
        description=(
            "Gemütliche Runde, etwa 35 km, fast alles auf Radwegen. Tempo nach den "
            "Langsamsten, Pause am Kiosk. Licht nicht vergessen, zurück sind wir in "
            "der Dämmerung."
        ),
        days_ahead=10,
        start=(18, 0),
        hours=3,
        location="Treffpunkt vor dem Radwerk, Musterstraße 12",
        going=("gravel_gustav", "oma_erika", "nabendynamo", "velo_vroni"),
        maybe=("bergziege87", "kopfsteinpflaster"),
    ),
    DemoEvent(
        space="ebike",
        organiser=ORGANISER,
        title="Online-Sprechstunde: Akku richtig pflegen",
        description=(
            "Eine Stunde Fragen und Antworten mit Tarek aus der Werkstatt: laden im "
            "Winter, lagern, Reichweite, wann sich ein neuer Akku lohnt. Fragen gern "
            "vorab in der Diskussion zu diesem Termin."
        ),
        days_ahead=14,
        start=(19, 0),
        hours=1,
        online_url="https://meet.example.org/radwerk-akku",
        capacity=30,
        going=("sattelfest_sabine", "oma_erika", "lastenrad_lena"),
        maybe=("klingel_karl",),
    ),
    DemoEvent(
        space="laden",
        organiser=ORGANISER,
        title="Frühjahrs-Check-Tag im Laden",
        description=(
            "Kostenloser Kurz-Check für euer Rad: Bremsen, Licht, Reifendruck, Kette. "
            "Danke an alle, die da waren!"
        ),
        days_ahead=-12,
        start=(10, 0),
        hours=4,
        location="Radwerk Südstadt, Musterstraße 12, 12345 Beispielstadt",
        going=("kettenblatt_kai", "speichen_susi", "ritzel_rudi", "rennrad_ronja"),
    ),
)


def _details(spec: DemoEvent, now: datetime) -> EventDetails:
    zone = ZoneInfo(ZONE)
    day = (now.astimezone(zone) + timedelta(days=abs(spec.days_ahead))).date()
    start = datetime(day.year, day.month, day.day, *spec.start, tzinfo=zone)
    return EventDetails(
        title=spec.title,
        description=spec.description,
        starts_at=start,
        ends_at=start + timedelta(hours=spec.hours),
        time_zone=ZONE,
        location=spec.location,
        online_url=spec.online_url,
        capacity=spec.capacity,
    )


def load_demo_events(now: datetime, people: dict[str, User], spaces: dict[str, Space]) -> int:
    """Create the demo events with their answers; return how many were made.

    Members answer while an event lies ahead, so a past event is planned
    ahead and then moved back in time, as the demo loader backdates posts.
    """
    made = 0
    for spec in EVENTS:
        if spec.space not in spaces or spec.organiser not in people:
            continue
        event = actions.create_event(
            organiser=people[spec.organiser], space=spaces[spec.space], details=_details(spec, now)
        )
        for names, answer in ((spec.going, "going"), (spec.maybe, "maybe")):
            for name in names:
                if name in people:
                    actions.respond_to_event(member=people[name], event=event, answer=answer)
        if spec.days_ahead < 0:
            shift = timedelta(days=2 * abs(spec.days_ahead))
            Event.objects.filter(pk=event.pk).update(
                starts_at=event.starts_at - shift, ends_at=event.ends_at - shift
            )
        made += 1
    return made

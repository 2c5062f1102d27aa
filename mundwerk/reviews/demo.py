"""The demo bike shop's review subjects and reviews, written through the real actions."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from mundwerk.accounts.models import User
from mundwerk.reviews import actions
from mundwerk.reviews.models import OfficialReply, Review, ReviewRevision, Subject


@dataclass(frozen=True)
class DemoSubject:
    slug: str
    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class DemoReview:
    subject: str
    author: str
    stars: int
    title: str
    body: str
    days_ago: float
    answer: str = ""  # the shop's official answer, if any
    addition: str = ""  # appended later as a second version
    helpful: tuple[str, ...] = ()


SUBJECTS = (
    DemoSubject(
        "radwerk-suedstadt",
        "Radwerk Südstadt",
        Subject.Kind.ORGANIZATION,
        "Fahrradwerkstatt und Laden in der Südstadt: Reparatur, Beratung, E-Bikes und "
        "Lastenräder. Mo bis Fr 10 bis 18 Uhr, Sa 10 bis 14 Uhr.",
    ),
    DemoSubject(
        "fruehjahrs-inspektion",
        "Frühjahrs-Inspektion",
        Subject.Kind.SERVICE,
        "Der große Check vor der Saison: Bremsen, Schaltung, Lager, Laufräder und Licht, "
        "mit Probefahrt und Protokoll.",
    ),
    DemoSubject(
        "lastenrad-verleih",
        "Lastenrad-Verleih",
        Subject.Kind.SERVICE,
        "Zwei Lastenräder mit Motor zum Ausleihen, stundenweise oder übers Wochenende.",
    ),
    DemoSubject(
        "radwerk-kettenoel",
        "Radwerk Kettenöl Allwetter",
        Subject.Kind.PRODUCT,
        "Unser eigenes Kettenöl für Regen und Sonne, 100 ml, biologisch abbaubar.",
    ),
)

REVIEWS = (
    DemoReview(
        "radwerk-suedstadt",
        "oma_erika",
        5,
        "Geduldig und ehrlich beraten",
        "Ich war unsicher, ob ein E-Bike in meinem Alter das Richtige ist. Man hat sich "
        "fast eine Stunde Zeit genommen, mich drei Räder probefahren lassen und mir am "
        "Ende sogar zum **günstigeren** Modell geraten. So eine Beratung findet man selten.",
        40,
        helpful=("pendler_paul", "sattelfest_sabine", "klingel_karl"),
    ),
    DemoReview(
        "radwerk-suedstadt",
        "pendler_paul",
        4,
        "Schnell, wenn es brennt",
        "Platten am Montagmorgen: um zehn abgegeben, um eins wieder abgeholt. Einziger "
        "Minuspunkt: Für größere Reparaturen gibt es im Frühjahr erst nach zwei Wochen einen "
        "Termin.",
        33,
        helpful=("nabendynamo",),
    ),
    DemoReview(
        "radwerk-suedstadt",
        "fixie_finn",
        2,
        "Zwölf Tage statt fünf, und kein Anruf",
        "Mein Rad stand zwölf Tage in der Werkstatt, angekündigt waren fünf. Angerufen hat "
        "niemand, ich musste dreimal nachfragen. Die Reparatur selbst war dann in Ordnung, "
        "aber so plane ich nicht noch mal.",
        21,
        answer="Hallo Finn, da hast du völlig recht, und das tut uns leid. Uns fehlte ein "
        "Ersatzteil, und wir haben versäumt, dich anzurufen. Seit März schicken wir eine "
        "Nachricht, sobald sich ein Termin verschiebt. Beim nächsten Besuch geht der "
        "Kaffee auf uns. Viele Grüße, Meike vom Radwerk-Team",
        helpful=("kopfsteinpflaster", "jule_radelt"),
    ),
    DemoReview(
        "radwerk-suedstadt",
        "lastenrad_lena",
        5,
        "Die Werkstatt, die Familien versteht",
        "Mit zwei Kindern kann ich nicht eine Woche aufs Lastenrad verzichten. Hier wird "
        "es meistens am selben Tag gemacht, und für den Notfall gab es ein Leihrad.",
        12,
        addition="\n\nNachtrag: Auch die Nabenschaltung war nach dem Winter schnell wieder fit.",
    ),
    DemoReview(
        "fruehjahrs-inspektion",
        "ritzel_rudi",
        5,
        "Gründlich, mit Protokoll",
        "Schaltung perfekt eingestellt, Kettenverschleiß gemessen und *nicht* gleich "
        "getauscht, weil noch gut. Dazu ein Protokoll mit allem, was gemacht wurde.",
        28,
        helpful=("schrauber_ole",),
    ),
    DemoReview(
        "fruehjahrs-inspektion",
        "tourenmaus",
        3,
        "Gut gemacht, aber teurer als gedacht",
        "Das Rad läuft wieder wunderbar. Nur kamen zu den 69 Euro noch Bremsbeläge und ein "
        "Schlauch dazu. Ich hätte mir vorher einen Anruf gewünscht.",
        18,
    ),
    DemoReview(
        "fruehjahrs-inspektion",
        "rennrad_ronja",
        4,
        "Solide vor der Saison",
        "Schnell erledigt, die Laufräder sind sauber zentriert. Beim Rennrad hätte ich mir "
        "etwas mehr Ahnung von Scheibenbremsen gewünscht, aber passt.",
        9,
    ),
    DemoReview(
        "lastenrad-verleih",
        "klingel_karl",
        5,
        "Umzug mit dem Lastenrad geschafft",
        "Übers Wochenende geliehen und damit die halbe Kinderzimmer-Einrichtung "
        "transportiert. Akku hielt den ganzen Samstag, Übergabe unkompliziert.",
        25,
        helpful=("lastenrad_lena", "velo_vroni"),
    ),
    DemoReview(
        "lastenrad-verleih",
        "jule_radelt",
        4,
        "Praktisch, aber früh ausgebucht",
        "Die Räder sind super, nur am Wochenende sind sie oft zwei Wochen im Voraus weg. "
        "Ein drittes Rad wäre toll.",
        7,
    ),
    DemoReview(
        "radwerk-kettenoel",
        "schlauchflicker",
        4,
        "Hält auch im Regen",
        "Nach drei Regenfahrten zur Arbeit läuft die Kette immer noch leise. Riecht "
        "angenehmer als mein altes Öl.",
        15,
    ),
    DemoReview(
        "radwerk-kettenoel",
        "kettenblatt_kai",
        3,
        "Ordentlich, aber nichts Besonderes",
        "Tut, was es soll. Für den Preis würde ich mir eine größere Flasche wünschen.",
        5,
    ),
)


def load_demo_reviews(now: datetime, people: dict[str, User], staff: User) -> int:
    """Create the shop's review subjects and reviews (one critical, answered); return the count.

    Reviews by members missing from `people` are left out. Times are moved
    into the weeks before `now`.
    """
    subjects: dict[str, Subject] = {}
    for position, spec in enumerate(SUBJECTS):
        subject = Subject(
            name=spec.name,
            slug=spec.slug,
            kind=spec.kind,
            description=spec.description,
            position=position * 10,
        )
        subjects[spec.slug] = actions.save_subject(subject, editor=staff)
    written = 0
    for review in REVIEWS:
        author = people.get(review.author)
        if author is None:
            continue
        _write(review, subjects[review.subject], author, people, staff, now)
        written += 1
    return written


def _write(
    spec: DemoReview,
    subject: Subject,
    author: User,
    people: dict[str, User],
    staff: User,
    now: datetime,
) -> None:
    review = actions.create_review(
        author=author, subject=subject, stars=spec.stars, title=spec.title, body=spec.body
    )
    written_at = now - timedelta(days=spec.days_ago)
    Review.objects.filter(pk=review.pk).update(created_at=written_at)
    ReviewRevision.objects.filter(review=review).update(created_at=written_at)
    if spec.addition:
        edited_at = written_at + timedelta(days=2)
        review = actions.edit_review(
            editor=author,
            review=review,
            stars=spec.stars,
            title=spec.title,
            body=spec.body + spec.addition,
        )
        Review.objects.filter(pk=review.pk).update(edited_at=edited_at)
        ReviewRevision.objects.filter(review=review, number=2).update(created_at=edited_at)
    if spec.answer:
        actions.reply_to_review(replier=staff, review=review, body=spec.answer)
        answered_at = written_at + timedelta(hours=3)
        OfficialReply.objects.filter(review=review).update(created_at=answered_at)
    for name in spec.helpful:
        voter = people.get(name)
        if voter is not None and voter.pk != author.pk:
            actions.mark_helpful(member=voter, review=review)

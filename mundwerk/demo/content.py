"""Who and where in the demo: site settings, spaces, members, and the shape of a thread."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reply:
    """A reply in a demo thread; `author` None means someone from the community, at random."""

    author: str | None
    body: str
    quote: int | None = None  # number of the post in the same topic this reply quotes


@dataclass(frozen=True)
class Edit:
    """A later change to a post: `addition` is appended to its text as a new revision."""

    number: int
    addition: str
    editor: str | None = None  # None: the post's author


@dataclass(frozen=True)
class Thread:
    """A topic with its opening post, its replies in order, and what happens later."""

    space: str
    author: str
    title: str
    body: str
    replies: tuple[Reply, ...] = ()
    picture: str | None = None  # a name from mundwerk.demo.pictures.PICTURES
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True)
class Member:
    username: str
    display_name: str
    bio: str = ""


@dataclass(frozen=True)
class SpaceSpec:
    slug: str
    name: str
    colour: str
    description: str


@dataclass(frozen=True)
class SiteSpec:
    name: str
    tagline: str
    primary_colour: str
    imprint: str
    privacy_policy: str


SITE = SiteSpec(
    name="Radwerk Südstadt",
    tagline="Die Community deiner Fahrradwerkstatt: fragen, schrauben, losfahren.",
    primary_colour="#1f7a5a",
    imprint="""\
**Radwerk Südstadt GmbH** (Demo-Inhalt, fiktives Unternehmen)
Musterstraße 12
12345 Beispielstadt

Telefon: 0123 456789
E-Mail: werkstatt@example.org

Geschäftsführung: Meike Beispiel
Registergericht: Amtsgericht Beispielstadt, HRB 00000
USt-IdNr.: DE000000000

Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV: Meike Beispiel, Anschrift wie oben.

> Dies ist ein Beispiel-Impressum der Mundwerk-Demo. Ersetze es vor dem Einsatz
> durch die Angaben deines Unternehmens.
""",
    privacy_policy="""\
## Datenschutz auf einen Blick

Diese Community wird von der Radwerk Südstadt GmbH betrieben (Demo-Inhalt).
Wir speichern nur, was für die Community nötig ist:

- **Konto:** Benutzername, E-Mail-Adresse und ein sicher gespeichertes Passwort.
- **Beiträge:** was du schreibst und hochlädst, mit Bearbeitungsverlauf.
- **Technik:** ein Sitzungs-Cookie, damit du angemeldet bleibst. Keine Werbe- oder Tracking-Cookies.

Bilder werden beim Hochladen neu gespeichert; dabei entfernen wir Metadaten wie
GPS-Koordinaten.

Du kannst deine Daten jederzeit exportieren oder dein Konto löschen. Fragen an
[datenschutz@example.org](mailto:datenschutz@example.org).

> Beispieltext der Mundwerk-Demo. Ersetze ihn vor dem Einsatz durch eine
> geprüfte Datenschutzerklärung.
""",
)

SPACES = (
    SpaceSpec(
        "werkstatt",
        "Werkstatt & Reparatur",
        "#c0392b",
        "Panne, Quietschen, Schaltung spinnt? Hier hilft die Community, und das Team aus der "
        "Werkstatt schaut auch rein.",
    ),
    SpaceSpec(
        "touren",
        "Touren & Ausfahrten",
        "#2e8b57",
        "Tourberichte, Routen-Tipps und gemeinsame Ausfahrten rund um die Südstadt.",
    ),
    SpaceSpec(
        "ebike",
        "E-Bikes & Lastenräder",
        "#1d6fa5",
        "Akku, Motor, Reichweite, Kindertransport: alles über Räder mit Rückenwind und Ladefläche.",
    ),
    SpaceSpec(
        "kaufberatung",
        "Kaufberatung",
        "#8e44ad",
        "Welches Rad passt zu mir? Fragen vor dem Kauf, neu oder gebraucht.",
    ),
    SpaceSpec(
        "laden",
        "Aus dem Laden",
        "#d35400",
        "Neuigkeiten vom Radwerk-Team: Termine, Öffnungszeiten, Aktionen.",
    ),
    SpaceSpec(
        "plauderecke",
        "Plauderecke",
        "#6b7b8c",
        "Alles rund ums Rad und ein bisschen darüber hinaus.",
    ),
)

STAFF = Member(
    "werkstattleitung",
    "Radwerk-Team",
    "Hier schreibt das Team vom Radwerk Südstadt: Meike, Tarek und Jonas. "
    "Werkstatt Mo bis Fr 10 bis 18 Uhr, Sa 10 bis 14 Uhr.",
)

MEMBERS = (
    Member("kettenblatt_kai", "Kai", "Schraube seit zwanzig Jahren an allem, was zwei Räder hat."),
    Member("speichen_susi", "Susi", "Laufradbau ist meine Meditation."),
    Member("bergziege87", "Bergziege", "Hauptsache bergauf. Alpenpässe sammeln statt Briefmarken."),
    Member("lastenrad_lena", "Lena", "Zwei Kinder, ein Lastenrad, kein Auto."),
    Member(
        "schrauber_ole",
        "Ole",
        "Gelernter Zweiradmechaniker, jetzt im Büro, am Wochenende im Keller.",
    ),
    Member("tourenmaus", "Tourenmaus", "Lieber 80 km gemütlich als 40 km schnell."),
    Member("ritzel_rudi", "Rudi", "Schaltungen sind mein Hobby. Fragt mich nach Kettenlinien."),
    Member("pedalritterin", "Pedalritterin", "Stadtradlerin, Kurierin a. D."),
    Member("velo_vroni", "Vroni", "Fahre Rad, trinke Kaffee, in dieser Reihenfolge."),
    Member("gravel_gustav", "Gustav", "Schotter, Waldwege, Sonnenuntergänge."),
    Member("nabendynamo", "Jens", "Licht an, immer. Ganzjahrespendler."),
    Member("jule_radelt", "Jule", "Studentin, Altbau im 4. Stock, Rad im Treppenhaus."),
    Member("klingel_karl", "Karl", "Vater von drei Kindern und fünf Fahrrädern."),
    Member("rennrad_ronja", "Ronja", "Vereinsfahrerin, Intervalle am Dienstag."),
    Member("kopfsteinpflaster", "Kopfsteinpflaster", "Kenne jede Pflasterritze der Altstadt."),
    Member("sattelfest_sabine", "Sabine", "E-Bike-Umsteigerin seit letztem Frühjahr."),
    Member("fixie_finn", "Finn", "Ein Gang reicht. Meistens."),
    Member("schlauchflicker", "Schlauchflicker", "Führe eine Statistik über meine Plattfüße."),
    Member("oma_erika", "Erika", "74 Jahre, seit Mai mit E-Bike unterwegs."),
    Member("pendler_paul", "Paul", "14 km zur Arbeit, bei jedem Wetter."),
)

"""Word lists for the benchmark's generated text: what both languages share.

The German and English phrases are in `bench.data_german` and
`bench.data_english`, with the same names in both. Everything was written
for Mundwerk's benchmark data. Phrases are already inflected, so a sentence
pattern can put any subject next to any predicate and stay grammatical.
Nothing may contain `@`, `#`, `_` at a word's edge or a `word.tld` shape:
the generator adds mentions, tags and links itself and relies on the rest of
the text rendering the same wherever it lands.
"""


def lines(text: str) -> tuple[str, ...]:
    """Return the non-empty, stripped lines of `text`."""
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CODE_SNIPPETS = lines("""
    M5
    5 Nm
    4,5 bar
    60 psi
    git pull
    sudo reboot
    pip install --upgrade
    config.yaml
    SRAM 11-fach
    28 x 1.75
    ping 192.168.1.1
    reset --hard
    F2
    Strg+Alt+Entf
    ISO 4210
    Torx T25
    12V/2A
    error 0x80070005
""")

CODE_BLOCKS = (
    "```\ntorque: 5 Nm\npressure: 4.5 bar\nchain: 11-speed\n```",
    "```\n$ sudo systemctl restart router\n$ ping -c 3 192.168.1.1\n```",
    "```python\nfor part in parts:\n    print(part.name, part.price)\n```",
    "```\nFehler E-07: Sensor nicht erkannt\n```",
    "```\nerror: battery temperature out of range (52 C)\n```",
    '```json\n{"mode": "eco", "assist": 2, "light": true}\n```',
)

URL_PATHS = lines("""
    anleitung/bremse-entlueften
    shop/ersatzteile
    blog/wintercheck
    hilfe/garantie
    termine/werkstatt
    guides/chain-care
    docs/firmware-update
    products/cargo-bike
    faq/returns
    events/summer-ride
    wiki/tyre-pressure
    downloads/manual.pdf
""")

URL_QUERIES = ("", "", "", "?id=123", "?page=2", "?size=m&colour=blau", "#abschnitt-3")

# Usernames are built from these; none may be a reserved name or a web domain.
FIRST_NAMES = words("""
    anna bernd clara david emma felix greta hannah ida jonas karl lena max mia noah
    olga paul quirin rosa sami tim ute vera willi xenia yusuf zoe lukas marie leon sophie
    finn lina elias lea ben nele jan amelie moritz ella tom laura niklas johanna aylin
    mehmet fatma kemal piotr agnieszka ivan natasha luca giulia marco chiara pablo lucia
    jorge sofia liam olivia ethan ava noor omar lars ingrid sven birgit helga dieter
    wolfgang petra monika uwe sabine thomas andrea stefan katrin jens nina frank heike
    tobias jana simon carla henrik frieda anton mila oskar theo lotta emil juna
""")

SURNAMES = words("""
    schmidt mueller schneider fischer weber meyer wagner becker schulz hoffmann koch
    richter klein wolf schroeder neumann schwarz braun zimmermann krueger hartmann
    lange werner krause lehmann koehler maier kaiser fuchs peters scholz moeller
    weiss jung hahn vogel friedrich keller guenther berger frank roth beck lorenz
    baumann franke albrecht ludwig winter kraus martin simon boehm sommer jansen
    smith jones taylor brown wilson evans thomas roberts walker wright green hall
    wood clarke hughes edwards kowalski novak horvat rossi garcia silva yilmaz demir
""")

HANDLE_WORDS = words("""
    speiche kette ritzel pedal sattel lenker schlauch ventil dynamo gabel rahmen
    nabe felge tacho klingel werkstatt schrauber radler pendler tourer bergziege
    stadtflitzer lastenrad kaffee garten balkon kompass funke rabe fuchs igel
    spoke chain sprocket saddle valve rider commuter wrench gear crank cog pedals
    biker rambler tinker maker fixer roadie rookie veteran wanderer sprinter
""")

HANDLE_ADJECTIVES = words("""
    schnelle rostige leise wilde kleine alte neue flinke muede gruene rote blaue
    fast rusty quiet wild tiny old shiny happy sleepy green red blue lucky brave
""")

# Tag names: lower case, no underscores; the generator adds a few numbered ones.
TAG_WORDS = words("""
    fahrrad ebike e-bike lastenrad werkstatt reparatur wartung bremse bremsen kette
    schaltung reifen schlauch akku licht beleuchtung sattel lenker rahmen gabel
    federung nabe felge speichen pedale tretlager kassette ritzel schloss diebstahl
    versicherung leasing garantie reklamation lieferung bestellung gutschein rabatt
    angebot kaufberatung gebraucht marktplatz tausch verkauf suche fundstück
    tour touren radtour bikepacking pendeln alltag stadt verkehr radweg radwege
    sicherheit helm regen winter sommer frühling herbst wetter kälte hitze nacht
    kinder familie kindersitz anhänger hund urlaub reise bahn zug camping zelt
    garten balkon kochen backen rezept kaffee tee frühstück grillen vegan
    fotografie foto video kamera handy app software update firmware router wlan
    smarthome computer laptop drucker linux windows android iphone datenschutz
    nachhaltigkeit umwelt klima recycling upcycling diy basteln werkzeug holz
    metall elektrik löten nähen stricken treffen stammtisch event workshop kurs
    vortrag feedback idee wunsch hilfe frage anleitung tipp trick erfahrung
    test bericht vergleich preis qualität hersteller marke neuheit messe
    bike cycling repair maintenance brakes chain gears tyres battery lights saddle
    commute commuting city traffic safety helmet rain winterriding summer
    bikepark gravel mtb roadbike touring cargo kids family travel train
    gardening cooking baking recipe coffee photography camera phone software
    privacy sustainability climate tools woodworking electronics sewing meetup
    howto question answer tips review comparison price quality announcement
    offtopic welcome introduction community rules moderation archive news
""")

TAG_SUFFIXES = words("2024 2025 2026 tipps hilfe fragen news")

SPACES = lines("""
    Ankündigungen | Neuigkeiten aus dem Team und der Community.
    Willkommen & Vorstellung | Neu hier? Erzähl, wer du bist.
    Fahrradtechnik | Schaltung, Bremsen, Laufräder: alles Technische.
    E-Bikes | Motoren, Akkus, Reichweite und Software.
    Werkstatt & Reparatur | Selbst schrauben oder schrauben lassen.
    Touren & Routen | Tagestouren, Reiseberichte und GPS-Tracks.
    Marktplatz | Suchen, bieten, tauschen.
    Kaufberatung | Welches Rad, welches Teil, welcher Preis?
    Events & Treffen | Stammtische, Ausfahrten und Workshops.
    Feedback zum Shop | Lob, Kritik und Ideen für uns.
    Hilfe & Support | Fragen zu Bestellungen, Lieferung und Garantie.
    Off-Topic | Alles, was sonst nirgends passt.
    Garten & Balkon | Grünes Daumenkino.
    Kochen & Backen | Rezepte und Küchentricks.
    Foto & Video | Bilder von unterwegs und Technikfragen.
    Computer & Technik | Laptops, Router, Software.
    Smart Home | Vernetztes Wohnen ohne Frust.
    Reisen | Mit Bahn, Rad und Zelt unterwegs.
    Familie & Kinder | Kindersitze, Anhänger, Schulweg.
    Sport & Fitness | Training, Ernährung, Regeneration.
    Bücher & Filme | Was lest und schaut ihr gerade?
    Nachhaltigkeit | Reparieren statt wegwerfen.
    DIY & Basteln | Selbstgebautes aller Art.
    Stadt & Verkehr | Radwege, Ampeln, Verkehrspolitik.
    English corner | For everyone who prefers English.
    Jobs & Ausbildung | Stellen in der Branche, Ausbildung, Praktika.
    Wetter & Saison | Winterpokal, Regenfahrten und Sonnenschein.
    Ideen & Wünsche | Was soll die Community als Nächstes können?
    Fotowettbewerb | Das Bild des Monats.
    Archiv | Alte Themen zum Nachlesen.
""")

SPACE_COLOURS = words("""
    #1d6fa5 #2e7d32 #c62828 #6a1b9a #ef6c00 #00838f #5d4037 #455a64 #ad1457 #283593
""")

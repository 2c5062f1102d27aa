"""Demo threads in "Plauderecke"."""

from mundwerk.demo.content import Reply, Thread

THREADS = (
    Thread(
        space="plauderecke",
        author="kettenblatt_kai",
        title="Zeigt her eure Räder!",
        body="""\
Ich fange mal an: Mein Alltagsrad ist ein **Stahlrahmen von 1989**, den ich vor zehn \
Jahren vom Sperrmüll gerettet habe. Inzwischen mit:

- 1x10-Schaltung
- Nabendynamo und LED-Licht
- Ledersattel, der endlich eingefahren ist

Was fahrt ihr? Gern mit Geschichte! #zeigdeinrad #fahrrad""",
        replies=(
            Reply(
                "fixie_finn",
                """\
Singlespeed, natürlich. Alter Bahnrahmen, Übersetzung `46:17`. Das Schönste: Es gibt \
fast nichts, was kaputtgehen kann.""",
            ),
            Reply(
                "rennrad_ronja",
                "Vereinsrennrad aus Carbon und für den Winter ein altes Crossrad. "
                "Beide heißen Berta.",
            ),
            Reply(
                "pedalritterin",
                """\
Mein ehemaliges Kurierrad: Stahl, Lenkertasche, zwei Körbe. Sieht aus wie ein \
Lastenesel, fährt sich wie ein Traum.""",
            ),
            Reply(
                "kettenblatt_kai",
                """\
> Beide heißen Berta.

@rennrad_ronja Das musst du erklären. 😂""",
                quote=3,
            ),
            Reply(
                "rennrad_ronja",
                "Nach meiner Oma. Sie ist früher jeden Tag 20 km zur Arbeit geradelt. Ehrensache.",
            ),
        ),
    ),
    Thread(
        space="plauderecke",
        author="kopfsteinpflaster",
        title="Euer liebster Radweg in der Stadt?",
        body="""\
Welche Strecke in der Stadt fahrt ihr am liebsten? Meine: der Weg am alten Bahndamm. \
Breit, kaum Kreuzungen, im Sommer schattig unter den Bäumen.

Und welche Strecke meidet ihr? Bei mir: die Hauptstraße am Markt. Kopfsteinpflaster \
**und** Lieferverkehr. #stadtverkehr #radwege""",
        replies=(
            Reply(
                "jule_radelt",
                "Der Bahndamm ist super! Leider fehlt am Ende die Verbindung zur Uni, "
                "da wird es eng.",
            ),
            Reply(
                "pendler_paul",
                """\
Die neue Fahrradstraße an der Schule ist mein Favorit. Seit die Autos dort nur noch \
Anlieger sind, macht es richtig Spaß.""",
            ),
            Reply(
                "pedalritterin",
                """\
Wer mithelfen will, die Lücken zu melden: Die Stadt sammelt gerade Hinweise für den \
Radverkehrsplan, https://example.org/radverkehrsplan #radwege""",
            ),
        ),
    ),
    Thread(
        space="plauderecke",
        author="klingel_karl",
        title="Klingeln oder nicht klingeln?",
        body="""\
Ich habe den Eindruck, Klingeln wird als unhöflich empfunden. Wenn ich auf dem \
gemeinsamen Geh- und Radweg klingle, ernte ich böse Blicke. Wenn nicht, erschrecken \
sich die Leute beim Überholen.

Wie macht ihr das? Klingel, Räuspern, „Hallo“ rufen? #stadtverkehr""",
        replies=(
            Reply(
                "oma_erika",
                """\
Als Fußgängerin freue ich mich über ein **frühes, kurzes Klingeln**. Erschrecken tut \
man sich nur, wenn es direkt hinter einem klingelt.""",
            ),
            Reply(
                "velo_vroni",
                "Ich sage meistens freundlich „Vorsicht, Rad!“. Funktioniert erstaunlich gut.",
            ),
            Reply(
                "klingel_karl",
                """\
> frühes, kurzes Klingeln

Das nehme ich mit. Danke, @oma_erika, für die Perspektive von der anderen Seite!""",
                quote=2,
            ),
        ),
    ),
    Thread(
        space="plauderecke",
        author="nabendynamo",
        title="Wintersaison: Wer fährt durch?",
        body="""\
Der erste Frost ist da. Wer von euch fährt auch im Winter jeden Tag? Meine Ausrüstung:

- Spikereifen bei Glätte, sonst Winterreifen mit viel Profil
- Lobster-Handschuhe
- Licht, Licht, Licht

Das Schönste am Winterradeln: morgens als Erste über den frischen Schnee. ❄️ #winter #pendeln""",
        replies=(
            Reply(
                "pendler_paul",
                """\
Fahre durch, außer bei Glatteis. Tipp: Kette im Winter öfter ölen, das Streusalz \
frisst sonst alles weg.""",
            ),
            Reply(
                "rennrad_ronja",
                "Im Winter wird bei mir drinnen auf der Rolle trainiert. "
                "Respekt an alle, die draußen fahren!",
            ),
            Reply(
                "schlauchflicker",
                """\
Winter-Statistik-Bonus: Bei Nässe bleiben Splitter eher im Reifen stecken. Seit den \
neuen Reifen aber null Platten. Zähle weiter. 📊""",
            ),
            Reply(
                "werkstattleitung",
                """\
Passend dazu: Spikereifen haben wir ab sofort vorrätig, und das Aufziehen ist bei \
uns im Winter kostenlos. #winter""",
            ),
        ),
    ),
    Thread(
        space="plauderecke",
        author="velo_vroni",
        title="Die besten Kaffee-Stopps für Radlerinnen und Radler",
        body="""\
Ihr wisst, was ich suche: Cafés, an denen man das Rad **im Blick** abstellen kann, \
die Kuchen haben und Radler in Radhose nicht schief anschauen.

Meine Top 3:

1. Das Café an der Fähre (Zwetschgenkuchen!)
2. Der Kiosk am Stausee
3. Die Bäckerei im Nachbardorf mit dem großen Fahrradständer

Eure Tipps? #kaffee #touren""",
        replies=(
            Reply(
                "tourenmaus",
                "Die Mühle im Tal! Hat sogar eine Luftpumpe an der Theke. 😄",
            ),
            Reply(
                "gravel_gustav",
                "Für Gravel-Leute: der Hofladen am Waldrand. Kaffee aus der Kanne, Eier vom Hof.",
            ),
            Reply(
                "bergziege87",
                """\
> Das Café an der Fähre (Zwetschgenkuchen!)

Kann ich bestätigen. Der Zwetschgenkuchen ist ein guter Grund für Umwege.""",
                quote=1,
            ),
        ),
    ),
)

"""Demo threads in "Aus dem Laden", mostly from the shop's own team."""

from mundwerk.demo.content import Edit, Reply, Thread

THREADS = (
    Thread(
        space="laden",
        author="werkstattleitung",
        title="Willkommen in der Radwerk-Community!",
        body="""\
Hallo und herzlich willkommen! 👋

Hier treffen sich alle, die gern Rad fahren und schrauben, ob Profi oder Anfängerin. \
Wir vom **Radwerk Südstadt** lesen mit und antworten, wo wir helfen können.

**So findet ihr euch zurecht:**

- *Werkstatt & Reparatur*: Fragen zu Pannen und Wartung
- *Touren & Ausfahrten*: Routen und gemeinsame Runden
- *E-Bikes & Lastenräder*: alles mit Motor und Ladefläche
- *Kaufberatung*: vor dem Kauf fragen
- *Plauderecke*: alles andere

**Ein paar Regeln:** freundlich bleiben, keine Werbung für andere Läden, keine \
Verkaufsanzeigen für Räder ohne Rahmennummer. Erwähnt andere mit `@name` und \
verschlagwortet mit `#schlagwort`, dann findet man eure Beiträge leichter.

Viel Spaß! #willkommen #radwerk""",
        replies=(
            Reply(
                "kettenblatt_kai", "Endlich ein Forum ohne Werbebanner. Schön, dass es das gibt!"
            ),
            Reply("velo_vroni", "Hallo in die Runde! Freue mich auf den Austausch. ☕"),
            Reply(
                "schrauber_ole",
                """\
Hallo! Gelernter Zweiradmechaniker hier, ich helfe gern bei Werkstattfragen, wenn das \
Team gerade keine Zeit hat.""",
            ),
            Reply(
                "werkstattleitung",
                """\
Danke euch! Und @schrauber_ole: Dein Angebot nehmen wir gern an. Wir haben schon \
gesehen, wie hilfsbereit du bist. 🔧""",
            ),
        ),
        edits=(
            Edit(
                1,
                "**Neu:** Die Termine für den Frühjahrscheck stehen im Thema nebenan.",
            ),
        ),
    ),
    Thread(
        space="laden",
        author="werkstattleitung",
        title="Frühjahrscheck: Termine ab sofort buchbar",
        body="""\
Die Saison geht los! Ab sofort könnt ihr Termine für unseren **Frühjahrscheck** buchen.

**Im Preis von 59 € enthalten:**

- Schaltung und Bremsen einstellen
- Kette prüfen, reinigen und ölen
- Laufräder zentrieren
- Licht prüfen
- Alle Schrauben nachziehen (nach Herstellerangaben)

Verschleißteile rechnen wir nach Absprache extra ab, vorher rufen wir euch an. \
Termine online unter https://example.org/termine oder direkt im Laden. #fruehjahrscheck #radwerk""",
        replies=(
            Reply("pendler_paul", "Gleich für nächste Woche gebucht. Mein Winterrad hat es nötig."),
            Reply(
                "jule_radelt",
                "Macht ihr auch E-Bikes zum gleichen Preis? Meine Mitbewohnerin fragt.",
            ),
            Reply(
                "werkstattleitung",
                """\
@jule_radelt Für E-Bikes kostet der Check **79 €**, weil wir zusätzlich die Software \
aktualisieren und den Akku prüfen.""",
            ),
        ),
        edits=(
            Edit(
                1,
                "**Aktualisiert:** Im April sind nur noch Termine ab dem 20. frei.",
                "werkstattleitung",
            ),
        ),
    ),
    Thread(
        space="laden",
        author="werkstattleitung",
        title="Schrauberabend: jeden ersten Mittwoch, Werkstatt offen für alle",
        body="""\
Ihr wollt selbst schrauben, habt aber kein Werkzeug oder keinen Platz? Dann kommt zum \
**Schrauberabend**!

- Jeden ersten Mittwoch im Monat, 18 bis 21 Uhr
- Werkzeug und Montageständer stehen bereit
- Jemand vom Team hilft und erklärt
- Teilnahme kostenlos, Ersatzteile zum Ladenpreis

Bringt gern Snacks mit, Getränke gibt es von uns. #schrauberabend #werkstatt""",
        replies=(
            Reply("speichen_susi", "Ich komme und bringe mein Zentrierwerkzeug mit!"),
            Reply(
                "fixie_finn",
                """\
Super Idee. Kann ich da auch lernen, wie man ein Tretlager tauscht? Hab das noch nie \
gemacht.""",
            ),
            Reply(
                "werkstattleitung",
                """\
@fixie_finn Auf jeden Fall! Sag vorher kurz, welches Tretlager du hast (Gewinde oder \
Pressfit), dann legen wir das passende Werkzeug bereit.""",
            ),
            Reply(
                "kettenblatt_kai",
                "Ich bin auch dabei und helfe gern mit. "
                "Wer Fragen zu Schaltungen hat, immer her damit.",
            ),
        ),
    ),
    Thread(
        space="laden",
        author="werkstattleitung",
        title="Winteröffnungszeiten ab November",
        body="""\
Von November bis Februar gelten bei uns die **Winteröffnungszeiten**:

- Montag bis Freitag: 11 bis 18 Uhr
- Samstag: 10 bis 13 Uhr

Die Werkstatt nimmt weiterhin Reparaturen an, meistens sind Räder im Winter sogar \
schneller fertig. #radwerk #oeffnungszeiten""",
        replies=(
            Reply(
                "nabendynamo",
                "Danke für die Info! Ist die Luftstation vor der Tür auch im Winter da?",
            ),
            Reply(
                "werkstattleitung",
                "@nabendynamo Ja, die Pumpe und das Werkzeug an der Säule "
                "sind rund um die Uhr zugänglich.",
            ),
        ),
    ),
    Thread(
        space="laden",
        author="werkstattleitung",
        title="Fotoaktion: Zeigt uns eure schönste Tour!",
        body="""\
Diesen Monat suchen wir eure **schönsten Tourfotos**. Einfach hier antworten, Bild \
anhängen und in zwei Sätzen erzählen, wo ihr wart.

Unter allen Beiträgen verlosen wir einen **Gutschein über 50 €** für die Werkstatt. \
Teilnahmebedingungen: https://example.org/fotoaktion #fotoaktion #touren""",
        replies=(
            Reply(
                "gravel_gustav",
                """\
Ich werfe meine Gravel-Runde von letzter Woche in den Topf. Das Foto hängt im \
Touren-Bereich, ich hoffe, das zählt. 🌅""",
            ),
            Reply(
                "bergziege87",
                "Der Pass zählt auch, oder? 1.400 Höhenmeter müssen belohnt werden. 😄",
            ),
            Reply(
                "werkstattleitung",
                """\
Klar zählt das, @gravel_gustav und @bergziege87! Wir verlinken eure Themen in der \
Auslosung.""",
            ),
        ),
    ),
)

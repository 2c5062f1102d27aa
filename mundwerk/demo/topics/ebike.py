"""Demo threads in "E-Bikes & Lastenräder"."""

from mundwerk.demo.content import Edit, Reply, Thread

THREADS = (
    Thread(
        space="ebike",
        author="oma_erika",
        title="Akku im Winter: lagern, laden, Reichweite?",
        body="""\
Liebe Leute, mein erster Winter mit dem E-Bike steht an. Der Verkäufer meinte, ich soll \
den Akku „warm lagern“. Heißt das im Wohnzimmer? Und wie voll soll er sein, wenn ich \
ein paar Wochen nicht fahre?

Danke schon mal! #ebike #akku #winter""",
        replies=(
            Reply(
                "werkstattleitung",
                """\
Gute Frage, @oma_erika! Unsere Faustregeln:

- **Lagern** bei Zimmertemperatur, trocken, nicht auf der Heizung
- **Ladezustand** bei längeren Pausen zwischen 30 und 60 %
- **Laden** nur bei Zimmertemperatur, nie direkt nach einer kalten Fahrt
- Bei Kälte den Akku erst kurz vor der Fahrt einsetzen

Im Winter sinkt die Reichweite um 20 bis 30 %, das ist normal und kein Defekt.""",
            ),
            Reply(
                "sattelfest_sabine",
                """\
Ich habe mir eine Neopren-Hülle für den Akku gekauft. Seitdem merke ich den Unterschied \
bei Frost deutlich weniger.""",
            ),
            Reply(
                "oma_erika",
                """\
> Laden nur bei Zimmertemperatur, nie direkt nach einer kalten Fahrt

Das hätte ich falsch gemacht! Vielen Dank, ich habe mir die Liste ausgedruckt.""",
                quote=2,
            ),
            Reply(
                "nabendynamo",
                """\
Ergänzung: Die Kontakte ab und zu mit einem trockenen Tuch reinigen. Streusalz und \
Feuchtigkeit mögen die gar nicht.""",
            ),
        ),
    ),
    Thread(
        space="ebike",
        author="lastenrad_lena",
        title="Unser neues Lastenrad ist da!",
        body="""\
Nach einem halben Jahr Probefahren, Rechnen und Warten ist es da: unser **Lastenrad** \
mit Kindersitzbank, Regenverdeck und Motor. Das Auto haben wir abgemeldet. 🎉

Die ersten Eindrücke nach einer Woche:

- Kita-Runde: 12 Minuten statt 20 mit dem Auto (Parkplatzsuche!)
- Einkauf für die Woche passt locker rein
- Die Kinder streiten sich, wer vorne sitzen darf

Danke an @werkstattleitung für die geduldige Beratung. #lastenrad #familie #ebike""",
        replies=(
            Reply("klingel_karl", "Glückwunsch! Welche Kastenlänge habt ihr genommen?"),
            Reply(
                "lastenrad_lena",
                """\
Die mittlere, da passen zwei Kinder plus Einkauf. Die lange war mir in unserem \
Hinterhof zu sperrig.""",
            ),
            Reply(
                "werkstattleitung",
                """\
Wir freuen uns mit euch! Denkt an die **Erstinspektion nach 300 km**, da ziehen wir \
Speichen und Schrauben nach. Termin einfach im Laden oder telefonisch.""",
            ),
            Reply(
                "pedalritterin",
                """\
Willkommen im autofreien Leben! Ich bin vor drei Jahren umgestiegen und vermisse \
nichts. Außer manchmal den Kofferraum beim Möbelkauf.""",
            ),
        ),
        picture="lastenrad",
        edits=(
            Edit(
                1,
                "Ergänzung: Das Modell und die Ausstattung stehen jetzt auf https://example.org/lastenrad",
            ),
        ),
    ),
    Thread(
        space="ebike",
        author="sattelfest_sabine",
        title="Motor brummt beim Anfahren: normal?",
        body="""\
Mein Mittelmotor macht beim Anfahren am Berg ein deutliches **Brummen**, fast ein \
Knurren. In der Ebene ist er leise. Das Rad ist acht Monate alt, etwa 2.000 km.

Muss ich mir Sorgen machen? #ebike #motor""",
        replies=(
            Reply(
                "schrauber_ole",
                """\
Unter hoher Last etwas lauter zu werden ist normal. Schaltest du vor dem Anfahren \
runter? Im großen Gang anfahren stresst Motor und Kette enorm.""",
            ),
            Reply(
                "sattelfest_sabine",
                """\
Ertappt. Ich bleibe oft im dritten Gang stehen. 🙈 Ich achte mal drauf, \
@schrauber_ole.""",
            ),
            Reply(
                "werkstattleitung",
                """\
Wenn es nach dem Runterschalten weiter knurrt, bring das Rad vorbei. Wir lesen den \
Motor mit der Diagnosesoftware aus, das dauert nur ein paar Minuten und ist bei \
Rädern aus unserem Laden kostenlos.""",
            ),
            Reply(
                "sattelfest_sabine",
                "Nach einer Woche mit bewusstem Runterschalten: viel leiser. Danke!",
            ),
        ),
    ),
    Thread(
        space="ebike",
        author="pendler_paul",
        title="Reichweite in der Praxis: meine Zahlen nach 3.000 km",
        body="""\
Ich pendle täglich zweimal 14 km und habe die Reichweite mitgeschrieben. Akku 500 Wh, \
Mittelmotor, ich wiege 85 kg plus 8 kg Gepäck.

- **Eco:** 110 bis 130 km
- **Tour:** 75 bis 90 km
- **Turbo:** 40 bis 50 km
- Winter, Eco: etwa 85 km

Fazit: Zweimal die Woche laden reicht locker. Wie sieht es bei euch aus? #ebike #pendeln""",
        replies=(
            Reply(
                "sattelfest_sabine",
                "Bei mir ähnlich, nur im Winter deutlich weniger. "
                "Wahrscheinlich, weil ich mehr Turbo fahre. 😇",
            ),
            Reply(
                "oma_erika",
                """\
Toll, dass du das aufschreibst! Ich komme im Eco-Modus auf etwa 90 km, fahre aber \
auch gemütlich.""",
            ),
            Reply(
                "klingel_karl",
                """\
Mit Anhänger und zwei Kindern halbiert sich bei mir die Reichweite ungefähr. Gut zu \
wissen, dass das auch bei anderen so ist.""",
            ),
        ),
    ),
    Thread(
        space="ebike",
        author="klingel_karl",
        title="E-Bike fürs Pendeln: Schloss und Versicherung?",
        body="""\
Wir überlegen, ein E-Bike für meine Frau zu kaufen, das tagsüber am Bahnhof steht. \
Welches **Schloss** nehmt ihr, und lohnt sich eine Versicherung?

Bisher nutzen wir ein einfaches Kabelschloss, aber das traue ich mich bei einem \
teuren Rad nicht. #ebike #diebstahl""",
        replies=(
            Reply(
                "pedalritterin",
                """\
**Zwei Schlösser unterschiedlicher Bauart**, zum Beispiel Bügel plus Kette. Diebe haben \
meist nur Werkzeug für eine Sorte dabei. Und immer an etwas Festem anschließen.""",
            ),
            Reply(
                "werkstattleitung",
                """\
Wir registrieren Räder kostenlos mit Rahmennummer und Foto, das hilft der Polizei \
im Fall der Fälle. Zu Versicherungen beraten wir nicht, aber ein Vergleich der \
Bedingungen lohnt sich: Achtet auf Diebstahl **und** Akku-Schäden.""",
            ),
            Reply(
                "pendler_paul",
                """\
Ich stelle mein Rad in die Fahrradstation am Bahnhof, kostet 10 € im Monat. \
Seitdem schlafe ich ruhiger.""",
            ),
        ),
    ),
    Thread(
        space="ebike",
        author="oma_erika",
        title="Mit 74 aufs E-Bike: meine ersten Wochen",
        body="""\
Ich wollte mich einmal bedanken. Vor drei Monaten hatte ich Angst, mit 74 noch aufs \
Rad zu steigen. Dann habe ich im Radwerk eine Probefahrt gemacht, und jetzt fahre ich \
jeden Tag.

**Was mir geholfen hat:**

1. Ein tiefer Einstieg, damit ich nicht das Bein über den Sattel schwingen muss
2. Die ersten Fahrten auf dem leeren Parkplatz am Sonntag
3. Eine Begleitung für die ersten Touren (danke, @tourenmaus!)

Gestern bin ich zum ersten Mal 40 km gefahren. Meine Enkel staunen. 🚲 #ebike #mutmacher""",
        replies=(
            Reply("tourenmaus", "Es war mir eine Freude, @oma_erika! Nächste Woche zum See?"),
            Reply(
                "werkstattleitung",
                """\
Was für ein schöner Beitrag, danke fürs Teilen! Genau dafür machen wir das. \
Wir sehen uns bei der Inspektion. 😊""",
            ),
            Reply(
                "velo_vroni",
                "Das ist so motivierend. Meine Mutter (71) liest das gerade mit. "
                "Vielleicht klappt's ja!",
            ),
            Reply(
                "oma_erika",
                """\
> Meine Mutter (71) liest das gerade mit.

Liebe Grüße an deine Mutter, @velo_vroni! Einfach ausprobieren, es lohnt sich.""",
                quote=4,
            ),
        ),
    ),
)

"""Demo threads in "Touren & Ausfahrten"."""

from mundwerk.demo.content import Edit, Reply, Thread

THREADS = (
    Thread(
        space="touren",
        author="bergziege87",
        title="Tourbericht: Über den Pass, 1.400 Höhenmeter an einem Tag",
        body="""\
Endlich geschafft: die Passrunde, von der ich seit zwei Jahren rede. Die Eckdaten:

- **112 km**, 1.400 Höhenmeter
- Start 7:30 Uhr, oben um 11:45 Uhr
- 2 Kaffeepausen, 1 Apfelstrudel

Die letzten vier Kilometer hatten durchgehend 9 %. Ich habe jede einzelne Kehre \
gezählt (es waren 14). Oben dann dieser Blick, siehe Foto.

Route zum Nachfahren: https://example.org/touren/passrunde #touren #berge""",
        replies=(
            Reply(
                "rennrad_ronja",
                """\
Stark! Welche Übersetzung bist du gefahren? Ich überlege, die Runde im Sommer mit dem \
Verein zu machen.""",
            ),
            Reply(
                "bergziege87",
                """\
Vorne `34`, hinten bis `32`. Auf den 9 % war ich trotzdem froh über jeden Zahn. \
@rennrad_ronja, sagt Bescheid, wenn ihr fahrt, ich komme gern mit.""",
            ),
            Reply(
                "tourenmaus",
                """\
> 2 Kaffeepausen, 1 Apfelstrudel

Das ist genau meine Art von Tourplanung. 😄 Wo gab es den Strudel?""",
                quote=1,
            ),
            Reply(
                "bergziege87",
                """\
In der Hütte direkt an der Passhöhe. Nicht billig, aber nach 1.400 Höhenmetern ist \
jeder Preis gerechtfertigt.""",
            ),
        ),
        picture="pass",
    ),
    Thread(
        space="touren",
        author="tourenmaus",
        title="Feierabendrunde am Fluss: Donnerstag 18 Uhr, wer kommt mit?",
        body="""\
Ich möchte eine **lockere Feierabendrunde** anbieten: etwa 35 km am Fluss entlang, \
flach, Tempo um die 20 km/h. Niemand wird zurückgelassen.

- Treffpunkt: vor dem Radwerk, Musterstraße 12
- Start: Donnerstag, 18:00 Uhr
- Ende: gegen 20:00 Uhr am Biergarten an der Fähre

Wer ist dabei? @velo_vroni @jule_radelt @pendler_paul #touren #feierabendrunde""",
        replies=(
            Reply("velo_vroni", "Bin dabei! Bringe Kuchen für die Pause mit."),
            Reply(
                "pendler_paul",
                "Klappt bei mir, ich komme direkt von der Arbeit. Wartet ihr bis 18:05? 🙂",
            ),
            Reply(
                "werkstattleitung",
                """\
Schön, dass ihr bei uns startet! Wir haben donnerstags bis 18 Uhr offen. Wer vorher \
noch Luft braucht: Die Standpumpe steht wie immer vor der Tür.""",
            ),
            Reply(
                "jule_radelt",
                """\
Diese Woche schaffe ich es leider nicht, aber bitte wiederholen! Vielleicht als feste \
Runde jeden zweiten Donnerstag?""",
            ),
            Reply(
                "tourenmaus",
                """\
War eine tolle Runde mit sieben Leuten! Wir machen das jetzt **jeden zweiten \
Donnerstag**. Ich lege jeweils ein neues Thema an.""",
            ),
        ),
        edits=(Edit(1, "**Nachtrag:** Bei Regen fällt die Runde aus, ich schreibe dann hier."),),
    ),
    Thread(
        space="touren",
        author="gravel_gustav",
        title="Gravel-Runde in den Sonnenuntergang",
        body="""\
Gestern nach der Arbeit noch schnell raus auf die Schotterwege über dem Tal. \
45 km, davon 30 auf Schotter, und dann dieses Licht. Manchmal passt einfach alles.

Für alle, die nachfahren wollen: Der Anstieg am Steinbruch ist nach dem Regen **sehr** \
rutschig. Lieber schieben als liegen. #gravel #touren""",
        replies=(
            Reply("velo_vroni", "Was für ein Foto! Da will man sofort losfahren."),
            Reply(
                "bergziege87",
                """\
Der Steinbruch-Anstieg ist gemein, da hat es mich auch schon hingelegt. Mit 45er-Reifen \
und etwas weniger Luft geht es inzwischen.""",
            ),
            Reply(
                "gravel_gustav",
                """\
@bergziege87 Wie viel Druck fährst du da? Ich war mit `2,2 bar` unterwegs, war \
wahrscheinlich zu viel.""",
            ),
            Reply(
                "bergziege87",
                "Eher um die `1,8 bar` bei 45 mm, tubeless. Fühlt sich schwammig an, greift aber.",
            ),
        ),
        picture="abendrot",
    ),
    Thread(
        space="touren",
        author="kopfsteinpflaster",
        title="Navi, Handy oder Papierkarte?",
        body="""\
Mich interessiert, womit ihr navigiert:

1. Fahrrad-Navi am Lenker
2. Handy mit App
3. Papierkarte in der Lenkertasche
4. Gar nicht, ich fahre nach Gefühl

Ich bin bisher mit dem Handy unterwegs, aber der Akku hält bei Kälte keine drei \
Stunden. #navigation #touren""",
        replies=(
            Reply(
                "nabendynamo",
                """\
Nummer 2, aber mit USB-Lader am Nabendynamo. Seitdem ist der Akku bei Ankunft voller \
als beim Start.""",
            ),
            Reply(
                "tourenmaus",
                """\
Ich mag Papierkarten, ehrlich. Man sieht das große Ganze und entdeckt Wege, die keine \
App vorschlägt. Für die Stadt aber Handy.""",
            ),
            Reply(
                "rennrad_ronja",
                """\
Navi am Lenker, weil es auch Trainingsdaten aufzeichnet. Routen plane ich am Rechner \
und lade sie als GPX hoch.""",
            ),
            Reply(
                "kopfsteinpflaster",
                """\
> USB-Lader am Nabendynamo

Das klingt nach der Lösung für mich, @nabendynamo. Welchen hast du?""",
                quote=2,
            ),
            Reply(
                "nabendynamo",
                """\
Ein kleines Modell, das direkt im Steuerrohr sitzt. Hat das Radwerk eingebaut, \
die können dir sicher mehr dazu sagen. @werkstattleitung""",
            ),
        ),
    ),
    Thread(
        space="touren",
        author="lastenrad_lena",
        title="Mit Kindern auf Tour: 30 km, drei Spielplätze, ein Eis",
        body="""\
Unsere erste richtige Familientour! Ich mit dem Lastenrad, die Große (8) auf ihrem \
eigenen Rad, der Kleine in der Kiste.

**Was gut funktioniert hat:**

- Alle 8 bis 10 km eine Pause, am besten an einem Spielplatz
- Route fast komplett auf Radwegen, Strecke: https://example.org/touren/seerunde
- Eis als Ziel, nicht als Belohnung 😉

**Was nicht:**

- Zu wenig Wasser eingepackt
- Gegenwind auf dem Rückweg am See

Das Foto ist vom Seeufer bei der zweiten Pause. #familie #lastenrad #touren""",
        replies=(
            Reply(
                "klingel_karl",
                """\
Toller Bericht! Mit drei Kindern planen wir ähnlich, nur mit mehr Pausen. Die Seerunde \
merke ich mir.""",
            ),
            Reply(
                "oma_erika",
                """\
So schön, dass ihr das macht. Mit meinen Enkeln fahre ich auch bald, das E-Bike macht's \
möglich. Darf ich mich mal anschließen, @lastenrad_lena?""",
            ),
            Reply(
                "lastenrad_lena",
                "Sehr gern, @oma_erika! Ich melde mich, wenn wir wieder fahren.",
            ),
        ),
        picture="see",
    ),
    Thread(
        space="touren",
        author="pendler_paul",
        title="Bahn und Rad kombinieren: eure Erfahrungen",
        body="""\
Für eine Tour an der Küste möchte ich mit dem Regionalzug anreisen und mit dem Rad \
zurückfahren. Wie sind eure Erfahrungen mit der **Fahrradmitnahme**?

- Muss man reservieren?
- Was macht ihr, wenn der Zug voll ist?
- Lieber früh am Morgen fahren?

#bahn #touren""",
        replies=(
            Reply(
                "tourenmaus",
                """\
Im Regionalverkehr reservieren meist nicht nötig, aber am Wochenende im Sommer ist es \
voll. Ich fahre deshalb immer den ersten Zug, dann ist Platz.""",
            ),
            Reply(
                "kopfsteinpflaster",
                """\
Infos zu den Tarifen in unserer Gegend: https://example.org/fahrradmitnahme \
Die Tageskarte fürs Rad lohnt sich ab zwei Fahrten.""",
            ),
            Reply(
                "gravel_gustav",
                """\
Plan B einpacken! Einmal passte mein Rad nicht mehr rein und ich bin halt die 60 km \
gefahren. War dann die schönste Tour des Jahres. 😅""",
            ),
        ),
    ),
)

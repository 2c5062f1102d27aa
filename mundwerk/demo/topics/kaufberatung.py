"""Demo threads in "Kaufberatung"."""

from mundwerk.demo.content import Reply, Thread

THREADS = (
    Thread(
        space="kaufberatung",
        author="velo_vroni",
        title="Erstes Rennrad bis 1.500 €: worauf achten?",
        body="""\
Ich möchte mir mein erstes **Rennrad** kaufen. Budget etwa 1.500 €, eher für lange \
Ausfahrten am Wochenende als für Rennen.

Meine Fragen:

- Alu oder Carbon in dieser Preisklasse?
- Scheiben- oder Felgenbremse?
- Wie wichtig ist die Schaltgruppe?

#rennrad #kaufberatung""",
        replies=(
            Reply(
                "rennrad_ronja",
                """\
Für 1.500 € würde ich ganz klar **Alu mit Scheibenbremsen** nehmen. Carbon in der \
Preisklasse heißt oft: schöner Rahmen, aber Sparen bei Laufrädern und Bremsen.

Und achte auf **Reifenfreiheit**: 32 mm sollten passen, das macht lange Touren deutlich \
angenehmer.""",
            ),
            Reply(
                "ritzel_rudi",
                """\
Die Schaltgruppe wird überschätzt. Die mittleren Gruppen schalten heute alle sehr gut. \
Wichtiger: eine Übersetzung, mit der du auch Berge hochkommst, also vorne kompakt.""",
            ),
            Reply(
                "werkstattleitung",
                """\
Komm gern zur **Sitzpositionsberatung** vorbei. Die richtige Rahmengröße ist wichtiger \
als jedes Bauteil. Wir haben drei Rennräder in verschiedenen Größen zum Probefahren da.""",
            ),
            Reply(
                "velo_vroni",
                """\
Danke @rennrad_ronja und @ritzel_rudi! Ich war Samstag zur Probefahrt und habe mich \
in ein Alu-Rad mit 34er-Kettenblatt verliebt. Bericht folgt! #rennrad""",
            ),
        ),
    ),
    Thread(
        space="kaufberatung",
        author="klingel_karl",
        title="Kinderrad: 20 oder 24 Zoll für einen Achtjährigen?",
        body="""\
Unser Sohn ist 8, 1,32 m groß, und das alte 20-Zoll-Rad ist eigentlich zu klein. \
Greifen wir zu 24 Zoll, oder ist das noch zu groß? Er soll ja auch noch ein paar Jahre \
damit fahren. #kinderrad #kaufberatung""",
        replies=(
            Reply(
                "lastenrad_lena",
                """\
Bei 1,32 m passt 24 Zoll meistens schon. Wichtig: Er muss im Sitzen mit den \
Fußspitzen auf den Boden kommen. **Nicht auf Zuwachs kaufen**, das macht unsicher.""",
            ),
            Reply(
                "werkstattleitung",
                """\
Wir messen gern die Schrittlänge und lassen ihn zwei, drei Räder probefahren. Außerdem \
haben wir gebrauchte Kinderräder im Ankauf. Wer sein altes 20-Zoll-Rad abgibt, \
bekommt einen Gutschein.""",
            ),
            Reply(
                "klingel_karl",
                """\
> Nicht auf Zuwachs kaufen

Das war genau mein Denkfehler. Wir kommen Samstag vorbei, danke!""",
                quote=2,
            ),
        ),
    ),
    Thread(
        space="kaufberatung",
        author="fixie_finn",
        title="Gebrauchtes Rad kaufen: eure Checkliste?",
        body="""\
Ich will mir ein gebrauchtes Stadtrad zulegen. Kleinanzeigen sind voll mit Angeboten, \
aber wie erkenne ich ein gutes Rad und vor allem ein **geklautes**?

Meine bisherige Liste:

- Rahmennummer prüfen
- Kaufvertrag mit Ausweis
- Probefahrt

Was fehlt? #gebraucht #kaufberatung""",
        replies=(
            Reply(
                "kopfsteinpflaster",
                """\
Die Rahmennummer kannst du bei der Polizei abfragen lassen. Und bei Preisen, die zu \
gut klingen: Finger weg. Ein 2.000-€-Rad für 150 € ist nie „vom Dachboden“.""",
            ),
            Reply(
                "schrauber_ole",
                """\
Technisch checke ich immer:

1. **Rahmen** auf Risse, vor allem an Tretlager und Steuerrohr
2. **Kette** mit der Verschleißlehre
3. **Lagerspiel** an Steuersatz und Naben
4. **Bremsen**: ziehen, halten, nichts schleift

Verschleißteile sind okay, ein angeknackster Rahmen nicht.""",
            ),
            Reply(
                "fixie_finn",
                "Super Liste, @schrauber_ole. Speichere ich mir ab! "
                "Die Verschleißlehre nehme ich mit.",
            ),
        ),
    ),
    Thread(
        space="kaufberatung",
        author="pedalritterin",
        title="Rahmengröße: genau zwischen M und L",
        body="""\
Ich bin 1,78 m und liege laut Tabelle **genau zwischen M und L**. Beim Probefahren \
fühlten sich beide okay an. Größeres Rad für Stabilität oder kleineres für Wendigkeit?

Hauptsächlich Stadt, ab und zu eine längere Tour. #kaufberatung #ergonomie""",
        replies=(
            Reply(
                "rennrad_ronja",
                """\
Die Schrittlänge ist aussagekräftiger als die Körpergröße. Lange Beine: eher L. \
Langer Oberkörper: eher M mit längerem Vorbau.""",
            ),
            Reply(
                "werkstattleitung",
                """\
In der Stadt raten wir bei Zwischengrößen meist zur **kleineren** Größe: leichter \
aufzusteigen, wendiger im Verkehr. Den Rest regeln Vorbau und Sattelposition.""",
            ),
            Reply(
                "pedalritterin",
                "M ist es geworden, mit 10 mm längerem Vorbau. Fühlt sich perfekt an!",
            ),
        ),
    ),
    Thread(
        space="kaufberatung",
        author="jule_radelt",
        title="Gravel oder Trekking für den Alltag?",
        body="""\
Mein altes Hollandrad gibt langsam auf. Ich fahre täglich zur Uni (6 km, Kopfsteinpflaster), \
am Wochenende gern mal raus aufs Land. Ein Freund schwört auf **Gravelbikes**, \
im Laden hat man mir ein **Trekkingrad** gezeigt.

Was würdet ihr nehmen? Das Rad muss in den 4. Stock getragen werden. 😬 #gravel #kaufberatung""",
        replies=(
            Reply(
                "gravel_gustav",
                """\
Gravel! Leichter, schneller, macht mehr Spaß. Schutzbleche und Gepäckträger lassen \
sich bei den meisten nachrüsten.""",
            ),
            Reply(
                "nabendynamo",
                """\
Trekking, wenn du Licht, Schutzbleche und Ständer ab Werk willst. Nachrüsten kostet \
schnell 200 €. Aber: Trekkingräder wiegen oft 3 kg mehr, und das merkst du im 4. Stock.""",
            ),
            Reply(
                "kopfsteinpflaster",
                """\
> Kopfsteinpflaster

Ich fühle mich angesprochen. 😄 Egal welches: breite Reifen, mindestens 40 mm. \
Die Altstadt verzeiht nichts.""",
                quote=1,
            ),
            Reply(
                "jule_radelt",
                """\
Es wird ein Gravelbike mit Schutzblechen und Nabendynamo. Leicht genug fürs \
Treppenhaus. Danke für eure Argumente!""",
            ),
        ),
    ),
)

"""Demo threads in "Werkstatt & Reparatur"."""

from mundwerk.demo.content import Edit, Reply, Thread

THREADS = (
    Thread(
        space="werkstatt",
        author="pendler_paul",
        title="Kette springt auf dem kleinsten Ritzel",
        body="""\
Hallo zusammen,

seit ein paar Tagen springt meine Kette, sobald ich aufs **kleinste Ritzel** schalte. \
Vor allem unter Last am Berg, im Stand am Montageständer läuft alles sauber.

Was ich schon probiert habe:

- Kette gereinigt und neu geölt
- Zugspannung am Schaltwerk eine halbe Umdrehung nachgestellt
- Kette mit der Lehre gemessen: knapp unter 0,5 %

Hat jemand eine Idee, bevor ich in die Werkstatt fahre? #reparatur #schaltung""",
        replies=(
            Reply(
                "ritzel_rudi",
                """\
Klingt für mich nach **verbogenem Schaltauge**. Ist das Rad in letzter Zeit mal \
umgefallen, zum Beispiel am Fahrradständer?

Schau von hinten aufs Schaltwerk: Die beiden Röllchen müssen genau senkrecht unter \
dem Ritzel stehen. Wenn das Schaltwerk nach innen kippt, ist es fast immer das Auge.""",
            ),
            Reply(
                "pendler_paul",
                """\
> Ist das Rad in letzter Zeit mal umgefallen

Volltreffer, @ritzel_rudi. Letzte Woche hat es der Wind am Bahnhof umgeweht. \
Und ja, von hinten sieht das Schaltwerk ganz leicht schief aus.""",
                quote=2,
            ),
            Reply(
                "werkstattleitung",
                """\
Das richten wir dir gern, @pendler_paul: Schaltauge prüfen und richten dauert bei uns \
etwa zehn Minuten, ohne Termin während der Öffnungszeiten. Ist es gerissen, haben wir \
für die meisten Rahmen Ersatz da.

Bitte nicht selbst mit der Zange zurückbiegen, das Aluminium bricht dabei gern.""",
            ),
            Reply(
                "schrauber_ole",
                """\
Ergänzung für alle, die selbst schrauben: Ein Ersatz-Schaltauge kostet meist 15 bis 25 € \
und wiegt nichts. Ich hab für jedes Rad eins in der Werkzeugkiste, beschriftet mit \
`Rahmen + Modelljahr`. #werkstatt""",
            ),
            Reply(
                "pendler_paul",
                """\
**Update:** War heute Mittag kurz im Laden, Schaltauge gerichtet, Kette läuft wieder \
wie am ersten Tag. Danke euch!""",
            ),
        ),
        edits=(Edit(1, "**Edit:** Gelöst, siehe unten. Es war das Schaltauge."),),
    ),
    Thread(
        space="werkstatt",
        author="gravel_gustav",
        title="Tubeless umrüsten: lohnt sich das?",
        body="""\
Ich überlege, mein Gravelbike auf **tubeless** umzurüsten. Die Felgen sind laut Hersteller \
„tubeless ready“, die Reifen auch.

Meine Fragen:

1. Wie viel Dichtmilch pro Reifen?
2. Wie oft muss man nachfüllen?
3. Klappt das Aufpumpen mit einer normalen Standpumpe?

Anleitung, die ich gefunden habe: https://example.org/tubeless-anleitung #gravel #reparatur""",
        replies=(
            Reply(
                "speichen_susi",
                """\
Bei 40er-Reifen nehme ich **60 bis 80 ml** pro Seite. Nachfüllen etwa alle drei Monate, \
im Sommer eher öfter, weil die Milch schneller eintrocknet.

Das Aufpumpen ist der Knackpunkt: Mit einer normalen Standpumpe springt der Reifen selten \
ins Felgenhorn. Ein Booster oder ein Kompressor hilft enorm.""",
            ),
            Reply(
                "kettenblatt_kai",
                """\
Trick ohne Booster: Ventileinsatz raus, dann pumpen. Dann strömt viel mehr Luft auf \
einmal in den Reifen. Seife am Wulst hilft auch.

Und für unterwegs trotzdem einen Schlauch mitnehmen. Wenn der Schnitt zu groß ist, \
dichtet keine Milch der Welt.""",
            ),
            Reply(
                "gravel_gustav",
                """\
> Ventileinsatz raus, dann pumpen

Das probiere ich am Wochenende. Danke @kettenblatt_kai und @speichen_susi!""",
                quote=3,
            ),
            Reply(
                "werkstattleitung",
                """\
Falls es zu Hause nicht klappt: Wir haben einen Kompressor in der Werkstatt und setzen \
Reifen gern für euch auf. Dichtmilch gibt es bei uns in 125- und 500-ml-Flaschen.""",
            ),
        ),
    ),
    Thread(
        space="werkstatt",
        author="jule_radelt",
        title="Scheibenbremse quietscht nach Regenfahrt",
        body="""\
Nach jeder Fahrt im Regen quietscht meine hintere Scheibenbremse, als wollte sie die \
ganze Straße wecken. Bremsleistung ist okay, aber es ist **so peinlich** an der Ampel.

Hydraulisch, Beläge sind ungefähr ein Jahr alt. Hilft da Reinigen, oder brauche ich \
neue Beläge? #reparatur #bremsen""",
        replies=(
            Reply(
                "schrauber_ole",
                """\
Oft reicht es, die Scheibe mit **Isopropanol** und einem sauberen Tuch abzuwischen. \
Auf keinen Fall Kettenöl oder Bremsenreiniger aus dem Autozubehör mit Rückfetter \
verwenden.

Danach die Bremse neu einbremsen: zehnmal aus etwa 20 km/h kräftig bis fast zum \
Stillstand abbremsen.""",
            ),
            Reply(
                "ritzel_rudi",
                """\
Wenn die Beläge schon mal Öl abbekommen haben, hilft leider nur Tauschen. \
Organische Beläge sind leiser, Sinterbeläge halten im Nassen länger. \
Ich fahre im Winter Sinter, im Sommer organisch.""",
            ),
            Reply(
                "jule_radelt",
                """\
Isopropanol hatte ich noch im Schrank, danach eingebremst wie beschrieben. \
Ruhe! Zumindest bis zum nächsten Regen. Danke @schrauber_ole""",
            ),
        ),
    ),
    Thread(
        space="werkstatt",
        author="tourenmaus",
        title="Was gehört in eure Satteltasche?",
        body="""\
Ich packe gerade meine Satteltasche für die Saison neu und frage mich, was wirklich \
rein muss. Bei mir aktuell:

- Ersatzschlauch und Flickzeug
- Reifenheber (zwei Stück)
- Minitool mit Kettennieter
- Kabelbinder und ein Stück Panzertape
- Kettenschloss

Was fehlt? Was ist überflüssig? #werkzeug #touren""",
        replies=(
            Reply(
                "kettenblatt_kai",
                """\
Sieht gut aus! Ich hab noch einen **Ersatz-Schaltzug** dabei, aufgerollt wiegt der nichts. \
Und eine kleine Tube Kettenöl für lange Touren.""",
            ),
            Reply(
                "schlauchflicker",
                """\
Flicken **und** Vulkanisierlösung prüfen! Die Tube trocknet nach einem Jahr gern ein, \
und dann stehst du mit Flicken da, die nicht halten. Frag mich, woher ich das weiß.""",
            ),
            Reply(
                "gravel_gustav",
                """\
Ein altes Stück Reifen oder ein Geldschein als **Reifenpatch**, falls die Karkasse einen \
Schnitt hat. Hat mich schon mal aus dem Wald gerettet.""",
            ),
            Reply(
                "tourenmaus",
                """\
Super Liste, danke! Ersatzschaltzug und ein Stück alter Reifen sind jetzt drin. \
@schlauchflicker: Meine Vulkanisierlösung war tatsächlich steinhart. 🙈""",
            ),
        ),
    ),
    Thread(
        space="werkstatt",
        author="schlauchflicker",
        title="Meine Plattfuß-Statistik: 17 Platten in einem Jahr",
        body="""\
Ich führe seit Januar eine Tabelle über meine Plattfüße. Stand heute: **17**. Verteilung:

- 9x Glassplitter (alle auf demselben Radweg!)
- 4x Snakebite, weil zu wenig Luft
- 3x Ventil abgerissen
- 1x „keine Ahnung, war plötzlich platt“

Fahre ich einfach die falschen Reifen? Aktuell 28 mm, ohne Pannenschutz. #reifen #reparatur""",
        replies=(
            Reply(
                "pendler_paul",
                """\
> 9x Glassplitter (alle auf demselben Radweg!)

Den Radweg kenne ich, oder? Unter der Bahnbrücke? Da liegt seit Wochen Glas. Hab es \
über die Mängelmelder-Seite der Stadt gemeldet: https://example.org/maengelmelder""",
                quote=1,
            ),
            Reply(
                "werkstattleitung",
                """\
Für die Stadt würden wir einen Reifen mit **Pannenschutzeinlage** empfehlen. Die sind \
ein bisschen schwerer, aber bei Glas ein riesiger Unterschied. Dazu regelmäßig den \
Luftdruck prüfen, das erledigt auch die Snakebites.

Wer mag, kann bei uns vorbeikommen, wir haben Vorführreifen zum Anfassen da.""",
            ),
            Reply(
                "nabendynamo",
                """\
Seit ich Pannenschutzreifen fahre: zwei Platten in drei Jahren. Und ich fahre jeden \
Tag. Die halbe Minute längere Beschleunigung merke ich nicht.""",
            ),
            Reply(
                "schlauchflicker",
                """\
Okay, ihr habt mich überzeugt. Neue Reifen sind bestellt. Ich werde die Statistik \
weiterführen und berichten. Wissenschaft! 📈""",
            ),
        ),
    ),
    Thread(
        space="werkstatt",
        author="speichen_susi",
        title="Mein erstes selbst eingespeichtes Laufrad",
        body="""\
Es ist vollbracht: Mein **erstes eigenes Laufrad**! 32 Speichen, dreifach gekreuzt, \
Nabendynamo vorn. Gebraucht habe ich etwa vier Stunden, zwei davon fürs Zentrieren.

Die Speichenlänge habe ich mit einem Online-Rechner bestimmt \
(https://example.org/speichenrechner), danach Felge und Nabe einmal nachgemessen. Lohnt sich!

Das Foto zeigt das Ritzelpaket vom Hinterrad, das als nächstes dran ist. \
@ritzel_rudi, du hattest nach Bildern gefragt. #laufradbau #werkstatt""",
        replies=(
            Reply(
                "ritzel_rudi",
                """\
Sieht sauber aus! Wie hast du die Speichenspannung gemessen? Mit einem Tensiometer \
oder nach Gehör?""",
            ),
            Reply(
                "speichen_susi",
                """\
Mit einem geliehenen Tensiometer, danke an @kettenblatt_kai. Nach Gehör traue ich \
mich noch nicht. Zielwert war etwa `110 kgf` auf der Antriebsseite.""",
            ),
            Reply(
                "kettenblatt_kai",
                """\
Gern geschehen! Tipp für die ersten 100 km: danach nochmal nachzentrieren, die Speichen \
setzen sich noch. Und willkommen im Club der Laufradbauer. 🎉""",
            ),
        ),
        picture="ritzel",
    ),
    Thread(
        space="werkstatt",
        author="nabendynamo",
        title="Licht vom Nabendynamo flackert bei langsamer Fahrt",
        body="""\
Mein Frontlicht (Nabendynamo, LED mit Standlicht) flackert unter etwa 8 km/h. Darüber \
ist alles gut. Normal oder Kabelproblem?

Der Stecker an der Nabe sitzt fest, das Kabel ist an einer Stelle am Gabelkopf etwas \
geknickt. #licht #reparatur""",
        replies=(
            Reply(
                "schrauber_ole",
                """\
Ein leichtes Flackern bei Schrittgeschwindigkeit ist bei vielen Scheinwerfern **normal**, \
der Dynamo liefert da einfach zu wenig. Ab 10 km/h sollte es ruhig sein.

Den Knick am Gabelkopf würde ich trotzdem anschauen. Wenn da die Isolierung angescheuert \
ist, gibt es irgendwann einen Wackelkontakt.""",
            ),
            Reply(
                "werkstattleitung",
                """\
Wir können dir das Kabel neu verlegen und mit einem Schutzschlauch versehen. Meist in \
20 Minuten erledigt. Einfach vorbeibringen.""",
            ),
            Reply(
                "nabendynamo",
                """\
Kabel getauscht, Flackern bei langsamer Fahrt bleibt minimal, also wohl normal. Jetzt \
weiß ich es wenigstens. Danke euch!""",
            ),
        ),
    ),
)

"""German word lists for the benchmark's generated text (see bench.vocabulary)."""

from bench.vocabulary import lines, words

SUBJECTS = lines("""
    mein altes Rad
    die neue Kette
    der Akku
    die Schaltung
    das Hinterrad
    die Scheibenbremse
    mein Laptop
    der neue Router
    das Ladegerät
    die Lieferung
    der Nabendynamo
    meine Werkstatt
    das Lastenrad
    der Kundendienst
    die App
    das Update
    der Gepäckträger
    die Federgabel
    mein Sattel
    der Schlauch
    das Licht vorne
    die Klingel
    der Tacho
    die Bestellung
    der Online-Shop
    unser Gartenhaus
    der Rasenmäher
    die Kaffeemaschine
    mein Handy
    der Drucker
    die Heizung
    das Werkzeugset
    der Reifen
    die Tretkurbel
    das Tretlager
    der Lenker
    die Bremsbeläge
    das Schloss
    der Anhänger
    die Regenjacke
    meine Tochter
    mein Nachbar
    die Firma
    der Termin
    die Route
    das Wetter
    der Zug
    das Forum
    die Suche
    die Lieferzeit
""")

PREDICATES = lines("""
    macht seit gestern komische Geräusche
    hält nur noch zwei Stunden
    funktioniert wieder einwandfrei
    ist leider kaputt gegangen
    braucht dringend eine Wartung
    war ein echtes Schnäppchen
    quietscht bei jeder Kurve
    läuft seit Jahren ohne Probleme
    hat mich positiv überrascht
    ist deutlich leiser geworden
    kam zwei Tage zu spät an
    passt leider nicht zu meinem Modell
    wurde ohne Nachfrage ersetzt
    ist für den Alltag völlig ausreichend
    verliert langsam Luft
    springt im dritten Gang
    riecht etwas nach Gummi
    hat den Winter gut überstanden
    reagiert nur noch verzögert
    lässt sich kaum noch einstellen
    klappert auf Kopfsteinpflaster
    war schneller da als gedacht
    kostet inzwischen fast das Doppelte
    macht einen soliden Eindruck
    ist nach dem Regen etwas rostig
    wird im Sommer ziemlich warm
    zeigt eine Fehlermeldung an
    bleibt manchmal einfach hängen
    hat ein neues Design bekommen
    ist im Laden gerade ausverkauft
    sieht nach drei Jahren noch gut aus
    lädt über Nacht komplett auf
    schleift ein bisschen am Rahmen
    wurde im Test gelobt
    braucht mehr Platz als gedacht
    ist mir schon zweimal abgestürzt
    hält die Spannung nicht mehr
    läuft mit dem neuen Teil viel ruhiger
""")

THINGS = lines("""
    den Schlauch
    die Kette
    das Ladegerät
    einen neuen Sattel
    die Bremsbeläge
    den Akku
    die Speichen
    das Rücklicht
    den Lenker
    die Pedale
    einen Ersatzreifen
    das Schloss
    die Luftpumpe
    den Router
    die Firmware
    das Werkzeug
    die Anleitung
    den Gutschein
    die Rechnung
    den Rahmen
    die Schutzbleche
    das Ritzelpaket
    einen Kindersitz
    den Fahrradkorb
    die Lampe
    den Kettenöler
    die Gangschaltung
    das Display
    den Drehmomentschlüssel
    die Winterreifen
    den Helm
    die Satteltasche
    das Netzteil
    den Reparaturservice
""")

DATIVES = lines("""
    dem Akku
    der Schaltung
    solchen Reifen
    dem neuen Modell
    der Federgabel
    dem Nabendynamo
    der App
    dem Kundendienst
    dem Online-Shop
    Scheibenbremsen
    dem Lastenrad
    der Lieferung
    dem Router
    dem Werkzeugset
    gebrauchten Teilen
    der Firmware
    dem Kettenöler
    Tubeless-Reifen
    dem Anhänger
    der Werkstatt um die Ecke
    dem Leasing-Angebot
    der Garantie
""")

PARTICIPLES = words("""
    getauscht bestellt ausprobiert zurückgeschickt eingebaut repariert gereinigt
    eingestellt geölt verkauft gewechselt gefunden reklamiert gemessen verglichen
    abgeholt aufgepumpt festgezogen nachgestellt
""")

WHEN = lines("""
    gestern
    letzte Woche
    am Wochenende
    vorhin
    endlich
    schon zweimal
    heute Morgen
    nach dem Urlaub
    vor einem Monat
    im Frühjahr
    kurz vor Feierabend
    zum ersten Mal
""")

QUALITIES = lines("""
    ziemlich teuer
    völlig überbewertet
    super praktisch
    erstaunlich robust
    etwas zu schwer
    für den Preis in Ordnung
    richtig gut verarbeitet
    eher enttäuschend
    schwer zu bekommen
    ideal für die Stadt
    nicht besonders leise
    überraschend einfach
    auf Dauer zu empfindlich
    jeden Cent wert
""")

IMPERATIVES = lines("""
    frag im Laden nach
    schau dir die Anleitung genau an
    prüf zuerst den Luftdruck
    mach ein Foto und zeig es hier
    lass es in der Werkstatt checken
    nimm lieber das etwas teurere Modell
    warte auf das nächste Update
    probier es mit etwas mehr Öl
    schreib dem Support eine kurze Mail
    zieh die Schrauben gleichmäßig an
    vergleich die Preise vorher
    heb die Rechnung gut auf
""")

WH = lines("""
    wie man die Bremse richtig entlüftet
    wo es gute Ersatzteile gibt
    ob sich das Upgrade lohnt
    wie lange so ein Akku hält
    welches Werkzeug man dafür braucht
    warum die Kette immer wieder abspringt
    wann der Laden wieder öffnet
    ob die Garantie das abdeckt
    wie man den Reifendruck richtig einstellt
    was eine Inspektion ungefähr kostet
    ob jemand das schon mal gemacht hat
    wie man die Firmware zurücksetzt
""")

PLACES = lines("""
    in der Werkstatt
    im Keller
    beim Händler
    im Laden
    zu Hause
    auf dem Balkon
    im Hof
    bei meinem Bruder
""")

REMARKS = lines("""
    Danke für den Tipp!
    Das klingt gut.
    Bin gespannt, wie es weitergeht.
    Sehe ich genauso.
    Hat bei mir auch geholfen.
    Gute Frage, das würde mich auch interessieren.
    Kann ich nur empfehlen.
    Ich drücke die Daumen.
    Super, dass es jetzt klappt.
    Hm, da bin ich mir nicht so sicher.
    Genau das Problem hatte ich auch.
    Tolle Bilder übrigens.
    Meld dich, wenn du Hilfe brauchst.
    Schade, aber verständlich.
    Vielen Dank für die ausführliche Antwort.
    Das war mir neu.
""")

PATTERNS = lines("""
    {Subject} {predicate}.
    {Subject} {predicate}, und zwar {when}.
    Aber {subject} {predicate}.
    Und {subject} {predicate}.
    Ich habe {thing} {when} {participle}.
    Wir haben {thing} {place} {participle}.
    Hat jemand Erfahrung mit {dative}?
    Kann mir jemand sagen, {wh}?
    Weiß jemand, {wh}?
    Ich finde {thing} {quality}.
    Mein Tipp: {imperative}.
    {Remark}
    {Remark}
    Vielleicht liegt es an {dative}.
    Ehrlich gesagt war {subject} {quality}.
    Kurzes Update: {subject} {predicate}.
    Mit {dative} habe ich gute Erfahrungen gemacht.
    Von {dative} würde ich eher abraten.
    Hast du schon {thing} {participle}?
    Ich würde {thing} {place} prüfen lassen.
    Jetzt weiß ich endlich, {wh}.
""")

DECORATED = lines("""
    Ich nutze dafür `{code}`.
    Mit `{code}` klappt es bei mir.
    Hier steht mehr dazu: [{link}]({url}).
    Siehe auch {url}
    **Wichtig:** {sentence}
    Das ist *{quality}*.
    Ich habe **{thing}** {when} {participle}.
    {Subject} {predicate} - *wirklich*.
    ~~Ich habe {thing} {participle}.~~ {Remark}
    Die Einstellung `{code}` hat geholfen, {imperative}.
    [{Link}]({url}) fand ich hilfreich.
""")

LINKS = lines("""
    die Anleitung
    diesen Artikel
    das Handbuch
    die Übersicht
    den Testbericht
    die Tabelle
    die Checkliste
    das Video
""")

LIST_ITEMS = lines("""
    Luftdruck prüfen
    Kette reinigen und ölen
    Schrauben nachziehen
    Bremsen testen
    Licht kontrollieren
    Rechnung abheften
    Termin vereinbaren
    Ersatzschlauch einpacken
    Akku vollständig laden
    Reifen auf Risse ansehen
    Schaltung nachstellen
    Foto vom Typenschild machen
    Seriennummer notieren
    Regenzeug mitnehmen
    Werkzeug zurücklegen
    Gutschein einlösen
    zwei Ersatzspeichen
    ein Satz Bremsbeläge
    kleine Luftpumpe
    Flickzeug
""")

HEADINGS = lines("""
    Update
    Mein Fazit
    Was ich probiert habe
    Die Ausgangslage
    Nachtrag
    Kurz zusammengefasst
    Meine Einkaufsliste
    Offene Fragen
""")

OPENERS = lines("""
    Hallo zusammen,
    Moin!
    Hi,
    Servus,
    Guten Abend,
    Hallo in die Runde!
""")

MENTION_OPENERS = lines("""
    {mention} danke dir!
    {mention} genau so war es bei mir auch.
    Hallo {mention}, ich habe das gleiche Problem.
    {mention} hast du da ein Foto?
    Gute Idee, {mention}!
    {mention} meinst du das Modell von letztem Jahr?
""")

MENTION_SENTENCES = lines("""
    Was meinst du, {mention}?
    {mention} kennt sich da besser aus.
    Vielleicht weiß {mention} mehr.
    Wie bei {mention} neulich.
    Frag mal {mention}, der hatte das auch.
""")

EDIT_PREFIXES = lines("""
    **Edit:**
    **Nachtrag:**
    **Update:**
    **Edit 2:**
""")

TITLES = lines("""
    Erfahrungen mit {dative}?
    Frage zu {dative}
    {Subject} {predicate}
    Suche {thing}
    Tipps gesucht: {wh}
    {Thing} {participle} - und jetzt?
    Kaufberatung: {thing} gesucht
    Problem mit {dative}
    Wer kennt sich aus mit {dative}?
    Mein Bericht: {thing} {when} {participle}
    Hilfe, {subject} {predicate}
""")

SOLVED = "[Gelöst] "

QUOTE_HEADER = "@{name} schrieb:"

BIOS = lines("""
    Fahre seit {years} Jahren jeden Tag zur Arbeit. **Schrauber** aus Leidenschaft.
    Hobbygärtnerin, Lastenrad-Fan und *Kaffeetrinkerin*.
    Ich bastle gern an allem, was Räder hat. Frag mich nach `Nabenschaltungen`.
    Seit {years} Jahren in der Community. Meistens lesend, manchmal schreibend.
    Papa von zwei Kindern, Pendler, Sammler alter Werkzeuge.
    Mag lange Touren, gutes Essen und ehrliche Antworten.
""")

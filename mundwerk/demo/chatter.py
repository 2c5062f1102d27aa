"""Short replies that fit under any demo thread, so conversations run a little longer.

`{op}` becomes the topic author's username, `{tag}` a tag that suits the space.
"""

CHATTER = (
    "Danke fürs Teilen, @{op}! Genau so etwas habe ich gesucht.",
    "Spannendes Thema. Ich lese mal still mit. 👀",
    "+1, das kann ich so unterschreiben.",
    "Sehr hilfreich, das merke ich mir für später. #{tag}",
    "Hätte ich das mal letztes Jahr gewusst. 🙈",
    "Toller Beitrag, @{op}. Mehr davon!",
    "Ich hatte genau dasselbe Problem und kann bestätigen: Es lohnt sich, dranzubleiben.",
    "Schön, dass hier so freundlich geantwortet wird. Das kenne ich aus anderen Foren anders.",
    "Wer Lust hat, das beim nächsten **Schrauberabend** gemeinsam auszuprobieren: Ich bin dabei.",
    "Kurze Ergänzung: Im Radwerk gibt es dazu auch eine Infobroschüre an der Kasse.",
    "Gespeichert! 🔖 #{tag}",
    "Ich finde, das gehört in eine FAQ. Vielleicht kann das Team das zusammenfassen?",
    "Das erinnert mich an meine erste Saison. Man lernt nie aus.",
    "Habe es heute ausprobiert: funktioniert. Danke an alle hier!",
    "@{op} Halte uns gern auf dem Laufenden, das interessiert bestimmt noch mehr Leute.",
    "Mein Tipp: nicht zu viel auf einmal ändern, sonst weiß man hinterher nicht, was es war.",
    "Ich stimme zu, möchte aber ergänzen: Am Ende muss es sich für dich gut anfühlen.",
    "Herrlich, dieser Thread. Genau dafür bin ich hier. 😄",
    "Das Radwerk-Team hat mir da auch super geholfen, kann ich nur empfehlen.",
    "Nur als Hinweis: Eine ausführliche Anleitung gibt es auch unter https://example.org/ratgeber",
    "Ich nehme aus dem Thread mit:\n\n- ausprobieren\n- nachfragen\n- nicht aufgeben",
    "Guter Thread, danke an alle für die vielen Antworten. #{tag}",
    "Wir sollten mal eine gemeinsame Ausfahrt machen und das vor Ort besprechen. 🚲",
    "Danke, @{op}, dass du deine Erfahrungen so ausführlich aufschreibst.",
    "Bei mir war es ähnlich, nur hat es etwas länger gedauert, bis ich es gemerkt habe.",
    "Ich verlinke das mal in meiner Radgruppe, da kam die Frage letzte Woche auch auf.",
    "Das ist der Grund, warum ich diese Community mag. 💚",
    "Hab's an meinem Rad gerade nachgeschaut: bei mir ist alles in Ordnung. Puh.",
)

SPACE_TAGS = {
    "werkstatt": ("reparatur", "werkstatt", "fahrrad"),
    "touren": ("touren", "fahrrad", "ausfahrt"),
    "ebike": ("ebike", "lastenrad", "akku"),
    "kaufberatung": ("kaufberatung", "fahrrad"),
    "laden": ("radwerk", "fahrrad"),
    "plauderecke": ("fahrrad", "alltag"),
}

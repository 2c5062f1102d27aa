from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_the_german_catalog_is_complete_and_has_no_guesses():
    catalog = polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []
    assert len(catalog.translated_entries()) > 150


def test_german_keeps_every_placeholder():
    catalog = polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))
    for entry in catalog.translated_entries():
        source = entry.msgid
        translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for placeholder in {part.split(")")[0] for part in source.split("%(")[1:]}:
            for text in translations:
                assert f"%({placeholder})" in text, (source, text)

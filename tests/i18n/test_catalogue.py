"""The Welsh catalogue is complete: msgfmt --check is clean and finds no untranslated
and no fuzzy entry, and its plural rule is Welsh's six forms (zero, one, two, few, many,
other)."""

import re

from tests.i18n.catalogue import PLURAL_FORMS, ROOT, parse, statistics


def test_the_catalogue_passes_msgfmt_check(welsh_catalogue):
    code, said = statistics(welsh_catalogue)
    assert code == 0, said


def test_every_entry_is_translated_and_none_is_fuzzy(welsh_catalogue):
    _code, said = statistics(welsh_catalogue)
    untranslated = re.search(r"(\d+) untranslated", said)
    fuzzy = re.search(r"(\d+) fuzzy", said)
    missing = _untranslated_msgids(welsh_catalogue)
    assert untranslated is None and fuzzy is None, (
        f"msgfmt --statistics: {said}\nStill to translate (first 40 of {len(missing)}):\n"
        + "\n".join(missing[:40]))
    assert re.search(r"\d+ translated messages?\.", said), said


def test_the_plural_rule_is_welsh(welsh_catalogue):
    rule = parse(welsh_catalogue)[0].get("Plural-Forms")
    assert rule is not None, "the catalogue has no Plural-Forms header"
    assert " ".join(rule.split()) == PLURAL_FORMS


def test_every_plural_entry_has_six_forms(welsh_catalogue):
    _header, entries = parse(welsh_catalogue)
    wrong = [e.msgid for e in entries if e.plural and len(e.translations) != 6]
    assert wrong == [], wrong


def _untranslated_msgids(po_file) -> list[str]:
    """Each entry still to do, with where it comes from."""
    _header, entries = parse(po_file)
    return [("(fuzzy) " if e.fuzzy else "") + f"{e.msgid!r}  ({', '.join(e.references[:2])})"
            for e in entries if not e.translated]


def test_the_catalogue_holds_every_string_of_the_code(welsh_catalogue, tmp_path, settings,
                                                      monkeypatch):
    """makemessages (as the README runs it), run over the code into a copy of the
    catalogue, neither adds nor drops a msgid: no string in the code or templates is
    missing from the catalogue, so shown in English whatever the statistics say."""
    from django.core.management import call_command

    copy = tmp_path / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(welsh_catalogue.read_bytes())
    # The project's code seen from a directory whose only locale/ is the copy's.
    for child in ROOT.iterdir():
        if child.name.startswith(".") or child.name in IGNORED | {"locale"}:
            continue
        (tmp_path / child.name).symlink_to(child)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["cy"], no_obsolete=True, symlinks=True,
                 verbosity=0)

    def keys(po_file):
        return {(e.context or "", e.msgid) for e in parse(po_file)[1]}

    before, after = keys(welsh_catalogue), keys(copy)
    assert sorted(after - before) == [], "strings in the code the catalogue lacks"
    assert sorted(before - after) == [], "entries no code uses any more"


# What the README's makemessages leaves out (--ignore).
IGNORED = {".venv", "tests", "scripts", "var", "docs"}

"""Welsh's six plural forms, each its own wording: the sign-in lockout's "paused for
N minutes" (templates/registration/locked_out.html, a {% blocktranslate count %}) for 0,
1, 2, 3, 6 and 20, and the same msgid through ngettext. The Welsh says the small numbers
in words with their mutations ("am funud", "am ddwy funud", "am dair munud", "am chwe
munud"); 0 and 20 keep the figure."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from tests.i18n.pagetext import visible_text

SINGULAR = ("There were too many wrong passwords. Signing in is paused for %(minutes)s "
            "minute, even with the right password.")
PLURAL = ("There were too many wrong passwords. Signing in is paused for %(minutes)s "
          "minutes, even with the right password.")
OPENING = "Roedd gormod o gyfrineiriau anghywir. Mae mewngofnodi wedi’i oedi am "
CLOSING = ", hyd yn oed gyda’r cyfrinair cywir."
WELSH = {
    0: "0 munud",
    1: "funud",
    2: "ddwy funud",
    3: "dair munud",
    6: "chwe munud",
    20: "20 munud",
}


@pytest.mark.parametrize("count", sorted(WELSH))
def test_each_plural_form_has_its_own_welsh(welsh_catalogue, count):
    with translation.override("cy"):
        said = ngettext(SINGULAR, PLURAL, count) % {"minutes": count}
    assert said == f"{OPENING}{WELSH[count]}{CLOSING}"


@pytest.mark.parametrize("count", sorted(WELSH))
def test_the_lockout_page_says_it_in_welsh(welsh_catalogue, rf, count):
    request = rf.get("/cy/accounts/login/")
    with translation.override("cy"):
        html = render_to_string("registration/locked_out.html", {"minutes": count},
                                request=request)
    assert f"{OPENING}{WELSH[count]}{CLOSING}" in visible_text(html)


def test_the_forms_differ(welsh_catalogue):
    with translation.override("cy"):
        said = {ngettext(SINGULAR, PLURAL, n) % {"minutes": n} for n in WELSH}
    assert len(said) == len(WELSH)


def test_english_keeps_two_forms(welsh_catalogue):
    with translation.override("en"):
        assert ngettext(SINGULAR, PLURAL, 1) % {"minutes": 1} == SINGULAR % {"minutes": 1}
        assert ngettext(SINGULAR, PLURAL, 2) % {"minutes": 2} == PLURAL % {"minutes": 2}

"""The shipped 2019/20 report carries its Welsh beside its English (issue 16, item 4).

Every text of the whole-report file that a reader sees may have a sibling `<key>_cy` of
the same shape holding the Welsh. In the shipped file every one of them has it: a Welsh
board paper is then Welsh throughout, not English wherever a sibling was forgotten. These
tests read the file itself, so they hold whichever importer reads it.
"""
import re
from collections import defaultdict

import pytest
import yaml

from tests.conftest import SHIPPED_REPORT

# Keys whose values are not text for a reader: identifiers, dates, figures, states,
# enumerated values the product translates itself (an opinion, a status, a period), and
# references by name to a row the file defines elsewhere, with its Welsh there
# (`channel:` a servicedesk channel, `line:` a finance budget line).
NOT_TEXT = {
    "format", "organisation", "year", "date", "classification", "publicly_disclosable",
    "status", "period", "self_service", "opinion", "carried_out", "achieved",
    "delivery_route", "channel", "line",
}

# Welsh that is rightly the same as its English: names of systems and products, and
# acronyms that Welsh keeps (docs/glossary-cy.md).
SAME_IN_WELSH = {"FIRMS", "Airwave", "DSD", "NLEDS"}


@pytest.fixture(scope="module")
def report():
    return yaml.safe_load(SHIPPED_REPORT.read_text(encoding="utf-8"))


def is_text(value):
    return isinstance(value, str) or (
        isinstance(value, list) and value and all(isinstance(v, str) for v in value))


def texts(node, path="$"):
    """(path, mapping, key) for every translatable English text below node."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("_cy") or key in NOT_TEXT:
                continue
            if is_text(value):
                yield f"{path}.{key}", node, key
            else:
                yield from texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, f"{path}[{index}]")


def welsh_keys(node, path="$"):
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("_cy"):
                yield f"{path}.{key}", node, key
            else:
                yield from welsh_keys(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from welsh_keys(value, f"{path}[{index}]")


def pairs(report):
    """(path, English, Welsh) for every text, one string at a time."""
    for path, node, key in texts(report):
        english, welsh = node[key], node.get(f"{key}_cy")
        if isinstance(english, str):
            yield path, english, welsh
        elif isinstance(welsh, list) and len(welsh) == len(english):
            for index, (e, w) in enumerate(zip(english, welsh, strict=True)):
                yield f"{path}[{index}]", e, w


def test_the_file_is_valid_yaml_and_keeps_its_figures(report):
    assert report["organisation"] == "gwent-police"
    assert report["finance"]["returns"][0]["lines"][0]["budget"] == 4706996
    assert report["servicedesk"]["returns"][2]["calls"][0]["calls"] == 15275


def test_the_file_has_many_texts_to_check(report):
    """The walk finds the texts (a walk that found none would pass every test below)."""
    found = {path.split("[")[0] for path, _, _ in texts(report)}
    assert len(list(texts(report))) > 70
    for expected in ("$.report.title", "$.report.narrative.introduction",
                     "$.projects.returns", "$.finance.budget_lines",
                     "$.priorities.preparedness", "$.audits.text.commentary"):
        assert any(p.startswith(expected) for p in found), expected


def test_every_english_text_has_a_welsh_sibling(report):
    missing = [path for path, node, key in texts(report) if f"{key}_cy" not in node]
    assert missing == []


def test_every_welsh_sibling_has_its_englishs_shape(report):
    wrong = []
    for path, node, key in texts(report):
        english, welsh = node[key], node.get(f"{key}_cy")
        if isinstance(english, str):
            if not (isinstance(welsh, str) and welsh.strip()):
                wrong.append(f"{path}: not one text")
        elif not (isinstance(welsh, list) and len(welsh) == len(english)
                  and all(isinstance(w, str) and w.strip() for w in welsh)):
            wrong.append(f"{path}: {len(english)} texts in English, "
                         f"{len(welsh) if isinstance(welsh, list) else welsh!r} in Welsh")
    assert wrong == []


def test_every_welsh_key_sits_beside_its_english(report):
    """No `_cy` key without its English (a misspelt or misplaced sibling would be dropped
    or rejected by the importer)."""
    orphans = [path for path, node, key in welsh_keys(report) if key[:-3] not in node]
    assert orphans == []


def test_the_welsh_is_not_the_english(report):
    same = [path for path, english, welsh in pairs(report)
            if welsh == english and english not in SAME_IN_WELSH]
    assert same == []


def test_paragraphs_and_list_lines_are_kept(report):
    """The markdown-ish layout of the narrative: the same paragraphs, the same list items."""
    def layout(text):
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        return [sum(line.lstrip().startswith("- ") for line in p.splitlines())
                for p in paragraphs]
    changed = [path for path, english, welsh in pairs(report)
               if layout(english) != layout(welsh)]
    assert changed == []


def test_figures_in_the_text_are_kept(report):
    """A number stated in an English text is stated in its Welsh (7,000 officers, 2020/21)."""
    number = re.compile(r"\d[\d,./]*\d|\d")
    lost = [path for path, english, welsh in pairs(report)
            if sorted(number.findall(english)) != sorted(number.findall(welsh))]
    assert lost == []


def test_a_name_referenced_twice_has_one_welsh_name(report):
    """`theme: The Estate Strategy` on two projects: one Welsh name for the one theme."""
    welsh_of = defaultdict(set)
    for _path, node, key in texts(report):
        if key in ("theme", "team") and f"{key}_cy" in node:
            welsh_of[(key, node[key])].add(node[f"{key}_cy"])
    assert {name: cy for name, cy in welsh_of.items() if len(cy) > 1} == {}


def test_cover_uses_the_glossary(report):
    cover = report["report"]
    assert cover["issuing_office_cy"] == "Swyddfa Comisiynydd yr Heddlu a Throseddu"
    assert cover["lead_chief_officer_cy"] == "Nigel Stephens, Prif Swyddog Cynorthwyol – Adnoddau"
    assert cover["title_cy"].startswith("Adroddiad Blynyddol – TGCh a Gwasanaethau Digidol")
    tiers = [tier["name_cy"] for tier in report["servicedesk"]["tiers"]]
    assert tiers == ["Platinwm", "Aur", "Arian", "Efydd"]

"""The Welsh in a whole-report file: a ``<key>_cy`` sibling beside any translatable key.

Any key whose value is translatable text (a string, or a list of strings) may have a
sibling ``<key>_cy`` of the same shape holding the Welsh (``title_cy:`` beside
``title:``; ``deliverables_cy:`` a list as long as ``deliverables:``). A reference by
name stays English (``team: Project``); its sibling ``team_cy:`` gives that row's Welsh
name. Which keys may have Welsh is declared once per part (``FilePart.welsh_keys``, key
patterns with ``[]`` for every item of a list) and by ``ictreport.core.files`` for the
cover, the narrative and the sections' texts; a ``_cy`` key anywhere else is refused,
saying so.

Reading takes the ``_cy`` keys out before the parts' schemas see the file (so a file
without them reads exactly as before), checks them, and, once the English is written,
writes each Welsh text to the rows holding that English (``save_welsh``). A ``_cy`` key
left out leaves the Welsh held as it is; ``""`` clears it. Writing puts each ``_cy``
sibling back beside its key where Welsh is held (``add_welsh``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ictreport.core.file_fields import Problem

SUFFIX = "_cy"


@dataclass(frozen=True)
class WelshKey:
    """Where the Welsh of one key of the file is held: ``model.<field>_cy`` of the rows
    ``scope(organisation, year)`` picks whose English is the key's value (``by_text``),
    or of the one row the scope picks (the report's own texts). ``paragraphs``: the
    value is a list of numbered paragraphs held as one text."""

    model: type
    field: str
    scope: Callable[[Any, Any], dict] = lambda organisation, year: {}
    by_text: bool = True
    paragraphs: bool = False


@dataclass
class WelshEntry:
    pattern: str  # "projects.portfolio[].deliverables"
    path: str     # "projects.portfolio[2].deliverables_cy"
    english: Any
    welsh: Any


@dataclass
class Split:
    data: Any
    entries: list[WelshEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def split_welsh(data: Any) -> Split:
    """``data`` without its ``_cy`` keys, and those keys' values beside their English."""
    split = Split(None)
    split.data = _split(data, "", "", split)
    return split


def _split(node: Any, path: str, pattern: str, split: Split) -> Any:
    if isinstance(node, list):
        return [_split(item, f"{path}[{index}]", f"{pattern}[]", split)
                for index, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if isinstance(key, str) and key.endswith(SUFFIX) and len(key) > len(SUFFIX):
            english_key = key[:-len(SUFFIX)]
            if english_key not in node:
                split.problems.append(Problem(_join(path, key), (
                    f"gives Welsh for {english_key}, which is not given beside it")))
            else:
                split.entries.append(WelshEntry(_join(pattern, english_key), _join(path, key),
                                                node[english_key], value))
            continue
        out[key] = _split(value, _join(path, str(key)), _join(pattern, str(key)), split)
    return out


def _shape_problem(entry: WelshEntry, key: WelshKey) -> str | None:
    english, welsh = entry.english, entry.welsh
    if isinstance(english, list):
        if not isinstance(welsh, list) or not all(isinstance(w, str) for w in welsh):
            return "must be a list of texts, like the English beside it"
        if not key.paragraphs and len(welsh) != len(english):
            return (f"must hold as many texts as the English beside it ({len(english)}), "
                    "in the same order; leave one empty (\"\") where there is no Welsh")
        return None
    if not isinstance(welsh, str):
        return "must be text, like the English beside it"
    return None


def check_welsh(entries: list[WelshEntry], keys: dict[str, WelshKey]) -> list[Problem]:
    problems = []
    for entry in entries:
        key = keys.get(entry.pattern)
        if key is None:
            english_key = entry.path.rsplit(".", 1)[-1][:-len(SUFFIX)]
            problems.append(Problem(entry.path, (
                f"{english_key} is not text that is held in Welsh, so it cannot have a "
                f"{english_key}{SUFFIX}; Welsh is given only beside names and texts")))
            continue
        problem = _shape_problem(entry, key)
        if problem:
            problems.append(Problem(entry.path, problem))
    return problems


def _welsh_column(key: WelshKey) -> str:
    return f"{key.field}{SUFFIX}"


def _clean(text: str) -> str:
    return text.strip() if isinstance(text, str) else ""


def _wanted(entries: list[WelshEntry], keys: dict[str, WelshKey]):
    """Per key, the Welsh asked for: {English text: Welsh} (``None`` for a key that
    is the scope's one row), the last entry winning as the file reads."""
    from ictreport.core.models import join_paragraphs

    wanted: dict[WelshKey, dict[str | None, str]] = {}
    for entry in entries:
        key = keys[entry.pattern]
        texts = wanted.setdefault(key, {})
        if not key.by_text:
            texts[None] = (join_paragraphs([_clean(p) for p in entry.welsh if _clean(p)])
                           if key.paragraphs else _clean(entry.welsh))
            continue
        pairs = (zip(entry.english, entry.welsh, strict=False)
                 if isinstance(entry.english, list) else [(entry.english, entry.welsh)])
        for english, welsh in pairs:
            if _clean(english):
                texts[_clean(english)] = _clean(welsh)
    return wanted


def save_welsh(entries: list[WelshEntry], keys: dict[str, WelshKey], *, organisation,
               year) -> None:
    """Write each entry's Welsh to the rows holding its English (inside the import's
    transaction, after the English is written): one read per model and scope, and one
    bulk update of the rows whose Welsh changes — none when the file says what is held."""
    groups: dict[tuple, list[tuple[WelshKey, dict]]] = {}
    for key, texts in _wanted(entries, keys).items():
        scope = key.scope(organisation, year)
        groups.setdefault((key.model, tuple(sorted(scope.items()))), []).append((key, texts))
    for (model, scope), wanted in groups.items():
        columns = {c for key, _texts in wanted for c in (f"{key.field}_en", _welsh_column(key))}
        changed: dict[int, Any] = {}
        written: set[str] = set()
        for row in model._base_manager.filter(**dict(scope)).only("pk", *columns):
            for key, texts in wanted:
                english = None if not key.by_text else getattr(row, f"{key.field}_en")
                if english not in texts:
                    continue
                column = _welsh_column(key)
                if (getattr(row, column) or "") != texts[english]:
                    setattr(row, column, texts[english])
                    changed[row.pk] = row
                    written.add(column)
        if changed:
            model._base_manager.bulk_update(list(changed.values()), sorted(written))


def add_welsh(data: dict, keys: dict[str, WelshKey], *, organisation, year) -> dict:
    """``data`` (a file being written) with a ``_cy`` sibling after each key that has
    Welsh held."""
    held: dict[WelshKey, Any] = {}

    def welsh_for(key: WelshKey):
        if key not in held:
            rows = key.model._base_manager.filter(**key.scope(organisation, year))
            columns = rows.values_list(f"{key.field}_en", _welsh_column(key))
            held[key] = dict(columns) if key.by_text else next(
                (cy for _en, cy in columns), None)
        return held[key]

    def one(key: WelshKey, english: Any):
        if not key.by_text:
            welsh = welsh_for(key) or ""
            if key.paragraphs:
                from ictreport.core.models import split_paragraphs
                return split_paragraphs(welsh) if welsh.strip() else None
            return welsh or None
        texts = welsh_for(key)
        if isinstance(english, list):
            found = [texts.get(e) or "" for e in english]
            return found if any(found) else None
        return texts.get(english) or None

    def walk(node: Any, pattern: str) -> Any:
        if isinstance(node, list):
            return [walk(item, f"{pattern}[]") for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for name, value in node.items():
            child = _join(pattern, str(name))
            out[name] = walk(value, child)
            key = keys.get(child)
            if key is not None and value not in (None, "", []):
                welsh = one(key, value)
                if welsh is not None:
                    out[f"{name}{SUFFIX}"] = welsh
        return out

    return walk(data, "")


def prefixed(prefix: str, keys: dict[str, WelshKey]) -> dict[str, WelshKey]:
    return {_join(prefix, pattern): key for pattern, key in keys.items()}


"""YAML for whole-report files: reading within limits, writing in one stable style.

Reading refuses what would exhaust the process before anything recursive sees it, and
reports a key given twice (YAML itself silently takes the last); writing gives plain
block YAML with no anchors, so export → import → export is identical.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from ictreport.core.file_fields import Problem, ReportFileError

# Limits on what a file may be, far above any real report (the shipped 2019/20 file is
# 20 KB, nested 6 deep, about 600 nodes) and far below what would exhaust the process:
# PyYAML composes nested collections recursively (50,000 deep is a RecursionError),
# and aliases to aliases ("billion laughs") expand exponentially once read.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 20
MAX_NODES = 200_000

# libyaml's parser where PyYAML was built with it (the wheels are): the same events and
# nodes, with their marks, about ten times sooner than the pure-Python one, which was
# half of what importing the shipped report cost (parsed twice: checked, then composed).
# A file libyaml refuses is read again by the pure-Python parser, whose messages say
# more (an undefined alias by its name, a tab as a tab).
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def load_yaml(text: str) -> Any:
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise ReportFileError([Problem("", (
            f"the file is {size / 1024 / 1024:.1f} MB; a report file may be at most "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB"))])
    if _FAST_LOADER is not None:
        try:
            return _load(text, _FAST_LOADER)
        except yaml.YAMLError:
            pass  # said as the pure-Python parser says it, below
    try:
        return _load(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the file"
        raise ReportFileError([Problem("", f"{where}: not valid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise ReportFileError([Problem("", f"not valid YAML: {exc}")]) from None


def _load(text: str, loader) -> Any:
    _check_shape(text, loader)
    node = yaml.compose(text, Loader=loader)
    if node is None:
        return None
    duplicates = sorted(_duplicate_keys(node, ""), key=lambda found: found[0])
    if duplicates:
        raise ReportFileError([problem for _, problem in duplicates])
    return loader("").construct_document(node)


def _check_shape(text: str, loader=yaml.SafeLoader) -> None:
    """Refuse over-deep nesting and alias expansion from the parser's events, before
    anything recursive (composing, constructing, validating) sees the document."""
    depth = nodes = 0
    open_collections = []  # (anchor, nodes before it, depth at it, deepest inside it)
    sizes: dict[str, tuple[int, int]] = {}  # anchor → (nodes, depth) it expands to
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                _refuse(f"line {line}: nested more than {MAX_DEPTH} levels deep; a report "
                        "file needs far fewer")
            open_collections.append([event.anchor, nodes, depth, depth])
            nodes += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before, at, deepest = open_collections.pop()
            if open_collections:
                open_collections[-1][3] = max(open_collections[-1][3], deepest)
            if anchor is not None:
                sizes[anchor] = (nodes - before, deepest - at + 1)
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
            if event.anchor is not None:
                sizes[event.anchor] = (1, 0)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes:
                if any(c[0] == event.anchor for c in open_collections):
                    _refuse(f"line {line}: the alias *{event.anchor} refers to the "
                            "collection it is in")
                continue  # an unknown anchor: composing says so, with its line
            size, alias_depth = sizes[event.anchor]
            nodes += size
            if depth + alias_depth > MAX_DEPTH:
                _refuse(f"line {line}: the alias *{event.anchor} nests the file more than "
                        f"{MAX_DEPTH} levels deep")
            if open_collections:
                open_collections[-1][3] = max(open_collections[-1][3], depth + alias_depth)
        if nodes > MAX_NODES:
            _refuse(f"line {line}: the file holds more than {MAX_NODES:,} values once its "
                    "aliases are expanded; a report file needs far fewer")


def _refuse(message: str):
    raise ReportFileError([Problem("", message)])


def _duplicate_keys(node, path: str):
    """``(line, problem)`` for every key given twice in one mapping, at any level, with
    its path and lines (YAML itself silently takes the last)."""
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, f"{path}[{index}]")
    elif isinstance(node, yaml.MappingNode):
        seen = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            child = f"{path}.{key}" if path else key
            line = key_node.start_mark.line + 1
            if key in seen:
                yield line, Problem(child, f"{key} appears twice, lines {seen[key]} and {line}")
            else:
                seen[key] = line
                yield from _duplicate_keys(value_node, child)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value):
    value = str(value)  # text choices are str subclasses
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_decimal(dumper, value: Decimal):
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


# str itself has a built-in representer that a multi-representer does not override;
# text choices (str subclasses) need the multi-representer.
_Dumper.add_representer(str, _represent_str)
_Dumper.add_multi_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_decimal)
# Written out in full every time: a reader never needs to follow an anchor.
_Dumper.ignore_aliases = lambda self, data: True


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)

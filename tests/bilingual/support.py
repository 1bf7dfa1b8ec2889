"""Invented Welsh for tests: "CY " before the English of every text a file may carry in
Welsh (``ictreport.core.file_welsh``)."""

from ictreport.core import registry
from ictreport.core.files import _welsh_keys


def welsh_keys():
    return _welsh_keys(registry.file_parts())


def invented(text: str) -> str:
    return f"CY {text}"


def with_invented_welsh(data, keys=None, pattern=""):
    """``data`` (a loaded file) with a ``<key>_cy`` beside every translatable key."""
    keys = welsh_keys() if keys is None else keys
    if isinstance(data, list):
        return [with_invented_welsh(item, keys, f"{pattern}[]") for item in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        if key.endswith("_cy"):
            continue
        child = f"{pattern}.{key}" if pattern else key
        out[key] = with_invented_welsh(value, keys, child)
        if child in keys and value not in (None, "", []):
            out[f"{key}_cy"] = ([invented(v) for v in value] if isinstance(value, list)
                                else invented(value))
    return out

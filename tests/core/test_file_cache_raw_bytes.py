"""The file cache keeps bytes (a cached PDF) as they are and everything else as Django
does; either reads back equal, and touching an entry keeps it."""

from pathlib import Path

import pytest

from ictreport.core.cache import RAW_BYTES, FileCache

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40


@pytest.fixture
def cache(tmp_path) -> FileCache:
    return FileCache(str(tmp_path / "cache"), {})


def _stored(cache: FileCache, key: str) -> bytes:
    return Path(cache._key_to_file(key)).read_bytes()


def test_bytes_are_stored_raw_after_the_marker(cache):
    cache.set("pdf", PDF, 60)
    assert _stored(cache, "pdf").endswith(RAW_BYTES + PDF)
    assert cache.get("pdf") == PDF


@pytest.mark.parametrize("value", ["<p>Galwadau</p>", ("<p>", [1, 2]), {"a": b"x"}, 0,
                                   "\x00 starts like the marker"])
def test_other_values_read_back_equal(cache, value):
    cache.set("value", value, 60)
    assert cache.get("value") == value
    assert RAW_BYTES + b"<p>" not in _stored(cache, "value")


class Tagged(bytes):
    pass


def test_a_bytes_subclass_is_pickled_and_keeps_its_type(cache):
    cache.set("tagged", Tagged(b"abc"), 60)
    assert type(cache.get("tagged")) is Tagged


def test_an_expired_entry_is_a_miss(cache, monkeypatch):
    cache.set("pdf", PDF, 60)
    monkeypatch.setattr("time.time", lambda: 10**12)
    assert cache.get("pdf", "missing") == "missing"


def test_touch_keeps_a_raw_entry_and_moves_its_expiry(cache):
    cache.set("pdf", PDF, 1)
    assert cache.touch("pdf", 3600)
    assert cache.get("pdf") == PDF
    assert cache.touch("absent", 60) is False


def test_add_and_has_key_see_a_raw_entry(cache):
    assert cache.add("pdf", PDF, 60)
    assert cache.has_key("pdf")
    assert cache.add("pdf", b"other", 60) is False
    assert cache.get("pdf") == PDF

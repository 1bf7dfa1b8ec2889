"""Browser tests skip, saying why, without Chromium; in CI a missing Chromium fails them."""

import pytest

from tests.browser.conftest import require_chromium


def test_present_chromium_lets_the_tests_run(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.touch()
    assert require_chromium(chromium, {"CI": "true"}) is None


def test_missing_chromium_skips_with_the_reason_outside_ci(tmp_path):
    with pytest.raises(pytest.skip.Exception, match="chromium is missing: install Debian"):
        require_chromium(tmp_path / "chromium", {})


@pytest.mark.parametrize("ci", ["true", "1", "TRUE"])
def test_missing_chromium_fails_in_ci(tmp_path, ci):
    with pytest.raises(pytest.fail.Exception, match="CI=true but"):
        require_chromium(tmp_path / "chromium", {"CI": ci})

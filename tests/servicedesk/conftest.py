import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The staff user's password is hashed once a test; the production hasher takes
    about a second each time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

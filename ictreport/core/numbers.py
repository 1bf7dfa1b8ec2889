"""Numbers as people type them into the product: plain decimal notation only.

``1234.5``, ``-12`` and UK thousands separators in their right groups (``1,234.5``) are
numbers; a decimal comma (``1,5``), a misplaced separator (``12,34``), spaces inside,
exponents (``1e5``), Python's underscores (``1_000``), signs other than a leading minus,
``NaN``/``Infinity`` and digits of other scripts (full-width ``１２``) are not, so that no
value is ever silently read as something else (``1,5`` as 15).
"""

import re
from decimal import Decimal

from django.utils.translation import gettext

# ASCII digits only: ``\d`` would also match full-width and other scripts' digits.
_PLAIN = re.compile(r"-?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?")


def parse_plain_decimal(text: str) -> Decimal:
    """``text`` as a Decimal, or ValueError with a message that says what to write.

    Space around the number is ignored; nothing else is forgiven.
    """
    value = str(text).strip()
    if not _PLAIN.fullmatch(value):
        raise ValueError(gettext(
            "Write a number in plain decimal notation, such as 1234.5 or 1,234.5, not "
            "“%(value)s”."
        ) % {"value": value})
    return Decimal(value.replace(",", ""))


def is_plain_decimal(text: str) -> bool:
    """Whether ``text`` is exactly a number in plain decimal notation (no space around)."""
    return isinstance(text, str) and _PLAIN.fullmatch(text) is not None

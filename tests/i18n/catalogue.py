"""The Welsh catalogue as the tests read it: its entries parsed from the .po (a small
reader of the PO format, so no third-party parser is needed), GNU msgfmt for the checks
and statistics, and the English phrases a Welsh page must not show."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"
PLURAL_FORMS = ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : "
                "n==6 ? 4 : 5);")

# What a msgid holds that is not English words: Python placeholders, template tags and
# HTML tags. The English left between them is what a Welsh page must not show.
_NOT_WORDS = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%|%[sd]|\{\{.*?\}\}|\{%.*?%\}|<[^>]+>")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def msgfmt() -> str | None:
    return shutil.which("msgfmt")


def statistics(po_file: Path = PO_FILE) -> tuple[int, str]:
    """msgfmt --check --statistics on the catalogue: its exit code and what it said."""
    done = subprocess.run(
        [msgfmt(), "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True, text=True, check=False,
    )
    return done.returncode, (done.stdout + done.stderr).strip()


@dataclass(frozen=True)
class Entry:
    context: str | None
    msgid: str
    plural: str | None
    translations: tuple[str, ...]  # msgstr, or msgstr[0] … msgstr[n]
    fuzzy: bool
    references: tuple[str, ...]

    @property
    def translated(self) -> bool:
        return not self.fuzzy and all(self.translations)


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def parse(po_file: Path = PO_FILE) -> tuple[dict[str, str], list[Entry]]:
    """The header's fields and every entry but the header (obsolete ones left out)."""
    header, found = {}, []
    for block in re.split(r"\n\s*\n", po_file.read_text(encoding="utf-8")):
        fields: dict[str, list[str]] = {}
        flags, references, current = set(), [], None
        for line in block.splitlines():
            if line.startswith("#~"):
                current = None
                continue
            if line.startswith("#,"):
                flags.update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#:"):
                references.extend(line[2:].split())
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                fields[current].append(_unquote(line))
            else:
                match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$",
                                 line)
                if match:
                    current = match.group(1)
                    fields[current] = [_unquote(match.group(2))]
        if "msgid" not in fields:
            continue
        values = {k: "".join(v) for k, v in fields.items()}
        if values["msgid"] == "" and "msgctxt" not in values:
            for line in values.get("msgstr", "").splitlines():
                name, _, value = line.partition(":")
                header[name.strip()] = value.strip()
            continue
        forms = sorted((k for k in values if k.startswith("msgstr[")),
                       key=lambda k: int(k[7:-1]))
        translations = tuple(values[k] for k in forms) if forms else (values.get("msgstr", ""),)
        found.append(Entry(values.get("msgctxt"), values["msgid"], values.get("msgid_plural"),
                           translations, "fuzzy" in flags, tuple(references)))
    return header, found


def english_phrases(entries: list[Entry], min_length: int = 12) -> set[str]:
    """The product's English as it could show on a page: each msgid's words between its
    placeholders and tags, at least ``min_length`` characters long, unless the Welsh
    keeps them (an entry translated as itself, or a phrase that a Welsh translation also
    holds: a name, an acronym, an address)."""
    welsh = _normalise(" ".join(t for e in entries if e.translated for t in e.translations))
    found = set()
    for entry in entries:
        for english in filter(None, (entry.msgid, entry.plural)):
            if entry.translated and english in entry.translations:
                continue
            for piece in _NOT_WORDS.split(english):
                piece = _normalise(piece).strip(" ,.;:()“”\"'–-")
                if (len(piece) >= min_length and re.search(r"[A-Za-z]{3}", piece)
                        and piece not in welsh):
                    found.add(piece)
    return found


def _normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())

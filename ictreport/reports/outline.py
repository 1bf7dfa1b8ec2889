"""The annual report's outline, in the source document's numbering.

Prose comes from the report's narrative fields (each a list of numbered paragraphs);
data sections come from the registry, placed by their ``chapter`` and ``order``. The
numbers are counted, not stored, so section 3 reads 3.1–3.4 (strategy), 3.5–3.7 (the
data sections), 3.8 (governance), exactly as the source does.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ictreport.core import registry
from ictreport.core.bilingual import lang_of, text_of
from ictreport.core.data_version import data_version, section_data
from ictreport.core.models import AnnualReport, SectionText
from ictreport.core.sections import Finding, SectionData

SECTIONS = object()  # where a chapter's registered data sections go

CHAPTERS = (
    (1, _("Recommendation"), ("recommendation",)),
    (2, _("Introduction & background"), ("introduction",)),
    (3, _("Issues for consideration"), ("strategy", SECTIONS, "governance")),
    (4, _("Next steps"), (SECTIONS, "next_steps")),
    (5, _("Financial considerations"), ("financial", SECTIONS)),
    (6, _("Personnel considerations"), ("personnel",)),
    (7, _("Legal implications"), ("legal",)),
    (8, _("Equalities and human rights considerations"), ("equalities",)),
    (9, _("Risk"), ("risk",)),
    (10, _("Public interest"), ("public_interest",)),
    (11, _("Contact officer"), ("contact_officer",)),
    (12, _("Annexes"), ("annexes",)),
)


@dataclass
class Paragraph:
    number: str
    text: str = ""  # prose
    section: SectionData | None = None  # or a data section
    intro: str = ""
    commentary: str = ""
    # The language of ``text`` where it is not the page's (English standing in for
    # missing Welsh), for its ``lang`` attribute; None when it is the page's.
    lang: str | None = None

    @property
    def anchor(self) -> str:
        return "para-" + self.number.replace(".", "-")


@dataclass
class Chapter:
    number: int
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"section-{self.number}"


@dataclass
class ReportDocument:
    report: AnnualReport
    chapters: list[Chapter]
    findings: list[tuple[str, Finding]]  # (section title, finding)
    public: bool

    @property
    def sections(self) -> list[SectionData]:
        return [p.section for p in self.data_paragraphs]

    @property
    def data_paragraphs(self) -> list[Paragraph]:
        """The paragraphs that hold a data section, in report order."""
        return [p for c in self.chapters for p in c.paragraphs if p.section]


def assemble(report: AnnualReport, *, public: bool = False,
             version: int | None = None) -> ReportDocument:
    """Every chapter with its numbered paragraphs; ``public`` drops restricted content.
    Each section's data comes from the shared cache at the report's data ``version``
    (read first when not given)."""
    if version is None:
        version = data_version(report.organisation_id, report.year_id)
    texts = {t.section: t for t in SectionText.objects.filter(report=report)}
    by_chapter: dict[int, list] = {}
    for section in registry.sections():
        by_chapter.setdefault(section.chapter, []).append(section)

    chapters, findings = [], []
    for number, title, parts in CHAPTERS:
        chapter = Chapter(number, str(title))
        for part in parts:
            if part is SECTIONS:
                for section in by_chapter.get(number, []):
                    data = section_data(section, organisation=report.organisation,
                                        year=report.year, version=version)
                    findings += [(str(data.title), f) for f in data.findings]
                    if public:
                        data = data.public()
                    text = texts.get(section.key)
                    chapter.paragraphs.append(Paragraph(
                        number=f"{number}.{len(chapter.paragraphs) + 1}",
                        section=data,
                        intro=text_of(text, "intro") if text else "",
                        commentary=text_of(text, "commentary") if text else "",
                    ))
            else:
                lang = lang_of(text_of(report, part))
                for paragraph in report.narrative_paragraphs(part):
                    chapter.paragraphs.append(Paragraph(
                        number=f"{number}.{len(chapter.paragraphs) + 1}", text=paragraph,
                        lang=lang,
                    ))
        chapters.append(chapter)
    return ReportDocument(report, chapters, [] if public else findings, public)

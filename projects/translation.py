"""The projects' text held in English and Welsh (``ictreport.core.bilingual``): team and
theme names, completed work, projects (name, description, owner), deliverables and the
quarterly updates' commentary. Not statuses, routes or RAG (choices, translated as
interface strings)."""

from ictreport.core.bilingual import register
from projects.models import (
    CompletedWorkHighlight,
    Deliverable,
    Project,
    ProjectUpdate,
    Team,
    Theme,
)

register(Team, "name")
register(Theme, "name")
register(CompletedWorkHighlight, "text")
register(Project, "name", "description", "owner")
register(Deliverable, "name")
register(ProjectUpdate, "commentary")

"""Words that mean the same thing in questions about these roles, folded to one word.

A FAQ entry lists a handful of phrasings; people use many more words than those. Someone
asking what "hiring managers want from a candidate" means what "interviewers look for"
means. Each group below maps every word on its right to the word on its left, before
stemming, for questions and knowledge alike. The groups are about this domain only, and
deliberately narrow: folding two words that are not interchangeable makes answers worse.
"""

from __future__ import annotations

_GROUPS = {
    "interview": "interview interviews interviewer interviewers loop loops onsite onsites panel panels recruiter recruiters",
    "candidate": "candidate candidates applicant applicants interviewee",
    "skill": "skill skills skillset skillsets capability capabilities competency competencies abilities chops strengths",
    "responsibility": "responsibility responsibilities duty duties accountable accountability ownership",
    "difference": "difference differences diff differ differs different differently differentiate distinguish distinguishes "
    "distinction contrast separates separate",
    "versus": "vs v versus",
    "career": "career careers progression ladder trajectory",
    "promotion": "promotion promotions promoted promo advance advancement",
    "metric": "metric metrics kpi kpis okr okrs measure measured measures measuring measurement",
    "tool": "tool tools app apps tooling",
    "certification": "certification certifications cert certs certified certificate credential credentials",
    "deliverable": "deliverable deliverables output outputs artifact artifacts artefact artefacts",
    "schedule": "schedule schedules timeline timelines deadline deadlines",
    "dependency": "dependency dependencies deps dep interdependency interdependencies",
    "stakeholder": "stakeholder stakeholders",
    "executive": "executive executives exec execs leadership vp vps",
    "training": "training trainings course courses coaching coach bootcamp bootcamps",
    "budget": "budget budgets funding spend spending financials money",
    "drop": "drop drops dropped dropping fell fall falls falling decline declined declining dip dipped tank tanked",
    "assess": "assess assessed assessing assessment grade graded grading evaluate evaluated evaluating evaluation "
    "judge judged judging",
    "migration": "migration migrations migrate migrating cutover",
    "launch": "launch launches launched launching release releases rollout",
    "outage": "outage outages incident incidents downtime sev1 sev",
    "prioritize": "prioritize prioritise prioritizing prioritising prioritization prioritisation rank ranking triage",
    "conflict": "conflict conflicts disagreement disagreements disagree dispute disputes deadlock gridlock clash",
    "failure": "failure failures fail failed failing mistake mistakes",
    "delay": "delay delays delayed late slip slipping slipped behind overdue",
    "title": "title titles posting postings listing listings",
    "engineering": "engineering engineer engineers eng devs developers developer",
    "daily": "daily day",
    "organization": "organization organisation organizations organisations org orgs company companies",
    "example": "example examples instance",
    "abbreviation": "abbreviation abbreviations acronym acronyms stand stands",
    "experience": "experience experiences exp background",
}

THESAURUS: dict[str, str] = {word: head for head, members in _GROUPS.items() for word in members.split()}
"""Each member word mapped to the head word of its group."""

"""Stance: whether a sentence of an answer says a good practice was done, or the opposite.

Interviewers read "I didn't escalate", "we never tracked risks" and "I left him off the
reports" as evidence against a candidate, whatever rubric words they contain. Two checks,
both on the words of one sentence:

- **Clause-level negation.** A sentence is cut into clauses at commas, semicolons and
  linking words ("but", "and", "because"...). A word after a negation ("not", "never",
  "didn't", "without", "instead of"...) in the same clause is negated, and cannot be evidence
  for a rubric point. "Not just", "didn't only" and "not simply" do not negate: "I didn't just
  say no" is a good sign.
- **Bad-practice cues.** Phrases that describe what interviewers mark down: skipping a review
  or tests, keeping a status green, blaming others, working the team through weekends,
  committing anyway, a negated practice verb ("never tracked", "didn't tell"). A sentence
  that owns the mistake ("that was my mistake", "I should have", "looking back") is
  reflection, not bad practice, and carries no cue.

Everything works on folded words (lowercase, apostrophes dropped: "didn't" is "didnt").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

NEGATIONS = frozenset(
    "not no never didnt dont doesnt wasnt werent isnt arent couldnt wouldnt wont cant cannot shouldnt "
    "hadnt havent hasnt without nobody none neither nor nothing".split()
)
"""Words that negate what follows them in their clause."""
_NOT_NEGATING_AFTER = frozenset({"just", "only", "simply", "merely", "longer", "doubt", "matter", "wait"})
"""A negation followed by one of these soon after is not a negation of the practice: "not just", "no longer"."""
_EXEMPT_WINDOW = 4
_CLAUSE_WORDS = frozenset(
    "but and so because although though while whereas which since until unless or yet then after before "
    "when once".split()
)
"""Words that start a new clause: a negation before them does not reach past them."""
_PUNCTUATION = re.compile(r"[,;:()\u2013\u2014\"“”]|\s-\s")

REFLECTION = re.compile(
    r"\b(?:my mistake|my fault|my error|my lesson|(?:i|we) should have|(?:i|we) shouldve|in hindsight|looking back|"
    r"i learned|i learnt|the lesson i|i regret|i wish i|(?<!not )(?<!nt )on me|i was wrong|i owned|i own that|"
    r"that was a mistake|i got (?:it|that) wrong|what i changed|i would not do|i wouldnt do|never again)\b"
)
"""Owning a mistake: a sentence with these is reflection, not bad practice."""

_PRACTICE_VERBS = (
    r"track\w*|escalat\w*|tell|told|inform\w*|updat\w*|test\w*|review\w*|document\w*|communicat\w*|consult\w*|"
    r"involv\w*|plan|planned|planning|listen\w*|check\w*|ask|asked|warn\w*|flag\w*|share|shared|sharing|"
    r"mention\w*|rais\w*|loop\w*|includ\w*|talk\w*|measur\w*|monitor\w*|push back|pushed back|follow\w* up|"
    r"consider\w*|prepar\w*|verif\w*|validat\w*|confirm\w*|engag\w*|explain\w*|agree\w*|negotiat\w*|"
    r"invit\w*|report\w*|record\w*|write down|wrote down|give feedback|gave feedback|coach\w*|support\w*|"
    r"delegat\w*|keep track|kept track"
)

_BAD = tuple(
    re.compile(p)
    for p in (
        r"\bdidnt bother\b|\bnever bothered\b|\bnot bother\w*\b|\bdont bother\b",
        r"(?<!mean )\b(?:skip|skipped|skipping|bypass\w*|sidestep\w*|went around|go around|ignor\w*|waiv\w*|shortcut\w*)\b"
        r"(?:\W+\w+){0,4}?\W+(?:the\W+)?(?:\w+\W+)?(?:review|reviews|test\w*|qa|sign\w*|approval\w*|security|"
        r"compliance|process|feedback|retro\w*|postmortem|check\w*|step|steps|meeting|documentation)\b",
        r"\b(?:cut|cutting|dropped|squeezed|halved)\b(?:\W+\w+){0,3}?\W+(?:test\w*|qa|review\w*)\b",
        r"\b(?:kept|keep|keeping|left|leave|marked|mark|reported)\b(?:\W+\w+){0,3}?\W+green\b",
        r"\b(?:hid|hide|hiding|kept hidden|sat on(?! the critical)|covered up|cover up)\b(?! ones)(?: (?:it|the|this|that|them|a|our|my)\b)",
        r"\bkept (?:it|this|that|the \w+) (?:quiet|to myself|under wraps|between us)\b",
        r"\bdidnt want to (?:worry|alarm|upset|bother|scare|worry)\b",
        r"\b(?:their|his|her|(?:the|that|this) \w+s) fault\b|\b(?:was|is) (?:really |all |entirely )?on (?:them|him|her)\b",
        r"(?<!would )\bblam(?!eless)\w*\b(?! culture)",
        r"\bwork(?:ed|ing)? (?:the |through |over )?(?:weekends|nights|late every)\b|\bpush(?:ed)? (?:them|him|her|"
        r"the team|people|everyone) (?:harder|hard)\b|\bcrunch\b",
        r"\bcommit\w* (?:to it )?anyway\b|\bsaid yes anyway\b|\bdont say no\b|\bnever say no\b|\bjust said yes\b",
        r"\bjust (?:ship|shipped|shipping|push|pushed|went ahead|go ahead|picked|decided|told|overruled)\b",
        r"\bwithout (?:telling|consulting|checking|informing|involving|talking to|warning|looping|"
        r"letting|updating)\b",
        r"\boverrul\w*\b(?<!was overruled)(?<!were overruled)(?<!got overruled)(?<!been overruled)"
        r"(?<!being overruled)(?! (?:me|us|my|our)\b)(?! by (?!me\b))|\bwent over (?:his|her|their) heads?\b|\bgo over (?:his|her|their) heads?\b",
        r"\b(?:left|leave|leaving|kept|keep|cut|took|dropped) (?:him|her|them) (?:off|out)\b",
        r"\b(?:called|call|calling) (?:him|her|them) out\b|\bpublicly (?:criticiz|embarrass|call|blam|reprimand)\w*",
        r"\bwing(?:ed)? it\b|\bhop(?:ed|ing) (?:it would|for the best|things would|that it)\b",
        r"\bnot my (?:problem|job|call|concern)\b|\bnot our problem\b",
        r"\bwait(?:ed)? (?:until|till) (?:the )?(?:last|end|very)\b",
        r"\bno (?:need|time|point) (?:to|for) (?:track|test|review|plan|escalat|tell|document|a retro|"
        r"retro|a plan)\w*",
        r"\b(?:the )?(?:engineers?|developers?|team|they|vendor) (?:always )?(?:pad|sandbag|are lazy|were lazy)\w*\b",
        r"\bover the line when others\b|\bbeing cautious\b|\btoo cautious\b|\bslowing us down\b|\bkept slowing\b",
        r"\b(?:made|make|making|forced|force|told) (?:them|him|her|the team|everyone) (?:to )?(?:just )?"
        r"(?:work|stay|accept|commit|deliver|do it)\b",
        r"\btold (?:them|him|her|the team) (?:this|that) (?:was|is) (?:just )?how\b",
        r"\b(?:didnt|did not|never|dont|wouldnt) (?:really )?delegat\w*|\bdid (?:everything|it all|all of it) "
        r"(?:myself|alone)\b",
        r"\b(?:i|we) (?:never|didnt|did not|dont|do not)(?: really)? (?:keep|kept|have|had|run|ran|hold|held|"
        r"maintain\w*)(?: \w+){0,3}? (?:risk|risks|plan|tracker|log|list|register|review|retro|postmortem)\b",
        r"\b(?:i|we) (?:never|didnt|did not|dont|do not|rarely|wouldnt|would never|wont)(?: \w+){0,2}? "
        rf"(?:{_PRACTICE_VERBS})\b(?! first\b| anyones\b|(?: \w+)? out of\b)",
        r"\b(?:didnt|dont|do not|did not|wouldnt|never) (?:really )?(?:see the point|believe in|bother|waste time|"
        r"respond|want to wait)\b",
        r"\b(?:went|go|going|goes) straight (?:to|over) (?:the|their|his|her|my) (?:director|vp|boss|manager|ceo|"
        r"leadership|head)\b",
        r"\b(?:need|needs|bit of|put|putting|apply|applying) (?:some |more )?pressure\b|\bmakes? you look weak\b",
        r"\bstop(?:ped)? (?:inviting|including|telling|involving|updating|talking to)\b|\broute around\b|"
        r"\bexcluded\b",
        r"\b(?:isnt|wasnt|is not|was not|not) (?:my|our) (?:job|problem|fault|concern)\b|\bdumb it down\b|"
        r"\b(?:they|he|she) (?:just )?didnt get it\b",
        r"\bwho(?:s| is) asking\b|\bmost senior (?:people|person|voice)\b|\bloudest\b|\bwhoever (?:submits|asks|"
        r"shouts|escalates)\b|\bfirst come,? first served\b",
        r"\bone big cutover\b|\bwont understand\b|\bjust tell (?:leadership|them|him|her)\b|"
        r"\bso (?:nobody|no one) can\b|\bin their spare time\b|\bin my head\b",
        r"\b(?:ship|shipped|launch|launched|go|went|release|released) anyway\b|\bno matter what\b|"
        r"\bskip (?:those|them|it|that|this)\b|\bstraight to 100\b|\bcan hotfix\b|\bfix (?:them|it) (?:after|later)\b",
        r"\b(?:a|im a) gut person\b|\bits (?:support|their|engineering)s? job\b|\b(?:supports|their) job\b",
        r"\b(?:gave|giving|given|had|made|make|makes|gives|give) (?:us |me )?bad estimates\b|"
        r"\b(?:engineers|developers|devs|they|he|she|team|vendor|people) (?:were|was|are) (?:just |really )?"
        r"(?:slow|lazy|incompetent)\b|\bblocking us\b|"
        r"\bmake it clear (?:they|he|she)\b",
        r"\bmostly theater\b|\btheater\b|\buntil they stop asking\b|\bhaving the argument\b",
        r"\b(?:by name|in front of)\b(?:\W+\w+){0,6}?\W+(?:all.?hands|everyone|the team|email)\b",
        r"\bglorified\b|\bbeneath (?:the role|me|them|us)\b|\bbasically (?:a |an |just )?(?:\w+ )?(?:tracker|scheduler|"
        r"admin|secretary|note.?taker)s?\b",
        r"\b(?:dont|doesnt|do not|does not|wont|dont really) need to (?:understand|know|get into|care|talk|wait|"
        r"involve|agree|explain|ask)\b",
        r"\bleast accountab\w*|\bnobody (?:really )?checks\b|\bsounds better\b|\btoo bad\b|"
        r"\blet (?:the \w+|them|him|her) find out\b|\bjust tell (?:the )?(?:engineers|team|developers|devs)\b",
        r"\bdecide (?:it |that )?(?:myself|alone)\b|\bprotect \w+ from (?:them|him|her)\b|\bcut out the "
        r"(?:debate|discussion|argument)s?\b|\bunrealistic ideas\b|\bdifficult to work with\b",
        r"\b(?:not|never) interested in\b|\btell (?:the team|them|the engineers) which\b|\bkeep it vague\b",
        r"\bno reason to (?:volunteer|mention|tell|share)\b|\bmake every team\b|\bonly look at it when\b",
        r"\bcall it (?:done|a day)\b|\b(?:just )?assume (?:it|that|everything) (?:works|will work|is fine)\b|"
        r"\bfigure (?:it |that |this )?out later\b|\bwhen the bill comes\b",
        r"\bavoid(?:ing)? (?:doing|involving|testing|telling|talking to|looping|escalating|that in)\b|"
        r"\b(?:wouldnt|didnt|dont|never|wont) (?:get|got) (?:\w+ )?involved\b|\bkeep(?:ing)? it quiet\b",
        r"\b(?:probably|really|all|mostly) on (?:them|him|her)\b|\bhurt our numbers\b|\busually satisfies\b|"
        r"\bwait (?:another|a) (?:week|month|few) (?:\w+ )?to see\b|\bturn up something\b",
        r"\bscrap (?:whatever|everything|all)\b|\bget (?:the )?credit\b|\bjust complain\b|\bmove out any\b|"
        r"\b(?:wouldnt|didnt|dont|wont) (?:dig|spend (?:too )?long|look)\b",
        r"\bno (?:one|body) (?:tracked|owned|reviewed|tested|checked|knew)\b|\bnever (?:got|had) (?:a |any )?"
        r"(?:plan|tracker|review|test|owner|retro)\w*",
    )
)
"""Bad practice as interviewers hear it; each pattern runs on one folded sentence."""

CUE_FAMILIES: dict[str, tuple[str, ...]] = {
    "blame": (
        r"\b(?:find|found|work|figure) out (?:which|who|whose) (?:team|person|engineer|one|change)\w*"
        r"(?: \w+){0,2}? (?:caused|broke|pushed|did|is to blame)\b",
        r"\b(?:the person|the engineer|whoever|the team|the developer) (?:who|that) (?:pushed|caused|broke|made)\b",
        r"\b(?:its|thats|that is|it is|was|is) (?:all |really |entirely |probably |clearly )?on them\b|\bat fault\b",
        r"\b(?:problem|job|risk|risks|responsibility|fault|call|theirs|his|hers)(?: to (?:handle|own|fix|manage))?"
        r" not (?:mine|ours|me)\b",
        r"\b(?:thats|its|that is|it is|is|was|are) (?:really |just |all |entirely |clearly )?(?:the |their |his |her )?"
        r"(?:\w+ )?(?:products|leaderships|engineerings|legals|supports|qas|hrs|managers|directors|owners|vendors|"
        r"pms|teams) (?:job|problem|responsibility|risk)\b|\bis (?:really |just )?for the (?:directors|"
        r"leadership|executives|execs|managers)\b",
        r"\blet (?:them|their \w+|the \w+|whoever \w+) (?:deal with|sort (?:it|that|this) out|come to us)\b",
        r"\b(?:qa|they|the \w+ team|engineering|testing|he|she) should have caught\b",
    ),
    "hiding status or risks": (
        r"\b(?:fix|fixed|absorb|absorbed|catch up|move|moved|drop|dropped|deprioriti\w*)(?: \w+){0,3}? quietly\b|"
        r"\bquietly (?:moved|move|absorb\w*|fix\w*|drop\w*|deprioriti\w*)\b|\b(?:look|looks|looked|looking) bad\b",
        r"\b(?:stayed|stay|stays|looked|look|looks|kept|keep)(?: \w+){0,3}? on paper\b",
        r"\bso (?:that )?(?:nobody|no one|leadership|they|stakeholders|customers|the \w+|people|he|she) "
        r"(?:doesnt |dont |wont |does not |do not )?(?:panic|panics|overreact\w*)\b",
        r"\b(?:avoid|cause|causing|create|creating) (?:any |unnecessary )?panic\b",
        r"\b(?:keep|kept|keeping) (?:the status |it |status )?(?:at |reporting |as )?(?:yellow|amber)\b",
        r"\bre.?baselin\w* (?:the )?(?:dates?|plan|schedule)\w* before\b",
        r"\breport\w* (?:\w+ ){0,5}?(?:100%|100 percent|complete|done) once\b",
        r"\bdidnt want to say no\b|\bavoid\w* (?:a |the |any )?confrontation\b",
        r"\b(?:mostly |just )?ignore (?:it|them|the request|the change|him|her)\b|\bby the time (?:they|leadership|"
        r"anyone|customers|the \w+) (?:notice|find out|realise|realize)\b",
        r"\b(?:wouldnt|didnt|dont|wont|never) (?:put|post|share|publish) (?:anything|a thing|an update|it) on\b",
    ),
    "delaying communication": (
        r"\b(?:keep|kept|keeping) (?:\w+ ){0,3}?(?:communication|comms|updates)\w* to a minimum\b",
        r"\bno (?:point|need) (?:in )?(?:telling|updating|informing|notifying|to tell|to update|to inform|"
        r"to notify|to involve|to warn)\b",
        r"\b(?:tell|telling|update|updating|inform|informing|notify|notifying|post|posting|communicat\w*)"
        r"(?: \w+){0,5}? (?:until|unless|till|once) (?:we|i|they|customers|users|it|someone|people) "
        r"(?:know|are sure|am sure|im sure|have the|start|complain|ask)\w*",
        r"\bunless (?:they|customers|users|people|someone|anyone) (?:start |actually )?(?:complain|ask|notice)\w*",
        r"\b(?:only|just) needs? to know when\b|\buntil (?:the end|after the)\b",
    ),
    "working around people": (
        r"\bwent around (?:it|him|her|them|the (?:process|plan\w*|lead|manager|director)|my (?:manager|director|boss|lead))\b",
        r"\bgo(?:es|ing)? straight to the (?:engineers|developers|devs|team members)\b|\bassign\w* (?:the )?tickets myself\b",
        r"\b(?:told|tell|informed|inform|let) (?:\w+ ){0,4}?(?:know )?(?:once|after) (?:\w+ ){0,4}?(?:had |were |d )?"
        r"already (?:started|begun|joined|moved|signed|switched|begun working)\b",
        r"\bquietly (?:asked|took|pulled|changed|started|reassigned|borrowed|poached|shifted|let)\b",
        r"\blet (?:them|the teams?|each team|every team|everyone|engineering|the engineers) figure (?:it|that|this) out\b"
        r"(?! together| with| in a)",
        r"\b(?:just )?(?:need|needs|needed|have|has|had) to work harder\b|\bwork harder to catch up\b",
    ),
    "gaming what leadership sees": (
        r"\bpad(?:ded|ding|s)? (?:our |the |my |their |all )?(?:\w+ )?estimates?\b",
        r"\b(?:keep|kept|keeping|leave|left|leaving) (?:the |any |our |all |those |these )?(?:\w+ ){0,2}?"
        r"(?:problems?|risks?|issues?|bad news|concerns?|discussion|incidents?|delays?|slips?|slippage) out of "
        r"(?:the |my |our )?(?:\w+ ){0,2}?(?:updates?|reports?|status|reviews?|decks?)\b",
        r"\bgreen as long as (?:the |our )?(?:\w+ )?(?:date|deadline|launch date)s? (?:holds?|is met|stands?)\b",
        r"\b(?:deal|dealt|handle|handled|sort|sorted) with (?:\w+ ){0,4}?quietly\b",
        r"\bprotect (?:yourself|myself|ourselves)\b",
    ),
    "dismissing input": (
        r"\b(?:didnt|did not|dont|do not) (?:really )?see (?:a |the |any |much )?(?:need|reason) to change\b",
        r"\b(?:treat|treated|treating|dismiss\w*) (?:\w+ ){0,4}?as (?:just )?noise\b",
        r"\b(?:didnt|did not) put (?:much|any|a lot of) (?:effort|energy|time)\b",
        r"\b(?:mostly|all) low.?value (?:anyway|customers)\b",
        r"\b(?:handle|deal with|sort out|fix|address) (?:any )?(?:\w+ )?(?:compliance|legal|security|accessibility|privacy)"
        r"(?: \w+){0,2}? after (?:launch|we launch|go.?live|release)\b",
        r"\b(?:wouldnt|wont|didnt|dont|would not|did not) (?:bring in|involve|loop in|consult|include|invite) "
        r"(?:\w+ ){0,3}?(?:legal|security|local|compliance|privacy|support)\b",
    ),
    "micromanaging": (
        r"\btrack(?:ing)? every (?:single )?(?:task|ticket|item)\b|\bevery task (?:from|of|for) (?:all|every)\b",
        r"\breview every (?:pr|pull request|commit|line|ticket|design)\b",
        r"\b(?:dont|do not|didnt|did not) (?:really )?trust (?:the |my |our )?(?:project |team )?(?:leads?|team|"
        r"engineers|pms|managers|them)\b|\bsee everything (?:directly|myself)\b",
        r"\b(?:redesign|rewrite|rewrote|redesigned) (?:it|everything|them) myself\b",
        r"\btell (?:them|the team|the engineers|engineers) (?:exactly )?what to (?:build|do)\b",
        r"\b(?:its|it was|it is) faster (?:if i|than explaining|to do it myself)\b|\bbecause (?:its|it is) faster$",
    ),
    "denying a real difference": (
        r"\b(?:dont|do not) (?:really )?think (?:there is|theres) (?:a |any |much of a )?(?:real |big )?difference\b",
        r"\b(?:there is|theres|is) no (?:real |big |actual )?difference\b",
        r"\bjust (?:a )?(?:big|bigger|large|larger) (?:project|version)\b|\bjust project management\b|"
        r"\bsame thing,? just\b",
    ),
    "overruling": (
        r"\b(?:i|we) (?:usually |always |just )?side with\b",
        r"\bmake the (?:technical|engineering|architecture) calls?\b",
    ),
    "skipping stakeholders or process": (
        r"\blet (?:each|every) team (?:manage|handle|track) (?:its|their) own (?:dependencies|risks)\b",
        r"\bskip\w* the (?:\w+ ){0,2}?(?:meetings|reviews|syncs|updates)\b",
        r"\b(?:dont|didnt|wont|wouldnt|do not|did not) (?:do|run|hold|have|declare) (?:a |an |any )?"
        r"(?:big |formal )?(?:alignment|kickoff|review|retro\w*|postmortem|incident)\b",
        r"\b(?:too much|just|mostly) (?:process|paperwork|overhead|bureaucracy)\b|\bwaste of time\b|"
        r"\bwasteful\b|\bfinger.?pointing\b",
        r"\b(?:just|only|would|theyd|itd) slow (?:things|us|everything|it) down\b|\b(?:because|since) "
        r"(?:it|that|they|this) (?:just )?slows? (?:things|us|everything) down\b",
        r"\b(?:dont|didnt|wont|wouldnt) (?:spend|waste) (?:much |any |too much )?time on\b|"
        r"\b(?:wouldnt|dont|didnt|wont) (?:worry|care) (?:too |very )?much about\b",
        r"\b(?:once|when) (?:its|it is|everything is|it was) (?:back up|working|fixed|done),? (?:we|i) (?:just )?"
        r"move on\b",
    ),
    "cutting quality": (
        r"\bif (?:something|anything|it) breaks,? (?:we|i) (?:can|will|just|could)\b",
        r"\bkeep pushing (?:forward|ahead|on)\b",
        r"\bsort (?:it |that |this )?out\b(?: \w+){0,6}? later\b",
    ),
}
"""Bad practice by family, written in general forms (what is done, not one story's words), so that an
answer nobody has seen yet is read the same way: the families the interviewers' notes name."""

_ANY_BAD = re.compile(
    r"\b(?:"
    + "|".join(
        [f"(?:{p.pattern})" for p in _BAD] + [f"(?:{p})" for family in CUE_FAMILIES.values() for p in family]
    )
    + ")"
)
"""All of them in one pass. Every cue starts at a word, and saying so up front lets the engine skip the
other positions: a third faster."""


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    """Token positions [start, end) in the sentence."""


def clauses(words: Sequence[str], gaps: Sequence[str]) -> tuple[Clause, ...]:
    """Clauses of one sentence. `words` are its folded words; `gaps[n]` is the text between
    word n-1 and word n as written (so `gaps[0]` is unused)."""
    found: list[Clause] = []
    start = 0
    for n in range(1, len(words)):
        if _PUNCTUATION.search(gaps[n]) or words[n] in _CLAUSE_WORDS:
            found.append(Clause(start, n))
            start = n
    if words:
        found.append(Clause(start, len(words)))
    return tuple(found)


def negated_positions(words: Sequence[str], gaps: Sequence[str]) -> frozenset[int]:
    """Positions of the words a negation reaches in the same clause: "we never tracked risks" negates
    "tracked risks"; "I didn't just say no" negates nothing; "instead of arguing" negates "arguing"."""
    negated: set[int] = set()
    for clause in clauses(words, gaps):
        for n in range(clause.start, clause.end):
            word = words[n]
            following = words[n + 1] if n + 1 < clause.end else ""
            is_negation = word in NEGATIONS or (word, following) in (("instead", "of"), ("rather", "than"))
            if not is_negation:
                continue
            window = words[n + 1 : min(clause.end, n + 1 + _EXEMPT_WINDOW)]
            if any(w in _NOT_NEGATING_AFTER for w in window):
                continue
            if word == "no" and n + 1 < clause.end and words[n + 1] in ("chance", "way"):
                continue  # "no chance", "no way": a judgement of the situation, not of the practice
            negated.update(range(n + 1, clause.end))
    return frozenset(negated)


def folded(words: Sequence[str]) -> str:
    return " ".join(words)


def is_reflection(sentence: str) -> bool:
    """`sentence` folded: does it own a mistake or draw a lesson?"""
    return REFLECTION.search(sentence) is not None


def bad_practice_cue(words: Sequence[str], negated: frozenset[int] = frozenset()) -> str | None:
    """The first bad-practice cue in one sentence's folded `words`, or None. None for reflection,
    which owns the mistake, and for a cue that is itself negated ("instead of blaming", "I never hid")."""
    sentence = folded(words)
    if is_reflection(sentence):
        return None
    starts = _word_starts(words)
    for m in _ANY_BAD.finditer(sentence):
        if bisect.bisect_right(starts, m.start()) - 1 not in negated:
            return m.group()
    return None


def _word_starts(words: Sequence[str]) -> list[int]:
    starts, at = [], 0
    for word in words:
        starts.append(at)
        at += len(word) + 1
    return starts

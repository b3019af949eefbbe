"""The mechanisms of practice feedback, each on its own: relevance, stance, lists, label-only
structure, numbers tied to outcomes, paraphrase recall, bands and next steps; and the dev-set
figures of benchmarks/practice_feedback.py, held."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.knowledge import KnowledgeBase
from bot.core.practice import stance
from bot.core.practice.analysis import analyse
from bot.core.practice.feedback import ONE_BAD_PRACTICE_CAP, REUSED_FACTOR, Band, _check_point, assess, band
from bot.core.practice.phrases import AnswerText
from bot.core.practice.relevance import topic
from bot.core.practice.rubric import models

FAILURE = """At my last company I was the TPM for a payments migration with four teams. My job was to get
the new billing service live before the holiday freeze. I underestimated how long the data backfill would
take and I missed a key dependency on the fraud team. That was my mistake: the launch slipped by three weeks,
cost us roughly 200 engineering hours of rework, and two enterprise customers escalated. As soon as I saw the
slip, I told my manager, reset expectations with the customers and replanned the backfill into two waves so
we could recover. I set up a daily check-in with the fraud team. As a result we shipped three weeks late but
with zero data loss, and customer complaints dropped by 40% the next quarter. I learned to map dependencies
before committing to a date. Since then I run a dependency review in every kickoff, and on my next program
that checklist caught two blockers early and we delivered on time."""

CONFLICT = """Two senior engineers on my team disagreed about whether to use Kafka or a managed queue for our
event pipeline, and the argument had run for two weeks in design review. I booked an hour with both and asked
each to write down the three criteria that mattered most to them. They agreed on the criteria and disagreed on
the weights, so we ran a one-week spike on both options against a load of 5,000 events per second. The managed
service hit the latency target and cost about 40% less to run, and the engineer who had argued for Kafka wrote
the rollout plan. The design review closed the next week and the two of them now pair on the pipeline."""


def texts(sentence: str) -> tuple[list[str], list[str]]:
    toks = AnswerText(sentence).tokens
    words = [t.word for t in toks]
    gaps = [""] + [sentence[toks[i - 1].end : toks[i].start] for i in range(1, len(toks))]
    return words, gaps


def negated(sentence: str) -> set[str]:
    words, gaps = texts(sentence)
    return {words[n] for n in stance.negated_positions(words, gaps)}


def cue(sentence: str) -> str | None:
    words, gaps = texts(sentence)
    return stance.bad_practice_cue(words, stance.negated_positions(words, gaps))


# --- stance -------------------------------------------------------------------------------


def test_negation_reaches_the_rest_of_its_clause_only() -> None:
    assert {"escalate"} <= negated("I didn't escalate, but I told my manager.")
    assert "told" not in negated("I didn't escalate, but I told my manager.")
    assert {"tracked", "risks"} <= negated("We never tracked risks and the launch slipped.")
    assert "launch" not in negated("We never tracked risks and the launch slipped.")
    assert "arguing" in negated("Instead of arguing in the meeting, I asked for two days.")
    assert "asked" not in negated("Instead of arguing in the meeting, I asked for two days.")


@pytest.mark.parametrize(
    "sentence",
    [
        "I didn't just say no, I brought three options.",
        "It was not only a date problem.",
        "No chance, I said.",
    ],
)
def test_not_just_and_no_chance_do_not_negate(sentence: str) -> None:
    assert not {"say", "date", "said"} & negated(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "I didn't bother with stakeholders.",
        "We never tracked risks.",
        "I left him off the reports.",
        "I kept the status green in the weekly report.",
        "I made the call to skip the formal security review.",
        "That part was really on them.",
        "I had the team work weekends for six weeks.",
        "I committed anyway because you don't say no to leadership.",
        "I went straight to the director and said he needed to be replaced.",
        "I wouldn't tell support too early because they panic.",
        "I think the lesson is that engineers always pad, so you have to push them harder.",
        "They owned their risks, so I didn't keep a program risk list.",
        "It was really that PM's fault for not flagging it earlier.",
        "I did everything myself and didn't really delegate, because it was faster.",
    ],
)
def test_bad_practice_is_recognised(sentence: str) -> None:
    assert cue(sentence) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "I didn't escalate early enough, and that was my mistake.",
        "Looking back, I should have told the VP in week two.",
        "My lesson: I should have involved security before we skipped their review.",
        "Instead of blaming the vendor, I sat down with their lead.",
        "I never hid a slip from the sponsor.",
        "I told my manager the same day and reset expectations.",
        "I'd use a strangler pattern rather than a big bang rewrite.",
        "I argued for the queue-based design, was overruled by the architects, and backed their choice fully.",
    ],
)
def test_owned_mistakes_and_good_practice_are_not_bad_practice(sentence: str) -> None:
    assert cue(sentence) is None


def test_a_negated_practice_is_no_evidence_for_its_point(kb: KnowledgeBase) -> None:
    prompt = kb.practice["delivering-bad-news"]
    told = "I told leadership about the slip in week two and gave them two recovery options with dates. " * 3
    hid = (
        "I didn't tell leadership about the slip in week two and gave them no recovery options or dates. " * 3
    )
    assert assess(prompt, told).score > assess(prompt, hid).score + 20


def test_an_answer_describing_bad_practice_scores_low(kb: KnowledgeBase) -> None:
    prompt = kb.practice["impossible-estimate"]
    answer = (
        "My director asked for a date for the new billing system and I knew it was really tight, but I committed "
        "anyway because you don't say no to leadership. I didn't want to worry anyone so I kept the status green "
        "in the weekly report. To make it happen I had the team work weekends for about six weeks. We still "
        "missed by a month because the backend engineers underestimated their work, so that was really on them."
    )
    feedback = assess(prompt, answer, tuple(kb.practice.values()))
    assert feedback.score < 25
    assert len(feedback.bad_practice) >= 3
    assert any("Rethink" in step for step in feedback.next_steps)


FAMILY_EXAMPLES = {
    "blame": (
        "The first thing I'd do is work out which team caused the outage.",
        "That's product's job, so I stayed out of it.",
        "The risk was theirs to handle, not mine.",
        "Afterwards I'd make sure leadership knows this is clearly on them.",
    ),
    "hiding status or risks": (
        "I moved it to the bottom of the backlog and fixed it quietly.",
        "I kept the status at amber so leadership would not overreact.",
        "I'd keep it to ourselves so that nobody panics.",
        "I'd mostly ignore it and keep the teams on the original plan.",
        "I wouldn't put anything on the status page during the sale.",
    ),
    "delaying communication": (
        "I'd keep customer communication to a minimum for now.",
        "There's no point telling customers before we have the full story.",
        "I'd only update the sponsor once we are sure we cannot recover.",
    ),
    "micromanaging": (
        "I track every task for every team myself.",
        "I review every PR the team opens.",
        "I don't really trust the project leads to report accurately.",
    ),
    "denying a real difference": (
        "Honestly I don't think there's a real difference.",
        "A program is just a bigger project.",
    ),
    "overruling": (
        "When they disagree I usually side with engineering.",
        "I make the technical calls for the team.",
    ),
    "skipping stakeholders or process": (
        "I'd skip the extra leadership meetings.",
        "I wouldn't declare an incident for something this small.",
        "Postmortems are mostly a waste of time.",
        "I let each team manage its own dependencies.",
    ),
    "working around people": (
        "When the architect said no, I went around him to the VP.",
        "I'd go straight to the engineers and hand out the work myself.",
        "I told the data team's manager after his two analysts had already started on our project.",
        "The deadline is the deadline, so the mobile team just has to work harder.",
    ),
    "gaming what leadership sees": (
        "I padded every estimate by half so nobody could say we slipped.",
        "I'd keep the vendor problems out of the steering committee deck.",
        "Status stays green as long as the final date holds.",
        "We dealt with the slipping region quietly within the team.",
    ),
    "dismissing input": (
        "I listened politely but didn't see any reason to change how I ran standups.",
        "Complaints from the account managers I'd treat as noise.",
        "We can deal with any privacy questions after launch.",
        "I wouldn't involve the security team until the design is final.",
    ),
    "cutting quality": (
        "If something breaks we can fix it in the next release.",
        "I'd keep pushing forward with the cutover.",
        "We can sort out which payments went through later.",
    ),
}


@pytest.mark.parametrize(
    "family,sentence", [(f, s) for f, examples in FAMILY_EXAMPLES.items() for s in examples]
)
def test_each_family_of_bad_practice_is_recognised_in_new_words(family: str, sentence: str) -> None:
    assert family in stance.CUE_FAMILIES
    assert cue(sentence) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "I didn't escalate first: I went to their lead with the data.",
        "We found 63 dependencies, and 9 of them sat on the critical path.",
        "The page was slow, and users would blame our team for it.",
        "Adding it would mean skipping some regression testing, so I showed the trade-off.",
        "They quietly kept using the old tool until we asked why.",
        "We rehearsed the failover first on paper, then for real.",
        "I never kept the status at amber to look good; I showed red in week two.",
        "Instead of finding out which team caused it, we restored service first.",
        "We could not ignore it, so I told the sponsor that day.",
        "How does a product manager's job differ from a project manager's?",
        "The launch stayed green as long as each country's checklist was met, and every update said so.",
        "I asked the platform lead before borrowing anyone, and she picked who joined us.",
        "I brought in legal and security in week one, before any design was final.",
        "I left nothing out of the status report, including the slip.",
        "We kept jargon out of the exec update so the ask was clear.",
        "I wrote the decision down so it was on the record for everyone.",
        "I stopped other teams poaching our engineers mid-quarter.",
        "Most of the movement in the metric was just noise from one bad day.",
        "I went around the team one by one to hear their concerns.",
        "I let the teams figure it out together in a working session I facilitated.",
        "The architects overruled me, and I backed their design in every review.",
        "Overruled by the VP, I put my full effort into her plan.",
    ],
)
def test_good_practice_in_the_same_words_is_not_bad_practice(sentence: str) -> None:
    assert cue(sentence) is None


def test_one_sentence_of_bad_practice_in_a_short_answer_caps_the_score(kb: KnowledgeBase) -> None:
    prompt = kb.practice["cross-team-dependencies"]
    good = (
        "I keep one dependency register for the program, with an owner and a date on each line, and I review it "
        "with the leads every week. When a dependency slips I agree a new date with both teams and tell the "
        "sponsor the same day, with what it does to the milestone."
    )
    bad = good + " I review every PR the teams open so I can check their work myself."
    assert assess(prompt, bad).score <= ONE_BAD_PRACTICE_CAP < assess(prompt, good).score
    assert "mark down" in (assess(prompt, bad).breakdown.cap_reason or "")


def test_the_score_scale_is_stretched_at_the_top_and_keeps_the_order() -> None:
    from bot.core.practice.feedback import STRETCH_FROM, calibrated

    assert calibrated(STRETCH_FROM - 10) == STRETCH_FROM - 10
    assert calibrated(STRETCH_FROM) == STRETCH_FROM
    values = [calibrated(x) for x in range(0, 101, 5)]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert calibrated(80) > 80


# --- relevance ----------------------------------------------------------------------------


def test_a_good_answer_to_another_question_is_told_kindly_and_scores_low(kb: KnowledgeBase) -> None:
    others = tuple(kb.practice.values())
    off = assess(kb.practice["tell-me-about-a-failure"], CONFLICT, others)
    on = assess(kb.practice["engineering-design-conflict"], CONFLICT, others)
    assert not off.relevance.on_topic
    assert off.band is Band.NOT_AN_ANSWER
    assert off.score <= 15
    assert off.covered_points == (), "nothing is credited in an answer to another question"
    assert "question" in off.next_steps[0]
    assert on.relevance.on_topic
    assert on.score > off.score + 30


MONOLITH = """I would not try a big-bang rewrite. First I would map the monolith's domains with the tech leads
and pick one bounded context with few inbound calls, notifications in our case, to carve out first behind a
strangler facade, so traffic moves path by path and can be routed back in minutes. Each new service gets its
own pipeline, its own on-call owner and a contract test against the monolith. The shared database is the hard
part: the new service owns its tables from day one and the monolith reads them through an API, never directly.
I would track progress as the share of requests served outside the monolith, with a target of forty percent in
two quarters, and retire each old code path within a sprint of its replacement going live. The main risks are
chatty calls between services and a distributed monolith, so we review the call graph every month."""

LAUNCH_PLAN = """Six weeks out I would write the launch plan with product and marketing: the date, the audience,
the go or no-go criteria and who signs off. I would run a readiness checklist across engineering, support,
sales and legal, with one owner per line, and brief support with a FAQ and training two weeks before. We would
ship behind a feature flag to five percent of users a week early, watch the dashboards, then go to everyone on
launch day with a war room open for the first forty-eight hours. Afterwards I would report adoption against
the target we set at kickoff and hold a short review of what to do differently next launch."""


@pytest.mark.parametrize(
    ("answer", "own", "neighbour"),
    [(MONOLITH, "monolith-to-microservices", "data-center-migration"),
     (LAUNCH_PLAN, "lead-product-launch", "post-launch-crisis")],
)  # fmt: skip
def test_a_good_answer_to_a_neighbouring_prompt_scores_below_50_there(
    kb: KnowledgeBase, answer: str, own: str, neighbour: str
) -> None:
    others = tuple(kb.practice.values())
    there = assess(kb.practice[neighbour], answer, others)
    here = assess(kb.practice[own], answer, others)
    assert there.score < 50, there.explain()
    assert here.band in (Band.STRONG, Band.SOLID), here.explain()
    assert here.score > there.score + 20


def test_the_question_core_is_found_in_plain_words(kb: KnowledgeBase) -> None:
    prompt = kb.practice["engineering-design-conflict"]
    named = topic(
        prompt,
        analyse(
            "Our designer wanted live filters and the backend engineer said every click cost a slow query."
        ),
    )
    assert named.core and named.share == 1.0
    unnamed = topic(
        prompt,
        analyse("My manager and I disagreed about the launch date, so I booked a one-to-one with her."),
    )
    assert not unnamed.core and unnamed.missing is not None


def test_an_answer_that_never_names_what_the_question_is_about_is_marked_down(kb: KnowledgeBase) -> None:
    prompt = kb.practice["engineering-design-conflict"]
    answer = (
        "My manager had promised the VP a launch at the end of the quarter, and my plan showed we would be three "
        "weeks late. I asked for a one-to-one, walked her through the critical path and gave her two options: a "
        "smaller launch on the date or the full one three weeks later. She took the smaller launch to the VP, we "
        "hit it, and the rest followed three weeks after. I learned to share my assumptions before dates go up."
    )
    feedback = assess(prompt, answer, tuple(kb.practice.values()))
    assert not feedback.relevance.names_core
    assert feedback.relevance.factor < 0.7
    assert feedback.score < 40, feedback.explain()


def test_an_answer_near_the_question_that_never_names_it_is_told_to_name_it(kb: KnowledgeBase) -> None:
    answer = (
        "First I would check what shipped last week: every release, config change and experiment that started or "
        "stopped, and ask the engineers on each to look for a bug. I would also ask marketing whether a campaign "
        "ended and support whether tickets went up. Then I would split the users by app version, country and "
        "device to see where the change sits, and work with the analysts on the two likeliest causes before "
        "anyone rolls anything back."
    )
    feedback = assess(kb.practice["metric-dropped-10-percent"], answer, tuple(kb.practice.values()))
    assert feedback.relevance.on_topic and not feedback.relevance.names_core
    assert "plainly about what is asked" in feedback.next_steps[0]
    assert "metric" in feedback.next_steps[0]


def test_every_shipped_prompt_has_an_answer_profile(kb: KnowledgeBase) -> None:
    for pid, prompt in kb.practice.items():
        assert prompt.answered_in is not None and len(prompt.answered_in.split()) >= 25, pid
        assert prompt.topic and all(group for group in prompt.topic), pid


def test_a_prompt_without_a_topic_asks_for_nothing(kb: KnowledgeBase) -> None:
    """A team's own prompt may come without a profile: it is judged on its question and rubric alone."""
    bare = kb.practice["engineering-design-conflict"].model_copy(update={"topic": (), "answered_in": None})
    found = topic(bare, analyse("We shipped the new checkout on time after I got everyone in a room."))
    assert (found.share, found.core, found.missing) == (1.0, True, None)


def test_an_answer_on_topic_is_recognised(kb: KnowledgeBase) -> None:
    feedback = assess(kb.practice["tell-me-about-a-failure"], FAILURE, tuple(kb.practice.values()))
    assert feedback.relevance.on_topic
    assert feedback.band in (Band.STRONG, Band.SOLID)


# --- substance ----------------------------------------------------------------------------


def test_a_list_of_terms_earns_nothing(kb: KnowledgeBase) -> None:
    prompt = kb.practice["impossible-estimate"]
    terms = (
        "Estimation, bottom-up planning, critical path, buffer, stakeholder management, pushback, trade-offs, "
        "scope vs time vs resources, data-driven, risk register, escalation, transparency, alignment, MVP."
    )
    feedback = assess(prompt, terms, tuple(kb.practice.values()))
    assert feedback.score <= 10
    assert feedback.substance < 0.5
    assert feedback.band is Band.NOT_AN_ANSWER


def test_labels_alone_are_not_structure(kb: KnowledgeBase) -> None:
    prompt = kb.practice["most-complex-program"]
    labels = (
        "Situation: large complex program, many teams.\nTask: deliver the program.\n"
        "Action: managed stakeholders, dependencies, risks, and timelines. Used Jira and status reports.\n"
        "Result: delivered successfully, stakeholders happy."
    )
    feedback = assess(prompt, labels, tuple(kb.practice.values()))
    assert feedback.score <= 10
    assert not any(part.found for part in feedback.structure)
    assert analyse(labels).labels == 4


def test_numbers_count_only_when_tied_to_an_outcome() -> None:
    tied = analyse("We cut the release time from 10 days to 4 days within a quarter.")
    loose = analyse("Ten, forty, 12 weeks, 30%.")
    assert tied.sentences[0].outcome_figures >= 2
    assert sum(s.outcome_figures for s in loose.sentences) == 0


def test_a_strong_plain_words_answer_is_not_punished_for_missing_the_rubric_vocabulary(
    kb: KnowledgeBase,
) -> None:
    prompt = kb.practice["impossible-estimate"]
    plain = (
        "The owner of the company told me our new warehouse scanning app had to be running in all four warehouses "
        "before Black Friday, which was nine weeks away. The developers had told me it was closer to four months "
        "of work. Instead of arguing in the meeting, I asked for two days. I went through the work with the two "
        "developers piece by piece and wrote down how long each bit would take. It turned out the pickers only "
        "needed three of the app's eleven screens for the holiday rush. So I went back with one page: everything "
        "by Black Friday was not possible, three screens in the two busiest warehouses was possible with a week "
        "spare, and the rest could follow by the end of January. He agreed to the smaller plan. We went live in "
        "the two big warehouses on November 20, and picking errors there fell by about a third over the holidays."
    )
    feedback = assess(prompt, plain, tuple(kb.practice.values()))
    assert feedback.score >= 60, feedback.explain()


# --- paraphrase ---------------------------------------------------------------------------


def test_a_point_is_covered_by_a_paraphrase_not_by_one_common_word(kb: KnowledgeBase) -> None:
    prompt = kb.practice["tell-me-about-a-failure"]
    lesson = next(c for c in assess(prompt, FAILURE).rubric if c.name == "Lasting lesson applied")
    assert lesson.covered
    assert lesson.evidence is not None and "dependency review" in lesson.evidence
    one_word = assess(prompt, "We had weeks of work. " * 12)
    assert not any(c.covered for c in one_word.rubric)


def test_a_sentence_that_showed_one_point_is_worth_less_for_the_next(kb: KnowledgeBase) -> None:
    prompt = kb.practice["delivering-bad-news"]
    answer = analyse(
        "In week six I told the VP the launch would slip by three weeks, gave her two recovery options with "
        "dates and a recommendation, and sent a weekly update afterwards until the new date held."
    )
    model = models(prompt)[1]
    fresh = _check_point(model, answer, {})
    reused = _check_point(model, answer, {0: 1})
    assert reused.strength == pytest.approx(fresh.strength * REUSED_FACTOR)
    feedback = assess(prompt, answer.text.text)
    assert sum(c.covered for c in feedback.rubric) < len(prompt.rubric), "one sentence does not show it all"


def test_a_vague_claim_is_weaker_evidence_than_a_told_story() -> None:
    vague = analyse("I always make sure everyone is aligned and things are communicated.")
    told = analyse("I met the three leads on Monday and agreed the new date with the VP.")
    assert vague.sentences[0].generic and not told.sentences[0].generic


# --- bands and steps ----------------------------------------------------------------------


def test_bands_in_words() -> None:
    assert band(90) is Band.STRONG
    assert band(60) is Band.SOLID
    assert band(30) is Band.NEEDS_WORK
    assert band(90, is_answer=False) is Band.NOT_AN_ANSWER


def test_missing_points_say_what_a_good_answer_does(kb: KnowledgeBase) -> None:
    prompt = kb.practice["tell-me-about-a-failure"]
    feedback = assess(
        prompt, "I once had a project that was hard, and we worked hard on it until it was done. " * 3
    )
    assert 2 <= len(feedback.next_steps) <= 3
    assert any("a good answer" in step for step in feedback.next_steps)


def test_feedback_explains_itself_as_json(kb: KnowledgeBase) -> None:
    data = assess(kb.practice["tell-me-about-a-failure"], FAILURE).explain()
    assert 0 <= data["score"] <= 100
    assert {"band", "breakdown", "relevance", "rubric", "next_steps"} <= set(data)


# --- the dev set --------------------------------------------------------------------------

DEV = Path(__file__).resolve().parents[1] / "benchmarks" / "practice_dev.yaml"


@pytest.mark.skipif(not DEV.exists(), reason="no dev set")
def test_dev_set_figures_hold() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("practice_benchmark", DEV.with_name("practice_feedback.py"))
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.measure(DEV, repeat=1)
    assert result["answers"] >= 200 and result["prompts"] >= 25
    assert result["spearman"] >= DEV_SPEARMAN
    assert result["excellent_first_share"] >= DEV_EXCELLENT_FIRST
    assert result["not_answers_at_50_or_more"] <= DEV_NOT_ANSWERS_AT_50
    kinds = result["by_kind"]
    assert kinds["excellent"]["score"] > kinds["decent"]["score"] > kinds["weak"]["score"]
    for kind in ("off_topic", "keyword_list", "bad_practice"):
        assert kinds[kind]["score"] < kinds["weak"]["score"] + 10


DEV_SPEARMAN = 0.93
"""Measured 0.942 on the 212 answers to 28 prompts (`python benchmarks/practice_feedback.py`)."""
DEV_EXCELLENT_FIRST = 0.96
"""Measured 28 of 28 prompts."""
DEV_NOT_ANSWERS_AT_50 = 1
"""Measured 0 of the 84 off-topic, keyword-list and bad-practice answers."""


GRADED_SETS = {
    "practice_dev.yaml": (0.93, 0.96, 0),
    "practice_blind.yaml": (0.89, 1.0, 0),
    "practice_blind2.yaml": (0.91, 1.0, 0),
    "practice_blind3.yaml": (0.9, 1.0, 0),
}
"""Floors per graded set (Spearman, excellent-first share, non-answers at 50 or more), all four dev data now.
Measured: dev 0.942, 28/28, 0; blind 0.908, 12/12, 0; blind2 0.923, 11/11, 0; blind3 0.917, 14/14, 0."""


@pytest.mark.parametrize("name", sorted(GRADED_SETS))
def test_every_graded_set_holds_its_floors(name: str) -> None:
    import importlib.util

    path = DEV.with_name(name)
    spec = importlib.util.spec_from_file_location("practice_benchmark", DEV.with_name("practice_feedback.py"))
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.measure(path, repeat=1)
    spearman, first, high = GRADED_SETS[name]
    assert result["spearman"] >= spearman
    assert result["excellent_first_share"] >= first
    assert result["not_answers_at_50_or_more"] <= high
    kinds = result["by_kind"]
    assert kinds["bad_practice"]["score"] < 15


@pytest.mark.parametrize(
    ("neighbour", "prompt_id"),
    [
        ("third-party-api-sunset", "vendor-delay"),
        ("cross-functional-gridlock", "conflicting-team-priorities"),
        ("major-system-outage", "critical-vulnerability"),
    ],
)
def test_a_neighbouring_prompts_answer_words_do_not_name_this_prompts_core(
    kb: KnowledgeBase, neighbour: str, prompt_id: str
) -> None:
    """A topic's first group is about this question's subject, not the trade's vocabulary: the words
    answers to a close neighbour are written in (its `answered_in`) must not name it."""
    found = topic(kb.practice[prompt_id], analyse(kb.practice[neighbour].answered_in or ""))
    assert not found.core, (neighbour, prompt_id)


def test_the_topic_named_only_under_a_negation_is_not_named() -> None:
    """ "we never dropped a feature" does not tell a story of dropping features."""
    from bot.core.practice.analysis import analyse
    from bot.core.practice.relevance import names_affirmed

    group = ("dropped", "descoped")
    assert names_affirmed(analyse("The date was fixed, so we dropped the export screen and shipped."), group)
    assert not names_affirmed(
        analyse("The date was fixed. We never dropped anything, we moved the date."), group
    )
    assert names_affirmed(analyse("We did not panic. We descoped the importer instead."), group)

"""Infobox facts of every corpus article, through `extract()`, against expectations
written by reading each article (tests/fixtures/infobox_gold.json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from handan_kg.parse.article import parse_file
from handan_kg.extract import extract
from handan_kg.extract.scoring import FACT_TYPES, fact_tuples, gold_tuples
from handan_kg.facts import ArticleFacts

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
GOLD = {k: v for k, v in json.loads((Path(__file__).parent / "fixtures" / "infobox_gold.json").read_text("utf-8")).items()
        if not k.startswith("_")}


@cache
def facts_of(slug: str) -> ArticleFacts:
    return extract(parse_file(CORPUS / f"{slug}.txt"), f"https://en.wikipedia.org/wiki/{slug}")


def test_every_corpus_article_has_expectations() -> None:
    assert sorted(GOLD) == sorted(p.stem for p in CORPUS.glob("*.txt"))


@pytest.mark.parametrize("slug", sorted(GOLD))
@pytest.mark.parametrize("fact_type", FACT_TYPES)
def test_infobox_facts(slug: str, fact_type: str) -> None:
    got = fact_tuples(facts_of(slug))[fact_type]
    want = gold_tuples(GOLD[slug])[fact_type]
    assert got == want, f"{slug} {fact_type}: missing {sorted(want - got, key=str)}, wrong {sorted(got - want, key=str)}"


@pytest.mark.parametrize("slug", sorted(GOLD))
def test_evidence_quotes_the_source(slug: str) -> None:
    article = parse_file(CORPUS / f"{slug}.txt")
    evidence = list(_walk_evidence(facts_of(slug)))
    assert evidence
    for e in evidence:
        assert e.quote and article.text[e.start:e.end] == e.quote


@pytest.mark.parametrize("slug", sorted(GOLD))
def test_every_infobox_key_is_accounted_for(slug: str) -> None:
    article = parse_file(CORPUS / f"{slug}.txt")
    facts = facts_of(slug)
    reported = {i.key for i in facts.issues if i.kind in ("ignored-key", "unmapped-key")}
    mapped = {"conflict", "partof", "date", "place", "result"}
    for field in article.infobox:
        key = field.key.replace(" ", "").lower()
        assert key in mapped or key.rstrip("abcdefgh").rstrip("0123456789") in {
            "combatant", "commander", "units", "strength", "casualties"} or field.key in reported, field.key
    assert not [i for i in facts.issues if i.kind == "unmapped-key"]


# ---- rules on small hand-made articles (shapes not in the corpus) --------------------

def _article(infobox: str, lead: str = "It was a battle.") -> ArticleFacts:
    from handan_kg.parse.article import parse

    return extract(parse(f"= Battle of Nowhere =\nInfobox\n{infobox}\n\n{lead}\n"), None)


def test_result_adjective_without_sides_names_no_victor() -> None:
    facts = _article("- Commander1: A B\n- Commander2: C D\n- Result: Japanese victory")
    assert [(s.index, s.label, s.victor) for s in facts.sides] == [(1, "Side 1", None), (2, "Side 2", None)]


def test_figure_key_beyond_the_sides_is_for_the_whole_conflict() -> None:
    facts = _article("- Combatant1: Rome\n- Combatant2: Carthage\n- Casualties3: 50,000 killed")
    assert [s.index for s in facts.sides] == [1, 2]
    assert [(c.side, c.category, c.count.value) for c in facts.casualties] == [(None, "killed", 50000)]


def test_malformed_date_is_skipped_with_an_issue() -> None:
    facts = _article("- Date: Octember 45, 1945\n- Combatant1: Rome")
    assert facts.conflict.start is None and facts.conflict.end is None
    assert any(i.kind == "unparsed-value" and i.key == "Date" for i in facts.issues)


def test_part_of_the_alone_is_an_issue_not_a_guess() -> None:
    facts = _article("- Partof: the\n- Combatant1: Rome")
    assert facts.conflict.part_of == []
    assert any(i.key == "Partof" for i in facts.issues)


def test_unknown_key_is_reported_and_ignored_key_listed() -> None:
    facts = _article("- Combatant1: Rome\n- Frobnicate: 3\n- Image: x.png")
    kinds = {(i.kind, i.key) for i in facts.issues}
    assert ("unmapped-key", "Frobnicate") in kinds and ("ignored-key", "Image") in kinds


def test_victor_needs_exactly_one_matching_side() -> None:
    facts = _article("- Combatant1: Rome\n- Combatant2: Carthage\n- Result: Decisive Roman victory")
    assert [(s.index, s.victor) for s in facts.sides] == [(1, True), (2, False)]
    both = _article("- Combatant1: Rome\n- Combatant2: Roman Republic\n- Result: Roman victory")
    assert all(s.victor is None for s in both.sides)


def test_flag_hint_and_lead_label_sides_without_combatants() -> None:
    facts = _article(
        "- Commander1: A B\n- Commander2: 22px|PLA C D\n- Result: Communist victory",
        "It was a battle between Communist and Kuomintang (KMT) forces.",
    )
    assert [(s.index, s.label, s.victor) for s in facts.sides] == [(1, "Kuomintang", False), (2, "Communist", True)]
    assert facts.commanders[1].person == "C D"


def test_conflict_name_falls_back_to_the_title() -> None:
    facts = _article("- Combatant1: Rome")
    assert (facts.conflict.name, facts.conflict.kind) == ("Battle of Nowhere", "battle")


def test_equipment_is_counted_as_what_it_is_never_as_troops() -> None:
    facts = _article("- Combatant1: Rome\n- Strength1: 5,000 men, 40 tanks, 12 heavy cruisers\n- Casualties1: 3 destroyers sunk, 200 killed")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [(5000, None), (40, "tank"), (12, "heavy cruiser")]
    assert [(c.count.value, c.category, c.count.counted) for c in facts.casualties] == [(3, "sunk", "destroyer"), (200, "killed", None)]


def test_a_figure_of_something_else_is_kept_as_raw_text() -> None:
    facts = _article("- Combatant1: Rome\n- Casualties1: 300 killed, 4,000 horses, 1,500 Numidian slaves freed")
    assert [(c.count.value, c.category, c.count.counted) for c in facts.casualties] == [(300, "killed", None), (4000, "lost", "horse")]
    assert [(r.key, r.text, r.side) for r in facts.raw_values] == [("Casualties1", "1,500 Numidian slaves freed", 1)]


def test_victor_named_by_a_side_label() -> None:
    facts = _article("- Combatant1: Sun Quan\n- Combatant2: Cao Cao\n- Result: Sun Quan victory")
    assert [(s.index, s.victor) for s in facts.sides] == [(1, True), (2, False)]


def test_part_of_a_whole_of_a_whole_is_one_name() -> None:
    """`Western Front of the Second World War` is not the Western Front of 1914: one name."""
    facts = _article("- Partof: the Liaoshen Campaign of the Chinese Civil War\n- Combatant1: A")
    assert [p for p, _ in facts.conflict.part_of] == ["Liaoshen Campaign of the Chinese Civil War"]
    one = _article("- Partof: the Mongol invasions of the Levant\n- Combatant1: A")
    assert [p for p, _ in one.conflict.part_of] == ["Mongol invasions of the Levant"]


def test_conflict_key_differing_from_the_title_is_an_alternative_name() -> None:
    """The title names the conflict (as on Wikipedia and Wikidata); the disambiguating
    parenthesis is not part of it."""
    from handan_kg.parse.article import parse

    facts = extract(parse("= Battle of Jinzhou (1948) =\nInfobox\n- Conflict: Battle of Chinchow\n\nIt was a battle.\n"), None)
    assert facts.conflict.name == "Battle of Jinzhou"
    assert [(n.text, n.lang) for n, _ in facts.conflict.names] == [("Battle of Chinchow", "en")]


def test_victor_by_a_word_of_one_side_label_only() -> None:
    facts = _article("- Combatant1: Former Qin dynasty\n- Combatant2: Eastern Jin dynasty\n- Result: Jin victory")
    assert [(s.index, s.victor) for s in facts.sides] == [(1, False), (2, True)]
    both = _article("- Combatant1: Former Qin\n- Combatant2: Later Qin\n- Result: Qin victory")
    assert all(s.victor is None for s in both.sides)


def test_order_of_battle_in_strength_gives_units_with_parents() -> None:
    units = {(u.side, u.name, u.level, u.parent) for u in facts_of("battle_of_guningtou").units}
    assert {(1, "12th Army Corps", "corps", "ROC Army"), (1, "5th Army", "army", "ROC Army"),
            (2, "28th Army Corps", "corps", "3rd Field Army"), (2, "3rd Field Army", "army", None)} <= units
    assert not any(u.name.startswith("PLA ground") for u in facts_of("battle_of_guningtou").units)


def test_units_keys_give_units_with_levels() -> None:
    infobox_units = {(u.side, u.name, u.level) for u in facts_of("shangdang_campaign").units
                     if any(ev.quote == "Eighth Route Army" for ev in u.evidence)}  # the prose adds more units
    assert infobox_units == {(2, "Eighth Route Army", "army")}
    assert (1, "Legio X", "legion") in {(u.side, u.name, u.level) for u in facts_of("battle_of_pharsalus").units}


def _walk_evidence(obj: object):
    import dataclasses

    from handan_kg.facts import Evidence

    if isinstance(obj, Evidence):
        yield obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _walk_evidence(getattr(obj, f.name))
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from _walk_evidence(item)


@pytest.mark.parametrize("slug", sorted(GOLD))
def test_truncated_and_mangled_values_never_crash(slug: str) -> None:
    """Every infobox value cut short or stuffed with residue still extracts, with exact evidence."""
    from handan_kg.parse.article import parse
    from handan_kg.errors import ArticleFormatError

    lines = (CORPUS / f"{slug}.txt").read_text("utf-8").split("\n")
    # infobox and lead only: the sections are the narrative extractor's and make this slow
    lines = lines[: next((i for i, line in enumerate(lines) if line.startswith("==")), len(lines))]
    fields = [i for i, line in enumerate(lines) if line.startswith("- ") and ":" in line]
    for i in fields:
        line = lines[i]
        for variant in (line[: (2 * len(line)) // 3], line.replace(",", " ") + " ,,, ()|*"):
            try:
                article = parse("\n".join([*lines[:i], variant, *lines[i + 1:]]))
            except ArticleFormatError:  # the cut removed the infobox itself: the parser's concern
                continue
            facts = extract(article, None)
            for e in _walk_evidence(facts):
                assert e.quote and article.text[e.start:e.end] == e.quote


def test_units_place_a_side_for_the_lead_to_label() -> None:
    facts = _article(
        "- Commander1: A B\n- Commander2: C D\n- Units1: National Revolutionary Army\n- Result: Japanese victory",
        "It was a battle between the Empire of Japan and the Republic of China in Shanghai.",
    )
    assert [(s.index, s.label, s.victor) for s in facts.sides] == [
        (1, "Republic of China", False), (2, "Empire of Japan", True)]


def test_part_of_lists_split_at_and_the_but_not_at_in_the() -> None:
    facts = _article("- Partof: the Battle of Taiyuan in the Second Sino-Japanese War and the interwar period\n- Combatant1: A")
    assert [p for p, _ in facts.conflict.part_of] == ["Battle of Taiyuan in the Second Sino-Japanese War", "interwar period"]


def test_lead_party_named_with_its_parent_force() -> None:
    facts = _article(
        "- Combatant1: : 23px Chinese Communist Party\n- Commander2: C D\n- Result: Japanese victory",
        "It was fought between the Eighth Route Army of the Chinese Communist Party and the Imperial Japanese Army.",
    )
    assert [(s.index, s.label, s.victor) for s in facts.sides] == [
        (1, "Chinese Communist Party", False), (2, "Imperial Japanese Army", True)]


def test_dates_from_the_lead_only_without_an_infobox_date() -> None:
    facts = _article("- Combatant1: A", "It lasted from August 13 to November 26, 1937, and was long.")
    assert (facts.conflict.start[0].lexical(), facts.conflict.end[0].lexical()) == ("1937-08-13", "1937-11-26")
    assert facts.conflict.start[1].quote == "August 13 to November 26, 1937"
    other = _article("- Combatant1: A", "It was a battle. The ambush was fought on 25 September 1937.")
    assert other.conflict.start is None
    given = _article("- Date: 1 May 1940\n- Combatant1: A", "It lasted from August 13 to November 26, 1937.")
    assert given.conflict.start[0].lexical() == "1940-05-01"


def test_lead_dates_with_a_day_range_or_a_qualifier() -> None:
    days = _article("- Combatant1: A", "It took place on March 3–5, 1805, near a river.")
    assert (days.conflict.start[0].lexical(), days.conflict.end[0].lexical()) == ("1805-03-03", "1805-03-05")
    qualified = _article("- Combatant1: A", "It lasted from early May 1700 to mid-June 1701.")
    start, end = qualified.conflict.start[0], qualified.conflict.end[0]
    assert (start.lexical(), start.qualifier, end.lexical(), end.qualifier) == ("1700-05", "early", "1701-06", "mid")
    lunar = _article("- Combatant1: A", "It took place on 3–4 May 1592 (of the lunar calendar) in the strait.")
    assert lunar.conflict.start is None


def test_one_year_in_the_first_lead_sentence_dates_a_conflict_without_infobox_date() -> None:
    facts = _article("- Combatant1: A", "The Battle of Nowhere was a campaign between A and B in early 1938 during a war.")
    assert (facts.conflict.start[0].lexical(), facts.conflict.start[0].qualifier) == ("1938", "early")
    two = _article("- Combatant1: A", "The Battle of Nowhere was fought in 1937 and ended in 1938.")
    assert two.conflict.start is None


def test_date_with_another_calendar_after_a_comma() -> None:
    facts = _article("- Date: 16 December 1598 (Gregorian Calendar) , Keichō 3, 19th day of 11 month (Lunar calendar)\n"
                     "- Combatant1: A")
    assert facts.conflict.start[0].lexical() == "1598-12-16"
    assert facts.conflict.start[1].quote == "16 December 1598 (Gregorian Calendar)"


def test_part_of_keeps_disambiguating_years_and_commander_labels_are_not_people() -> None:
    facts = _article("- Partof: the Japanese invasions of Korea (1592–1598)\n"
                     "- Commander1: Main:, Konishi Yukinaga , Reinforcement:, Shimazu Yoshihiro")
    assert [p for p, _ in facts.conflict.part_of] == ["Japanese invasions of Korea (1592–1598)"]
    assert [c.person for c in facts.commanders] == ["Konishi Yukinaga", "Shimazu Yoshihiro"]


def test_states_of_a_place_is_one_state_name_before_a_person() -> None:
    facts = _article("- Combatant1: United States of America\n- Commander1: United States of America George Dewey, Charles Gridley")
    assert [c.person for c in facts.commanders] == ["George Dewey", "Charles Gridley"]


def test_result_names_a_members_other_name_given_in_the_cell() -> None:
    facts = _article("- Combatant1: Dutch Republic (States Army)\n- Combatant2: Spain\n- Result: States Army victory")
    assert [(s.index, s.victor) for s in facts.sides] == [(1, True), (2, False)]


def test_a_support_header_on_the_members_line_is_not_part_of_its_name() -> None:
    facts = _article("- Combatant1: Kingdom of Naples, Naval support: Malta\n- Combatant2: Tunis, Supported by: Algiers")
    assert [[m for m, _ in s.members] for s in facts.sides] == [["Kingdom of Naples", "Malta"], ["Tunis", "Algiers"]]


def test_a_prefixed_result_names_the_side_whose_other_name_it_is() -> None:
    facts = _article("- Combatant1: Republic (pro-Union forces)\n- Combatant2: Rebels (anti-Union forces)\n"
                     "- Result: Pro-Union victory")
    assert [(s.index, s.victor) for s in facts.sides] == [(1, True), (2, False)]


def test_quotation_marks_around_a_lead_name_are_not_part_of_it() -> None:
    facts = _article("- Combatant1: A", "The Battle of Nowhere (Spanish: «Batalla de Ninguna Parte»; 1932) was a battle.")
    assert [(n.text, n.lang) for n, _ in facts.conflict.names if n.lang == "es"] == [("Batalla de Ninguna Parte", "es")]


def test_part_of_split_at_an_ampersand_and_a_kind_from_the_definite_lead() -> None:
    from handan_kg.parse.article import parse

    facts = extract(parse("= Sound Affair =\nInfobox\n- Partof: Anglo-Dutch rivalry & Second Northern War\n\n"
                          "The Sound Affair was the last war of the decade.\n"), None)
    assert [p for p, _ in facts.conflict.part_of] == ["Anglo-Dutch rivalry", "Second Northern War"]
    assert facts.conflict.kind == "war"


def test_a_long_state_name_before_its_short_one_and_a_civilian_row_by_sources() -> None:
    facts = _article("- Combatant1: A\n- Combatant2: United Kingdom of Great Britain and Northern Ireland United Kingdom\n"
                     "- Casualties3: Iraqi civilians killed according to, Red Cross: 300, UN: 500")
    assert [s.label for s in facts.sides] == ["A", "United Kingdom"]
    assert facts.casualties == []


def test_part_of_not_split_before_a_lone_plural_but_split_before_a_named_war() -> None:
    facts = _article("- Partof: the Anglo-Zulu wars and conflicts")
    assert [p for p, _ in facts.conflict.part_of] == ["Anglo-Zulu wars and conflicts"]
    other = _article("- Partof: Decolonisation of Oceania and the Cold War")
    assert [p for p, _ in other.conflict.part_of] == ["Decolonisation of Oceania", "Cold War"]


def test_a_bulleted_member_and_a_part_of_list_ending_in_a_full_stop() -> None:
    facts = _article("- Combatant1: Goguryeo, • Khitan allies\n"
                     "- Partof: the Atlantic Revolutions, Latin American wars of independence, and Napoleonic Wars.")
    assert [m for m, _ in facts.sides[0].members] == ["Goguryeo", "Khitan allies"]
    assert [p for p, _ in facts.conflict.part_of] == ["Atlantic Revolutions", "Latin American wars of independence", "Napoleonic Wars"]


def test_a_templates_pipe_after_the_conflict_value_is_not_part_of_it() -> None:
    facts = _article("- Conflict: Battle of Nowhere|\n- Combatant1: A")
    assert (facts.conflict.name, facts.conflict.names) == ("Battle of Nowhere", [])


def test_lead_dates_from_a_day_to_a_date_and_a_range_of_years_before_the_era() -> None:
    days = _article("- Combatant1: A", "The Battle of Nowhere, from 11 to 14 June 1863, was a siege.")
    assert (days.conflict.start[0].lexical(), days.conflict.end[0].lexical()) == ("1863-06-11", "1863-06-14")
    ancient = _article("- Combatant1: A", "The siege of Nowhere by the Carthaginians took place in 397–396 BC.")
    assert (ancient.conflict.start[0].lexical(), ancient.conflict.end[0].lexical()) == ("-0396", "-0395")


def test_a_conflict_value_that_is_the_title_without_its_year_is_no_other_name() -> None:
    from handan_kg.parse.article import parse

    for title in ("Revolt of Nowhere of 1521", "1521 Revolt of Nowhere", "Revolt of Nowhere 1520–1521"):
        facts = extract(parse(f"= {title} =\nInfobox\n- Conflict: Revolt of Nowhere\n- Combatant1: A\n\nIt was a revolt.\n"), None)
        assert facts.conflict.names == [], title


def test_a_note_after_the_date_and_the_years_of_two_campaigns() -> None:
    noted = _article("- Date: 7 May 1915 – 9 June 1916 The last ship was sunk on 9 June 1916\n- Combatant1: A")
    assert (noted.conflict.start[0].lexical(), noted.conflict.end[0].lexical()) == ("1915-05-07", "1916-06-09")
    years = _article("- Date: 1592, 1597\n- Combatant1: A")
    assert (years.conflict.start[0].lexical(), years.conflict.end[0].lexical()) == ("1592", "1597")
    lead = _article("- Combatant1: A", "The Battle of Nowhere was a pair of invasions in 1592 and 1597 by Japan.")
    assert lead.conflict.start is None  # two years: neither is the conflict's date alone


def test_of_two_dates_in_two_styles_the_new_style_one() -> None:
    facts = _article("- Date: September 2, 1752 (O.S.), September 13, 1752 (N.S.)\n- Combatant1: A")
    assert (facts.conflict.start[0].lexical(), facts.conflict.end[0].lexical()) == ("1752-09-13", "1752-09-13")

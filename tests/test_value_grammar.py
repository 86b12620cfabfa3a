"""The infobox value grammar, one class of input per test. Each example is made up or taken
from an article other than the development-set article that revealed the class."""

from __future__ import annotations

import pytest

from handan_kg.parse.article import parse
from handan_kg.extract import extract
from handan_kg.facts import ArticleFacts
from handan_kg.rdf.mapping import to_graph


def article(infobox: str, lead: str = "It was a battle.") -> ArticleFacts:
    return extract(parse(f"= Battle of Nowhere =\nInfobox\n{infobox}\n\n{lead}\n"), None)


def place_chains(value: str) -> list[tuple[str, tuple[str, ...]]]:
    """The places read from a Place value, each with the places it lies in, sorted."""
    facts = article(f"- Place: {value}\n- Combatant1: A")
    return sorted((ref.name, ref.located_in) for ref, _ in facts.conflict.places)


def victors(facts: ArticleFacts) -> list[int]:
    return [s.index for s in facts.sides if s.victor]


@pytest.mark.parametrize(("result", "expected"), [
    ("Decisive Athenian Victory", [1]),  # capital V; demonym stem of a member
    ("Decisive victory for the Kingdom of Aragon", [2]),  # `victory for X`
    ("Danish victory", [2]),  # an irregular demonym (vocabulary)
    ("Shawnee, Miami and Delaware victory", [1]),  # several members of one side
    ("Shawnee and Aragon victory", []),  # members of two sides: no victor
    ("Pyrrhic Roman victory", []),  # names no side
])
def test_victor_from_the_result(result: str, expected: list[int]) -> None:
    facts = article(
        "- Combatant1: Athens, Shawnee, Miami, Delaware\n- Combatant2: Kingdom of Aragon, Denmark\n"
        f"- Result: {result}")
    assert victors(facts) == expected


def test_a_coalition_header_is_a_member_and_a_period_header_is_not() -> None:
    facts = article("- Combatant1: Hanseatic League:, Lübeck, Hamburg\n- Combatant2: Until 1370:, Denmark\n"
                    "- Result: Hanseatic League victory")
    assert [(s.index, [m for m, _ in s.members]) for s in facts.sides] == [
        (1, ["Hanseatic League", "Lübeck", "Hamburg"]), (2, ["Denmark"])]
    assert victors(facts) == [1]


@pytest.mark.parametrize(("value", "expected"), [
    ("the Thirty Years' War, the Eighty Years' War and the Franco-Spanish War (1635–1659)",
     ["Thirty Years' War", "Eighty Years' War", "Franco-Spanish War (1635–1659)"]),
    ("the Italian Wars (Habsburg–Valois Wars)", ["Italian Wars"]),
    ("Wars of the Three Kingdoms", ["Wars of the Three Kingdoms"]),  # `of the` inside one name
])
def test_parent_conflict_lists(value: str, expected: list[str]) -> None:
    facts = article(f"- Partof: {value}\n- Combatant1: A")
    assert [p for p, _ in facts.conflict.part_of] == expected


def test_an_extractor_that_fails_costs_its_facts_not_the_article(monkeypatch) -> None:
    import handan_kg.extract as driver

    def broken(article, facts):
        raise KeyError("a name nobody expected")

    monkeypatch.setattr(driver, "extract_narrative", broken)
    facts = article("- Combatant1: Athens\n- Combatant2: Sparta\n- Date: 5 May 431 BC")
    assert [s.label for s in facts.sides] == ["Athens", "Sparta"] and facts.conflict.start is not None
    [failure] = [i for i in facts.issues if i.kind == "extractor-failed"]
    assert "narrative" in failure.message and "KeyError" in failure.message


def test_the_extractors_take_their_inputs_and_leave_them_as_they_were(monkeypatch) -> None:
    import copy

    import handan_kg.extract as driver
    from handan_kg.extract.narrative import extract_narrative

    a = parse("= Battle of Nowhere =\nInfobox\n- Combatant1: Athens\n- Combatant2: Sparta\n- Date: 5 May 431 BC\n\n"
              "The Battle of Nowhere (Greek: Μάχη) was a battle. The 3rd Legion marched to Corinth on 6 May 431 BC.\n")
    facts = extract(a, None)
    before = copy.deepcopy(facts)
    narrated = extract_narrative(a, facts)
    assert facts == before and narrated is not facts

    def broken(article, fields, conflict):
        raise ValueError("an unexpected column")

    monkeypatch.setattr(driver, "read_sides", broken)
    without_sides = extract(a, None)
    assert without_sides.sides == [] and without_sides.conflict.start is not None
    assert [n.text for n, _ in without_sides.conflict.names] == ["Μάχη"]
    [failure] = [i for i in without_sides.issues if i.kind == "extractor-failed"]
    assert "sides" in failure.message and "ValueError" in failure.message


def test_raw_values_are_literals_on_their_side_with_evidence() -> None:
    text = "= Battle of Nowhere =\nInfobox\n- Combatant1: Athens\n- Casualties1: 200 killed, 3,000 hostages ransomed\n\nIt was a battle.\n"
    a = parse(text)
    facts = extract(a, None)
    [raw] = facts.raw_values
    assert (raw.key, raw.text, raw.side) == ("Casualties1", "3,000 hostages ransomed", 1)
    assert text[raw.evidence.start:raw.evidence.end] == "3,000 hostages ransomed"
    graph = to_graph(facts, a)
    rows = list(graph.query("""
        PREFIX hkg: <https://w3id.org/handan-kg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?value ?quote WHERE {
          ?side a hkg:Side ; hkg:unparsedValue ?value .
          ?stmt rdf:subject ?side ; rdf:predicate hkg:unparsedValue ; prov:wasDerivedFrom/oa:hasSelector/oa:exact ?quote .
        }"""))
    assert [(str(v), str(q)) for v, q in rows] == [("Casualties1: 3,000 hostages ransomed", "3,000 hostages ransomed")]


def test_counted_things_and_combined_categories_reach_the_graph() -> None:
    a = parse("= Battle of Nowhere =\nInfobox\n- Combatant1: Athens\n- Strength1: 180 triremes\n"
              "- Casualties1: 40 triremes sunk or captured, 900 killed or wounded\n\nIt was a battle.\n")
    graph = to_graph(extract(a, None), a)
    rows = graph.query("""
        PREFIX hkg: <https://w3id.org/handan-kg/ontology#>
        SELECT ?n ?thing (GROUP_CONCAT(?code; separator="+") AS ?codes) WHERE {
          ?o hkg:count ?n . OPTIONAL { ?o hkg:countedThing ?thing }
          OPTIONAL { ?o hkg:casualtyCategory ?c . BIND(REPLACE(STR(?c), "^.*casualty-", "") AS ?code) }
        } GROUP BY ?n ?thing ORDER BY ?n""")
    assert sorted((int(n), str(t) if t else None, "+".join(sorted(str(c).split("+"))) if c else "") for n, t, c in rows) == [
        (40, "trireme", "captured+sunk"), (180, "trireme", ""), (900, None, "killed+wounded")]


# ---- dates ------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("between 218 and 216 BC", ("-0217", "-0215")),
    ("from 9 to 11 August 1862", ("1862-08-09", "1862-08-11")),
    ("12 March 1799 19 March 1799", ("1799-03-12", "1799-03-19")),  # separator lost in flattening
    ("July 1, 1863 July 3, 1863", ("1863-07-01", "1863-07-03")),
    ("Between April–June 1453", ("1453-04", "1453-06")),
    ("1916–18", ("1916", "1918")),
    ("Summer–Autumn 1632", ("1632", "1632")),
    ("29 February 1504", ("1504-02-29", "1504-02-29")),  # Julian: every fourth year is leap
])
def test_date_forms(value: str, expected: tuple[str, str]) -> None:
    from handan_kg.extract.dates import parse_range

    start, end = parse_range(value)
    assert (start.lexical(), end.lexical()) == expected


@pytest.mark.parametrize("value", ["29 February 1700", "31 June 1815", "30 February 1620"])
def test_impossible_calendar_dates_are_not_dates(value: str) -> None:
    from handan_kg.extract.dates import DateError, parse_range

    with pytest.raises(DateError):
        parse_range(value)


# ---- counts -----------------------------------------------------------------------------

def figures(value: str) -> list[tuple]:
    from handan_kg.extract.pieces import Piece
    from handan_kg.extract.quantities import parse_figures

    found, _ = parse_figures(Piece(0, len(value), value))
    return [(f.count.value if f.count.high is None else (f.count.low, f.count.high), f.category, f.counted,
             f.count.approximate, f.count.at_least) for f in found]


@pytest.mark.parametrize(("value", "expected"), [
    ("Between 4,000 and 6,000 men", [((4000, 6000), None, None, False, False)]),
    ("perhaps 12 500 killed", [(12500, "killed", None, False, False)]),  # space as thousands separator
    ("Estimated at over three hundred thousand", [(300000, None, None, False, True)]),
    ("about two thousand horsemen", [(2000, None, None, True, False)]),
    ("Total losses 1,200", [(1200, "total", None, False, False)]),
    ("1/3 cavalry, 2/3 infantry", []),  # shares of a force, not figures
    ("Three days of fighting, 800 killed", [(800, "killed", None, False, False)]),
    ("45 (up to 60) wounded", [(45, "wounded", None, False, False), (60, "wounded", None, False, False)]),
    ("9 other frigates sunk", [(9, "sunk", "frigate", False, False)]),
])
def test_figure_forms(value: str, expected: list[tuple]) -> None:
    assert figures(value) == expected


def test_a_parenthesis_after_a_figure_keeps_it_apart_from_the_next_category() -> None:
    assert [(f[0], f[1]) for f in figures("3,000-4,000 (mostly drowned) and 600 prisoners")] == [
        ((3000, 4000), None), (600, "captured")]


# ---- names ------------------------------------------------------------------------------

def names(lead: str) -> list[tuple[str, str]]:
    return [(n.text, n.lang) for n, _ in article("- Combatant1: A", lead).conflict.names]


def test_a_script_label_glued_to_a_name_is_not_part_of_it() -> None:
    assert names("The Battle of Nowhere (Hangul: 무명 전투; Hanja무명戰鬪) was a battle.") == [
        ("무명 전투", "ko"), ("무명戰鬪", "ko")]


def test_letters_of_one_language_decide_within_a_script() -> None:
    assert names("The Battle of Nowhere (نبرد ناکجاآباد) was a battle.") == [("نبرد ناکجاآباد", "fa")]
    assert names("The Battle of Nowhere (Битва під Нікуди) was a battle.") == [("Битва під Нікуди", "uk")]
    assert names("The Battle of Nowhere (معركة اللامكان) was a battle.") == [("معركة اللامكان", "ar")]


def test_a_pronunciation_is_not_a_name_and_two_aliases_joined_by_and_are_two() -> None:
    assert names("The Battle of Nowhere (Hungarian: [ˈnoːvɛr]), also known as the Siege of Elsewhere "
                 "and the Battle of the Far Hills, was a battle.") == [
        ("Siege of Elsewhere", "en"), ("Battle of the Far Hills", "en")]


# ---- commanders -------------------------------------------------------------------------

def commanders(value: str) -> list[tuple[str, str | None]]:
    return [(c.person, c.title) for c in article(f"- Combatant1: A\n- Commander1: {value}").commanders]


def test_ranks_states_and_remarks_around_commander_names() -> None:
    assert commanders("Empire of Japan Admiral Baron Togo Heihachiro, Kingdom of the Netherlands Vice-Admiral "
                      "Karel Doorman, Rear Admiral Lord Nelson, Jan Pieterszoon Coen (defector)") == [
        ("Togo Heihachiro", "Admiral Baron"), ("Karel Doorman", "Vice-Admiral"),
        ("Lord Nelson", "Rear Admiral"), ("Jan Pieterszoon Coen", None)]


def test_a_four_word_name_in_a_comma_list_is_one_person() -> None:
    assert commanders("Abd al-Rahman ibn Rustam, Muhammad Ali Pasha Kavala") == [
        ("Abd al-Rahman ibn Rustam", None), ("Muhammad Ali Pasha Kavala", None)]


# ---- classes found on batch b5 ----------------------------------------------------------

def test_a_dagger_marks_death_wherever_it_stands() -> None:
    facts = article("- Combatant1: A\n- Commander1: Magnus III † Eystein Orre, Harald Hardrada †")
    assert [(c.person, c.status) for c in facts.commanders] == [
        ("Magnus III", "killed-in-action"), ("Eystein Orre", None), ("Harald Hardrada", "killed-in-action")]


def test_a_rulers_designation_after_a_comma_is_part_of_his_name() -> None:
    facts = article("- Combatant1: A\n- Commander1: Baldwin IV, King of Jerusalem, Raymond III, Count of Tripoli (POW), Guy of Lusignan")
    assert [(c.person, c.status) for c in facts.commanders] == [
        ("Baldwin IV, King of Jerusalem", None), ("Raymond III, Count of Tripoli", "prisoner-of-war"), ("Guy of Lusignan", None)]


def test_estimates_after_or() -> None:
    assert [(f[0], f[1], f[2]) for f in figures("Heavy losses or about 9,000 dead, 30,000, Or 45,000")] == [
        (9000, "killed", None), (30000, None, None), (45000, None, None)]


def test_a_date_beside_another_calendar_is_read_when_it_is_precise() -> None:
    facts = article("- Date: 3 Ramadan 1099, 2 July 1688 AD\n- Combatant1: A")
    assert facts.conflict.start[0].lexical() == "1688-07-02"
    facts = article("- Date: Brumaire 12, 1799\n- Combatant1: A")  # only a year beside unreadable text
    assert facts.conflict.start is None and [r.key for r in facts.raw_values] == ["Date"]


def test_the_kind_comes_from_the_title_when_the_conflict_value_names_none() -> None:
    assert article("- Conflict: Sack of Nowhere\n- Combatant1: A").conflict.kind == "battle"


def test_residue_and_transcriptions_around_other_script_names() -> None:
    assert names("The Battle of Nowhere (_el. Μάχη του Πουθενά [ˈmaçi]) was a battle.") == [("Μάχη του Πουθενά", "el")]


@pytest.mark.parametrize(("value", "expected"), [
    ("Southeast of Corinth, Greece", [("Corinth", ("Greece",)), ("Greece", ())]),
    ("slopes of Mount Ida, Crete", [("Mount Ida", ("Crete",)), ("Crete", ())]),
])
def test_a_place_relative_to_another_is_that_place(value: str, expected: list) -> None:
    facts = article(f"- Place: {value}\n- Combatant1: A")
    assert [(ref.name, ref.located_in) for ref, _ in facts.conflict.places] == expected


def test_a_one_word_name_after_a_state_head_is_the_states_own_name() -> None:
    facts = article("- Combatant1: Kingdom of Eastern Wei, Republic of Genoa Spain")
    assert [m for m, _ in facts.sides[0].members] == ["Kingdom of Eastern Wei", "Republic of Genoa", "Spain"]


# ---- classes found on batch b2 ----------------------------------------------------------

def test_image_file_names_and_flag_names_before_members() -> None:
    facts = article("- Combatant1: Banner of Castile (1230-1500).svg Crown of Castile, Portugal Kingdom of Portugal\n"
                    "- Combatant2: Emirate of Granada Granada, Republic of Venice Duchy of Milan")
    assert [[m for m, _ in s.members] for s in facts.sides] == [
        ["Crown of Castile", "Kingdom of Portugal"], ["Granada", "Republic of Venice", "Duchy of Milan"]]


def test_a_member_described_after_a_colon_and_members_listed_in_parentheses() -> None:
    facts = article("- Combatant1: Northern Alliance: Forces loyal to the old king\n"
                    "- Combatant2: Gallic tribes, (Arverni, Aedui and Sequani)")
    assert [[m for m, _ in s.members] for s in facts.sides] == [
        ["Northern Alliance"], ["Gallic tribes", "Arverni", "Aedui", "Sequani"]]


def test_the_title_names_the_conflict_and_other_conflict_values_are_alternative_names() -> None:
    facts = extract(parse("= Siege of the Alcázar =\nInfobox\n- Conflict: Siege of Alcazar\n- Combatant1: A\n\nIt was a siege.\n"), None)
    assert facts.conflict.name == "Siege of the Alcázar" and facts.conflict.kind == "siege"
    assert [(n.text, n.lang) for n, _ in facts.conflict.names] == [("Siege of Alcazar", "en")]


def test_places_joined_by_and_and_a_value_in_parentheses() -> None:
    facts = article("- Place: Torgau and Eilenburg, Saxony\n- Combatant1: A")
    assert [(r.name, r.located_in) for r, _ in facts.conflict.places] == [
        ("Torgau", ("Saxony",)), ("Eilenburg", ("Saxony",)), ("Saxony", ())]
    facts = article("- Place: (in present-day Punjab, Pakistan)\n- Combatant1: A")
    assert [(r.name, r.located_in) for r, _ in facts.conflict.places] == [("Punjab", ("Pakistan",)), ("Pakistan", ())]


def test_status_marks_after_regnal_numbers_and_after_a_comma() -> None:
    assert [(c.person, c.status) for c in article("- Combatant1: A\n- Commander1: Gustavus II AdolphusKIA, Louis IIPOW, "
                                                   "Gottfried zu Pappenheim, DOW").commanders] == [
        ("Gustavus II Adolphus", "killed-in-action"), ("Louis II", "prisoner-of-war"), ("Gottfried zu Pappenheim", "died-of-wounds")]


def test_counts_led_by_a_state_name_or_a_range_phrase() -> None:
    assert figures("Prussia 30,000 infantry, Unknown, but estimates range from 5,000–7,000, 4 Roman legions, 20 large galleys") == [
        (30000, None, None, False, False), ((5000, 7000), None, None, False, False),
        (4, "lost", "legion", False, False), (20, "lost", "galley", False, False)]


# ---- classes found on batch b3 ----------------------------------------------------------

def test_what_happened_to_a_list_of_things_is_written_once_at_its_end() -> None:
    assert [(f[0], f[1], f[2]) for f in figures("2 frigates,, 4 sloops,, 1 brig captured, 9 gunboats")] == [
        (2, "captured", "frigate"), (4, "captured", "sloop"), (1, "captured", "brig"), (9, "lost", "gunboat")]
    assert [(f[0], f[1], f[2]) for f in figures("400 killed 2 frigates 3 corvettes (4,100 tons sunk)")] == [
        (400, "killed", None), (2, "sunk", "frigate"), (3, "sunk", "corvette")]


def test_a_header_before_a_space_joined_list() -> None:
    assert [(f[0], f[2]) for f in figures("Total: 40 warships 12 frigates 6 sloops")] == [
        (40, "warship"), (12, "frigate"), (6, "sloop")]


def test_initials_suffixes_and_titles_in_a_space_joined_run_of_names() -> None:
    facts = article("- Combatant1: A\n- Commander1: Ulysses S. Grant William T. Sherman George Thomas, Jr. Sir Hugh Gough")
    assert [(c.person, c.title) for c in facts.commanders] == [
        ("Ulysses S. Grant", None), ("William T. Sherman", None), ("George Thomas, Jr.", None), ("Hugh Gough", "Sir")]


def test_two_states_joined_by_a_space() -> None:
    facts = article("- Combatant1: Austria-Hungary Ottoman Empire")
    assert [m for m, _ in facts.sides[0].members] == ["Austria-Hungary", "Ottoman Empire"]


# ---- classes found on batch b4 ----------------------------------------------------------

def test_dates_in_the_subjects_parenthesis_when_the_infobox_has_none() -> None:
    facts = article("- Combatant1: A", "The Battle of Nowhere (Greek: Μάχη, 3–6 May 1941) was a battle of the war.")
    assert (facts.conflict.start[0].lexical(), facts.conflict.end[0].lexical()) == ("1941-05-03", "1941-05-06")


def test_members_around_a_state_an_acronym_or_a_flag_name() -> None:
    facts = article("- Combatant1: Khmer Rouge South Vietnam Khmer Issarak, Popular Front (FPLN) Hezbollah, Mozambique FRELIMO")
    assert [m for m, _ in facts.sides[0].members] == [
        "Khmer Rouge", "South Vietnam", "Khmer Issarak", "Popular Front", "Hezbollah", "FRELIMO"]


def test_a_peoples_adjective_before_a_faction_and_a_flag_captioned_with_the_members_own_name() -> None:
    facts = article("- Combatant1: Polish Insurgents, Spain Royalists, Kingdom of Hejaz Kingdom of Hejaz, Cao Cao")
    assert [m for m, _ in facts.sides[0].members] == ["Polish Insurgents", "Royalists", "Kingdom of Hejaz", "Cao Cao"]


def test_a_generational_suffix_keeps_its_period_and_a_civil_title_abbreviation_is_dropped() -> None:
    facts = article("- Combatant1: A\n- Commander1: Lt. Gov. Amos Reed, Henry T. Ward Sr., Jordan K. PikeKIA, Gov. Ezra Hale")
    assert [(c.person, c.status) for c in facts.commanders] == [
        ("Amos Reed", None), ("Henry T. Ward Sr.", None), ("Jordan K. Pike", "killed-in-action"), ("Ezra Hale", None)]


def test_a_total_label_before_an_approximation_mark() -> None:
    facts = article("- Combatant1: A\n- Combatant2: B\n- Strength1: Foot: 2,100, Horse: 900, Total ca. 3,000\n"
                    "- Strength2: Total about 5,000")
    assert [(s.side, s.count.value, s.count.approximate) for s in facts.strengths] == [
        (1, 2100, False), (1, 900, False), (1, 3000, True), (2, 5000, True)]
    assert facts.raw_values == []


def test_aliases_listed_after_another_named_by_a_massacre_a_raid_or_an_incident() -> None:
    assert names("The Battle of Nowhere, also known as the Nowhere Massacre, the Elm Creek Raid or the Ford Incident, "
                 "was a battle.") == [("Nowhere Massacre", "en"), ("Elm Creek Raid", "en"), ("Ford Incident", "en")]


def test_labels_glued_to_the_name_before_them_start_an_item_and_a_transcription_is_no_name() -> None:
    assert names("The Battle of Nowhere (simplified Chinese: 无处之战traditional Chinese: 無處之戰pinyin: Wúchù zhī zhàn) "
                 "was a battle.") == [("无处之战", "zh"), ("無處之戰", "zh")]
    assert names("The Battle of Nowhere (Greek: Μάχη του Πουθενά, romanizedMáchi tou Pouthená, Greek pronunciation: "
                 "[ˈmaçi]) was a battle.") == [("Μάχη του Πουθενά", "el")]


def test_two_spellings_in_a_non_latin_script_joined_by_or_are_two_names() -> None:
    assert names("The Battle of Nowhere (無處戰 or 無処戦) was a battle.") == [("無處戰", "zh"), ("無処戦", "ja")]
    facts = article("- Conflict: Battle of Nowhere, 無處戰 or 無処戦")
    assert [n.text for n, _ in facts.conflict.names] == ["無處戰", "無処戦"]


def test_a_second_column_of_figures_is_a_side_even_when_its_belligerent_was_lost() -> None:
    facts = article("- Combatant1: Kingdom of Nowhere\n- Strength1: 4,000\n- Strength2: 6,000\n"
                    "- Casualties2: 300 killed\n- Casualties3: 90 civilians killed")
    assert [s.index for s in facts.sides] == [1, 2]
    assert [(x.side, x.count.value) for x in facts.strengths] == [(1, 4000), (2, 6000)]
    assert [(x.side, x.count.value) for x in facts.casualties] == [(2, 300)]  # the third column: civilians, kept raw


def test_headers_of_supporters_run_into_one_item_separate_its_members() -> None:
    facts = article("- Combatant1: Duchy of Oz Naval Support: Empire of Lilliput In cooperation with: Free Towns\n"
                    "- Combatant2: Kingdom of Nowhere, Aerial support:, Republic of Elsewhere")
    assert [[m for m, _ in s.members] for s in facts.sides] == [
        ["Duchy of Oz", "Empire of Lilliput", "Free Towns"], ["Kingdom of Nowhere", "Republic of Elsewhere"]]


def test_a_title_of_several_words_is_not_cut_and_a_flag_before_initials_is_still_a_flag() -> None:
    facts = article("- Combatant1: A\n- Commander1: Canada Air Vice Marshal Roy Slemon, Kenya J. M. Kariuki, Flying Officer Ann Lee")
    assert [c.person for c in facts.commanders] == ["Roy Slemon", "J. M. Kariuki", "Ann Lee"]


def test_naval_ranks_abbreviated_with_a_hyphen_and_russian_ones() -> None:
    facts = article("- Combatant1: A\n- Commander1: Rear-Adm. Ivan Ross, Capt. 2nd rank Oleg Lis, Counter Adm. Pavel Orlov")
    assert [c.person for c in facts.commanders] == ["Ivan Ross", "Oleg Lis", "Pavel Orlov"]


def test_a_flag_captioned_with_the_place_a_state_is_of() -> None:
    facts = article("- Combatant1: Thuringia Landgraviate of Thuringia, Hesse")
    assert [m for m, _ in facts.sides[0].members] == ["Landgraviate of Thuringia", "Hesse"]


def test_years_and_year_ranges_of_several_campaigns() -> None:
    facts = article("- Date: 1101, 1104–1105, 1110")
    assert facts.conflict.start is not None and facts.conflict.end is not None
    assert (facts.conflict.start[0].lexical(), facts.conflict.end[0].lexical()) == ("1101", "1110")


def test_states_closed_by_their_kinds_acronym_run_together_are_members_each() -> None:
    facts = article("- Combatant1: Ukrainian SSR Byelorussian SSR, Tatar ASSR")
    assert [m for m, _ in facts.sides[0].members] == ["Ukrainian SSR", "Byelorussian SSR", "Tatar ASSR"]


def test_two_states_joined_by_and_are_two_members_but_one_name_with_and_stays_whole() -> None:
    facts = article("- Combatant1: Kingdom of Aragon and Kingdom of Castile, Bosnia and Herzegovina, "
                    "Kingdom of Great Britain and Ireland")
    assert [m for m, _ in facts.sides[0].members] == [
        "Kingdom of Aragon", "Kingdom of Castile", "Bosnia and Herzegovina", "Kingdom of Great Britain and Ireland"]


def test_a_value_in_parentheses_and_circa_with_a_full_stop() -> None:
    facts = article("- Combatant1: A\n- Combatant2: B\n- Strength1: (12,000 foot, 3,000 horse; and 20 galleys.)\n"
                    "- Strength2: circa. 900 aircraft over the year")
    assert [(x.side, x.count.value, x.count.counted, x.count.approximate) for x in facts.strengths] == [
        (1, 12000, None, False), (1, 3000, None, False), (1, 20, "galley", False), (2, 900, "aircraft", True)]


def test_a_features_word_alone_is_no_place_and_air_force_abbreviations_are_ranks() -> None:
    facts = article("- Combatant1: A\n- Place: Plain by Mount Ossa, Thessaly\n- Commander1: Gp Capt. Ann Lee, Wg Cdr Tom Hale")
    assert [p.name for p in facts.places] == ["Mount Ossa", "Thessaly"]
    assert [c.person for c in facts.commanders] == ["Ann Lee", "Tom Hale"]


def test_aircraft_models_with_a_roman_numeral_or_a_hyphenated_noun_are_machines_not_troops() -> None:
    facts = article("- Combatant1: A\n- Strength1: 300 men, 8 Gloster Meteor fighter-bombers, 5 Puma II G-Cars, 3 Jaguar IV fighters, "
                    "12 Japanese I-boats")
    assert [(x.count.value, x.count.counted) for x in facts.strengths] == [
        (300, None), (8, "gloster meteor fighter-bomber"), (5, "puma ii g-car"), (3, "jaguar iv fighter"), (12, "i-boat")]


def test_names_joined_by_or_after_a_language_label() -> None:
    assert names("The Battle of Nowhere (Portuguese: Batalha de Nenhures or Combate de Nenhures) was a battle.") == [
        ("Batalha de Nenhures", "pt"), ("Combate de Nenhures", "pt")]


def test_units_and_one_word_state_names_among_commanders() -> None:
    facts = article("- Combatant1: A\n- Commander1: 3rd Battalion, 9th Marines, Jordan Smith, Peru Luis Cortés, Colonel-General Ivan Konev")
    assert [(c.person, c.title) for c in facts.commanders] == [
        ("Jordan Smith", None), ("Luis Cortés", None), ("Ivan Konev", "Colonel-General")]


# ---- narrative classes found on the narrative batch --------------------------------------

def test_spelled_out_and_numeric_ordinals_are_one_unit() -> None:
    facts = article("- Combatant1: A", "The Third Army crossed the river. Later the 3rd Army and the Fourth Corps attacked.")
    assert sorted(u.name for u in facts.units) == ["3rd Army", "4th Corps"]


def test_full_and_short_names_of_one_person_are_one_person() -> None:
    facts = article("- Combatant1: A\n- Commander1: Walter Krueger",
                    "The Sixth Army was led by Walter E. Krueger. General Thomas C. Kinkaid commanded the fleet; "
                    "Thomas Kinkaid later withdrew.")
    names = sorted({p.name for p in facts.people} | {c.person for c in facts.commanders})
    assert names == ["Thomas C. Kinkaid", "Walter Krueger"]


def test_a_state_of_a_period_before_a_commander_is_flag_residue() -> None:
    facts = article("- Combatant1: A\n- Commander1: Empire of Japan (1868–1947) Shunroku Hata, Republic of China (1912–1949) Xue Yue")
    assert [c.person for c in facts.commanders] == ["Shunroku Hata", "Xue Yue"]


# ---- classes found on batch b6 ----------------------------------------------------------

def test_thousands_written_once_after_a_range() -> None:
    assert [f[0] for f in figures("40–55,000 men, 3–4,000 horse, 30–2,000")] == [(40000, 55000), (3000, 4000), (30, 2000)]


def test_a_break_down_in_parentheses_gives_the_parts_of_the_total() -> None:
    assert [f[0] for f in figures("12,000 (4,000 Scots, 5,000 English archers, 3,000 Welsh)")] == [12000, 4000, 5000, 3000]


def test_where_a_commander_stood_and_his_epithet() -> None:
    facts = article("- Combatant1: A\n- Commander1: Henry IV of Castile-left wing, Richard, the Lionheart, Otto IV")
    assert [c.person for c in facts.commanders] == ["Henry IV of Castile", "Richard, the Lionheart", "Otto IV"]


def test_places_listed_before_a_plural_type_word_and_fortified_lines() -> None:
    facts = article("- Combatant1: A", "Fighting spread across the Saxony, Silesia and Bohemia provinces. "
                                         "The army reached the Hindenburg Line on 5 May 1917.")
    assert {(p.name, p.kind) for p in facts.places} >= {
        ("Saxony", "province"), ("Silesia", "province"), ("Bohemia", "province"), ("Hindenburg Line", "region")}


# ---- classes found on batch b8 ----------------------------------------------------------

def test_flag_names_glued_or_before_a_particle_and_arms_captions() -> None:
    facts = article("- Combatant1: A\n- Commander1: Kingdom of SpainAlba (WIA), Kingdom of Portugal de Almeida, "
                    "Arms of Lancaster, Hugh Grey +")
    assert [(c.person, c.status) for c in facts.commanders] == [
        ("Alba", "wounded-in-action"), ("de Almeida", None), ("Hugh Grey", "killed-in-action")]


def test_a_designation_joins_a_two_word_name_and_a_mark_inside_it_ends_the_person() -> None:
    facts = article("- Combatant1: A\n- Commander1: John Churchill, Duke of Marlborough † William Cadogan, Earl Cadogan")
    assert [(c.person, c.status) for c in facts.commanders] == [
        ("John Churchill, Duke of Marlborough", "killed-in-action"), ("William Cadogan, Earl Cadogan", None)]


# ---- classes found on batch b9 ------------------------------------------------------------

def test_flag_codes_left_as_text_before_each_commander() -> None:
    facts = article("- Combatant1: A\n- Commander1: NED Karel van Dam NED Pieter Smit KIA\n- Commander2: JPN Ito Hiro JPN Sato Ken")
    assert [(c.side, c.person, c.status) for c in facts.commanders] == [
        (1, "Karel van Dam", None), (1, "Pieter Smit", "killed-in-action"), (2, "Ito Hiro", None), (2, "Sato Ken", None)]


def test_members_after_flags_rendered_as_state_names_in_a_mirrored_value() -> None:
    facts = article("- Combatant1: Kingdom of Hungary Royal Hungarian Army, Czechoslovakia Czechoslovakia, "
                    "Kingdom of Romania Romania\n- Combatant2: Ottoman Empire, Russian Empire")
    assert [[m for m, _ in s.members] for s in facts.sides] == [
        ["Royal Hungarian Army", "Czechoslovakia", "Romania"], ["Ottoman Empire", "Russian Empire"]]
    # without a mirrored neighbour, a name that starts with a state's name stays whole
    whole = article("- Combatant1: United States Army, Philippine Commonwealth Army")
    assert [m for m, _ in whole.sides[0].members] == ["United States Army", "Philippine Commonwealth Army"]


def test_support_headers_descriptions_and_dates_around_members() -> None:
    facts = article("- Combatant1: Finnish Army, Swedish Volunteer Corps from March 1940, Supported by the Allied Powers\n"
                    "- Combatant2: Red Army, absorbed into the, 7th Army")
    assert [[m for m, _ in s.members] for s in facts.sides] == [
        ["Finnish Army", "Swedish Volunteer Corps", "Allied Powers"], ["Red Army", "7th Army"]]
    assert any("from March 1940" in i.message for i in facts.issues)


def test_a_parenthesised_name_in_the_conflict_value() -> None:
    facts = extract(parse("= Kerensky offensive =\nInfobox\n- Conflict: Kerensky offensive, (July Offensive)\n"
                          "- Combatant1: A\n\nIt was an offensive.\n"), None)
    assert [(n.text, n.lang) for n, _ in facts.conflict.names] == [("July Offensive", "en")]


# ---- classes found on batch b10 -----------------------------------------------------------

def test_members_between_dash_rules_flag_captions_and_full_stops() -> None:
    facts = article("- Combatant1: Kingdom flag 1801 United Kingdom, ---- Maratha Confederacy, ----\n"
                    "- Combatant2: Zulus., Naval ensign of Portugal (1830) Kingdom of Portugal")
    assert [[m for m, _ in s.members] for s in facts.sides] == [
        ["United Kingdom", "Maratha Confederacy"], ["Zulus", "Kingdom of Portugal"]]


def test_a_space_joined_run_of_a_state_and_a_peoples_force() -> None:
    facts = article("- Combatant1: Knights Templar Genoese mercenaries Venetian Republic\n"
                    "- Combatant2: Duchy of Savoy Swiss mercenaries, Imperial Russian Army, Republic of Korea Army")
    assert [[m for m, _ in s.members] for s in facts.sides] == [
        ["Knights Templar", "Genoese mercenaries", "Venetian Republic"],
        ["Duchy of Savoy", "Swiss mercenaries", "Imperial Russian Army", "Republic of Korea Army"]]


def test_flags_rendered_as_state_names_two_by_two() -> None:
    facts = article("- Combatant1: Spain Spain, Kingdom of Sardinia Piedmont-Sardinia, Austria Austrian Empire")
    assert [m for m, _ in facts.sides[0].members] == ["Spain", "Piedmont-Sardinia", "Austrian Empire"]


@pytest.mark.parametrize(("result", "expected"), [
    ("Decisive U.S. victory", [1]),  # an abbreviation of a member's name
    ("Anglo-Mohawk victory", [1]),  # one part names side 1, the other names nobody
    ("Boer victory", [2]),  # a people of the vocabulary
])
def test_victor_from_abbreviations_and_partly_named_compounds(result: str, expected: list[int]) -> None:
    facts = article("- Combatant1: United States, Great Britain\n- Combatant2: Orange Free State, Spain\n"
                    f"- Result: {result}")
    assert victors(facts) == expected


def test_unnamed_allies_and_demonyms_of_houses_and_empires() -> None:
    facts = article("- Combatant1: House of Lancaster\n- Combatant2: House of York, Duchy of Burgundy and allies\n"
                    "- Result: Yorkist victory")
    assert [[m for m, _ in s.members] for s in facts.sides] == [["House of Lancaster"], ["House of York", "Duchy of Burgundy"]]
    assert victors(facts) == [2]
    empire = article("- Combatant1: Ezo Republic\n- Combatant2: Empire of Japan\n- Result: Imperial victory")
    assert victors(empire) == [2]


def test_civilians_and_hostages_after_the_last_side_are_kept_as_text() -> None:
    facts = article("- Combatant1: Israel\n- Combatant2: Egypt\n- Casualties3: Civilian deaths:, 40 killed (UN), 2 hostages wounded, "
                    "Military and civilian deaths: 900")
    assert [r.text for r in facts.raw_values] == ["40 killed (UN)", "2 hostages wounded"]
    assert [(c.side, c.count.value) for c in facts.casualties] == [(None, 900)]


def test_a_state_or_an_allies_header_heading_a_column_names_the_coalition() -> None:
    facts = article("- Combatant1: Allies:, Free France, Poland\n- Combatant2: Prussia, Allies:, Saxony")
    assert [(s.index, s.label, [m for m, _ in s.members]) for s in facts.sides] == [
        (1, "Allies", ["Allies", "Free France", "Poland"]), (2, "Prussia", ["Prussia", "Saxony"])]


def test_part_of_a_list_ending_in_and_and_a_relation_before_the_whole() -> None:
    facts = article("- Partof: the Napoleonic Wars, the Peninsular War, and the liberation of Spain")
    assert [p for p, _ in facts.conflict.part_of] == ["Napoleonic Wars", "Peninsular War", "liberation of Spain"]
    facts = article("- Partof: the Italian Wars and an extension of the War of the League of Cognac")
    assert [p for p, _ in facts.conflict.part_of] == ["Italian Wars", "War of the League of Cognac"]


def test_members_after_a_rule_a_caption_of_arms_a_year_and_a_glued_support_header() -> None:
    facts = article("- Combatant1: Red saltire Clan Campbell<hr/>Clan Murray\n"
                    "- Combatant2: Jacobites Supported by:, France, 1745")
    assert [(s.index, [m for m, _ in s.members]) for s in facts.sides] == [
        (1, ["Clan Campbell", "Clan Murray"]), (2, ["Jacobites", "France"])]


def test_an_ongoing_conflict_has_a_start_and_no_end() -> None:
    facts = article("- Date: 3 April 2019 (2019-04-03)present, (2 years)")
    assert facts.conflict.start is not None and facts.conflict.start[0].lexical() == "2019-04-03"
    assert facts.conflict.end is None
    facts = article("- Result: Ongoing", lead="The Battle of Nowhere is an armed conflict that began on 9 June 2014.")
    assert facts.conflict.start is not None and facts.conflict.start[0].lexical() == "2014-06-09"
    assert facts.conflict.end is None


def test_a_members_code_before_a_commander_and_another_name_after_a_member() -> None:
    facts = article("- Combatant1: EIC British East India Company, Mohawk people formerly known as Kanienkehaka\n"
                    "- Commander1: EIC Robert Clive")
    assert [m for m, _ in facts.sides[0].members] == ["EIC British East India Company", "Mohawk people"]
    assert [c.person for c in facts.commanders] == ["Robert Clive"]


def test_a_states_flag_before_a_faction_and_a_capitalised_other_name() -> None:
    facts = article("- Combatant1: Portugal Liberals, Miguelites Formerly called Absolutists\n- Combatant2: Spain Carlists")
    assert [(s.index, [m for m, _ in s.members]) for s in facts.sides] == [(1, ["Liberals", "Miguelites"]), (2, ["Carlists"])]


def test_the_new_style_date_where_calendars_are_named() -> None:
    facts = article("- Date: 8 July 1709 (O.S.), 9 July 1709 (Swedish calendar), 27 June 1709 (N.S.)")
    assert facts.conflict.start is not None and facts.conflict.start[0].lexical() == "1709-06-27"


@pytest.mark.parametrize(("value", "expected"), [
    ("3 to 4 May 1691 Old Style, 13 to 14 May 1691 New Style", ("1691-05-13", "1691-05-14")),  # labels without brackets
    ("9 August 1702 N.S.", ("1702-08-09", "1702-08-09")),  # a bare label after the one date
])
def test_calendar_style_labels_without_brackets(value: str, expected: tuple[str, str]) -> None:
    facts = article(f"- Date: {value}")
    assert facts.conflict.start is not None and facts.conflict.end is not None
    assert (facts.conflict.start[0].lexical(), facts.conflict.end[0].lexical()) == expected


def test_part_of_a_whole_with_a_time_in_parentheses_and_a_split() -> None:
    facts = article("- Partof: the Cold War and the Sino-Albanian split, the Greek Civil War (from March 1946)")
    assert [p for p, _ in facts.conflict.part_of] == ["Cold War", "Sino-Albanian split", "Greek Civil War"]


def test_a_kind_of_support_is_no_member() -> None:
    facts = article("- Combatant1: , , Air support:, Royal Navy\n- Combatant2: Boers")
    assert [m for m, _ in facts.sides[0].members] == ["Royal Navy"]


def test_a_place_given_as_quotations_of_sources_is_kept_as_text_and_countries_side_by_side() -> None:
    facts = article('- Place: Procopius: "near the river Calor", Agathias: "at Casilinum, by the Volturnus"')
    assert facts.conflict.places == [] and facts.raw_values and "Procopius" in facts.raw_values[0].text
    facts = article("- Place: Chad, Niger, Nigeria, Cameroon, Benin, Togo")
    assert [(ref.name, ref.located_in) for ref, _ in facts.conflict.places][-2:] == [("Benin", ()), ("Togo", ())]


def test_a_flag_captioned_with_a_name_and_its_acronym_or_a_member_named_before() -> None:
    facts = article("- Combatant1: Sri Lanka, Liberation Tigers of Tamil Eelam LTTE\n"
                    "- Combatant2: Russian Empire, Kingdom of Prussia, Russian Empire Polish volunteers")
    assert [[m for m, _ in s.members] for s in facts.sides] == [
        ["Sri Lanka", "LTTE"], ["Russian Empire", "Kingdom of Prussia", "Polish volunteers"]]


def test_an_editors_tag_or_a_list_templates_name_after_a_belligerent_is_not_its_name() -> None:
    facts = article("- Combatant1: Free French Forces[citation needed]\n- Combatant2: Vichy France plainlist")
    assert [[m for m, _ in s.members] for s in facts.sides] == [["Free French Forces"], ["Vichy France"]]


def test_a_result_naming_a_victory_for_each_side_names_no_victor() -> None:
    facts = article("- Combatant1: Kingdom of Aragon\n- Combatant2: Denmark\n"
                    "- Result: Danish victory at sea, Aragonese victory on land")
    assert victors(facts) == []
    one = article("- Combatant1: Kingdom of Aragon\n- Combatant2: Denmark\n- Result: Danish victory, both sides claim victory")
    assert victors(one) == [2]


def test_the_articles_own_title_glued_before_belligerents_and_commanders() -> None:
    facts = article("- Combatant1: Battle of Nowhere Portugal, Battle of Nowhere Spain\n"
                    "- Commander1: Battle of Nowhere João Silva\n- Combatant2: Battle of Nowhere Morocco")
    assert [[m for m, _ in s.members] for s in facts.sides] == [["Portugal", "Spain"], ["Morocco"]]
    assert [c.person for c in facts.commanders] == ["João Silva"]


def test_wiki_markup_left_before_a_member_is_no_part_of_its_name() -> None:
    facts = article("- Combatant1: Maratha Empire\n- Combatant2: 20px, ]] Durrani Empire, Supported by:, 14px Khanate of Kalat")
    assert [m for m, _ in facts.sides[1].members] == ["Durrani Empire", "Khanate of Kalat"]


def test_a_models_designation_and_name_count_machines_and_a_designation_alone_is_kept_as_text() -> None:
    facts = article("- Strength1: 6 M48 Pattons, 4 AH-1G Cobras, 2 OV-10 Broncos, 300 ARVN T-28 crews")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [
        (6, "m48 patton"), (4, "ah-1g cobra"), (2, "ov-10 bronco")]
    assert [r.text for r in facts.raw_values] == ["300 ARVN T-28 crews"]


def test_the_title_without_marks_and_a_name_in_vietnamese_letters_in_the_conflict_value() -> None:
    facts = extract(parse("= Battle of Dong Xoai =\nInfobox\n- Conflict: Battle of Đồng Xoài, Trận Đồng Xoài\n\nIt was a battle.\n"), None)
    assert [(n.text, n.lang) for n, _ in facts.conflict.names] == [("Battle of Đồng Xoài", "en"), ("Trận Đồng Xoài", "vi")]


def test_a_language_variety_with_its_own_code_and_name_particles_of_other_languages() -> None:
    facts = article("- Commander2: Iyad ag Ghaly (Ansar Dine), Simon bar Kokhba KIA",
                    lead="The Battle of Nowhere (Levantine Arabic: معركة اللامكان) was a battle.")
    assert [(n.text, n.lang) for n, _ in facts.conflict.names] == [("معركة اللامكان", "apc")]
    assert [c.person for c in facts.commanders] == ["Iyad ag Ghaly", "Simon bar Kokhba"]


def test_a_status_after_initials_is_no_place() -> None:
    facts = article("- Place: Guam, U.S. territory")
    assert [(ref.name, ref.located_in) for ref, _ in facts.conflict.places] == [("Guam", ())]


def test_models_listed_in_parentheses_after_things_share_their_fate() -> None:
    facts = article("- Casualties2: 5 aircraft shot down, (3 Mi-24P, 2 F-5E Tigers)")
    assert [(c.category, c.count.value, c.count.counted) for c in facts.casualties] == [
        ("destroyed", 5, "aircraft"), ("destroyed", 3, "mi-24p"), ("destroyed", 2, "f-5e tiger")]


@pytest.mark.parametrize(("result", "first", "second", "expected"), [
    ("DRV victory", "State of Vietnam", "Democratic Republic of Vietnam", [2]),  # a member's initials
    ("ROC victory", "People’s Republic of China", "Republic of China", [2]),  # initials of every word
    ("South Yemeni victory", "North Yemen", "South Yemen", [2]),  # a demonym after a compass word
    ("Florentine victory", "Republic of Florence", "Republic of Siena", [1]),  # a city's demonym
])
def test_a_victor_named_by_initials_or_a_demonym_of_a_place_in_the_name(result: str, first: str, second: str,
                                                                       expected: list[int]) -> None:
    assert victors(article(f"- Result: {result}\n- Combatant1: {first}\n- Combatant2: {second}")) == expected


def test_plural_kind_words_and_an_english_part_word_in_the_conflict_value() -> None:
    facts = extract(parse("= Battles of the Isonzo =\nInfobox\n- Conflict: Isonzo Mountain Campaign\n\nIt was a battle.\n"), None)
    assert facts.conflict.kind == "battle"
    assert [(n.text, n.lang) for n, _ in facts.conflict.names] == [("Isonzo Mountain Campaign", "en")]


def test_event_names_joined_by_and_the_off_in_a_name_and_a_quote_left_after_other_script() -> None:
    assert names("The Battle of Nowhere, also known as the Storming of Nowhere and the Relief of Nowhere, was a battle.") == [
        ("Storming of Nowhere", "en"), ("Relief of Nowhere", "en")]
    assert names("The Battle of Nowhere – also known as the Naval Battle off Nowhere Point (ノーウェア岬沖海戦) – was a battle.") == [
        ("Naval Battle off Nowhere Point", "en"), ("ノーウェア岬沖海戦", "ja")]
    assert names("The Battle of Nowhere (Μάχη του Πουθενά ', Bataille de Nulle Part) was a battle.")[0] == ("Μάχη του Πουθενά", "el")


def test_kinds_of_things_in_a_break_down_and_a_name_after_things_kept_as_text() -> None:
    facts = article("- Strength1: 1 schooner, 2 luggers\n- Casualties1: 40 tanks (12 Shermans, 4 Fireflies), 30 Wespe")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [(1, "schooner"), (2, "lugger")]
    assert [(c.category, c.count.value, c.count.counted) for c in facts.casualties] == [
        ("lost", 40, "tank"), ("lost", 12, "sherman"), ("lost", 4, "firefly")]
    assert [r.text for r in facts.raw_values] == ["30 Wespe"]


def test_a_share_a_presumption_and_abbreviated_marks_are_read_as_written() -> None:
    facts = article("- Casualties1: About 15% of the garrison, 4 missing presumed killed\n- Strength1: Approx. 12,000")
    assert [(c.category, c.count.value) for c in facts.casualties] == [("missing", 4)]
    assert [r.text for r in facts.raw_values] == ["About 15% of the garrison"]
    assert [(s.count.value, s.count.approximate) for s in facts.strengths] == [(12000, True)]


def test_formations_and_ships_whose_names_hide_other_words() -> None:
    facts = article("- Strength1: 3 corps, 1 army group, 7 men-of-war, 4 Mark IVs")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [
        (3, "corps"), (1, "army group"), (7, "man-of-war"), (4, "mark iv")]


def test_titles_of_the_steppe_and_the_porte_before_names() -> None:
    assert [c for c, _ in commanders("Ataman Pyotr Krasnov, Vizier Sokollu Mehmed Pasha")] == [
        "Pyotr Krasnov", "Sokollu Mehmed Pasha"]


def test_a_year_range_with_spaced_hyphen_and_a_prose_tail_and_an_adverb_before_a_qualifier() -> None:
    facts = article("- Date: 218 - 216 BC, lasting about two years")
    assert facts.conflict.start is not None and facts.conflict.end is not None
    assert (facts.conflict.start[0].lexical(), facts.conflict.end[0].lexical()) == ("-0217", "-0215")
    facts = article("- Date: just after March 3, 1401")
    assert facts.conflict.start is not None and facts.conflict.start[0].lexical() == "1401-03-03"
    assert facts.conflict.start[0].qualifier == "after"
    assert article("- Date: 1401, lasting a week").conflict.start is None  # a lone year beside prose stays text


def test_courtesy_titles_and_offices_before_names_and_off_joins_no_places() -> None:
    assert [c for c, _ in commanders("Mrs. Nana Yaa, Police Chief Juan Ortega")] == ["Nana Yaa", "Juan Ortega"]
    facts = article("- Place: Nowhere Sound off Elsewhere Island")
    assert [ref.name for ref, _ in facts.conflict.places] == ["Nowhere Sound", "Elsewhere Island"]


def test_a_size_names_the_kind_of_thing_and_a_state_of_a_formation_does_not() -> None:
    facts = article("- Strength1: 12 small galleys, 4 medium tanks, 3 depleted infantry divisions")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [
        (12, "small galley"), (4, "medium tank"), (3, "infantry division")]


def test_line_breaks_left_as_markup_upper_bounds_and_a_note_inside_a_range() -> None:
    facts = article("- Strength1: under 5,000, < 12,000 men, 2,000 (Livy)–4,000 men\n- Casualties1: 12 killed<br/ >40 wounded")
    assert [(s.count.value, s.count.low, s.count.high, s.count.at_least) for s in facts.strengths] == [
        (5000, None, None, False), (12000, None, None, False), (None, 2000, 4000, False)]
    assert [(c.category, c.count.value) for c in facts.casualties] == [("killed", 12), ("wounded", 40)]
    assert [c for c, _ in commanders("Ōyama Iwao<br />Nogi Maresuke")] == ["Ōyama Iwao", "Nogi Maresuke"]


def test_executions_animals_and_colonials_in_figures() -> None:
    facts = article("- Strength1: 400 colonials, 300 cattle\n- Casualties1: 20 killed, 12 executed")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [(400, None), (300, "cattle")]
    assert [(c.category, c.count.value) for c in facts.casualties] == [("killed", 20)]
    assert [r.text for r in facts.raw_values] == ["12 executed"]


def test_princely_titles_a_landgraves_designation_bodies_and_groups_among_commanders() -> None:
    assert [c for c, _ in commanders("Maharajah Ranjit Singh, Frederick II, Landgrave of Hesse-Kassel, "
                                     "Polish Senate, Various emirs")] == ["Ranjit Singh", "Frederick II, Landgrave of Hesse-Kassel"]


def test_a_flag_code_before_the_name_it_stands_for_and_a_name_after_an_arabic_article() -> None:
    facts = article("- Combatant1: NATO North Atlantic Treaty Organization, al-Shabaab")
    assert [m for m, _ in facts.sides[0].members] == ["North Atlantic Treaty Organization", "al-Shabaab"]


def test_a_valley_named_in_the_prose_is_a_place_and_breaks_no_extractor() -> None:
    facts = article("- Combatant1: A", lead="The Battle of Nowhere was fought in 1943. On 16 May 1943 the bombers "
                    "breached the dams in the Möhne valley and flooded the towns below.")
    assert not [i for i in facts.issues if i.kind == "extractor-failed"]
    assert [(p.name, p.kind) for p in facts.places if p.name == "Möhne"] == [("Möhne", "valley")]


def test_a_vague_place_is_kept_as_text_and_two_seas_lie_side_by_side() -> None:
    facts = article("- Place: Several locations")
    assert facts.conflict.places == [] and [r.text for r in facts.raw_values] == ["Several locations"]
    facts = article("- Place: Ionian Sea, Adriatic Sea")
    assert [(ref.name, ref.located_in) for ref, _ in facts.conflict.places] == [("Ionian Sea", ()), ("Adriatic Sea", ())]
    facts = article("- Date: The autumn of 1066")
    assert facts.conflict.start is not None and (facts.conflict.start[0].lexical(), facts.conflict.start[0].qualifier) == ("1066", "autumn")


def test_labels_that_name_a_script_of_one_language_and_invisible_direction_marks() -> None:
    assert names("The Battle of Nowhere (Korean: 無處 전투; Hanja: 無處戰鬪; Chữ Hán: 陣空兜) was a battle.") == [
        ("無處 전투", "ko"), ("無處戰鬪", "ko"), ("陣空兜", "vi")]
    assert names("The Battle of Nowhere (Yiddish: שלאַכט פֿון ערגעץ\u200f) was a battle.") == [("שלאַכט פֿון ערגעץ", "yi")]


def test_figures_run_on_after_a_parenthesis_a_category_after_a_note_and_parts_told_in_prose() -> None:
    facts = article("- Casualties1: 1,200 killed (French claim) 300 captured, 900 (estimate), killed and wounded, "
                    "20,000 deported, 3,000 of whom died")
    assert [(c.category, c.count.value) for c in facts.casualties] == [
        ("killed", 1200), ("captured", 300), ("killed+wounded", 900)]
    assert "3,000 of whom died" in [r.text for r in facts.raw_values]


def test_the_rest_of_a_list_of_things_and_members_between_bullets() -> None:
    facts = article("- Combatant1: Kingdom of Castile • Kingdom of León\n- Strength1: 4 galleys, 9 others")
    assert [m for m, _ in facts.sides[0].members] == ["Kingdom of Castile", "Kingdom of León"]
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [(4, "galley")]
    assert [r.text for r in facts.raw_values] == ["9 others"]


def test_the_titles_kind_word_wins_over_the_conflict_values() -> None:
    facts = extract(parse("= Nowhere Mutiny =\nInfobox\n- Conflict: Nowhere War\n\nIt was a mutiny.\n"), None)
    assert facts.conflict.kind == "conflict"


def test_a_language_said_before_as_and_a_quoted_code_name_that_is_the_title() -> None:
    assert names("The Battle of Nowhere, known in German as Schlacht von Nirgendwo, was a battle.") == [("Schlacht von Nirgendwo", "de")]
    facts = extract(parse('= Operation Nowhere =\nInfobox\n- Conflict: Operation "Nowhere"\n\nIt was an operation.\n'), None)
    assert facts.conflict.names == [] and facts.conflict.kind == "operation"
    facts = extract(parse("= Nowhere invasion of Elsewhere =\nInfobox\n- Conflict: Elsewhere War\n\nIt was an invasion.\n"), None)
    assert facts.conflict.kind == "campaign"


def test_peers_styled_by_a_title_alone_crown_princes_and_roman_offices() -> None:
    assert [c for c, _ in commanders("Garnet Wolseley, Viscount Wolseley, Frederick William, Crown Prince of Prussia, "
                                     "Magister militum Aetius")] == [
        "Garnet Wolseley, Viscount Wolseley", "Frederick William, Crown Prince of Prussia", "Aetius"]


def test_rams_and_categories_joined_by_an_ampersand() -> None:
    facts = article("- Strength1: 6 rams\n- Casualties1: 12 killed, wounded & missing")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [(6, "ram")]
    assert [(c.category, c.count.value) for c in facts.casualties] == [("killed+missing+wounded", 12)]


def test_an_adjective_before_an_acronym_is_one_name_and_a_nom_de_guerre_is_no_part_of_one() -> None:
    facts = article("- Combatant1: Byelorussian SSR, Angola FAPLA\n- Commander1: Sardar Hambirrao, Jonas Savimbi \"O Mais Velho\"")
    assert [m for m, _ in facts.sides[0].members] == ["Byelorussian SSR", "FAPLA"]
    assert [c.person for c in facts.commanders] == ["Hambirrao", "Jonas Savimbi"]


def test_kinds_of_hyphenated_things_offshore_places_and_a_category_after_two_estimates() -> None:
    facts = article("- Place: Offshore Ecnomus, Sicily\n- Strength1: 6 torpedo-bombers, 1 grounded ironclad\n"
                    "- Casualties1: 400 or 1,000 dead")
    assert [(ref.name, ref.located_in) for ref, _ in facts.conflict.places] == [("Ecnomus", ("Sicily",)), ("Sicily", ())]
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [(6, "torpedo-bomber"), (1, "ironclad")]
    assert [(c.category, c.count.value) for c in facts.casualties] == [("killed", 400), ("killed", 1000)]


def test_new_style_dates_labelled_in_a_parenthesis_and_ranks_without_a_space_after_the_dot() -> None:
    facts = article("- Date: 5 – 7 July (N.S.: 16 – 18 July), 1709")
    assert facts.conflict.start is not None and facts.conflict.end is not None
    assert (facts.conflict.start[0].lexical(), facts.conflict.end[0].lexical()) == ("1709-07-16", "1709-07-18")
    assert [c for c, _ in commanders("Maj.Gen. Ivan Petrov, Lt.Col. Semyon Ivanov")] == ["Ivan Petrov", "Semyon Ivanov"]


# ---- classes found on batch b39 ---------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("Carrhae (Turkey)", [("Carrhae", ("Turkey",)), ("Turkey", ())]),  # a country in a parenthesis
    ("Uji (Kyoto Prefecture)", [("Uji", ("Kyoto Prefecture",)), ("Kyoto Prefecture", ())]),  # an administrative unit
    ("Kahlenberg (near Vienna, Austria)", [("Kahlenberg", ()), ("Vienna", ("Austria",)), ("Austria", ())]),
    ("Kahlenberg (Kahlen Hill)", [("Kahlenberg", ())]),  # another name, not a place around it
])
def test_a_parenthesis_after_a_place_says_where_it_lies_or_what_it_lies_near(value: str, expected: list) -> None:
    assert place_chains(value) == sorted(expected)


def test_a_models_maker_code_and_number_before_the_thing_are_one_model() -> None:
    facts = article("- Strength1: 4 Do 17 bombers, 7 He 111 torpedo-bombers, 300 infantry")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [
        (4, "do 17 bomber"), (7, "he 111 torpedo-bomber"), (300, None)]


# ---- classes found on batch b40 ---------------------------------------------------------

def test_a_flag_captioned_state_before_a_force_named_with_its_adjective_and_an_other_entry() -> None:
    facts = article("- Combatant1: United Kingdom British Commandos, Norway, Other\n- Combatant2: Germany\n"
                    "- Result: British/Norwegian victory")
    assert [m for m, _ in facts.sides[0].members] == ["British Commandos", "Norway"]
    assert victors(facts) == [1]


def test_army_ranks_in_capitals_an_honorific_of_the_fallen_and_khan_inside_a_name() -> None:
    assert [c for c, _ in commanders("LTC Harold Moore, COL John Smith, Shaheed Abdul Rahman, Karim Khan Zand")] == [
        "Harold Moore", "John Smith", "Abdul Rahman", "Karim Khan Zand"]


@pytest.mark.parametrize(("value", "expected"), [
    ("Kabala (present-day Sierra Leone)", [("Kabala", ("Sierra Leone",)), ("Sierra Leone", ())]),
    ("Ieper (present-day the Belgium)", [("Ieper", ("Belgium",)), ("Belgium", ())]),
    ("German New Guinea (present-day Papua New Guinea)", [("German New Guinea", ()), ("Papua New Guinea", ())]),
    ("Viceroyalty of Peru (present-day Peru)", [("Viceroyalty of Peru", ()), ("Peru", ())]),
    ("Near Bergen op Zoom, Netherlands", [("Bergen op Zoom", ("Netherlands",)), ("Netherlands", ())]),
])
def test_the_country_a_town_lies_in_today_and_names_with_a_lowercase_particle(value: str, expected: list) -> None:
    assert place_chains(value) == sorted(expected)


def test_a_category_counted_by_no_number_is_not_combined_and_kayaks_are_things() -> None:
    facts = article("- Strength1: 2 kayaks\n- Casualties1: 120 killed and many captured, 40 killed or wounded")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [(2, "kayak")]
    assert [(c.category, c.count.value) for c in facts.casualties] == [("killed", 120), ("killed+wounded", 40)]


def test_a_conflict_value_differing_from_the_title_only_in_its_dash_and_a_help_mark_after_a_romanization() -> None:
    facts = extract(parse("= Franco–Siamese War =\nInfobox\n- Conflict: Franco-Siamese War\n- Combatant1: A\n\n"
                          "The Franco–Siamese War (Thai: สงครามฝรั่งเศส Songkhram Farangset?) was a war.\n"), None)
    assert [(n.text, n.lang) for n, _ in facts.conflict.names] == [("สงครามฝรั่งเศส", "th")]


# ---- classes found on batch b41 ---------------------------------------------------------

def test_a_date_or_a_span_of_dates_among_figures_is_no_figure() -> None:
    facts = article("- Strength1: On 3 June 1916, Total: 1,248 men, 14 guns\n- Casualties1: 4 June – 13 July 1916, 240 KIA")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [(1248, None), (14, "gun")]
    assert [(c.category, c.count.value) for c in facts.casualties] == [("killed", 240)]


@pytest.mark.parametrize(("value", "expected"), [
    ("Lützen, south-west of Leipzig, Saxony", [("Lützen", ()), ("Leipzig", ("Saxony",)), ("Saxony", ())]),
    ("Rhodes and sorties, with raids on Kos and skirmishes in the Dodecanese",
     [("Rhodes", ()), ("Kos", ()), ("Dodecanese", ())]),
])
def test_a_place_west_of_another_is_not_in_it_and_in_after_other_words_is_no_containment(value: str, expected: list) -> None:
    assert place_chains(value) == sorted(expected)


def test_a_house_name_after_a_regnal_number_and_a_link_to_a_section_before_a_commander() -> None:
    assert {c for c, _ in commanders("Constantine XI Palaiologos Dragases, Rulers of Kalinga #Kharavela, Kharavela")} == {
        "Constantine XI Palaiologos Dragases", "Kharavela"}


def test_a_plain_of_a_place_is_the_plains_name() -> None:
    facts = article("- Place: The plain of Esdraelon, Galilee\n- Combatant1: A")
    assert [(ref.name, ref.located_in) for ref, _ in facts.conflict.places] == [("plain of Esdraelon", ("Galilee",)), ("Galilee", ())]


# ---- classes found on batch b42 ---------------------------------------------------------

def test_a_whole_after_during_with_a_comma_and_a_capitalised_heraldic_word_in_a_name() -> None:
    facts = article("- Partof: Operation Crusader, during the Western Desert campaign\n"
                    "- Combatant1: Tripoli Shield Brigade, 25px|KPA Korean People's Army")
    assert [p for p, _ in facts.conflict.part_of] == ["Operation Crusader", "Western Desert campaign"]
    assert [m for m, _ in facts.sides[0].members] == ["Tripoli Shield Brigade", "Korean People's Army"]


def test_a_bank_of_a_river_in_a_country_of_today_and_figures_joined_by_a_plus() -> None:
    facts = article("- Place: East bank of the upper Ticino River, in modern northern Italy\n"
                    "- Casualties1: 300 dead + 900 mules")
    assert sorted((r.name, r.located_in) for r, _ in facts.conflict.places) == [("Italy", ()), ("Ticino River", ("Italy",))]
    assert [(c.category, c.count.value, c.count.counted) for c in facts.casualties] == [("killed", 300, None), ("lost", 900, "mule")]


def test_a_portuguese_honorific_and_a_peerage_of_a_two_word_place() -> None:
    assert [c for c, _ in commanders("Dom Francisco de Almeida, Viscount of Rio Branco")] == [
        "Francisco de Almeida", "Viscount of Rio Branco"]


# ---- classes found on batch b43 ---------------------------------------------------------

def test_a_flag_images_link_option_and_its_pipes_are_residue() -> None:
    facts = article("- Combatant1: 25px|border|link Duchy of Milan\n- Commander1: 25px|border|link Francesco Sforza , BGen Ugo Rossi")
    assert [m for m, _ in facts.sides[0].members] == ["Duchy of Milan"]
    assert [c.person for c in facts.commanders] == ["Francesco Sforza", "Ugo Rossi"]


def test_and_inside_a_name_after_of_an_open_ended_date_and_a_figure_of_survivors() -> None:
    facts = article("- Partof: the Gulf Campaign of the Spanish and Portuguese War\n- Date: 3 May 1712 –\n"
                    "- Place: Opposite Kehl, Rhine\n- Casualties1: All but 40 or 50 captured")
    assert [p for p, _ in facts.conflict.part_of] == ["Gulf Campaign of the Spanish and Portuguese War"]
    assert facts.conflict.start is not None and facts.conflict.start[0].lexical() == "1712-05-03" and facts.conflict.end is None
    assert "opposite" not in {ref.name.lower() for ref, _ in facts.conflict.places}
    assert facts.casualties == []


# ---- classes found on batch b44 ---------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("Carchemish, Syria, Mesopotamia (modern-day Turkey",  # a parenthesis the page never closed
     [("Carchemish", ("Syria", "Mesopotamia")), ("Syria", ("Mesopotamia",)), ("Mesopotamia", ()), ("Turkey", ())]),
    ("Off Malabar, Bay of Cambay", [("Malabar", ()), ("Bay of Cambay", ())]),  # a bay after land lies beside it
    ("Brody / Dubno, Poland", [("Brody", ("Poland",)), ("Dubno", ("Poland",)), ("Poland", ())]),
    ("Mons & Namur, Belgium", [("Mons", ("Belgium",)), ("Namur", ("Belgium",)), ("Belgium", ())]),
    ("Maldon, Essex, see § Site of the battle", [("Maldon", ("Essex",)), ("Essex", ())]),
    ("Coromandel coast, India", [("Coromandel coast", ("India",)), ("India", ())]),
    ("northern coast of Crete", [("Crete", ())]),
])
def test_places_after_an_unclosed_parenthesis_a_bay_slash_and_ampersand_lists_a_pointer_and_coasts(value: str, expected: list) -> None:
    assert place_chains(value) == sorted(expected)


def test_a_superscript_mark_a_title_before_a_regnal_number_alone_and_captives() -> None:
    assert [c for c, _ in commanders("Nabopolassar^{?}, Abuna III, Maalim Ali Hassan")] == ["Nabopolassar", "Abuna III", "Ali Hassan"]
    facts = article("- Casualties1: 300 taken captive")
    assert [(c.category, c.count.value) for c in facts.casualties] == [("captured", 300)]


def test_a_peoples_adjective_before_a_faction_names_the_side_it_is_of() -> None:
    facts = article("- Combatant1: Kingdom of Portugal\n- Combatant2: Mexican Insurgents\n- Result: Portuguese Loyalist victory")
    assert victors(facts) == [1]
    facts = article("- Combatant1: Castilians supporting Henry\n- Combatant2: Kingdom of France\n- Result: Victory for Henry II")
    assert victors(facts) == []


# ---- classes found on batch b45 ---------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("near the Jhelum river", [("Jhelum river", ())]),  # a feature word after the name is part of it
    ("near Castiglione d'Orcia, Tuscany", [("Castiglione d'Orcia", ("Tuscany",)), ("Tuscany", ())]),  # an elided particle
    ("West coast of Åland", [("Åland", ())]),  # a coast of a place whose name opens with a letter outside A-Z
])
def test_a_rivers_name_an_elided_particle_and_a_coast_of_a_place(value: str, expected: list) -> None:
    assert place_chains(value) == sorted(expected)


def test_a_title_in_lower_case_a_dey_and_tents() -> None:
    assert [c for c, _ in commanders("imam Abu Bakr, Dey Mustafa Pasha")] == ["Abu Bakr", "Mustafa Pasha"]
    facts = article("- Strength1: 120 tents")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [(120, "tent")]


# ---- classes found on batch b46 ---------------------------------------------------------

def test_a_templates_pipe_after_a_whole_an_image_size_of_two_numbers_and_a_doubted_mark() -> None:
    facts = article("- Partof: the Thirteen Years' War|\n- Combatant1: * 30x20px Tatar auxiliaries\n"
                    "- Commander1: Stefan the GreatWIA?")
    assert [p for p, _ in facts.conflict.part_of] == ["Thirteen Years' War"]
    assert [m for m, _ in facts.sides[0].members] == ["Tatar auxiliaries"]
    assert [(c.person, c.status) for c in facts.commanders] == [("Stefan the Great", "wounded-in-action")]


def test_a_break_down_with_categories_before_their_numbers_and_slashed_figures() -> None:
    facts = article("- Casualties2: 2,100 dead and wounded (450 killed, missing 80, wounded 1,570)")
    assert sorted((c.category, c.count.value) for c in facts.casualties) == [
        ("killed", 450), ("killed+wounded", 2100), ("missing", 80), ("wounded", 1570)]
    facts = article("- Casualties1: 9 KIA/31 wounded/4 POW")
    assert sorted((c.category, c.count.value) for c in facts.casualties) == [("captured", 4), ("killed", 9), ("wounded", 31)]


def test_a_range_whose_ends_name_their_sources_a_spaced_plus_and_estimated() -> None:
    facts = article("- Casualties2: 400 (Smith) to 2,500 (Jones) dead, 1,200 arrested")
    assert sorted((c.category, c.count.value, c.count.low, c.count.high) for c in facts.casualties) == [
        ("captured", 1200, None, None), ("killed", None, 400, 2500)]
    facts = article("- Casualties1: 35 + wounded")
    assert [(c.category, c.count.value, c.count.at_least) for c in facts.casualties] == [("wounded", 35, True)]
    facts = article("- Strength1: 200 + many hundreds of auxiliaries\n- Strength2: Estimated 900 riflemen")
    assert [(s.side, s.count.value, s.count.at_least, s.count.approximate) for s in facts.strengths] == [
        (1, 200, False, False), (2, 900, False, True)]


@pytest.mark.parametrize(("value", "expected"), [
    # a place near another inside one comma item: the chain goes on from the second
    ("Cold Harbor near Mechanicsville, Hanover County, Virginia",
     [("Cold Harbor", ()), ("Mechanicsville", ("Hanover County", "Virginia")), ("Hanover County", ("Virginia",)), ("Virginia", ())]),
    ("Tigris and Euphrates Rivers, Mesopotamia",  # a kind written once in the plural after two names
     [("Tigris River", ("Mesopotamia",)), ("Euphrates River", ("Mesopotamia",)), ("Mesopotamia", ())]),
    ("near Ancyra, (modern-day Ankara, Turkey)",  # the places of today after a comma are the parenthesis of the place before
     [("Ancyra", ("Turkey",)), ("Ankara", ("Turkey",)), ("Turkey", ())]),
])
def test_a_place_near_another_in_one_item_a_plural_kind_and_a_parenthesis_after_a_comma(value: str, expected: list) -> None:
    assert place_chains(value) == sorted(expected)


def test_a_header_before_a_flag_image_a_serdar_and_a_quoted_romanization() -> None:
    facts = article("- Combatant1: A\n- Combatant2: Rebel factions: 22px Free Army, 22px Front")
    assert [m for m, _ in facts.sides[1].members] == ["Free Army", "Front"]
    assert [c for c, _ in commanders("Vojvoda Stepa Stepanović")] == ["Stepa Stepanović"]
    assert names('The Battle of Nowhere (Japanese 長篠の戦い "Nagashino no tatakai") was a battle.') == [("長篠の戦い", "ja")]


def test_a_familys_name_inside_a_run_of_names_starts_the_next_person() -> None:
    facts = article("- Combatant1: Mori clan, Kobayakawa clan\n- Combatant2: Otomo clan\n"
                    "- Commander1: Mori Terumoto, Kikkawa Motoharu Kobayakawa Takakage, Mori Motonari")
    assert sorted(c.person for c in facts.commanders) == ["Kikkawa Motoharu", "Kobayakawa Takakage", "Mori Motonari", "Mori Terumoto"]


# ---- classes found on batch b47 ---------------------------------------------------------

def test_one_of_two_dates_spans_both() -> None:
    facts = article("- Date: 11 or 12 August 1492\n- Combatant1: A")
    assert facts.conflict.start is not None and facts.conflict.end is not None
    assert [(d.year, d.month, d.day) for d in (facts.conflict.start[0], facts.conflict.end[0])] == [(1492, 8, 11), (1492, 8, 12)]
    facts = article("- Date: March or April 331 BC\n- Combatant1: A")
    assert facts.conflict.start is not None and facts.conflict.end is not None
    assert [(d.year, d.month) for d in (facts.conflict.start[0], facts.conflict.end[0])] == [(-330, 3), (-330, 4)]


@pytest.mark.parametrize(("value", "expected"), [
    ("Present day Tver Oblast", [("Tver Oblast", ())]),  # a marker of today, without its hyphen
    ("Anjou Province of modern France", [("Anjou Province", ("France",)), ("France", ())]),
    ("Sarai, modern Astrakhan", [("Sarai", ()), ("Astrakhan", ())]),  # today's place is no container of the old
])
def test_places_of_today_in_prose(value: str, expected: list) -> None:
    assert place_chains(value) == sorted(expected)


def test_a_part_told_as_a_clause_with_its_category_and_a_tumen() -> None:
    facts = article("- Casualties1: 1,200 captured (100–150 of whom were executed later)\n"
                    "- Casualties2: 90 wounded (12 of whom later died)")
    assert sorted((c.side, c.category, c.count.value, c.count.low) for c in facts.casualties) == [
        (1, "captured", 1200, None), (2, "wounded", 90, None)]
    facts = article("- Casualties1: 300 captured (40–50 of whom were killed in the rout)")
    assert sorted((c.category, c.count.value, c.count.low) for c in facts.casualties) == [("captured", 300, None), ("killed", None, 40)]
    facts = article("- Strength1: Two tumens of horse archers")
    assert [(s.count.value, s.count.counted) for s in facts.strengths] == [(2, "tumen of horse archers")]


# ---- classes found on batch b48 ---------------------------------------------------------

def test_a_flag_template_written_out_a_dash_entitys_name_and_a_glued_member() -> None:
    facts = article("- Date: May 3ndash May 5, 1808\n- Combatant1: flagicon|FRA|1804 French Empire, flagicon|NED Holland\n"
                    "- Combatant2: Kingdom of SpainPortugal")
    assert facts.conflict.start is not None and facts.conflict.end is not None
    assert [(d.month, d.day) for d in (facts.conflict.start[0], facts.conflict.end[0])] == [(5, 3), (5, 5)]
    assert [m for m, _ in facts.sides[0].members] == ["French Empire", "Holland"]
    assert [m for m, _ in facts.sides[1].members] == ["Kingdom of Spain", "Portugal"]


def test_an_abbreviated_rank_before_an_article_joined_name_and_a_ruler_word_that_is_a_given_name() -> None:
    assert [c for c, _ in commanders("Brig. Gen. al-Tikriti, Col. el-Masri, Amir Abdullah")] == ["al-Tikriti", "el-Masri", "Abdullah"]
    assert [c for c, _ in commanders("Sultan al-Hashimi, Amir ul-Haq")] == ["Sultan al-Hashimi", "Amir ul-Haq"]


def test_a_bare_figure_in_parentheses_after_a_forces_name_and_unknown_abbreviations() -> None:
    facts = article("- Strength1: Army of the Potomac, (about 90,000)\n- Casualties2: 14 tanks captured, 6 UGVs, 12 trucks")
    assert [(s.count.value, s.count.approximate) for s in facts.strengths] == [(90000, True)]
    assert all(c.count.counted for c in facts.casualties)  # `6 UGVs`: things we do not know, never people
    assert 12 in {c.count.value for c in facts.casualties} and 6 not in {c.count.value for c in facts.casualties}


def test_a_parenthesis_of_today_after_prose_naming_several_places_is_no_ones_container() -> None:
    facts = article("- Place: Fort Ross, California on the coast north of Bodega Bay (present-day Jenner, Sonoma County)\n- Combatant1: A")
    assert ("Bodega Bay", ("Sonoma County",)) not in {(ref.name, ref.located_in) for ref, _ in facts.conflict.places}


# ---- classes found on batch b49 ---------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("At the Marne east of Paris, France", [("Marne", ()), ("Paris", ("France",)), ("France", ())]),  # nearness inside an item
    ("Left bank of the Vistula river, Poland", [("Vistula river", ("Poland",)), ("Poland", ())]),  # a bank names no place
    ("Along the banks of Tigris River, Iraq", [("Tigris River", ("Iraq",)), ("Iraq", ())]),
])
def test_where_on_or_beside_a_place_names_only_the_place(value: str, expected: list) -> None:
    assert place_chains(value) == sorted(expected)


def test_formations_of_an_arm_a_dozen_tonnage_before_a_thing_and_a_range_before_a_glued_header() -> None:
    facts = article("- Strength1: 40,000 men (6 legions and cavalry), 4 regiments of light horse, 300 5-ton lorries\n"
                    "- Strength2: Citadel: 300–400 Field army: 9,000\n- Casualties2: about two dozen killed")
    assert sorted((s.side, s.count.value or 0, s.count.counted or "") for s in facts.strengths) == [
        (1, 4, "regiment of light horse"), (1, 6, "legion"), (1, 300, "lorry"), (1, 40000, ""), (2, 0, ""), (2, 9000, "")]
    assert [(s.count.low, s.count.high) for s in facts.strengths if s.side == 2 and s.count.value is None] == [(300, 400)]
    assert [(c.category, c.count.value) for c in facts.casualties] == [("killed", 24)]


def test_a_date_sometime_between_two_years_and_an_english_name_in_parentheses() -> None:
    facts = article("- Date: Some time between 1402 and 1404\n- Combatant1: A",
                    "The Battle of Nowhere (Battle of Nowhere Hill) was a battle.")
    assert facts.conflict.start is not None and facts.conflict.end is not None
    assert (facts.conflict.start[0].year, facts.conflict.end[0].year) == (1402, 1404)
    assert [(n.text, n.lang) for n, _ in facts.conflict.names] == [("Battle of Nowhere Hill", "en")]


# ---- classes found on batch b50 ---------------------------------------------------------

def test_a_role_with_a_status_after_a_name_a_brevet_rank_and_a_dash_with_one_space() -> None:
    facts = article("- Commander1: Brv-Col. W. H. Penrose, A. B. Smith, Chaplain†\n- Date: March- 4 April 1790")
    assert sorted((c.person, c.status) for c in facts.commanders) == [("A. B. Smith", "killed-in-action"), ("W. H. Penrose", None)]
    assert facts.conflict.start is not None and facts.conflict.end is not None
    assert [(d.month, d.day) for d in (facts.conflict.start[0], facts.conflict.end[0])] == [(3, None), (4, 4)]


@pytest.mark.parametrize(("value", "expected"), [
    ("the Jacobite rising – Siege of Carlisle", ["Jacobite rising", "Siege of Carlisle"]),
    ("Conquest of Gaul and the Belgic revolt", ["Conquest of Gaul", "Belgic revolt"]),
])
def test_two_wholes_joined_by_a_spaced_dash_or_and_the(value: str, expected: list[str]) -> None:
    assert [p for p, _ in article(f"- Partof: {value}").conflict.part_of] == expected


def test_parts_after_of_which_a_thousands_comma_with_a_stray_space_and_an_ambush() -> None:
    facts = article("- Strength1: 20,000, of which 12,000 were cavalry\n- Strength2: Main army: <31, 450\n"
                    "- Casualties2: 40 galleys lost, of which 25 captured\n- Casualties1: 900 prisoners, of whom 60 died of fever")
    assert sorted((s.side, s.count.value, s.count.qualifier) for s in facts.strengths) == [
        (1, 12000, "cavalry"), (1, 20000, None), (2, 31450, None)]
    assert sorted((c.category, c.count.value, c.count.counted) for c in facts.casualties if c.side == 2) == [
        ("captured", 25, "galley"), ("lost", 40, "galley")]
    assert [(c.category, c.count.value) for c in facts.casualties if c.side == 1] == [("captured", 900)]
    assert article("- Conflict: Nowhere ambush").conflict.kind == "battle"


# ---- classes found on batch b51 ---------------------------------------------------------

def test_a_given_name_then_a_lords_style_aka_and_an_image_standing_for_the_flag() -> None:
    assert [c for c, _ in commanders("William, Lord Grey, Prince Henry, Lord Home")] == ["William, Lord Grey", "Henry", "Home"]
    facts = article("- Combatant1: A\n- Combatant2: France French Army aka Armée de terre, Flag of Ireland.svg Ireland Volunteers Corps")
    assert [m for m, _ in facts.sides[1].members] == ["French Army", "Ireland Volunteers Corps"]


def test_a_compass_abbreviation_a_deployed_part_modern_estimates_and_a_labelled_list_with_also() -> None:
    assert place_chains("Strait of Otranto, SE Adriatic Sea") == [("Adriatic Sea", ()), ("Strait of Otranto", ("Adriatic Sea",))]
    facts = article("- Strength1: ~8,000 (5,000 engaged)\n- Strength2: Modern estimations 12,000")
    assert sorted((s.side, s.count.value) for s in facts.strengths) == [(1, 5000), (1, 8000), (2, 12000)]
    facts = article("- Combatant1: A", "The Battle of Nowhere (German: Schlacht bei Nirgendwo, also Nirgendwoer Schlacht) was a battle.")
    assert [(n.text, n.lang) for n, _ in facts.conflict.names] == [("Schlacht bei Nirgendwo", "de"), ("Nirgendwoer Schlacht", "de")]


# ---- classes found on batch b52 ---------------------------------------------------------

def test_a_units_number_after_its_name_prose_among_belligerents_and_a_caption_before_unknown() -> None:
    facts = article("- Strength1: Guards Regiment 2, 300 men\n- Combatant1: A, After this, the fleet withdrew\n"
                    "- Combatant2: Duchy of Lower Lorraine, Kingdom of France\n- Commander2: France Unknown")
    assert [s.count.value for s in facts.strengths] == [300]
    assert [m for m, _ in facts.sides[0].members] == ["A"]
    assert [m for m, _ in facts.sides[1].members] == ["Duchy of Lower Lorraine", "Kingdom of France"]
    assert [c.person for c in facts.commanders] == []


@pytest.mark.parametrize(("value", "expected"), [
    ("Tugela creek, Natal", [("Tugela creek", ("Natal",)), ("Natal", ())]),  # a stream's word is part of its name
    ("Ras al-Ain, east of Aleppo", [("Ras al-Ain", ()), ("Aleppo", ())]),  # an article joined to a word of the name
    ("Disputed", []),
])
def test_a_streams_name_an_article_joined_word_and_an_unknown_place(value: str, expected: list) -> None:
    assert place_chains(value) == sorted(expected)


# ---- classes found on batch b53 ---------------------------------------------------------

def test_a_rank_before_an_elided_particle_a_spaced_plus_and_people_who_fled() -> None:
    assert [c for c, _ in commanders("Colonel d'Hautpoul, Marquis d'Argenson")] == ["d'Hautpoul", "Marquis d'Argenson"]
    facts = article("- Strength2: 9,000, + 1,500 Cossacks, +300 guns\n- Casualties2: 800 killed, 2,000 fled")
    assert sorted((s.count.value, s.count.at_least) for s in facts.strengths) == [(300, True), (1500, False), (9000, False)]
    assert [(c.category, c.count.value) for c in facts.casualties] == [("killed", 800)]

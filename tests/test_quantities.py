"""Strength / casualty values -> Counts with category, qualifier, note, range and flags."""

from __future__ import annotations

import pytest

from handan_kg.extract.pieces import Piece
from handan_kg.extract.quantities import find_category, parse_figures
from handan_kg.extract.scoring import count_text


def read(value: str, offset: int = 100) -> list[tuple]:
    figures, _ = parse_figures(Piece(offset, offset + len(value), value))
    return [
        (count_text(f.count), f.category, f.count.qualifier, f.count.approximate, f.count.at_least, f.counted)
        for f in figures
    ]


def skipped(value: str) -> list[str]:
    return [s.piece.text for s in parse_figures(Piece(0, len(value), value))[1]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("45,000 for the 1st echelon, 100,000 for the 2nd echelon",
         [("45000", None, "1st echelon", False, False, None), ("100000", None, "2nd echelon", False, False, None)]),
        ("60,000 regular, 100,000 militia",
         [("60000", None, "regular", False, False, None), ("100000", None, "militia", False, False, None)]),
        ("3,000 killed, 17,000 captured , 10,000 defected",
         [("3000", "killed", None, False, False, None), ("17000", "captured", None, False, False, None),
          ("10000", "defected", None, False, False, None)]),
        ("4,708 total", [("4708", "total", None, False, False, None)]),
        ("~35,000", [("35000", None, None, True, False, None)]),
        ("about 12,000 men", [("12000", None, None, True, False, None)]),
        ("5,700–8,000", [("5700-8000", None, None, False, False, None)]),
        ("16,000–39,000 men", [("16000-39000", None, None, False, False, None)]),
        ("1,300,000 to 1,800,000", [("1300000-1800000", None, None, False, False, None)]),
        ("23,000+<hr>", [("23000", None, None, False, True, None)]),
        ("over 9,000", [("9000", None, None, False, True, None)]),
        ("40,000 infantry, 10,000 cavalry",
         [("40000", None, "infantry", False, False, None), ("10000", None, "cavalry", False, False, None)]),
        ("1,100,000 combatants - 600,000 regulars, 500,000 reserve militia",
         [("1100000", None, "total", False, False, None), ("600000", None, "regulars", False, False, None),
          ("500000", None, "reserve militia", False, False, None)]),
        ("Total: 134,000", [("134000", "total", None, False, False, None)]),
        ("50,000–80,000 killed, 40,000 wounded, 21,000 captured, 300 missing",
         [("50000-80000", "killed", None, False, False, None), ("40000", "wounded", None, False, False, None),
          ("21000", "captured", None, False, False, None), ("300", "missing", None, False, False, None)]),
        ("1,200 dead, 400 prisoners", [("1200", "killed", None, False, False, None),
                                       ("400", "captured", None, False, False, None)]),
        # counted things: singular, with what happened to them (none said: lost)
        ("201,000 474 artillery pieces", [("201000", None, None, False, False, None),
                                         ("474", "lost", None, False, False, "artillery piece")]),
        ("2,500 chariots", [("2500", "lost", None, False, False, "chariot")]),
        ("40 tanks, 30 APCs", [("40", "lost", None, False, False, "tank"), ("30", "lost", None, False, False, "apc")]),
        ("30,906 soldiers killed, 31,107 civilians killed",
         [("30906", "killed", "soldiers", False, False, None), ("31107", "killed", "civilians", False, False, None)]),
    ],
)
def test_figure_forms(value: str, expected: list[tuple]) -> None:
    assert read(value) == expected


def test_total_with_note_keeps_the_note() -> None:
    figures, _ = parse_figures(Piece(0, 30, "35,000, most of them captured"))
    assert [(f.count.value, f.count.note) for f in figures] == [(35000, "most of them captured")]


def test_of_which_clause_is_a_note_not_a_second_count() -> None:
    value = "Total: 555,099 of which 327,000 were either captured or went over to the Communists."
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert len(figures) == 1
    assert figures[0].category == "total"
    assert figures[0].count.value == 555099
    assert figures[0].count.note.startswith("of which 327,000")


def test_header_names_the_force() -> None:
    value = "ARBiH:, 110,000 troops, HV:, 15,000 troops"
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert [(f.unit, f.count.value) for f in figures] == [("ARBiH", 110000), ("HV", 15000)]


def test_header_gives_the_category() -> None:
    assert [r[:3] for r in read("Combat deaths: , 110,000 in Swedish service")] == [("110000", "killed", "Swedish service")]


@pytest.mark.parametrize("value", ["Unknown", "High", "Unknown (presumed heavy)", "Heavy", "Unknown (~2,000 chariots destroyed)"])
def test_no_count_gives_no_number(value: str) -> None:
    assert read(value) == []
    assert skipped(value)


@pytest.mark.parametrize("value", ["", "see below", "ROC Armed Forces", "12th Army Corps", "1,00,00 men", "8–3 killed"])
def test_malformed_or_numberless_values_give_no_count(value: str) -> None:
    assert read(value) == []


def test_evidence_spans_are_absolute_offsets() -> None:
    value = "3,000 killed, 17,000 captured"
    figures, _ = parse_figures(Piece(500, 500 + len(value), value))
    assert [(f.piece.start, f.piece.text) for f in figures] == [(500, "3,000 killed"), (514, "17,000 captured")]


def test_prose_after_a_figure_is_not_a_qualifier() -> None:
    value = '10,000–20,000 Cline says that "In short, the armies were probably of the same size"'
    assert read(value) == [("10000-20000", None, None, False, False, None)]


@pytest.mark.parametrize(
    ("text", "category"),
    [("killed", "killed"), ("soldiers killed in action", "killed"), ("deaths", "killed"), ("surrendered", "captured"),
     ("taken prisoner", "captured"), ("went over", "defected"), ("casualties", "total"), ("men", None),
     ("killed or captured", "captured+killed"), ("dead and wounded", "killed+wounded")],
)
def test_casualty_categories(text: str, category: str | None) -> None:
    assert find_category(text) == category


def test_parenthesised_categorised_figure_is_read_too() -> None:
    value = "23,774 (7,878 killed)"
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert [(f.category, f.count.value, f.piece.text) for f in figures] == [
        (None, 23774, "23,774 (7,878 killed)"), ("killed", 7878, "7,878 killed")]


def test_parenthesised_figure_without_category_stays_a_note() -> None:
    value = "19,000 infantry (9,086 actually landed)"
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert [(f.count.value, f.count.note) for f in figures] == [(19000, "9,086 actually landed")]


def test_descriptive_header_is_a_note_not_a_force() -> None:
    value = "Other estimations:, 70,000, 50,000"
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert [(f.unit, f.count.value, f.count.note) for f in figures] == [
        (None, 70000, "Other estimations"), (None, 50000, "Other estimations")]


def test_attributed_figure_keeps_its_source_as_a_note() -> None:
    value = "Book of Jin records 870,000"
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert [(f.count.value, f.count.note) for f in figures] == [(870000, "Book of Jin records")]


def test_siege_engines_and_ships_are_equipment() -> None:
    assert [r[0] for r in read("100,000, 5,000 ships, 100+ trebuchets") if r[5] is None] == ["100000"]


def test_formations_counted_are_not_troops() -> None:
    assert [r[0] for r in read("700,000 troops, 70 divisions, 7 brigades") if r[5] is None] == ["700000"]
    assert read("200,000 in Wang Li's army")[0][5] is None


def test_year_of_a_date_is_not_a_figure() -> None:
    value = "Report dated November 5, 1937, to the Council: 187,200 killed and wounded"
    assert [r[0] for r in read(value)] == ["187200"]


def test_header_may_start_with_a_year() -> None:
    value = "2017 Western Estimate: 18,800 combat killed, 35,000–40,000 wounded"
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert [(f.category, count_text(f.count), f.count.note) for f in figures] == [
        ("killed", "18800", "2017 Western Estimate"), ("wounded", "35000-40000", "2017 Western Estimate")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1. 12,645 killed and wounded, 281 POW., 2. 20,645 Japanese and 5,155 Chinese collaborators killed and wounded",
         [("12645", "killed+wounded"), ("281", "captured"), ("20645", "killed+wounded"), ("5155", "killed+wounded")]),
        ("281 Japanese and 18,407 Chinese collaborators captured", [("281", "captured"), ("18407", "captured")]),
        ("133 KIA and 31 MIA from 2nd Independent Mixed Brigade", [("133", "killed"), ("31", "missing")]),
        ("the Japanese Army suffered 2,349 killed and 4,004 wounded fighting guerillas in the region until December",
         [("2349", "killed"), ("4004", "wounded")]),
        ("5,890 killed, 21,182 poisoned (some as many as five to six times), 40,000 sick", [("5890", "killed")]),
        ("55,675 Entire fleet lost", [("55675", None)]),
    ],
)
def test_casualty_lists_in_prose(value: str, expected: list[tuple]) -> None:
    assert [(r[0], r[1]) for r in read(value)] == expected


def test_header_glued_after_a_figure_governs_what_follows() -> None:
    value = "281 Japanese captured Japanese military record:, 276 KIAs"
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert [(f.count.value, f.count.note) for f in figures] == [(281, None), (276, "Japanese military record")]


def test_one_figure_for_several_categories_is_a_combined_category() -> None:
    assert [(r[0], r[1]) for r in read("60,000+ killed, missing, and deserted")] == [("60000", "defected+killed+missing")]
    assert [(r[0], r[1]) for r in read("1,200 killed or taken prisoner")] == [("1200", "captured+killed")]


def test_including_clause_gives_a_part() -> None:
    assert [(r[0], r[1]) for r in read("240,000 casualties, including 103,000 killed")] == [
        ("240000", "total"), ("103000", "killed")]


def test_ordinals_joined_by_and_are_not_figures_and_long_headers_govern() -> None:
    value = "According to statistical table of the IJA 5th and 10th divisions compiled in mid-May 1938 : 2,369 killed"
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert [(f.count.value, f.category) for f in figures] == [(2369, "killed")]
    assert figures[0].count.note.startswith("According to statistical table")


def test_where_a_figure_happened_is_a_note_not_a_qualifier() -> None:
    value = "At least 2 killed and 3 wounded aboard the flagship, At least 8 drowned"
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert [(f.category, f.count.value, f.count.qualifier, f.count.at_least) for f in figures] == [
        ("killed", 2, None, True), ("wounded", 3, None, False), ("killed", 8, None, True)]
    assert figures[1].count.note == "aboard the flagship"


def test_bullets_under_ships_are_ships_and_crews_are_people() -> None:
    assert [r[0] for r in read("Ming: 65 warships, * 2 Panokseons, * 6 large junks") if r[5] is None] == []
    assert [r[0] for r in read("2,000 chariots, * 4,000 charioteers") if r[5] is None] == ["4000"]


def test_figure_after_a_category_word_without_comma() -> None:
    assert [(r[0], r[1]) for r in read("5,700 killed and wounded 633 taken prisoner")] == [
        ("5700", "killed+wounded"), ("633", "captured")]


def test_what_happened_to_ships_is_their_category() -> None:
    assert [(r[0], r[1], r[5]) for r in read("1 Panokseon crippled, 200 ships sunk, 12 frigates captured or burned")] == [
        ("1", "damaged", "panokseon"), ("200", "sunk", "ship"), ("12", "captured+destroyed", "frigate")]
    assert [(r[0], r[1], r[5]) for r in read("13 galleys sunk or destroyed")] == [("13", "destroyed+sunk", "galley")]


def test_people_states_that_are_not_categories_are_not_figures() -> None:
    assert read("21,182 poisoned, 40,000 sick") == []


def test_in_action_categories_and_including_inside_parentheses() -> None:
    assert [(r[0], r[1], r[2]) for r in read("33 missing in action")] == [("33", "missing", None)]
    assert [(r[0], r[1], r[2]) for r in read("700 taken prisoner (including 100 wounded)")] == [
        ("700", "captured", None), ("100", "wounded", None)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # wiki mirrors join list lines with spaces: each number with its noun is a figure
        ("250 galleys 16,000 infantry 3,000 archers.", [("16000", None, "infantry"), ("3000", None, "archers")]),
        # a source header after a bare figure; the bare figure under a source is a total
        ("Beevor: 30,000 dead Jackson: 10,000 Preston: 7,150 dead",
         [("30000", "killed", None), ("10000", None, None), ("7150", "killed", None)]),
        # a category header glued to the figure before it
        ("Killed: 2,000 to 8,000, Captured: 4,000Deserted: 20,000 to 35,000",
         [("2000-8000", "killed", None), ("4000", "captured", None), ("20000-35000", "defected", None)]),
        # `of which` parts inside parentheses; a date header is not a figure
        ("13,930 casualties (of which 4,020 dead and 792 missing)",
         [("13930", "total", None), ("4020", "killed", None), ("792", "missing", None)]),
        ("13 March:, ~10,800;, 7 May:, ~14,000;", [("10800", None, None), ("14000", None, None)]),
        # several categories are one combined figure; citation residue is dropped
        ("70,000–120,219 killed, wounded or captured", [("70000-120219", "captured+killed+wounded", None)]),
        ("about 30,000 dead and woundedefn", [("30000", "killed+wounded", None)]),
        # `No. 2 Column:` is a header, not a sentence end and a figure 2
        ("No. 2 Column: 525, British: 14", [("525", None, None), ("14", None, None)]),
    ],
)
def test_mirror_figure_forms(value: str, expected: list[tuple]) -> None:
    figures, _ = parse_figures(Piece(0, len(value), value))
    people = [f for f in figures if not f.counted]
    assert [(count_text(f.count), f.category, f.count.qualifier) for f in people] == expected


def _categories(value: str) -> list[tuple[int | None, str | None, str | None]]:
    figures, _ = parse_figures(Piece(0, len(value), value))
    return [(f.count.value, f.category, f.unit) for f in figures]


def test_uncategorised_figures_adding_up_to_a_categorised_one_are_its_parts() -> None:
    value = "9,000 killed or wounded:, 1st Army 5,000, 2nd Army 4,000"
    assert _categories(value) == [(9000, "killed+wounded", None), (5000, "killed+wounded", "1st Army"),
                                  (4000, "killed+wounded", "2nd Army")]
    nested = "Total: 20 dead, Left wing: 12, Right wing: 8, Archers: 5, Spearmen: 3"
    assert [c for _, c, _ in _categories(nested)] == ["killed"] * 5
    # figures that do not add up keep no borrowed category
    assert _categories("300 killed, Navy: 120, Army: 90") == [(300, "killed", None), (120, None, "Navy"), (90, None, "Army")]


def test_a_flattened_definition_list_is_a_total_and_its_parts() -> None:
    value = "3,100 :900 killed :2,000 wounded :200 missing"
    figures, _ = parse_figures(Piece(0, len(value), value))
    assert [(f.count.value, f.category, f.count.qualifier) for f in figures] == [
        (3100, None, "total"), (900, "killed", None), (2000, "wounded", None), (200, "missing", None)]


def test_a_longer_category_phrase_hides_the_shorter_inside_it() -> None:
    assert find_category("mortally wounded") == "killed"
    assert find_category("killed or mortally wounded") == "killed"
    assert find_category("killed and wounded") == "killed+wounded"


def test_trophies_are_counted_things_not_people() -> None:
    assert read("12 colours lost, 40 banners") == [("12", "lost", None, False, False, "colour"),
                                                   ("40", "lost", None, False, False, "banner")]


def test_a_numbered_unit_name_is_not_a_count() -> None:
    assert read("45 Commando, 2 Squadron, 3 squadrons") == [("3", "lost", None, False, False, "squadron")]


def test_a_dates_year_in_a_header_is_not_a_figure() -> None:
    value = "Royal Army, from March 3, 1917 to May 1, 1919:, 1,200 dead, 3,400 wounded"
    assert [(c, cat) for c, cat, *_ in read(value)] == [("1200", "killed"), ("3400", "wounded")]


def test_the_head_noun_of_a_compound_is_what_is_counted() -> None:
    assert [r[5] for r in read("2 armoured turret ships, 4 gunboats plus sloops, 3 armoured trains")] == [
        "armoured turret ship", "gunboat", "armoured train"]
    assert read("120 deserters")[0][1] == "defected"


def test_formations_of_an_arm_and_their_men() -> None:
    assert read("12 panzer divisions (180,000 men), 3 more divisions") == [
        ("12", "lost", None, False, False, "panzer division"), ("180000", None, None, False, False, None),
        ("3", "lost", None, False, False, "division")]


def test_a_rule_of_dashes_separates_figures() -> None:
    assert [(c, cat) for c, cat, *_ in read("5,000 killed ---- Total: 9,000 casualties")] == [("5000", "killed"), ("9000", "total")]


def test_a_force_named_without_a_colon_heads_the_figures_after_it() -> None:
    value = "Army:, 300 killed, Royal Navy, 2 frigates, 40 killed"
    assert _categories(value) == [(300, "killed", "Army"), (2, "lost", "Royal Navy"), (40, "killed", "Royal Navy")]


def test_formations_with_several_modifiers_and_a_peoples_adjective() -> None:
    assert [r[5] for r in read("1 mountain infantry brigade, 2 Gurkha brigades, 4 Ottoman divisions (40,000)")] == [
        "mountain infantry brigade", "gurkha brigade", "division", None]
    assert read("212 British Army regulars")[0][5] is None  # a name, then men


def test_plurals_the_rules_get_wrong_and_more_ships() -> None:
    assert [r[5] for r in read("300 sorties, 2 dreadnoughts, 9 torpedo-boats, 40 arquebuses")] == [
        "sortie", "dreadnought", "torpedo-boat", "arquebus"]


def test_parts_after_including_in_a_strength() -> None:
    assert _categories("36,000 (including 6,000 horse archers and 40 chariots)")[1:] == [(6000, None, None), (40, "lost", None)]
    assert [r[5] for r in read("36,000 (including 6,000 horse archers and 40 chariots)")] == [None, None, "chariot"]


def test_a_parenthesis_of_formations_and_a_date_in_parentheses() -> None:
    assert [(r[0], r[5]) for r in read("12,000, (2 rifle brigades, 3 mortar batteries), (March 1918)")] == [
        ("12000", None), ("2", "rifle brigade"), ("3", "mortar battery")]


def test_things_listed_together_and_what_happened_to_them_next() -> None:
    assert read("40 frigates and sloops")[0][5] == "frigate and sloop"
    assert [(r[0], r[1], r[5]) for r in read("12 aircraft destroyed, 3 abandoned, 9 captured")] == [
        ("12", "destroyed", "aircraft"), ("3", "lost", "aircraft"), ("9", "captured", None)]


def test_categories_joined_by_a_slash_continue_a_figure() -> None:
    assert _categories("2,300 killed, wounded or deserted/captured") == [(2300, "captured+defected+killed+wounded", None)]


def test_deaths_by_illness_are_reported_not_counted_as_killed() -> None:
    assert [(c, cat) for c, cat, *_ in read("3 died of disease, 12 killed")] == [("12", "killed")]
    assert any("died of disease" in s for s in skipped("3 died of disease, 12 killed"))


def test_closed_compounds_of_a_thing_and_models_are_things() -> None:
    assert [r[5] for r in read("4 steamships, 3 Zodiac rowboats, 2 hovercraft, 3 MiG-21 fighters, 3,000 fighters")] == [
        "steamship", "zodiac rowboat", "hovercraft", "mig-21 fighter", None]


def test_a_formation_that_names_its_guns_and_an_arm_on_mounts() -> None:
    assert [r[5] for r in read("12 regiment guns, 400 elephant cavalry, 600 lances")] == ["regiment gun", None, "lance"]


def test_a_header_that_names_the_things_counted() -> None:
    assert [(r[0], r[5]) for r in read("Total ships: 31, Total: 9,000")] == [("31", "ship"), ("9000", None)]


def test_a_parenthesis_of_arms_adding_up_to_the_figure_before() -> None:
    assert [(r[0], r[2]) for r in read("Army: 90,000, (60,000 foot,, 30,000 horse)")] == [
        ("90000", None), ("60000", "foot"), ("30000", "horse")]


def test_a_date_before_a_figure_is_when_it_held() -> None:
    assert [(r[0], r[2]) for r in read("Mar 1916 garrison 12,400, Sept. 1916 field army 80,000")] == [
        ("12400", "garrison"), ("80000", "field army")]


def test_models_in_the_plural_and_another_count_of_the_same_things() -> None:
    assert [r[5] for r in read("24 Fw 190s, 40 Il-2s")] == ["fw 190", "il-2"]
    assert [(r[0], r[5]) for r in read("120 galleys (Herodotus) or 300 (Diodorus)")] == [("120", "galley"), ("300", "galley")]


def test_a_countrys_figure_under_a_header_of_parts() -> None:
    assert [(c, u) for c, _, u in _categories("90,000, of which:, Saxons 30,000, Bavarians 20,000")] == [
        (90000, None), (30000, "Saxons"), (20000, "Bavarians")]


def test_makes_and_models_of_aircraft_and_fighters_among_things() -> None:
    assert [r[5] for r in read("12 Hawker Typhoon fighters, 8 Bf 109, 30 Kurdish fighters")] == [
        "hawker typhoon fighter", "bf 109", None]
    assert [r[5] for r in read("12 bombers, 40 fighters")] == ["bomber", "fighter"]
    assert [r[5] for r in read("12 tanks, 2,000 fighters")] == ["tank", None]
    assert [r[5] for r in read("6 Grumman Avenger Mk 2 fighters")] == ["grumman avenger mk 2 fighter"]


def test_a_thing_with_its_class_code_and_more_vehicles() -> None:
    assert [r[5] for r in read("1 LST tank landing ship, 2 LCT amphibious craft, 30 lorries and half-tracks")] == [
        "lst tank landing ship", "lct amphibious craft", "lorry and half-track"]


def test_whose_things_and_a_note_of_sick_in_a_total() -> None:
    assert [r[5] for r in read("3 Dutch ships of the line, 2 Danish frigates")] == ["ship of the line", "frigate"]
    assert [(r[0], r[1]) for r in read("~ 7,000 including sick")] == [("7000", None)]


def test_scale_words_stops_grouping_thousands_and_ranges_that_lost_their_dash() -> None:
    assert [(r[0], r[1]) for r in read("12–15 million dead, 2.5 million wounded")] == [
        ("12000000-15000000", "killed"), ("2500000", "wounded")]
    assert [r[0] for r in read("Left wing: 45.000, Right wing: 12,00018,000")] == ["45000", "12000-18000"]
    assert read("1.5 divisions") == []


def test_a_figure_that_also_holds_deaths_by_disease_keeps_its_fighting_categories() -> None:
    assert [(r[0], r[1]) for r in read("900 killed or died of illness, 300 wounded or sick, 40 died of fever")] == [
        ("900", "killed"), ("300", "wounded")]
    assert _categories("1,200 killed, wounded, missing or died of disease") == [(1200, "killed+missing+wounded", None)]


def test_more_ships_of_the_age_of_sail() -> None:
    assert [r[5] for r in read("4 sloops-of-war, 3 bomb vessels, 100 merchantmen, 12 frigates and escort vessels")] == [
        "sloop-of-war", "bomb vessel", "merchantman", "frigate and escort vessel"]


def test_a_number_heading_its_parts_is_a_total_and_a_year_heading_them_is_not() -> None:
    assert [(c, cat) for c, cat, _ in _categories("310:, 120 killed, 190 wounded")] == [(310, None), (120, "killed"), (190, "wounded")]
    assert [(c, cat) for c, cat, _ in _categories("1864:, 120 killed")] == [(120, "killed")]


def test_a_fate_of_things_that_is_no_category_is_kept_as_text() -> None:
    assert [(r[0], r[1], r[5]) for r in read("2 frigates stranded, 1 brig sunk")] == [("1", "sunk", "brig")]
    assert any("stranded" in s for s in skipped("2 frigates stranded, 1 brig sunk"))


def test_a_formation_word_inside_a_thing_of_two_words() -> None:
    assert [r[5] for r in read("300 lances fournies, 40 lances")] == ["lance fournie", "lance"]


def test_a_plural_noun_that_counts_no_people_is_kept_as_text() -> None:
    assert [(r[0], r[2]) for r in read("8 redoubts taken, 400 hussars, 90 civilians killed in air raids")] == [
        ("400", "hussars"), ("90", "civilians in air raids")]
    assert any("redoubts" in s for s in skipped("8 redoubts taken, 400 hussars"))


def test_one_of_an_unknown_thing_counts_the_thing_not_a_person() -> None:
    assert [f[-1] for f in read("2 frigates, 1 tartane, 1 Blimp")] == ["frigate", "tartane", "blimp"]
    assert [(f[0], f[2], f[-1]) for f in read("1 officer, 1 general")] == [("1", "officer", None), ("1", "general", None)]
    assert read("1 American")[0][-1] is None


def test_equipment_acronyms_and_aircraft_makes_count_machines() -> None:
    assert [(f[0], f[-1]) for f in read("40 APCs, 12 MBTs")] == [("40", "apc"), ("12", "mbt")]
    assert [(f[0], f[-1]) for f in read("4 Hawker Typhoon, 2 Junkers Ju 88")] == [("4", "hawker typhoon"), ("2", "junkers ju 88")]
    assert read("5 Hawker Hurricane fighters")[0][-1] == "hawker hurricane fighter"


def test_category_headers_each_govern_the_figure_after_them() -> None:
    assert [(f[0], f[1]) for f in read("Killed:, 1,200–1,500, Wounded:, 800, Missing:, 50")] == [
        ("1200-1500", "killed"), ("800", "wounded"), ("50", "missing")]


def test_a_year_heading_the_figures_after_it_is_not_a_figure() -> None:
    value = "1914 (start), French Army: 1,000 men, 1915, French Army:, 2,000 men"
    assert [f[0] for f in read(value)] == ["1000", "2000"]
    assert "1915" in skipped(value)


def test_a_minus_sign_range_and_aircraft_that_are_not_sunk() -> None:
    assert read("20,000−25,000")[0][0] == "20000-25000"
    assert [(f[1], f[-1]) for f in read("40 aircraft, 2 frigates sunk")] == [("lost", "aircraft"), ("sunk", "frigate")]


def test_a_make_before_a_thing_is_not_a_sentence() -> None:
    figures = read("4 Leopard armoured cars")
    assert (figures[0][0], figures[0][-1].endswith("armoured car")) == ("4", True)


def test_a_ship_type_named_by_a_formation_word_and_one_thing_captured() -> None:
    assert [(f[0], f[-1]) for f in read("3 flotilla leaders, 1 fleet oiler")] == [("3", "flotilla leader"), ("1", "fleet oiler")]
    assert [(f[1], f[-1]) for f in read("1 xebec captured, 1 colonel captured")] == [("captured", "xebec"), ("captured", None)]


def test_a_figure_whose_counted_link_was_lost_is_not_a_figure_of_people() -> None:
    assert read("Four s, 2 sloops") == [("2", "lost", None, False, False, "sloop")]


def test_measures_are_not_counts_and_models_before_a_fate_are_machines() -> None:
    assert read("1,200 lb broadside, 30 km") == []
    assert [(f[1], f[-1]) for f in read("2 MiG-29 shot down, 1 Mil Mi-8 destroyed, 1 Kamov Ka-27")] == [
        ("destroyed", "mig-29"), ("destroyed", "mil mi-8"), ("lost", "kamov ka-27")]
    assert read("12 AMX-30 light tanks")[0][-1] == "light tank"


def test_a_citations_page_number_after_a_figure_is_not_a_figure() -> None:
    assert [f[0] for f in read("~ 400 warriors: 88, 900 men: 12")] == ["400", "900"]
    assert "88" not in [f[0] for f in read("~ 400 warriors: 88")]


def test_a_parenthesis_naming_only_categories_is_the_category() -> None:
    assert [(r[0], r[1]) for r in read("2,400 killed, 1,200 (POW), about 3,000 (killed or captured)")] == [
        ("2400", "killed"), ("1200", "captured"), ("3000", "captured+killed")]
    assert read("5,000 (estimated)")[0][1] is None  # a note that names no category stays a note


def test_a_header_naming_the_things_lost_says_what_is_counted() -> None:
    assert [(r[0], r[1], r[5]) for r in read("Tank losses: 12, Allied aircraft losses: 20–25")] == [
        ("12", "lost", "tank"), ("20-25", "lost", "aircraft")]
    assert [(r[0], r[1], r[5]) for r in read("Losses: 500")] == [("500", "total", None)]  # people


def test_a_bare_number_among_ships_sunk_is_not_a_count_of_people() -> None:
    value = "Sunk:, 2 destroyers, 1 cruiser, (Auxiliaries): 4, Damaged:, 3 frigates"
    assert [(r[0], r[1], r[5]) for r in read(value)] == [
        ("2", "sunk", "destroyer"), ("1", "sunk", "cruiser"), ("3", "damaged", "frigate")]
    assert "4" in skipped(value)
    assert [r[5] for r in read("12 wooden ships, 3 gunboats, 5,500 men")] == ["wooden ship", "gunboat", None]  # men, still


def test_fighters_after_a_fleet_are_kept_as_text() -> None:
    assert [r[5] for r in read("2 aircraft carriers, 9 destroyers, 96 fighters")] == ["aircraft carrier", "destroyer"]
    assert "96 fighters" in skipped("2 aircraft carriers, 9 destroyers, 96 fighters")
    assert [r[5] for r in read("12 tanks, 2,000 fighters")] == ["tank", None]  # after tanks: men


def test_a_kind_of_the_plural_after_a_thing_noun() -> None:
    assert [r[5] for r in read("4 tank destroyers, 6 gun boats, 2 ships captured")] == ["tank destroyer", "gun boat", "ship"]


def test_more_than_sign_and_estimates_from() -> None:
    assert [(r[0], r[4]) for r in read(">150 killed, ≥20 wounded")] == [("150", True), ("20", True)]
    assert [(r[0], r[2]) for r in read("Unknown, estimates from 800—1,200")] == [("800-1200", None)]


def test_so_many_of_a_model_and_a_total_of_things() -> None:
    assert [(r[0], r[5]) for r in read("16 x Tiger IIs, 30 × Panzer IVs, 40 total cannons")] == [
        ("16", "tiger ii"), ("30", "panzer iv"), ("40", "cannon")]


def test_people_under_a_header_that_is_no_casualty_category_are_no_casualties() -> None:
    value = "Civilians killed:, 300, Displaced:, 40,000 villagers, Refugees: 12,000"
    assert [(r[0], r[1]) for r in read(value)] == [("300", "killed")]


def test_an_ampersand_joins_two_figures_or_two_categories() -> None:
    assert [(r[0], r[1]) for r in read("30 killed & 120 wounded, 45 killed & wounded")] == [
        ("30", "killed"), ("120", "wounded"), ("45", "killed+wounded")]
    assert read("45 killed & wounded")[0][2] is None  # the ampersand is no qualifier


def test_a_flattened_definition_list_with_a_mark_before_the_number() -> None:
    assert [(r[0], r[1], r[4]) for r in read("40,000 men :12,000 captured :At least 9,000 killed :about 3,000 wounded")] == [
        ("40000", None, False), ("12000", "captured", False), ("9000", "killed", True), ("3000", "wounded", False)]

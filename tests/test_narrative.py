"""Narrative extraction, checked on facts (no RDF): the Handan acceptance list, the other
corpus articles, a made-up article with none of the corpus's names, and evidence integrity.

The infobox part of `ArticleFacts` is written here by hand from each article's infobox, so
these tests hold the narrative extractor alone to account.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handan_kg.parse.article import Article, parse, parse_file
from handan_kg.extract.narrative import extract_narrative
from handan_kg.extract.temporal import Connective, find_dates, shift
from handan_kg.facts import ArticleFacts, Commander, Conflict, Count, DateValue, Evidence, Name, Side, Strength

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _facts(article: Article, start: DateValue | None, end: DateValue | None, sides: list[str],
           commanders: list[tuple[str, int]], names: tuple[str, ...] = ()) -> ArticleFacts:
    """A minimal infobox layer: conflict dates, side labels, commanders."""
    ev = Evidence(article.title.start, article.title.end, article.title.text)
    conflict = Conflict(article.title.text, "campaign", [ev], names=[(Name(n), ev) for n in names],
                        start=(start, ev) if start else None, end=(end, ev) if end else None)
    facts = ArticleFacts(article.slug, article.title.text, None, conflict)
    facts.sides = [Side(i, label, [ev]) for i, label in enumerate(sides, 1)]
    facts.commanders = [Commander(name, side, ev) for name, side in commanders]
    return facts


@pytest.fixture(scope="module")
def handan() -> tuple[Article, ArticleFacts]:
    article = parse_file(CORPUS / "handan_campaign.txt")
    facts = _facts(article, DateValue(1945, 10, 22), DateValue(1945, 11, 2), ["Kuomintang", "Communist"],
                   [("Xue Yue", 1), ("Zhang Lingfu", 1), ("Gao Shuxun", 1), ("Liu Bocheng", 2), ("Deng Xiaoping", 2), ("Gao Shuxun", 2)],
                   ("Pinghan Campaign", "Beiping-Hankou Campaign"))
    return article, extract_narrative(article, facts)


def _unit(facts: ArticleFacts, name: str):
    found = [u for u in facts.units if u.name == name]
    assert len(found) == 1, f"{name}: {len(found)} units"
    return found[0]


def _event(facts: ArticleFacts, lexical: str, kind: str):
    found = [e for e in facts.events if e.date.lexical() == lexical and e.kind == kind]
    assert len(found) == 1, f"{lexical} {kind}: {[(e.date.lexical(), e.kind) for e in facts.events]}"
    return found[0]


def test_handan_timeline_dates_kinds_and_order(handan):
    _, facts = handan
    timeline = [(e.date.lexical(), e.kind, e.date_qualifier) for e in facts.events]
    assert timeline == [
        ("1945-10-14", "advance", None),
        ("1945-10-20", "advance", "by"),
        ("1945-10-22", "river-crossing", None),
        ("1945-10-24", "river-crossing", "by"),
        ("1945-10-26", "reinforcement", None),
        ("1945-10-26", "reinforcement", None),
        ("1945-10-28", "attack", "dusk"),
        ("1945-10-30", "attack", "by"),
        ("1945-10-30", "defection", "by"),
        ("1945-10-31", "escape", None),
        ("1945-11-01", "capture", None),
        ("1945-11-02", "end-of-hostilities", None),
    ]


def test_handan_events_carry_units_places_and_sides(handan):
    _, facts = handan
    crossing = _event(facts, "1945-10-22", "river-crossing")
    assert crossing.units == ["1st Column"] and crossing.places == ["Zhang River", "Handan"]
    assert crossing.sides == [1, 2]
    assault = _event(facts, "1945-10-24", "river-crossing")
    assert {"106th Division", "40th Army", "1st Brigade", "1st Column"} == set(assault.units)
    assert {"Cuiqu", "Jiati", "Gaozhuang", "Nanpozi", "Zhang River"} == set(assault.places)
    sixteenth, thirty_second = [e for e in facts.events if e.date.lexical() == "1945-10-26"]
    assert sixteenth.units == ["16th Army", "Taihang Military Region"] and sixteenth.places == ["Shijiazhuang", "Gaoyi"]
    # `Meanwhile` inherits the date; the two reinforcements stay two events (different units).
    assert thirty_second.units == ["32nd Army"] and thirty_second.evidence[0].quote.startswith("Meanwhile")
    capture = _event(facts, "1945-11-01", "capture")
    assert capture.places == ["Qigan Zhang"] and capture.people == ["Ma Fawu"]
    assert capture.units == ["1st Column", "40th Army"]


def test_next_day_is_computed_and_both_sentences_kept(handan):
    _, facts = handan
    end = _event(facts, "1945-11-02", "end-of-hostilities")
    quotes = [ev.quote for ev in end.evidence]
    assert len(quotes) == 2
    assert quotes[0].startswith("Kuomintang resistance ceased completely by the next day")
    assert quotes[1] == "The campaign ended on the November 2, 1945."
    assert end.date_qualifier is None  # `ended on` is exact; the exact wording wins over `by`


def test_handan_order_of_battle(handan):
    _, facts = handan
    expected = {
        "New 8th Army": ("1st Echelon", "Xinxiang"), "30th Army": ("1st Echelon", "Xinxiang"),
        "40th Army": ("1st Echelon", "Xinxiang"), "3rd Army": ("2nd Echelon", "Shijiazhuang"),
        "16th Army": ("2nd Echelon", "Shijiazhuang"), "32nd Army": ("2nd Echelon", "Anyang"),
        "92nd Army": ("2nd Echelon", "Beijing"), "94th Army": ("2nd Echelon", "Beijing"),
    }
    for name, (parent, place) in expected.items():
        unit = _unit(facts, name)
        assert (unit.level, unit.side, unit.parent, unit.deployed_at) == ("army", 1, parent, [place]), name
    first, second = _unit(facts, "1st Echelon"), _unit(facts, "2nd Echelon")
    assert (first.level, first.side, first.strength.value) == ("echelon", 1, 45000)
    assert second.strength.value == 100000
    assert any("first echelon was planned" in ev.quote for ev in first.evidence)  # `the first echelon` is the same unit
    division = _unit(facts, "106th Division")
    assert (division.level, division.parent, division.side) == ("division", "40th Army", 1)
    assert _unit(facts, "1st Brigade").parent == "1st Column"
    for name in ("1st Column", "2nd Column", "3rd Column"):
        assert (_unit(facts, name).level, _unit(facts, name).side) == ("column", 2)
    for name in ("Taihang Military Region", "Hebei-Shandong-Henan Military Region", "Southern Hebei Military Region"):
        assert (_unit(facts, name).level, _unit(facts, name).side) == ("military-region", 2)


def test_unit_names_are_normalized(handan):
    article, facts = handan
    army = _unit(facts, "40th Army")
    quotes = " ".join(ev.quote for ev in army.evidence)
    assert "the KMT 40th Army" in quotes and "The 40th Army deployed at Xinxiang" in quotes
    assert not [u for u in facts.units if "KMT" in u.name or u.name.startswith("the ")]


def test_defection_persuaded_by_li_da(handan):
    _, facts = handan
    [defection] = facts.defections
    assert (defection.person, defection.persuaded_by, defection.from_side, defection.to_side) == ("Gao Shuxun", "Li Da", 1, 2)
    assert defection.date == DateValue(1945, 10, 30, "by")


def test_capture_of_ma_fawu(handan):
    _, facts = handan
    [capture] = facts.captures
    assert (capture.person, capture.place, capture.captured_by) == ("Ma Fawu", "Qigan Zhang", "1st Column")
    assert capture.date == DateValue(1945, 11, 1)


def test_unnamed_commander_is_ma_fawu(handan):
    _, facts = handan
    roles = {(r.person, r.role, r.unit) for r in facts.roles}
    assert ("Ma Fawu", "commander", "40th Army") in roles
    assert ("Ma Fawu", "commander-in-chief", "11th War Zone") in roles
    assert ("Ma Fawu", "commander-in-chief", None) not in roles
    assert ("Gao Shuxun", "commander", "New 8th Army") in roles
    assert ("Gao Shuxun", "deputy-commander-in-chief", "11th War Zone") in roles
    assert ("Li Da", "chief-of-staff", None) in roles
    [ma] = [p for p in facts.people if p.name == "Ma Fawu"]
    quotes = [ev.quote for ev in ma.evidence]
    assert quotes[0].startswith("The commander of the 40th Army, , was also") and "capturing the KMT commander-in-chief Ma Fawu" in quotes[1]
    assert ma.side == 1
    assert {p.name: p.side for p in facts.people}["Li Da"] == 2


def test_glossed_places_carry_both_labels(handan):
    _, facts = handan
    places = {p.name: p for p in facts.places}
    expected = {"Fuyang": "滏阳", "Cuiqu": "崔曲", "Jiati": "夹堤", "Gaozhuang": "高庄", "Nanpozi": "南泊子",
                "Matouzhen": "马头镇", "Zuoliang": "左良", "Gaoyi": "高邑", "Qigan Zhang": "旗杆漳",
                "Xin Zhuang": "辛庄", "Ma Ying": "马营", "Taihang": "太行"}
    for en, zh in expected.items():
        assert Name(zh, "zh") in places[en].names, en
    assert places["Qigan Zhang"].kind == "village" and places["Matouzhen"].kind == "town"
    assert places["Fuyang"].kind == "region" and places["Zhang River"].kind == "river" and places["Ci County"].kind == "county"
    # Names inside unit and conflict names are not places of their own.
    assert "Handan Campaign" not in places and "North" not in places


def test_related_conflicts(handan):
    _, facts = handan
    related = {(r.name, r.relation) for r in facts.related}
    assert ("Shangdang Campaign", "preceded-by") in related and ("Shangdang Campaign", "related-to") not in related
    assert ("Operation Beleaguer", "related-to") in related
    assert ("World War II", "preceded-by") in related
    assert not {name for name, _ in related} & {"Handan Campaign", "Pinghan Campaign", "Beiping-Hankou Campaign"}


def test_disagreements_are_surfaced(handan):
    _, facts = handan
    kinds = sorted((d.kind, d.description) for d in facts.disagreements)
    assert ("side", "Gao Shuxun is listed as a commander of side 1 and side 2") in kinds
    outside = [d for d in facts.disagreements if d.kind == "event-outside-conflict"]
    assert [d.description.split(" is ")[0] for d in outside] == ["advance on 1945-10-14", "advance on 1945-10-20"]
    assert all(len(d.evidence) == 2 for d in outside)  # the prose sentence and the infobox date


def _all_evidence(facts: ArticleFacts):
    for group in (facts.units, facts.places, facts.people, facts.events):
        for record in group:
            yield from record.evidence
    for group in (facts.roles, facts.defections, facts.captures, facts.related):
        for record in group:
            yield record.evidence
    for d in facts.disagreements:
        yield from d.evidence


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_corpus_article_extracts_with_exact_evidence(path):
    article = parse_file(path)
    facts = extract_narrative(article, _facts(article, None, None, [], []))
    sentences = {(s.span.start, s.span.end) for s in article.sentences}
    title = (article.title.start, article.title.end)
    for ev in _all_evidence(facts):
        assert article.text[ev.start:ev.end] == ev.quote
        assert (ev.start, ev.end) in sentences | {title}


def test_shangdang_person_with_chinese_name_and_roles():
    article = parse_file(CORPUS / "shangdang_campaign.txt")
    facts = extract_narrative(article, _facts(article, DateValue(1945, 9, 10), DateValue(1945, 10, 12),
                                              ["Shanxi clique", "Chinese Communist Party"],
                                              [("Yan Xishan", 1), ("Liu Bocheng", 2), ("Deng Xiaoping", 2)]))
    people = {p.name: p for p in facts.people}
    assert Name("史泽波", "zh") in people["Shi Zebo"].names
    roles = {(r.person, r.role, r.unit) for r in facts.roles}
    assert {("Shi Zebo", "commander", "19th Army"), ("Yan Xishan", "commander-in-chief", "2nd War Zone")} <= roles
    assert [(e.date.lexical(), e.date_qualifier) for e in facts.events] == [("1945-08", "mid")]
    # `the commander-in-chief of the second war zone` describes Yan Xishan; the war zone does not act.
    assert facts.events[0].units == ["19th Army", "61st Army"]
    assert {p.name for p in facts.places} >= {"Shangdang", "Shanxi Province", "Chongqing"}
    assert people["Yan Xishan"].side == 1  # `Kuomintang troops led by Yan Xishan` binds KMT to side 1
    # A range (`lasted from ... through ...`) is a duration, not an event.
    assert not [e for e in facts.events if e.date.year == 1945 and e.date.month in (9, 10)]


def test_julu_bce_dates_and_located_in_chain():
    article = parse_file(CORPUS / "battle_of_julu.txt")
    facts = extract_narrative(article, _facts(article, DateValue(-206), DateValue(-206), ["Chu state", "Qin dynasty"],
                                              [("Xiang Yu", 1), ("Zhang Han", 2)]))
    assert [(e.date.lexical(), e.kind) for e in facts.events] == [("-0207", "attack"), ("-0206", "other")]  # 208 BC, 207 BC
    places = {p.name: p for p in facts.places}
    assert places["Pingxiang County"].located_in == ["Xingtai"] and places["Xingtai"].located_in == ["Hebei"]
    roles = {(r.person, r.role, r.unit) for r in facts.roles}
    assert {("Wang Li", "deputy-commander", None), ("She Jian", "deputy-commander", None), ("Zhao Xie", "leader", None)} <= roles
    assert ("Zhang Han", "commander", None) not in roles  # `the Qin general Zhang Han`: already an infobox commander
    assert {p.name: p.side for p in facts.people}["Zhang Han"] == 2


UNSEEN = """= Battle of Westmark =

Infobox
- Conflict: Battle of Westmark
- Date: 3 March 1950 – 6 March 1950
- Combatant1: Northern League
- Combatant2: Southern Union

The Battle of Westmark was fought between the Northern League and the Southern Union.

==Forces==
Northern order of battle
1st Wing: 12,000 troops
- The 12th Division deployed at Korvala
- The 7th Brigade deployed at Salmi

==Battle==
On 3 March 1950, the 12th Division of the 4th Corps crossed the Vesi River near Lintu (林图). Meanwhile, the 7th Brigade attacked the village of Salmi. By the next day, the Southern Union forces had retreated toward Korvala. The commander of the 4th Corps, , was also the commander of the 2nd Front. On 6 March 1950, the Southern Union captured the commander Arvo Lahti at Korvala. The battle ended on 5 March 1950.
"""


def test_unseen_article_with_no_corpus_names():
    article = parse(UNSEEN, "unseen.txt")
    facts = extract_narrative(article, _facts(article, DateValue(1950, 3, 3), DateValue(1950, 3, 6),
                                              ["Northern League", "Southern Union"], []))
    assert [(e.date.lexical(), e.kind, e.date_qualifier) for e in facts.events] == [
        ("1950-03-03", "river-crossing", None), ("1950-03-03", "attack", None),
        ("1950-03-04", "retreat", "by"), ("1950-03-05", "end-of-hostilities", None), ("1950-03-06", "capture", None)]
    division = _unit(facts, "12th Division")
    assert (division.parent, division.deployed_at) == ("1st Wing", ["Korvala"])
    assert _unit(facts, "1st Wing").strength.value == 12000
    assert Name("林图", "zh") in {p.name: p for p in facts.places}["Lintu"].names
    assert {p.name for p in facts.places} >= {"Vesi River", "Korvala", "Salmi"}
    roles = {(r.person, r.role, r.unit) for r in facts.roles}
    assert ("Arvo Lahti", "commander", "4th Corps") in roles and ("Arvo Lahti", "commander", "2nd Front") in roles
    [capture] = facts.captures
    assert (capture.person, capture.place, capture.date) == ("Arvo Lahti", "Korvala", DateValue(1950, 3, 6))
    [date] = [d for d in facts.disagreements if d.kind == "date"]
    assert date.description == "the prose gives the end as 1950-03-05, the infobox as 1950-03-06"
    assert [ev.quote for ev in date.evidence] == ["Battle of Westmark", "The battle ended on 5 March 1950."]


def test_a_date_closing_an_introductory_clause_dates_that_clause_only():
    text = UNSEEN.replace("The battle ended on 5 March 1950.",
                          "After the fall of Korvala on 5 March 1950, the Northern League marched toward Salmi.")
    article = parse(text, "unseen.txt")
    facts = extract_narrative(article, _facts(article, None, None, ["Northern League", "Southern Union"], []))
    fall = [e for e in facts.events if e.date == DateValue(1950, 3, 5)]
    assert [(e.kind, e.places, e.description) for e in fall] == [
        ("capture", ["Korvala"], "After the fall of Korvala on 5 March 1950")]


def _with_strengths(side1: list[int]) -> list:
    article = parse_file(CORPUS / "handan_campaign.txt")
    facts = _facts(article, DateValue(1945, 10, 22), DateValue(1945, 11, 2), ["Kuomintang", "Communist"], [])
    ev = facts.conflict.evidence[0]
    facts.strengths = [Strength(1, Count(value=v), ev) for v in side1] + [Strength(2, Count(value=v), ev) for v in (60000, 100000)]
    return [d for d in extract_narrative(article, facts).disagreements if d.kind == "count"]


def test_prose_figures_are_checked_against_the_infobox():
    assert _with_strengths([45000, 100000]) == []  # `around 145,000` is the sum; 60,000 and 100,000 are parts
    [count] = _with_strengths([50000, 100000])
    assert count.description == "the prose gives side 1 145,000 troops; the infobox gives other figures"
    assert count.evidence[-1].quote == "The KMT deployed around 145,000 troops in two echelons."


@pytest.mark.parametrize("text, expected", [
    ("On October 22, 1945, the", [("1945-10-22", None)]),
    ("By October 30, 1945, the", [("1945-10-30", "by")]),
    ("At dusk on October 28, 1945, the", [("1945-10-28", "dusk")]),
    ("in mid-August 1945.", [("1945-08", "mid")]),
    ("in the ninth lunar month of 208 BC", [("-0207", None)]),
    ("in 219BC a Carthaginian army", [("-0218", None)]),
    ("In spring 218BC Rome", [("-0217", "spring")]),
    ("a 200 km section with 45,000 troops", []),
])
def test_find_dates(text, expected):
    assert [(d.date.lexical(), d.qualifier) for d in find_dates(text)] == expected


def test_ranges_are_marked_and_days_are_added():
    assert [d.in_range for d in find_dates("from 10 September 1945, through 12 October 1945.")] == [True, True]
    assert find_dates("on November 1", default_year=1945)[0].date == DateValue(1945, 11, 1)
    assert shift(DateValue(1945, 10, 31), Connective(1, "by", "")) == DateValue(1945, 11, 1, "by")
    assert shift(DateValue(1945, 10), Connective(1, "-", "")) is None  # no day to add to


def test_events_for_a_start_and_an_end_in_one_sentence_a_bombing_and_a_launched_invasion() -> None:
    article = parse("= Siege of Nowhere =\nInfobox\n- Conflict: Siege of Nowhere\n\n"
                    "It started on 3 March 1799 and ended on 9 April 1799. "
                    "On 2 June 1799, the fleet bombed the harbour. "
                    "On 4 July 1799, the Sultan launched a full invasion of the coast.\n")
    facts = extract_narrative(article, _facts(article, DateValue(1799, 3, 3), None, ["A", "B"], []))
    assert [(e.date.lexical(), e.kind) for e in facts.events] == [
        ("1799-03-03", "start-of-campaign"), ("1799-04-09", "end-of-hostilities"), ("1799-06-02", "attack"),
        ("1799-07-04", "start-of-campaign")]


def test_places_after_verbs_of_taking_and_moving_and_a_valley_list() -> None:
    article = parse("= Siege of Nowhere =\nInfobox\n- Conflict: Siege of Nowhere\n\n"
                    "The army abandoned Ulm, Augsburg and Regensburg, swept through Bavaria and entered Linz. "
                    "The line ran along the Inn and Enns valleys, in present-day Austria, from January–March.\n")
    facts = extract_narrative(article, _facts(article, None, None, ["A", "B"], []))
    assert sorted(p.name for p in facts.places) == ["Augsburg", "Austria", "Bavaria", "Enns", "Inn", "Linz", "Regensburg", "Ulm"]


def test_a_place_after_the_city_town_or_village_of_is_typed_so() -> None:
    article = parse("= Siege of Nowhere =\nInfobox\n- Conflict: Siege of Nowhere\n\n"
                    "The army took the walled town of Oakham and the village of Elmstead, then besieged the old city of Dunmore.\n")
    facts = extract_narrative(article, _facts(article, None, None, ["A", "B"], []))
    assert sorted((p.name, p.kind) for p in facts.places) == [("Dunmore", "city"), ("Elmstead", "village"), ("Oakham", "town")]


def test_a_conflicts_other_names_and_wholes_are_not_related_conflicts() -> None:
    article = parse("= Battle of Nowhere =\nInfobox\n- Conflict: Battle of Nowhere\n\n"
                    "The Battle of Nowhere, codenamed Operation Lantern, was fought during the Great Northern War. "
                    "It was part of a wider offensive known as the Baltic Campaign. "
                    "It is known in Swedish histories as the Battle of Somewhere. "
                    "It came soon after the Siege of Riga.\n")
    facts = extract_narrative(article, _facts(article, None, None, ["A", "B"], []))
    assert [(r.name, r.relation) for r in facts.related] == [("Siege of Riga", "preceded-by")]


def test_a_parent_named_after_a_comma_and_battalions_of_two_regiments_stay_two() -> None:
    article = parse("= Battle of Nowhere =\nInfobox\n- Conflict: Battle of Nowhere\n\n"
                    "The 7th Cavalry Regiment, 1st Cavalry Division held the ridge. "
                    "The 2nd Battalion, 7th Cavalry, dug in. The 2nd Battalion, 5th Cavalry, came later.\n")
    facts = extract_narrative(article, _facts(article, None, None, ["A", "B"], []))
    parents = {u.name: u.parent for u in facts.units}
    assert parents["7th Cavalry Regiment"] == "1st Cavalry Division"
    assert parents["2nd Battalion"] == "7th Cavalry Regiment"
    assert parents["2nd Battalion, 5th Cavalry"] == "5th Cavalry"


def test_conflicts_listed_after_one_cue_share_its_relation() -> None:
    article = parse("= Battle of Nowhere =\nInfobox\n- Conflict: Battle of Nowhere\n\n"
                    "The army came south after its victories at the Battle of Alma and the Battle of Inkerman.\n")
    facts = extract_narrative(article, _facts(article, None, None, ["A", "B"], []))
    assert [(r.name, r.relation) for r in facts.related] == [("Battle of Alma", "preceded-by"), ("Battle of Inkerman", "preceded-by")]


def test_the_prose_adds_a_parent_to_a_unit_the_infobox_listed() -> None:
    from handan_kg.extract import extract

    facts = extract(parse("= Battle of Nowhere =\nInfobox\n- Conflict: Battle of Nowhere\n- Units1: 9th Infantry Regiment\n\n"
                          "The 9th Infantry Regiment, 2nd Infantry Division attacked the hill.\n"), None)
    unit = next(u for u in facts.units if u.name == "9th Infantry Regiment")
    assert unit.parent == "2nd Infantry Division" and ("parent", "2nd Infantry Division") in unit.support


def test_corps_numbered_in_roman_are_units() -> None:
    from handan_kg.extract.units import find_units

    assert [u.name for u in find_units("VII Corps and the XIV SS Panzer Korps held; In Corps terms, Marine Corps")] == [
        "VII Corps", "XIV SS Panzer Korps"]


def test_a_unit_that_landed_or_dug_in_at_a_place_is_deployed_there() -> None:
    article = parse("= Battle of Nowhere =\nInfobox\n- Conflict: Battle of Nowhere\n\n"
                    "The 82nd Airborne Division landed at Eindhoven. "
                    "The 3rd Battalion of the 5th Infantry Regiment dug in near Son, and the 9th Division attacked Best.\n")
    facts = extract_narrative(article, _facts(article, None, None, ["A", "B"], []))
    deployed = {u.name: u.deployed_at for u in facts.units if u.deployed_at}
    assert deployed == {"82nd Airborne Division": ["Eindhoven"], "3rd Battalion": ["Son"]}


def test_an_occurring_battle_a_unit_digging_in_and_the_last_week_of_a_month() -> None:
    article = parse("= Battle of Nowhere =\nInfobox\n- Conflict: Battle of Nowhere\n\n"
                    "The battle occurred on 4 May 1916. "
                    "In the last week of April 1916, the 9th Infantry Division dug in near Verdun.\n")
    facts = extract_narrative(article, _facts(article, DateValue(1916, 5, 4), None, ["A", "B"], []))
    assert [(e.date.lexical(), e.kind, e.date_qualifier) for e in facts.events] == [
        ("1916-04", "deployment", "late"), ("1916-05-04", "other", None)]


def test_a_place_after_in_and_a_compass_adjective() -> None:
    article = parse("= Battle of Nowhere =\nInfobox\n- Conflict: Battle of Nowhere\n\nThe fighting spread in southern Bohemia.\n")
    facts = extract_narrative(article, _facts(article, None, None, ["A", "B"], []))
    assert [p.name for p in facts.places] == ["Bohemia"]


def test_commanders_named_after_a_unit_or_as_its_owner() -> None:
    article = parse("= Battle of Nowhere =\nInfobox\n- Conflict: Battle of Nowhere\n\n"
                    "The 5th Division, led by Hans Kruger, held the town while VII Corps under Major General Paul Weir "
                    "attacked and Anna Maria Bell’s 3rd Brigade waited. Germany's 6th Army stayed back.\n")
    facts = extract_narrative(article, _facts(article, None, None, ["A", "B"], []))
    assert sorted((r.person, r.role, r.unit) for r in facts.roles) == [
        ("Anna Maria Bell", "commander", "3rd Brigade"), ("Hans Kruger", "commander", "5th Division"),
        ("Paul Weir", "commander", "VII Corps")]


def test_quotes_name_a_unit_or_person_in_the_form_they_are_written() -> None:
    article = parse("= Battle of Nowhere =\nInfobox\n- Conflict: Battle of Nowhere\n- Commander1: Mark W. Clark\n\n"
                    "The First Army held the line. The 2nd Battalion, 15th Infantry, attacked. The 15th Infantry Regiment followed. "
                    "The First Army under General Mark Clark advanced.\n")
    from handan_kg.extract import extract

    facts = extract(article, None)
    units = {u.name: [n.text for n in u.names] for u in facts.units}
    assert "First Army" in units["1st Army"]
    people = {p.name: [n.text for n in p.names] for p in facts.people}
    assert "Mark Clark" in people["Mark W. Clark"]

"""The infobox value grammar, one class of input per test. Each example is made up or taken
from an article other than the development-set article that revealed the class."""

from __future__ import annotations

import pytest

from handan_kg.article import parse
from handan_kg.extract import extract
from handan_kg.facts import ArticleFacts
from handan_kg.rdf import to_graph


def article(infobox: str, lead: str = "It was a battle.") -> ArticleFacts:
    return extract(parse(f"= Battle of Nowhere =\nInfobox\n{infobox}\n\n{lead}\n"), None)


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
     ["Thirty Years' War", "Eighty Years' War", "Franco-Spanish War"]),
    ("the Italian Wars (Habsburg–Valois Wars)", ["Italian Wars"]),
    ("Wars of the Three Kingdoms", ["Wars of the Three Kingdoms"]),  # `of the` inside one name
])
def test_parent_conflict_lists(value: str, expected: list[str]) -> None:
    facts = article(f"- Partof: {value}\n- Combatant1: A")
    assert [p for p, _ in facts.conflict.part_of] == expected


def test_an_extractor_that_fails_costs_its_facts_not_the_article(monkeypatch) -> None:
    import handan_kg.extract as driver

    def broken(article, facts):
        facts.units.clear()
        raise KeyError("a name nobody expected")

    monkeypatch.setattr(driver, "extract_narrative", broken)
    facts = article("- Combatant1: Athens\n- Combatant2: Sparta\n- Date: 5 May 431 BC")
    assert [s.label for s in facts.sides] == ["Athens", "Sparta"] and facts.conflict.start is not None
    [failure] = [i for i in facts.issues if i.kind == "extractor-failed"]
    assert "narrative" in failure.message and "KeyError" in failure.message


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

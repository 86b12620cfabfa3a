"""Place values -> PlaceRef chains, prose places and parenthesised names."""

from __future__ import annotations

import pytest

from handan_kg.extract.pieces import Piece
from handan_kg.extract.places import read_places


def places(value: str) -> list[tuple]:
    out = []
    for ref, span in read_places(Piece(10, 10 + len(value), value)):
        assert value[span.start - 10:span.end - 10] == span.text
        out.append((ref.name, ref.kind, ref.located_in, [(n.text, n.lang) for n in ref.names]))
    return out


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Handan, Hebei, China",
         [("Handan", None, ("Hebei", "China"), []), ("Hebei", None, ("China",), []), ("China", None, (), [])]),
        ("Shandong, Jiangsu, Anhui, Henan, China",
         [("Shandong", None, ("China",), []), ("Jiangsu", None, ("China",), []), ("Anhui", None, ("China",), []),
          ("Henan", None, ("China",), []), ("China", None, (), [])]),
        ("Gaixia (in present-day Guzhen County, Anhui)",
         [("Gaixia", None, ("Guzhen County", "Anhui"), []), ("Guzhen County", "county", ("Anhui",), []),
          ("Anhui", None, (), [])]),
        ("Yiling (Present-day Yichang, Hubei)",
         [("Yiling", None, ("Hubei",), []), ("Yichang", None, ("Hubei",), []), ("Hubei", None, (), [])]),
        # where an old state or a place is today: places of their own, never enclosing the old state
        ("Lützen, Electorate of Saxony (present-day Germany)",
         [("Lützen", None, ("Electorate of Saxony",), []), ("Electorate of Saxony", None, (), []),
          ("Germany", None, (), [])]),
        ("Königsberg (modern Kaliningrad), East Prussia",
         [("Königsberg", None, ("East Prussia",), []), ("East Prussia", None, (), []),
          ("Kaliningrad", None, ("East Prussia",), [])]),
        ("Fort Detroit, Michigan Territory (now Detroit, Michigan)",
         [("Fort Detroit", None, ("Michigan Territory",), []), ("Michigan Territory", None, (), []),
          ("Detroit", None, ("Michigan",), []), ("Michigan", None, (), [])]),
        # `in present-day ...` as a comma item goes on with the chain; `near` does not (near is not in)
        ("Lake Khasan, in present-day Khasansky District, Primorsky Krai",
         [("Lake Khasan", None, ("Khasansky District", "Primorsky Krai"), []),
          ("Khasansky District", "district", ("Primorsky Krai",), []), ("Primorsky Krai", None, (), [])]),
        ("Cannae, near Barletta", [("Cannae", None, (), []), ("Barletta", None, (), [])]),
        # a lower-case feature word ends the name; countries side by side are siblings
        ("Marchfeld plains, Lower Austria",
         [("Marchfeld plains", None, ("Lower Austria",), []), ("Lower Austria", None, (), [])]),
        ("Egypt, Libya and Mediterranean Sea",
         [("Egypt", None, (), []), ("Libya", None, (), []), ("Mediterranean Sea", "sea", (), [])]),
        ("Ladakh, Sikkim, and Bhutan", [("Ladakh", None, (), []), ("Sikkim", None, (), []), ("Bhutan", None, (), [])]),
        # a parenthesis standing alone as the last item; today's names in prose items
        ("Lechfeld, Duchy of Swabia, (present-day Augsburg, Germany)",
         [("Lechfeld", None, ("Duchy of Swabia",), []), ("Duchy of Swabia", None, (), []),
          ("Augsburg", None, ("Germany",), []), ("Germany", None, (), [])]),
        ("Near Königsberg (now Kaliningrad)", [("Königsberg", None, (), []), ("Kaliningrad", None, (), [])]),
        # `and` joins two places unless the whole is one country's name
        ("Near Tulagi and Florida Island, Solomon Islands",
         [("Tulagi", None, ("Solomon Islands",), []), ("Florida Island", "island", ("Solomon Islands",), []),
          ("Solomon Islands", None, (), [])]),
        # a sea after land lies beside it: an island state in it and a port on its coast read alike,
        # so neither is said to be inside (precision first)
        ("Trinidad and Tobago, Caribbean Sea",
         [("Trinidad and Tobago", None, (), []), ("Caribbean Sea", "sea", (), [])]),
        ("Orontes River, near Kadesh (modern-day Lebanon–Syria border)",
         [("Orontes River", "river", (), []), ("Kadesh", None, (), [])]),
        ("Near Ma'ayan Harod (Hebrew) or Ayn Jalut (Arabic), Jezreel Valley",
         [("Ma'ayan Harod", None, ("Jezreel Valley",), [("Ma'ayan Harod", "he-Latn"), ("Ayn Jalut", "ar-Latn")]),
          ("Jezreel Valley", "valley", (), [])]),
        ("Between villages of Grunwald (Grünfelde) and Łodwigowo (Ludwigsdorf), western Masuria, Poland",
         [("Grunwald", "village", ("Masuria", "Poland"), [("Grünfelde", "und")]),
          ("Łodwigowo", "village", ("Masuria", "Poland"), [("Ludwigsdorf", "und")]),
          ("Masuria", None, ("Poland",), []), ("Poland", None, (), [])]),
        ("Central Europe", [("Central Europe", None, (), [])]),
        ("The eastern coast of Hansan Island", [("Hansan Island", "island", (), [])]),
        ("Shanxi, Hebei, Henan, Chahar",
         [("Shanxi", None, (), []), ("Hebei", None, (), []), ("Henan", None, (), []), ("Chahar", None, (), [])]),
        ("Pingxingguan in Shanxi province, Republic of China",
         [("Pingxingguan", None, ("Shanxi", "Republic of China"), []), ("Shanxi", "province", ("Republic of China",), []),
          ("Republic of China", None, (), [])]),
        ("Shanghai city in the Republic of China",
         [("Shanghai", "city", ("Republic of China",), []), ("Republic of China", None, (), [])]),
        # a border or frontier is the place, not the two names before it
        ("Chad–Sudan border", [("Chad–Sudan border", None, (), [])]),
        ("Dutch frontier, Europe", [("Dutch frontier", None, ("Europe",), []), ("Europe", None, (), [])]),
    ],
)
def test_place_forms(value: str, expected: list[tuple]) -> None:
    assert places(value) == expected


def test_empty_place_gives_nothing() -> None:
    assert places("") == []


def test_a_semicolon_starts_a_chain_of_its_own() -> None:
    found = [(n, within) for n, _, within, _ in places("Bender, Bessarabia; present-day Tighina, Moldova")]
    assert ("Bessarabia", ()) in found and ("Tighina", ("Moldova",)) in found
    assert not any(n == "Bessarabia" and within for n, within in found)


def test_two_point_compass_words_and_an_occupied_state() -> None:
    assert [(n, within) for n, _, within, _ in places("Southeastern Slovenia and northern Croatia, German-occupied Yugoslavia")] == [
        ("Slovenia", ("Yugoslavia",)), ("Croatia", ("Yugoslavia",)), ("Yugoslavia", ())]


def test_a_region_of_a_country_ends_a_chain() -> None:
    assert [(n, within) for n, _, within, _ in places("Pontecorvo, Frosinone, Southern Italy")][0] == (
        "Pontecorvo", ("Frosinone", "Southern Italy"))


def test_a_peoples_adjective_before_a_noun_is_not_a_place() -> None:
    assert [n for n, *_ in places("Kattegat, Danish territorial waters")] == ["Kattegat"]
    assert [n for n, *_ in places("The Tagus River near Abrantes")][0] == "Tagus River"


def test_todays_country_after_an_old_state_and_a_sea_after_land() -> None:
    found = [(n, within) for n, _, within, _ in places("Near Nicopolis, Byzantine Empire, present-day Bulgaria")]
    assert ("Nicopolis", ("Byzantine Empire",)) in found and ("Byzantine Empire", ()) in found
    assert [(n, within) for n, _, within, _ in places("Wonsan, North Korea, Sea of Japan")] == [
        ("Wonsan", ("North Korea",)), ("North Korea", ()), ("Sea of Japan", ())]
    assert ("Bukovina", ("Romania",)) in [(n, w) for n, _, w, _ in places("Bukovina, present-day northern Romania")]


def test_a_border_between_two_countries() -> None:
    assert [n for n, *_ in places("Border between Peru and the Ecuador")] == ["Peru", "Ecuador"]


def test_a_long_list_lies_in_its_last_item_only_when_that_is_a_country() -> None:
    assert [(n, w) for n, _, w, _ in places("Mainly Lisbon; raids in Porto, Braga, Coimbra, Faro, Évora")] == [
        ("Lisbon", ()), ("Porto", ()), ("Braga", ()), ("Coimbra", ()), ("Faro", ()), ("Évora", ())]
    assert [(n, w) for n, _, w, _ in places("Porto, Braga, Coimbra, Faro, Portugal")][-2:] == [
        ("Faro", ("Portugal",)), ("Portugal", ())]


def test_a_plural_kind_before_names_and_an_adjective_of_a_people_before_a_noun() -> None:
    assert [(n, k) for n, k, _, _ in places("Provinces of Shanxi and Hebei")] == [("Shanxi", "province"), ("Hebei", "province")]
    assert [n for n, *_ in places("East Anglian coast, North Sea")] == ["North Sea"]


def test_a_list_ending_in_a_region_larger_than_a_country_is_a_chain() -> None:
    assert [p[:3] for p in places("Off Cap Bon, Tunisia, North Africa")][:2] == [
        ("Cap Bon", None, ("Tunisia", "North Africa")), ("Tunisia", None, ("North Africa",))]
    assert [p[2] for p in places("Hue, Annam, Southeast Asia")][0] == ("Annam", "Southeast Asia")


def test_a_pair_last_ends_a_list_of_siblings_unless_it_closes_a_between() -> None:
    assert [p[:3] for p in places("Attica, Boeotia and Euboea")] == [
        ("Attica", None, ()), ("Boeotia", None, ()), ("Euboea", None, ())]
    assert ("Honshu", None, ("Japan",)) in [p[:3] for p in places("Sea of Japan, between Honshu, Japan and Korea")]


def test_coordinates_are_not_places_and_a_capitalised_preposition_is_not_a_name() -> None:
    assert [p[0] for p in places("40°26′N 79°58′W, Pittsburgh")] == ["Pittsburgh"]
    assert [p[0] for p in places("At Lake Peipus or near Pskov")][0] == "Lake Peipus"


def test_portuguese_and_french_particles_stay_inside_a_place_name() -> None:
    assert [p[0] for p in places("Mato Grosso do Sul and Paraná")] == ["Mato Grosso do Sul", "Paraná"]


def test_a_full_stop_after_a_place_and_part_of_a_country_today() -> None:
    assert [p[:3] for p in places("Aden, Yemen.")] == [("Aden", None, ("Yemen",)), ("Yemen", None, ())]
    assert places("Ternate (present-day part of Indonesia)")[0][2] == ("Indonesia",)


def test_three_plain_names_are_a_chain() -> None:
    assert places("Fort Duquesne, Ohio Country, New France")[0][2] == ("Ohio Country", "New France")


def test_suburbs_of_a_city_are_the_city() -> None:
    assert [p[:3] for p in places("Suburbs of Lyon, France")][0] == ("Lyon", None, ("France",))


def test_places_after_a_region_header_lie_in_it_but_not_after_a_qualifier() -> None:
    assert [p[:3] for p in places("North Borneo: the towns of Sandakan and Jesselton")] == [
        ("Sandakan", "town", ("North Borneo",)), ("Jesselton", "town", ("North Borneo",)), ("North Borneo", None, ())]
    assert [p[:3] for p in places("Mainly: Darfur Province")] == [("Darfur Province", "province", ())]


def test_a_lowercase_kind_word_is_part_of_the_name_and_two_of_a_kind_are_siblings() -> None:
    assert places("Panjwayi, Helmand province, Afghanistan") == [
        ("Panjwayi", None, ("Helmand province", "Afghanistan"), []),
        ("Helmand province", "province", ("Afghanistan",), []),
        ("Afghanistan", None, (), [])]
    assert [(n, within) for n, _, within, _ in places("Shouf District, Matn District, East Beirut")] == [
        ("Shouf District", ()), ("Matn District", ()), ("East Beirut", ())]


def test_a_bight_in_a_sea_is_a_chain_but_a_sea_after_land_is_not() -> None:
    assert [(n, within) for n, _, within, _ in places("German Bight, North Sea")] == [
        ("German Bight", ("North Sea",)), ("North Sea", ())]
    assert [(n, within) for n, _, within, _ in places("Wilhelmshaven, Germany, North Sea")] == [
        ("Wilhelmshaven", ("Germany",)), ("Germany", ()), ("North Sea", ())]


def test_a_chain_ends_at_its_country_and_an_article_before_a_sea_goes() -> None:
    assert [(n, within) for n, _, within, _ in places("Laredo, Texas, United States, Nuevo Laredo, Tamaulipas, Mexico")] == [
        ("Laredo", ("Texas", "United States")), ("Texas", ("United States",)), ("United States", ()),
        ("Nuevo Laredo", ("Tamaulipas", "Mexico")), ("Tamaulipas", ("Mexico",)), ("Mexico", ())]
    assert [n for n, _, _, _ in places("The Java Sea")] == ["Java Sea"]
    assert [n for n, _, _, _ in places("The Hague")] == ["The Hague"]
    assert [n for n, _, _, _ in places("Surrounding walls of Kandahar")] == ["Kandahar"]

"""Hand-built ArticleFacts for mapping tests: every record type, spans located in real article text.

The mapper is tested against facts we control exactly (independent of the extractor's
current recall); end-to-end tests use the real extractor through `pipeline.build`.
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

from handan_kg.parse.article import Article, parse, parse_file
from handan_kg.facts import (
    ArticleFacts, Capture, Casualty, Commander, Conflict, Count, DateValue, Defection, Disagreement,
    Event, Evidence, Name, Person, Place, PlaceRef, RelatedConflict, Role, Side, Strength, Unit,
)

ROOT = Path(__file__).resolve().parents[1]
HANDAN = ROOT / "data" / "articles" / "handan_campaign.txt"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def span(article: Article, quote: str, after: int = 0) -> Evidence:
    start = article.text.index(quote, after)
    return Evidence(start, start + len(quote), quote)


def handan() -> tuple[ArticleFacts, Article]:
    a = parse_file(HANDAN)
    ev = lambda q, after=0: span(a, q, after)  # noqa: E731
    date_field = a.fields("Date")[0].value.start
    conflict = Conflict(
        name="Handan Campaign", kind="campaign", evidence=[ev("Handan Campaign", 5)],
        names=[(Name("Pinghan Campaign"), ev("Pinghan Campaign")), (Name("平汉战役", "zh"), ev("平汉战役")),
               (Name("Beiping-Hankou Campaign"), ev("Beiping-Hankou Campaign")), (Name("北平汉口战役", "zh"), ev("北平汉口战役"))],
        part_of=[("Chinese Civil War", ev("Chinese Civil War"))],
        start=(DateValue(1945, 10, 22), ev("October 22, 1945", date_field)),
        end=(DateValue(1945, 11, 2), ev("November 2, 1945", date_field)),
        places=[(PlaceRef("Handan", "city", ("Hebei", "China")), ev("Handan, Hebei, China")),
                (PlaceRef("Hebei", "province", ("China",)), ev("Handan, Hebei, China"))],
        result=("Communist victory", ev("Communist victory")),
    )
    c1, c2 = a.fields("Commander1")[0].value, a.fields("Commander2")[0].value
    gao2 = a.text.index("Gao Shuxun", c2.start)
    facts = ArticleFacts(
        article_slug=a.slug, title=a.title.text, source_url="https://en.wikipedia.org/wiki/Handan_Campaign",
        conflict=conflict,
        sides=[Side(1, "Kuomintang", [ev("Kuomintang (KMT)")], [("Kuomintang", ev("Kuomintang (KMT)"))], False),
               Side(2, "Chinese Communist Party", [ev("Communist victory")], [("Chinese Communist Party", ev("Communist victory"))],
                    True, ev("Communist victory"))],
        commanders=[Commander("Xue Yue", 1, ev("Xue Yue")), Commander("Zhang Lingfu", 1, ev("Zhang Lingfu")),
                    Commander("Gao Shuxun", 1, ev("Gao Shuxun", c1.start)),
                    Commander("Liu Bocheng", 2, ev("Liu Bocheng")), Commander("Deng Xiaoping", 2, ev("Deng Xiaoping")),
                    Commander("Gao Shuxun", 2, Evidence(gao2, gao2 + 10, "Gao Shuxun"), title="commander",
                              status="prisoner-of-war")],
        strengths=[Strength(1, Count(45000, qualifier="1st echelon"), ev("45,000 for the 1st echelon")),
                   Strength(1, Count(100000, qualifier="2nd echelon"), ev("100,000 for the 2nd echelon")),
                   Strength(2, Count(60000, qualifier="regular"), ev("60,000 regular")),
                   Strength(2, Count(100000, qualifier="militia"), ev("100,000 militia")),
                   Strength(None, Count(low=5700, high=8000, approximate=True), ev("145,000 troops"), unit="40th Army")],
        casualties=[Casualty(1, "killed", Count(3000), ev("3,000 killed")),
                    Casualty(1, "captured", Count(17000), ev("17,000 captured")),
                    Casualty(1, "defected", Count(10000), ev("10,000 defected")),
                    Casualty(2, "total", Count(4708), ev("4,708 total")),
                    Casualty(None, "total", Count(35000, at_least=True, note="most of them captured"), ev("4,708 total"))],
        people=[Person("Li Da", [ev("Li Da")], [Name("李达", "zh")], side=2),
                Person("Ma Fawu", [ev("Ma Fawu")], side=1),
                Person("Chiang Kai-shek", [ev("Chiang Kai-shek")])],
        roles=[Role("Li Da", "chief-of-staff", ev("chief of staff Li Da"), side=2),
               Role("Ma Fawu", "commander", ev("Ma Fawu"), unit="40th Army", side=1)],
        units=[Unit("40th Army", "army", [ev("The 40th Army deployed at Xinxiang")], side=1, parent="1st Echelon",
                    deployed_at=["Xinxiang"]),
               Unit("106th Division", "division", [ev("the 106th Division of the KMT 40th Army")], side=1, parent="40th Army"),
               Unit("1st Echelon", "echelon", [ev("1st Echelon: 7 Divisions with 45,000 troops")], side=1,
                    strength=Count(45000)),
               Unit("Taihang Military Region", "military-region", [ev("Units of Taihang Military Region")], side=2,
                    names=[Name("太行", "zh")])],
        places=[Place("Cuiqu", "village", [ev("Cuiqu (崔曲)")], [Name("崔曲", "zh")]),
                Place("Zhang River", "river", [ev("Zhang River")]),
                Place("Xinxiang", "city", [ev("Xinxiang")]),
                Place("Ci County", "county", [ev("Ci County")], located_in=["Hebei"])],
        events=[Event("start-of-campaign", "The Kuomintang begun their push.", [ev("The Kuomintang begun their push on October 14, 1945.")],
                      DateValue(1945, 10, 14), sides=[1]),
                Event("river-crossing", "The KMT force crossed the Zhang River.",
                      [ev("On October 22, 1945, the KMT force crossed the Zhang River")], DateValue(1945, 10, 22),
                      units=["1st Column"], places=["Zhang River", "Handan"], sides=[1]),
                Event("attack", "The full-scale attack began.", [ev("At dusk on October 28, 1945, the full-scale attack")],
                      DateValue(1945, 10, 28), date_qualifier="dusk", people=["Liu Bocheng"]),
                Event("defection", "Li Da convinced Gao Shuxun to defect.",
                      [ev("Meanwhile, the Communist chief of staff Li Da personally went to the New 8th Army headquarters "
                          "and convinced its commander Gao Shuxun to defect to the Communist side.")],
                      DateValue(1945, 10, 30), people=["Li Da", "Gao Shuxun"])],
        defections=[Defection("Gao Shuxun", ev("convinced its commander Gao Shuxun to defect"), 1, 2,
                              DateValue(1945, 10, 30), "Li Da")],
        captures=[Capture("Ma Fawu", ev("capturing the KMT commander-in-chief Ma Fawu alive"), DateValue(1945, 11, 1),
                          "Qigan Zhang", "1st Column")],
        related=[RelatedConflict("Shangdang Campaign", "preceded-by", ev("During the Shangdang Campaign")),
                 RelatedConflict("Operation Beleaguer", "related-to", ev("Operation Beleaguer"))],
        disagreements=[Disagreement("side", "Gao Shuxun is listed as a commander on both sides.",
                                    [ev("Gao Shuxun", c1.start), Evidence(gao2, gao2 + 10, "Gao Shuxun")])],
    )
    return facts, a


PHARSALUS_TEXT = """= Battle of Pharsalus =

Infobox
- Conflict: Battle of Pharsalus
- Date: 9 August 48 BC
- Place: Pharsalus, Greece

The Battle of Pharsalus was fought on 9 August 48 BC.
"""


def pharsalus() -> tuple[ArticleFacts, Article]:
    """A BCE day date: 9 August 48 BC is astronomical year -47."""
    a = parse(PHARSALUS_TEXT, "pharsalus.txt")
    date = span(a, "9 August 48 BC")
    conflict = Conflict("Battle of Pharsalus", "battle", [span(a, "Battle of Pharsalus")],
                        start=(DateValue(-47, 8, 9), date), end=(DateValue(-47, 8, 9), date),
                        places=[(PlaceRef("Pharsalus", "town", ("Greece",)), span(a, "Pharsalus, Greece"))])
    return ArticleFacts(a.slug, a.title.text, None, conflict), a


@lru_cache(maxsize=None)
def built(which: str = "corpus") -> Path:
    """A real build (parser, extractor, mapper, validation, writers) of the corpus or of the bundled
    article, made once per test process and shared by the modules that read it."""
    from handan_kg.corpus.build import build

    out = Path(tempfile.mkdtemp(prefix=f"hkg-{which}-")) / "dist"
    build([str(CORPUS if which == "corpus" else HANDAN)], out, "https://w3id.org/handan-kg/")
    return out

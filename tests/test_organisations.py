"""Affiliation strings reduced to organisations and named as the organiser names them.

The strings are real affiliations as papers, arXiv's HTML pages, OpenAlex and Semantic Scholar
write them (from several countries); the expected Japanese names are the ones the organiser's
decks use (オレゴン大学, ワイツマン科学研究所, Google Research, NVIDIA …).
"""

from __future__ import annotations

import pytest

from readinggroup.paper_records import AuthorAffiliations
from readinggroup.text.glossary import Glossary
from readinggroup.text.organisations import (
    UNKNOWN_LINE,
    affiliations_line,
    japanese_name,
    organisations_of,
)

REAL_AFFILIATIONS = [
    # United States
    ("SHI Lab @ University of Oregon", "オレゴン大学"),
    ("University of Oregon, Eugene, OR 97403, USA", "オレゴン大学"),
    ("University of Illinois at Urbana-Champaign", "イリノイ大学"),
    ("University of Illinois, Urbana, IL 61801", "イリノイ大学"),
    ("Stanford, CA", "スタンフォード大学"),
    ("California Institute of Technology", "カリフォルニア工科大学"),
    ("Caltech", "カリフォルニア工科大学"),
    ("MIT CSAIL", "マサチューセッツ工科大学"),
    ("Massachusetts Institute of Technology", "マサチューセッツ工科大学"),
    ("Stanford University", "スタンフォード大学"),
    ("University of Washington", "ワシントン大学"),
    ("University of California, Berkeley", "カリフォルニア大学バークレー校"),
    ("Carnegie Mellon University, Pittsburgh, PA, USA", "カーネギーメロン大学"),
    ("University at Albany, State University of New York", "ニューヨーク州立大学アルバニー校"),
    ("University at Buffalo, State University of New York", "ニューヨーク州立大学バッファロー校"),
    ("Google Research", "Google Research"),
    ("Google Research, Brain Team", "Google Research"),
    ("Google (United States)", "Google"),
    ("NVIDIA", "NVIDIA"),
    ("Nvidia (United States)", "NVIDIA"),
    ("NVIDIA Corporation", "NVIDIA"),
    ("Facebook AI Research", "Facebook AI Research"),
    ("Microsoft Research Asia", "Microsoft Research"),
    ("Amazon Web Services", "Amazon Web Services"),
    ("Hugging Face", "Hugging Face"),
    # Canada
    ("University of Toronto", "トロント大学"),
    ("Vector Institute", "Vector Institute"),
    # United Kingdom, Ireland
    ("DeepMind, London, UK", "DeepMind"),
    ("University of Oxford", "オックスフォード大学"),
    ("University College London", "ユニバーシティ・カレッジ・ロンドン"),
    ("University College Dublin", "ユニバーシティ・カレッジ・ダブリン"),
    # Israel
    ("Weizmann Institute of Science", "ワイツマン科学研究所"),
    (
        "Department of Computer Science and Applied Mathematics, Weizmann Institute of Science, "
        "Rehovot, Israel",
        "ワイツマン科学研究所",
    ),
    # Germany, Switzerland, Netherlands, France, Portugal
    ("Technical University of Munich", "ミュンヘン工科大学"),
    (
        "Department of Informatics, Technical University of Munich, Garching, Germany",
        "ミュンヘン工科大学",
    ),
    ("Technische Universität Darmstadt", "ダルムシュタット工科大学"),
    ("Computer Science Department, TU Darmstadt, Darmstadt, Germany", "ダルムシュタット工科大学"),
    (
        "Max Planck Institute for Intelligent Systems, Tübingen, Germany",
        "マックス・プランク知能システム研究所",
    ),
    ("ETH Zürich", "チューリッヒ工科大学"),
    ("EPFL", "スイス連邦工科大学ローザンヌ校"),
    ("University of Amsterdam", "アムステルダム大学"),
    ("Sorbonne Université", "ソルボンヌ大学"),
    ("Instituto de Telecomunicações", "Instituto de Telecomunicações"),
    ("CNRS, France", "フランス国立科学研究センター"),
    ("INESC-ID, Lisboa, Portugal", "INESC-ID"),  # an unknown acronym is not taken for a postcode
    ("Meta AI (FAIR)", "Meta AI"),  # the acronym in brackets names the same lab
    ("School of Informatics, University of Edinburgh, Edinburgh EH8 9AB, UK", "エディンバラ大学"),
    ("Unbabel", "Unbabel"),
    # China, Hong Kong
    ("Nanjing University", "南京大学"),
    ("The University of Hong Kong", "香港大学"),
    (
        "School of Artificial Intelligence, University of Chinese Academy of Sciences",
        "中国科学院大学",
    ),
    ("School of AI, University of Chinese Academy of Sciences", "中国科学院大学"),
    ("Institute of Automation, Chinese Academy of Sciences", "中国科学院自動化研究所"),
    ("Beijing University of Posts and Telecommunications", "北京郵電大学"),
    ("Tsinghua University, Beijing, China", "清華大学"),
    ("Department of Computer Science and Technology, Peking University", "北京大学"),
    ("Alibaba Group", "Alibaba Group"),
    ("Shanghai AI Laboratory", "Shanghai AI Laboratory"),
    # Japan, Korea, Singapore, India
    ("Graduate School of Information Science and Technology, The University of Tokyo", "東京大学"),
    ("Kyoto University", "京都大学"),
    ("RIKEN Center for Advanced Intelligence Project", "理化学研究所"),
    ("Preferred Networks, Inc.", "Preferred Networks"),
    ("Seoul National University", "ソウル大学校"),
    ("KAIST", "韓国科学技術院"),
    ("National University of Singapore", "シンガポール国立大学"),
    ("MLiONS, Department of IEOR, IIT Bombay", "インド工科大学ボンベイ校"),
    # Latin America: not in the table, so named as written, the organisation's part only
    (
        "Departamento de Física, Universidad de Buenos Aires, Argentina",
        "Universidad de Buenos Aires",
    ),
    ("Universidad de Chile, Santiago, Chile", "Universidad de Chile"),
    # marks, labels, addresses and e-mails around the name
    ("1 Picsart AI Research (PAIR)", "Picsart AI Research"),
    ("Affiliation: Amazon Web Services", "Amazon Web Services"),
    ("†Keya Medical, Seattle, WA", "Keya Medical"),
]


@pytest.mark.parametrize(("affiliation", "expected"), REAL_AFFILIATIONS)
def test_a_real_affiliation_reduces_to_its_organisation_named_in_japanese(
    affiliation: str, expected: str
) -> None:
    names = organisations_of(affiliation)
    assert [japanese_name(name) for name in names] == [expected]


def test_there_are_at_least_forty_real_strings_from_several_countries() -> None:
    assert len(REAL_AFFILIATIONS) >= 40


def test_one_string_can_name_two_organisations() -> None:
    # OpenAlex's raw_affiliation_strings for Abeba Birhane (recorded excerpt, HTML-escaped)
    raw = "Mozilla Foundation &amp; University College Dublin, Ireland"
    assert organisations_of(raw) == ["Mozilla Foundation", "University College Dublin"]
    assert organisations_of("Mila, Université de Montréal") == ["Mila", "Université de Montréal"]


def test_an_address_alone_names_no_organisation() -> None:
    assert organisations_of("Mumbai, Maharashtra-400076, India") == []
    assert organisations_of("{divyajyoti.bajpai}@iitb.ac.in") == []


def found(*rows: tuple[str, tuple[str, ...]]) -> list[AuthorAffiliations]:
    return [AuthorAffiliations(author, affiliations, "openalex") for author, affiliations in rows]


def test_the_line_keeps_author_order_and_names_each_organisation_once() -> None:
    # Panoptic SegFormer's authors as OpenAlex lists their institutions
    line = affiliations_line(
        found(
            ("Zhiqi Li", ("Nanjing University",)),
            ("Wenhai Wang", ("Nanjing University",)),
            ("Enze Xie", ("University of Hong Kong",)),
            ("Zhiding Yu", ("Nvidia (United States)",)),
            ("Anima Anandkumar", ("Nvidia (United States)", "California Institute of Technology")),
        )
    )
    assert line == "南京大学、香港大学、NVIDIA、カリフォルニア工科大学"


def test_more_than_four_organisations_end_with_etc() -> None:
    line = affiliations_line(
        found(
            ("A", ("Stanford University",)),
            ("B", ("University of Washington",)),
            ("C", ("University of California, Berkeley",)),
            ("D", ("University College Dublin",)),
            ("E", ("Mozilla Foundation",)),
        )
    )
    assert line == (
        "スタンフォード大学、ワシントン大学、カリフォルニア大学バークレー校、"
        "ユニバーシティ・カレッジ・ダブリン等"
    )


def test_nothing_found_says_so() -> None:
    assert affiliations_line([]) == UNKNOWN_LINE
    assert affiliations_line(found(("A", ()))) == UNKNOWN_LINE
    assert UNKNOWN_LINE == "不明（どの情報源にも所属の記載なし）"


def test_the_glossary_fixes_any_name() -> None:
    glossary = Glossary(
        {
            "Instituto de Telecomunicações": "テレコミュニケーション研究所",
            "University of Illinois Urbana-Champaign": "イリノイ大学アーバナ・シャンペーン校",
            "Google Research": None,  # keep
            "SHI Lab @ University of Oregon": "SHI Lab（オレゴン大学）",
        }
    )
    line = affiliations_line(
        found(
            ("A", ("SHI Lab @ University of Oregon", "University of Illinois at Urbana-Champaign")),
            ("B", ("Instituto de Telecomunicações", "Google Research")),
        ),
        glossary,
    )
    assert line == (
        "SHI Lab（オレゴン大学）、イリノイ大学アーバナ・シャンペーン校、"
        "テレコミュニケーション研究所、Google Research"
    )


def test_a_known_organisation_does_not_end_the_string() -> None:
    """Every ";"-separated part counts, after a known one too."""
    assert organisations_of("Google Research; Acme Robotics Lab, Berlin, Germany") == [
        "Google Research",
        "Acme Robotics Lab",
    ]


def test_a_postcode_is_an_address_part_not_an_organisation() -> None:
    assert organisations_of("Department of Physics, EH8 9AB, UK") == ["Department of Physics"]
    assert organisations_of("Acme Widgets, CA 94305, USA") == ["Acme Widgets"]


def test_of_units_only_the_last_the_widest_one_is_named() -> None:
    assert organisations_of("Department of Physics, School of Engineering") == [
        "School of Engineering"
    ]
    assert organisations_of("Computer Science Department, Acme Robotics Lab") == [
        "Acme Robotics Lab"
    ]


@pytest.mark.parametrize(
    ("affiliation", "names"),
    [
        pytest.param("; Google Research", ["Google Research"], id="an-empty-part-first"),
        pytest.param("Affiliation: Acme Widgets, Berlin", ["Acme Widgets"], id="label"),
        pytest.param("AFFILIATIONS: Acme Widgets, Berlin", ["Acme Widgets"], id="label-upper"),
        pytest.param("Acme \t  Widgets, Berlin", ["Acme Widgets"], id="spaces-collapsed"),
        pytest.param("XYZ Robotics Lab, Berlin", ["XYZ Robotics Lab"], id="x-at-the-ends"),
        pytest.param("Acme Widgets Inc., Berlin", ["Acme Widgets Inc"], id="trailing-dot"),
        pytest.param("The Acme Research Institute, Boston", ["Acme Research Institute"], id="the"),
        pytest.param("Acme Widgets, Foo Bar, Berlin", ["Acme Widgets"], id="first-of-several"),
    ],
)
def test_an_unknown_organisation_is_cut_from_its_address(
    affiliation: str, names: list[str]
) -> None:
    assert organisations_of(affiliation) == names

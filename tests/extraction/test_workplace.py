"""The place a posting's running text says the job is at (real snippets; names in several languages)."""
import pytest

from extraction.workplace import workplace_named


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("ENTERPRISE RENT A CAR' ın Ankara'daki ofislerinde değerlendirilmek üzere", ["Ankara"]),  # Kariyer.net
        ("Test dokümanlarını hazırlamak,Bahçelievler / Yenibosna'ya ulaşım sorunu olmayan", ["Bahçelievler / Yenibosna"]),
        ("You will join our London office and report to the CTO.", ["London"]),
        ("The role is based at our office in Manchester, with two days at home.", ["Manchester"]),
        ("Wir suchen Verstärkung in unserem Büro in Hamburg.", ["Hamburg"]),
        ("Vous rejoindrez nos bureaux de Lyon.", ["Lyon"]),
        ("Buscamos a una persona para nuestra oficina de Madrid.", ["Madrid"]),
        ("This position is located in Austin, with travel to clients.", ["Austin"]),
        ("Enviar email mrhgestaopessoas@hotmail.com\n- SIGLA ASSC\nVaga em Bauru", ["Bauru"]),  # Serra Negra Empregos
    ],
)
def test_a_sentence_that_ties_the_work_to_a_place(text, places):
    assert workplace_named(text) == places


@pytest.mark.parametrize(
    "text",
    [
        "We serve clients in Paris, Berlin and New York.",  # mentioned, not where the work is
        "Founded in London in 2010, we now have 300 people.",
        "Join our Engineering team!",  # a team, not a place
        "Devam eden projelerde ın Ankara raporları",  # a lower-case word is no name
        "The position is located in Engineering, reporting to the CTO.",  # a department, no place
    ],
)
def test_a_place_merely_mentioned_is_no_workplace(text):
    assert workplace_named(text) == []

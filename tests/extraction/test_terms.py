"""Remote mode and employment type where a posting states them, not wherever a word appears (real snippets)."""
import pytest

from extraction.terms import badge_kind, employment_type, remote_mode


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("This role is fully remote within the EU.", "remote"),
        ("We are a remote-first company", "remote"),
        ("Hybrid: three days a week in our Lisbon office, the rest remote", "hybrid"),
        ("This is an in-office role in Paris", "onsite"),
        ("Arbeitsmodell: Hybrid", "hybrid"),
        ("Homeoffice möglich, Vollzeit", "hybrid"),  # StepStone
        ("Flexibilité avec une politique remote jusqu’à 3 j", "hybrid"),  # Welcome to the Jungle
        ("Esquema Híbrido: Tres días presenciales en oficina y 2 días de Home Office", "hybrid"),  # Bumeran
        ("Lugar de trabajo: Empleo presencial", "onsite"),  # Indeed Argentina
        ("- Flessibilità di lavorare da remoto da tutta Italia", "remote"),  # PagoPA
        # words out of context state nothing
        ("Our chefs serve meals prepared onsite", "unknown"),
        ("Experience with remote sensing and hybrid cloud platforms", "unknown"),
        ("Perks: Remote Work Flexibility, Company Issued Machine", "unknown"),
        ("Hybrid: If this position is listed as hybrid, you will be expected to work on site", "unknown"),
        ("Join our Amsterdam team", "unknown"),
    ],
)
def test_remote_mode(text, mode):
    assert remote_mode(text) == mode


def test_a_top_cards_badges_and_a_titles_tag_state_the_mode():
    assert remote_mode("", top_card=["On-site · Co-Development", "Full time"]) == "onsite"
    assert remote_mode("", top_card=["HybridInternship"]) == "hybrid"  # chips glued together by the markup
    assert remote_mode("", title="FullStack разработчик (remote)") == "remote"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Full-time, permanent position", "full_time"),
        ("Job type: Contract", "contract"),
        ("Vertragsart: befristet", "temporary"),
        ("Contrat : CDD", "temporary"),
        ("12-month fixed-term contract", "contract"),
        ("Senior Finance Business Partner on an interim basis", "contract"),
        ("- Contratto a tempo Indeterminato", "full_time"),
        ("Práce na plný úvazek", "full_time"),
        ("Omfattning: Deltid/Heltid", "unknown"),  # a choice settles neither
        ("Tipologia di contratto: Tempo Indeterminato/Tempo Determinato", "unknown"),
        # words out of context state nothing
        ("Experience in contract management and supply chains", "unknown"),
        ("Leading B2B distributor seeks an account executive", "unknown"),
        ("We build internal tools for international customers", "unknown"),
        ("Seasonal products for every kitchen", "unknown"),
    ],
)
def test_employment_type(text, kind):
    assert employment_type(text) == kind


def test_a_title_naming_an_intern_makes_an_internship():
    assert employment_type("", title="Systems Administrator Intern") == "internship"
    assert employment_type("", title="Pasante de RRHH (perfil Soft)") == "internship"
    assert employment_type("", title="Internal Auditor") == "unknown"


@pytest.mark.parametrize(
    ("piece", "kind"),
    [("Full-time", "full_time"), ("Remote", "remote"), ("CDI", "full_time"), ("Teilzeit", "part_time"),
     ("Apply", None), ("Singapore", None)],
)
def test_badges(piece, kind):
    assert badge_kind(piece) == kind

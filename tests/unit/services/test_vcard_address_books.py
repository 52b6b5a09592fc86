"""Real address books (issue 18): Android's email-only card, Lotus Notes'
PROFILE line, Apple's escaped URLs and several of everything, a vCard 4 photo as
a data URI, Latin-1 declared with CHARSET=; none loses a phone, email, address,
website, nickname or organisation (the extras go to the notes)."""

from __future__ import annotations

from pathlib import Path

from therapy_journal.services.contact_model import Contact
from therapy_journal.services.vcard import is_already_there, read_vcard_file

BOOKS = Path(__file__).parents[2] / "fixtures" / "imports" / "vcard"


def only(name: str) -> Contact:
    (contact,) = read_vcard_file(BOOKS / name)
    return contact


def test_a_card_with_only_an_email_is_named_by_it() -> None:
    card = only("android-email-only.vcf")
    assert (card.name, card.email) == ("intake@calm-clinic.example", "intake@calm-clinic.example")


def test_a_lotus_notes_profile_line_is_ignored() -> None:
    card = only("lotus-notes.vcf")
    assert (card.name, card.practice, card.phone) == (
        "Dr. Robin Hart",
        "Hart Counselling",
        "+1 555 0101",
    )


def test_apple_card_keeps_everything_and_unescapes_urls() -> None:
    card = only("apple.vcf")
    assert card.name == "Dr. Ana Lee PhD"
    assert card.credentials == "Psychologist"
    assert card.practice == "Riverside Therapy, Adults"
    assert card.phone == "(555) 010-0100"
    assert card.email == "ana@riverside.example"
    assert card.website == "https://riverside.example/ana"
    assert card.address == "12 River Rd\nSpringfield, IL 62701\nUSA"
    assert card.notes == (
        "Nickname: Annie\n"
        "Other phone: (555) 010-0199\n"
        "Other email: ana.lee@mail.example\n"
        "Other website: http://psychology.example/lee\n"
        "Other address: 3 Elm St, Springfield, IL 62702, USA"
    )


def test_a_photo_as_a_data_uri_is_ignored_and_the_card_kept() -> None:
    card = only("vcard4-photo-uri.vcf")
    assert (card.name, card.phone, card.website) == (
        "Sam Okafor",
        "+1-555-0142",
        "https://okafor.example",
    )


def test_latin1_declared_with_charset_is_read() -> None:
    card = only("latin1.vcf")
    assert (card.name, card.notes) == ("Jürgen Müller", "Spricht Français")


def test_the_same_card_again_is_recognised() -> None:
    card = only("apple.vcf")
    assert not is_already_there(card, [])
    assert is_already_there(card, [card])
    # Spelled or spaced differently, the same number written another way: the same.
    alike = Contact(
        kind=card.kind, name=" dr. ana  lee phd", email=card.email, phone="555-010-0100"
    )
    assert is_already_there(alike, [card])
    assert not is_already_there(card, [Contact(kind="support", name=card.name)])
    other_phone = Contact(kind=card.kind, name=card.name, email=card.email, phone="555 999")
    assert not is_already_there(other_phone, [card])

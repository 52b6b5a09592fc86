"""vCards: our own export round-trips, phone and mail-client cards import, damage is refused."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
import vobject

from therapy_journal.services.contact_model import Contact
from therapy_journal.services.vcard import (
    MAX_BYTES,
    MAX_CARDS,
    MAX_LINES,
    BadVCard,
    contacts_to_vcard,
    parse_vcards,
    read_vcard_file,
    write_vcard_file,
)

THERAPIST = Contact(
    kind="therapist",
    name="Dr. Zoë Ōkafor-Nguyễn",
    id=7,
    credentials="PhD, licensed psychologist; EMDR trained",
    practice="Riverside Counseling; Adult Services",
    phone="+1 (555) 010-0100",
    email="zoe@example.org",
    website="https://riverside.example.org/zoë",
    address="100 River Rd, Suite 2\nSpringfield, IL 62701",
    session_format="both",
    travel_minutes=25,
    languages=("English", "Español"),
    approaches=("cbt", "act"),
    specialties=("anxiety", "grief"),
    other_specialties="Perinatal mood",
    insurance=("Aetna", "Blue Cross"),
    fee=180,
    sliding_scale=True,
    days=("mon", "thu"),
    times=("evening",),
    availability="Waitlist until March",
    follow_up=date(2026, 3, 2),
    stage="consultation_scheduled",
    consultation=datetime(2026, 3, 9, 18, 30).astimezone(),
    not_a_fit_reason="",
    age_recipient="age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq",
    questions="Do you work with… people new to therapy? 🌱",
    notes="First line\nSecond: 日本語, with; punctuation \\ and a backslash " + "long " * 40,
).cleaned()
NOT_A_FIT = Contact(
    kind="therapist",
    name="Søren Ångström",
    id=8,
    stage="not_a_fit",
    not_a_fit_reason="No evening openings",
    sliding_scale=False,
).cleaned()
REFERRAL = Contact(
    kind="referral",
    name="Анна Петрова",
    id=9,
    referral_type="primary_care",
    phone="+7 495 000-00-00",
    email="anna@example.ru",
    address="ул. Тверская, 1",
    notes="Suggested two names.",
).cleaned()
ORGANIZATION = Contact(
    kind="organization",
    name="Ψ Counselling Collective",
    id=10,
    website="https://psi.example.org",
    phone="020 7946 0000",
    notes="Low-cost sessions",
).cleaned()
SUPPORT = Contact(
    kind="support",
    name="محمد الأحمد",
    id=11,
    support_role="friends",
    checkin_days=14,
    phone="+971 4 000 0000",
    follow_up=date(2026, 1, 15),
).cleaned()
CONTACTS = [THERAPIST, NOT_A_FIT, REFERRAL, ORGANIZATION, SUPPORT]

PHONE_V30 = """\
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.0//EN
N:Okafor;Amara;;Dr.;
FN:Dr. Amara Okafor
ORG:Riverside Counseling;
TITLE:Licensed Psychologist
EMAIL;type=INTERNET;type=WORK;type=pref:amara@example.org
TEL;type=CELL;type=VOICE;type=pref:(555) 010-0100
TEL;type=WORK;type=VOICE:(555) 010-0199
item1.ADR;type=WORK;type=pref:;;100 River Rd;Springfield;IL;62701;United States
item1.X-ABADR:us
item2.URL;type=pref:https://riverside.example.org
NOTE:Met at the open house.\\nAsk about evening slots.
END:VCARD
"""

V40 = """\
BEGIN:VCARD
VERSION:4.0
FN:Kai Müller
N:Müller;Kai;;;
ORG:Hausarztpraxis am Park
TEL;TYPE=work,voice;VALUE=uri:tel:+49-30-1234567
EMAIL;TYPE=work:kai@example.de
URL:https://praxis.example.de
END:VCARD
"""

# Android-style vCard 2.1: no FN, quoted-printable UTF-8 with a soft line break.
V21 = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n"
    "TEL;CELL:+49 30 7654321\r\n"
    "EMAIL;HOME:juergen@example.de\r\n"
    "ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;Hauptstra=C3=9Fe 5;Berlin;;10115;=\r\n"
    "Deutschland\r\n"
    "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Freund von Lea =E2=9C=93=0D=0A=\r\n"
    "zweite Zeile\r\n"
    "END:VCARD\r\n"
)

GOOD = "BEGIN:VCARD\nVERSION:3.0\nFN:Good Card\nN:;Good Card;;;\nEND:VCARD\n"


def without_id(contact: Contact) -> Contact:
    return replace(contact, id=None)


def test_round_trip_through_our_export_keeps_every_field() -> None:
    back = parse_vcards(contacts_to_vcard(CONTACTS))
    assert back == [without_id(c) for c in CONTACTS]


def test_round_trip_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    write_vcard_file(path, CONTACTS)
    assert read_vcard_file(path) == [without_id(c) for c in CONTACTS]


def test_the_written_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    write_vcard_file(path, [THERAPIST])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_export_uses_the_fields_address_books_know() -> None:
    card = vobject.readOne(contacts_to_vcard([THERAPIST]))
    assert card.version.value == "3.0"
    assert card.fn.value == THERAPIST.name
    assert card.org.value == [THERAPIST.practice]
    assert card.title.value == THERAPIST.credentials
    assert card.tel.value == THERAPIST.phone
    assert card.email.value == THERAPIST.email
    assert card.url.value == THERAPIST.website
    assert card.adr.value.street == THERAPIST.address
    assert card.note.value == THERAPIST.notes
    assert card.categories.value == ["Therapist"]


def test_the_vault_link_to_the_referring_contact_is_not_exported() -> None:
    referred = replace(THERAPIST, referred_by=9)
    (back,) = parse_vcards(contacts_to_vcard([referred]))
    assert back.referred_by is None
    assert back == without_id(THERAPIST)


def test_edits_made_in_an_address_book_win_over_our_own_fields() -> None:
    text = contacts_to_vcard([THERAPIST]).replace("TEL:+1 (555) 010-0100", "TEL:+1 555 999")
    text = text.replace("EMAIL:zoe@example.org\r\n", "")
    (back,) = parse_vcards(text)
    assert back.phone == "+1 555 999"
    assert back.email == ""
    assert back.approaches == THERAPIST.approaches  # still from our X- data


def test_import_of_a_phone_vcard_3() -> None:
    (contact,) = parse_vcards(PHONE_V30)
    assert contact == Contact(
        kind="therapist",
        name="Dr. Amara Okafor",
        credentials="Licensed Psychologist",
        practice="Riverside Counseling",
        phone="(555) 010-0100",
        email="amara@example.org",
        website="https://riverside.example.org",
        address="100 River Rd\nSpringfield, IL 62701\nUnited States",
        # A contact holds one phone: the others are kept in the notes (issue 18).
        notes="Met at the open house.\nAsk about evening slots.\n\nOther phone: (555) 010-0199",
        stage="identified",
    )


def test_import_of_a_vcard_4_with_a_tel_uri_as_the_kind_asked_for() -> None:
    (contact,) = parse_vcards(V40, kind="referral")
    assert contact.kind == "referral"
    assert contact.name == "Kai Müller"
    assert contact.practice == "Hausarztpraxis am Park"
    assert contact.phone == "+49-30-1234567"
    assert contact.email == "kai@example.de"
    assert contact.website == "https://praxis.example.de"
    assert contact.stage == ""  # only therapists have a pipeline stage


def test_import_of_a_vcard_2_1_with_quoted_printable_and_only_an_n_name() -> None:
    (contact,) = parse_vcards(V21)
    assert contact.name == "Jürgen Müller"
    assert contact.phone == "+49 30 7654321"
    assert contact.email == "juergen@example.de"
    assert contact.address == "Hauptstraße 5\nBerlin, 10115\nDeutschland"
    assert contact.notes == "Freund von Lea ✓\nzweite Zeile"


def test_several_cards_keep_their_order() -> None:
    contacts = parse_vcards(PHONE_V30 + V40 + V21)
    assert [c.name for c in contacts] == ["Dr. Amara Okafor", "Kai Müller", "Jürgen Müller"]


def test_a_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "outlook.vcf"
    path.write_bytes(b"\xef\xbb\xbf" + V40.encode("utf-8"))
    assert [c.name for c in read_vcard_file(path)] == ["Kai Müller"]


@pytest.mark.parametrize("data", ["{not json", "[1, 2]", "[" * 100_000])
def test_damaged_app_details_fall_back_to_the_standard_fields(data: str) -> None:
    text = GOOD.replace("END:VCARD", f"X-THERAPY-JOURNAL-DATA:{data}\nTEL:555\nEND:VCARD")
    (contact,) = parse_vcards(text)
    assert (contact.name, contact.phone) == ("Good Card", "555")


def test_blocks_nested_in_a_card_are_skipped() -> None:
    # vCard 2.1 nests a whole card for AGENT; other blocks may share a property's name.
    nested = "BEGIN:VCARD\nVERSION:2.1\nFN:Agent\nEND:VCARD\nBEGIN:NOTE\nX-A:1\nEND:NOTE\n"
    (contact,) = parse_vcards(GOOD.replace("END:VCARD", nested + "NOTE:kept\nEND:VCARD"))
    assert (contact.name, contact.notes) == ("Good Card", "kept")


def test_an_unknown_default_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown contact kind") as raised:
        parse_vcards(GOOD, kind="stranger")
    assert not isinstance(raised.value, BadVCard)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello there\nthis is not a card\n", "not a vCard file"),
        ("", "no contact cards"),
        ("\n\n", "no contact cards"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Cut Short\n", "Card 1 has no END:VCARD"),
        (GOOD + "BEGIN:VCARD\nVERSION:3.0\nFN Broken line\nEND:VCARD\n", "Card 2 is damaged"),
        (GOOD + "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Short\n", "Card 2 has no END:VCARD"),
        (GOOD + GOOD + "BEGIN:VCARD\nVERSION:3.0\nTEL:555\nEND:VCARD\n", "Card 3 has no name"),
        ("BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:\nEND:VCARD\n", "Card 1 has no name"),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "a VCALENDAR block, not a contact card"),
        ("FN:Lonely line\n", "Item 1 of the file is text outside any card"),
        (GOOD + "trailing garbage\n", "Card 2 is damaged"),
        (
            "BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:=C3\nEND:VCARD\n",
            "not a vCard file",
        ),
    ],
    ids=[
        "garbage",
        "empty",
        "blank",
        "begin-without-end",
        "second-card-broken",
        "second-card-cut-short",
        "third-card-without-name",
        "empty-name",
        "calendar-file",
        "line-outside-a-card",
        "garbage-after-a-card",
        "bad-encoding-inside",
    ],
)
def test_damaged_text_imports_nothing(text: str, message: str) -> None:
    with pytest.raises(BadVCard, match=message):
        parse_vcards(text)


def test_a_damaged_file_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text(contacts_to_vcard(CONTACTS) + "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n")
    with pytest.raises(BadVCard, match="Card 6 has no name"):
        read_vcard_file(path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.vcf"
    path.write_bytes("BEGIN:VCARD\nVERSION:3.0\nFN:Jürgen\nEND:VCARD\n".encode("latin-1"))
    with pytest.raises(BadVCard, match=r"latin1\.vcf is not UTF-8"):
        read_vcard_file(path)


def test_a_file_over_5_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.vcf"
    path.write_bytes(GOOD.encode() + b"X" * MAX_BYTES)
    with pytest.raises(BadVCard, match=r"huge\.vcf is larger than 5 MB"):
        read_vcard_file(path)


def test_text_over_5_mb_is_refused() -> None:
    with pytest.raises(BadVCard, match="larger than 5 MB"):
        parse_vcards(GOOD.replace("Good Card", "é" * (MAX_BYTES // 2 + 1)))


def test_more_than_10000_cards_are_refused() -> None:
    with pytest.raises(BadVCard, match="more than 10,000 cards"):
        parse_vcards(GOOD * (MAX_CARDS + 1))


def test_exactly_10000_cards_are_read() -> None:
    assert len(parse_vcards(GOOD * MAX_CARDS)) == MAX_CARDS


def test_a_file_of_too_many_lines_is_refused() -> None:
    with pytest.raises(BadVCard, match="more than 400,000 lines"):
        parse_vcards(GOOD + "\n" * MAX_LINES)


def test_a_value_broken_over_too_many_lines_is_refused_quickly() -> None:
    # vobject would take minutes: it rescans the value at every soft line break.
    note = "NOTE;ENCODING=QUOTED-PRINTABLE:" + "a=\n" * 300_000 + "b\n"
    with pytest.raises(BadVCard, match="broken over too many lines"):
        parse_vcards(GOOD.replace("END:VCARD", note + "END:VCARD"))


def test_a_missing_file_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(BadVCard, match=r"gone\.vcf could not be read: no such file"):
        read_vcard_file(tmp_path / "gone.vcf")

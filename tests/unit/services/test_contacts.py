"""Contacts, the therapist pipeline and its milestones, on a real encrypted vault."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, datetime, timedelta

import pyrage
import pytest

from tests.helpers.vaults import VaultInfo, files_containing
from therapy_journal.services import support_network
from therapy_journal.services.contact_model import (
    PIPELINE,
    Contact,
    InvalidContact,
)
from therapy_journal.services.contacts import ContactNotFound, ContactService
from therapy_journal.services.due import due_items
from therapy_journal.services.milestones import MilestoneService
from therapy_journal.services.profile import Profile
from therapy_journal.services.prompts import search_stage

TODAY = date(2026, 5, 4)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 5, 4, 9, 0).astimezone()

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def service(vault_info: VaultInfo) -> ContactService:
    return ContactService(vault_info.vault, Clock())


def therapist(name: str = "Dr. Ana Rivera", **fields: object) -> Contact:
    return replace(Contact(kind="therapist", name=name), **fields)  # type: ignore[arg-type]


def kinds(milestones: list) -> list[str]:  # type: ignore[type-arg]
    return [m.kind for m in milestones]


def test_the_first_therapist_added_is_a_milestone_once(service: ContactService) -> None:
    first, reached = service.add(therapist())
    assert first.stage == "identified" and kinds(reached) == ["first_therapist_identified"]
    _second, reached = service.add(therapist("Sam Lee, LCSW"))
    assert reached == []
    _friend, reached = service.add(Contact(kind="support", name="Jo", support_role="friends"))
    assert reached == []
    assert [m.kind for m in MilestoneService(service.vault).timeline()] == [
        "first_therapist_identified"
    ]


def test_moving_through_the_pipeline_records_dates_and_fires_each_milestone_once(
    service: ContactService,
) -> None:
    ana, _ = service.add(therapist())
    sam, _ = service.add(therapist("Sam Lee"))
    assert ana.id is not None and sam.id is not None
    assert service.move(ana.id, "contacted") == []
    assert kinds(service.move(ana.id, "consultation_scheduled")) == ["first_consultation_scheduled"]
    assert service.move(sam.id, "consultation_scheduled") == []  # the first one only
    assert kinds(service.move(ana.id, "consultation_attended")) == ["first_consultation_attended"]
    assert kinds(service.move(ana.id, "chosen")) == ["therapist_chosen"]
    assert [move.stage for move in service.history(ana.id)] == [
        "identified",
        "contacted",
        "consultation_scheduled",
        "consultation_attended",
        "chosen",
    ]
    moves = service.history(ana.id)
    assert all(a.at < b.at for a, b in itertools.pairwise(moves))
    assert service.get(ana.id).stage == "chosen"
    assert search_stage(Profile(stage="exploring"), service.vault) == "in_therapy"


def test_jumping_ahead_fires_the_milestones_it_passes(service: ContactService) -> None:
    ana, _ = service.add(therapist())
    assert ana.id is not None
    reached = service.move(ana.id, "consultation_attended")
    assert kinds(reached) == ["first_consultation_scheduled", "first_consultation_attended"]


def test_not_a_fit_needs_a_reason_and_keeps_it(service: ContactService) -> None:
    ana, _ = service.add(therapist())
    assert ana.id is not None
    with pytest.raises(InvalidContact, match="why"):
        service.move(ana.id, "not_a_fit", "  ")
    assert service.get(ana.id).stage == "identified"
    assert service.move(ana.id, "not_a_fit", "No evening hours") == []
    stored = service.get(ana.id)
    assert stored.stage == "not_a_fit" and stored.not_a_fit_reason == "No evening hours"
    assert service.history(ana.id)[-1].reason == "No evening hours"
    service.move(ana.id, "contacted")  # they had a cancellation after all
    assert service.get(ana.id).not_a_fit_reason == ""


def test_only_therapists_move_and_stages_are_known(service: ContactService) -> None:
    org, _ = service.add(Contact(kind="organization", name="NAMI"))
    ana, _ = service.add(therapist())
    assert org.id is not None and ana.id is not None and org.stage == ""
    with pytest.raises(InvalidContact):
        service.move(org.id, "contacted")
    with pytest.raises(InvalidContact):
        service.move(ana.id, "married")
    with pytest.raises(ContactNotFound):
        service.move(9999, "contacted")


def test_the_board_groups_therapists_by_stage(service: ContactService) -> None:
    ana, _ = service.add(therapist())
    service.add(therapist("Sam Lee"))
    assert ana.id is not None
    service.move(ana.id, "contacted")
    board = service.by_stage()
    assert [c.name for c in board["identified"]] == ["Sam Lee"]
    assert [c.name for c in board["contacted"]] == ["Dr. Ana Rivera"]
    assert list(board) == list(PIPELINE)


def test_every_field_survives_a_save_and_an_update(
    service: ContactService, vault_info: VaultInfo
) -> None:
    key = str(pyrage.x25519.Identity.generate().to_public())
    friend, _ = service.add(
        Contact(kind="referral", name="Dr. Patel", referral_type="primary_care")
    )
    full = therapist(
        credentials="PhD",
        practice="Harbor Counseling",
        phone="555-0100",
        email="ana@example.org",
        website="https://example.org",
        address="1 Main St",
        session_format="both",
        travel_minutes=25,
        languages=("English", "Spanish"),
        approaches=("cbt", "emdr"),
        specialties=("anxiety", "trauma"),
        insurance=("Aetna",),
        fee=140,
        sliding_scale=True,
        days=("tue", "thu"),
        times=("evening",),
        availability="Opening in March",
        referred_by=friend.id,
        follow_up=TODAY,
        consultation=datetime(2026, 12, 8, 18, 30).astimezone(),
        age_recipient=key,
        notes="Warm voice on the phone",
    )
    stored, _ = service.add(full)
    assert replace(stored, id=None) == replace(full, stage="identified")
    vault_info.vault.lock()
    vault_info.vault.unlock(vault_info.passphrase)
    again = ContactService(vault_info.vault).get(stored.id or 0)
    assert again == stored
    changed = ContactService(vault_info.vault).update(replace(again, fee=120, stage="chosen"))
    assert changed.fee == 120 and changed.stage == "identified"  # stages move through move()


def test_a_consultation_is_kept_to_the_minute_and_only_when_booked(
    service: ContactService,
) -> None:
    plain, _ = service.add(therapist())
    assert plain.consultation is None  # none is invented
    booked = datetime(2026, 12, 8, 18, 30, 42).astimezone()
    stored = service.update(replace(plain, consultation=booked))
    assert stored.consultation == booked.replace(second=0)
    service.move(stored.id or 0, "consultation_scheduled")
    assert service.get(stored.id or 0).consultation == booked.replace(second=0)
    friend = service.update(replace(service.get(stored.id or 0), kind="support"))
    assert friend.consultation is None  # a consultation is for therapists
    assert Contact.from_dict({"name": "X", "consultation": "not a time"}).consultation is None


def test_bad_contacts_are_refused_with_a_reason_and_change_nothing(
    service: ContactService,
) -> None:
    with pytest.raises(InvalidContact, match="name"):
        service.add(therapist("  "))
    with pytest.raises(InvalidContact, match="age public key"):
        service.add(therapist(age_recipient="age1notakey"))
    with pytest.raises(InvalidContact, match="email"):
        service.add(therapist(email="not an email"))
    with pytest.raises(InvalidContact, match="referred them"):
        service.add(therapist(referred_by=424242))
    assert service.contacts() == []
    ana, _ = service.add(therapist())
    with pytest.raises(InvalidContact, match="own referral"):
        service.update(replace(ana, referred_by=ana.id))


def test_a_referrer_deleted_leaves_the_contact_unlinked(service: ContactService) -> None:
    friend, _ = service.add(Contact(kind="referral", name="Kim", referral_type="friend"))
    ana, _ = service.add(therapist(referred_by=friend.id))
    assert friend.id is not None and ana.id is not None
    service.delete(friend.id)
    assert service.get(ana.id).referred_by is None


def test_follow_ups_and_network_check_ins_are_due_on_the_journal_header(
    vault_info: VaultInfo,
) -> None:
    clock = Clock()
    service = ContactService(vault_info.vault, clock)
    ana, _ = service.add(therapist(follow_up=TODAY - timedelta(days=1)))
    service.add(therapist("Later", follow_up=TODAY + timedelta(days=3)))
    jo, _ = service.add(Contact(kind="support", name="Jo", support_role="friends", checkin_days=7))
    assert jo.id is not None
    assert [c.name for c in service.follow_ups_due(TODAY)] == ["Dr. Ana Rivera"]
    assert service.checkins_due(TODAY) == []  # added today
    later = TODAY + timedelta(days=8)
    assert [c.name for c, _when in service.checkins_due(later)] == ["Jo"]
    service.log(jo.id, "called", when=datetime(2026, 5, 11, 18).astimezone())
    assert service.checkins_due(later) == []  # called three days ago
    items = due_items(vault_info.vault, later)
    assert [(i.kind, i.title, i.area) for i in items] == [
        ("follow_up", "Dr. Ana Rivera", "contacts"),
        ("follow_up", "Later", "contacts"),
    ]
    assert items[0].ref == str(ana.id)


def test_the_network_shows_where_it_is_thin(service: ContactService) -> None:
    service.add(Contact(kind="support", name="Jo", support_role="friends"))
    service.add(Contact(kind="support", name="Mum", support_role="family"))
    network = service.network()
    assert [c.name for c in network["friends"]] == ["Jo"]
    assert network["peer_support"] == []
    assert list(network) == list(support_network.roles(professional=False))
    assert "supervision" not in network


def test_interactions_are_logged_newest_first(service: ContactService) -> None:
    ana, _ = service.add(therapist())
    assert ana.id is not None
    service.log(ana.id, "left_message", "Asked about evenings")
    service.log(ana.id, "called", "Talked for 10 minutes")
    assert [i.kind for i in service.interactions(ana.id)] == ["called", "left_message"]
    with pytest.raises(InvalidContact):
        service.log(ana.id, "telepathy")


def test_outreach_anxiety_before_and_after_and_first_versus_now(
    service: ContactService,
) -> None:
    ana, _ = service.add(therapist())
    for before, after in ((9, 6), (8, 5), (8, 5), (6, 3), (5, 3), (4, 2)):
        service.record_outreach("before", before, contact_id=ana.id)
        service.record_outreach("after", after, contact_id=ana.id)
    trend = service.outreach_trend()
    assert trend.count == 12
    assert trend.first == pytest.approx((9 + 8 + 8) / 3)  # before calls, at first
    assert trend.recent == pytest.approx((6 + 5 + 4) / 3)  # before calls, lately
    assert trend.before == pytest.approx(40 / 6) and trend.after == pytest.approx(24 / 6)
    with pytest.raises(InvalidContact):
        service.record_outreach("during", 3)
    with pytest.raises(InvalidContact):
        service.record_outreach("before", 11)


def test_too_few_outreach_check_ins_make_no_trend(service: ContactService) -> None:
    for _ in range(5):
        service.record_outreach("before", 7)
    trend = service.outreach_trend()
    assert trend.count == 5 and trend.first is None and trend.before == 7


def test_damaged_details_still_show_the_contact(
    service: ContactService, vault_info: VaultInfo
) -> None:
    ana, _ = service.add(therapist(fee=100))
    vault_info.vault.db.execute("UPDATE contacts SET data = '{not json' WHERE id = ?", (ana.id,))
    shown = service.get(ana.id or 0)
    assert shown.name == "Dr. Ana Rivera" and shown.fee is None


def test_contacts_never_reach_the_disk_in_plaintext(
    service: ContactService, vault_info: VaultInfo
) -> None:
    ana, _ = service.add(therapist("Quetzal Marmoset", notes="zeppelin notes"))
    assert ana.id is not None
    service.log(ana.id, "called", "ocelot call")
    vault_info.vault.lock()
    assert files_containing(vault_info.folder, ["Quetzal", "zeppelin", "ocelot"]) == []


def test_a_contact_who_becomes_a_therapist_starts_the_search(service: ContactService) -> None:
    kim, reached = service.add(Contact(kind="referral", name="Kim", referral_type="friend"))
    assert reached == [] and kim.id is not None
    now_therapist = service.update(replace(kim, kind="therapist"))
    assert now_therapist.stage == "identified" and now_therapist.referral_type == ""
    assert [move.stage for move in service.history(kim.id)] == ["identified"]
    assert MilestoneService(service.vault).has("first_therapist_identified")


# --- age public keys: every kind of contact can be shared with -----------------------------


def _key() -> str:
    return str(pyrage.x25519.Identity.generate().to_public())


@pytest.mark.parametrize("kind", ["therapist", "referral", "organization", "support"])
def test_every_kind_of_contact_keeps_its_age_key_when_saved(
    service: ContactService, vault_info: VaultInfo, kind: str
) -> None:
    key = _key()
    added, _ = service.add(Contact(kind=kind, name="Kim", age_recipient=key))
    assert added.age_recipient == key
    assert added.id is not None
    vault_info.vault.lock()
    vault_info.vault.unlock(vault_info.passphrase)
    again = ContactService(vault_info.vault)
    assert again.get(added.id).age_recipient == key
    renamed = again.update(replace(again.get(added.id), name="Kim Lee"))
    assert renamed.age_recipient == key


def test_a_therapist_who_becomes_a_friend_keeps_their_key(service: ContactService) -> None:
    key = _key()
    ana, _ = service.add(therapist(age_recipient=key))
    moved = service.update(replace(ana, kind="support", support_role="friends"))
    assert (moved.kind, moved.age_recipient, moved.stage) == ("support", key, "")


def test_contacts_by_kind_with_a_key(service: ContactService) -> None:
    service.add(therapist("Dr. Ana Rivera", age_recipient=_key()))
    service.add(therapist("Sam Lee"))
    service.add(Contact(kind="support", name="Jo", age_recipient=_key()))
    service.add(Contact(kind="referral", name="Dr. Kim", age_recipient=_key()))
    keyed = service.by_kind(with_key=True)
    assert list(keyed) == ["therapist", "referral", "organization", "support"]
    assert {kind: [c.name for c in group] for kind, group in keyed.items()} == {
        "therapist": ["Dr. Ana Rivera"],
        "referral": ["Dr. Kim"],
        "organization": [],
        "support": ["Jo"],
    }
    assert [c.name for c in service.by_kind()["therapist"]] == ["Dr. Ana Rivera", "Sam Lee"]


def test_adding_many_contacts_is_all_or_nothing(service: ContactService) -> None:
    good = Contact(kind="referral", name="Dr. Kim")
    bad = Contact(kind="support", name="Jo", email="not an email")
    with pytest.raises(InvalidContact, match=r"Contact 2 of 2 \(Jo\): .*email"):
        service.add_many([good, bad])
    assert service.contacts() == []
    added = service.add_many([good, therapist()])
    assert [c.name for c, _ in added] == ["Dr. Kim", "Dr. Ana Rivera"]
    assert kinds(added[1][1]) == ["first_therapist_identified"]

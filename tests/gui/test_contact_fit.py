"""The Contacts area records what was learned about a therapist, shows a fit
that uses the whole profile, compares 2-4 therapists side by side and sorts
them by fit; its money words and the profile's professions follow the region
(issue 17)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.gui.fit import fit_problems
from tests.gui.helpers import open_area
from therapy_journal.gui.app import App
from therapy_journal.gui.contacts.compare_dialog import CompareDialog
from therapy_journal.gui.contacts.contact_form import ContactForm
from therapy_journal.gui.contacts.contacts_area import ContactsArea
from therapy_journal.gui.profile.profile_area import ProfileForm
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.profile import Profile


def _select(area: ContactsArea, name: str) -> None:
    tree = area.trees[area.view]
    for group in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(group)
        for row in range(top.childCount()):
            if top.child(row).text(0).startswith(name):
                tree.setCurrentItem(top.child(row))
                return
    raise AssertionError(f"{name} is not listed")


def test_what_was_learned_is_kept_and_an_essential_miss_caps_the_fit(
    qtbot: QtBot, unlocked_app: App
) -> None:
    session = unlocked_app.session
    session.profile.save(Profile(lgbtq_affirming="essential", concerns=("anxiety",)))
    session.contacts.add(Contact(kind="therapist", name="Sam", specialties=("anxiety",)))
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    _select(area, "Sam")
    assert "confidence" in area.editor.search.fit.text()
    assert "high confidence" not in area.editor.search.fit.text()  # affirming not known
    form = area.editor.form
    assert form.affirming.currentText() == "Not known"
    form.affirming.setCurrentIndex(form.affirming.findData("no"))
    form.styles["talk"].setCurrentIndex(form.styles["talk"].findData("listening"))
    form.sees["couple"].setChecked(True)
    form.licensed_in.setText("Oregon, Washington")
    assert area.editor.save_now()
    stored = session.contacts.contacts()[0]
    assert (stored.lgbtq_affirming, stored.styles, stored.sees) == (
        "no",
        {"talk": "listening"},
        ("couple",),
    )
    assert stored.licensed_in == ("Oregon", "Washington")
    area.editor.show_contact(stored)
    text = area.editor.search.fit.text()
    assert "You marked LGBTQ+ affirming practice as essential; they said they are not" in text
    assert "Fit 40 of 100" in text


def _three_therapists(app: App) -> None:
    session = app.session
    session.profile.save(Profile(concerns=("anxiety", "trauma"), lgbtq_affirming="important"))
    for name, concerns, affirming in (
        ("Ana", ("anxiety",), ""),
        ("Bo", ("anxiety", "trauma"), "yes"),
        ("Cy", (), "no"),
    ):
        session.contacts.add(
            Contact(kind="therapist", name=name, specialties=concerns, lgbtq_affirming=affirming)
        )


def test_the_therapist_list_sorts_by_fit(qtbot: QtBot, unlocked_app: App) -> None:
    _three_therapists(unlocked_app)
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    group = area.trees["therapists"].topLevelItem(0)
    names = [group.child(row).text(0) for row in range(group.childCount())]
    assert [name.split()[0] for name in names] == ["Ana", "Bo", "Cy"]
    area.order.setCurrentIndex(area.order.findData("fit"))
    group = area.trees["therapists"].topLevelItem(0)
    names = [group.child(row).text(0) for row in range(group.childCount())]
    assert [name.split()[0] for name in names] == ["Bo", "Ana", "Cy"]
    assert "fit 100, high" in names[0]


def test_compare_puts_two_to_four_side_by_side_and_fits_a_small_screen(
    qtbot: QtBot, unlocked_app: App
) -> None:
    _three_therapists(unlocked_app)
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    _select(area, "Cy")
    assert area.compare_button.isEnabled()
    dialog = area.compare_dialog()
    assert isinstance(dialog, CompareDialog)
    qtbot.addWidget(dialog)
    ids = {c.name: c.id for c in unlocked_app.session.contacts.contacts()}
    # The one shown, and the best fit of the others; the list is best first.
    assert dialog.chosen_ids() == [ids["Bo"], ids["Cy"]]
    dialog.set_chosen([ids["Ana"], ids["Bo"], ids["Cy"]])
    table = dialog.table
    assert table.columnCount() == 3
    headers = [table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers == ["Bo", "Ana", "Cy"]  # best fit first, as the list
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert rows == ["Fit", "Concerns", "LGBTQ+ affirming practice"]
    assert dialog.cell_text(2, 0).startswith("Met")
    assert dialog.cell_text(2, 1).startswith("Not known")
    assert dialog.cell_text(2, 2).startswith("Not met")
    assert dialog.cell_text(0, 0) == "Fit 100 of 100, high confidence"
    dialog.set_chosen([ids["Ana"]])
    assert table.columnCount() == 0
    assert "Tick 2 to 4 therapists; 1 ticked." in dialog.message.text()
    dialog.set_chosen([ids["Ana"], ids["Bo"]])
    dialog.show()
    assert fit_problems(dialog) == []
    dialog.done(QDialog.DialogCode.Rejected)


@pytest.mark.parametrize(
    ("locale", "taken", "fee", "profession"),
    [
        ("en_US.UTF-8", "In-network with", "Out-of-network fee", "mft"),
        ("en_GB.UTF-8", "Private insurers", "Private fee", "talking_therapies"),
    ],
)
def test_money_words_and_professions_follow_the_region(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    *,
    locale: str,
    taken: str,
    fee: str,
    profession: str,
) -> None:
    monkeypatch.setenv("LC_ALL", locale)
    form = ContactForm()
    qtbot.addWidget(form)
    assert form.insurance.accessibleName() == taken
    assert form.fee.accessibleName() == fee
    label = form.form.labelForField(form.rows["insurance"])
    assert label is not None and label.text() == taken  # type: ignore[attr-defined]
    profile_form = ProfileForm()
    qtbot.addWidget(profile_form)
    assert profession in profile_form.professions
    profile_form.for_whom.setCurrentIndex(profile_form.for_whom.findData("couple"))
    profile_form.professions[profession].setChecked(True)
    profile_form.essentials["licensed"].setChecked(True)
    profile_form.lives_in.setText("Somewhere")
    kept = profile_form.profile()
    assert (kept.for_whom, kept.professions, kept.essentials, kept.lives_in) == (
        "couple",
        (profession,),
        ("licensed",),
        "Somewhere",
    )


def test_a_profession_from_another_region_is_kept(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    form = ProfileForm()
    qtbot.addWidget(form)
    form.show_profile(Profile(professions=("mft", "counselor")))
    assert form.profile().professions == ("counselor", "mft")

"""``contact fit`` and ``contact compare`` (issue 17), and what the person
learned about a therapist through ``contact add``/``edit``."""

from __future__ import annotations

from tests.cli.test_contacts_cli import Book, book, one_line_error  # noqa: F401 (fixture)


def set_profile(book: Book, data: str) -> None:  # noqa: F811
    path = book.tmp / "profile.json"
    path.write_text(data)
    result = book.run("profile", "set", "--from-json", str(path))
    assert result.code == 0, result.err


def test_edit_records_what_was_learned_and_unknown_forgets_it(book: Book) -> None:  # noqa: F811
    added = book.add("therapist", "Dr. Lee", "--lgbtq-affirming", "yes", "--sees", "me,couple")
    assert (added["lgbtq_affirming"], added["sees"]) == ("yes", ["me", "couple"])
    edited = book.json(
        "contact",
        "edit",
        str(added["id"]),
        "--lgbtq-affirming",
        "unknown",
        "--profession",
        "psychologist",
        "--licensed-in",
        "Oregon, Washington",
        "--style",
        "talk=listening",
        "--their-age",
        "older",
    )
    shown = book.json("contact", "show", str(added["id"]))
    assert shown == edited
    assert shown["lgbtq_affirming"] == ""
    assert (shown["profession"], shown["licensed_in"]) == ("psychologist", ["Oregon", "Washington"])
    assert (shown["styles"], shown["age"], shown["sees"]) == (
        {"talk": "listening"},
        "older",
        ["me", "couple"],
    )


def test_show_names_what_was_learned(book: Book) -> None:  # noqa: F811
    added = book.add("therapist", "Dr. Lee", "--lgbtq-affirming", "yes", "--profession", "mft")
    result = book.run("contact", "show", str(added["id"]))
    assert "LGBTQ+ affirming:  Yes, their practice is affirming" in result.out
    assert "Profession:" in result.out and "Marriage and family therapist" in result.out


def test_a_wrong_style_is_a_usage_error_and_changes_nothing(book: Book) -> None:  # noqa: F811
    added = book.add("therapist", "Dr. Lee")
    error = one_line_error(book.run("contact", "edit", str(added["id"]), "--style", "talk=loud"), 2)
    assert "--style takes AXIS=OPTION" in error
    assert book.json("contact", "show", str(added["id"]))["styles"] == {}


def test_fit_json_never_says_100_high_when_an_essential_part_is_unknown(book: Book) -> None:  # noqa: F811
    set_profile(book, '{"lgbtq_affirming": "essential", "concerns": ["anxiety"]}')
    added = book.add("therapist", "Dr. Lee")
    result = book.json("contact", "fit", str(added["id"]))
    assert result["confidence_label"] != "high"
    assert result["questions"][0].startswith("Is your practice LGBTQ+ affirming")
    assert [part["area"] for part in result["parts"]] == ["concerns", "lgbtq_affirming"]
    assert result["parts"][1] == {
        "area": "lgbtq_affirming",
        "label": "LGBTQ+ affirming practice",
        "status": "unknown",
        "score": None,
        "essential": True,
        "text": "Not known yet whether their practice is LGBTQ+ affirming",
        "ask": "Is your practice LGBTQ+ affirming, and what does that mean in your work?",
    }


def test_fit_says_in_words_why_the_score_is_capped(book: Book) -> None:  # noqa: F811
    set_profile(book, '{"lgbtq_affirming": "essential"}')
    added = book.add("therapist", "Dr. Lee", "--lgbtq-affirming", "no")
    result = book.run("contact", "fit", str(added["id"]))
    assert result.code == 0, result.err
    assert "Fit 0 of 100" in result.out
    assert (
        "Capped: You marked LGBTQ+ affirming practice as essential; they said they are not."
        in result.out
    )


def test_compare_lays_therapists_side_by_side(book: Book) -> None:  # noqa: F811
    set_profile(book, '{"lgbtq_affirming": "important", "for_whom": "couple"}')
    one = book.add("therapist", "Dr. One", "--lgbtq-affirming", "yes", "--sees", "couple")
    two = book.add("therapist", "Dr. Two", "--lgbtq-affirming", "no")
    table = book.json("contact", "compare", str(one["id"]), str(two["id"]))
    assert [t["name"] for t in table["therapists"]] == ["Dr. One", "Dr. Two"]
    assert [t["score"] for t in table["therapists"]] == [100, 0]
    rows = {row["area"]: [cell["status"] for cell in row["cells"]] for row in table["rows"]}
    assert rows == {"for_whom": ["met", "unknown"], "lgbtq_affirming": ["met", "not_met"]}
    text = book.run("contact", "compare", str(one["id"]), str(two["id"]))
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    assert lines[0].split() == ["Dr.", "One", "Dr.", "Two"]
    assert lines[1].split() == ["Fit", "100", "(high)", "0", "(low)"]
    assert lines[2].split() == ["Who", "the", "therapy", "is", "for", "Met", "Not", "known"]


def test_compare_takes_two_to_four_ids_and_names_an_unknown_one(book: Book) -> None:  # noqa: F811
    one = str(book.add("therapist", "Dr. One")["id"])
    assert "Give 2 to 4" in one_line_error(book.run("contact", "compare", one), 2)
    five = ["contact", "compare", one, one, one, one, one]
    assert "Give 2 to 4" in one_line_error(book.run(*five), 2)
    assert "There is no contact 99" in one_line_error(book.run("contact", "compare", one, "99"), 1)
    assert "There is no contact 98" in one_line_error(book.run("contact", "fit", "98"), 1)

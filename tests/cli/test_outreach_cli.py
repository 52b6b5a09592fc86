"""``outreach-script``: a first message drafted from the profile on a real vault."""

from __future__ import annotations

import json

from tests.cli.test_commands import Setup, setup  # noqa: F401 (a fixture)
from therapy_journal.locations import config_folder


def _profile(setup: Setup, **fields: object) -> None:  # noqa: F811
    result = setup.run("profile", "set", "--from-json", "-", stdin=json.dumps(fields))
    assert result.code == 0, result.err


def test_a_call_script_says_what_the_profile_says(setup: Setup) -> None:  # noqa: F811
    _profile(
        setup,
        concerns=["grief"],
        days=["tue"],
        times=["morning"],
        payment="insurance",
        insurer="Cigna",
    )
    folder = config_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps({"region": "us"}))
    result = setup.run("outreach-script")
    assert result.code == 0, result.err
    assert result.out.startswith("Hi, my name is [your first name].")
    assert "help with grief and loss" in result.out
    assert "free on Tuesdays, in the mornings" in result.out
    assert "use Cigna" in result.out and "In-network? Co-pay?" in result.out
    assert "Share only what feels comfortable" in result.err


def test_an_email_script_starts_with_its_subject(setup: Setup) -> None:  # noqa: F811
    _profile(setup, concerns=["couple"])
    result = setup.run("outreach-script", "--for", "email")
    assert result.out.startswith(
        "Subject: Looking for couple therapy for my partner and me\n\nHello,\n"
    )


def test_json_has_the_script_and_an_exercise_to_do_first(setup: Setup) -> None:  # noqa: F811
    _profile(setup, payment="insurance", insurer="Bupa")
    folder = config_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps({"region": "uk"}))
    data = json.loads(setup.run("outreach-script", "--for", "voicemail", "--json").out)
    assert (data["for"], data["region"], data["subject"]) == ("voicemail", "uk", None)
    assert "Bupa" not in data["text"]  # a voicemail keeps private things out
    assert data["exercise"]["steps"] and data["exercise"]["title"]
    email = json.loads(setup.run("outreach-script", "--for", "email", "--json").out)
    assert "Available on the NHS? Private fee?" in email["text"]


def test_an_unknown_form_is_a_usage_error(setup: Setup) -> None:  # noqa: F811
    result = setup.run("outreach-script", "--for", "letter")
    assert result.code == 2 and "invalid choice" in result.err

"""``profile show|set`` and ``goal add|list|step|done`` on a real vault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_commands import Setup, setup  # noqa: F401 (a fixture)


def test_profile_show_json_round_trips_through_profile_set(
    setup: Setup,  # noqa: F811
    tmp_path: Path,
) -> None:
    shown = json.loads(setup.run("profile", "show", "--json").out)
    shown.update(gender="a woman", days=["mon", "thu"], budget_per_session=90, stage="searching")
    shown["styles"] = {"talk": "listening"}
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(shown))
    result = setup.run("profile", "set", "--from-json", str(path))
    assert (result.code, result.err) == (0, "Saved the profile.\n")
    assert json.loads(setup.run("profile", "show", "--json").out) == shown
    again = setup.run("profile", "set", "--from-json", str(path))
    assert again.err == "Nothing changed.\n"
    text = setup.run("profile", "show").out
    assert "**Gender:** a woman" in text and "Monday, Thursday" in text


def test_profile_set_keeps_fields_the_file_leaves_out(setup: Setup) -> None:  # noqa: F811
    setup.run("profile", "set", "--from-json", "-", stdin='{"faith": "Quaker"}')
    setup.run("profile", "set", "--from-json", "-", stdin='{"location": "Leeds"}')
    shown = json.loads(setup.run("profile", "show", "--json").out)
    assert (shown["faith"], shown["location"]) == ("Quaker", "Leeds")


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ('{"favourite_colour": "green"}', "'favourite_colour' is not part of the profile"),
        ('{"age": "ancient"}', "'age' cannot be \"ancient\" (it takes: younger, similar, older)"),
        ('{"days": ["mon", "funday"]}', "'days' cannot be"),
        ('{"budget_per_session": "lots"}', "'budget_per_session' cannot be"),
        ("[1, 2]", "does not hold a JSON object"),
        ("{not json", "is not JSON"),
    ],
)
def test_profile_set_names_what_it_refuses_and_saves_nothing(
    setup: Setup,  # noqa: F811
    given: str,
    named: str,
) -> None:
    before = setup.run("profile", "show", "--json").out
    mixed = given if not given.startswith('{"') else given[:-1] + ', "faith": "Quaker"}'
    result = setup.run("profile", "set", "--from-json", "-", stdin=mixed)
    assert result.code == 2
    assert named in result.err and result.err.count("\n") == 1
    assert setup.run("profile", "show", "--json").out == before


def test_goals_from_the_command_line(setup: Setup) -> None:  # noqa: F811
    added = setup.run(
        "goal", "add", "Contact three therapists", "--due", "2026-12-20",
        "--step", "Call Dr A", "--step", "Email Dr B", "--json",
    )  # fmt: skip
    assert added.code == 0, added.err
    goal = json.loads(added.out)
    assert goal["due"] == "2026-12-20" and goal["status"] == "active"
    assert [s["text"] for s in goal["steps"]] == ["Call Dr A", "Email Dr B"]

    ticked = json.loads(setup.run("goal", "step", str(goal["id"]), "2", "--done", "--json").out)
    assert [s["done"] for s in ticked["steps"]] == [False, True]
    back = json.loads(setup.run("goal", "step", str(goal["id"]), "2", "--undone", "--json").out)
    assert [s["done"] for s in back["steps"]] == [False, False]

    done = setup.run("goal", "done", str(goal["id"]))
    assert "Milestone reached" in done.err and "(done, due 2026-12-20, 0 of 2 steps)" in done.out
    listed = json.loads(setup.run("goal", "list", "--json").out)
    assert [(g["title"], g["status"]) for g in listed] == [("Contact three therapists", "done")]
    assert json.loads(setup.run("goal", "list", "--status", "active", "--json").out) == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("goal", "step", "1", "3", "--done"), 2, "Goal 1 has 1 step; there is no step 3."),
        (("goal", "step", "1", "1"), 2, "one of the arguments --done --undone is required"),
        (("goal", "done", "7"), 1, "There is no goal 7."),
        (("goal", "done", "99999999999999999999"), 1, "There is no goal 99999999999999999999."),
        (("goal", "add", "  "), 2, ""),
        (("goal", "add", "Later", "--due", "1800-01-01"), 2, "outside the dates"),
    ],
)
def test_goal_mistakes_are_one_sentence_and_change_nothing(
    setup: Setup,  # noqa: F811
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    setup.run("goal", "add", "First", "--step", "only step")
    before = setup.run("goal", "list", "--json").out
    result = setup.run(*args)
    assert result.code == code, result.err
    assert message in result.err and result.err.count("\n") == 1
    assert setup.run("goal", "list", "--json").out == before


def test_profile_carries_who_therapy_is_for_medication_professions_and_essentials(
    setup: Setup,  # noqa: F811
) -> None:
    given = {
        "for_whom": "child_teen",
        "medication": "prescriber",
        "professions": ["psychiatrist", "psychologist"],
        "lives_in": "Ontario",
        "essentials": ["licensed", "for_whom"],
    }
    result = setup.run("profile", "set", "--from-json", "-", stdin=json.dumps(given))
    assert result.code == 0, result.err
    shown = json.loads(setup.run("profile", "show", "--json").out)
    assert {key: shown[key] for key in given} == {
        **given,
        "professions": ["psychologist", "psychiatrist"],  # in the app's order
        "essentials": ["for_whom", "licensed"],
    }
    text = setup.run("profile", "show").out
    assert "**For:** My child or teen" in text and "**Licensed in:** Ontario" in text
    wrong = setup.run("profile", "set", "--from-json", "-", stdin='{"for_whom": "dog"}')
    assert wrong.code == 2 and "'for_whom' cannot be \"dog\" (it takes: me, child_teen" in wrong.err

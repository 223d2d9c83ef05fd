from types import SimpleNamespace

from core.people import display_name


def _user(first, last, username="u1"):
    return SimpleNamespace(first_name=first, last_name=last, username=username)


def test_japanese_names_family_name_first():
    assert display_name(_user("健", "佐藤")) == "佐藤 健"


def test_western_names_given_name_first():
    assert display_name(_user("Alice", "Smith")) == "Alice Smith"


def test_falls_back_to_username_and_handles_none():
    assert display_name(_user("", "", "pm1")) == "pm1"
    assert display_name(None) == ""

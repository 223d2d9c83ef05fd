"""Search: Japanese substrings (also two characters), English typos, ranking and safe highlighting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from knowledge import search, selectors
from knowledge.models import Lesson

pytestmark = pytest.mark.django_db


def titles(user, query, **filters):
    return [lesson.title for lesson in selectors.search_lessons(user, query, queryset=selectors.lessons(user))]


def test_a_japanese_word_inside_a_sentence_is_found(make_lesson, reader):
    make_lesson("移行当日の遅延", what_happened="顧客との要件定義書のレビューが遅れ、設計に着手できなかった。")
    make_lesson("Unrelated", what_happened="Nothing about requirements.")
    assert titles(reader, "要件定義") == ["移行当日の遅延"]


def test_a_two_character_japanese_query_is_found(make_lesson, reader):
    make_lesson("移行当日の遅延", what_happened="顧客との要件定義書のレビューが遅れた。")
    make_lesson("別件", what_happened="テスト環境の準備が遅れた。")
    assert titles(reader, "要件") == ["移行当日の遅延"]
    assert sorted(titles(reader, "遅れ")) == ["別件", "移行当日の遅延"]


def test_every_term_must_match(make_lesson, reader):
    make_lesson("Vendor progress", what_happened="要件 and vendor")
    make_lesson("Vendor only", what_happened="vendor")
    assert titles(reader, "vendor　要件") == ["Vendor progress"]  # a full-width space separates terms too


def test_a_misspelt_english_word_finds_its_lesson(make_lesson, reader):
    make_lesson("Requirements signed off without operations", what_happened="Operations raised new needs.")
    make_lesson("Cloud sizing", what_happened="Load tests decided the size.")
    assert titles(reader, "requirments") == ["Requirements signed off without operations"]


def test_a_partial_english_word_finds_its_lesson(make_lesson, reader):
    make_lesson("Stakeholder map missed operations", what_happened="Nobody asked the service desk.")
    make_lesson("Cloud sizing", what_happened="Load tests decided the size.")
    assert titles(reader, "stakehold") == ["Stakeholder map missed operations"]
    assert titles(reader, "stakeholdr") == ["Stakeholder map missed operations"]


def test_a_title_match_ranks_above_a_body_match(make_lesson, reader):
    body = make_lesson("Cloud costs", what_happened="The rollback was never rehearsed.")
    title = make_lesson("Rollback rehearsal", what_happened="Rehearse it twice.")
    # The body match is newer and more helpful: the title match still comes first.
    Lesson.objects.filter(pk=title.pk).update(published_at=timezone.now() - dt.timedelta(days=900))
    Lesson.objects.filter(pk=body.pk).update(helpful_count=10)
    assert titles(reader, "rollback") == ["Rollback rehearsal", "Cloud costs"]


def test_among_body_matches_recent_and_helpful_come_first(make_lesson, reader):
    old = make_lesson("Old", what_happened="rollback story")
    new = make_lesson("New", what_happened="rollback story")
    Lesson.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(days=2000))
    assert titles(reader, "rollback") == ["New", "Old"]
    Lesson.objects.filter(pk=old.pk).update(helpful_count=20)
    assert titles(reader, "rollback") == ["Old", "New"]
    assert new.pk


def test_like_wildcards_in_a_query_are_literal(make_lesson, reader):
    make_lesson("Percent", what_happened="90% complete for weeks")
    make_lesson("Other", what_happened="nothing")
    assert titles(reader, "%") == ["Percent"]
    assert titles(reader, "_") == []


def test_highlight_escapes_first_then_marks():
    html = search.highlight("<b>要件定義</b> & more", ["要件", "amp"])
    assert html == "&lt;b&gt;<mark>要件</mark>定義&lt;/b&gt; &amp; more"
    assert search.highlight("Requirements", ["requirments"]) == "<mark>Requirements</mark>"


def test_snippet_centres_on_the_match_and_stays_inert():
    text = "x" * 300 + " <script>alert(1)</script> 要件定義 " + "y" * 300
    html = str(search.snippet(text, ["要件定義"]))
    assert "<mark>要件定義</mark>" in html and "<script>" not in html and html.startswith("… ")


def test_the_database_indexes_japanese_trigrams():
    """Recorded in knowledge.search's docstring: with this database's ctype, pg_trgm indexes kanji."""
    status = search.trigram_status()
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's")
    assert status["show_trgm('要件定義')"] not in ("{}", "")

"""Lesson search for Japanese and English text alike, behind one interface (``search``), with highlighting.

How it matches (each whitespace-separated term must match; half- and full-width spaces both separate terms):

* **Substring, any language.** ``search_text`` holds the title, the four sections and the tags in lower case (kept
  by ``knowledge.services.lessons``), and a term matches with ``search_text LIKE '%term%'`` (the term lower-cased,
  ``%`` and ``_`` escaped). Japanese has no spaces, so word-splitting full-text search would not find 要件定義 inside
  要件定義書のレビューが遅れた; a substring match does. ``LIKE`` on a lower-cased column instead of ``ILIKE``: on
  multibyte text ILIKE folds case character by character and is several times slower (measured: 88 ms against
  23 ms for a sequential scan of 10,000 lessons), and pg_trgm's GIN index serves both.
* **The index and short terms.** Migration 0001 creates GIN ``gin_trgm_ops`` indexes on ``search_text`` and
  ``title``. A term of 3 characters or more gives pg_trgm trigrams, and the planner uses the index when the term is
  selective (``Bitmap Index Scan on lesson_search_text_trgm``: 0.8 ms for "rollback" at 10,000 lessons). A 1–2
  character term (要件) yields no trigram: the index cannot narrow anything, so the plan is a sequential scan with the
  ``LIKE`` filter (``Seq Scan on knowledge_lesson … Filter: search_text ~~ '%要件%'``, about 23 ms at 10,000
  lessons). It is just as correct. After a bulk load the GIN pending list must be merged (``VACUUM``, as autovacuum
  does) before the planner trusts the index; ``seed_lessons`` does it.
* **Misspelt English.** ``SearchWord`` is the dictionary of every English word of the lessons (3+ letters). For a
  query term of 4+ ASCII letters, one indexed query (``word % term``, ordered by ``similarity``) finds up to
  ``MAX_CORRECTIONS`` words at least ``CORRECTION_MIN_SIMILARITY`` similar, and the term also matches lessons
  containing one of them: "requirments" finds "requirements", "stakeholdr" finds "stakeholder". (Word similarity of
  the term against each whole text, ``search_text %> term``, was measured first: 1.5 s at 10,000 lessons.) A term
  that some dictionary word contains, such as the partial word "stakehold", is not corrected: its substring match
  is the answer.
* **What the database's locale does to Japanese.** pg_trgm only builds trigrams from characters the locale's
  ``ctype`` calls alphanumeric. Checked on the development and CI database (PostgreSQL 15, ``lc_ctype`` =
  ``C.UTF-8``, UTF8): ``SELECT show_trgm('要件定義')`` gives five trigrams (``{0xb8602d,0x0fc098,0x21455f,0x2ed9bb,
  0x2e74b3}``: multibyte trigrams are stored hashed), so kanji and kana are indexed. Under a plain ``C`` / ``POSIX``
  ctype they would not be (``show_trgm`` returns ``{}``): Japanese terms would still be found, by sequential scans.
  ``trigram_status()`` reports what the running database does (the benchmark records it).
* **SQLite** (the zero-setup default): ``icontains`` on the same column; misspelt words are corrected against the
  same dictionary with ``difflib`` in Python (up to ``SQLITE_MAX_WORDS`` words). Same ranking otherwise.

Ranking: terms matched in the title (exactly: 2, through a correction: 1) above terms matched only in the body;
then a blend of recency and helpful votes (published within a year +5, within three years +2, plus helpful − not
helpful); then the newest first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Func
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 6
MAX_TERM_LENGTH = 100
FUZZY_MIN_LENGTH = 4
_TERM_SPLIT = re.compile(r"[\s\u3000]+")
_ASCII_WORD = re.compile(r"^[A-Za-z][A-Za-z\-']*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-']+")
_DICT_WORD = re.compile(r"[a-z][a-z'\-]{2,}")
CORRECTION_MIN_SIMILARITY = 0.5
MAX_CORRECTIONS = 2
SQLITE_MAX_WORDS = 20_000


class ILike(Func):
    """``lhs ILIKE pattern`` (ranking on ``title``, only over rows already matched)."""

    template = "%(expressions)s"
    arg_joiner = " ILIKE "
    output_field = BooleanField()


class TrigramSimilar(Func):
    """``lhs % term``: trigram similarity above ``pg_trgm.similarity_threshold`` (GIN-indexed)."""

    template = "%(expressions)s"
    arg_joiner = " %% "
    output_field = BooleanField()


class Similarity(Func):
    function = "SIMILARITY"
    output_field = FloatField()


def normalise(text: str) -> str:
    """How ``search_text`` is stored and how terms are compared with it: lower case (``LIKE`` on a lower-cased
    column is several times faster than ``ILIKE`` on multibyte text, and uses the same trigram index)."""
    return (text or "").lower()


def parse_terms(raw: str | None) -> list[str]:
    """The distinct terms of a query (at most ``MAX_TERMS``, each cut to ``MAX_TERM_LENGTH``)."""
    terms: list[str] = []
    for part in _TERM_SPLIT.split((raw or "").strip()):
        term = part.strip()[:MAX_TERM_LENGTH]
        if term and term.casefold() not in {t.casefold() for t in terms}:
            terms.append(term)
    return terms[:MAX_TERMS]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def fuzzy_eligible(term: str) -> bool:
    return len(term) >= FUZZY_MIN_LENGTH and bool(_ASCII_WORD.match(term))


def words_of(text: str) -> set[str]:
    return {w for w in _DICT_WORD.findall(normalise(text)) if len(w) <= 60}


def remember_words(text: str) -> None:
    """Add the English words of ``text`` to the correction dictionary (``SearchWord``)."""
    from knowledge.models import SearchWord

    words = words_of(text)
    if words:
        SearchWord.objects.bulk_create([SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True)


def corrections(term: str) -> list[str]:
    """Dictionary words close to a (possibly misspelt) English ``term``, best first: one indexed query."""
    from knowledge.models import SearchWord

    if not fuzzy_eligible(term):
        return []
    needle = normalise(term)
    if not is_postgres():
        # SQLite: the same dictionary, compared in Python (a demo-sized dictionary; none beyond SQLITE_MAX_WORDS).
        words = list(SearchWord.objects.values_list("word", flat=True)[: SQLITE_MAX_WORDS + 1])
        if len(words) > SQLITE_MAX_WORDS or any(needle in w for w in words):
            return []
        close = difflib.get_close_matches(needle, words, n=MAX_CORRECTIONS + 1, cutoff=0.8)
        return [w for w in close if w != needle][:MAX_CORRECTIONS]
    # One indexed query: the close words, and whether a dictionary word contains the term as it is (then the term
    # is a real or partial word, e.g. "stakehold", and needs no correction: its substring match is enough).
    rows = list(
        SearchWord.objects.filter(Q(TrigramSimilar(F("word"), Value(needle))) | Q(word__contains=needle))
        .annotate(
            score=Similarity(F("word"), Value(needle)),
            has_term=Case(When(word__contains=needle, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .order_by("-has_term", "-score", "word")
        .values_list("word", "score", "has_term")[: MAX_CORRECTIONS + 1]
    )
    if rows and rows[0][2]:
        return []
    return [word for word, score, _has in rows if score >= CORRECTION_MIN_SIMILARITY and word != needle][
        :MAX_CORRECTIONS
    ]


def contains(field: str, term: str) -> Q:
    """``field`` contains ``term``, ignoring case: ILIKE on PostgreSQL, icontains elsewhere."""
    if is_postgres():
        return Q(ILike(F(field), Value(_like_pattern(term))))
    return Q(**{f"{field}__icontains": term})


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _in_text(word: str) -> Q:
    """The lower-cased ``search_text`` contains ``word`` (``LIKE``, served by the trigram index)."""
    return Q(search_text__contains=normalise(word))


def _count(conditions: list[Q]) -> Case | Value:
    if not conditions:
        return Value(0)
    total = None
    for cond in conditions:
        part = Case(When(cond, then=Value(1)), default=Value(0), output_field=IntegerField())
        total = part if total is None else total + part
    return total


def search(queryset: QuerySet, raw: str | None, *, now: dt.datetime | None = None) -> QuerySet:
    """``queryset`` (lessons) narrowed to those matching every term of ``raw``, annotated with ``title_score`` and
    ``body_score`` and ordered best first. An empty query keeps the queryset and orders by ``rank_quality``."""
    terms = parse_terms(raw)
    now = now or timezone.now()
    quality = (
        Case(
            When(published_at__gte=now - dt.timedelta(days=365), then=Value(5)),
            When(published_at__gte=now - dt.timedelta(days=3 * 365), then=Value(2)),
            default=Value(0),
            output_field=IntegerField(),
        )
        + F("helpful_count")
        - F("unhelpful_count")
    )
    qs = queryset.annotate(rank_quality=quality)
    if not terms:
        return qs.annotate(title_score=Value(0), body_score=Value(0)).order_by(
            "-rank_quality", F("published_at").desc(nulls_last=True), "-pk"
        )
    fixes = {term: corrections(term) for term in terms}
    for term in terms:
        match = _in_text(term)
        for word in fixes[term]:
            match |= _in_text(word)
        qs = qs.filter(match)
    title_exact = _count([contains("title", t) for t in terms])
    title_fuzzy = _count([Q(*[contains("title", w) for w in fixes[t]], _connector=Q.OR) for t in terms if fixes[t]])
    body_exact = _count([_in_text(t) for t in terms])
    return qs.annotate(
        title_score=title_exact * Value(2) + title_fuzzy,
        body_score=body_exact,
    ).order_by("-title_score", "-body_score", "-rank_quality", F("published_at").desc(nulls_last=True), "-pk")


def trigram_status() -> dict[str, str]:
    """What the running database does for Japanese trigrams (for the benchmark and the operator)."""
    if not is_postgres():
        return {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        cursor.execute("SHOW lc_ctype")
        ctype = cursor.fetchone()[0]
        cursor.execute("SELECT show_trgm(%s)::text", ["要件定義"])
        trigrams = cursor.fetchone()[0]
    return {"vendor": "postgresql", "lc_ctype": ctype, "show_trgm('要件定義')": trigrams}


# --- Highlighting ---------------------------------------------------------------------------------------------------


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    folded = text.casefold()
    for term in terms:
        needle = term.casefold()
        if not needle:
            continue
        start = folded.find(needle)
        found = start >= 0
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
        if not found and len(term) >= FUZZY_MIN_LENGTH and _ASCII_WORD.match(term):
            for match in _WORD.finditer(text):
                word = match.group().casefold()
                if difflib.SequenceMatcher(None, needle, word).ratio() >= 0.8:
                    spans.append(match.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with the terms (and, for English, the words they fuzzily match) wrapped in ``<mark>``.

    Matches are found in the raw text and each piece is escaped on its own, so a term can never cut an entity."""
    text = text or ""
    out: list[str] = []
    last = 0
    for start, end in _spans(text, terms):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece was escaped above


_MARKUP = re.compile(r"[#>*_`|\[\]]+")


def snippet(text: str, terms: list[str], *, width: int = 160) -> SafeString:
    """A plain-text excerpt of ``text`` (Markdown marks removed) around the first match, highlighted."""
    plain = " ".join(_MARKUP.sub(" ", text or "").split())
    spans = _spans(plain, terms)
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(plain), start + width)
    piece = plain[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(plain) else ""
    return mark_safe(escape(prefix) + highlight(piece, terms) + escape(suffix))  # noqa: S308 - escaped pieces

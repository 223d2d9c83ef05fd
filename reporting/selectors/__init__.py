"""Reads of the reporting app: ``portfolio`` (dashboard, export, API), ``project`` (the project panel's charts),
``runs`` (report runs and schedules).

Performance (issue 10; 1,000 projects × 156 weeks, PostgreSQL 15, 2 shared cores, Django test client with DEBUG
off, median of 11 requests after warm-up, 2026-12-02):

- Executive dashboard, before: 154 ms, 18 queries, 92 ms of SQL (the 26-week RAG trend 37 ms, the totals 13 ms,
  risk heat map 11 ms, issue ageing 10 ms); ~9 ms of it serialising the six figures (the quadrant alone is 180 KB of
  JSON) at every render. The bench's gunicorn figure on a loaded machine was 437 ms.
- After: the counts, totals, roll-ups and the six figures (already serialised) are cached per filter, language,
  day and visibility scope, keyed by the portfolio version (``reporting.cache``: a database counter bumped after
  commit of any change the dashboard shows). Cached: 38 ms, 10 queries, 9 ms of SQL (the table page, the filter
  form's choices, the session, the version). First request after a change: 127 ms, 19 queries.
- Weekly status PDFs: kaleido reloaded its page after every chart (~0.13 s of a ~0.2 s chart); the charts now go
  to a kept-warm page in one call per report and the page is reloaded every 50 figures, off the answer path
  (``reporting.charts.svg``): ~0.02 s a chart. See ``benchmarks/reporting_bench.py`` for the batch figures.
"""

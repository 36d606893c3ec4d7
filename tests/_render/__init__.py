"""Test-side renderers: turn generated report data into documents for round-trip tests.

:mod:`._render.layout` describes the official layout format-neutrally (a list of
:class:`~_render.layout.Block`); :mod:`._render.text`, :mod:`._render.html` (and the DOCX
and PDF renderers) print those blocks. They live under ``tests/`` because they are test
utilities, not library code; ``tests/conftest.py`` puts ``tests/`` on ``sys.path``.
"""

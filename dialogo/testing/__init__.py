"""Test infrastructure: real servers started on 127.0.0.1 for the test suite.

See :mod:`dialogo.testing.services` and ``scripts/testenv/``.
"""

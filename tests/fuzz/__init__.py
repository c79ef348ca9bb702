"""Fuzz harnesses (not collected by pytest): ``python -m tests.fuzz reader|packs --minutes N``."""

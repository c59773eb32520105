"""Parlour: a neighbourhood's memories, kept in git, made into a website and exhibit panels."""

from __future__ import annotations

__version__ = "0.1.0"

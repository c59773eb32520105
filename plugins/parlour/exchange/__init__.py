"""Interchange and preservation formats: what other tools read and what outlives the site."""

"""Searching the whole history: queries, CJK grams for the index, and snippets for the results."""

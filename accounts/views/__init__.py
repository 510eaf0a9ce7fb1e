"""Accounts views, one module per topic."""

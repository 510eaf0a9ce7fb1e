"""Writes in the accounts app, one module per topic."""

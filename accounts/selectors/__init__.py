"""Accounts reads that are more than one filter, one module per topic."""

"""Imports every entity module so that their @handles decorators register."""

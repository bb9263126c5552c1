"""Maitre D: the host stand of a restaurant, with Wix Table Reservations rules, offline."""

__version__ = "0.1.0"

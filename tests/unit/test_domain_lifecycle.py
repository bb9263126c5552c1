"""SPEC §4: the lifecycle table, walked pair by pair, and the status sets the rules lean on."""

from __future__ import annotations

from itertools import product

import pytest

from maitred.domain.lifecycle import (
    ALLOWED_STATUS_CHANGES,
    CANCELABLE_STATUSES,
    EXPIRING_STATUSES,
    NOT_CREATABLE_STATUSES,
    OCCUPYING_STATUSES,
    ReservationStatus,
    Scope,
    Source,
    can_change_status,
)

S = ReservationStatus

#: SPEC §4, copied by hand: the Wix moves, then the host's undo moves.
SPEC_ALLOWED = {
    (S.REQUESTED, S.RESERVED), (S.REQUESTED, S.DECLINED), (S.REQUESTED, S.CANCELED),
    (S.RESERVED, S.SEATED), (S.RESERVED, S.CANCELED), (S.RESERVED, S.NO_SHOW),
    (S.SEATED, S.FINISHED),
    (S.PAYMENT_PENDING, S.RESERVED), (S.PAYMENT_PENDING, S.CANCELED),
    (S.SEATED, S.RESERVED), (S.FINISHED, S.SEATED), (S.NO_SHOW, S.RESERVED), (S.NO_SHOW, S.SEATED),
    (S.CANCELED, S.RESERVED), (S.DECLINED, S.RESERVED),
}  # fmt: skip

SPEC_STATUSES = ["HELD", "REQUESTED", "DECLINED", "RESERVED", "SEATED", "CANCELED", "NO_SHOW", "FINISHED",
                 "PAYMENT_PENDING"]


@pytest.mark.parametrize(("current", "new"), list(product(S, S)), ids=lambda s: str(s))
def test_a_status_change_is_allowed_exactly_when_spec_lists_it(current, new):
    assert can_change_status(current, new) is ((current, new) in SPEC_ALLOWED)


def test_the_statuses_are_the_nine_of_the_spec():
    assert [str(s) for s in S] == SPEC_STATUSES


def test_the_table_has_a_row_for_every_status():
    assert set(ALLOWED_STATUS_CHANGES) == set(S)


@pytest.mark.parametrize("target", [S.HELD, S.PAYMENT_PENDING])
def test_nothing_moves_back_into_a_hold_or_a_payment_window(target):
    assert not any(can_change_status(current, target) for current in S)


def test_a_held_reservation_changes_status_only_through_reserve():
    assert not any(can_change_status(S.HELD, new) for new in S)


@pytest.mark.parametrize("status", list(S))
def test_naming_the_current_status_is_not_a_move(status):
    assert not can_change_status(status, status)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (OCCUPYING_STATUSES, {S.HELD, S.PAYMENT_PENDING, S.REQUESTED, S.RESERVED, S.SEATED}),
        (EXPIRING_STATUSES, {S.HELD, S.PAYMENT_PENDING}),
        (CANCELABLE_STATUSES, {S.REQUESTED, S.RESERVED, S.PAYMENT_PENDING}),
        (NOT_CREATABLE_STATUSES, {S.HELD, S.PAYMENT_PENDING}),
    ],
    ids=["occupying", "expiring", "cancelable", "not-creatable"],
)
def test_status_sets_match_the_spec(statuses, expected):
    assert statuses == expected


@pytest.mark.parametrize(("scope", "staff"), [(Scope.BASIC, False), (Scope.MEDIUM, True), (Scope.FULL, True)])
def test_only_basic_callers_are_not_staff(scope, staff):
    assert scope.is_staff is staff


def test_sources_are_those_of_the_spec():
    assert [str(s) for s in Source] == ["ONLINE", "OFFLINE", "WALK_IN", "UNDEFINED"]

"""Property-based fuzzing of the published OpenAPI document: no request may get a 5xx.

Schemathesis generates requests for every operation, both fitting the schema and breaking it
(wrong types, missing fields, odd strings), and sends them with a FULL key through the whole
application. Ids of the restaurant are put into some of them, so the booking rules run too,
not only validation. Bounded: a fixed number of examples per operation, no shrinking.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from conftest import Site, make_site

EXAMPLES = 80

CONFIG = SchemathesisConfig.from_dict({
    "generation": {"mode": "all", "max-examples": EXAMPLES, "no-shrink": True, "deterministic": True},
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
})


# Schemathesis parametrizes at collection time, so the site exists from then on (in memory).
_SITE = make_site()
SITE = next(_SITE)
schema = schemathesis.openapi.from_asgi("/openapi.json", SITE.client.app, config=CONFIG)


@pytest.fixture(scope="module")
def fuzzed_site() -> Iterator[Site]:
    yield SITE
    for _ in _SITE:  # closes the client and the book
        pass


def _aim(value: Any, location_id: str, chance: random.Random) -> Any:
    """Point some generated location ids at the real restaurant."""
    if isinstance(value, dict):
        return {k: (location_id if k == "reservationLocationId" and chance.random() < 0.7 else _aim(v, location_id,
                                                                                                   chance))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_aim(v, location_id, chance) for v in value]
    return value


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_gets_a_server_error(case: Any, fuzzed_site: Site) -> None:
    chance = random.Random(repr(case.body))
    location_id = fuzzed_site.location["id"]
    if isinstance(case.body, dict):
        case.body = _aim(case.body, location_id, chance)
    if case.path_parameters and "reservationLocationId" in case.path_parameters and chance.random() < 0.7:
        case.path_parameters["reservationLocationId"] = location_id
    response = case.call(headers={"Authorization": fuzzed_site.key_text["FULL"]})
    assert response.status_code < 500, (case.method, case.path, case.body, response.text)
    if response.status_code >= 400:
        error = response.json()
        assert error["message"] and ("applicationError" in error["details"] or "validationError" in error["details"])

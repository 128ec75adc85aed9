"""The hosted page and the control API: the end user's actions without Python."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from yoti_idv.emulator import Emulator, ManualClock

from .helpers import create, spec

WEB = "/idverify/v1/web"
CONTROL = "/__emulator__"


def page_url(created: dict[str, Any]) -> str:
    return (
        f"{WEB}/index.html?sessionID={created['session_id']}"
        f"&sessionToken={created['client_session_token']}"
    )


def form(created: dict[str, Any], outcome: str, attempts: str = "") -> dict[str, str]:
    return {
        "sessionID": created["session_id"],
        "sessionToken": created["client_session_token"],
        "outcome": outcome,
        "attempts": attempts,
    }


async def test_page_shows_the_capture_and_three_buttons(
    emulator: Emulator, http: httpx.AsyncClient, raw: httpx.AsyncClient
) -> None:
    created = await create(http)
    response = await raw.get(page_url(created))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["referrer-policy"] == "same-origin"
    page = response.text
    for value in ("pass", "spoof", "abandon"):
        assert f'name="outcome" value="{value}"' in page
    assert "Passive (STATIC) liveness" in page
    assert 'action="capture"' in page
    assert "data:image/jpeg;base64," in page
    assert emulator.web_url(created["session_id"], created["client_session_token"]).endswith(
        page_url(created)
    )


async def test_page_for_zoom(http: httpx.AsyncClient, raw: httpx.AsyncClient) -> None:
    created = await create(http, spec("ZOOM"))
    assert "facemap and frames" in (await raw.get(page_url(created))).text


@pytest.mark.parametrize(
    "query", ["", "?sessionID=x&sessionToken=y", "?sessionID={sid}&sessionToken=wrong"]
)
async def test_page_refuses_a_bad_link(
    http: httpx.AsyncClient, raw: httpx.AsyncClient, query: str
) -> None:
    created = await create(http)
    response = await raw.get(f"{WEB}/index.html" + query.format(sid=created["session_id"]))
    assert response.status_code == 404
    assert "not valid" in response.text


async def test_pressing_live_person_completes_and_redirects_to_success(
    emulator: Emulator, http: httpx.AsyncClient, raw: httpx.AsyncClient
) -> None:
    created = await create(http)
    response = await raw.post(f"{WEB}/capture", data=form(created, "pass"))
    assert response.status_code == 303
    assert response.headers["location"] == "https://localhost:8443/success"
    session = (await http.get(f"sessions/{created['session_id']}")).json()
    assert session["state"] == "COMPLETED"
    assert session["checks"][0]["report"]["recommendation"]["value"] == "APPROVE"
    again = await raw.get(page_url(created))
    assert again.status_code == 409


async def test_spoof_with_attempts_from_the_page(
    http: httpx.AsyncClient, raw: httpx.AsyncClient
) -> None:
    created = await create(http)
    response = await raw.post(f"{WEB}/capture", data=form(created, "spoof", "2"))
    assert response.headers["location"] == "https://localhost:8443/success"
    session = (await http.get(f"sessions/{created['session_id']}")).json()
    assert [c["report"]["recommendation"]["value"] for c in session["checks"]] == ["REJECT"] * 2


async def test_giving_up_redirects_to_error(
    http: httpx.AsyncClient, raw: httpx.AsyncClient
) -> None:
    created = await create(http)
    response = await raw.post(f"{WEB}/capture", data=form(created, "abandon"))
    assert (response.status_code, response.headers["location"]) == (
        303,
        "https://localhost:8443/error",
    )
    assert (await http.get(f"sessions/{created['session_id']}")).json()["state"] == "EXPIRED"


async def test_without_urls_the_page_thanks_the_user(
    http: httpx.AsyncClient, raw: httpx.AsyncClient
) -> None:
    created = await create(http, spec(sdk_config={}))
    response = await raw.post(f"{WEB}/capture", data=form(created, "pass"))
    assert response.status_code == 200
    assert "Thank you" in response.text


async def test_page_form_errors(http: httpx.AsyncClient, raw: httpx.AsyncClient) -> None:
    created = await create(http)
    bad_outcome = await raw.post(f"{WEB}/capture", data=form(created, "dance"))
    assert bad_outcome.status_code == 400
    bad_attempts = await raw.post(f"{WEB}/capture", data=form(created, "pass", "9"))
    assert bad_attempts.status_code == 400
    bad_token = await raw.post(
        f"{WEB}/capture", data={**form(created, "pass"), "sessionToken": "x"}
    )
    assert bad_token.status_code == 404


# --- control API --------------------------------------------------------------------------------


async def test_control_complete_and_list(
    emulator: Emulator, http: httpx.AsyncClient, raw: httpx.AsyncClient
) -> None:
    created = await create(http)
    sid = created["session_id"]
    listed = (await raw.get(f"{CONTROL}/sessions")).json()
    assert [s["session_id"] for s in listed] == [sid]
    assert listed[0]["state"] == "ONGOING"
    assert listed[0]["liveness_type"] == "STATIC"
    assert "client_session_token" not in listed[0]
    response = await raw.post(
        f"{CONTROL}/sessions/{sid}/complete", json={"outcome": "spoof", "attempts": 2}
    )
    assert response.status_code == 200
    assert response.json()["state"] == "COMPLETED"
    assert len(response.json()["media_ids"]) == 2
    assert (await raw.get(f"{CONTROL}/sessions/{sid}")).json()["state"] == "COMPLETED"
    again = await raw.post(f"{CONTROL}/sessions/{sid}/complete", json={})
    assert (again.status_code, again.json()["code"]) == (409, "SESSION_NOT_ONGOING")


@pytest.mark.parametrize(
    ("body", "prop"),
    [
        ({"outcome": "dance"}, "outcome"),
        ({"attempts": "two"}, "attempts"),
        ({"attempts": 7}, "attempts"),
        ([1], "body"),
    ],
)
async def test_control_complete_bad_requests(
    http: httpx.AsyncClient, raw: httpx.AsyncClient, body: Any, prop: str
) -> None:
    created = await create(http)
    response = await raw.post(f"{CONTROL}/sessions/{created['session_id']}/complete", json=body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["property"] == prop


async def test_control_unknown_session(raw: httpx.AsyncClient) -> None:
    for response in (
        await raw.get(f"{CONTROL}/sessions/nope"),
        await raw.post(f"{CONTROL}/sessions/nope/complete", json={}),
        await raw.post(f"{CONTROL}/sessions/nope/media/withhold", json={}),
    ):
        assert response.status_code == 404


async def test_control_withhold_media(
    emulator: Emulator, http: httpx.AsyncClient, raw: httpx.AsyncClient
) -> None:
    created = await create(http)
    sid = created["session_id"]
    summary = await emulator.complete_session(sid)
    response = await raw.post(f"{CONTROL}/sessions/{sid}/media/withhold", json={})
    assert response.json() == {"media_ids": list(summary.media_ids)}
    medium = await http.get(f"sessions/{sid}/media/{summary.media_ids[0]}/content")
    assert medium.status_code == 204
    unknown = await raw.post(f"{CONTROL}/sessions/{sid}/media/withhold", json={"media_id": "x"})
    assert unknown.status_code == 404


async def test_control_clock(
    http: httpx.AsyncClient, raw: httpx.AsyncClient, clock: ManualClock
) -> None:
    created = await create(http)
    response = await raw.post(f"{CONTROL}/clock/advance", json={"seconds": 901})
    assert response.json()["now"] == "2026-01-01T12:15:01.000Z"
    assert (await http.get(f"sessions/{created['session_id']}")).json()["state"] == "EXPIRED"
    bad = await raw.post(f"{CONTROL}/clock/advance", json={"seconds": -1})
    assert bad.status_code == 400


async def test_control_clock_on_real_time_is_409() -> None:
    emulator = Emulator()
    async with httpx.AsyncClient(
        transport=emulator.transport(), base_url="http://localhost"
    ) as client:
        response = await client.post(f"{CONTROL}/clock/advance", json={"seconds": 1})
    assert (response.status_code, response.json()["code"]) == (409, "CLOCK_NOT_MANUAL")


async def test_control_faults_and_index(raw: httpx.AsyncClient) -> None:
    index = (await raw.get(f"{CONTROL}/")).json()
    assert any(e["path"] == "/__emulator__/faults" for e in index["endpoints"])
    armed = await raw.post(f"{CONTROL}/faults", json={"kind": "unavailable", "count": 2})
    assert armed.status_code == 201
    assert (await raw.get(f"{CONTROL}/faults")).json()[0]["remaining"] == 2
    assert (await raw.get("/idverify/v1/supported-documents")).status_code == 503
    assert (await raw.get(f"{CONTROL}/faults")).json()[0]["remaining"] == 1
    assert (await raw.delete(f"{CONTROL}/faults")).json() == []
    assert (await raw.get("/idverify/v1/supported-documents")).status_code == 200
    bad = await raw.post(f"{CONTROL}/faults", json={"kind": "meteor"})
    assert bad.status_code == 400
    bad_delay = await raw.post(f"{CONTROL}/faults", json={"kind": "delay"})
    assert bad_delay.status_code == 400


async def test_control_register_application(
    emulator: Emulator, raw: httpx.AsyncClient, other_key_pair: Any
) -> None:
    response = await raw.post(
        f"{CONTROL}/applications",
        json={"sdk_id": "hub-app", "public_key_pem": other_key_pair.public_key_pem.decode()},
    )
    assert response.status_code == 201
    assert "hub-app" in emulator.applications
    bad = await raw.post(
        f"{CONTROL}/applications", json={"sdk_id": "x", "public_key_pem": "garbage"}
    )
    assert (bad.status_code, bad.json()["errors"][0]["property"]) == (400, "public_key_pem")
    missing = await raw.post(f"{CONTROL}/applications", json={"public_key_pem": "garbage"})
    assert missing.json()["errors"][0]["property"] == "sdk_id"

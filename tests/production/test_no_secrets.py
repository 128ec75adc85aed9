"""A full flow with every log record captured: no secret in any log line, str or repr.

Secrets: the private key, every ``X-Yoti-Auth-Digest`` sent, the client session token and the
notification auth token. The flow runs over real HTTP with logging at DEBUG for every logger
(ours, httpx's and httpcore's), and includes failures, so that exceptions are checked too.
"""

from __future__ import annotations

import logging

import httpx
import pytest

from yoti_idv import (
    AsyncIDVClient,
    NotificationConfigBuilder,
    RequestedLivenessCheckBuilder,
    RetryPolicy,
    SessionSpecBuilder,
    parse_notification,
    verify_notification_auth,
)
from yoti_idv.emulator import Emulator
from yoti_idv.errors import YotiIDVError
from yoti_idv.testing import KeyPair, make_key_pair, serve_emulator

AUTH_TOKEN = "webhook-user:webhook-S3CRET-password"
SDK_ID = "secrets-test"


async def test_a_full_flow_logs_and_raises_no_secret(
    caplog: pytest.LogCaptureFixture, key_pair: KeyPair
) -> None:
    received: list[httpx.Request] = []

    def webhook(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(200)

    emulator = Emulator(
        notification_client=httpx.AsyncClient(transport=httpx.MockTransport(webhook))
    )
    emulator.register_application(SDK_ID, key_pair.public_key_pem)
    digests: list[str] = []

    async def record_digest(request: httpx.Request) -> None:
        digests.append(request.headers["X-Yoti-Auth-Digest"])

    problems: list[BaseException] = []
    texts: list[str] = []
    caplog.set_level(logging.DEBUG)
    with serve_emulator(emulator) as base_url:
        async with httpx.AsyncClient(event_hooks={"request": [record_digest]}) as http:
            client = AsyncIDVClient(
                SDK_ID,
                key_pair.private_key,
                base_url=base_url,
                http_client=http,
                retry=RetryPolicy(backoff_initial=0.01, backoff_max=0.01),
            )
            texts.append(repr(client))
            spec = (
                SessionSpecBuilder()
                .with_requested_check(
                    RequestedLivenessCheckBuilder()
                    .for_static_liveness()
                    .with_max_retries(2)
                    .build()
                )
                .with_notifications(
                    NotificationConfigBuilder()
                    .with_endpoint("https://backend.example.com/webhook")
                    .with_auth_token(AUTH_TOKEN)
                    .with_basic_auth_type()
                    .for_session_completion()
                    .for_check_completion()
                    .build()
                )
                .build()
            )
            texts += [repr(spec), str(spec)]
            created = await client.create_session(spec)
            texts += [repr(created), str(created)]
            emulator.inject_fault("unavailable", count=1, method="GET", retry_after=0)
            await emulator.complete_session(created.session_id, "pass")
            session = await client.get_session(created.session_id)
            texts += [repr(session), str(session)]
            for liveness in session.resources.static_liveness_resources:
                assert liveness.image is not None
                assert liveness.image.media is not None
                assert liveness.image.media.id is not None
                media = await client.get_media_content(created.session_id, liveness.image.media.id)
                texts.append(repr(media))
            for request in received:
                header = request.headers.get("Authorization")
                verify_notification_auth(header, AUTH_TOKEN, "BASIC")
                texts.append(repr(parse_notification(request.content)))
                try:
                    verify_notification_auth(header, AUTH_TOKEN + "x", "BASIC")
                except YotiIDVError as exc:
                    problems.append(exc)
            await client.delete_session(created.session_id)
            try:
                await client.get_session(created.session_id)
            except YotiIDVError as exc:
                problems.append(exc)
            try:
                client.web_url(created.session_id, created.client_session_token + "/x")
            except ValueError as exc:
                problems.append(exc)
            await client.aclose()

        wrong_key = make_key_pair()
        async with AsyncIDVClient(SDK_ID, wrong_key.private_key, base_url=base_url) as intruder:
            try:
                await intruder.get_session(created.session_id)
            except YotiIDVError as exc:
                problems.append(exc)

    assert received, "the emulator sent no notification"
    assert len(problems) >= 3
    texts += [str(p) for p in problems] + [repr(p) for p in problems]
    texts += [record.getMessage() for record in caplog.records]
    texts += [caplog.text]
    everything = "\n".join(texts)

    secrets = {
        "client session token": created.client_session_token,
        "notification auth token": AUTH_TOKEN,
        "notification password": "webhook-S3CRET-password",
    }
    pem_lines = key_pair.private_key_pem.decode().splitlines()[1:-1]
    for number, line in enumerate(pem_lines):
        secrets[f"private key line {number}"] = line
    for number, digest in enumerate(digests):
        secrets[f"digest {number}"] = digest
    assert len(digests) >= 5
    leaked = [name for name, value in secrets.items() if value and value in everything]
    assert leaked == []
    # The log did record the flow (it is not silent because nothing was logged at all).
    assert any(r.name == "yoti_idv" for r in caplog.records)

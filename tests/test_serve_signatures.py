"""Webhook signature checks against signatures computed independently (the openssl CLI)."""

from __future__ import annotations

import base64
import shutil
import subprocess

import pytest

from sevtriage.serve.signatures import SCHEMES, SignatureError, scheme_for, sign, verify

SECRET = b"dGhpc19pc19hX3NlY3JldA"
BODY = b'{"ticket":{"id":35436,"subject":"Help, my printer is on fire!"}}'
NOW = 1_796_029_200.0  # 2026-11-30T09:00:00Z
STAMP = "2026-11-30T09:00:00Z"

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI not installed")


def openssl_hmac(algorithm: str, secret: bytes, data: bytes) -> bytes:
    """HMAC computed by another implementation than Python's, as raw bytes."""
    out = subprocess.run(["openssl", "dgst", f"-{algorithm}", "-mac", "HMAC", "-macopt",
                          f"key:{secret.decode()}", "-binary"], input=data, capture_output=True, check=True)
    return out.stdout


def lower(headers: dict[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


@needs_openssl
def test_zendesk_signature_is_base64_hmac_sha256_of_timestamp_and_body() -> None:
    expected = base64.b64encode(openssl_hmac("sha256", SECRET, STAMP.encode() + BODY)).decode()
    headers = {"x-zendesk-webhook-signature": expected, "x-zendesk-webhook-signature-timestamp": STAMP}
    verify("zendesk", SECRET, BODY, headers, NOW)
    assert lower(sign("zendesk", SECRET, BODY, NOW)) == headers


@needs_openssl
def test_zammad_signature_is_sha1_hex_of_body() -> None:
    expected = "sha1=" + openssl_hmac("sha1", SECRET, BODY).hex()
    verify("zammad", SECRET, BODY, {"x-hub-signature": expected}, NOW)
    verify("zammad", SECRET, BODY, {"x-hub-signature": expected.upper().replace("SHA1", "sha1")}, NOW)
    assert sign("zammad", SECRET, BODY, NOW) == {"X-Hub-Signature": expected}


@needs_openssl
def test_glpi_and_jira_signatures() -> None:
    stamp = str(int(NOW))
    glpi = openssl_hmac("sha256", SECRET, BODY + stamp.encode()).hex()
    verify("glpi", SECRET, BODY, {"x-glpi-signature": glpi, "x-glpi-timestamp": stamp}, NOW)
    jira = "sha256=" + openssl_hmac("sha256", SECRET, BODY).hex()
    verify("jira", SECRET, BODY, {"x-hub-signature": jira}, NOW)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_scheme_refuses_unsigned_wrong_secret_and_altered_body(scheme: str) -> None:
    good = lower(sign(scheme, SECRET, BODY, NOW))
    verify(scheme, SECRET, BODY, good, NOW)
    with pytest.raises(SignatureError, match="missing header"):
        verify(scheme, SECRET, BODY, {}, NOW)
    with pytest.raises(SignatureError):
        verify(scheme, b"another-secret", BODY, good, NOW)
    if scheme != "token":  # a shared token proves the caller only; the others bind the body
        with pytest.raises(SignatureError):
            verify(scheme, SECRET, BODY + b" ", good, NOW)
    for name, value in good.items():  # a signature garbled in any header
        with pytest.raises(SignatureError):
            verify(scheme, SECRET, BODY, {**good, name: value[:-2] + "\u00e9x"}, NOW)


@pytest.mark.parametrize("scheme", ["zendesk", "glpi"])
def test_replayed_timestamps_are_refused_outside_the_window(scheme: str) -> None:
    signed_then = lower(sign(scheme, SECRET, BODY, NOW))
    verify(scheme, SECRET, BODY, signed_then, NOW + 299, window=300)
    verify(scheme, SECRET, BODY, signed_then, NOW - 299, window=300)
    for later in (NOW + 301, NOW - 301, NOW + 86_400):
        with pytest.raises(SignatureError, match="replay window"):
            verify(scheme, SECRET, BODY, signed_then, later, window=300)


def test_a_timestamp_cannot_be_moved_without_breaking_the_signature() -> None:
    signed_then = lower(sign("zendesk", SECRET, BODY, NOW - 3600))
    moved = {**signed_then, "x-zendesk-webhook-signature-timestamp": STAMP}
    with pytest.raises(SignatureError, match="does not match"):
        verify("zendesk", SECRET, BODY, moved, NOW)


def test_reasons_never_contain_the_secret_or_the_signature() -> None:
    good = lower(sign("zammad", SECRET, BODY, NOW))
    with pytest.raises(SignatureError) as caught:
        verify("zammad", b"other", BODY, good, NOW)
    assert SECRET.decode() not in str(caught.value)
    assert good["x-hub-signature"][5:] not in str(caught.value)


def test_helpdesks_that_do_not_sign_use_the_shared_token() -> None:
    assert scheme_for("zendesk") == "zendesk"
    assert scheme_for("freshdesk") == "token"
    assert scheme_for("znuny") == "token"

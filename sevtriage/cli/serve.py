"""``sevtriage serve``: classify tickets over HTTP (the ``serve`` extra: Starlette, uvicorn, prometheus-client).

The options are checked, the policy loaded and every secret read before the
socket is bound: a server that starts is a server that can answer. The
metrics folder is made here, before prometheus-client is imported anywhere,
and removed at exit.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from importlib.util import find_spec

import click

from sevtriage.cli.intake_option import fail_mapping
from sevtriage.cli.policy_option import fail_policy, rules_option
from sevtriage.engine.compiler import compile_policy
from sevtriage.policy.discovery import discover
from sevtriage.policy.model import Policy
from sevtriage.policy.source import load_policy_spec
from sevtriage.problems import PolicyError
from sevtriage.tickets.inputs import DEFAULT_MAX_TICKET_BYTES, MAX_TICKET_BYTES_LIMIT
from sevtriage.wording import json_term

EXIT_USAGE = 2
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def _pairs(option: str, values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            raise click.UsageError(f"{option} takes NAME=VALUE, not {json_term(value)}")
        out[name] = rest
    return out


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port to listen on (0: any free port, logged at start).")
@rules_option
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (each with its own classifier).")
@click.option("--max-body-bytes", type=click.IntRange(min=1), default=16 * 1024 * 1024, show_default=True,
              help="A longer request body gets 413.")
@click.option("--max-tickets", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="More tickets in one request get 413.")
@click.option("--max-ticket-bytes", type=click.IntRange(min=2, max=MAX_TICKET_BYTES_LIMIT),
              default=DEFAULT_MAX_TICKET_BYTES,
              show_default=True, help="A longer ticket becomes an error record (as in classify).")
@click.option("--header-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a client has to send the request line and headers.")
@click.option("--body-timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds a client has to send the body (then 408).")
@click.option("--drain-timeout", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="On SIGTERM, seconds the requests in flight get to finish.")
@click.option("--webhook", "webhooks", multiple=True, metavar="NAME=MAPPING",
              help="Add /v1/webhooks/NAME, mapped by a mapping file or preset (repeatable).")
@click.option("--webhook-secret", "secrets", multiple=True, metavar="NAME=env:VAR|file:PATH",
              help="The secret that signs NAME's calls, from an environment variable or a file (repeatable).")
@click.option("--signing", "schemes", multiple=True, metavar="NAME=SCHEME",
              help="How NAME's calls are signed: zendesk, zammad, glpi, jira or token (default: by its name).")
@click.option("--allow-unsigned", multiple=True, metavar="NAME",
              help="Accept NAME's calls without a signature (off by default; repeatable).")
@click.option("--replay-window", type=click.FloatRange(min=1), default=300.0, show_default=True,
              help="Seconds a signed timestamp (Zendesk, GLPI) may differ from now.")
def serve_command(host: str, port: int, rules_path: str | None, workers: int, max_body_bytes: int,
                  max_tickets: int, max_ticket_bytes: int, header_timeout: float, body_timeout: float,
                  drain_timeout: float, webhooks: tuple[str, ...], secrets: tuple[str, ...],
                  schemes: tuple[str, ...], allow_unsigned: tuple[str, ...], replay_window: float) -> None:
    """Classify tickets over HTTP: POST /v1/classify, POST /v1/webhooks/NAME, GET /healthz,
    /readyz, /v1/policy, /metrics. SIGHUP reloads the policy; SIGTERM drains and exits.

    Logs are JSON lines on standard error.
    """
    # find_spec, not import: prometheus-client must not be imported before its folder is set
    missing = [name for name in ("starlette", "uvicorn", "prometheus_client") if find_spec(name) is None]
    if missing:
        raise click.ClickException(
            f"sevtriage serve needs the serve extra ({', '.join(missing)} missing): pip install 'sevtriage[serve]'")
    from sevtriage.serve.mappings import available_presets, load_mappings
    from sevtriage.serve.settings import Settings, SettingsError, webhook_settings
    from sevtriage.tickets.mapping import MappingError

    def load() -> Policy:
        """The policy, validated as every command does, the engine's limits included (no ruleset yet)."""
        choice = discover(rules_path)  # as every command: --rules, SEVTRIAGE_RULES, [tool.sevtriage], bundled
        policy = load_policy_spec(choice.spec)
        policy.origin = choice.describe()
        compile_policy(policy)  # kept on the policy: the workers inherit it compiled
        return policy

    try:
        policy = load()
    except PolicyError as error:
        fail_policy(error)
    try:
        hooks = webhook_settings(_pairs("--webhook", webhooks), _pairs("--webhook-secret", secrets),
                                 _pairs("--signing", schemes), set(allow_unsigned), available_presets())
        mappings = load_mappings(hooks)
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    except MappingError as error:  # a mapping file with problems: each at file:line:col, exit 2
        fail_mapping(error)
    settings = Settings(host=host, port=port, workers=workers, rules=rules_path, max_body_bytes=max_body_bytes,
                        max_tickets=max_tickets, max_ticket_bytes=max_ticket_bytes, header_timeout=header_timeout,
                        body_timeout=body_timeout, drain_timeout=drain_timeout, replay_window=replay_window,
                        webhooks=hooks)
    folder = tempfile.mkdtemp(prefix="sevtriage-metrics-")
    os.environ[MULTIPROC_ENV] = folder  # before prometheus-client's values are first used
    try:
        from sevtriage.serve import logs
        from sevtriage.serve.supervisor import Supervisor, bind

        logs.setup()
        try:
            sock = bind(host, port)
        except OSError as error:
            raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from None
        status = Supervisor(settings, policy, load, mappings, sock).run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(status)

"""Benchmark of ``classify --map zendesk`` against ``classify`` on the equivalent contract tickets.

    python bench/mapping.py                         # 20,000 tickets, 3 rounds (about a minute)
    python bench/mapping.py --tickets 100000 --rounds 5
    python bench/mapping.py --tickets 2000 --text-flags   # both variants with the text detectors

The Zendesk payloads are made from the seeded synthetic tickets
(bench/synthetic.py): each becomes a Zendesk Support ticket object as the
REST API writes it (priority name, type, tags for the symptoms, custom fields
for technology and environment, and the ~30 other fields Zendesk sends), one
per line. The contract tickets are what ``sevtriage map zendesk`` makes of
those payloads, so both variants classify exactly the same tickets; the
outputs are compared line for line. The rounds interleave the variants, and
both tickets per wall-second and per CPU-second are reported.

Both variants always run under the same text-flag setting: the payloads and
the contract tickets carry the same subject and description, so with the
detectors on both sides run the same detectors on the same text. By default
both run with ``--no-text-flags`` (as bench/run.py does): the detectors cost
~100x what mapping does per ticket, so with them the ratio says little about
mapping (``--text-flags`` measures that case; bench/text_speed.py measures the
detectors themselves).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import SEVTRIAGE, disagreements, run  # noqa: E402
from synthetic import tickets  # noqa: E402

PRIORITY = {1: "urgent", 2: "high", 3: "normal", 4: "low"}
TYPES = {"incident": "incident", "question": "question"}
FLOOR_PAYLOADS, FLOOR_CONTRACT = "read floor, Zendesk payloads", "read floor, contract tickets"
ENVIRONMENTS = {"production": "env_production", "staging": "env_staging", "development": "env_development"}


def zendesk_ticket(ticket: dict[str, Any], number: int) -> dict[str, Any]:
    """One Zendesk REST ticket object carrying what the zendesk preset reads of ``ticket``."""
    tags = ["enterprise"]
    for flag, value in ticket.get("symptoms", {}).items():
        if flag == "performance":
            if value in ("severe", "minor"):
                tags.append(f"sev_performance_{value}")
        elif flag == "operations_affected":
            tags.append("sev_operations_affected" if value else "sev_no_operations_impact")
        elif value:
            tags.append(f"sev_{flag}")
    return {
        "url": f"https://example.zendesk.com/api/v2/tickets/{number}.json",
        "id": ticket["id"],
        "external_id": None,
        "via": {"channel": "web", "source": {"from": {}, "to": {}, "rel": None}},
        "created_at": ticket["created_at"],
        "updated_at": ticket["created_at"],
        "type": TYPES.get(ticket.get("request_type", "incident")),
        "subject": ticket["subject"],
        "raw_subject": ticket["subject"],
        "description": ticket["description"],
        "priority": PRIORITY.get(ticket.get("declared_severity", 0)),
        "status": "new",
        "recipient": "support@example.com",
        "requester_id": 20978392 + number,
        "submitter_id": 20978392 + number,
        "assignee_id": None,
        "organization_id": 509974,
        "group_id": 98738,
        "collaborator_ids": [],
        "follower_ids": [],
        "email_cc_ids": [],
        "forum_topic_id": None,
        "problem_id": None,
        "has_incidents": False,
        "is_public": True,
        "due_at": None,
        "tags": tags,
        "custom_fields": [
            {"id": 360000000001, "value": ticket.get("technology")},
            {"id": 360000000002, "value": ENVIRONMENTS.get(ticket.get("environment", ""))},
            {"id": 360000000099, "value": "EU-West"},
        ],
        "satisfaction_rating": None,
        "sharing_agreement_ids": [],
        "custom_status_id": 123,
        "ticket_form_id": 360000072631,
        "brand_id": 360000015731,
        "allow_channelback": False,
        "allow_attachments": True,
        "from_messaging_channel": False,
    }


def make_inputs(folder: Path, count: int, seed: int) -> tuple[Path, Path]:
    payloads = folder / f"zendesk-{count}-{seed}.jsonl"
    contract = folder / f"zendesk-contract-{count}-{seed}.jsonl"
    if not payloads.exists():
        with payloads.open("w", encoding="utf-8") as out:
            for number, ticket in enumerate(tickets(count, seed)):
                out.write(json.dumps(zendesk_ticket(ticket, number), ensure_ascii=False) + "\n")
    if not contract.exists():
        with contract.open("wb") as out:
            subprocess.run([SEVTRIAGE, "map", "zendesk", str(payloads)], stdout=out, check=True)
    return payloads, contract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--text-flags", action="store_true",
                        help="run both variants with the text detectors (default: both with --no-text-flags)")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="sevtriage-bench-map-"))
    folder.mkdir(parents=True, exist_ok=True)
    payloads, contract = make_inputs(folder, args.tickets, args.seed)
    jobs = ["--jobs", str(args.jobs)] + ([] if args.text_flags else ["--no-text-flags"])  # the same for both
    variants = {
        "classify --map zendesk": [SEVTRIAGE, "classify", "-q", *jobs, "--map", "zendesk", str(payloads)],
        "classify (contract tickets)": [SEVTRIAGE, "classify", "-q", *jobs, str(contract)],
        # What reading the larger payload costs by itself: bench/baselines.py's read floor (read and
        # orjson-parse each line, as the codec does) on each file. The difference between the two
        # floors is a part of mapping's cost that no mapping code can remove.
        FLOOR_PAYLOADS: [sys.executable, str(HERE / "baselines.py"), "read-floor", str(payloads)],
        FLOOR_CONTRACT: [sys.executable, str(HERE / "baselines.py"), "read-floor", str(contract)],
    }
    outputs = {name: folder / f"out-map-{n}.jsonl" for n, name in enumerate(variants)}
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, command in variants.items():
            elapsed, used, status, _ = run(command, outputs[name])
            if status != 0:
                raise SystemExit(f"{name} failed with status {status}")
            wall[name].append(args.tickets / elapsed)
            cpu[name].append(args.tickets / used)
    size = payloads.stat().st_size / args.tickets, contract.stat().st_size / args.tickets
    print(f"{args.tickets:,} tickets (Zendesk payload {size[0]:,.0f} bytes, contract ticket {size[1]:,.0f} bytes "
          f"on average), --jobs {args.jobs}, text flags {'on' if args.text_flags else 'off'} in both, "
          f"{args.rounds} rounds, interleaved")
    print(f"  {'variant':<30} {'tickets/wall-s':>15} {'tickets/CPU-s':>15}   (medians)")
    for name in variants:
        print(f"  {name:<30} {statistics.median(wall[name]):>15,.0f} {statistics.median(cpu[name]):>15,.0f}")
    mapped, plain = list(variants)[:2]
    print(f"  ratio, CPU time: {statistics.median(cpu[mapped]) / statistics.median(cpu[plain]):.2f}x "
          f"[wall time: {statistics.median(wall[mapped]) / statistics.median(wall[plain]):.2f}x]  (target >= 0.8x)")
    print(f"  differential: {disagreements(outputs[mapped], outputs[plain])} result lines differ "
          f"(of {args.tickets:,})")
    per_ticket = {name: 1e6 / statistics.median(cpu[name]) for name in variants}  # CPU microseconds a ticket
    extra = per_ticket[mapped] - per_ticket[plain]
    floor = per_ticket[FLOOR_PAYLOADS] - per_ticket[FLOOR_CONTRACT]
    print(f"  CPU per ticket: --map {per_ticket[mapped]:.1f} us, contract {per_ticket[plain]:.1f} us: "
          f"--map costs {extra:.1f} us more, of which {floor:.1f} us is reading the larger payload (the read "
          f"floors' difference: {per_ticket[FLOOR_PAYLOADS]:.1f} against {per_ticket[FLOOR_CONTRACT]:.1f} us)")
    print(f"  0.8x would need --map at {per_ticket[plain] / 0.8:.1f} us a ticket, "
          f"{per_ticket[plain] / 0.8 - per_ticket[plain] - floor:.1f} us for mapping beyond reading the payload")


if __name__ == "__main__":
    main()

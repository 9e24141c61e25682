#!/usr/bin/env python3
"""Build traps.jsonl: text-only trap tickets for sevtriage's text flag detectors.

Written independently of the detectors' patterns and fixtures. Each ticket carries an
`expect` object (stripped by run_traps.py before classifying):

  flags     {flag: value | [acceptable values]}  a careful reader sets these (affirmed)
  any_of    [{flag: value, ...}, ...]             for each dict, at least one must be affirmed
  not       {flag: value | [values]}              must NOT be affirmed with that value
  optional  [flag, ...]                           either way is fine (ignored for precision)
  level     expected severity per READING.md
  why       one line of reasoning

Run: python3 build_traps.py  (writes traps.jsonl beside it, and checks that every
expected level follows from the expected flags under the READING.md rules).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TICKETS: list[dict] = []


def T(id_, lang, subject, description, level, why, flags=None, any_of=None, not_=None,
      optional=(), tags=()):
    flags = dict(flags or {})
    not_ = dict(not_ or {})
    optional = list(optional)
    # operations_affected is implied by most incident wording; unless a ticket
    # states it explicitly (expected or forbidden), either value is acceptable.
    if "operations_affected" not in flags and "operations_affected" not in not_ \
            and "operations_affected" not in optional:
        optional.append("operations_affected")
    TICKETS.append({
        "id": id_,
        "language": lang,
        "subject": subject,
        "description": description,
        "expect": {
            "flags": flags,
            "any_of": list(any_of or []),
            "not": not_,
            "optional": optional,
            "level": level,
            "why": why,
            "tags": list(tags),
        },
    })


FEAT = {"function_unavailable": True, "important_feature_unavailable": True}
FEAT_OR_INCORRECT = {"function_unavailable": True, "important_feature_unavailable": True,
                     "incorrect_behavior": True}
STAGING = ["staging", "development"]  # a test / pre-production environment caps either way
MSSQL = "mssql"
DOTNET = ".net"

# ---------------------------------------------------------------------------------------
# ENGLISH
# ---------------------------------------------------------------------------------------

# plain affirmed symptoms
T("TRAP-EN-001", "en", "Production server down - nobody can log in",
  "Since 08:15 this morning our production instance of Ragnarokkr is completely stopped. "
  "None of our 300 agents can log in, they are all sitting idle. We already rebooted the host, "
  "no change. Please call me asap.",
  1, "production stopped and users cannot work: L1",
  flags={"service_stopped": True, "users_blocked": True},
  optional=["restart_required", "error_message"], tags=["affirmed"])

T("TRAP-EN-002", "en", "Desktop client crashes when exporting invoices",
  "Every time an accountant clicks Export > PDF on an invoice batch, the desktop client crashes "
  "and closes without any message. They have to reopen it and redo the batch selection. "
  "This is holding up month-end closing for the whole finance team.",
  1, "reproducible crash of the product: L1-crash-hang",
  flags={"crash_or_hang": True},
  optional=["users_blocked", "function_unavailable", "important_feature_unavailable",
            "essential_function_unavailable"],
  not_={"data_loss": True}, tags=["affirmed"])

T("TRAP-EN-003", "en", "Customer records corrupted after last night's import",
  "After the nightly import job, around 2,000 customer records have garbled addresses (odd "
  "characters, fields shifted by one column). The data itself is corrupted in the production "
  "database, it's not just displayed wrong.",
  1, "data corruption: L1-data-loss",
  flags={"data_corruption": True}, optional=["incorrect_behavior"], tags=["affirmed"])

T("TRAP-EN-004", "en", "Full-text search unavailable, using filters instead",
  "Full-text search returns 'Service unavailable' for every query since the update. Users can "
  "still find records with the advanced filter panel, which is clunkier but works.",
  3, "feature unavailable with a workaround + error with workaround: L3",
  flags={"error_message": True, "workaround_available": True}, any_of=[FEAT],
  not_={"service_stopped": True, "users_blocked": True}, tags=["affirmed"])

T("TRAP-EN-005", "en", "Connection drops every 20 minutes",
  "Since Monday the web client drops the connection every 15-20 minutes for all users, then "
  "comes back by itself after a minute or two. It has been like this all day and people are "
  "losing patience.",
  2, "periodic interruptions: L2-unstable ('losing patience' is not data loss)",
  flags={"unstable": True}, not_={"data_loss": True, "service_stopped": True},
  tags=["affirmed", "lexical-trap"])

T("TRAP-EN-006", "en", "Reporting module extremely slow",
  "Reports that used to take 5 seconds now take 8 to 10 minutes. The dashboard is basically "
  "unusable during business hours.",
  2, "strongly degraded performance: L2-severe-performance",
  flags={"performance": "severe"}, not_={"performance": "minor"},
  optional=["function_unavailable"], tags=["affirmed"])

T("TRAP-EN-007", "en", "Import connector needs a restart every couple of days",
  "Every couple of days the import connector fails with \"Worker pool exhausted\" and the only "
  "way to recover is to restart the connector service. After the restart it works normally "
  "again.",
  2, "an error forces a restart: L2-restart-recovery",
  flags={"restart_required": True, "error_message": True},
  not_={"service_stopped": True}, optional=["unstable"], tags=["affirmed"])

T("TRAP-EN-008", "en", "Lost all attachments uploaded yesterday afternoon",
  "We lost every attachment uploaded between 14:00 and 18:00 yesterday. The tickets are still "
  "there but the files are gone, and they're not in the recycle bin either.",
  1, "data loss: L1-data-loss",
  flags={"data_loss": True}, tags=["affirmed"])

T("TRAP-EN-009", "en", "Wrong totals on invoice summary",
  "The invoice total on the summary screen doesn't include the shipping line, while the PDF is "
  "correct. Our staff double-check each invoice by hand, which slows them down a bit.",
  3, "incorrect behaviour with minor impact: L3-incorrect-behavior ('slows them down' is the "
  "staff, not the product's performance)",
  flags={"incorrect_behavior": True},
  not_={"performance": "severe"}, optional=["workaround_available", "performance"],
  tags=["affirmed"])

# negation before / after the phrase
T("TRAP-EN-010", "en", "Sync error SYNC-409 - no data lost",
  "The nightly sync to the CRM failed with error SYNC-409 'conflict on record'. We re-ran it "
  "manually this morning and it went through. No data was lost and users were not affected.",
  4, "error message, operations explicitly unaffected: L4-no-impact-error",
  flags={"error_message": True, "operations_affected": False},
  not_={"data_loss": True, "operations_affected": True},
  optional=["workaround_available", "customer_can_resolve"], tags=["negation"])

T("TRAP-EN-011", "en", "Monthly report layout broken after 7.2",
  "Data loss: none. After upgrading to 7.2 the monthly activity report prints the chart on top "
  "of the table, so the paper version is unreadable. The on-screen version is fine, so we print "
  "from the screen for now.",
  3, "incorrect behaviour (with workaround): L3; 'Data loss: none' negates after the phrase",
  flags={"incorrect_behavior": True, "workaround_available": True},
  not_={"data_loss": True}, tags=["negation", "negation-after"])

T("TRAP-EN-012", "en", "Audit log timestamps in UTC",
  "To be clear, the service never stopped and nobody was blocked: the only symptom is that the "
  "audit log shows timestamps in UTC instead of local time.",
  3, "incorrect behaviour, minor: L3; service_stopped/users_blocked are negated",
  flags={"incorrect_behavior": True},
  not_={"service_stopped": True, "users_blocked": True}, tags=["negation"])

T("TRAP-EN-013", "en", "Print preview paper size still wrong",
  "Since we applied hotfix 7.1.3 the client hasn't crashed once, thanks. However the print "
  "preview still shows the wrong paper size (Letter instead of A4).",
  3, "incorrect behaviour: L3; the crash is negated ('hasn't crashed once')",
  flags={"incorrect_behavior": True}, not_={"crash_or_hang": True}, tags=["negation"])

T("TRAP-EN-014", "en", "'Assign to me' does nothing on mobile",
  "No users are blocked and there is no data corruption, but the 'Assign to me' button does "
  "nothing in the mobile app. On desktop it works fine, so agents use the desktop for now.",
  3, "function unavailable with workaround: L3 (negated blocked/corruption)",
  flags={"workaround_available": True}, any_of=[FEAT_OR_INCORRECT],
  not_={"users_blocked": True, "data_corruption": True}, tags=["negation", "contrast"])

T("TRAP-EN-015", "en", "Agent console a bit slower",
  "Does the agent console freeze? No, it doesn't freeze, it just takes 3-4 seconds longer than "
  "before to open a ticket. Minor, but noticeable.",
  3, "minor performance degradation: L3; freeze is asked then denied",
  flags={"performance": "minor"}, not_={"crash_or_hang": True, "performance": "severe"},
  tags=["negation", "question-form"])

T("TRAP-EN-016", "en", "Restore took 6 hours",
  "We checked after the restore: nothing was lost or corrupted. The only issue is that the "
  "restore took 6 hours instead of about 1 hour as documented.",
  2, "6x slower restore is strongly degraded performance: L2; 'nothing was lost or corrupted' "
  "negates both",
  flags={"performance": "severe"}, not_={"data_loss": True, "data_corruption": True},
  optional=["restart_required"], tags=["negation", "coordination"])

T("TRAP-EN-017", "en", "Crash from #4411 fixed - release notes?",
  "The crash reported in #4411 no longer happens since the update. We're closing on our side; "
  "can you confirm the fix is listed in the release notes?",
  4, "question about release notes: L4; the crash is explicitly gone",
  flags={"request_type": ["release_notes", "question", "documentation"]},
  not_={"crash_or_hang": True}, tags=["negation", "question"])

T("TRAP-EN-018", "en", "What does 'License check deferred' mean?",
  "There was no outage and nobody lost any work. We just see the error 'License check deferred' "
  "in the admin panel every morning. Everything works; we'd just like to know what it means.",
  4, "error with no impact on operations: L4",
  flags={"error_message": True, "operations_affected": False},
  not_={"service_stopped": True, "data_loss": True, "unstable": True},
  optional=["request_type"], tags=["negation"])

T("TRAP-EN-019", "en", "Server crash (wrong title, sorry)",
  "Sorry, 'server crash' was the wrong title. The server did not crash, it was a planned reboot "
  "by our IT team. What we actually need is the procedure to move the attachments folder to "
  "another disk.",
  4, "question/advice on a procedure: L4; the crash in the subject is retracted",
  flags={"request_type": ["question", "advice", "documentation"]},
  not_={"crash_or_hang": True, "restart_required": True}, tags=["negation", "subject-trap"])

T("TRAP-EN-020", "en", "Nightly purge job times out",
  "Our DBA ran an integrity check and ruled out data corruption. The problem is that the "
  "nightly purge job fails with 'timeout expired' and we have to run it by hand in the morning.",
  3, "error message with a workaround: L3-error-with-workaround; corruption ruled out",
  flags={"error_message": True, "workaround_available": True},
  not_={"data_corruption": True}, optional=["customer_can_resolve", "restart_required"],
  tags=["negation"])

# pseudo-negation
T("TRAP-EN-021", "en", "Not only slow, now crashing",
  "It's not only slow anymore: since this morning the web app crashes completely when agents "
  "open the queue view. Before that it was just sluggish.",
  1, "'not only' is not a negation: crash is affirmed: L1",
  flags={"crash_or_hang": True}, optional=["performance"], tags=["pseudo-negation"])

T("TRAP-EN-022", "en", "No longer just a display issue",
  "This is no longer just a cosmetic problem: the duplicated lines are now saved in the "
  "database and the stored totals of 40 invoices are wrong.",
  1, "wrong values persisted in the database = data corruption: L1",
  flags={"data_corruption": True}, optional=["incorrect_behavior"],
  tags=["pseudo-negation"])

T("TRAP-EN-023", "en", "Nothing but errors when saving a contact",
  "Since the upgrade we get nothing but errors when saving a contact: 'Validation failed: "
  "field ext_ref'. Nobody in sales can save a new contact, so they can't work their leads.",
  1, "users cannot continue working: L1-users-blocked",
  flags={"error_message": True}, any_of=[{"users_blocked": True,
                                           "essential_function_unavailable": True}],
  optional=["function_unavailable", "important_feature_unavailable"],
  tags=["pseudo-negation"])

T("TRAP-EN-024", "en", "No way to log in",
  "There is no way to log in since 9am, neither with SSO nor with local accounts. The whole "
  "support floor is stuck.",
  1, "'no way to log in' affirms a blocking problem: L1",
  flags={"users_blocked": True}, optional=["service_stopped", "essential_function_unavailable"],
  tags=["pseudo-negation"])

# contrast
T("TRAP-EN-025", "en", "Mobile sync very slow",
  "No data loss, but the sync between the mobile app and the server is very slow: 15 to 20 "
  "minutes for a change to show up instead of a few seconds. Field technicians are working "
  "from stale schedules.",
  2, "severe performance: L2; data loss negated",
  flags={"performance": "severe"}, not_={"data_loss": True}, tags=["contrast"])

T("TRAP-EN-026", "en", "Hangs on large cases",
  "It didn't crash, but it hangs for several minutes on 'Loading...' every time we open a large "
  "case, and in the end we have to kill the process.",
  1, "the hang is affirmed even though the crash is negated: L1-crash-hang",
  flags={"crash_or_hang": True}, optional=["restart_required", "performance"],
  tags=["contrast"])

T("TRAP-EN-027", "en", "Server up but everyone gets 403",
  "The server itself is up and the service is running, but no user can open a ticket: they all "
  "get 'Access denied (403)' since the certificate renewal.",
  1, "users blocked: L1; service explicitly running",
  flags={"users_blocked": True, "error_message": True}, not_={"service_stopped": True},
  optional=["essential_function_unavailable"], tags=["contrast"])

T("TRAP-EN-028", "en", "Exports slightly slower than v6",
  "Everything works, though exports are slightly slower than in version 6 (maybe 10-15%). "
  "Not urgent.",
  3, "minor performance: L3",
  flags={"performance": "minor"}, not_={"performance": "severe"}, tags=["contrast"])

T("TRAP-EN-029", "en", "Hotfix fixed the crash, now notes are missing",
  "Your hotfix fixed the crash, thanks. Unfortunately, since installing it, the notes added "
  "yesterday afternoon are missing from 12 tickets.",
  1, "data loss: L1; the crash is fixed",
  flags={"data_loss": True}, not_={"crash_or_hang": True}, tags=["contrast"])

# hedging / hypotheticals
T("TRAP-EN-030", "en", "Could the server crash under Black Friday load?",
  "We are planning our Black Friday peak. Could the server crash if we triple the number of "
  "concurrent agents? What sizing do you recommend?",
  4, "sizing question, nothing happened: L4",
  flags={"request_type": ["question", "advice"]},
  not_={"crash_or_hang": True, "service_stopped": True}, tags=["hedge"])

T("TRAP-EN-031", "en", "Migration next week - worried about data",
  "We're migrating to the new storage next week and we're worried we might lose data during "
  "the switch. Is there a recommended procedure?",
  4, "advice request: L4; data loss is hypothetical",
  flags={"request_type": ["question", "advice"]}, not_={"data_loss": True}, tags=["hedge"])

T("TRAP-EN-032", "en", "Failover question for DR plan",
  "If the primary server goes down, does the secondary take over automatically, or do we need "
  "to switch manually? Asking for our DR documentation.",
  4, "question: L4; 'if the server goes down' is hypothetical",
  flags={"request_type": ["question", "documentation", "advice"]},
  not_={"service_stopped": True, "server_role": "secondary"}, tags=["hedge"])

T("TRAP-EN-033", "en", "Please make it stop crashing on paste",
  "It would be nice if the client didn't crash every time we paste an image from Outlook. It "
  "happens to every agent several times a day and they lose what they were typing.",
  1, "the wish wraps an affirmed, recurring crash: L1",
  flags={"crash_or_hang": True}, optional=["data_loss", "unstable", "request_type"],
  not_={"request_type": "enhancement"}, tags=["hedge-wrapper-affirmed"])

T("TRAP-EN-034", "en", "Enhancement: autosave in the email composer",
  "Enhancement request: please add autosave to the email composer so agents don't risk losing "
  "a long reply if their browser crashes. Nothing has happened yet, it's preventive.",
  4, "enhancement: L4; loss and crash are hypothetical",
  flags={"request_type": "enhancement"}, not_={"data_loss": True, "crash_or_hang": True},
  tags=["hedge", "enhancement"])

T("TRAP-EN-035", "en", "Accented names shown as Ã© in list view",
  "We're not sure whether this is data corruption or just a display problem: some accented "
  "names show as 'Ã©' in the list view, while the detail view shows them correctly.",
  3, "incorrect display: L3; corruption is only a hypothesis (and the detail view is correct)",
  flags={"incorrect_behavior": True}, not_={"data_corruption": True}, tags=["hedge"])

T("TRAP-EN-036", "en", "License expires tonight - need the new key",
  "Our licence expires tonight at midnight. To avoid an outage, could you send the renewed key "
  "before then? Everything works fine right now.",
  4, "request/question, nothing is broken: L4; outage is only avoided",
  flags={"request_type": ["question", "advice"]},
  not_={"service_stopped": True, "operations_affected": True}, tags=["hedge"])

T("TRAP-EN-037", "en", "Rollback procedure 7.2 -> 7.1",
  "Just in case the upgrade fails on Saturday, what's the rollback procedure from 7.2 back to "
  "7.1?",
  4, "question: L4; 'just in case' failure is hypothetical",
  flags={"request_type": ["question", "documentation", "advice"]},
  not_={"restart_required": True, "service_stopped": True}, tags=["hedge"])

T("TRAP-EN-038", "en", "Backup job warning",
  "The customer thinks the server may have crashed last night, but our monitoring shows it was "
  "up the whole time. The only real problem is that the 02:00 backup job reported "
  "'warning: 3 files skipped'.",
  3, "error message only, impact unknown: no rule matches, default L3; crash is a refuted "
  "suspicion",
  flags={"error_message": True}, not_={"crash_or_hang": True, "service_stopped": True},
  tags=["hedge", "reported-speech"])

# typographic apostrophes
T("TRAP-EN-039", "en", "Can’t log in – everyone’s locked out",
  "We can’t log in since 10:05, the login page says “Invalid session token” for everyone. Our "
  "agents can’t work at all.",
  1, "users blocked: L1 (curly apostrophes)",
  flags={"users_blocked": True, "error_message": True},
  optional=["essential_function_unavailable"], tags=["typography"])

T("TRAP-EN-040", "en", "Dark theme: white on white in Settings",
  "It doesn’t crash and it isn’t losing anything, it’s just that the dark theme renders white "
  "text on a white background in the Settings dialog. Cosmetic, no impact on our work.",
  4, "incorrect behaviour with no operational impact: L4-no-impact-error",
  flags={"incorrect_behavior": True, "operations_affected": False},
  not_={"crash_or_hang": True, "data_loss": True}, tags=["typography", "negation"])

T("TRAP-EN-041", "en", "Service won’t start – “Port 8443 already in use”",
  "The service stopped at 03:12 and won’t start again: “Port 8443 already in use”. Production "
  "is down.",
  1, "production stopped: L1",
  flags={"service_stopped": True, "error_message": True},
  optional=["users_blocked", "crash_or_hang", "restart_required"], tags=["typography"])

# quoted logs / traces / code
T("TRAP-EN-042", "en", "FATAL lines in the log - normal?",
  "Our log file is full of lines like these:\n```\n2026-11-28 02:00:01 FATAL [watchdog] crash "
  "detector armed\n2026-11-28 02:00:01 INFO  [backup] data loss prevention: enabled\n```\nIs "
  "FATAL expected here? Nothing is actually wrong, everything runs fine. Can we lower that to "
  "INFO?",
  4, "question about logging, explicitly no problem: L4",
  flags={"request_type": ["question", "advice"]},
  not_={"crash_or_hang": True, "data_loss": True, "operations_affected": True},
  optional=["error_message"], tags=["log-quote"])

T("TRAP-EN-043", "en", "Popup with stack trace on empty template preview",
  "When we click 'Preview' on an empty template we get a popup with the trace below. Clicking OK "
  "closes it and everything keeps working.\n\n    NullReferenceException: Object reference not "
  "set\n       at Rk.Templates.Preview.Render()\n       at Rk.App.Crash.Handler.OnUnhandled()"
  "\n\nNo impact on our work, just annoying.",
  4, "error message, no operational impact: L4; 'Crash' is only in a trace frame",
  flags={"error_message": True, "operations_affected": False},
  not_={"crash_or_hang": True}, optional=["technology", "workaround_available"],
  tags=["log-quote"])

T("TRAP-EN-044", "en", "Audit CSV decimal separator",
  "Our manager wrote: \"if this crashes during the audit we lose everything\". It hasn't "
  "crashed; the actual issue is that the audit export CSV uses commas as decimal separators, "
  "which breaks the Excel import. We fix the file by hand.",
  3, "incorrect behaviour with workaround: L3; the quote is a hypothetical by someone else",
  flags={"incorrect_behavior": True, "workaround_available": True},
  not_={"crash_or_hang": True, "data_loss": True}, optional=["customer_can_resolve"],
  tags=["quote", "hedge"])

T("TRAP-EN-045", "en", "Service does not start since 07:40",
  "Since 07:40 the service does not start. Event log:\n```\nERROR Service 'RkCore' terminated "
  "unexpectedly. It has done this 5 time(s).\nFATAL Could not bind to 0.0.0.0:443\n```\nNo one "
  "can work.",
  1, "service stopped, users blocked (stated by the customer, confirmed by the log): L1",
  flags={"service_stopped": True, "users_blocked": True},
  optional=["error_message", "crash_or_hang"], tags=["log-quote"])

T("TRAP-EN-046", "en", "Where do these settings go?",
  "How do I set this in appsettings?\n```json\n{ \"Crash\": { \"AutoRestart\": true }, "
  "\"DataLoss\": { \"Guard\": \"strict\" } }\n```\nThe docs mention both keys but not where "
  "they go.",
  4, "documentation question: L4; keywords are config keys",
  flags={"request_type": ["documentation", "question"]},
  not_={"crash_or_hang": True, "restart_required": True, "data_loss": True},
  optional=["technology"], tags=["code-block"])

# questions / documentation / enhancements
T("TRAP-EN-047", "en", "Typo in the API guide",
  "Page 34 of the API guide says the endpoint is /v2/tickets/search but it is actually "
  "/v2/search/tickets. Please correct it.",
  4, "documentation: L4", flags={"request_type": "documentation"},
  not_={"incorrect_behavior": True}, tags=["doc"])

T("TRAP-EN-048", "en", "Feature request: dark mode for the agent console",
  "Our night shift would love a dark mode in the agent console. Is it on the roadmap?",
  4, "enhancement: L4", flags={"request_type": "enhancement"}, tags=["enhancement"])

T("TRAP-EN-049", "en", "Max attachment size?",
  "What is the maximum attachment size per ticket, and can an administrator change it?",
  4, "general question: L4", flags={"request_type": "question"}, tags=["question"])

T("TRAP-EN-050", "en", "7.2 release notes: 'data-loss protection on crash'?",
  "The 7.2 release notes mention 'improved data-loss protection on crash'. Could you explain "
  "what changed exactly? We haven't had any issue, just curious before we upgrade.",
  4, "release-notes clarification: L4",
  flags={"request_type": ["release_notes", "question", "documentation"]},
  not_={"data_loss": True, "crash_or_hang": True}, tags=["doc", "quote"])

T("TRAP-EN-051", "en", "Configuring SAML SSO during our rollout",
  "We're in the middle of implementing Ragnarokkr (go-live planned for January). How do we "
  "configure SAML SSO with Azure AD? The setup guide stops after the metadata upload.",
  3, "question during implementation: L3-implementation-question",
  flags={"request_type": "question", "phase": "implementation"}, tags=["question"])

T("TRAP-EN-052", "en", "Advice on archiving strategy",
  "We have 4 million closed tickets. What's your recommended archiving strategy to keep the "
  "database lean without losing history?",
  4, "advice: L4; 'without losing' is not a loss",
  flags={"request_type": ["advice", "question"]}, not_={"data_loss": True}, tags=["advice"])

# technology / environment ceilings
T("TRAP-EN-053", "en", "SQL Server database crashed, 3 hours of tickets lost",
  "Our Ragnarokkr database on SQL Server 2019 crashed during the night and the last 3 hours of "
  "tickets are lost. Production is stopped.",
  2, "L1 symptoms but MS-SQL caps at L2",
  flags={"crash_or_hang": True, "data_loss": True, "service_stopped": True,
         "technology": MSSQL}, tags=["tech-cap"])

T("TRAP-EN-054", "en", ".NET SDK call hangs",
  "Our integration built on the .NET SDK (C#) hangs indefinitely when calling "
  "CreateTicketAsync; all automated ticket creation has stopped.",
  2, "hang (L1) capped by .NET: L2",
  flags={"crash_or_hang": True, "technology": DOTNET},
  optional=["function_unavailable", "important_feature_unavailable", "service_stopped"],
  tags=["tech-cap"])

T("TRAP-EN-055", "en", "Customer portal down (502)",
  "We're moving away from MS SQL to PostgreSQL next year, but that's unrelated. Today's issue: "
  "the customer portal has been down for all customers since 6am, the page shows 502 Bad "
  "Gateway.",
  1, "portal down for all end users: L1; MS SQL is explicitly unrelated, no cap",
  flags={"error_message": True},
  any_of=[{"service_stopped": True, "users_blocked": True,
           "essential_function_unavailable": True}],
  not_={"technology": MSSQL}, tags=["tech-incidental"])

T("TRAP-EN-056", "en", "Staging crashes at startup with 7.3 beta",
  "On our staging server the application crashes at startup after applying 7.3 beta. "
  "Production is still on 7.2 and fine.",
  3, "crash in staging: capped at L3",
  flags={"crash_or_hang": True, "environment": "staging"}, tags=["env-cap"])

T("TRAP-EN-057", "en", "Pre-prod migration corrupted priorities",
  "In the pre-production environment, the migration script corrupted the priority field of all "
  "tickets (all set to 0). We haven't run it in production yet.",
  3, "corruption in pre-production: capped at L3",
  flags={"data_corruption": True, "environment": STAGING}, tags=["env-cap"])

T("TRAP-EN-058", "en", "SLA dashboard crash - now in production",
  "We first noticed this in our test environment last week, and now it's in production too: "
  "the application crashes whenever an agent opens the SLA dashboard.",
  1, "crash in production: L1; the test environment is history, not the ticket's environment",
  flags={"crash_or_hang": True}, not_={"environment": ["staging", "development"]},
  tags=["env-incidental"])

T("TRAP-EN-059", "en", "Installer error 1603 on my dev laptop",
  "Only on my development laptop (dev environment) the installer fails with error 1603. Not "
  "affecting anyone else.",
  4, "error, no operational impact: L4 (development cap is not stricter)",
  flags={"error_message": True, "environment": "development", "operations_affected": False},
  tags=["env-cap"])

# mixed language
T("TRAP-EN-060", "en", "Lyon office: app crashes when opening a file",
  "Our French office reports: « l'application plante à chaque ouverture d'un dossier ». I can "
  "confirm it crashes for them every time, on all 12 workstations in Lyon.",
  1, "crash affirmed (in both languages): L1",
  flags={"crash_or_hang": True}, tags=["mixed"])

T("TRAP-EN-061", "en", "URGENT server",
  "Hi, sorry for my English. Le serveur est arrêté since this morning, nobody can work. "
  "Urgent please.",
  1, "service stopped, users blocked: L1 (French clause inside English)",
  flags={"service_stopped": True, "users_blocked": True}, tags=["mixed"])

T("TRAP-EN-062", "en", "Scary French wording in the close dialog",
  "FYI: the French UI says 'Perte de données' in the title of the dialog shown when you close "
  "an unsaved form. It's only a warning, nothing was lost, but the wording is scary. No impact "
  "on work, please reword it.",
  4, "cosmetic translation issue with no impact: L4",
  flags={"operations_affected": False},
  any_of=[{"incorrect_behavior": True, "request_type": ["enhancement", "documentation"]}],
  not_={"data_loss": True}, optional=["error_message"], tags=["mixed", "quote"])

# long realistic tickets
T("TRAP-EN-063", "en", "Re: Re: intermittent disconnections (follow-up)",
  "Hello team,\n\nThanks for your quick answer on Friday. As requested, here is more context. "
  "Last Tuesday the backup failed (see ticket #5510), no data was lost at the time and that "
  "part is closed.\n\nThe current problem is different: since Thursday, the web client loses "
  "its connection to the server several times an hour, for 30 seconds to 2 minutes each time, "
  "then reconnects on its own. It happens to all 80 agents at the same moment, so it is "
  "clearly server side. Between the drops everything works normally. We have attached the "
  "HAR file and the server logs from 09:00 to 11:00.\n\nBest regards,\nMarc Delaunay\nIT "
  "Operations\n\nThis e-mail and any attachments are confidential. If you are not the "
  "intended recipient, please delete it. The sender accepts no liability for any data loss, "
  "damage or crash caused by viruses transmitted by this e-mail.\n\nSent from my iPhone",
  2, "periodic interruptions: L2-unstable; past data loss negated, disclaimer is boilerplate",
  flags={"unstable": True},
  not_={"data_loss": True, "crash_or_hang": True, "service_stopped": True},
  tags=["long", "disclaimer"])

T("TRAP-EN-064", "en", "Documentation for the new webhook format",
  "Hi,\n\nQuick background: two months ago we had the big crash on the reporting server "
  "(ticket #4120), which your team fixed, thanks again. That one is closed and everything has "
  "been stable since.\n\nNow we're preparing the integration with our ERP and we can't find "
  "the documentation for the v3 webhook payload. The developer portal still shows v2, and the "
  "field 'priority_code' is not described anywhere. Could you point us to the right page or "
  "send the schema? There is no urgency, we start development in two weeks.\n\nKind "
  "regards,\nSofia",
  4, "documentation request: L4; the crash is past and resolved",
  flags={"request_type": ["documentation", "question"]},
  not_={"crash_or_hang": True, "unstable": True}, tags=["long", "history"])

T("TRAP-EN-065", "en", "Mail connector stopped again",
  "Hello,\n\nOn your previous reply you wrote:\n> If the connector stops again, restart it and "
  "send us the logs.\n\nIt stopped again today at 11:20 and we had to restart it. It's the "
  "third time this week, always with the message 'IMAP idle timeout'. Logs attached. The rest "
  "of the application keeps working normally, only incoming e-mails are delayed until someone "
  "notices and restarts the connector.\n\nThanks,\nPeter",
  2, "error forcing restarts, recurring: L2 (restart-recovery / unstable)",
  flags={"restart_required": True, "error_message": True},
  not_={"service_stopped": True, "users_blocked": True}, optional=["unstable"],
  tags=["long", "quoted-reply"])

T("TRAP-EN-066", "en", "Search results page a bit slower since upgrade",
  "Good morning,\n\nI want to say first that we've been happy customers for 6 years. Last year "
  "we had a catastrophic data loss with another vendor's product and switching to you was the "
  "best decision we made, so this is not a complaint.\n\nSince the upgrade to 7.2 the search "
  "results page is a little slower: about 1.5 seconds instead of under 1 second. Agents "
  "notice it but it doesn't stop anyone from working. We'd like to know if there is a setting "
  "we can tune.\n\nAll the best,\nHelen, Support Operations Manager",
  3, "minor performance degradation: L3; the data loss was with another vendor",
  flags={"performance": "minor"},
  not_={"data_loss": True, "performance": "severe", "users_blocked": True},
  optional=["request_type"], tags=["long", "history"])

T("TRAP-EN-067", "en", "All users unable to log in",
  "Hi,\n\nSince 13:10 none of our users can log in, the login page just spins and then says "
  "'Authentication service unavailable'. Nobody can work. We haven't changed anything on our "
  "side today.\n\nRegards,\nJane Doe\nSenior DBA (SQL Server, Oracle) | Contoso Logistics\n"
  "Tel +44 20 0000 0000",
  1, "users blocked: L1; 'SQL Server' is in the signature, not the ticket's technology",
  flags={"users_blocked": True, "error_message": True}, not_={"technology": MSSQL},
  optional=["service_stopped", "essential_function_unavailable"], tags=["long", "signature"])

# very short: subject only
T("TRAP-EN-068", "en", "PROD DOWN!!!", "",
  1, "production down: L1", flags={"service_stopped": True},
  optional=["users_blocked"], tags=["short"])

T("TRAP-EN-069", "en", "login slightly slow", "",
  3, "minor performance: L3", flags={"performance": "minor"},
  not_={"performance": "severe"}, tags=["short"])

T("TRAP-EN-070", "en", "Crash on save", "",
  1, "crash: L1", flags={"crash_or_hang": True}, tags=["short"])

T("TRAP-EN-071", "en", "Doc request: API rate limits", "",
  4, "documentation: L4", flags={"request_type": "documentation"}, tags=["short", "doc"])

T("TRAP-EN-072", "en", "no crash, just a typo in the menu", "",
  3, "incorrect behaviour (impact unknown): L3; crash negated",
  flags={"incorrect_behavior": True}, not_={"crash_or_hang": True},
  optional=["operations_affected"], tags=["short", "negation"])

T("TRAP-EN-073", "en", "Can't print", "",
  2, "function unavailable, no workaround stated: L2",
  any_of=[FEAT], not_={"users_blocked": True, "service_stopped": True}, tags=["short"])

# more pseudo-negations, conditions, scope
T("TRAP-EN-074", "en", "Crashes with large files",
  "It only crashes when we open cases with more than 50 attachments, but then it crashes every "
  "single time. Our legal team has lots of those.",
  1, "'only ... when' restricts, does not negate: crash affirmed, L1",
  flags={"crash_or_hang": True}, tags=["pseudo-negation"])

T("TRAP-EN-075", "en", "Attachments broken",
  "Since this morning users are no longer able to attach files to tickets. Everything else "
  "works.",
  2, "'no longer able' affirms a function unavailable: L2",
  any_of=[FEAT], not_={"users_blocked": True, "service_stopped": True},
  tags=["pseudo-negation"])

T("TRAP-EN-076", "en", "Call recordings gone",
  "Nothing was lost except the last hour of call recordings, which are gone for good.",
  1, "'nothing ... except' affirms a data loss: L1",
  flags={"data_loss": True}, tags=["pseudo-negation"])

T("TRAP-EN-077", "en", "Merge tickets fails with error 500",
  "The 'Merge tickets' function fails with 'Internal error 500' and there is no workaround: we "
  "tried through the API and from the desktop client as well.",
  2, "function unavailable, no workaround: L2",
  flags={"error_message": True}, any_of=[FEAT], not_={"workaround_available": True},
  tags=["negation"])

T("TRAP-EN-078", "en", "Blank dashboard after each update",
  "Found it: clearing the browser cache fixes the blank dashboard. We're leaving the ticket "
  "open so you can check why it happens after every update.",
  3, "incorrect behaviour the customer can fix alone: L3",
  flags={"incorrect_behavior": True},
  any_of=[{"customer_can_resolve": True, "workaround_available": True}],
  not_={"users_blocked": True}, optional=["function_unavailable"], tags=["resolvable"])

T("TRAP-EN-079", "en", "Sync partial failure",
  "We can't rule out data loss yet: the sync job reported 'partial failure' and we're "
  "comparing record counts. Will update within the hour.",
  3, "error only, data loss not established: default L3",
  flags={"error_message": True}, not_={"data_loss": True}, tags=["hedge"])

T("TRAP-EN-080", "en", "Double-click on Save crashes client",
  "Everything works unless an agent clicks 'Save' twice quickly, then the client crashes and "
  "the draft is gone.",
  1, "conditional but real, reproducible crash: L1",
  flags={"crash_or_hang": True}, optional=["data_loss"], tags=["condition-affirmed"])

# ---------------------------------------------------------------------------------------
# FRANÇAIS
# ---------------------------------------------------------------------------------------

T("TRAP-FR-001", "fr", "Serveur de production arrêté",
  "Depuis 7h30 notre serveur de production Ragnarokkr est complètement arrêté. Aucun de nos "
  "utilisateurs ne peut travailler. Merci de nous rappeler en urgence.",
  1, "production arrêtée, utilisateurs bloqués : N1",
  flags={"service_stopped": True, "users_blocked": True}, tags=["affirmed"])

T("TRAP-FR-002", "fr", "L'application plante à l'enregistrement",
  "Dès qu'un utilisateur enregistre une fiche client, l'application plante et se ferme. Ça "
  "arrive sur tous les postes.",
  1, "plantage reproductible : N1", flags={"crash_or_hang": True}, tags=["affirmed"])

T("TRAP-FR-003", "fr", "Données corrompues après la mise à jour",
  "Après la mise à jour 7.2, les dates de clôture de 500 dossiers ont été remplacées par "
  "01/01/1970 dans la base. Les données sont corrompues.",
  1, "corruption de données : N1", flags={"data_corruption": True},
  optional=["incorrect_behavior"], tags=["affirmed"])

T("TRAP-FR-004", "fr", "Perte des pièces jointes d'hier",
  "Nous avons perdu toutes les pièces jointes ajoutées hier entre 14h et 16h. Les tickets sont "
  "là mais les fichiers ont disparu.",
  1, "perte de données : N1", flags={"data_loss": True}, tags=["affirmed"])

T("TRAP-FR-005", "fr", "Coupures régulières du client web",
  "Depuis lundi, le client web se déconnecte toutes les 20 minutes environ pour tout le monde, "
  "puis revient tout seul au bout d'une minute. C'est très perturbant.",
  2, "interruptions périodiques : N2-instable", flags={"unstable": True},
  not_={"service_stopped": True}, tags=["affirmed"])

T("TRAP-FR-006", "fr", "Lenteurs extrêmes sur la recherche",
  "Les recherches prennent maintenant plus de 5 minutes au lieu de 2 secondes. L'outil est "
  "devenu quasiment inutilisable aux heures de pointe.",
  2, "performances fortement dégradées : N2", flags={"performance": "severe"},
  not_={"performance": "minor"}, optional=["function_unavailable"], tags=["affirmed"])

T("TRAP-FR-007", "fr", "Redémarrage obligatoire chaque matin",
  "Chaque matin le connecteur de messagerie affiche « Erreur 0x80 : file d'attente saturée » et "
  "nous devons redémarrer le service pour qu'il reprenne.",
  2, "erreur forçant un redémarrage : N2",
  flags={"restart_required": True, "error_message": True},
  not_={"service_stopped": True}, optional=["unstable"], tags=["affirmed"])

T("TRAP-FR-008", "fr", "Export PDF indisponible, on passe par l'impression",
  "L'export PDF ne fonctionne plus depuis hier (bouton grisé). En attendant, on imprime vers "
  "une imprimante PDF, ça dépanne.",
  3, "fonction indisponible avec contournement : N3", flags={"workaround_available": True},
  any_of=[FEAT], tags=["affirmed"])

T("TRAP-FR-009", "fr", "Mauvais arrondi de TVA sur les devis",
  "Le montant de TVA affiché sur les devis est arrondi au mauvais centime. Nos commerciaux "
  "corrigent à la main, ce qui leur fait perdre un peu de temps.",
  3, "comportement incorrect, impact mineur : N3 ('perdre du temps' n'est pas une perte de "
  "données)",
  flags={"incorrect_behavior": True}, not_={"data_loss": True},
  optional=["workaround_available", "performance"], tags=["affirmed", "lexical-trap"])

# négation
T("TRAP-FR-010", "fr", "Synchro agenda en erreur",
  "Aucune perte de données, mais la synchronisation avec l'agenda échoue avec le message "
  "« Jeton expiré ». On relance à la main et ça passe.",
  3, "message d'erreur avec contournement : N3 ; perte niée",
  flags={"error_message": True, "workaround_available": True}, not_={"data_loss": True},
  optional=["customer_can_resolve"], tags=["negation", "contrast"])

T("TRAP-FR-011", "fr", "Modification de max_sessions à chaud ?",
  "Pour info, le service ne sera pas redémarré avant la fenêtre de maintenance de samedi. En "
  "attendant, pouvez-vous nous confirmer que le paramètre max_sessions peut être modifié à "
  "chaud ?",
  4, "question générale : N4 ; redémarrage nié et futur",
  flags={"request_type": "question"},
  not_={"restart_required": True, "service_stopped": True}, tags=["negation"])

T("TRAP-FR-012", "fr", "Aperçu avant impression : mauvais logo",
  "Le client lourd n'a plus planté depuis l'installation du correctif, merci. Par contre, "
  "l'aperçu avant impression affiche toujours le mauvais logo.",
  3, "comportement incorrect : N3 ; 'n'a plus planté' nie le plantage",
  flags={"incorrect_behavior": True}, not_={"crash_or_hang": True}, tags=["negation"])

T("TRAP-FR-013", "fr", "Avertissement certificat à l'ouverture de la console",
  "Perte de données : aucune. Impact utilisateurs : aucun. Simple message d'avertissement "
  "« Certificat bientôt expiré » au démarrage de la console d'administration.",
  4, "message sans impact : N4 ; négation après le terme",
  flags={"error_message": True, "operations_affected": False},
  not_={"data_loss": True, "operations_affected": True}, tags=["negation", "negation-after"])

T("TRAP-FR-014", "fr", "Notifications e-mail en retard",
  "Il n'y a pas eu de plantage ni de blocage. Le seul souci : les notifications e-mail partent "
  "avec 10 minutes de retard.",
  3, "comportement incorrect / dégradation mineure : N3",
  any_of=[{"incorrect_behavior": True, "performance": "minor"}],
  not_={"crash_or_hang": True, "users_blocked": True, "performance": "severe"},
  tags=["negation", "coordination"])

T("TRAP-FR-015", "fr", "Erreur « Index fragmenté » dans le journal",
  "Personne n'est bloqué, les utilisateurs continuent à travailler normalement. On voit juste "
  "une erreur « Index fragmenté » dans le journal d'administration.",
  4, "erreur sans impact : N4", flags={"error_message": True, "operations_affected": False},
  not_={"users_blocked": True}, tags=["negation"])

T("TRAP-FR-016", "fr", "Fausse alerte de supervision",
  "Contrairement à ce qu'indique l'alerte de supervision, le serveur n'est pas arrêté : il "
  "répond normalement. C'est la sonde qui est mal configurée. Pouvez-vous nous indiquer la "
  "bonne URL de healthcheck ?",
  4, "question : N4 ; arrêt nié",
  flags={"request_type": ["question", "documentation", "advice"]},
  not_={"service_stopped": True}, tags=["negation"])

T("TRAP-FR-017", "fr", "Restauration très longue",
  "Nous avons vérifié : ni perte ni corruption de données. Mais la restauration a pris 7 heures "
  "au lieu d'une heure.",
  2, "performances fortement dégradées : N2 ; 'ni perte ni corruption' nie les deux",
  flags={"performance": "severe"}, not_={"data_loss": True, "data_corruption": True},
  tags=["negation", "coordination"])

T("TRAP-FR-018", "fr", "Suite au correctif",
  "Depuis le correctif il n'y a plus aucun blocage de l'application. Nous pouvons clôturer le "
  "ticket.",
  3, "aucun symptôme : niveau par défaut N3",
  not_={"crash_or_hang": True, "users_blocked": True}, tags=["negation"])

T("TRAP-FR-019", "fr", "Notes de version 7.3 et fuseau horaire",
  "Le service n'a jamais été interrompu. Nous souhaitons simplement savoir si la version 7.3 "
  "corrige le problème de fuseau horaire décrit dans les notes de version.",
  4, "précision sur les notes de version : N4",
  flags={"request_type": ["release_notes", "question"]},
  not_={"service_stopped": True, "unstable": True}, tags=["negation"])

T("TRAP-FR-020", "fr", "Coupure électrique : comment éviter que ça se reproduise",
  "La base a été restaurée sans perte de données après la coupure électrique. Tout fonctionne, "
  "mais nous voulons savoir comment éviter que ça se reproduise.",
  4, "demande de conseil : N4 ; 'sans perte'",
  flags={"request_type": ["advice", "question"]},
  not_={"data_loss": True, "restart_required": True}, tags=["negation"])

# pseudo-négation
T("TRAP-FR-021", "fr", "Pas seulement lent : l'application se fige",
  "Ce n'est pas seulement lent : depuis ce matin l'application se fige complètement dès qu'on "
  "ouvre la liste des dossiers, il faut tuer le processus.",
  1, "'pas seulement' n'est pas une négation : blocage affirmé, N1",
  flags={"crash_or_hang": True}, optional=["restart_required", "performance"],
  tags=["pseudo-negation"])

T("TRAP-FR-022", "fr", "Plantage avec les gros dossiers",
  "Ça ne plante que lorsqu'on ouvre un dossier avec plus de 50 pièces jointes, mais dans ce cas "
  "ça plante à chaque fois. Nos juristes ont beaucoup de dossiers de ce type.",
  1, "'ne ... que' restreint, ne nie pas : plantage, N1",
  flags={"crash_or_hang": True}, tags=["pseudo-negation"])

T("TRAP-FR-023", "fr", "Rien ne fonctionne depuis la mise à jour",
  "Rien ne fonctionne depuis la mise à jour : impossible de se connecter, que ce soit en SSO ou "
  "en local. Aucun agent ne peut travailler.",
  1, "utilisateurs bloqués : N1",
  flags={"users_blocked": True},
  optional=["service_stopped", "essential_function_unavailable"], tags=["pseudo-negation"])

T("TRAP-FR-024", "fr", "Consultation seule, création impossible",
  "On ne peut plus que consulter les tickets : la création et la modification renvoient "
  "« Accès refusé ». Le support ne peut plus traiter aucune demande.",
  1, "'ne ... plus que' : seules les consultations marchent, le support ne peut plus travailler",
  flags={"error_message": True},
  any_of=[{"users_blocked": True, "essential_function_unavailable": True}],
  optional=["function_unavailable", "important_feature_unavailable"],
  tags=["pseudo-negation"])

T("TRAP-FR-025", "fr", "Exports lents et tronqués",
  "Non seulement les exports sont lents, mais en plus les fichiers générés sont tronqués : il "
  "manque les dernières lignes de chaque export.",
  3, "'non seulement' affirme : comportement incorrect, N3",
  flags={"incorrect_behavior": True}, not_={"performance": "severe"},
  optional=["performance", "data_loss", "data_corruption"], tags=["pseudo-negation"])

# contraste
T("TRAP-FR-026", "fr", "Pas de crash mais très lent",
  "Pas de crash mais c'est très lent : l'ouverture d'une fiche prend plus d'une minute. Les "
  "agents passent leur journée à attendre.",
  2, "performances fortement dégradées : N2 ; plantage nié",
  flags={"performance": "severe"}, not_={"crash_or_hang": True}, tags=["contrast"])

T("TRAP-FR-027", "fr", "Serveur démarré mais licence invalide",
  "Le serveur tourne et le service est démarré, mais personne ne peut se connecter : « Licence "
  "invalide ». Toute l'équipe est à l'arrêt.",
  1, "utilisateurs bloqués : N1 ; le service est explicitement démarré",
  flags={"users_blocked": True, "error_message": True}, not_={"service_stopped": True},
  tags=["contrast"])

T("TRAP-FR-028", "fr", "Avertissement « 12 lignes ignorées » à l'import",
  "Aucune donnée n'a été perdue ; toutefois, l'import nocturne affiche un avertissement "
  "« 12 lignes ignorées » que nous ne comprenons pas. Les lignes ont bien été importées.",
  3, "message d'erreur seul, impact inconnu : défaut N3 ; perte niée",
  flags={"error_message": True}, not_={"data_loss": True},
  optional=["incorrect_behavior", "request_type"], tags=["contrast", "negation"])

T("TRAP-FR-029", "fr", "Commentaires disparus après le correctif",
  "Le correctif a réglé le plantage, merci. En revanche, depuis, les commentaires saisis hier "
  "ont disparu de 15 tickets.",
  1, "perte de données : N1 ; plantage résolu",
  flags={"data_loss": True}, not_={"crash_or_hang": True}, tags=["contrast"])

T("TRAP-FR-030", "fr", "Exports un peu plus lents",
  "Tout fonctionne, mais les exports sont un peu plus lents qu'avant (10 à 15 %). Rien "
  "d'urgent.",
  3, "dégradation minimale : N3", flags={"performance": "minor"},
  not_={"performance": "severe"}, tags=["contrast"])

# conditionnel / hypothèses
T("TRAP-FR-031", "fr", "Risque de perte de données pendant la migration ?",
  "Nous migrons le stockage la semaine prochaine. Y a-t-il un risque de perte de données si la "
  "migration est interrompue ? Quelle procédure recommandez-vous ?",
  4, "demande de conseil : N4 ; risque hypothétique",
  flags={"request_type": ["question", "advice"]}, not_={"data_loss": True}, tags=["hedge"])

T("TRAP-FR-032", "fr", "Mise à jour du nœud secondaire d'abord ?",
  "Pour éviter un arrêt du service pendant la bascule, pouvons-nous mettre à jour le nœud "
  "secondaire d'abord ? Rien n'est en panne actuellement.",
  4, "question : N4 ; arrêt évité",
  flags={"request_type": ["question", "advice"]},
  not_={"service_stopped": True, "server_role": "secondary"}, tags=["hedge"])

T("TRAP-FR-033", "fr", "Procédure de reprise pour la clôture annuelle",
  "Au cas où le serveur planterait pendant la clôture annuelle, quelle est la procédure de "
  "reprise ? Nous voulons être prêts.",
  4, "question : N4 ; conditionnel",
  flags={"request_type": ["question", "documentation", "advice"]},
  not_={"crash_or_hang": True, "restart_required": True}, tags=["hedge"])

T("TRAP-FR-034", "fr", "Limite de 500 utilisateurs ?",
  "Notre prestataire dit que l'application pourrait planter si on dépasse 500 utilisateurs "
  "simultanés. Est-ce vrai ? Nous en avons 420 aujourd'hui.",
  4, "question : N4 ; 'pourrait planter'",
  flags={"request_type": ["question", "advice"]}, not_={"crash_or_hang": True},
  tags=["hedge"])

T("TRAP-FR-035", "fr", "Bascule automatique ?",
  "Si le serveur principal tombe, est-ce que le secondaire prend le relais automatiquement ?",
  4, "question : N4 ; 'si le serveur tombe'",
  flags={"request_type": ["question", "documentation"]},
  not_={"service_stopped": True, "server_role": "secondary"}, tags=["hedge"])

T("TRAP-FR-036", "fr", "Plantage au collage d'image",
  "Ce serait bien que l'application ne plante pas à chaque fois qu'on colle une image depuis "
  "Outlook... Ça arrive à tous les agents plusieurs fois par jour.",
  1, "le souhait enveloppe un plantage affirmé et récurrent : N1",
  flags={"crash_or_hang": True}, not_={"request_type": "enhancement"},
  optional=["unstable"], tags=["hedge-wrapper-affirmed"])

T("TRAP-FR-037", "fr", "Demande d'amélioration : sauvegarde automatique des brouillons",
  "Demande d'amélioration : pourriez-vous ajouter une sauvegarde automatique des brouillons, "
  "pour qu'on ne risque pas de perdre une réponse en cas de plantage du navigateur ? Ce n'est "
  "jamais arrivé, c'est préventif.",
  4, "demande d'amélioration : N4",
  flags={"request_type": "enhancement"}, not_={"data_loss": True, "crash_or_hang": True},
  tags=["hedge", "enhancement"])

T("TRAP-FR-038", "fr", "Noms accentués mal affichés dans la liste",
  "Nous ne savons pas s'il s'agit d'une corruption de données ou d'un simple problème "
  "d'affichage : certains noms avec accents apparaissent en « Ã© » dans la liste, mais "
  "correctement dans la fiche.",
  3, "affichage incorrect : N3 ; corruption seulement envisagée",
  flags={"incorrect_behavior": True}, not_={"data_corruption": True}, tags=["hedge"])

T("TRAP-FR-039", "fr", "Plantage signalé mais non reproduit",
  "D'après l'utilisateur, le poste aurait planté hier soir, mais nous n'avons trouvé aucune "
  "trace dans les journaux et il n'arrive pas à le reproduire.",
  3, "conditionnel de rapport + non reproduit : pas de symptôme établi, défaut N3",
  not_={"crash_or_hang": True}, tags=["hedge", "reported-speech"])

# élision, pronominaux, apostrophes typographiques, accents
T("TRAP-FR-040", "fr", "L’application s’est arrêtée en production",
  "L’application s’est arrêtée brutalement à 10h12 sur le serveur de production et ne "
  "redémarre plus. Plus personne ne peut travailler.",
  1, "arrêt en production, utilisateurs bloqués : N1",
  flags={"service_stopped": True, "users_blocked": True},
  optional=["crash_or_hang", "restart_required"], tags=["elision", "typography"])

T("TRAP-FR-041", "fr", "Portail client inaccessible",
  "Nos agences nous signalent qu'il n'y a plus d'accès au portail client depuis ce matin ; les "
  "clients ne peuvent plus déposer de demande.",
  1, "portail indisponible pour tous les utilisateurs finaux : N1",
  any_of=[{"users_blocked": True, "service_stopped": True,
           "essential_function_unavailable": True}], tags=["elision"])

T("TRAP-FR-042", "fr", "Tableau de bord vidé",
  "J’ai perdu tout le contenu de mon tableau de bord personnalisé après la mise à jour : tous "
  "les widgets ont disparu.",
  1, "perte de données (configuration utilisateur) : N1",
  flags={"data_loss": True}, tags=["elision", "typography"])

T("TRAP-FR-043", "fr", "serveur arrete urgent",
  "le serveur de prod est arrete depuis 8h, plus personne ne peut bosser. merci de rappeler "
  "vite",
  1, "arrêt + blocage, sans accents : N1",
  flags={"service_stopped": True, "users_blocked": True}, tags=["no-accents"])

T("TRAP-FR-044", "fr", "SERVICE ARRÊTÉ EN PRODUCTION",
  "LE SERVICE EST ARRÊTÉ DEPUIS 6H. TOUS LES UTILISATEURS SONT BLOQUÉS.",
  1, "arrêt + blocage, en majuscules accentuées : N1",
  flags={"service_stopped": True, "users_blocked": True}, tags=["uppercase"])

T("TRAP-FR-045", "fr", "Délai d’attente dépassé sur le rapport mensuel",
  "Rien n’a été perdu et aucune donnée n’est corrompue, l’erreur « Délai d’attente dépassé » "
  "s’affiche seulement à l’ouverture du rapport mensuel ; on relance et ça marche.",
  3, "erreur avec contournement : N3 ; perte et corruption niées (apostrophes typographiques)",
  flags={"error_message": True, "workaround_available": True},
  not_={"data_loss": True, "data_corruption": True}, tags=["typography", "negation"])

T("TRAP-FR-046", "fr", "Écran figé pendant la saisie",
  "L'écran s'est figé trois fois ce matin pendant la saisie des commandes, à chaque fois il a "
  "fallu redémarrer le poste.",
  1, "blocage (se figer) : N1", flags={"crash_or_hang": True},
  optional=["restart_required", "unstable"], tags=["reflexive"])

T("TRAP-FR-047", "fr", "Impression des étiquettes impossible",
  "On n'arrive plus à imprimer les étiquettes d'expédition depuis ce matin. Le reste "
  "fonctionne.",
  2, "fonction non disponible sans contournement : N2",
  any_of=[FEAT], not_={"users_blocked": True, "service_stopped": True},
  tags=["elision", "pseudo-negation"])

T("TRAP-FR-048", "fr", "Précision sur la pagination de l'API",
  "Il n'y a eu aucune interruption de service, aucune perte de données, et aucun utilisateur "
  "n'a été bloqué. Nous demandons juste une précision sur la documentation de l'API "
  "(pagination).",
  4, "documentation : N4 ; trois négations",
  flags={"request_type": ["documentation", "question"]},
  not_={"service_stopped": True, "data_loss": True, "users_blocked": True, "unstable": True},
  tags=["negation", "elision"])

# journaux / traces / code
T("TRAP-FR-049", "fr", "Lignes FATAL dans les journaux",
  "Nos journaux contiennent :\n```\nFATAL [watchdog] crash handler initialised\nWARN  [sync] "
  "possible data loss if queue > 10000\n```\nEst-ce normal ? L'application fonctionne "
  "parfaitement.",
  4, "question sur des journaux, aucun problème : N4",
  flags={"request_type": ["question", "advice"]},
  not_={"crash_or_hang": True, "data_loss": True}, optional=["error_message"],
  tags=["log-quote"])

T("TRAP-FR-050", "fr", "Fenêtre d'exception à la prévisualisation",
  "Au clic sur « Prévisualiser » on obtient cette fenêtre, on clique OK et on continue sans "
  "problème :\n\n    java.lang.IllegalStateException: crash guard\n        at "
  "com.rk.preview.Render(Render.java:88)\n\nAucun impact sur notre travail.",
  4, "message sans impact : N4 ; 'crash' seulement dans la trace",
  flags={"error_message": True, "operations_affected": False},
  not_={"crash_or_hang": True}, optional=["workaround_available"], tags=["log-quote"])

T("TRAP-FR-051", "fr", "Séparateur décimal de l'export CSV",
  "Notre directeur a écrit : « si ça plante pendant l'audit, on perd tout ». Ça n'a pas planté ; "
  "le vrai problème est que l'export CSV utilise des virgules comme séparateur décimal. On "
  "corrige le fichier à la main.",
  3, "comportement incorrect avec contournement : N3 ; citation hypothétique",
  flags={"incorrect_behavior": True, "workaround_available": True},
  not_={"crash_or_hang": True, "data_loss": True}, optional=["customer_can_resolve"],
  tags=["quote", "hedge"])

T("TRAP-FR-052", "fr", "Le service ne démarre plus",
  "Le service ne démarre plus depuis 7h40. Journal :\n```\nERROR Le service RkCore s'est arrêté "
  "de façon inattendue.\n```\nPersonne ne peut travailler.",
  1, "arrêt + utilisateurs bloqués : N1",
  flags={"service_stopped": True, "users_blocked": True},
  optional=["error_message", "crash_or_hang"], tags=["log-quote"])

T("TRAP-FR-053", "fr", "Où mettre ces paramètres ?",
  "Dans quel fichier faut-il mettre ces paramètres ?\n```\nredemarrage_auto=true\n"
  "perte_donnees_alerte=off\nplantage_rapport=on\n```\nLa documentation ne le précise pas.",
  4, "question de documentation : N4 ; mots-clés dans un bloc de configuration",
  flags={"request_type": ["documentation", "question"]},
  not_={"restart_required": True, "data_loss": True, "crash_or_hang": True},
  tags=["code-block"])

# questions / documentation / améliorations
T("TRAP-FR-054", "fr", "Erreur dans la documentation d'installation",
  "Page 12 du guide d'installation, le port indiqué est 8080 alors que l'installeur utilise "
  "8443. Merci de corriger.",
  4, "documentation : N4", flags={"request_type": "documentation"},
  not_={"incorrect_behavior": True}, tags=["doc"])

T("TRAP-FR-055", "fr", "Demande d'évolution : mode sombre",
  "Nos équipes de nuit aimeraient un mode sombre dans la console agent. Est-ce prévu ?",
  4, "demande d'amélioration : N4", flags={"request_type": "enhancement"},
  tags=["enhancement"])

T("TRAP-FR-056", "fr", "Taille maximale des pièces jointes",
  "Quelle est la taille maximale d'une pièce jointe, et un administrateur peut-il la modifier ?",
  4, "question générale : N4", flags={"request_type": "question"}, tags=["question"])

T("TRAP-FR-057", "fr", "Notes de version 7.2",
  "Les notes de version 7.2 parlent d'une « meilleure protection contre la perte de données en "
  "cas de plantage ». Pouvez-vous préciser ce qui a changé ? Nous n'avons eu aucun problème.",
  4, "précision sur les notes de version : N4",
  flags={"request_type": ["release_notes", "question", "documentation"]},
  not_={"data_loss": True, "crash_or_hang": True}, tags=["doc", "quote"])

T("TRAP-FR-058", "fr", "Mise en œuvre : configuration du SSO",
  "Nous sommes en cours de mise en œuvre de Ragnarokkr (démarrage prévu en janvier). Comment "
  "configurer le SSO SAML avec notre annuaire ? Le guide s'arrête après l'import des "
  "métadonnées.",
  3, "question pendant la mise en œuvre : N3",
  flags={"request_type": "question", "phase": "implementation"},
  not_={"service_stopped": True}, tags=["question"])

T("TRAP-FR-059", "fr", "Conseil sur l'archivage",
  "Nous avons 4 millions de tickets clos. Quelle stratégie d'archivage conseillez-vous pour "
  "alléger la base sans perdre l'historique ?",
  4, "demande de conseil : N4 ; 'sans perdre'",
  flags={"request_type": ["advice", "question"]}, not_={"data_loss": True}, tags=["advice"])

# plafonds technologie / environnement
T("TRAP-FR-060", "fr", "Base SQL Server : plantage et perte de données",
  "Notre base Ragnarokkr sous SQL Server 2019 a planté cette nuit et les tickets des 3 "
  "dernières heures sont perdus.",
  2, "symptômes N1 mais MS-SQL plafonne au N2",
  flags={"crash_or_hang": True, "data_loss": True, "technology": MSSQL}, tags=["tech-cap"])

T("TRAP-FR-061", "fr", "Intégration .NET bloquée",
  "Notre intégration développée en C# (.NET 8) se bloque indéfiniment sur l'appel "
  "CreateTicket ; plus aucun ticket automatique n'est créé.",
  2, "blocage (N1) plafonné par .NET : N2",
  flags={"crash_or_hang": True, "technology": DOTNET},
  optional=["function_unavailable", "important_feature_unavailable"], tags=["tech-cap"])

T("TRAP-FR-062", "fr", "Portail inaccessible (erreur 502)",
  "Nous quittons MS SQL pour PostgreSQL l'an prochain, mais ça n'a rien à voir : aujourd'hui "
  "le portail est inaccessible pour tous nos clients depuis 6h (erreur 502).",
  1, "portail hors service pour tous : N1 ; MS SQL hors sujet",
  flags={"error_message": True},
  any_of=[{"service_stopped": True, "users_blocked": True,
           "essential_function_unavailable": True}],
  not_={"technology": MSSQL}, tags=["tech-incidental"])

T("TRAP-FR-063", "fr", "Plantage en recette",
  "Sur notre environnement de recette, l'application plante au démarrage depuis "
  "l'installation de la 7.3 bêta. La production est toujours en 7.2 et fonctionne.",
  3, "plantage en recette (staging) : plafond N3",
  flags={"crash_or_hang": True, "environment": STAGING}, tags=["env-cap"])

T("TRAP-FR-064", "fr", "Préproduction : champ priorité corrompu",
  "En préproduction, le script de migration a corrompu le champ priorité de tous les tickets. "
  "Nous ne l'avons pas encore passé en production.",
  3, "corruption en préproduction : plafond N3",
  flags={"data_corruption": True, "environment": STAGING}, tags=["env-cap"])

T("TRAP-FR-065", "fr", "Plantage du tableau de bord SLA, maintenant en production",
  "Nous l'avions vu en environnement de test la semaine dernière, et maintenant c'est en "
  "production : l'application plante dès qu'un agent ouvre le tableau de bord SLA.",
  1, "plantage en production : N1 ; l'environnement de test est l'historique",
  flags={"crash_or_hang": True}, not_={"environment": ["staging", "development"]},
  tags=["env-incidental"])

T("TRAP-FR-066", "fr", "Erreur 1603 sur mon poste de dev",
  "Uniquement sur mon poste de développement, l'installeur échoue avec l'erreur 1603. Aucun "
  "impact pour les autres.",
  4, "erreur sans impact : N4",
  flags={"error_message": True, "environment": "development", "operations_affected": False},
  tags=["env-cap"])

# mélange de langues
T("TRAP-FR-067", "fr", "Plantage du calendrier à Londres",
  "Bonjour, notre équipe de Londres nous dit : \"the app keeps crashing when we open the "
  "calendar\". Chez nous à Paris, pas de souci. Pouvez-vous regarder ?",
  1, "plantage récurrent affirmé (en anglais dans un ticket français) : N1",
  flags={"crash_or_hang": True}, tags=["mixed"])

T("TRAP-FR-068", "fr", "Coupures plusieurs fois par jour",
  "La connexion au serveur est coupée pendant une ou deux minutes, two or three times a day. "
  "Entre deux, tout marche.",
  2, "interruptions périodiques : N2", flags={"unstable": True},
  not_={"service_stopped": True}, tags=["mixed"])

T("TRAP-FR-069", "fr", "Gel de l'application",
  "Aucune perte de données, but the app froze twice today and we had to restart it.",
  1, "blocage affirmé (froze) : N1 ; perte niée",
  flags={"crash_or_hang": True}, not_={"data_loss": True},
  optional=["restart_required", "unstable"], tags=["mixed", "contrast"])

# tickets longs
T("TRAP-FR-070", "fr", "Lenteur légère sur la liste des tickets",
  "Bonjour,\n\nDepuis la mise à jour de vendredi, l'affichage de la liste des tickets est un "
  "peu plus lent : environ 2 secondes au lieu d'une. Ce n'est pas bloquant, les agents "
  "travaillent normalement, mais ils l'ont remarqué. Pouvez-vous nous dire si un paramètre "
  "permet d'améliorer cela ?\n\nCordialement,\nNadia Benali\nResponsable support\n\n"
  "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement à leurs "
  "destinataires. Si vous avez reçu ce message par erreur, merci de le détruire. L'expéditeur "
  "décline toute responsabilité en cas de perte de données, d'altération ou de plantage "
  "résultant d'un virus transmis par ce message.",
  3, "dégradation minimale : N3 ; la clause de confidentialité est du bruit",
  flags={"performance": "minor"},
  not_={"data_loss": True, "data_corruption": True, "crash_or_hang": True,
        "users_blocked": True, "performance": "severe"},
  optional=["request_type"], tags=["long", "disclaimer"])

T("TRAP-FR-071", "fr", "Documentation du format des webhooks v3",
  "Bonjour,\n\nUn peu de contexte : il y a deux mois nous avions eu le gros plantage du "
  "serveur de rapports (ticket n° 4120), que vos équipes ont corrigé, encore merci. Ce ticket "
  "est clos et tout est stable depuis.\n\nNous préparons maintenant l'intégration avec notre "
  "ERP et nous ne trouvons pas la documentation du format des webhooks v3. Le portail "
  "développeur montre toujours la v2, et le champ « priority_code » n'est décrit nulle part. "
  "Pouvez-vous nous indiquer la bonne page ou nous envoyer le schéma ? Rien d'urgent, le "
  "développement commence dans deux semaines.\n\nBien cordialement,\nJulien",
  4, "demande de documentation : N4 ; plantage passé et résolu",
  flags={"request_type": ["documentation", "question"]},
  not_={"crash_or_hang": True, "unstable": True}, tags=["long", "history"])

T("TRAP-FR-072", "fr", "Le connecteur de messagerie s'est de nouveau arrêté",
  "Bonjour,\n\nDans votre dernière réponse vous nous avez écrit :\n> Si le connecteur "
  "s'arrête de nouveau, redémarrez-le et envoyez-nous les journaux.\n\nIl s'est de nouveau "
  "arrêté aujourd'hui à 11h20 et nous avons dû le redémarrer. C'est la troisième fois cette "
  "semaine, toujours avec le message « IMAP idle timeout ». Journaux en pièce jointe. Le reste "
  "de l'application fonctionne normalement, seuls les e-mails entrants sont retardés jusqu'à "
  "ce que quelqu'un s'en aperçoive.\n\nMerci,\nPierre",
  2, "erreur forçant des redémarrages répétés : N2",
  flags={"restart_required": True, "error_message": True},
  not_={"service_stopped": True, "users_blocked": True}, optional=["unstable"],
  tags=["long", "quoted-reply"])

T("TRAP-FR-073", "fr", "Libellé incorrect sur les relances",
  "Bonjour,\n\nJe précise d'abord que nous sommes très satisfaits de votre produit. L'an "
  "dernier, nous avions perdu des données avec l'outil d'un autre éditeur, et passer chez vous "
  "a été la meilleure décision.\n\nPetit souci depuis la 7.2 : dans les e-mails de relance "
  "automatique, la date d'échéance s'affiche au format américain (MM/JJ/AAAA) au lieu du "
  "format français. Certains clients s'y trompent et nous appellent, ce qui occupe un peu nos "
  "agents.\n\nBonne journée,\nHélène",
  3, "comportement incorrect à impact mineur : N3 ; la perte de données concerne un autre outil",
  flags={"incorrect_behavior": True}, not_={"data_loss": True, "users_blocked": True},
  tags=["long", "history"])

T("TRAP-FR-074", "fr", "Plus aucune connexion possible",
  "Bonjour,\n\nDepuis 13h10 aucun de nos utilisateurs ne peut ouvrir de session : la page de "
  "connexion tourne puis affiche « Service d'authentification indisponible ». Personne ne peut "
  "travailler. Nous n'avons rien changé de notre côté aujourd'hui.\n\nCordialement,\nJeanne "
  "Martin\nDBA senior (SQL Server, Oracle) – Transports Durand\nTél. 01 00 00 00 00",
  1, "utilisateurs bloqués : N1 ; SQL Server est dans la signature",
  flags={"users_blocked": True, "error_message": True}, not_={"technology": MSSQL},
  optional=["service_stopped", "essential_function_unavailable"], tags=["long", "signature"])

# très courts : objet seul
T("TRAP-FR-075", "fr", "PROD HS !!!", "",
  1, "production hors service : N1", flags={"service_stopped": True},
  optional=["users_blocked"], tags=["short"])

T("TRAP-FR-076", "fr", "Plantage à l'enregistrement", "",
  1, "plantage : N1", flags={"crash_or_hang": True}, tags=["short", "elision"])

T("TRAP-FR-077", "fr", "Doc API : limites de débit", "",
  4, "documentation : N4", flags={"request_type": "documentation"}, tags=["short", "doc"])

T("TRAP-FR-078", "fr", "pas de plantage, juste une faute dans le menu", "",
  3, "comportement incorrect : N3 ; plantage nié",
  flags={"incorrect_behavior": True}, not_={"crash_or_hang": True},
  tags=["short", "negation"])

T("TRAP-FR-079", "fr", "Impossible d'imprimer", "",
  2, "fonction non disponible : N2", any_of=[FEAT],
  not_={"users_blocked": True, "service_stopped": True}, tags=["short"])

T("TRAP-FR-080", "fr", "Connexion un peu lente", "",
  3, "dégradation minimale : N3", flags={"performance": "minor"},
  not_={"performance": "severe"}, tags=["short"])

# pseudo-négations, conditions, portée
T("TRAP-FR-081", "fr", "Enregistrements d'appels disparus",
  "Rien n'a été perdu, sauf les enregistrements d'appels de la dernière heure, qui ont "
  "définitivement disparu.",
  1, "'rien ... sauf' affirme une perte : N1", flags={"data_loss": True},
  tags=["pseudo-negation"])

T("TRAP-FR-082", "fr", "Fusion de tickets en erreur 500",
  "La fonction « Fusionner les tickets » échoue avec « Erreur interne 500 » et il n'existe "
  "aucune solution de contournement : nous avons essayé par l'API et par le client lourd.",
  2, "fonction indisponible sans contournement : N2",
  flags={"error_message": True}, any_of=[FEAT], not_={"workaround_available": True},
  tags=["negation"])

T("TRAP-FR-083", "fr", "Échec partiel de la synchronisation",
  "On ne peut pas encore exclure une perte de données : la synchronisation a signalé un "
  "« échec partiel » et nous comparons les volumes. Nous revenons vers vous dans l'heure.",
  3, "message d'erreur seul, perte non établie : défaut N3",
  flags={"error_message": True}, not_={"data_loss": True}, tags=["hedge"])

T("TRAP-FR-084", "fr", "Double-clic sur Enregistrer",
  "Tout marche, sauf quand on double-clique sur « Enregistrer » : là, l'application plante et "
  "le brouillon est perdu.",
  1, "plantage réel sous condition : N1",
  flags={"crash_or_hang": True}, optional=["data_loss"], tags=["condition-affirmed"])

T("TRAP-FR-085", "fr", "Arrêt du serveur secondaire",
  "Le serveur secondaire s'est arrêté cette nuit et ne redémarre pas ; le serveur primaire "
  "continue de servir tous les utilisateurs, avec des temps de réponse un peu plus longs.",
  2, "arrêt sur le secondaire : N2 (L2-secondary-stopped)",
  flags={"service_stopped": True, "server_role": "secondary"},
  not_={"users_blocked": True, "performance": "severe"},
  optional=["performance", "restart_required"], tags=["server-role"])

T("TRAP-EN-081", "en", "Secondary node stopped overnight",
  "The secondary node stopped overnight and won't come back up; the primary is still serving "
  "all users, just a little slower than usual.",
  2, "stop on the secondary: L2-secondary-stopped",
  flags={"service_stopped": True, "server_role": "secondary"},
  not_={"users_blocked": True, "performance": "severe"},
  optional=["performance", "restart_required"], tags=["server-role"])


# negation scope ends / negated co-symptom
T("TRAP-EN-082", "en", "Crashed twice today",
  "No crash yesterday, but today it crashed twice before 10am, both times while closing a "
  "ticket.",
  1, "the negation is scoped to yesterday; today's crashes are affirmed: L1",
  flags={"crash_or_hang": True}, optional=["unstable"], tags=["negation-scope"])

T("TRAP-EN-083", "en", "Window disappears when clicking Send",
  "There's no error message at all, the window just disappears when I click Send and the "
  "client is gone from the taskbar.",
  1, "the client closes unexpectedly (a crash); no error message: L1",
  flags={"crash_or_hang": True}, not_={"error_message": True}, tags=["negation-scope"])

T("TRAP-FR-086", "fr", "appli arretee",
  "l'appli s'est arretee d'un coup sur le serveur de prod et plus personne n'y a acces depuis "
  "9h",
  1, "arrêt en production + blocage, sans accents, apostrophes droites : N1",
  flags={"service_stopped": True, "users_blocked": True}, optional=["crash_or_hang"],
  tags=["elision", "no-accents"])

T("TRAP-FR-087", "fr", "Deux plantages ce matin",
  "Pas de plantage hier, mais ce matin l'application a planté deux fois à la fermeture d'un "
  "ticket.",
  1, "la négation porte sur hier ; les plantages de ce matin sont affirmés : N1",
  flags={"crash_or_hang": True}, optional=["unstable"], tags=["negation-scope"])

T("TRAP-FR-088", "fr", "La fenêtre se ferme d'un coup",
  "Aucun message d'erreur : la fenêtre se ferme d'un coup quand on clique sur « Envoyer », et "
  "le client disparaît de la barre des tâches.",
  1, "fermeture inattendue (plantage) sans message : N1",
  flags={"crash_or_hang": True}, not_={"error_message": True}, tags=["negation-scope"])

T("TRAP-FR-089", "fr", "Ce n'est pas que ça ne marche pas",
  "Ce n'est pas que ça ne marche pas, c'est que c'est d'une lenteur insupportable : plus de "
  "deux minutes pour ouvrir un dossier, contre deux secondes avant.",
  2, "double négation : ça marche, mais performances fortement dégradées : N2",
  flags={"performance": "severe"},
  not_={"function_unavailable": True, "important_feature_unavailable": True,
        "performance": "minor"}, tags=["pseudo-negation", "double-negation"])

T("TRAP-FR-090", "fr", "L’appli s’est figée", "",
  1, "blocage : N1", flags={"crash_or_hang": True}, tags=["short", "typography", "reflexive"])

T("TRAP-EN-084", "en", "It's not that it doesn't work",
  "It's not that it doesn't work, it's that it's unbearably slow: over two minutes to open a "
  "case where it used to take two seconds.",
  2, "double negation: it works, but performance is strongly degraded: L2",
  flags={"performance": "severe"},
  not_={"function_unavailable": True, "important_feature_unavailable": True,
        "performance": "minor"}, tags=["pseudo-negation", "double-negation"])


# very long tickets with noise
T("TRAP-EN-085", "en", "Re: [#5873] Calendar sync to Exchange not working - details as requested",
  "Hi Tom,\n\nThanks for getting back to us so fast on Friday, and apologies for the delay, "
  "half of the team was out for the holiday.\n\nTo answer your questions in order:\n\n"
  "1. Version: 7.2.4 on the primary, upgraded on the 14th. The upgrade itself went fine, no "
  "crash, no error during the migration, and we checked the ticket counts before and after, "
  "so we're not losing any data as far as we can tell.\n2. Scope: all 140 agents, both "
  "sites.\n3. What exactly fails: the two-way calendar sync with Exchange. Appointments "
  "created in Ragnarokkr no longer appear in Outlook, and vice versa. The sync status page "
  "says 'Last successful run: 14/11 22:03' and nothing since. No error is shown anywhere in "
  "the UI, which is part of the problem, nobody noticed for three days.\n4. Workaround: for "
  "now the dispatchers export the day's appointments to an .ics file every morning and "
  "import it in Outlook by hand. It's tedious (about 20 minutes a day) but it works, and the "
  "rest of the application is fine.\n\nOur infrastructure team asked me to add: if the "
  "server goes down during the next maintenance window they'd like to know whether the sync "
  "will catch up by itself, but that's a separate question, no need to answer it here.\n\n"
  "I've attached the sync service log (last 7 days, 2 MB) and a screenshot of the status "
  "page. Happy to do a screen-sharing session any morning this week.\n\nBest regards,\n"
  "Anna Kowalski\nService Desk Lead | Northwind Facilities\n\n--\nPlease consider the "
  "environment before printing this e-mail.",
  3, "important feature unavailable but with a workaround, rest works: L3-workaround; crash, "
  "error and data loss are negated; the outage is hypothetical",
  flags={"workaround_available": True}, any_of=[FEAT],
  not_={"crash_or_hang": True, "data_loss": True, "error_message": True,
        "service_stopped": True, "users_blocked": True},
  optional=["incorrect_behavior"], tags=["long", "negation", "hedge"])

T("TRAP-FR-091", "fr", "TR: Impossible de valider les interventions - URGENT",
  "Bonjour,\n\nJe vous transfère le message de notre responsable d'exploitation, et je "
  "complète en dessous.\n\n-------- Message transféré --------\nDe : Karim B.\nObjet : "
  "appli\n> Depuis 8h ce matin, plus aucun technicien ne peut valider ses interventions : "
  "le bouton « Valider » tourne dans le vide puis affiche « Erreur 504 - délai dépassé ». "
  "Sans validation, ils ne peuvent pas passer à l'intervention suivante, donc toutes les "
  "équipes terrain sont à l'arrêt.\n--------\n\nPrécisions de notre côté :\n- Ce n'est "
  "pas un plantage : l'application reste ouverte et le reste des écrans répond.\n- Aucune "
  "perte de données constatée, les interventions saisies hier sont toutes là.\n- Nous "
  "avions vu un problème semblable en recette il y a un mois, résolu par votre correctif "
  "7.1.9, mais cette fois c'est bien la production.\n- Notre entrepôt de données est sur "
  "SQL Server, mais Ragnarokkr tourne sur PostgreSQL, rien à voir a priori.\n- Nous avons "
  "redémarré le serveur d'application à 9h15 au cas où, sans effet.\n- Il n'existe pas de "
  "solution de contournement : la validation hors ligne est désactivée chez nous pour des "
  "raisons réglementaires.\n\n120 techniciens sont bloqués, merci de nous appeler au plus "
  "vite au 04 00 00 00 00. Je reste disponible toute la journée.\n\nCordialement,\n"
  "Sophie Garnier\nResponsable applicatif\n\nAvant d'imprimer, pensez à l'environnement.",
  1, "les techniciens ne peuvent plus travailler (N1-utilisateurs bloqués) ; plantage et perte "
  "niés, recette et SQL Server sont hors sujet, pas de contournement",
  flags={"users_blocked": True, "error_message": True},
  not_={"crash_or_hang": True, "data_loss": True, "workaround_available": True,
        "technology": MSSQL, "environment": ["staging", "development"]},
  optional=["essential_function_unavailable", "function_unavailable",
            "important_feature_unavailable", "restart_required", "service_stopped"],
  tags=["long", "negation", "tech-incidental", "env-incidental", "quoted-reply"])


# ---------------------------------------------------------------------------------------
# Self-check: the expected level must follow from the expected flags (READING.md rules).
# ---------------------------------------------------------------------------------------
DOTNET_ALIASES = {"dotnet", ".net", ".net core", ".net framework", "asp.net", "c#"}
MSSQL_ALIASES = {"mssql", "ms-sql", "sql server", "sqlserver", "microsoft sql server"}


def policy_level(f: dict) -> int:
    def t(k):
        return f.get(k) is True
    perf = f.get("performance")
    rt = f.get("request_type", "incident")
    levels = []
    if (t("service_stopped") and f.get("server_role") != "secondary") or t("users_blocked") \
            or t("crash_or_hang") or t("data_loss") or t("data_corruption") \
            or t("essential_function_unavailable"):
        levels.append(1)
    wa = t("workaround_available")
    if (t("service_stopped") and f.get("server_role") == "secondary") \
            or (t("important_feature_unavailable") and not wa) or t("unstable") \
            or t("restart_required") or perf == "severe" or (t("function_unavailable") and not wa):
        levels.append(2)
    ops = f.get("operations_affected")
    if ((t("function_unavailable") or t("important_feature_unavailable")) and wa) \
            or (t("error_message") and wa and ops is not False) or perf == "minor" \
            or (t("incorrect_behavior") and ops is not False) \
            or (rt == "question" and f.get("phase") == "implementation"):
        levels.append(3)
    if ((t("error_message") or t("incorrect_behavior")) and ops is False) \
            or rt in ("documentation", "release_notes", "advice", "enhancement") \
            or (rt == "question" and f.get("phase") != "implementation"):
        levels.append(4)
    level = min(levels) if levels else 3
    if wa or t("customer_can_resolve"):
        level = max(level, 2)
    tech = str(f.get("technology", "")).lower()
    if tech in DOTNET_ALIASES or tech in MSSQL_ALIASES:
        level = max(level, 2)
    if f.get("environment") in ("staging", "development"):
        level = max(level, 3)
    return level


def first(v):
    return v[0] if isinstance(v, list) else v


def check() -> list[str]:
    problems = []
    seen = set()
    for tk in TICKETS:
        e = tk["expect"]
        if tk["id"] in seen:
            problems.append(f"{tk['id']}: duplicate id")
        seen.add(tk["id"])
        base = {k: first(v) for k, v in e["flags"].items()}
        # every alternative of every any_of group must give the same level
        combos = [base]
        for group in e["any_of"]:
            new = []
            for c in combos:
                for k, v in group.items():
                    for vv in (v if isinstance(v, list) else [v]):
                        d = dict(c)
                        d[k] = vv
                        new.append(d)
            combos = new
        levels = {policy_level(c) for c in combos}
        # acceptable value lists of expected flags must give the same level too
        for k, v in e["flags"].items():
            if isinstance(v, list):
                for vv in v:
                    for c in combos:
                        d = dict(c)
                        d[k] = vv
                        levels.add(policy_level(d))
        if levels != {e["level"]}:
            problems.append(f"{tk['id']}: expected level {e['level']} but flags give {levels}")
        for k in e["flags"]:
            if k in e["not"] and e["not"][k] == e["flags"][k]:
                problems.append(f"{tk['id']}: {k} both expected and forbidden")
    return problems


def main() -> int:
    problems = check()
    for p in problems:
        print("PROBLEM", p, file=sys.stderr)
    out = HERE / "traps.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for tk in TICKETS:
            fh.write(json.dumps(tk, ensure_ascii=False) + "\n")
    n_en = sum(t["language"] == "en" for t in TICKETS)
    n_fr = sum(t["language"] == "fr" for t in TICKETS)
    print(f"wrote {out}: {len(TICKETS)} tickets ({n_en} en, {n_fr} fr)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Build set2.jsonl: a second, held-out set of text-only trap tickets (80 en, 80 fr).

Written from the policy spec alone (READING.md, source-fr.txt, CONTRACT.md), without
reading the detectors' data, the text fixtures, docs/text-flags.md or the first trap set.
Same format as ../traps.jsonl, so ../run_traps.py scores it:

    python bench/traps/set2/build_set2.py
    python bench/traps/run_traps.py .venv/bin/sevtriage --checkout . \
        --traps bench/traps/set2/set2.jsonl

Tickets carry only id, created_at, subject, description, language (no symptom flags, no
technology/environment fields): every flag has to come from the words. `expect` (stripped
by run_traps.py) holds the flags a careful reader sets, forbidden flags (from negated,
hedged, hypothetical or past mentions), the expected level per READING.md and a reason.

Flag shorthand below: a token is one expected flag; `a|b` is an any_of group (either one);
`-tok` in the `not` string lists a forbidden flag/value.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

A = {
    "ss": ("service_stopped", True), "ub": ("users_blocked", True),
    "ch": ("crash_or_hang", True), "dl": ("data_loss", True),
    "dc": ("data_corruption", True), "ef": ("essential_function_unavailable", True),
    "if": ("important_feature_unavailable", True), "fu": ("function_unavailable", True),
    "un": ("unstable", True), "rr": ("restart_required", True),
    "ps": ("performance", "severe"), "pm": ("performance", "minor"),
    "em": ("error_message", True), "ib": ("incorrect_behavior", True),
    "wa": ("workaround_available", True), "cr": ("customer_can_resolve", True),
    "oa0": ("operations_affected", False),
    "sql": ("technology", "mssql"), "net": ("technology", ".net"),
    "stg": ("environment", ["staging", "development"]),
    "q": ("request_type", "question"), "enh": ("request_type", "enhancement"),
    "doc": ("request_type", "documentation"), "rn": ("request_type", "release_notes"),
    "adv": ("request_type", "advice"), "impl": ("phase", "implementation"),
    "sec": ("server_role", "secondary"),
}

TICKETS: list[dict] = []


def T(id_, lang, created, subject, description, level, flags, not_, tags, why):
    exp_flags: dict = {}
    any_of: list[dict] = []
    for tok in flags.split():
        if "|" in tok:
            g: dict = {}
            for t in tok.split("|"):
                k, v = A[t]
                g[k] = v
            any_of.append(g)
        else:
            k, v = A[tok]
            exp_flags[k] = v
    forb: dict = {}
    for tok in not_.split():
        k, v = A[tok.lstrip("-")]
        forb[k] = v
    optional = []
    if "operations_affected" not in exp_flags and "operations_affected" not in forb:
        optional.append("operations_affected")
    TICKETS.append({
        "id": id_, "created_at": created, "subject": subject, "description": description,
        "language": lang,
        "expect": {"flags": exp_flags, "any_of": any_of, "not": forb, "optional": optional,
                   "level": level, "why": why, "tags": tags.split()},
    })


def policy_level(f: dict) -> int:
    """READING.md, written out for the flags a ticket's expect implies."""
    def on(k):
        return f.get(k) is True
    wa = on("workaround_available")
    oa = f.get("operations_affected")
    rt = f.get("request_type", "incident")
    ls = []
    if on("service_stopped"):
        ls.append(2 if f.get("server_role") == "secondary" else 1)
    if any(on(k) for k in ("users_blocked", "crash_or_hang", "data_loss", "data_corruption",
                           "essential_function_unavailable")):
        ls.append(1)
    if on("important_feature_unavailable") and not wa:
        ls.append(2)
    if on("unstable") or on("restart_required") or f.get("performance") == "severe":
        ls.append(2)
    if on("function_unavailable") and not wa:
        ls.append(2)
    if (on("function_unavailable") or on("important_feature_unavailable")) and wa:
        ls.append(3)
    if on("error_message") and wa and oa is not False:
        ls.append(3)
    if f.get("performance") == "minor":
        ls.append(3)
    if on("incorrect_behavior") and oa is not False:
        ls.append(3)
    if rt == "question" and f.get("phase") == "implementation":
        ls.append(3)
    if (on("error_message") or on("incorrect_behavior")) and oa is False:
        ls.append(4)
    if rt in ("documentation", "release_notes", "advice", "enhancement"):
        ls.append(4)
    if rt == "question" and f.get("phase") != "implementation":
        ls.append(4)
    lvl = min(ls) if ls else 3
    if wa or on("customer_can_resolve"):
        lvl = max(lvl, 2)
    if f.get("technology") in ("mssql", ".net"):
        lvl = max(lvl, 2)
    if f.get("environment") in ("staging", "development"):
        lvl = max(lvl, 3)
    return lvl


def check() -> list[str]:
    problems, seen = [], set()
    for tk in TICKETS:
        e = tk["expect"]
        if tk["id"] in seen:
            problems.append(f"{tk['id']}: duplicate id")
        seen.add(tk["id"])
        base = {k: (v[0] if isinstance(v, list) else v) for k, v in e["flags"].items()}
        combos = [base]
        for g in e["any_of"]:
            combos = [dict(c, **{k: (v[0] if isinstance(v, list) else v)})
                      for c in combos for k, v in g.items()]
        levels = {policy_level(c) for c in combos}
        if levels != {e["level"]}:
            problems.append(f"{tk['id']}: expected level {e['level']}, flags give {levels}")
    return problems


D = "2026-11-{:02d}T{:02d}:{:02d}:00+01:00".format

# ------------------------------------------------------------------ English
E = "en"
T("s2-en-01", E, D(23, 7, 52), "Production down - Ragnarokkr service stopped",
  "Hi, since 07:40 the Ragnarokkr service on our primary prod server is stopped and won't "
  "start again. Nobody in the warehouse can scan orders. Please call me asap.\n-- Mark, IT ops",
  1, "ss ub", "", "plain L1", "primary production stopped, staff cannot work")
T("s2-en-02", E, D(23, 8, 5), "app crashes on open",
  "Every time we launch the desktop client it crashes straight back to the desktop. All 40 "
  "users are affected, nothing we tried helps.", 1, "ch", "", "plain L1", "crash on launch")
T("s2-en-03", E, D(23, 8, 30), "URGENT data corrupted after nightly import",
  "After last nights import the customer table is corrupted, half the addresses are now "
  "garbage characters (Ã©Ã¨...). We cant invoice anyone like this.", 1, "dc", "",
  "plain L1", "data corruption")
T("s2-en-04", E, D(23, 9, 1), "Login impossible for all users",
  "Nobody can log in since this morning, the login page just spins forever. Our staff "
  "cannot work at all.", 1, "ub|ch", "", "plain L1", "users cannot work")
T("s2-en-05", E, D(23, 9, 12), "Invoicing module unavailable",
  "The invoicing module, which is the core of what we use Ragnarokkr for, is completely "
  "unavailable since the update. We have no way at all to issue invoices.\nRegards, Ines",
  1, "ef|ub", "-wa", "plain L1", "essential function unavailable, no workaround")
T("s2-en-06", E, D(23, 9, 40), "Reports module down, rest OK",
  "The reporting module returns a blank page for everyone. Data entry and everything else "
  "still work, only reporting is down. No workaround found so far.", 2, "fu|if",
  "-ss -ub -wa", "plain L2 exception", "one feature unavailable, rest works, no workaround")
T("s2-en-07", E, D(23, 10, 2), "Server keeps dropping connections",
  "Since Monday clients get disconnected every 20-30 minutes, then it comes back by itself. "
  "Very annoying, everyone has to log in again each time.", 2, "un", "-ch",
  "plain L2", "periodic interruptions")
T("s2-en-08", E, D(23, 10, 15), "Extremely slow",
  "Opening a customer file takes more than 2 minutes instead of 2 seconds. Performance is "
  "terrible, people are waiting all day.", 2, "ps", "", "plain L2",
  "severely degraded performance")
T("s2-en-09", E, D(23, 10, 33), "Need to restart service every morning",
  "Every morning the indexer fails with an error and we have to restart the service to get "
  "search working again.", 2, "rr", "", "plain L2", "error forces a restart")
T("s2-en-10", E, D(23, 11, 0), "Secondary node stopped",
  "Our secondary (failover) node stopped during the night. The primary server is still "
  "serving users normally, but we have no redundancy now.", 2, "ss sec", "-ub",
  "plain L2", "service stopped on the secondary server only")
T("s2-en-11", E, D(23, 11, 20), "Export to PDF fails",
  "Export to PDF fails with 'Export error'. We use the Windows 'Print to PDF' printer "
  "instead for now, works ok.", 3, "fu|if|em wa", "", "plain L3 workaround",
  "function unavailable with a workaround")
T("s2-en-12", E, D(23, 11, 41), "Small slowdown in search",
  "Search is a bit slower than before the upgrade, maybe 1-2 seconds more. Not a big deal "
  "but noticeable.", 3, "pm", "-ps", "plain L3", "minimal performance degradation")
T("s2-en-13", E, D(23, 12, 3), "Wrong date format on exported CSV",
  "The dates in the CSV export come out as MM/DD instead of DD/MM. Users fix it by hand in "
  "Excel, minor annoyance.", 3, "ib", "", "plain L3", "incorrect behaviour, minor impact")
T("s2-en-14", E, D(23, 12, 30), "Error popup when saving but it saves",
  "When saving a contact we get 'Error 0x80: unexpected value', but if you click OK and "
  "save again it goes through.", 3, "em wa", "", "plain L3 workaround",
  "error message with a workaround")
T("s2-en-15", E, D(23, 13, 4), "Outdated menu in admin guide",
  "Section 4.2 of the admin guide refers to a menu 'Settings > Sync' that does not exist "
  "anymore. Could you update the doc?", 4, "doc|q|enh", "", "plain L4 request",
  "documentation clarification")
T("s2-en-16", E, D(23, 13, 30), "Feature request: dark mode",
  "It would be great if the web client had a dark mode. Many of our users asked for it.",
  4, "enh", "", "plain L4 request", "enhancement request")
T("s2-en-17", E, D(23, 14, 0), "License question",
  "How many concurrent users does our Standard license allow?\nThanks, Julie", 4, "q|adv", "",
  "plain L4 question", "general question")
T("s2-en-18", E, D(23, 14, 22), "Release notes 8.3?",
  "Where can I find the release notes for 8.3? I want to know what changed in the API.",
  4, "rn|doc|q", "", "plain L4 request", "release notes request")
T("s2-en-19", E, D(23, 14, 50), "Sync error, no impact",
  "The sync job shows error 'SYNC-221 conflict' at each run. No data was lost, the service "
  "is not down and users keep working normally, so no impact for now.", 4, "em oa0",
  "-dl -ss -ub", "negation", "error message without operational impact")
T("s2-en-20", E, D(23, 15, 10), "Nothing crashed, but scheduler gone",
  "Nothing crashed, but since this morning the scheduler module is unavailable and no job "
  "runs. We found no workaround.", 2, "fu|if", "-ch -wa", "negation neg-but",
  "feature unavailable; the crash is negated")
T("s2-en-21", E, D(23, 15, 31), "Dashboard a bit slow",
  "The dashboard widgets load slowly (3-4 s). No user is blocked, everyone can work.", 3,
  "pm", "-ub -ps", "negation", "minor slowness, blocking negated")
T("s2-en-22", E, D(23, 15, 48), "No corruption, just wrong totals",
  "To be clear there is no data corruption, the database is fine. But the totals on the "
  "monthly summary screen are off by one day (timezone?).", 3, "ib", "-dc",
  "negation neg-but", "incorrect behaviour; corruption negated")
T("s2-en-23", E, D(23, 16, 5), "Label printing not available",
  "The application never hangs or crashes, it's just that label printing is not available "
  "for our Zebra printers. We print from Word for now.", 3, "fu|if wa", "-ch",
  "negation workaround", "feature unavailable with workaround; crash negated")
T("s2-en-24", E, D(23, 16, 40), "Not a crash report",
  "This isn't a crash report, the tool works fine. I just want to suggest adding CSV import "
  "for price lists.", 4, "enh", "-ch", "negation request", "enhancement; crash negated")
T("s2-en-25", E, D(23, 17, 2), "Whole accounting team stuck",
  "I can't say that nobody is blocked: the whole accounting team cannot work since the "
  "update, the ledger screen won't open.", 1, "ub", "", "negation",
  "double negation: users are blocked")
T("s2-en-26", E, D(24, 8, 12), "Root cause of yesterday's stop",
  "We restored the backup without any data loss and everything is back to normal. Can you "
  "tell us what caused the service stop yesterday?", 4, "q", "-dl -ss",
  "negation past question", "resolved event, question; data loss negated")
T("s2-en-27", E, D(24, 8, 40), "Could we lose data during the upgrade?",
  "We are planning the 9.0 upgrade next month. Could we lose data if the migration script "
  "is interrupted? What backup do you recommend?", 4, "q|adv", "-dl",
  "hedge question", "hypothetical data loss, question")
T("s2-en-28", E, D(24, 9, 3), "Risk of crash with new cache?",
  "If we enable the new caching option, is there a risk the server crashes under load? "
  "We'd like to avoid any outage.", 4, "q|adv", "-ch -ss", "hedge question",
  "hypothetical crash")
T("s2-en-29", E, D(24, 9, 30), "Alert in case the service stops",
  "In case the service stops during the night, is there a way to get an email alert? "
  "Currently all is running fine.", 4, "q|adv|enh", "-ss", "hedge question",
  "hypothetical stop")
T("s2-en-30", E, D(24, 10, 1), "invoice maybe corrupted?",
  "Some users thought an invoice might be corrupted, but we checked and it's only displayed "
  "with the wrong font. The data itself is correct.", 3, "ib", "-dc", "hedge neg-but",
  "suspected corruption ruled out; display wrong")
T("s2-en-31", E, D(24, 10, 20), "Retention settings advice",
  "To prevent data loss, we would like advice on the best retention settings for the "
  "archive module.", 4, "adv|q", "-dl", "hedge request", "advice; data loss is a purpose")
T("s2-en-32", E, D(24, 10, 45), "Batch size for import",
  "Worst case the import would block the users for an hour, so we want to schedule it "
  "properly. What is the recommended batch size?", 4, "q|adv", "-ub", "hedge question",
  "hypothetical blocking")
T("s2-en-33", E, D(24, 11, 2), "Which Windows patches are safe?",
  "Last year the server crashed twice after a Windows update. This year we want to know "
  "which KB patches are safe before we install them.", 4, "q|adv", "-ch",
  "past question", "past crash; question now")
T("s2-en-34", E, D(24, 11, 30), "Outage yesterday - please analyse logs",
  "Yesterday the service was stopped for 2 hours; we restarted it and it's been stable "
  "since. Could you analyse the attached logs so we understand the root cause?", 4, "q",
  "-ss -rr -ub", "past question", "resolved outage, root-cause question")
T("s2-en-35", E, D(24, 11, 50), "Assign-to list sorted randomly",
  "We had data loss in March (ticket #4411, solved). Today's issue is different: the "
  "'Assign to' dropdown lists users in random order instead of alphabetically.", 3, "ib",
  "-dl", "past", "past data loss; current minor incorrect behaviour")
T("s2-en-36", E, D(24, 12, 15), "Portal was down this morning",
  "The portal was down this morning but came back after 10 minutes by itself. All good now. "
  "Was there a maintenance on your side we should know about?", 4, "q", "-ss -ub -un",
  "past question", "resolved blip, question")
T("s2-en-37", E, D(24, 12, 40), "How to configure SSO during rollout",
  "We're implementing Ragnarokkr this month. How do we configure SSO with Azure AD? The "
  "guide is unclear about the redirect URI.", 3, "q impl", "", "question",
  "implementation question")
T("s2-en-38", E, D(24, 13, 5), "Restart needed after config change?",
  "Do we need to restart the service after changing the mail settings, or are they "
  "reloaded automatically?", 4, "q", "-rr", "question", "general question about restarts")
T("s2-en-39", E, D(24, 13, 33), "Why does it crash???",
  "Why does the client crash every time I open the Planning tab?? It happened 10 times "
  "today, I can't do my job.", 1, "ch", "", "question",
  "real crash phrased as a question")
T("s2-en-40", E, D(24, 14, 0), "Offline mode if DB unavailable",
  "Architecture question: if the database goes offline, can users keep working in "
  "disconnected mode?", 4, "q", "-ub -ss", "question hedge", "hypothetical, question")
T("s2-en-41", E, D(24, 14, 20), "Everything works except printing",
  "Everything works except printing: the print button does nothing, no error. We can't "
  "print delivery notes, which we need for every truck.", 2, "fu|if", "-wa",
  "exception", "function unavailable, no workaround")
T("s2-en-42", E, D(24, 14, 45), "Wrong tooltip",
  "All functions are fine except the tooltip on the save icon says 'Delete'. Cosmetic "
  "only, no impact on our work.", 4, "ib oa0", "", "exception",
  "incorrect behaviour without impact")
T("s2-en-43", E, D(24, 15, 10), "Only the API returns 503",
  "Only the REST API returns 503, the web UI is OK. Our nightly stock sync uses it; we "
  "enter stock manually in the UI meanwhile.", 3, "fu|if|em wa", "-ss", "exception workaround",
  "function unavailable with workaround")
T("s2-en-44", E, D(24, 15, 33), "Crash on Excel export",
  "The 8.4 client crashes when exporting to Excel. Using the 8.3 client on the same "
  "machine works, so we do that for now.", 2, "ch wa", "", "workaround",
  "crash but workaround: gate caps at 2")
T("s2-en-45", E, D(24, 16, 0), "Service stops when disk full",
  "The service stops every time the disk is full. We know how to clean the temp folder and "
  "restart it ourselves, we just want a permanent fix.", 2, "ss cr|wa", "",
  "workaround", "stop resolvable by the customer: gate caps at 2")
T("s2-en-46", E, D(24, 16, 25), "Automatic backups don't start",
  "Automatic backups don't start anymore (the 'Run now' button works). We run it by hand "
  "every evening as a workaround.", 3, "fu|if wa", "", "workaround",
  "function unavailable with workaround")
T("s2-en-47", E, D(24, 16, 50), "Email notifications not sent",
  "Email notifications are no longer sent since the update. We have not found any "
  "workaround.", 2, "fu|if", "-wa", "workaround negation",
  "function unavailable; workaround negated")
T("s2-en-48", E, D(25, 8, 5), "Warning in the log, normal?",
  "I see this in the log every hour:\n`WARN [DataGuard] check 'data corruption' = 0 issues "
  "found`\nIs that normal? Everything works.", 4, "q", "-dc", "log question",
  "log line with alarming words, question")
T("s2-en-49", E, D(25, 8, 30), "Exception in log at startup",
  "Found in app.log:\n  System.NullReferenceException: Object reference not set to an "
  "instance of an object.\n     at Ragnarokkr.Sync.Run()\nIt appears once at startup, then "
  "everything works. Harmless?", 4, "q", "-ch", "log question tech",
  "one-off trace, no impact, question")
T("s2-en-50", E, D(25, 3, 20), "PROD DOWN",
  "Service died at 03:12. Event log: `FATAL Ragnarokkr.Host terminated unexpectedly "
  "(exit code 0xC0000005)`. Prod is down, nobody can work.", 1, "ch|ss ub", "",
  "log plain L1", "crash and production stopped")
T("s2-en-51", E, D(25, 9, 2), "Log says data loss prevented",
  "The log shows `INFO: write retried, data loss prevented`. Nothing else odd, users didn't "
  "notice anything. Is it a disk issue?", 4, "q", "-dl", "log question",
  "alarming word in an info log line")
T("s2-en-52", E, D(25, 9, 30), "HTTP 500 on search page",
  "Search page gives 'HTTP 500 - Internal Server Error' for all queries since 10:00. Users "
  "can still browse folders manually to find documents, just slower.", 3, "em fu|if wa",
  "-ub", "log workaround", "error, function unavailable with workaround")
T("s2-en-53", E, D(25, 10, 0), "SQL Server DB corrupted",
  "Our Ragnarokkr database on SQL Server 2019 seems corrupted: DBCC CHECKDB reports "
  "consistency errors and users cannot open projects.", 2, "dc sql", "", "tech-cap",
  "corruption on MS-SQL: capped at 2")
T("s2-en-54", E, D(25, 10, 20), ".NET integration crashes",
  "Our .NET 6 integration built on your SDK crashes with StackOverflowException on every "
  "call to GetOrders. Production orders can't be pulled.", 2, "ch net", "", "tech-cap",
  "crash in .NET: capped at 2")
T("s2-en-55", E, D(25, 10, 45), "Server hangs on calendar",
  "We moved from SQL Server to PostgreSQL last year. Since yesterday the Ragnarokkr server "
  "hangs every time someone opens the calendar, all users are stuck.", 1, "ch|ub", "-sql",
  "tech-nocap past", "hang on PostgreSQL; SQL Server is history")
T("s2-en-56", E, D(25, 11, 10), "Slight slowness on SQL Server reports",
  "Reports against our MS SQL backend take a little longer since 8.2, a few seconds. "
  "Minor.", 3, "pm sql", "-ps", "tech-nocap", "minor performance; cap does not bite")
T("s2-en-57", E, D(25, 11, 30), ".NET Framework support",
  "Does version 9 still support .NET Framework 4.8, or do we need to move to .NET 8?", 4,
  "q", "", "tech-nocap question", "general question")
T("s2-en-58", E, D(25, 11, 55), "Hook for invoice validation (C# plugin)",
  "We're building our C# plugin as part of the initial deployment. Which interface do we "
  "implement to hook into invoice validation?", 3, "q impl", "", "tech-nocap question",
  "implementation question")
T("s2-en-59", E, D(25, 12, 20), "Staging server crashes at startup",
  "On our staging server the app crashes at startup after installing the 9.0 beta. Prod "
  "is still on 8.4 and fine.", 3, "ch stg", "", "env", "crash in staging: capped at 3")
T("s2-en-60", E, D(25, 12, 45), "Migration deleted attachments in test",
  "In the test environment the migration deleted all attachments. We haven't upgraded "
  "production and won't until this is clarified.", 3, "dl stg", "", "env",
  "data loss in test: capped at 3")
T("s2-en-61", E, D(25, 13, 5), "Planning screen - test AND prod",
  "Same issue on test and on production: the planning screen won't open. In production "
  "our dispatchers cannot work at all.", 1, "ub", "-stg", "env",
  "production affected, users blocked")
T("s2-en-62", E, D(25, 13, 30), "Preprod very slow",
  "Preprod is very slow (30s per screen). Not urgent since prod is fine, but we need to "
  "validate the release next week.", 3, "ps stg", "", "env",
  "severe slowness in pre-production: capped at 3")
T("s2-en-63", E, D(25, 13, 50), "Log level on dev box",
  "On my dev box, where do I set the log level to DEBUG?", 4, "q", "", "env question",
  "general question")
T("s2-en-64", E, D(25, 14, 10), "Suggestion: confirm before delete",
  "Suggestion: add a confirmation dialog before deleting a folder, to avoid data loss by "
  "mistake.", 4, "enh", "-dl", "request hedge", "enhancement; data loss is a purpose")
T("s2-en-65", E, D(25, 14, 30), "Sizing for 300 users",
  "What server sizing do you recommend for 300 users? We want to avoid performance "
  "problems.", 4, "adv|q", "-ps -pm", "request hedge", "advice")
T("s2-en-66", E, D(25, 14, 55), "Error when saving in Lyon office",
  "Users in our Lyon office get « Erreur : impossible d'enregistrer le document » when "
  "saving. If they save under a new name it works.", 3, "em wa", "", "mixed workaround",
  "error with workaround, French quote")
T("s2-en-67", E, D(25, 15, 20), "FW: Panne production",
  "Forwarding from our French subsidiary:\n> Le serveur de production est arrêté depuis ce "
  "matin, personne ne peut travailler.\nPlease treat as urgent.", 1, "ss|ub", "",
  "mixed plain L1", "forwarded French: production stopped")
T("s2-en-68", E, D(25, 15, 45), "Question (désolé for my English)",
  "Hello, we want to know if the version 9 is compatible with Windows Server 2022. Merci "
  "beaucoup, Pierre", 4, "q", "", "mixed question", "general question")
T("s2-en-69", E, D(26, 8, 10), "Follow-up on rollout + an issue",
  "Hi team, thanks again for the training last week, the sessions were really useful and "
  "the team likes the new layout. We also finished migrating the archive from the old "
  "system and HR started using the leave module, which is great. One small remark: the "
  "French menu has a few typos, I'll send a list later. Anyway, the real reason I'm "
  "writing: since Friday the approval workflow has disappeared from the menu for all "
  "managers. For now they approve by email and we key it in afterwards, which is tedious.\n"
  "Best, Tom", 3, "fu|if wa", "", "late workaround",
  "function unavailable with a workaround, stated late")
T("s2-en-70", E, D(26, 8, 40), "Entries missing after 8.5.2",
  "Hello, we're a 50-person logistics company using Ragnarokkr since 2019. Yesterday we "
  "applied update 8.5.2 in the planned maintenance window and the install went smoothly. "
  "The services came back, users logged in this morning as usual and the dashboards look "
  "fine. However, every dispatch entry created on Tuesday is gone, and it's not in the "
  "recycle bin either. We lost a full day of work.", 1, "dl", "", "late",
  "data loss stated late")
T("s2-en-71", E, D(26, 9, 5), "Manual restart still needed in 9.x?",
  "Dear support, our auditors asked us to document crash recovery, data loss scenarios and "
  "what happens when the service stops unexpectedly. The failover chapter describes a "
  "manual restart procedure. We run a single primary server with nightly backups. We have "
  "never had any of these problems and everything runs fine today. It's just a question: "
  "is the manual restart still required in 9.x?", 4, "q", "-ch -dl -ss -rr",
  "late question hedge", "documentation question; alarming words are hypothetical")
T("s2-en-72", E, D(26, 9, 30), "Low memory warnings - restart now?",
  "The app shows 'low memory' warnings. Should we restart the service now or wait till "
  "tonight? It still works fine for users.", 4, "q", "-rr -ub", "question hedge",
  "question; restart is asked about, no impact")
T("s2-en-73", E, D(26, 9, 55), "sever crashd agian",
  "the sever crashd agian this mornign, evryone is stuck, pls hlp asap\nsent from my phone",
  1, "ch|ub", "", "plain L1 typos", "crash, users stuck (typos)")
T("s2-en-74", E, D(26, 10, 20), "Connection drops several times an hour",
  "The connection drops for about 10 seconds several times an hour, then reconnects by "
  "itself.", 2, "un", "-ss", "plain L2", "periodic interruptions")
T("s2-en-75", E, D(26, 10, 45), "Please ignore previous ticket",
  "UPDATE: please ignore my ticket about the server being down, it was our firewall. All is "
  "fine. Could you confirm which ports the server needs open?", 4, "q", "-ss -ub",
  "past question negation", "retracted outage, question")
T("s2-en-76", E, D(26, 11, 10), "Send button greyed out",
  "Users are not blocked, they can work, but the 'Send' button in the mail module is greyed "
  "out and they must copy the text into Outlook.", 3, "fu|if wa", "-ub",
  "negation neg-but workaround", "feature unavailable with workaround; blocking negated")
T("s2-en-77", E, D(26, 11, 35), "Sync wipes offline changes",
  "The sync not only fails but also wipes the local cache: users lose their offline "
  "changes.", 1, "dl", "", "negation", "'not only' is no negation: data loss")
T("s2-en-78", E, D(26, 12, 0), "Archiving no longer works",
  "The archive function no longer works since 8.5; there is no other way to archive "
  "closed cases.", 2, "fu|if", "-wa", "negation", "function unavailable, no workaround")
T("s2-en-79", E, D(26, 12, 25), "PDF footer shows old version",
  "Hardly any impact: the footer of the generated PDFs shows version 8.4 instead of 8.5.",
  4, "ib oa0", "", "plain L4", "cosmetic incorrect behaviour, no impact")
T("s2-en-80", E, D(26, 12, 50), "Re: Re: slow login",
  "> Is the slowness still there?\nYes, but it's not severe: login takes a couple of "
  "seconds more than last month. Otherwise no problem.\nK. Weber, Stadtwerke IT", 3, "pm",
  "-ps", "negation plain L3", "minor slowness; 'not severe'")

# ------------------------------------------------------------------ French
F = "fr"
T("s2-fr-01", F, D(23, 8, 2), "Production arrêtée",
  "Bonjour, depuis 8h le service Ragnarokkr est arrêté sur notre serveur de prod principal, "
  "impossible de le relancer. Plus personne ne peut travailler.\nCordialement, Sophie", 1,
  "ss ub", "", "plain L1", "production primaire arrêtée")
T("s2-fr-02", F, D(23, 8, 20), "Plantage de l'application",
  "L'application plante dès qu'on ouvre un dossier client, chez tous les utilisateurs.", 1,
  "ch", "", "plain L1 elision", "plantage")
T("s2-fr-03", F, D(23, 8, 45), "Perte de données !!",
  "Suite à la mise à jour d'hier soir, toutes les commandes saisies lundi ont disparu. On a "
  "perdu une journée de saisie.", 1, "dl", "", "plain L1", "perte de données")
T("s2-fr-04", F, D(23, 9, 5), "Blocage total",
  "L'appli est figée sur l'écran de chargement depuis ce matin, nos agents ne peuvent plus "
  "rien faire.", 1, "ch|ub", "", "plain L1 elision", "blocage, utilisateurs à l'arrêt")
T("s2-fr-05", F, D(23, 9, 25), "Données corrompues",
  "Les fiches articles sont corrompues : les prix affichent des caractères bizarres et les "
  "quantités sont fausses partout.", 1, "dc", "", "plain L1", "corruption de données")
T("s2-fr-06", F, D(23, 9, 50), "Module statistiques indisponible",
  "Le module statistiques n'est plus disponible (page blanche). Le reste de l'application "
  "fonctionne, mais nous n'avons aucune solution de contournement.", 2, "fu|if",
  "-ss -ub -wa", "plain L2 exception neg-but", "fonction indisponible sans contournement")
T("s2-fr-07", F, D(23, 10, 10), "Déconnexions régulières",
  "Depuis lundi les utilisateurs sont déconnectés toutes les demi-heures environ, puis ça "
  "revient tout seul.", 2, "un", "-ch", "plain L2", "interruptions périodiques")
T("s2-fr-08", F, D(23, 10, 30), "Lenteurs extrêmes",
  "Les temps de réponse sont catastrophiques : plus d'une minute pour afficher la liste des "
  "contrats. Les équipes perdent un temps fou.", 2, "ps", "", "plain L2",
  "performances fortement dégradées")
T("s2-fr-09", F, D(23, 10, 55), "Redémarrage obligatoire chaque matin",
  "Chaque matin l'indexation tombe en erreur et on est obligés de redémarrer le serveur "
  "pour que la recherche refonctionne.", 2, "rr", "", "plain L2", "redémarrage forcé")
T("s2-fr-10", F, D(23, 11, 15), "Serveur secondaire arrêté",
  "Notre nœud secondaire (serveur de secours) s'est arrêté cette nuit. Le serveur principal "
  "tourne toujours et les utilisateurs travaillent, mais nous n'avons plus de redondance.",
  2, "ss sec", "-ub", "plain L2", "arrêt du seul serveur secondaire")
T("s2-fr-11", F, D(23, 11, 40), "Export Excel KO",
  "L'export Excel ne fonctionne plus. En attendant on passe par l'export CSV qu'on ouvre "
  "ensuite dans Excel.", 3, "fu|if wa", "", "plain L3 workaround",
  "fonction indisponible avec contournement")
T("s2-fr-12", F, D(23, 12, 0), "Légère lenteur",
  "Depuis la 8.5 la recherche est un peu plus lente, une ou deux secondes de plus. Rien de "
  "grave.", 3, "pm", "-ps", "plain L3", "dégradation minime")
T("s2-fr-13", F, D(23, 12, 20), "Mauvais arrondi TTC",
  "Les montants TTC de l'aperçu sont arrondis au centime supérieur au lieu du plus proche. "
  "Nos comptables corrigent à la main.", 3, "ib", "", "plain L3 elision",
  "comportement incorrect, impact mineur")
T("s2-fr-14", F, D(23, 12, 45), "Message d'erreur à l'enregistrement",
  "Le message « Erreur 1042 : valeur inattendue » s'affiche à l'enregistrement d'une fiche, "
  "mais en cliquant sur OK puis en réenregistrant ça passe.", 3, "em wa", "",
  "plain L3 workaround", "message d'erreur avec contournement")
T("s2-fr-15", F, D(23, 13, 10), "Erreur dans la doc d'installation",
  "Dans le guide d'installation, page 12, la commande indiquée pour créer le service n'est "
  "pas la bonne (il manque un paramètre). Pourriez-vous corriger la documentation ?", 4,
  "doc|q|enh", "-ss", "plain L4 request", "précision sur la documentation")
T("s2-fr-16", F, D(23, 13, 35), "Suggestion d'amélioration",
  "Ce serait bien de pouvoir trier les tâches par priorité dans le tableau de bord. "
  "Plusieurs utilisateurs le demandent.", 4, "enh", "", "plain L4 request",
  "demande d'amélioration")
T("s2-fr-17", F, D(23, 14, 5), "Question licence",
  "Combien d'utilisateurs simultanés notre licence Standard autorise-t-elle ? Merci "
  "d'avance.", 4, "q|adv", "", "plain L4 question", "question générale")
T("s2-fr-18", F, D(23, 14, 30), "Notes de version 9.1",
  "Où trouver les notes de mise à jour de la version 9.1 ? Je voudrais voir les changements "
  "de l'API.", 4, "rn|doc|q", "", "plain L4 request", "notes de mise à jour")
T("s2-fr-19", F, D(23, 14, 55), "Erreur de synchro sans impact",
  "La synchro affiche l'erreur « SYNC-221 conflit » à chaque passage. Aucune perte de "
  "données, le service n'est pas arrêté et les utilisateurs travaillent normalement : aucun "
  "impact pour l'instant.", 4, "em oa0", "-dl -ss -ub", "negation elision",
  "erreur sans impact opérationnel")
T("s2-fr-20", F, D(23, 15, 15), "Pas de plantage mais planificateur HS",
  "L\u2019application n\u2019a pas planté, mais depuis ce matin le planificateur n\u2019est plus "
  "disponible et aucune tâche ne s\u2019exécute. Pas de contournement trouvé.", 2, "fu|if",
  "-ch -wa", "negation neg-but elision typo-apos",
  "fonction indisponible ; plantage nié")
T("s2-fr-21", F, D(23, 15, 35), "Tableaux de bord un peu lents",
  "Les tableaux de bord s'affichent un peu lentement (3-4 s). Personne n'est bloqué, tout le "
  "monde peut travailler.", 3, "pm", "-ub -ps", "negation elision",
  "lenteur légère ; blocage nié")
T("s2-fr-22", F, D(23, 15, 55), "Pas de corruption, totaux décalés",
  "Précision : il n'y a aucune corruption de données, la base est saine. Par contre les "
  "totaux du récapitulatif mensuel sont décalés d'un jour.", 3, "ib", "-dc",
  "negation neg-but", "comportement incorrect ; corruption niée")
T("s2-fr-23", F, D(23, 16, 15), "Impression d'étiquettes indisponible",
  "L'application ne se fige jamais et ne plante pas ; c'est juste que l'impression "
  "d'étiquettes n'est pas disponible pour nos imprimantes Zebra. On imprime depuis Word en "
  "attendant.", 3, "fu|if wa", "-ch", "negation workaround elision",
  "fonction indisponible avec contournement ; plantage nié")
T("s2-fr-24", F, D(23, 16, 45), "Ce n'est pas un bug",
  "Ce n'est pas un plantage ni un bug, tout fonctionne. Je voudrais simplement suggérer un "
  "import CSV pour les listes de prix.", 4, "enh", "-ch", "negation request",
  "amélioration ; plantage nié")
T("s2-fr-25", F, D(23, 17, 5), "Personne ne peut se connecter",
  "Personne ne peut se connecter depuis 9h : « Identifiants invalides » pour tous les "
  "comptes, même l'admin. Toute l'équipe est à l'arrêt, aucun droit d'accès ne passe.", 1,
  "ub", "", "negation elision", "forme négative qui affirme le blocage")
T("s2-fr-26", F, D(24, 8, 15), "Cause de l'arrêt d'hier",
  "Nous avons restauré la sauvegarde sans aucune perte de données, tout est rentré dans "
  "l'ordre. Pouvez-vous nous dire pourquoi le service s'est arrêté hier ?", 4, "q",
  "-dl -ss", "negation past question", "événement résolu, question")
T("s2-fr-27", F, D(24, 8, 45), "Risque de perte de données ?",
  "Nous prévoyons la migration vers la 9.0 le mois prochain. Risque-t-on de perdre des "
  "données si le script de migration est interrompu ?", 4, "q|adv", "-dl",
  "hedge question", "perte hypothétique, question")
T("s2-fr-28", F, D(24, 9, 10), "Procédure de mise à jour",
  "Pour éviter un arrêt de la production pendant la mise à jour, quelle procédure "
  "conseillez-vous ? Tout fonctionne bien actuellement.", 4, "adv|q", "-ss",
  "hedge question", "arrêt à éviter, conseil")
T("s2-fr-29", F, D(24, 9, 35), "Alerte au cas où",
  "Au cas où le service s'arrêterait la nuit, est-il possible de recevoir une alerte par "
  "mail ?", 4, "q|adv|enh", "-ss", "hedge question", "arrêt hypothétique")
T("s2-fr-30", F, D(24, 10, 5), "Facture peut-être corrompue ?",
  "Un utilisateur pensait qu'une facture était peut-être corrompue, mais après vérification "
  "c'est seulement l'affichage qui utilise une mauvaise police. Les données sont correctes.",
  3, "ib", "-dc", "hedge neg-but elision", "corruption soupçonnée puis écartée")
T("s2-fr-31", F, D(24, 10, 25), "Si jamais ça plante pendant la clôture",
  "Si jamais le serveur plantait pendant la clôture mensuelle, quelles seraient les étapes "
  "de reprise ? On préfère anticiper.", 4, "q|adv", "-ch -rr", "hedge question",
  "plantage hypothétique")
T("s2-fr-32", F, D(24, 10, 50), "Audit complet et performances",
  "Est-ce que l'activation de l'audit complet risque de dégrader fortement les "
  "performances ? Nous aimerions l'activer en production.", 4, "q|adv", "-ps -pm",
  "hedge question", "dégradation hypothétique")
T("s2-fr-33", F, D(24, 11, 5), "Correctifs Windows sûrs ?",
  "L'an dernier le serveur a planté deux fois après une mise à jour Windows. Cette année on "
  "aimerait savoir quels correctifs sont sûrs avant de les installer.", 4, "q|adv", "-ch",
  "past question", "plantage passé ; question")
T("s2-fr-34", F, D(24, 11, 35), "Incident d'hier résolu - analyse des logs",
  "Hier le service a été arrêté pendant deux heures ; on l'a redémarré et c'est stable "
  "depuis. Pourriez-vous analyser les journaux joints pour trouver la cause ?", 4, "q",
  "-ss -rr -ub", "past question elision", "arrêt résolu, question de cause")
T("s2-fr-35", F, D(24, 11, 55), "Liste Assigné à triée au hasard",
  "Nous avions eu une perte de données en mars (ticket 4411, résolu). Aujourd'hui c'est "
  "autre chose : la liste « Assigné à » est triée au hasard au lieu de l'ordre "
  "alphabétique.", 3, "ib", "-dl", "past", "perte passée ; défaut mineur actuel")
T("s2-fr-36", F, D(24, 12, 20), "Coupure ce matin, réglée",
  "L'accès au portail était impossible ce matin pendant 10 min, puis c'est revenu tout "
  "seul. Tout va bien maintenant. Y a-t-il eu une maintenance de votre côté ?", 4, "q",
  "-ss -ub -un", "past question elision", "coupure résolue, question")
T("s2-fr-37", F, D(24, 12, 45), "Configuration SSO pendant le déploiement",
  "Nous sommes en pleine mise en œuvre. Comment configurer le SSO avec Azure AD ? L'URI de "
  "redirection n'est pas claire dans le guide.", 3, "q impl", "", "question",
  "question pendant la mise en œuvre")
T("s2-fr-38", F, D(24, 13, 10), "Faut-il redémarrer ?",
  "Faut-il redémarrer le service après avoir modifié les paramètres de messagerie, ou "
  "sont-ils rechargés automatiquement ?", 4, "q", "-rr", "question",
  "question générale sur le redémarrage")
T("s2-fr-39", F, D(24, 13, 40), "Pourquoi ça plante ???",
  "Pourquoi le client plante-t-il à chaque ouverture de l'onglet Planning ?? Dix fois "
  "aujourd'hui, je ne peux pas travailler.", 1, "ch", "", "question",
  "vrai plantage formulé en question")
T("s2-fr-40", F, D(24, 14, 5), "Mode déconnecté",
  "Question d'architecture : si la base de données est hors ligne, les utilisateurs "
  "peuvent-ils continuer à travailler en mode déconnecté ?", 4, "q", "-ub -ss",
  "question hedge elision", "hypothétique, question")
T("s2-fr-41", F, D(24, 14, 25), "Tout marche sauf l'impression",
  "Tout fonctionne sauf l'impression : le bouton ne fait rien, aucun message. Impossible "
  "d'imprimer les bons de livraison, dont nous avons besoin pour chaque camion.", 2,
  "fu|if", "-wa", "exception", "fonction indisponible sans contournement")
T("s2-fr-42", F, D(24, 14, 50), "Infobulle erronée",
  "Tout est OK sauf l'infobulle de l'icône Enregistrer qui affiche « Supprimer ». Purement "
  "cosmétique, aucun impact sur notre travail.", 4, "ib oa0", "", "exception",
  "comportement incorrect sans impact")
T("s2-fr-43", F, D(24, 15, 15), "Seule l'API renvoie 503",
  "Seule l'API REST renvoie une erreur 503, l'interface web est OK. En attendant, on saisit "
  "les stocks à la main dans l'interface.", 3, "fu|if|em wa", "-ss",
  "exception workaround elision", "fonction indisponible avec contournement")
T("s2-fr-44", F, D(24, 15, 40), "Plantage à l'export Excel",
  "Le client 8.4 plante à l'export Excel. Avec le client 8.3 sur le même poste ça marche, "
  "donc on fait comme ça en attendant.", 2, "ch wa", "", "workaround",
  "plantage avec contournement : plafond 2")
T("s2-fr-45", F, D(24, 16, 5), "Le service s'arrête quand le disque est plein",
  "Le service s'arrête dès que le disque est plein. On sait vider le dossier temporaire et "
  "le relancer nous-mêmes, mais on voudrait une correction définitive.", 2, "ss cr|wa", "",
  "workaround", "arrêt que le client sait résoudre : plafond 2")
T("s2-fr-46", F, D(24, 16, 30), "Sauvegarde auto ne démarre plus",
  "Les sauvegardes automatiques ne se lancent plus (le bouton « Lancer maintenant » "
  "fonctionne). On la lance à la main chaque soir.", 3, "fu|if wa", "", "workaround",
  "fonction indisponible avec contournement")
T("s2-fr-47", F, D(24, 16, 55), "Notifications mail plus envoyées",
  "Les notifications par e-mail ne partent plus depuis la mise à jour. Nous n'avons trouvé "
  "aucun contournement.", 2, "fu|if", "-wa", "workaround negation",
  "fonction indisponible ; contournement nié")
T("s2-fr-48", F, D(25, 8, 10), "Avertissement dans le journal",
  "Je vois ceci toutes les heures dans le journal :\n`WARN [DataGuard] contrôle 'corruption "
  "de données' = 0 anomalie`\nEst-ce normal ? Tout fonctionne.", 4, "q", "-dc",
  "log question", "ligne de log alarmante, question")
T("s2-fr-49", F, D(25, 8, 35), "Exception au démarrage",
  "Trouvé dans app.log :\n  System.NullReferenceException: La référence d'objet n'est pas "
  "définie à une instance d'un objet.\n     à Ragnarokkr.Sync.Run()\nUne seule fois au "
  "démarrage, ensuite tout marche. C'est grave ?", 4, "q", "-ch",
  "log question tech elision", "trace ponctuelle sans impact, question")
T("s2-fr-50", F, D(25, 3, 25), "PROD À L'ARRÊT",
  "Le service est tombé à 3h12. Observateur d'événements : `FATAL Ragnarokkr.Host s'est "
  "arrêté de façon inattendue (code 0xC0000005)`. La prod est à l'arrêt, personne ne peut "
  "travailler.", 1, "ch|ss ub", "", "log plain L1", "plantage, production arrêtée")
T("s2-fr-51", F, D(25, 9, 5), "Journal : perte de données évitée",
  "Le journal indique `INFO: écriture relancée, perte de données évitée`. Rien d'autre "
  "d'anormal, les utilisateurs n'ont rien remarqué. Problème de disque ?", 4, "q", "-dl",
  "log question", "mot alarmant dans une ligne INFO")
T("s2-fr-52", F, D(25, 9, 35), "Erreur 500 sur la recherche",
  "La page de recherche renvoie « HTTP 500 - Erreur interne du serveur » pour toutes les "
  "requêtes depuis 10h. Les utilisateurs peuvent encore parcourir les dossiers à la main, "
  "c'est juste plus long.", 3, "em fu|if wa", "-ub", "log workaround",
  "erreur, fonction indisponible avec contournement")
T("s2-fr-53", F, D(25, 10, 5), "Base SQL Server corrompue",
  "Notre base Ragnarokkr sous SQL Server 2019 semble corrompue : DBCC CHECKDB remonte des "
  "erreurs de cohérence et les utilisateurs ne peuvent plus ouvrir les projets.", 2,
  "dc sql", "", "tech-cap", "corruption sur MS-SQL : plafond 2")
T("s2-fr-54", F, D(25, 10, 25), "Plantage intégration .NET",
  "Notre intégration .NET 6 basée sur votre SDK plante avec une StackOverflowException à "
  "chaque appel de GetOrders. Les commandes de production ne remontent plus.", 2,
  "ch net", "", "tech-cap", "plantage .NET : plafond 2")
T("s2-fr-55", F, D(25, 10, 50), "Serveur figé sur le calendrier",
  "Nous avons quitté SQL Server pour PostgreSQL l\u2019an dernier. Depuis hier le serveur "
  "Ragnarokkr se fige dès qu\u2019on ouvre le calendrier, tous les utilisateurs sont bloqués.",
  1, "ch|ub", "-sql", "tech-nocap past typo-apos", "blocage sur PostgreSQL ; SQL Server passé")
T("s2-fr-56", F, D(25, 11, 15), "Petite lenteur MS-SQL",
  "Les rapports sur notre base MS-SQL mettent un peu plus de temps depuis la 8.2, quelques "
  "secondes. Mineur.", 3, "pm sql", "-ps", "tech-nocap",
  "lenteur minime ; le plafond ne joue pas")
T("s2-fr-57", F, D(25, 11, 35), ".NET Framework supporté ?",
  "La version 9 supporte-t-elle encore le .NET Framework 4.8 ou faut-il passer en .NET 8 ?",
  4, "q", "", "tech-nocap question", "question générale")
T("s2-fr-58", F, D(25, 12, 0), "Plugin C# - déploiement initial",
  "Nous développons notre plugin C# dans le cadre du déploiement initial. Quelle interface "
  "faut-il implémenter pour intervenir sur la validation des factures ?", 3, "q impl", "",
  "tech-nocap question", "question pendant la mise en œuvre")
T("s2-fr-59", F, D(25, 12, 25), "Plantage en recette",
  "Sur notre serveur de recette, l'application plante au démarrage depuis l'installation de "
  "la 9.0 bêta. La prod est toujours en 8.4 et fonctionne.", 3, "ch stg", "", "env elision",
  "plantage en recette : plafond 3")
T("s2-fr-60", F, D(25, 12, 50), "Pièces jointes supprimées en test",
  "En environnement de test, la migration a supprimé toutes les pièces jointes. La "
  "production n'est pas encore migrée.", 3, "dl stg", "", "env",
  "perte de données en test : plafond 3")
T("s2-fr-61", F, D(25, 13, 10), "Écran de planification - test ET prod",
  "Même problème en test et en production : l'écran de planification ne s'ouvre plus. En "
  "production, nos répartiteurs ne peuvent plus travailler du tout.", 1, "ub", "-stg", "env",
  "production touchée, utilisateurs bloqués")
T("s2-fr-62", F, D(25, 13, 35), "Préprod très lente",
  "La préprod est très lente (30 s par écran). Pas urgent car la prod va bien, mais on doit "
  "valider la version la semaine prochaine.", 3, "ps stg", "", "env",
  "lenteur forte en préproduction : plafond 3")
T("s2-fr-63", F, D(25, 13, 55), "Niveau de log sur poste de dev",
  "Sur mon poste de développement, où règle-t-on le niveau de log en DEBUG ?", 4, "q", "",
  "env question", "question générale")
T("s2-fr-64", F, D(25, 14, 15), "Suggestion : confirmation avant suppression",
  "Suggestion : ajouter une confirmation avant la suppression d'un dossier, pour éviter les "
  "pertes de données par erreur.", 4, "enh", "-dl", "request hedge",
  "amélioration ; perte de données = but")
T("s2-fr-65", F, D(25, 14, 35), "Dimensionnement pour 300 utilisateurs",
  "Quel dimensionnement serveur conseillez-vous pour 300 utilisateurs ? Nous voulons éviter "
  "les problèmes de performance.", 4, "adv|q", "-ps -pm", "request hedge", "conseil")
T("s2-fr-66", F, D(25, 15, 0), "Erreur à l'enregistrement",
  "Nos utilisateurs ont le message \"Error: could not save document\" lors de "
  "l'enregistrement. En enregistrant sous un autre nom, ça marche.", 3, "em wa", "",
  "mixed workaround", "erreur avec contournement, message anglais")
T("s2-fr-67", F, D(25, 15, 25), "TR: Outage",
  "Je vous transfère le message de notre filiale UK :\n> Production server is down since "
  "8am, nobody can work.\nMerci de traiter en urgence.", 1, "ss|ub", "",
  "mixed plain L1", "message anglais transféré : production arrêtée")
T("s2-fr-68", F, D(25, 15, 50), "Question (sorry pour mon français)",
  "Hi, we want to know si la version 9 est compatible avec Windows Server 2022. Thanks / "
  "merci", 4, "q", "", "mixed question", "question générale")
T("s2-fr-69", F, D(26, 8, 15), "Suite déploiement + un souci",
  "Bonjour, merci encore pour la formation de la semaine dernière, les sessions étaient très "
  "utiles et l'équipe apprécie la nouvelle interface. Nous avons aussi terminé la reprise "
  "des archives de l'ancien système et les RH ont commencé à utiliser le module congés. "
  "Petite remarque : le menu anglais contient quelques coquilles, je vous enverrai la "
  "liste. Bref, la vraie raison de mon message : depuis vendredi le circuit de validation a "
  "disparu du menu pour tous les responsables. En attendant ils valident par mail et on "
  "ressaisit ensuite, c'est fastidieux.\nBien à vous, Thomas", 3, "fu|if wa", "",
  "late workaround", "fonction indisponible avec contournement, dit tard")
T("s2-fr-70", F, D(26, 8, 45), "Saisies disparues après la 8.5.2",
  "Bonjour, nous sommes une société de transport de 50 personnes, clients depuis 2019. Hier "
  "nous avons appliqué la mise à jour 8.5.2 pendant la fenêtre de maintenance prévue et "
  "l'installation s'est bien passée. Les services sont repartis, les utilisateurs se sont "
  "connectés normalement ce matin et les tableaux de bord s'affichent bien. En revanche, "
  "toutes les saisies de mardi ont disparu et elles ne sont pas dans la corbeille. Nous "
  "avons perdu une journée entière de travail.", 1, "dl", "", "late",
  "perte de données dite tard")
T("s2-fr-71", F, D(26, 9, 10), "Redémarrage manuel encore nécessaire en 9.x ?",
  "Madame, Monsieur, nos auditeurs nous demandent de documenter la reprise après plantage, "
  "les scénarios de perte de données et ce qui se passe si le service s'arrête de manière "
  "inattendue. Le chapitre sur la bascule décrit une procédure de redémarrage manuel. Nous "
  "avons un seul serveur primaire avec sauvegarde nocturne. Nous n'avons jamais eu aucun de "
  "ces problèmes et tout fonctionne aujourd'hui. C'est juste une question : le redémarrage "
  "manuel est-il toujours nécessaire en 9.x ?", 4, "q", "-ch -dl -ss -rr",
  "late question hedge", "question ; mots alarmants hypothétiques")
T("s2-fr-72", F, D(26, 9, 35), "Avertissements mémoire - redémarrer ?",
  "L'application affiche des avertissements « mémoire faible ». Faut-il redémarrer le "
  "service tout de suite ou attendre ce soir, vu qu'il n'y a pour l'instant aucune gêne "
  "pour les utilisateurs ?", 4, "q", "-rr -ub", "question hedge elision",
  "question ; redémarrage demandé, pas d'impact")
T("s2-fr-73", F, D(26, 10, 0), "serveur planter encore",
  "le serveur a encor planter ce matin, tout le monde est bloquer, svp aidez nous vite", 1,
  "ch|ub", "", "plain L1 typos", "plantage, utilisateurs bloqués (fautes)")
T("s2-fr-74", F, D(26, 10, 25), "Coupures de connexion",
  "La connexion saute une dizaine de secondes plusieurs fois par heure, puis se rétablit "
  "toute seule.", 2, "un", "-ss", "plain L2", "interruptions périodiques")
T("s2-fr-75", F, D(26, 10, 50), "Oubliez mon ticket précédent",
  "MAJ : ignorez mon ticket sur le serveur arrêté, c'était notre pare-feu. Tout fonctionne. "
  "Pouvez-vous confirmer quels ports doivent être ouverts ?", 4, "q", "-ss -ub",
  "past question negation", "panne démentie, question")
T("s2-fr-76", F, D(26, 11, 15), "Bouton Envoyer grisé",
  "Les utilisateurs ne sont pas bloqués, ils peuvent travailler, mais le bouton « Envoyer » "
  "du module mail est grisé : ils doivent copier le texte dans Outlook.", 3, "fu|if wa",
  "-ub", "negation neg-but workaround", "fonction indisponible avec contournement")
T("s2-fr-77", F, D(26, 11, 40), "La synchro efface les modifs",
  "La synchro non seulement échoue, mais en plus elle efface le cache local : les "
  "utilisateurs perdent leurs modifications hors ligne.", 1, "dl", "", "negation",
  "« non seulement » n'est pas une négation : perte de données")
T("s2-fr-78", F, D(26, 12, 5), "Archivage plus disponible",
  "La fonction d'archivage n'est plus disponible depuis la 8.5 ; il n'existe aucun autre "
  "moyen d'archiver les dossiers clos.", 2, "fu|if", "-wa", "negation elision",
  "fonction indisponible sans contournement")
T("s2-fr-79", F, D(26, 12, 30), "L\u2019application n\u2019affiche plus les pièces jointes",
  "Depuis ce matin l\u2019application n\u2019affiche plus les pièces jointes des dossiers, mais on "
  "peut toujours les récupérer depuis le partage réseau. C\u2019est gênant sans plus.", 3,
  "fu|if wa", "", "workaround elision typo-apos", "fonction indisponible avec contournement")
T("s2-fr-80", F, D(26, 12, 55), "Pied de page PDF",
  "Il n\u2019y a pas d\u2019impact sur l\u2019activité : le pied de page des PDF affiche « version 8.4 » "
  "au lieu de 8.5.", 4, "ib oa0", "", "negation elision typo-apos",
  "défaut cosmétique sans impact")


def main() -> int:
    problems = check()
    for p in problems:
        print("PROBLEM", p, file=sys.stderr)
    out = HERE / "set2.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for tk in TICKETS:
            fh.write(json.dumps(tk, ensure_ascii=False) + "\n")
    n_en = sum(t["language"] == "en" for t in TICKETS)
    n_fr = sum(t["language"] == "fr" for t in TICKETS)
    print(f"wrote {out}: {len(TICKETS)} tickets ({n_en} en, {n_fr} fr)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

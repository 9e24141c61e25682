"""--help texts and shell completion (issue 9, item 10)."""

from __future__ import annotations

import pytest


def test_top_level_help_shows_whole_first_sentences(run_cli):
    text = run_cli("--help").stdout.decode()
    commands = text.split("Commands:")[1]
    assert "..." not in commands
    assert "Suggest the initial severity of each ticket in FILES" in " ".join(commands.split())
    assert "JSON Lines or CSV)." in " ".join(commands.split())  # the sentence ends, not cut


def test_classify_help_lists_every_exit_status(run_cli):
    text = " ".join(run_cli("classify", "--help").stdout.decode().split())
    for status in ("130", "141", "143", "129"):
        assert status in text


@pytest.mark.parametrize("words", ["sevtriage classify --rules ", "sevtriage diff --base ",
                                   "sevtriage diff --head "])
def test_policy_options_complete_paths_in_the_shell(run_cli, words):
    done = run_cli(env={"_SEVTRIAGE_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": "3"})
    assert done.stdout.decode().splitlines() == ["file,"]

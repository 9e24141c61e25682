"""Mappings: loading (every problem at file:line:col), applying, and what each bad input gives."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.mapping import MappingError, load_mapping, load_mapping_text, map_records
from sevtriage.tickets.records import InputRecord

GOOD = textwrap.dedent("""\
    name: demo
    records: [tickets, "@"]
    id: key
    timezone: Europe/Paris
    date_formats: [rfc3339, local]
    tables:
      prio: {P1: 1, P2: 2, P3: 3, 4: 4}
    fields:
      created_at: opened
      declared_severity: {from: prio, table: prio}
      environment:
        from: env
        table: {prod: production, test: staging, none: null}
      technology: tech
      symptoms.data_loss: {from: "contains(tags || `[]`, 'lost')", false_as_missing: true}
      symptoms.crash_or_hang: crashed
    """)


def load(text: str) -> object:
    return load_mapping_text(text, "m.yaml")


def problems(text: str) -> list[str]:
    with pytest.raises(MappingError) as caught:
        load_mapping_text(text, "m.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_a_record_becomes_a_contract_ticket() -> None:
    mapping = load_mapping_text(GOOD, "m.yaml")
    ticket = mapping.apply({"key": "D-1", "opened": "2026-07-01 09:00:00", "prio": "P1", "env": "prod",
                            "tech": "mssql", "tags": ["lost"], "crashed": False, "other": 1})
    assert ticket == {"id": "D-1", "created_at": "2026-07-01T09:00:00+02:00", "declared_severity": 1,
                      "environment": "production", "technology": "mssql",
                      "symptoms": {"data_loss": True, "crash_or_hang": False}}


def test_missing_sources_leave_fields_missing_and_false_as_missing_leaves_a_flag_unknown() -> None:
    mapping = load_mapping_text(GOOD, "m.yaml")
    assert mapping.apply({"key": "D-2", "tags": ["other"], "env": "none"}) == {"id": "D-2"}


def test_numbers_and_digits_are_the_same_table_key_and_ids_become_strings() -> None:
    mapping = load_mapping_text(GOOD.replace("id: key", "id: num"), "m.yaml")
    assert mapping.apply({"num": 7, "prio": 4})["declared_severity"] == 4
    assert mapping.apply({"num": 7, "prio": "4"}, text_cells=True) == {"id": "7", "declared_severity": 4}


def test_envelopes_and_items() -> None:
    mapping = load_mapping_text(GOOD, "m.yaml")
    payload = {"tickets": [{"key": "A", "prio": "P2"}, {"key": "B", "prio": "P9"}, "junk"]}
    out = list(map_records(mapping, [InputRecord("f.json", 3, ticket=payload)]))
    assert [r.item for r in out] == [1, 2, 3]
    assert out[0].ticket == {"id": "A", "declared_severity": 2}
    assert out[1].error is not None and out[1].error.code == "invalid_field" and out[1].ticket == {"id": "B"}
    assert out[2].error is not None and out[2].error.code == "not_an_object"
    assert list(map_records(mapping, [InputRecord("f.json", 1, ticket={"tickets": []})])) == []


def test_a_value_not_in_its_table_is_invalid_field_naming_value_and_table() -> None:
    mapping = load_mapping_text(GOOD, "m.yaml")
    with pytest.raises(TicketError) as caught:
        mapping.apply({"key": "D-3", "prio": "P7"})
    assert caught.value.code == "invalid_field"
    assert caught.value.path == "/declared_severity"
    assert '"P7"' in caught.value.message and "table prio" in caught.value.message


def test_an_expression_that_fails_is_a_mapping_error_naming_field_and_expression() -> None:
    mapping = load_mapping_text(GOOD.replace("`[]`", "`1`"), "m.yaml")  # contains(1, ...) fails
    with pytest.raises(TicketError) as caught:
        mapping.apply({"key": "D-4"})
    assert caught.value.code == "mapping_error"
    assert caught.value.message.startswith("symptoms.data_loss: the expression `contains(tags || `1`, 'lost')`")
    assert caught.value.path == "/symptoms/data_loss"


def test_a_library_error_inside_an_expression_is_a_mapping_error_too() -> None:
    mapping = load_mapping_text("name: d\nid: key\nfields:\n  technology: \"contains(a, b) && 'x' || null\"\n", "m")
    with pytest.raises(TicketError) as caught:
        mapping.apply({"key": "K", "a": ""})  # jmespath raises TypeError for contains('', null)
    assert caught.value.code == "mapping_error" and caught.value.message.startswith("technology: the expression")


@pytest.mark.parametrize(("record", "code", "words"), [
    ({"key": "D", "opened": "last tuesday"}, "invalid_field", "not a date this mapping reads"),
    ({"key": "D", "crashed": "yes"}, "invalid_field", "not a boolean"),
    ({"key": "D", "tech": ["a"]}, "invalid_field", "not a string"),
    ({"key": None}, "missing_id", "gives nothing"),
    ({"key": {"x": 1}}, "mapping_error", "not a string or an integer"),
])
def test_bad_values(record: dict[str, object], code: str, words: str) -> None:
    mapping = load_mapping_text(GOOD, "m.yaml")
    with pytest.raises(TicketError) as caught:
        mapping.apply(record)
    assert caught.value.code == code and words in caught.value.message


def test_every_problem_of_a_mapping_file_at_file_line_col() -> None:
    bad = textwrap.dedent("""\
        name: demo
        id: "key["
        timezone: Mars/Olympus
        tables:
          prio: {P1: 1, P2: 9}
        fields:
          created_at: opened
          declared_severity: {from: prio, table: prio}
          symptoms.data_los: x
          environment: {from: env, table: {prod: live}}
          technology: {from: "lower(tech)"}
          subject: {from: s, false_as_missing: true}
        """)
    found = problems(bad)
    text = "\n".join(found)
    assert 'm.yaml:2:5: error: not a JMESPath expression' in text
    assert 'm.yaml:3:11: error: "Mars/Olympus" is not an IANA time zone' in text
    assert "m.yaml:5:21: error: 9 is not a value of declared_severity" in text
    assert 'm.yaml:9:3: error: "symptoms.data_los" is not a field of the ticket contract (did you mean ' \
           '"symptoms.data_loss"?)' in text
    assert 'm.yaml:10:42: error: "live" is not a value of environment' in text
    assert 'm.yaml:11:22: error: unknown JMESPath function "lower"' in text
    assert "m.yaml:12:40: error: false_as_missing applies to flags" in text
    assert len(found) == 7


def test_a_table_key_yaml_reads_as_a_boolean_must_be_quoted() -> None:
    found = problems("name: d\nid: k\nfields:\n  symptoms.data_loss: {from: x, table: {Yes: true, 'No': false}}\n")
    assert found == ['m.yaml:4:41: error: YAML reads the key Yes as the boolean true; quote it ("Yes") to match '
                     "the text (table) ($.fields.symptoms.data_loss.table[True])"]
    assert load_mapping_text("name: d\nid: k\nfields:\n  symptoms.data_loss: {from: x, table: {true: true}}\n", "m")


def test_schema_errors_come_first_with_a_did_you_mean() -> None:
    found = problems("name: demo\nid: key\nfields:\n  phase: {from: p, tabel: {}}\n")
    assert found == ['m.yaml:4:20: error: unexpected key "tabel"; did you mean "table"? (mapping-schema) '
                     "($.fields.phase.tabel)"]
    assert problems("name: demo\nid: key\nfeilds: {}\n")[0].startswith(
        'm.yaml:3:1: error: unexpected key "feilds"; did you mean "fields"?')


def test_yaml_syntax_and_missing_file(tmp_path: Path) -> None:
    assert problems("name: [\n")[0].startswith("m.yaml:")
    with pytest.raises(MappingError) as caught:
        load_mapping(str(tmp_path / "nope.yaml"))
    assert "not a preset" in str(caught.value)


def test_a_mapping_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_mapping(str(path)).name == "demo"


def test_grouped_tag_flags_and_choices_equal_their_expressions_alone() -> None:
    text = textwrap.dedent("""\
        name: tags
        id: key
        fields:
          symptoms.data_loss: {from: "contains(tags || `[]`, 'lost')", false_as_missing: true}
          symptoms.unstable: "contains(tags || `[]`, 'flaky')"
          symptoms.performance: "contains(tags || `[]`, 'slow') && 'severe' || contains(tags || `[]`, 'meh') && 'minor' || `null`"
          symptoms.operations_affected:
            from: "contains(tags || `[]`, 'calm') && 'no' || contains(tags || `[]`, 'hit') && 'yes' || `null`"
            table: {"yes": true, "no": false}
          symptoms.error_message: "contains(tags || `[]`, 'err') && `false` || contains(tags || `[]`, 'err') && `true` || `false`"
        """)
    mapping = load_mapping_text(text, "m.yaml")
    assert mapping.plan[0].choices  # the choices are answered with the group
    for tags in ([], ["lost"], ["slow", "meh"], ["meh", "calm", "hit"], ["err", "flaky"], None, "slowly lost", 5):
        record = {"key": "K", "tags": tags}
        try:
            expected = mapping.explain(record)[0]
        except TicketError as error:
            with pytest.raises(TicketError) as again:
                mapping.apply(record)
            assert (again.value.code, again.value.message) == (error.code, error.message)
            continue
        assert mapping.apply(record) == expected, tags


def test_schema_problems_do_not_hide_the_other_problems() -> None:
    """A schema error in one part used to hide every other problem until it was fixed."""
    found = problems(textwrap.dedent("""\
        name: demo
        id: "key["
        tables:
          prio: [1, 2]
        fields:
          declared_severity: {from: p, table: prio}
          environment: {from: env, table: {a: b}}
          technology: {form: tech}
        timezone: Europe/Pariss
        date_formats: [rfc3339, bogus]
        """))
    text = "\n".join(found)
    assert "m.yaml:2:5: error: not a JMESPath expression" in text
    assert 'm.yaml:4:9: error: [1, 2] is not of type "object"' in text
    assert 'm.yaml:7:39: error: "b" is not a value of environment' in text
    assert 'm.yaml:8:16: error: unexpected key "form"; did you mean "from"?' in text
    assert 'm.yaml:9:11: error: "Europe/Pariss" is not an IANA time zone' in text
    assert 'm.yaml:10:25: error: "bogus" is not one of' in text
    assert "no table" not in text  # the refused table is reported once, not also as missing
    assert len(found) == 6


@pytest.mark.parametrize("spec", ["{from: c, table: {a: 1}}", "{from: c, false_as_missing: true}",
                                  "{from: c, strip_html: true}"])
def test_created_at_with_a_table_or_a_flag_option_is_a_problem_not_a_crash(spec: str) -> None:
    """These raised KeyError: 'date' (a traceback) instead of a file:line:col problem."""
    found = problems(f"name: d\nid: k\nfields:\n  created_at: {spec}\n")
    assert len(found) == 1 and found[0].startswith("m.yaml:4:") and "created_at" in found[0]

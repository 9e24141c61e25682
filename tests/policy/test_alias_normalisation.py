"""Alias matching ignores versions, editions, spacing and punctuation (issue 9, item 11)."""

from __future__ import annotations

import pytest

from sevtriage.policy.aliases import normalise_name


@pytest.mark.parametrize(("technology", "level"), [
    ("SQL Server 2019", 2), ("MS SQL", 2), ("ms-sql", 2), ("Microsoft SQL Server 2016 Enterprise Edition", 2),
    ("SQL Server 2008 R2 SP1", 2), ("Azure SQL", 2), ("T-SQL", 2), (".NET 8", 2), ("ASP.NET Core", 2),
    (".NET Framework 4.8", 2), ("dotnet6", 2), ("VB.NET", 2), ("C#", 2), ("  Sql  Server ", 2),
    ("MySQL 8", 1), ("sql", 1), ("C", 1), ("C++", 1), ("dotnetnuke", 1), ("PostgreSQL 16", 1),
])
def test_a_data_loss_ticket_is_capped_only_for_dotnet_and_mssql(classifier, technology, level):
    result = classifier.classify({"id": "T", "technology": technology, "symptoms": {"data_loss": True}})
    assert result["severity"] == level, result


def test_the_normalisation_rule():
    assert normalise_name(" MS-SQL ") == normalise_name("ms sql") == normalise_name("MSSQL2019") == "mssql"
    assert normalise_name("C#") != normalise_name("C") != normalise_name("C++")
    assert normalise_name("2019") == "2019"  # a version alone stays: it is never a product name

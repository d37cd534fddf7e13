"""Reading the JSON of KITOS API v2 `GET /api/v2/it-system-usages`, and refusing a bad one precisely."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from digipulje.applications.kitos import KitosError, LifeCycle, Sensitivity, SystemUsage, UserCount, parse_api_json, read_kitos
from tests.kitos.export import api_usage, write_json

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py


def test_the_api_answer_is_read_as_system_usages(tmp_path):
    path = write_json(tmp_path / "usages.json", [
        api_usage("Cura", responsible="Ældre, Social & Sundhed", units=("Hjemmeplejen", "Ældre, Social & Sundhed"),
                  kle=("27.24.00",), localSystemId="SYS-012", localCallName="Cura Omsorg"),
        api_usage("Mine Apps", uuid="5b3b7a2e-0000-4000-8000-000000000002", life_cycle="Undecided",
                  last_modified="2023-06-30T22:10:05.123Z"),
    ])

    export = read_kitos(path)

    assert export.usages == (
        SystemUsage(system_name="Cura", local_id="SYS-012", system_uuid="9c8d7e6f-0000-4000-8000-0000000000aa",
                    usage_uuid="5b3b7a2e-0000-4000-8000-000000000001", local_call_name="Cura Omsorg",
                    responsible_unit="Ældre, Social & Sundhed",
                    relevant_units=("Hjemmeplejen", "Ældre, Social & Sundhed"), life_cycle=LifeCycle.OPERATIONAL,
                    kle_codes=("27.24.00",), users=UserCount(lower=10, upper=49),
                    sensitivity=(Sensitivity.PERSONAL,), last_changed=dt.date(2026, 2, 1), row=1),
        SystemUsage(system_name="Mine Apps", system_uuid="9c8d7e6f-0000-4000-8000-0000000000aa",
                    usage_uuid="5b3b7a2e-0000-4000-8000-000000000002", users=UserCount(lower=10, upper=49),
                    sensitivity=(Sensitivity.PERSONAL,), last_changed=dt.date(2023, 6, 30), row=2),
    )


def test_field_names_are_read_whatever_their_case():
    item = api_usage("Cura", responsible="IT")
    pascal = {key[0].upper() + key[1:]: value for key, value in item.items()}
    assert parse_api_json(json.dumps([pascal]), "u.json").usages == parse_api_json(json.dumps([item]), "u.json").usages


def test_every_problem_in_the_api_answer_is_named_by_item_and_field():
    bad_date = api_usage("Cura", last_modified="last tuesday")
    no_name = api_usage("")
    bad_kle = api_usage("Nexus", kle=("27.24.00", "abc"))
    bad_units = api_usage("Outlook")
    bad_units["organizationUsage"]["usingOrganizationUnits"] = "IT-afdelingen"
    bad_users = api_usage("SBSYS")
    bad_users["general"]["numberOfExpectedUsers"] = {"lowerBound": 50, "upperBound": 10}
    bad_life = api_usage("KMD Nova", life_cycle="Retired")
    text = json.dumps([bad_date, no_name, bad_kle, bad_units, "Cura", bad_users, bad_life])

    with pytest.raises(KitosError) as caught:
        parse_api_json(text, "usages.json")

    assert caught.value.lines == (
        "usages.json, item 1, field 'lastModified': 'last tuesday' is not a date: write it as 2025-12-01 or "
        "1.12.2025",
        "usages.json, item 2, field 'systemContext.name': missing: every system usage needs the system's name",
        "usages.json, item 3, field 'localKLEDeviations.addedKLE[1].name': 'abc' is not a KLE number such as "
        "27.24.00",
        "usages.json, item 4, field 'organizationUsage.usingOrganizationUnits': expected an array, found a text",
        "usages.json, item 5: expected a system usage (an object), found a text",
        "usages.json, item 6, field 'general.numberOfExpectedUsers.upperBound': the upper bound 10 is below the "
        "lower bound 50",
        "usages.json, item 7, field 'general.validity.lifeCycleStatus': 'Retired' is not a KITOS life-cycle "
        "status: write one of Under indfasning, I drift, Under udfasning, Ikke i drift",
    )


@pytest.mark.parametrize(("text", "message"), [
    ('[{"uuid": "x",', "usages.json: not valid JSON (line 1, column 15): save the API's answer as it is"),
    ('{"uuid": "x"}', "usages.json: expected a JSON array of system usages, as GET /api/v2/it-system-usages "
                      "returns it"),
    ("[" * 100_000 + "]" * 100_000, "usages.json: not valid JSON: save the API's answer as it is"),
])
def test_a_file_that_is_not_the_api_answer_is_refused(text, message):
    with pytest.raises(KitosError) as caught:
        parse_api_json(text, "usages.json")
    assert caught.value.lines == (message,)


def test_a_json_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "usages.json"
    path.write_bytes('[{"systemContext": {"name": "Økonomi"}}]'.encode("cp1252"))
    with pytest.raises(KitosError) as caught:
        read_kitos(path)
    assert caught.value.lines == (f"{path}: the file is not UTF-8 text: save the API's answer as UTF-8",)


@pytest.mark.usefixtures("danish")
def test_a_number_of_100001_digits_is_a_clear_danish_line_not_an_unexpected_error(tmp_path):
    from typer.testing import CliRunner

    from digipulje.cli import app
    from digipulje.pool.example import APPLICATIONS_FILE, example_path

    export = tmp_path / "kitos.json"
    export.write_text('[{"systemName": "Cura", "localSystemId": ' + "1" * 100_001 + "}]", encoding="utf-8")
    with pytest.raises(KitosError) as refused:
        read_kitos(export)
    assert list(refused.value.lines) == [
        f"{export}: et tal i filen har tusindvis af cifre, som ingen KITOS-eksport har — gem API'ets svar, som det er"]
    result = CliRunner().invoke(app, ["kitos", "check", str(example_path(APPLICATIONS_FILE)), "--kitos", str(export)])
    assert result.exit_code == 1
    assert result.stderr == f"fejl: {list(refused.value.lines)[0]}\n"
    assert "uventet" not in result.output

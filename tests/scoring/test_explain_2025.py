"""Explanations of the 2025 round, word for word, and the portfolio of the recommendation."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from digipulje.base.errors import InputError
from digipulje.cli import app
from digipulje.pool.allocating import allocate
from digipulje.pool.example import APPLICATIONS_FILE, OVERRIDES_FILE, POOL_FILE, example_path
from digipulje.pool.explain import explain_application
from digipulje.analyses.portfolio import portfolio_of
from digipulje.scoring.panel import score_round

RULES_DA = [
    "Regler:",
    "  opfyldt       ITP: ikke administrativt afvist",
    "  opfyldt       Princip 6: de årlige driftsudgifter dækkes af ansøger",
    "  opfyldt       Princip 1: ansøgt beløb er mindst puljens mindste tilskud på kr. 10.000",
    "  opfyldt       Princip 5: behandlet i ITP",
]

A2_DA = "\n".join([
    "A2 Mit Team + Team Planlægning i Cura (Ældre, Social & Sundhed)",
    "Ansøgt kr. 203.264, bevilget kr. 0: ikke anbefalet",
    "Afgørende: Ikke anbefalet: scoren 30,0 er under puljens tærskel på 50,0",
    "",
    "Score 30,0 af 100 (vurderinger fra ansøgningsarket):",
    "  Borger (princip 2)               1 × vægt 1 =  5,0 point  lille eller indirekte effekt for få borgere",
    "  Medarbejder (princip 2)          2 × vægt 1 = 10,0 point  mærkbart lettere arbejde for ét team",
    "  Kommune (princip 2)              1 × vægt 1 =  5,0 point  lille gevinst, ikke beskrevet nærmere",
    "  Dokumenteret effekt (princip 3)  1 × vægt 1 =  5,0 point  leverandørens påstand",
    "  Tværgående behov (princip 4)     1 × vægt 1 =  5,0 point  kan i princippet bruges andre steder",
    "",
    *RULES_DA,
    "  opfyldt       ITP: kan anbefales",
    "  ikke opfyldt  Scoren er mindst puljens tærskel på 50,0",
])

A4_DECISION_DA = "\n".join([
    "A4 Webintegration til IST Tjenestetid (Dagtilbud & Skole)",
    "Ansøgt kr. 12.500, bevilget kr. 0: udtaget",
    "Afgørende: Udtaget af Chefforum: Webintegration til IST Tjenestetid udgår; beløbet overgår til TOBS og "
    "triagering",
    "",
    "Score 65,0 af 100 (vurderinger fra ansøgningsarket):",
    "  Borger (princip 2)               1 × vægt 1 =  5,0 point  lille eller indirekte effekt for få borgere",
    "  Medarbejder (princip 2)          4 × vægt 1 = 20,0 point  stor gevinst i tid eller arbejdsmiljø på tværs "
    "af afdelingen",
    "  Kommune (princip 2)              3 × vægt 1 = 15,0 point  gevinst gjort op i kroner, tid eller kvalitet",
    "  Dokumenteret effekt (princip 3)  2 × vægt 1 = 10,0 point  erfaringer beskrevet andre steder",
    "  Tværgående behov (princip 4)     3 × vægt 1 = 15,0 point  en anden afdeling er med",
    "",
    *RULES_DA,
    "  opfyldt       ITP: kan anbefales",
    "  opfyldt       Scoren er mindst puljens tærskel på 50,0",
])

A6_EN = "\n".join([
    "A6 GPS-system til Materialegårdens biler (Materialegården)",
    "Requested DKK 100,000, granted DKK 0: not recommended",
    "Deciding: Not recommended by the council: Der er muligvis andre alternativer, som vil være billigere og "
    "lettere at implementere; det bør afklares nærmere, herunder evt. anvendelse af samme løsning på kommunens "
    "øvrige biler",
    "",
    "Score 40.0 of 100 (ratings from the applications sheet):",
    "  Citizen (principle 2)             1 × weight 1 =  5.0 points  a small or indirect effect for a few citizens",
    "  Employee (principle 2)            2 × weight 1 = 10.0 points  noticeably easier work for one team",
    "  Municipality (principle 2)        2 × weight 1 = 10.0 points  a gain described but not quantified "
    "(quality, compliance)",
    "  Documented effect (principle 3)   1 × weight 1 =  5.0 points  the supplier's claim",
    "  Cross-cutting need (principle 4)  2 × weight 1 = 10.0 points  another unit has shown interest",
    "",
    "Rules:",
    "  passed  Council: not administratively rejected",
    "  passed  Principle 6: the yearly running costs are paid by the applicant",
    "  passed  Principle 1: the amount requested is at least the pool's minimum grant of DKK 10,000",
    "  passed  Principle 5: assessed by the council",
    "  failed  Council: can be recommended",
])

A7_EN = "\n".join([
    "A7 iPads til medarbejdere på Materialegården (Materialegården)",
    "Requested DKK 30,000, granted DKK 0: rejected",
    "Deciding: Administratively rejected by the council: Falder ind under afdelingens ordinære driftsbudget og "
    "dermed uden for ansøgningsrammen",
    "",
    "Score 0.0 of 100 (ratings from the applications sheet):",
    "  Citizen (principle 2)             - × weight 1 = 0.0 points  not rated, counts 0",
    "  Employee (principle 2)            - × weight 1 = 0.0 points  not rated, counts 0",
    "  Municipality (principle 2)        - × weight 1 = 0.0 points  not rated, counts 0",
    "  Documented effect (principle 3)   - × weight 1 = 0.0 points  not rated, counts 0",
    "  Cross-cutting need (principle 4)  - × weight 1 = 0.0 points  not rated, counts 0",
    "",
    "Rules:",
    "  failed  Council: not administratively rejected",
    "  passed  Principle 6: the yearly running costs are paid by the applicant",
    "  passed  Principle 1: the amount requested is at least the pool's minimum grant of DKK 10,000",
    "  passed  Principle 5: assessed by the council",
])

PORTFOLIO_DA = "\n".join([
    "Porteføljen af bevillinger",
    "  Princip 1: 4 tilskud på i alt kr. 250.000 af kr. 250.000, i gennemsnit kr. 62.500",
    "  Afdelinger: når 4 af de 4, der har søgt: Børn & Familie; Dagtilbud & Skole; Materialegården; "
    "Ældre, Social & Sundhed",
    "  Princip 2, KL's tre bundlinjer (bevillinger vurderet 3 eller mere):",
    "    Borger:      2 (A1, A3), kr. 197.500",
    "    Medarbejder: 4 (A1, A3, A4, A5), kr. 250.000",
    "    Kommune:     3 (A1, A4, A5), kr. 175.000",
])


@pytest.fixture(scope="module")
def rounds(example):
    recommendation = allocate(example.applications, example.pool)
    decision = allocate(example.applications, example.pool, example.overrides,
                        baseline=recommendation.granted_by_id())
    return recommendation, decision


def test_explanations_of_the_2025_round(example, rounds):
    recommendation, decision = rounds
    assert explain_application(recommendation, example.applications, "A2").text("da") == A2_DA
    assert explain_application(decision, example.applications, "A4").text("da") == A4_DECISION_DA
    assert explain_application(recommendation, example.applications, "A6").text("en") == A6_EN
    assert explain_application(recommendation, example.applications, "A7").text("en") == A7_EN


def test_the_json_reasons_carry_the_deciding_reasons(example, rounds):
    recommendation, decision = rounds
    rows = {a["id"]: a for a in decision.to_json("da")["applications"]}
    assert rows["A2"]["reasons"] == ["Ikke anbefalet: scoren 30,0 er under puljens tærskel på 50,0"]
    assert rows["A2"]["reason_codes"] == ["below_threshold"]
    assert rows["A4"]["reasons"][0] == A4_DECISION_DA.splitlines()[2].removeprefix("Afgørende: ")
    assert rows["A4"]["reason_codes"] == ["excluded"]
    assert rows["A7"]["reason_codes"] == ["rejected_by_council"]


def test_the_portfolio_of_the_recommendation(example, rounds):
    recommendation, _ = rounds
    scores = score_round(example.applications, example.pool)[1]
    portfolio = portfolio_of(recommendation, example.applications, scores)
    assert portfolio.text("da") == PORTFOLIO_DA
    assert portfolio.all_bottom_lines_covered


def test_an_unknown_id_names_the_ids_there_are(example, rounds):
    with pytest.raises(InputError) as error:
        explain_application(rounds[0], example.applications, "A9")
    assert error.value.lines == ("der er ingen ansøgning 'A9' — ansøgningerne er A1, A2, A3, A4, A5, A6, A7",)


def test_explain_on_the_command_line():
    runner = CliRunner()
    files = [str(example_path(APPLICATIONS_FILE)), "--pool", str(example_path(POOL_FILE))]
    result = runner.invoke(app, ["explain", *files, "--overrides", str(example_path(OVERRIDES_FILE)),
                                 "--id", "A4"])
    assert result.exit_code == 0, result.output
    assert result.stdout == A4_DECISION_DA + "\n"
    everything = runner.invoke(app, ["explain", *files])
    assert everything.exit_code == 0, everything.output
    assert everything.stdout.startswith(PORTFOLIO_DA + "\n\nA1 TOBS og triagering tilkøbsmodul")
    assert A2_DA in everything.stdout
    missing = runner.invoke(app, ["explain", *files, "--id", "A9"], env={"DIGIPULJE_LANG": "en"})
    assert missing.exit_code == 1
    assert missing.stderr == "error: there is no application 'A9': the ids are A1, A2, A3, A4, A5, A6, A7\n"


def test_the_readme_shows_the_real_explanation_of_a2():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    section = readme[readme.index("# Scoring and explanations"):]
    shown = re.search(r"```text\n(.*?)```", section, re.S).group(1).splitlines()
    real = iter(A2_DA.splitlines())
    assert all(line in real for line in shown if line.strip() != "...")  # in order, none invented


def test_the_scales_command_shows_each_step():
    result = CliRunner().invoke(app, ["scales", "--lang", "en"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 5 * 6
    assert lines[18:24] == [
        "Documented effect (principle 3):", "  0: a claim only", "  1: the supplier's claim",
        "  2: experience described elsewhere", "  3: effect measured elsewhere",
        "  4: own pilot with a measured baseline"]

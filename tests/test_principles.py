"""The rated principles are declared once (`applications.principles`): ratings, weights, columns,
the assessments reader, the scales and the threshold rules follow the declaration."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from digipulje.applications.columns import HEADER_INDEX, normalise_header
from digipulje.applications.model import Ratings
from digipulje.applications.principles import CRITERIA, CRITERION_KEYS, SCALE_MAX
from digipulje.scoring.scales import SCALES
from digipulje.scoring.thresholds import ThresholdRule
from digipulje.scoring.weights import Weights

ROOT = Path(__file__).resolve().parent.parent


def test_ratings_and_weights_have_one_field_per_criterion_in_declared_order():
    assert tuple(Ratings.model_fields) == CRITERION_KEYS
    assert tuple(Weights.model_fields) == CRITERION_KEYS
    assert Weights().model_dump() == {c.key: c.weight for c in CRITERIA}


def test_every_declared_header_reads_its_criterion():
    for criterion in CRITERIA:
        assert {HEADER_INDEX[normalise_header(h)].field for h in criterion.headers} == {criterion.key}


def test_scales_and_threshold_rules_follow_the_declaration():
    assert {key: s.anchors for key, s in SCALES.items()} == {c.key: c.anchors for c in CRITERIA}
    assert all(len(s.anchors) == SCALE_MAX + 1 for s in SCALES.values())
    assert SCALES["evidence"].anchor(1, "da") == "leverandørens påstand" == CRITERIA[3].anchor(1, "da")
    assert SCALES["evidence"].anchor(1, "en") == "the supplier's claim"
    assert ThresholdRule(criteria=CRITERION_KEYS, min_rating=1).criteria == CRITERION_KEYS


def test_a_new_criterion_is_one_declaration():
    """A criterion added to the declaration alone is read from a sheet, rated, weighted and scored."""
    script = textwrap.dedent('''
        import dataclasses
        import digipulje.applications.principles as principles

        from digipulje.messages import catalogue

        catalogue("da")["Climate"] = "Klima"  # its Danish name, as an entry in messages/da.po gives it
        new = dataclasses.replace(principles.CRITERIA[-1], key="climate", title="Climate",
                                  headers=("Klima", "Climate"), assessment_names=("Klima",), weight=2.0)
        principles.CRITERIA = (*principles.CRITERIA, new)
        principles.CRITERION_KEYS = (*principles.CRITERION_KEYS, "climate")

        from digipulje.applications.spreadsheet import parse_rows
        from digipulje.scoring.score import score_ratings
        from digipulje.scoring.weights import Weights
        from digipulje.scoring.scales import SCALES

        rows = [["ID", "Titel", "Afdeling", "Ansøgt beløb", "Borger", "Klima", "Indstilling"],
                ["A1", "Cykler", "Teknik", 50000, 4, 4, "Støttes"]]
        apps, problems = parse_rows(rows, "ansøgninger.xlsx", "Ark1")
        assert problems == [], problems
        assert apps[0].ratings.climate == 4
        assert Weights().climate == 2.0 and "climate" in SCALES
        score = score_ratings(apps[0].ratings, Weights())
        assert [p.criterion.key for p in score.parts][-1] == "climate"
        print(score.value)
    ''')
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # citizen 4 and climate 4 (weight 2) of six weights: 100 * (4 + 2*4) / (4 * 7)
    assert done.stdout.strip() == "42.86"

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from citizens_panel import benchmarks
from citizens_panel.models import PopulationBenchmark

HEADER = "area_code,area_name,characteristic,category,count\n"


def test_command_loads_every_row_of_the_shipped_census_file(db):
    out = StringIO()
    call_command("load_population_benchmarks", stdout=out)
    assert PopulationBenchmark.objects.count() == 280
    assert PopulationBenchmark.objects.values("area_code").distinct().count() == 8
    assert "280 rows for 8 areas" in out.getvalue()


def test_shipped_data_keeps_the_ons_attribution():
    note = (benchmarks.DATA_DIR / "census2021_nwl.SOURCE.md").read_text()
    assert "Open Government Licence v3.0" in note
    assert "Office for National Statistics" in note


def test_loading_is_idempotent(census):
    benchmarks.load_default()
    assert PopulationBenchmark.objects.count() == 280


def test_staff_can_load_another_areas_figures_of_the_same_shape(census, tmp_path):
    path = tmp_path / "barnet.csv"
    path.write_text(HEADER + "E09000003,Barnet,sex,female,200\nE09000003,Barnet,sex,male,190\n")
    call_command("load_population_benchmarks", str(path), stdout=StringIO())
    assert PopulationBenchmark.objects.count() == 282
    assert benchmarks.population_counts(["E09000003"])["E09000003"]["sex"] == {
        "female": 200,
        "male": 190,
    }


def test_a_file_with_one_bad_row_loads_nothing(census, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "E09000003,Barnet,sex,female,200\nE09000003,Barnet,sex,male,lots\n")
    with pytest.raises(CommandError, match="Line 3"):
        call_command("load_population_benchmarks", str(path), stdout=StringIO())
    assert not PopulationBenchmark.objects.filter(area_code="E09000003").exists()


def test_ethnic_shares_divide_by_the_sum_of_the_five_groups_not_the_total_row(census):
    counts = benchmarks.population_counts(["E09000005"])["E09000005"]
    shares = benchmarks.shares(counts["ethnic_group"])
    # Brent: five groups sum to the TS021 total, 339,821 (the TS009 total is 339,816).
    assert shares["asian"] == pytest.approx(111515 / 339821)
    assert sum(shares.values()) == pytest.approx(1)
    assert "asian_indian" not in counts["ethnic_group"]


def test_age_shares_leave_out_under_16s_because_the_panel_is_16_plus(census):
    rows = list(csv.DictReader(benchmarks.DEFAULT_CSV.open()))
    brent = {
        r["category"]: int(r["count"])
        for r in rows
        if r["area_code"] == "E09000005" and r["characteristic"] == "age_band"
    }
    adults = sum(v for k, v in brent.items() if k != "0-15")
    counts = benchmarks.population_counts(["E09000005"])["E09000005"]["age_band"]
    assert "0-15" not in counts
    assert benchmarks.shares(counts)["16-24"] == pytest.approx(brent["16-24"] / adults)

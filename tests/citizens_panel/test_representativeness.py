import csv
import math

import pytest

from citizens_panel import benchmarks, representativeness
from citizens_panel.models import Member

from .factories import make_members


def hand_population(area_code, characteristic, skip=()):
    with benchmarks.DEFAULT_CSV.open() as file:
        rows = [
            r
            for r in csv.DictReader(file)
            if r["area_code"] == area_code
            and r["characteristic"] == characteristic
            and r["category"] not in skip
        ]
    total = sum(int(r["count"]) for r in rows)
    return {r["category"]: int(r["count"]) / total for r in rows}


@pytest.fixture
def hounslow_panel(census, hounslow, nwl_areas):
    make_members(30, area=hounslow, sex="female", age_band="65-74", ethnic_group="white_british")
    make_members(10, area=hounslow, sex="male", age_band="45-54", ethnic_group="asian_indian")
    make_members(6, area=hounslow, sex="female", age_band="16-24", ethnic_group="black_african")
    unknown = "prefer_not_to_say"
    make_members(4, area=hounslow, sex=unknown, age_band=unknown, ethnic_group=unknown)
    # Neither people who left nor unconfirmed sign-ups count.
    make_members(3, area=hounslow, status=Member.Status.LEFT, sex="male", age_band="16-24")
    make_members(2, area=hounslow, status=Member.Status.PENDING, sex="male")
    # Nor do members elsewhere.
    make_members(7, area=nwl_areas["E09000005"], sex="male")
    return hounslow


def result_for(area):
    return next(r for r in representativeness.dashboard() if r.area == area)


def test_dashboard_figures_for_a_borough_match_a_hand_computation(hounslow_panel):
    result = result_for(hounslow_panel)
    assert result.members == 50

    age_pop = hand_population("E09000018", "age_band", skip={"0-15"})
    age_panel = {"16-24": 6 / 46, "45-54": 10 / 46, "65-74": 30 / 46}
    sex_pop = hand_population("E09000018", "sex")
    sex_panel = {"female": 36 / 46, "male": 10 / 46}
    eth_pop = hand_population("E09000018", "ethnic_group")
    eth_panel = {"white": 30 / 46, "asian": 10 / 46, "black": 6 / 46}

    def hand_d(panel, pop):
        return 0.5 * sum(abs(panel.get(k, 0) - pop[k]) for k in pop)

    expected = {
        "age_band": (age_panel, age_pop),
        "sex": (sex_panel, sex_pop),
        "ethnic_group": (eth_panel, eth_pop),
    }
    for name, (panel, pop) in expected.items():
        characteristic = result.characteristic(name)
        assert characteristic.answered == 46
        for row in characteristic.rows:
            assert row.population_share == pytest.approx(pop[row.key])
            assert row.panel_share == pytest.approx(panel.get(row.key, 0))
            assert row.gap == pytest.approx(panel.get(row.key, 0) - pop[row.key])
        assert characteristic.dissimilarity == pytest.approx(hand_d(panel, pop))

    hand_score = 1 - sum(hand_d(p, q) for p, q in expected.values()) / 3
    assert result.score == pytest.approx(hand_score)


def test_recruitment_targets_add_the_fewest_people_to_match_the_population(hounslow_panel):
    sex_pop = hand_population("E09000018", "sex")
    # Women are over-represented, so they set the size: 36 women must be sex_pop["female"].
    size = 36 / sex_pop["female"]
    expected_men = math.floor(size * sex_pop["male"] + 0.5) - 10
    sex = result_for(hounslow_panel).characteristic("sex")
    recruit = {row.key: row.recruit for row in sex.rows}
    assert recruit == {"female": 0, "male": expected_men}


def test_recruitment_targets_worked_example():
    targets = representativeness.recruitment_targets(
        {"female": 60, "male": 20}, {"female": 0.5, "male": 0.5}
    )
    assert targets == {"female": 0, "male": 40}


def test_age_by_sex_targets_say_whom_to_recruit(hounslow_panel):
    targets = result_for(hounslow_panel).cell_targets
    men_16_24 = next(t for t in targets if (t.age_band, t.sex) == ("16-24", "male"))
    assert men_16_24.recruit > 0
    assert men_16_24.label == "Male, 16 to 24"


def test_counts_under_five_are_suppressed(census, hounslow):
    make_members(3, area=hounslow, sex="male")
    result = result_for(hounslow)
    male = next(r for r in result.characteristic("sex").rows if r.key == "male")
    assert male.suppressed and male.shown_count is None
    assert result.shown_members is None
    assert representativeness.suppress(0) == 0
    assert representativeness.suppress(5) == 5


def test_a_borough_without_members_has_no_score(census, nwl_areas):
    result = result_for(nwl_areas["E09000015"])
    assert result.members == 0
    assert result.score is None

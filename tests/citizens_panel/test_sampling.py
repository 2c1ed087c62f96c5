import pytest

from citizens_panel import sampling
from citizens_panel.models import Member

from .factories import make_members

AGES = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]


@pytest.fixture
def big_pool(census, nwl_areas):
    brent, harrow = nwl_areas["E09000005"], nwl_areas["E09000015"]
    for area in (brent, harrow):
        for age in AGES:
            make_members(40, area=area, age_band=age)
    make_members(5, area=brent, age_band="prefer_not_to_say")
    make_members(5, area=brent, age_band="25-34", status=Member.Status.PAUSED)
    return brent, harrow


def test_stratified_sample_meets_its_quotas_exactly_when_the_pool_allows(big_pool):
    brent, harrow = big_pool
    draw = sampling.draw_stratified(
        100, ["area", "age_band"], seed=7, criteria={"area": [brent.pk, harrow.pk]}
    )
    assert len(draw.strata) == 14
    assert sum(s.quota for s in draw.strata) == 100
    assert draw.drawn == 100 and draw.shortfall == 0
    assert all(s.drawn == s.quota for s in draw.strata)
    assert draw.left_out == 5  # "prefer not to say" age cannot be placed; paused not in pool
    drawn = Member.objects.filter(pk__in=draw.member_ids)
    for stratum in draw.strata:
        area_id, age = stratum.key
        assert drawn.filter(area_id=area_id, age_band=age).count() == stratum.quota


def test_quotas_are_proportional_to_the_population(big_pool):
    brent, harrow = big_pool
    weights = sampling.population_weights(["area"], [brent, harrow])
    # Brent's 16+ population is 339,816 − 64,676 under-16s; Harrow's 261,200 − its under-16s.
    assert weights[(brent.pk,)] == pytest.approx(339816 - 64676)
    quotas = sampling.allocate(1000, weights)
    share = weights[(brent.pk,)] / sum(weights.values())
    assert abs(quotas[(brent.pk,)] - 1000 * share) < 1


def test_stratified_sample_reports_the_shortfall_when_the_pool_is_too_small(census, nwl_areas):
    brent = nwl_areas["E09000005"]
    make_members(50, area=brent, sex="female")
    make_members(3, area=brent, sex="male")
    draw = sampling.draw_stratified(40, ["sex"], seed=1, criteria={"area": [brent.pk]})
    male = next(s for s in draw.strata if s.key == ("male",))
    female = next(s for s in draw.strata if s.key == ("female",))
    assert male.quota + female.quota == 40
    assert male.drawn == 3 and male.shortfall == male.quota - 3
    assert female.drawn == female.quota
    assert draw.shortfall == male.quota - 3


def test_the_same_seed_gives_the_same_sample(big_pool):
    first = sampling.draw_stratified(60, ["area", "age_band"], seed=42)
    again = sampling.draw_stratified(60, ["area", "age_band"], seed=42)
    other = sampling.draw_stratified(60, ["area", "age_band"], seed=43)
    assert first.member_ids == again.member_ids
    assert first.plan() == again.plan()
    assert first.member_ids != other.member_ids


def test_invite_everyone_matching_the_criteria(big_pool):
    brent, _harrow = big_pool
    draw = sampling.draw_everyone({"area": [brent.pk], "age_band": ["75+"]})
    assert draw.drawn == 40
    assert set(
        Member.objects.filter(pk__in=draw.member_ids).values_list("age_band", flat=True)
    ) == {"75+"}


def test_criteria_on_ways_to_take_part(census, nwl_areas):
    make_members(4, area=nwl_areas["E09000005"], ways_to_take_part=["post"])
    make_members(6, area=nwl_areas["E09000005"], ways_to_take_part=["online", "events"])
    assert sampling.draw_everyone({"ways_to_take_part": ["post", "events"]}).drawn == 10
    assert sampling.draw_everyone({"ways_to_take_part": ["post"]}).drawn == 4

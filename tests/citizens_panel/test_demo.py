from io import StringIO

from citizens_panel import demo, representativeness
from citizens_panel.models import Invitation, Member, PanelSurveyPage
from portal.demo.areas import PLACES


def test_demo_panel_is_skewed_and_has_a_sample_with_partial_responses(home_page, nwl_areas):
    out = StringIO()
    demo.load_demo(out)
    assert Member.objects.count() == demo.MEMBERS
    page = PanelSurveyPage.objects.get()
    invitations = Invitation.objects.filter(sample__survey=page)
    responded = invitations.responded().count()
    assert 0 < responded < invitations.count()
    results = representativeness.dashboard()
    assert len(results) == len(PLACES)
    older = sum(
        r.characteristic("age_band").rows[-2].gap > 0 for r in results
    )  # 65-74 over-represented
    assert older == len(PLACES)
    assert all(r.characteristic("sex").rows[0].gap > 0 for r in results)  # more women
    # Loading again changes nothing.
    demo.load_demo(out)
    assert Member.objects.count() == demo.MEMBERS

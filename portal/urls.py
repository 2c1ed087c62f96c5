from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from consultations.account_views import your_responses
from portal import views
from search.views import site_search

handler400 = "portal.security.bad_request"
handler500 = "portal.security.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", include("search.api")),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/responses/", your_responses, name="your_responses"),
    path("accounts/", include("allauth.urls")),
    path("panel/", include("citizens_panel.urls")),
    path("events/", include("events.urls")),
    path("your-data/", include("privacy.urls")),
    path("search/", site_search, name="site_search"),
    path("not-translated/", views.not_translated, name="not_translated"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

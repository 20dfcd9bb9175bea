from django.contrib import admin
from django.urls import include, path

from motcua.backoffice.auth import ThrottledAdminLoginForm

admin.site.site_header = "motcua — Quản trị hệ thống một cửa"
admin.site.site_title = "motcua"
admin.site.index_title = "Quản trị"
admin.site.login_form = ThrottledAdminLoginForm  # /admin/login/ is throttled like the back office login

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("motcua.api.urls")),
    path("admin/", admin.site.urls),
    path("backoffice/", include("motcua.backoffice.urls")),
    path("", include("motcua.portal.urls")),
]

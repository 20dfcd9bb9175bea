from django.urls import path

from motcua.api import views

app_name = "api"
urlpatterns = [
    path("procedures", views.procedure_list, name="procedures"),
    path("procedures/<str:code>", views.procedure_detail, name="procedure"),
    path("agencies", views.agency_list, name="agencies"),
]

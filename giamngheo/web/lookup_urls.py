from django.urls import path

from giamngheo.web import lookup_views

app_name = "lookup"
urlpatterns = [path("", lookup_views.lookup, name="lookup")]

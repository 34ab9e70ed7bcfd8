from django.urls import path

from giamngheo.policies import lookup_views

app_name = "lookup"
urlpatterns = [path("", lookup_views.lookup, name="lookup")]

from django.urls import path

from giamngheo.outreach import views
from giamngheo.outreach.feeds import NewsFeed

app_name = "news"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("<int:article_id>/", views.article, name="article"),
    path("rss/", NewsFeed(), name="feed"),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/moi/", views.article_new, name="new"),
    path("quan-ly/<int:article_id>/", views.article_edit, name="edit"),
    path("quan-ly/<int:article_id>/dang/", views.article_publish, name="publish"),
    path("quan-ly/<int:article_id>/go-xuong/", views.article_unpublish, name="unpublish"),
]

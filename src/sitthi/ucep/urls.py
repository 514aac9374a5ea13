from django.urls import path

from . import views

urlpatterns = [
    path("ucep/", views.episode_list, name="ucep_list"),
    path("ucep/new/", views.episode_new, name="ucep_new"),
    path("ucep/ems/", views.ems_inbox, name="ucep_ems"),
    path("ucep/notices/", views.fund_notices, name="ucep_fund"),
    path("ucep/am-i-covered/", views.am_i_covered, name="ucep_covered"),
    path("ucep/<int:episode_id>/", views.episode_detail, name="ucep_episode"),
    path("ucep/<int:episode_id>/<slug:action>/", views.episode_action, name="ucep_action"),
]

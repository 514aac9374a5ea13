from django.urls import path

from . import views

urlpatterns = [
    path("isolation/", views.unit_inbox, name="isolation_inbox"),
    path("isolation/board/", views.board, name="isolation_board"),
    path("isolation/cases/", views.case_list, name="isolation_cases"),
    path("isolation/cases/new/", views.case_new, name="isolation_new"),
    path("isolation/cases/<int:case_id>/", views.case_detail, name="isolation_case"),
    path(
        "isolation/cases/<int:case_id>/<slug:action>/", views.case_action, name="isolation_action"
    ),
    path("charts/plotly.js", views.plotly_js, name="plotly_js"),
]

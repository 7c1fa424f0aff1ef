from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

import wfa_portal.converters  # noqa: F401 - registers "id" and "isoweek"
from attendance.api import DailyFigureView

from . import (
    account_views,
    attendance_views,
    employee_views,
    monitoring_views,
    roster_views,
    standing_views,
    views,
)

router = SimpleRouter()
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("units", views.UnitViewSet, basename="unit")
router.register("employees", views.EmployeeViewSet, basename="employee")
router.register("circulars", views.CircularViewSet, basename="circular")
router.register("me/notifications", views.NotificationViewSet, basename="notification")
router.register("tokens", views.TokenViewSet, basename="token")
router.register("accounts", account_views.AccountViewSet, basename="account")
router.register("me/requests", employee_views.MyRequestViewSet, basename="my_request")
router.register("requests", employee_views.RequestViewSet, basename="request")
router.register("revocations", employee_views.RevocationViewSet, basename="revocation")
router.register(
    "attendance-checks", monitoring_views.AttendanceCheckViewSet, basename="attendance_check"
)
router.register(
    "standing/policies", standing_views.StandingPolicyViewSet, basename="standing_policy"
)
router.register("standing/arrangements", standing_views.ArrangementViewSet, basename="arrangement")
router.register("standing/applications", standing_views.ApplicationViewSet, basename="application")
router.register("standing/recalls", standing_views.RecallViewSet, basename="recall")
router.register(
    "me/standing-applications", standing_views.MyApplicationViewSet, basename="my_application"
)
router.register("me/check-ins", attendance_views.MyCheckInViewSet, basename="my_check_in")
router.register(
    "me/daily-reports", attendance_views.MyDailyReportViewSet, basename="my_daily_report"
)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Our template: the init script is a static file (no inline script under the CSP).
        SpectacularSwaggerView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("auth/token/", views.ObtainTokenView.as_view(), name="obtain_token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("me/schedule/", employee_views.MyScheduleView.as_view(), name="my_schedule"),
    path("me/office-days/", employee_views.ChooseOfficeView.as_view(), name="my_office_day"),
    path(
        "me/acknowledgements/", employee_views.AcknowledgeView.as_view(), name="my_acknowledgement"
    ),
    path("dashboard/", monitoring_views.DashboardView.as_view(), name="dashboard"),
    path("attendance/daily-figure/", DailyFigureView.as_view(), name="attendance_daily_figure"),
    path(
        "attendance/opds/<id:unit_id>/staff-days/",
        attendance_views.StaffDaysView.as_view(),
        name="attendance_staff_days",
    ),
    path(
        "attendance/opds/<id:unit_id>/staff-days/decide/",
        attendance_views.DecideView.as_view(),
        name="attendance_decide",
    ),
    path("me/team/days/", attendance_views.TeamDaysView.as_view(), name="my_team_days"),
    path("me/team/days/decide/", attendance_views.TeamDecideView.as_view(), name="my_team_decide"),
    path(
        "attendance/attachments/<id:attachment_id>/",
        attendance_views.AttachmentDownloadView.as_view(),
        name="attendance_attachment",
    ),
    path(
        "attendance/agencies/<id:agency_id>/check-ins/",
        attendance_views.AgencyCheckInsView.as_view(),
        name="attendance_check_ins",
    ),
    path(
        "attendance/agencies/<id:agency_id>/daily-reports/",
        attendance_views.AgencyReportsView.as_view(),
        name="attendance_daily_reports",
    ),
    path(
        "employees/<int:pk>/deactivate/",
        views.EmployeeDeactivateView.as_view(),
        name="employee_deactivate",
    ),
    path(
        "accounts/<int:pk>/roles/<int:role_id>/",
        account_views.AccountRoleView.as_view(),
        name="account_role",
    ),
    path("rosters/", roster_views.RosterView.as_view(), name="roster"),
    path(
        "rosters/<id:unit>/<isoweek:week>/assignments/",
        roster_views.AssignmentsView.as_view(),
        name="roster_assignments",
    ),
    path(
        "rosters/<id:unit>/<isoweek:week>/submit/",
        roster_views.SubmitView.as_view(),
        name="roster_submit",
    ),
    path(
        "rosters/<id:unit>/<isoweek:week>/return/",
        roster_views.ReturnView.as_view(),
        name="roster_return",
    ),
    path(
        "rosters/<id:unit>/<isoweek:week>/accept/",
        roster_views.AcceptView.as_view(),
        name="roster_accept",
    ),
    path(
        "rosters/<id:unit>/<isoweek:week>/plan/",
        roster_views.PlanView.as_view(),
        name="roster_plan",
    ),
    *router.urls,
]

from django.urls import path

from planner import views

app_name = "planner"
urlpatterns = [
    path("", views.home, name="home"),
    path("safety-plan/", views.safety_plan, name="safety_plan"),
]

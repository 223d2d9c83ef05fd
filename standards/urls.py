from django.urls import path

from standards import views

app_name = "standards"
urlpatterns = [path("", views.StandardsIndexView.as_view(), name="index")]

from django.urls import path

from knowledge.views import attachments, lessons, projects, search

app_name = "knowledge"
urlpatterns = [
    path("", search.LessonSearchView.as_view(), name="index"),
    path("new/", lessons.LessonCreateView.as_view(), name="create"),
    path("<int:pk>/", lessons.LessonDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", lessons.LessonEditView.as_view(), name="edit"),
    path("<int:pk>/publish/", lessons.LessonPublishView.as_view(), name="publish"),
    path("<int:pk>/retire/", lessons.LessonRetireView.as_view(), name="retire"),
    path("<int:pk>/merge/", lessons.LessonMergeView.as_view(), name="merge"),
    path("<int:pk>/vote/", lessons.LessonVoteView.as_view(), name="vote"),
    path("<int:pk>/promote/", lessons.LessonPromoteView.as_view(), name="promote"),
    path("<int:pk>/attachments/", attachments.AttachmentAddView.as_view(), name="attach"),
    path("<int:pk>/attachments/<int:attachment>/", attachments.AttachmentDownloadView.as_view(), name="attachment"),
    path(
        "<int:pk>/attachments/<int:attachment>/remove/",
        attachments.AttachmentRemoveView.as_view(),
        name="attachment_remove",
    ),
    path("project/<str:code>/panel/", projects.ProjectLessonsPanelView.as_view(), name="project_panel"),
    path("close/<str:code>/", projects.ClosingLessonView.as_view(), name="close"),
    path("home-panel/", projects.KnowledgeHomePanelView.as_view(), name="home_panel"),
]

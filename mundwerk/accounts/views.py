from django.http import HttpRequest, HttpResponse


def profile(request: HttpRequest, username: str) -> HttpResponse:
    raise NotImplementedError


def edit_profile(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError

"""Language selection: Japanese unless the user chose otherwise.

Django's LocaleMiddleware would follow the browser's Accept-Language; our users are Japanese companies whose
machines are often set to English, and the product's default is Japanese. So the language is the user's explicit
choice (the language cookie set by the ja/en switch) or LANGUAGE_CODE, never the Accept-Language header.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

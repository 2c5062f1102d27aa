from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "mundwerk.trust"
    verbose_name = _("Trust and spam defences")

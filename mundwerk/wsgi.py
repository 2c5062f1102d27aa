import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mundwerk.settings")
application = get_wsgi_application()

# Load every view now, then move the ~80,000 objects Django and the app
# start with out of the garbage collector's sight: a full collection over
# them took ~55 ms and landed in about one request in 25 (docs/performance.md,
# feed section). Objects made later are collected as usual.
get_resolver().url_patterns  # noqa: B018 (imports the views)
gc.collect()
gc.freeze()

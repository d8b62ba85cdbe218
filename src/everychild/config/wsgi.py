import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "everychild.config.settings.production")
application = get_wsgi_application()

# What is loaded by now (Django, the app, the libraries they import) lives as long as the
# server process. Freezing it keeps Python's garbage collector from walking all of it
# again at every full collection, which otherwise stalled about one request in twenty
# (a 500-case worklist: 60 ms more at the 95th percentile; bench/casework_load.py).
gc.collect()
gc.freeze()

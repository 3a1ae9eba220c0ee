"""The WSGI module: the only place an app is built at import time (gunicorn api.wsgi:app)."""

from api import create_app

app = create_app()

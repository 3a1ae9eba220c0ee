# tradescreen: the screening API on gunicorn, as a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    TRADESCREEN_RULES_DIR=/app/rules \
    TRADESCREEN_DATA_DIR=/data

RUN useradd --create-home --uid 10001 tradescreen \
    && mkdir -p /data && chown tradescreen /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY screening ./screening
COPY lists ./lists
COPY api ./api
COPY jobs ./jobs
COPY tradescreen ./tradescreen
COPY rules ./rules
RUN pip install /app

USER tradescreen
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/readyz').status == 200 else 1)"
CMD ["tradescreen", "serve", "--host", "0.0.0.0", "--port", "8000"]

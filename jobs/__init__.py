"""Shared storage and batch jobs: an in-process store by default, redis when
REDIS_URL is set."""

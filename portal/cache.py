"""A Redis cache that lets the site carry on, uncached, while Redis is down.

Django's own ``RedisCache`` raises on every call when Redis does not answer, and
Wagtail reads the cache on every page (site root paths), so a stopped Redis would
turn the whole site into error pages, survey submissions included. The cache only
ever holds what can be rebuilt from the database, so here a failed read is a miss
and a failed write is skipped (logged, at most once a minute). ``incr``/``decr``
still raise: a counter has no sensible stand-in, and callers (rate limits) decide.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def _failed(self, operation: str) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged >= LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.warning("Redis cache unavailable (%s); carrying on uncached", operation)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError:
            self._failed("get")
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError:
            self._failed("get_many")
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError:
            self._failed("has_key")
            return False

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError:
            self._failed("add")
            return False

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            self._failed("set")

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError:
            self._failed("set_many")
            return list(data)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError:
            self._failed("touch")
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError:
            self._failed("delete")
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError:
            self._failed("delete_many")

    def clear(self):
        try:
            return super().clear()
        except RedisError:
            self._failed("clear")
            return False

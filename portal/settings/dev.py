"""Local development: debug on, a fixed throwaway secret, localhost only."""

from .base import *  # noqa: F403 - settings modules build on the base on purpose
from .base import ALLOWED_HOSTS, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-change-me")  # noqa: S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

"""The citizen pages' fixtures (temporary media folder, empty rate-limit cache, an English browser)."""

from tests.portal.conftest import _empty_cache, en_client, media  # noqa: F401

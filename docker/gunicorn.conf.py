"""gunicorn settings for the production image (the Dockerfile's CMD passes this file).

Logs keep no token link whole (an event place, a "save and come back" link,
invitations, confirmations, password resets): every text value of the access log
(request line, path, query string, Referer, Location...) and the error log's messages
("Error handling request /path") go through ``portal.logmasking``.
"""

from gunicorn.glogging import Logger

from portal.logmasking import MaskTokensFilter, mask_tokens


class MaskedTokensLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(MaskTokensFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: mask_tokens(value) for name, value in atoms.items()}


logger_class = MaskedTokensLogger

"""Gunicorn's configuration for ``sitthi serve --production`` (``-c python:sitthi.core.gunicorn_conf``).

Its own logs (the access log and the arbiter's) go through the same citizen-ID mask and the
same format as the application's (JSON lines in production); a worker that exits is marked dead
for the multiprocess metrics."""

import logging
import os

from gunicorn.glogging import Logger

from sitthi.core.logmask import MaskCitizenIds, MaskedFormatter

wsgi_app = "sitthi.wsgi:application"
worker_class = "sync"
timeout = 60
graceful_timeout = 20
control_socket_disable = True  # no shared socket in $HOME: several servers may run on one host
accesslog = "-"
errorlog = "-"
# The request id and the time the application took, beside the usual fields.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss rid=%({x-request-id}o)s ua="%(a)s"'


class MaskedLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        if os.environ.get("SITTHI_LOG_FORMAT", "json") == "json":
            from sitthi.core.observe import JsonFormatter

            formatter: logging.Formatter = JsonFormatter()
        else:
            formatter = MaskedFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(MaskCitizenIds())
                handler.setFormatter(formatter)


logger_class = MaskedLogger


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)

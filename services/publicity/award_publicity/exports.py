"""The final list as award offices keep it (CSV, XLSX) and each award's PDF certificate."""
from werkzeug.wrappers import Response

from award_shared import errors

from . import queries


def final_list(session, cycle_id, fmt):
    raise errors.NotFound("导出功能尚未就绪", "exports are not available yet")


def certificate(session, award_id, config):
    raise errors.NotFound("证书尚未就绪", "certificates are not available yet")

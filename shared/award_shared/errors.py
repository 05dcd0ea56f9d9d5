"""Errors every service answers with, in the JSON shape of contract.md.

``message`` is Chinese as staff would say it (citing 第N条); ``message_en`` stands beside it.
Raising one of these inside a unit of work rolls the transaction back, so a refusal never
changes anything.
"""


class ApiError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message, message_en=None, *, article=None, fields=None, code=None):
        super().__init__(message_en or message)
        self.message = message
        self.message_en = message_en or message
        self.article = article
        self.fields = fields
        if code:
            self.code = code

    def to_dict(self):
        error = {"code": self.code, "message": self.message, "message_en": self.message_en}
        if self.article:
            error["article"] = self.article
        if self.fields:
            error["fields"] = self.fields
        return {"error": error}


class BadRequest(ApiError):
    """Malformed syntax: the body is not JSON, or not an object."""
    status = 400
    code = "bad_request"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Conflict(ApiError):
    """A rule of the Measures or an active hold forbids this now; names the article or hold."""
    status = 409
    code = "conflict"


class Invalid(ApiError):
    """Fields that fail their schema; ``fields`` maps each field to its messages."""
    status = 422
    code = "invalid"

    def __init__(self, fields, message=None, message_en=None, **kw):
        names = ", ".join(sorted(fields)) if isinstance(fields, dict) else str(fields)
        super().__init__(
            message or f"字段无效：{names}",
            message_en or f"Invalid fields: {names}",
            fields=fields, **kw)


class RuleViolation(Conflict):
    """Refusal under an article of the Measures (409)."""
    code = "rule_violation"

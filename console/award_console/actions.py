"""The console's action forms: each one route of a service, its fields labelled in Chinese, the
body it builds, the roles offered it (the route's own: a form is never shown to a role the API
would refuse) and the page to go to once it is done. ``coverage.py`` holds every other action
route of the services with the reason it has no form yet.
"""
import base64
from dataclasses import dataclass

from award_rules.articles import cite

from award_console import forms_list
from award_console.html import e

UNIT_CONDITIONS = [f"Art. 10({n})" for n in range(1, 8)]
INDIVIDUAL_CONDITIONS = [f"Art. 12({n})" for n in range(1, 8)]
SECTORS = [("primary", "第一产业"), ("secondary", "第二产业"), ("tertiary", "第三产业")]


@dataclass(frozen=True)
class Field:
    name: str                # the body's key; dotted for a nested one (schedule.application)
    label: str
    kind: str = "text"       # text, textarea, int, date, datetime, select, bool, lines, rows, file, declarations
    # rows: one object a line, its comma-separated values named by ``options`` in order
    required: bool = False
    options: tuple = ()      # select: (value, label); declarations: the items
    hint: str = ""
    value: str = ""          # the value it starts with

    @property
    def key(self):
        """The top-level name a service's error names this field by."""
        return self.name.split(".")[0]


@dataclass(frozen=True)
class Action:
    name: str
    service: str
    method: str
    path: str                # with {cycle_id} / {application_id}
    roles: tuple
    title: str
    article: str
    fields: tuple = ()
    next: str = "/"          # where to go once done; {cycle_id}, {application_id} and the answer's keys
    intro: str = ""
    danger: bool = False

    @property
    def params(self):
        import re
        return re.findall(r"{(\w+)}", self.path)


def _input(field, value, error_id):
    described = f' aria-describedby="{error_id}" aria-invalid="true"' if error_id else ""
    required = " required" if field.required else ""
    fid = f"f-{field.name}"
    if field.kind in ("textarea", "lines", "rows"):
        return f'<textarea id="{e(fid)}" name="{e(field.name)}" rows="4"{required}{described}>{e(value)}</textarea>'
    if field.kind == "select":
        opts = "".join(f'<option value="{e(v)}"{" selected" if v == value else ""}>{e(t)}</option>'
                       for v, t in field.options)
        return f'<select id="{e(fid)}" name="{e(field.name)}"{required}{described}>{opts}</select>'
    if field.kind == "bool":
        return (f'<select id="{e(fid)}" name="{e(field.name)}"{described}><option value="">（不填）</option>'
                f'<option value="true"{" selected" if value == "true" else ""}>是</option>'
                f'<option value="false"{" selected" if value == "false" else ""}>否</option></select>')
    kinds = {"int": "number", "date": "date", "datetime": "datetime-local", "file": "file"}
    return (f'<input type="{kinds.get(field.kind, "text")}" id="{e(fid)}" name="{e(field.name)}" '
            f'value="{e(value) if field.kind != "file" else ""}"{required}{described}>')


def render_form(action, params, csrf, values=None, error=None):
    """The form of ``action``; after a refusal, what was typed and each field's error beside it."""
    values = values or {}
    field_errors = (error or {}).get("fields", {})
    parts = [f'<form class="action" method="post" action="/act/{e(action.name)}"'
             + (' enctype="multipart/form-data"' if any(f.kind == "file" for f in action.fields) else "")
             + f' aria-label="{e(action.title)}">',
             f'<input type="hidden" name="csrf" value="{e(csrf)}">']
    parts += [f'<input type="hidden" name="{e(p)}" value="{e(params.get(p, ""))}">' for p in action.params]
    for field in action.fields:
        error_id = f"err-{field.name}" if field.key in field_errors else ""
        message = (f'<span class="field-error" id="{e(error_id)}">{e(field_errors[field.key])}</span>'
                   if error_id else "")
        if field.kind == "declarations":
            boxes = []
            for i, item in enumerate(field.options):
                checked = " checked" if values.get(f"decl-{i}") or (not values and field.value) else ""
                boxes.append(f'<div class="check"><input type="checkbox" id="decl-{i}" name="decl-{i}" value="{e(item)}"'
                             f'{checked}> <label for="decl-{i}">本单位（人）声明符合{e(cite(item))}规定的条件</label></div>')
            parts.append(f'<fieldset><legend>{e(field.label)}</legend>{message}{"".join(boxes)}</fieldset>')
            continue
        mark = '<span aria-hidden="true"> *</span>' if field.required else ""
        hint = f'<span class="hint">{e(field.hint)}</span>' if field.hint else ""
        value = values.get(field.name, field.value)
        parts.append(f'<label for="f-{e(field.name)}">{e(field.label)}{mark}</label>{hint}{message}'
                     + _input(field, value, error_id))
    parts.append(f'<button type="submit">{e(action.title)}</button></form>')
    return "".join(parts)


def build_body(action, form, files):
    """The JSON body of ``action`` from the posted form; blank optional fields are left out."""
    body = {}
    for field in action.fields:
        if field.kind == "declarations":
            body["declarations"] = [{"item": item, "affirmed": bool(form.get(f"decl-{i}"))}
                                    for i, item in enumerate(field.options)]
            continue
        if field.kind == "file":
            upload = files.get(field.name)
            if upload is None or not upload.filename:
                continue
            content = upload.read()
            body.update(filename=upload.filename.replace("/", "_").replace("\\", "_"),
                        media_type=upload.mimetype or "application/octet-stream",
                        content=base64.b64encode(content).decode("ascii"))
            continue
        raw = (form.get(field.name) or "").strip()
        if raw == "":
            continue
        if field.kind == "int":
            value = int(raw) if raw.lstrip("-").isdigit() else raw
        elif field.kind == "datetime":
            value = raw + (":00" if len(raw) == 16 else "") + "+08:00"  # the form's time is Beijing time
        elif field.kind == "bool":
            value = raw == "true"
        elif field.kind == "lines":
            value = [line.strip() for line in raw.splitlines() if line.strip()]
        elif field.kind == "rows":
            value = [{k: v for k, v in zip(field.options, (c.strip() for c in line.replace("，", ",").split(","))) if v}
                     for line in raw.splitlines() if line.strip()]
        else:
            value = raw
        target = body
        *parents, last = field.name.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[last] = value
    shape = forms_list.SHAPES.get(action.name)  # a body the fields cannot say one by one
    return shape(body) if shape else body


def _application_fields(kind):
    common_tail = (
        Field("district", "所在区县（功能区）", required=True, hint="单位为注册地，个人为从事质量工作所在地（第三条、第十四条）",
              value="历下区"),
        Field("sector", "所属产业", "select", required=True, options=tuple(SECTORS)),
    )
    if kind == "unit":
        return (Field("kind", "申报类别", "select", required=True, options=(("unit", "组织（单位）"),)),
                Field("name", "单位名称", required=True),
                Field("credit_code", "统一社会信用代码", required=True, hint="18 位，按 GB 32100 校验"),
                *common_tail,
                Field("main_business_since", "主营业务开始日期", "date", required=True, hint="第十条第（一）项"),
                Field("sme", "是否中小企业", "bool", hint="第十一条"),
                Field("declarations", "申报条件声明（第十条）", "declarations", options=tuple(UNIT_CONDITIONS),
                      value="1"))
    return (Field("kind", "申报类别", "select", required=True, options=(("individual", "个人"),)),
            Field("name", "姓名", required=True),
            Field("resident_id", "公民身份号码", required=True, hint="仅市长质量奖办公室可见全文，永不公开"),
            Field("employer_name", "工作单位"),
            Field("employer_credit_code", "工作单位统一社会信用代码"),
            *common_tail,
            Field("quality_work_since", "在本市从事质量工作起始日期", "date", required=True, hint="第十二条第（二）项"),
            Field("declarations", "申报条件声明（第十二条）", "declarations", options=tuple(INDIVIDUAL_CONDITIONS),
                  value="1"))


from award_console.forms_review import FORMS as FORMS_REVIEW  # noqa: E402 (needs Action and Field above)

ACTIONS = {a.name: a for a in (
    *FORMS_REVIEW,
    Action("open-cycle", "intake", "POST", "/v1/cycles", ("office",), "开启新一届", "第二条、第三十一条",
           (Field("edition", "届（年度）", "int", hint="须为北京时间的今年（第二条）"),
            Field("schedule.application", "申报截止时间（北京时间）", "datetime", required=True),
            Field("schedule.district_review", "区县推荐截止时间（北京时间）", "datetime"),
            Field("reason", "说明", "textarea")),
           next="/cycles/{cycle_id}"),
    Action("propose-scheme", "intake", "POST", "/v1/cycles/{cycle_id}/review-scheme", ("office",),
           "提出评审方案", "第七条", (Field("text", "评审方案（文字稿）", "textarea"), Field("reason", "说明", "textarea")),
           next="/cycles/{cycle_id}",
           intro="按本届所依规则集的评审部分及第十一条倾斜政策提出，报领导小组审定（第七条）。"),
    Action("decide-scheme", "intake", "POST", "/v1/cycles/{cycle_id}/review-scheme/decision", ("leading_group",),
           "审定评审方案", "第七条",
           (Field("outcome", "审定结果", "select", required=True, options=(("approved", "批准"), ("rejected", "退回"))),
            Field("scheme_sha256", "所审定方案的摘要（sha256）", required=True, hint="即上方所示方案的摘要"),
            Field("decision", "领导小组决定（会议纪要或文件）", "textarea", required=True),
            Field("reason", "退回理由", "textarea", hint="退回时必填")),
           next="/cycles/{cycle_id}"),
    Action("publish-notice", "intake", "POST", "/v1/cycles/{cycle_id}/notice", ("office",), "发布申报通知", "第十三条",
           (Field("text", "通知正文", "textarea", required=True),
            Field("deadline", "申报截止时间（北京时间）", "datetime", hint="不填即本届日程的申报截止时间"),
            Field("recommendation_deadline", "区县推荐截止时间（北京时间）", "datetime"),
            Field("districts", "本届区县（功能区），每行一个", "lines", hint="不填即规则集所列"),
            Field("reason", "说明", "textarea")),
           next="/cycles/{cycle_id}"),
    Action("decide-no-award", "intake", "POST", "/v1/cycles/{cycle_id}/no-award", ("leading_group",),
           "决定本届不授奖", "第七条",
           (Field("decision", "领导小组决定（会议纪要或文件）", "textarea", required=True),
            Field("reason", "说明", "textarea")),
           next="/cycles/{cycle_id}", danger=True,
           intro="领导小组自行决定本届不授奖（第七条）；决定后由办公室以“本届不授奖”结束本届。"),
    Action("close-cycle", "intake", "POST", "/v1/cycles/{cycle_id}/close", ("office",), "结束本届", "第十八条",
           (Field("outcome", "结果", "select", options=(("awarded", "已授奖"), ("no_award", "本届不授奖"))),
            Field("reason", "说明", "textarea", required=True)),
           next="/cycles/{cycle_id}", danger=True),
    Action("apply-unit", "intake", "POST", "/v1/cycles/{cycle_id}/applications", ("applicant",),
           "创建组织申报（草稿）", "第十条、第十四条", _application_fields("unit"), next="/applications/{application_id}"),
    Action("apply-individual", "intake", "POST", "/v1/cycles/{cycle_id}/applications", ("applicant",),
           "创建个人申报（草稿）", "第十二条、第十四条", _application_fields("individual"),
           next="/applications/{application_id}"),
    Action("edit-application-unit", "intake", "PUT", "/v1/applications/{application_id}", ("applicant",),
           "修改组织申报", "第十四条", _application_fields("unit"), next="/applications/{application_id}",
           intro="草稿或被退回的申报可在申报截止前修改（第十三条、第十四条）；已声明的倾斜政策与事件保持不变。"),
    Action("edit-application-individual", "intake", "PUT", "/v1/applications/{application_id}", ("applicant",),
           "修改个人申报", "第十四条", _application_fields("individual"), next="/applications/{application_id}",
           intro="草稿或被退回的申报可在申报截止前修改（第十三条、第十四条）；公民身份号码请重新填写。"),
    Action("attach-document", "intake", "POST", "/v1/applications/{application_id}/documents", ("applicant",),
           "上传申报材料", "第十四条",
           (Field("kind", "材料类别", "select", required=True, options=(
               ("application_form", "申报表"), ("self_evaluation", "自我评价报告"), ("evidence", "证明材料"))),
            Field("relates_to", "证明事项", hint="证明材料填写，如 registration（营业执照）、workplace（在本市从事质量工作证明）"),
            Field("file", "文件", "file", required=True, hint="PDF 或图片")),
           next="/applications/{application_id}"),
    Action("submit-application", "intake", "POST", "/v1/applications/{application_id}/submit", ("applicant",),
           "提交申报", "第十四条", (Field("reason", "说明", "textarea"),), next="/applications/{application_id}",
           intro="提交后由所在区县初审推荐；提交前请确认申报表、自我评价报告和证明材料均已上传（第十四条）。"),
    Action("withdraw-application", "intake", "POST", "/v1/applications/{application_id}/withdraw", ("applicant",),
           "撤回申报", "第十四条", (Field("reason", "撤回理由", "textarea", required=True),),
           next="/applications/{application_id}", danger=True),
    Action("district-review", "intake", "POST", "/v1/applications/{application_id}/district-review", ("district",),
           "区县初审意见", "第十四条",
           (Field("decision", "初审结论", "select", required=True, options=(("recommend", "推荐"), ("return", "退回"))),
            Field("opinion", "推荐意见（或退回理由）", "textarea", required=True),
            Field("signatory", "签署人", hint="推荐须签署（第十四条）"),
            Field("member_units", "参与初审的成员单位，每行一个", "lines", required=True),
            Field("workplace_confirmed", "确认个人在本区县从事质量工作", "bool", hint="推荐个人时必填（第三条）")),
           next="/applications/{application_id}"),
    Action("release-cycle-holds", "supervision", "POST", "/v1/cycles/{cycle_id}/holds/release", ("office",),
           "解除本届全部暂停", "第九条", (Field("reason", "解除理由", "textarea", required=True),),
           next="/cycles/{cycle_id}", danger=True),
    *forms_list.list_actions(),
)}

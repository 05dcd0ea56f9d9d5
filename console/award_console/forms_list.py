"""The console's forms for steps 9-13 and after (issue 35): the publicity service's deliberation,
opinions' answers, seats, public notice, objections, submission, approval, prize amounts and
conferral (Art. 7, 16-19), and the revocation service's duties, reports, cases and spot checks
(Art. 19-21, 24, 29, 30). Each is one route; its roles are the route's own
(``console/tests/test_console_list_forms.py`` holds them to the OpenAPI's ``x-roles``).

A body the flat form cannot say field by field (a list of decisions, media, grounds, uses) is
typed one item a line, its parts split by ``｜``; ``SHAPES`` turn those lines into the JSON the
route takes (``build_body`` calls them), and a line it cannot read is passed on as it is, so that
the service names the field in its refusal (shown beside the field).

``actions.py`` adds ``list_actions()`` to its ``ACTIONS``; the forms are made when it does (of its
``Action`` and ``Field``), so that either module may be imported first."""

CATEGORIES = (("unit_award", "市长质量奖（单位）"), ("individual_award", "市长质量奖（个人）"),
              ("unit_nomination", "市长质量奖提名奖（单位）"), ("individual_nomination", "市长质量奖提名奖（个人）"))
ITEMS = (("", "（不填：收回奖金）"), ("trophy", "奖杯"), ("plaque", "奖牌"), ("medal", "奖章"), ("certificate", "证书"))
PURPOSES = ("质量持续改进 continuous_improvement、质量攻关 quality_tackling、标准制（修）定 standards、"
            "技术攻关 technology_tackling、科技研发 research、人员培训 training、实验室建设投入 laboratory、"
            "经验推广宣传 promotion；个人：业务学习 study、技术培训 technical_training、经验交流 exchange、"
            "方法推介 methods；其他 other（须说明）")
SEP = "｜"


def parts(line, count):
    """A line's parts split by ｜ (or |), stripped; missing ones are ""."""
    items = [p.strip() for p in line.replace("|", SEP).split(SEP)]
    return (items + [""] * count)[:count]


def keyed(names, line):
    """A line as a dict of ``names``; empty parts are left out (the service names them)."""
    return {k: v for k, v in zip(names, parts(line, len(names))) if v}


def _deliberation(body):
    adopted = [{"application_id": line, "decision": "adopted"} for line in body.pop("decisions", [])]
    struck = [{**keyed(("application_id", "reason"), line), "decision": "struck"} for line in body.pop("struck", [])]
    if adopted or struck:
        body["decisions"] = adopted + struck
    return body


def _opinion_answer(body):
    if "accepted" in body:
        body["accepted"] = body["accepted"] == "true"
    return body


def _notice(body):
    if "media" in body:
        body["media"] = [keyed(("name", "date", "where"), line) for line in body["media"]]
        for medium in body["media"]:
            where = medium.pop("where", "")
            if where:
                medium["link" if where.startswith(("http://", "https://")) else "page"] = where
    return body


def _approval(body):
    if "excluded" in body:
        body["excluded"] = [keyed(("application_id", "reason"), line) for line in body["excluded"]]
    return body


def _grounds(body):
    if "grounds" in body:
        body["grounds"] = [keyed(("item", "fact", "fact_date"), line) for line in body["grounds"]]
    return body


def _case(body):
    evidence = {k: body.pop(k) for k in ("filename", "media_type", "content") if k in body}
    body["evidence"] = [evidence] if evidence else []
    return _grounds(body)


def _uses(body):
    if "uses" in body:
        body["uses"] = [keyed(("purpose", "amount", "description"), line) for line in body["uses"]]
    return body


#: a form's body reshaped after its fields are read, by the form's name
SHAPES = {"deliberate": _deliberation, "answer-opinion": _opinion_answer, "publish-public-notice": _notice,
          "approve-list": _approval, "triage-report": _grounds, "open-case": _case, "record-fund-use": _uses}
_MADE = []


def list_actions():
    """The forms, made once (of ``actions.Action`` and ``Field``) and the same ones after."""
    if not _MADE:
        made = _make()  # which imports actions, which may have made them already (imported first)
        if not _MADE:
            _MADE.extend(made)
    return tuple(_MADE)


def _make():
    from award_console.actions import Action, Field

    meeting = (Field("meeting_date", "会议日期", "date", required=True),
               Field("members_present", "出席的领导小组成员，每行一位", "lines", required=True))

    return (
        # -- step 9: deliberation (Art. 7 LG(5), 16) --------------------------------------------------
        Action(
            "deliberate", "publicity", "POST", "/v1/cycles/{cycle_id}/deliberation", ("leading_group",),
            "审议候选名单", "第七条、第十六条",
            (*meeting,
             Field("decisions", "通过审议的候选人（申报编号），每行一个", "lines",
                   hint="已按上方名单中待审议者预先填入；不予通过的请移到下一栏"),
             Field("struck", "不予通过的候选人，每行“申报编号｜理由”", "lines"),
             Field("minute", "会议纪要", "textarea"),
             Field("return_to_office", "将名单整体退回办公室", "bool", hint="退回时不作逐人决定，并须填写理由"),
             Field("reason", "说明（退回时为退回理由）", "textarea")),
            next="/cycles/{cycle_id}/list",
            intro="领导小组对办公室提出的候选名单逐人审议：通过或不予通过（写明理由），或将名单整体退回（第七条第（五）项、第十六条）。"),
        Action(
            "answer-opinion", "publicity", "POST", "/v1/opinions/{opinion_id}/answer", ("office",),
            "答复监督组意见", "第十六条",
            (Field("accepted", "是否采纳", "select", required=True, options=(("true", "采纳"), ("false", "不采纳"))),
             Field("change", "采纳后所作的调整", "textarea", hint="采纳时填写"),
             Field("list_id", "载有调整的候选名单编号", hint="调整了名单时填写"),
             Field("reason", "不采纳的理由", "textarea", hint="不采纳时填写")),
            next="/cycles/{cycle_id}/list"),
        Action(
            "decide-seats", "publicity", "POST", "/v1/cycles/{cycle_id}/seats", ("leading_group",),
            "决定席位（并列或递补）", "第二条、第七条、第十六条",
            (Field("kind", "事项", "select", required=True, options=(("tie", "末位并列，决定由谁获得"),
                                                                    ("refill", "席位空出，由下一名次递补"))),
             Field("category", "奖项类别", "select", required=True, options=CATEGORIES),
             Field("application_ids", "获得席位的候选人（申报编号），每行一个", "lines", required=True),
             *meeting,
             Field("reason", "决定理由", "textarea", required=True)),
            next="/cycles/{cycle_id}/list",
            intro="名额有限（第二条）：末位并列或因不予通过、异议成立而空出的席位，由领导小组决定；获得席位者须经公示（第十七条）。"),
        # -- step 10-11: the public notice and objections (Art. 17) ------------------------------------
        Action(
            "publish-public-notice", "publicity", "POST", "/v1/cycles/{cycle_id}/public-notice", ("office",),
            "发布公示", "第十七条",
            (Field("media", "刊登公示的市内新闻媒体，每行“媒体名称｜刊登日期｜链接或版面”", "lines", required=True,
                   hint="如：济南日报｜2019-09-27｜A3"),
             Field("reason", "说明", "textarea")),
            next="/cycles/{cycle_id}/list",
            intro="通过审议的名单经市内新闻媒体公示，公示期五个工作日，由系统按国家法定工作日计算，不需填写（第十七条）。"),
        Action("investigate-objection", "publicity", "POST", "/v1/objections/{objection_id}/investigation", ("office",),
               "记录异议调查", "第十七条",
               (Field("investigators", "调查人员，每行一位", "lines", required=True),
                Field("checked", "核查了什么", "textarea", required=True),
                Field("conclusion", "调查结论", "textarea", required=True)),
               next="/objections/{objection_id}"),
        Action("propose-objection-handling", "publicity", "POST", "/v1/objections/{objection_id}/resolution", ("office",),
               "提出异议处理意见", "第十七条",
               (Field("outcome", "异议结论", "select", required=True, options=(
                   ("upheld", "异议成立"), ("dismissed", "异议不成立"), ("withdrawn", "异议人撤回"))),
                Field("action", "处理方式", "select", options=(
                    ("", "（按结论默认：成立即移出名单，否则不作调整）"), ("remove", "移出拟奖名单"),
                    ("move_to_nomination", "改为提名奖"), ("correct_record", "更正记录"), ("no_change", "不作调整"))),
                Field("correction.record", "更正的记录及更正方式", "textarea", hint="处理方式为“更正记录”时填写"),
                Field("correction.applicant_name", "更正后的名称", hint="更正名单上的名称时填写"),
                Field("handling_opinion", "处理意见", "textarea", required=True)),
               next="/objections/{objection_id}",
               intro="办公室调查核实后提出处理意见，报领导小组批准后实施（第十七条）。"),
        Action("decide-objection-handling", "publicity", "POST", "/v1/objections/{objection_id}/resolution",
               ("leading_group",), "审定异议处理意见", "第十七条",
               (Field("decision", "审定结果", "select", required=True, options=(("approve", "批准，予以实施"),
                                                                              ("send_back", "退回重新调查"))),
                Field("reason", "说明（退回时为退回理由）", "textarea")),
               next="/objections/{objection_id}"),
        # -- step 12: submission and approval (Art. 7 LG(5), 18) --------------------------------------
        Action("submit-list", "publicity", "POST", "/v1/cycles/{cycle_id}/submission", ("leading_group",),
               "提报市政府审定", "第七条、第十八条",
               (Field("submitted_on", "提报日期", "date", required=True),
                Field("document_number", "提报文号", hint="如：济质强领字〔2019〕5号"),
                Field("reason", "说明", "textarea")),
               next="/cycles/{cycle_id}/list",
               intro="经公示无异议或异议已处理完毕的名单，由领导小组提报市政府审定（第七条第（五）项）。公示未结束、"
                     "异议未办结、候选人暂停中或上次提报尚未审定时不能提报。"),
        Action(
            "approve-list", "publicity", "POST", "/v1/cycles/{cycle_id}/approval", ("government",),
            "审定获奖名单", "第十八条",
            (Field("decision", "审定结果", "select", required=True, options=(("approve", "批准"),
                                                                          ("return", "退回领导小组"))),
             Field("document_number", "批准文号", hint="批准时必填，如：济政字〔2019〕88号"),
             Field("approved_on", "批准日期", "date", hint="批准时必填"),
             Field("excluded", "不予批准的候选人，每行“申报编号｜理由”", "lines", hint="全部批准时留空；退回时不填"),
             Field("reason", "说明（退回时为退回理由）", "textarea")),
            next="/cycles/{cycle_id}/list",
            intro="市政府对领导小组提报的名单作出审定：批准、批准但不含所列候选人，或退回（第十八条）。"),
        # -- step 13: conferral (Art. 19) --------------------------------------------------------------
        Action("set-prize-amounts", "publicity", "PUT", "/v1/cycles/{cycle_id}/prize-amounts", ("office",),
               "设定奖金数额", "第十九条",
               (Field("amounts.unit_award", "市长质量奖（单位）奖金（元）", hint="如 500000.00"),
                Field("amounts.individual_award", "市长质量奖（个人）奖金（元）"),
                Field("amounts.unit_nomination", "提名奖（单位）奖金（元）"),
                Field("amounts.individual_nomination", "提名奖（个人）奖金（元）"),
                Field("policy", "所依政策文件", value="济政发〔2017〕9号"),
                Field("reason", "说明", "textarea")),
               next="/cycles/{cycle_id}/list"),
        Action("confer", "publicity", "POST", "/v1/cycles/{cycle_id}/conferral", ("office",),
               "授奖（颁发证书）", "第十九条",
               (Field("granted_on", "授奖日期", "date", required=True), Field("reason", "说明", "textarea")),
               next="/cycles/{cycle_id}/list",
               intro="对市政府批准的获奖者授予奖杯、奖牌或奖章、证书并给予奖励，证书编号由系统生成（第十九条）。"),
        # -- after the award: duties (Art. 19-21, 24) ------------------------------------------------
        Action("record-payment", "revocation", "POST", "/v1/awards/{award_id}/payments", ("office",),
               "登记奖金拨付", "第十九条、第二十条",
               (Field("paid_on", "拨付日期", "date", required=True),
                Field("amount", "金额（元）", required=True, hint="如 300000.00"),
                Field("reference", "付款凭证号", required=True),
                Field("budget_year", "预算年度", "int", required=True, hint="即拨付当年（第二十条）"),
                Field("budget_line", "预算科目", required=True, value="市长质量奖奖励资金（质量发展专项）")),
               next="/awards/{award_id}"),
        Action(
            "record-fund-use", "revocation", "POST", "/v1/awards/{award_id}/fund-use-reports", ("office", "applicant"),
            "报告奖金使用情况", "第二十一条",
            (Field("reported_on", "报告日期", "date", required=True),
             Field("period", "报告期间", hint="如 2020年度"),
             Field("uses", "使用情况，每行“用途代码｜金额｜说明”", "lines", required=True, hint="用途：" + PURPOSES)),
            next="/awards/{award_id}",
            intro="奖金用于第二十一条所列用途，不得挪作他用。获奖者本人报告，或由市长质量奖办公室代为登记纸质报告。"),
        Action("review-fund-use", "revocation", "POST", "/v1/fund-use-reports/{report_id}/review", ("office",),
               "审查奖金使用报告", "第二十一条",
               (Field("decision", "审查结果", "select", required=True, options=(("accepted", "认可"), ("queried", "质询"))),
                Field("note", "审查意见（质询时为所询事项）", "textarea", required=True)),
               next="/awards/{award_id}"),
        Action("record-sharing", "revocation", "POST", "/v1/awards/{award_id}/experience-sharing", ("office",),
               "登记经验交流", "第二十四条",
               (Field("shared_on", "日期", "date", required=True),
                Field("form", "形式", "select", required=True, options=(
                    ("exchange_meeting", "经验交流会"), ("site_visit", "现场观摩"), ("publication", "宣传报道"),
                    ("lecture", "讲座培训"), ("other", "其他"))),
                Field("what", "交流内容", "textarea", required=True),
                Field("audience", "对象或场合")),
               next="/awards/{award_id}",
               intro="获奖者有义务宣传、交流其质量管理经验（第二十四条）。"),
        # -- revocation (Art. 29, 30) ----------------------------------------------------------------
        Action("spot-check", "revocation", "POST", "/v1/spot-checks", ("regulator", "office"),
               "登记质量监督抽查", "第二十九条",
               (Field("credit_code", "被抽查单位统一社会信用代码", required=True),
                Field("product", "产品或服务", required=True),
                Field("checked_on", "抽查日期", "date", required=True),
                Field("level", "抽查级别", "select", required=True, options=(
                    ("national", "国家"), ("provincial", "省"), ("municipal", "市"), ("district", "区"), ("county", "县"))),
                Field("result", "结果", "select", required=True, options=(("pass", "合格"), ("fail", "不合格"))),
                Field("report_number", "抽查报告编号", required=True)),
               next="/revocation",
               intro="质量监督抽查连续两次不合格属第二十九条第（四）项所列情形；本系统据市级以上抽查结果自动立案，"
                  "是否属实、是否撤销仍由办公室查证、领导小组提请、市政府决定。"),
        Action(
            "triage-report", "revocation", "POST", "/v1/reports/{report_id}/triage", ("office",),
            "处理举报", "第二十九条、第三十条",
            (Field("decision", "处理", "select", required=True, options=(("open_case", "立案调查"), ("close", "不予立案，办结"))),
             Field("reason", "理由", "textarea", required=True),
             Field("award_id", "所涉奖项编号", hint="立案时填写；不填即举报所指的奖项"),
             Field("grounds", "撤销事由，每行“条款｜事实｜事实日期”", "lines", hint="立案时填写，如：Art. 29(5)｜……｜2020-08-01")),
            next="/revocation"),
        Action(
            "open-case", "revocation", "POST", "/v1/cases", ("office",), "立案（撤销奖励）", "第二十九条、第三十条",
            (Field("award_id", "奖项编号", required=True),
             Field("grounds", "撤销事由，每行“条款｜事实｜事实日期”", "lines", required=True,
                   hint="条款为本届规则集的项目，如：Art. 29(2)｜发生较大生产安全事故｜2020-08-01"),
             Field("evidence", "证据材料", "file", required=True),
             Field("reason", "说明", "textarea")),
            next="/cases/{case_id}"),
        Action("investigate-case", "revocation", "POST", "/v1/cases/{case_id}/investigation", ("office",),
               "记录调查情况", "第二十九条、第三十条",
               (Field("findings", "调查情况", "textarea", required=True), Field("reason", "说明", "textarea")),
               next="/cases/{case_id}"),
        Action("verify-case", "revocation", "POST", "/v1/cases/{case_id}/verification", ("office",),
               "查证结论", "第二十九条、第三十条",
               (Field("outcome", "结论", "select", required=True, options=(("verified", "经查证属实"), ("dismissed", "不属实，撤案"))),
                Field("reasons", "理由", "textarea")),
               next="/cases/{case_id}"),
        Action("propose-revocation", "revocation", "POST", "/v1/cases/{case_id}/proposal", ("leading_group",),
               "提请撤销", "第七条、第二十九条、第三十条",
               (Field("outcome", "决定", "select", required=True, options=(("proposed", "提请市政府撤销"),
                                                                         ("not_proposed", "不提请"))),
                Field("reasons", "理由", "textarea")),
               next="/cases/{case_id}", intro="经查证属实的，由领导小组提请市政府撤销其奖励（第二十九条、第三十条）。"),
        Action("decide-revocation", "revocation", "POST", "/v1/cases/{case_id}/decision", ("government",),
               "撤销决定", "第二十九条、第三十条",
               (Field("outcome", "决定", "select", required=True, options=(("revoked", "撤销奖励"), ("not_revoked", "不予撤销"))),
                Field("document_number", "文号", required=True),
                Field("decision_date", "决定日期", "date", required=True),
                Field("reasons", "理由", "textarea")),
               next="/cases/{case_id}", danger=True),
        Action("record-recovery", "revocation", "POST", "/v1/cases/{case_id}/recovery", ("office",),
               "登记收回", "第二十九条、第三十条",
               (Field("item", "收回的奖品", "select", options=ITEMS),
                Field("amount", "收回的奖金（元）", hint="收回奖金时填写，奖品留空"),
                Field("payment_id", "所冲回的拨付编号", hint="收回奖金且已登记拨付时必填"),
                Field("returned_on", "收回日期", "date", required=True),
                Field("receipt_number", "收据编号", required=True),
                Field("received_by", "接收单位", required=True, value="市质量强市办"),
                Field("reason", "说明", "textarea")),
               next="/cases/{case_id}", intro="撤销奖励的，收回奖杯、奖牌或奖章、证书及奖金（第二十九条、第三十条）。"),
    )

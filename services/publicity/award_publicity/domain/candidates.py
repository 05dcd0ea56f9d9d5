"""Where a candidate stands in steps 9-13 (Art. 16-19), as data.

A candidate arrives ``listed`` with the office's list (Art. 16). The leading group adopts or
strikes it; one under a hold at deliberation waits as ``pending`` (docs/design.md,
"Holds"). An adopted one is published in a notice (Art. 17); an upheld objection removes it;
the government approves the rest (Art. 18) and the office confers them (Art. 19).
"""
LISTED = "listed"            # on the list, awaiting the leading group
PENDING = "pending"          # under a hold at deliberation: waits for its release
ADOPTED = "adopted"          # adopted, not yet in a public notice (e.g. held at public_notice)
STRUCK = "struck"            # struck by the leading group, with the reason
IN_NOTICE = "in_notice"      # published in a public notice
REMOVED = "removed"          # an upheld objection took it off the list (Art. 17)
APPROVED = "approved"        # on the final list the government approved (Art. 18)
NOT_APPROVED = "not_approved"  # submitted, left out by the government's 审定 with its reason (Art. 18)
CONFERRED = "conferred"      # the award is given (Art. 19)
DROPPED = "dropped"          # not on the office's newer list that superseded this one

STATUSES = (LISTED, PENDING, ADOPTED, STRUCK, IN_NOTICE, REMOVED, APPROVED, NOT_APPROVED, CONFERRED, DROPPED)
#: awaiting the leading group's decision
AWAITING_DELIBERATION = (LISTED, PENDING)
#: holding or about to hold a seat of its category (counted against the Art. 2 quota)
SEATED = (ADOPTED, IN_NOTICE, APPROVED, CONFERRED)
#: Chinese, as the office would say it
NAMES = {LISTED: "待审议", PENDING: "暂缓（暂停令）", ADOPTED: "已通过审议", STRUCK: "未通过审议",
         IN_NOTICE: "公示中", REMOVED: "异议成立，已移出名单", APPROVED: "已批准",
         NOT_APPROVED: "市政府审定未予批准", CONFERRED: "已授奖",
         DROPPED: "不在新名单中"}

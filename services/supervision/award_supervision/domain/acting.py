"""Who may act for supervision, and on which cycle (Art. 9; docs/design.md, "Holds").

- A supervisor is a principal with role ``supervisor`` whose ``sub`` is the stable person id
  of a member of the cycle's appointed group. The group exists for its cycle only: once it is
  dissolved (the cycle closed) its members no longer act, nor see, as supervisors of it.
- While the group exists, only the group releases the holds it placed; after it is
  dissolved, the office releases what is left, with the leading group's approval recorded.
  Both are this suite's rules, not the Measures' (docs/design.md, "Rules the Measures do not
  make"): their refusals cite no article — save the dissolution itself, which is Art. 9's.
- Supervisors see holds, findings and complaints of their own cycle only; the office, the
  leading group and operators see every cycle (complainants' identities excepted): the kit's
  rule for every service (``call.cycle_reader`` / ``call.readable_cycles``), applied in queries.py.

Plain Python: no framework, no database. ``group`` is a mapping with ``status``
(``appointed`` | ``dissolved``) and ``member_ids``, or None when no group is on record.
"""
from award_shared import errors


def check_supervisor(group, person_id, cycle_id):
    """Raise Forbidden (naming Art. 9) unless ``person_id`` sits on the cycle's group now."""
    if group is None:
        raise errors.Forbidden(f"{cycle_id} 尚未聘任评审监督小组（第九条）",
                               f"no supervision group is appointed for {cycle_id}", article="Art. 9")
    if group["status"] == "dissolved":
        raise errors.Forbidden(f"{cycle_id} 的评审监督小组已随本届评审工作结束而解散，其成员不再履行监督职责（第九条）",
                               f"the supervision group of {cycle_id} was dissolved when the cycle closed",
                               article="Art. 9")
    if person_id not in group["member_ids"]:
        raise errors.Forbidden(f"您不是 {cycle_id} 评审监督小组的成员（第九条）",
                               f"you are not a member of the supervision group of {cycle_id}", article="Art. 9")


def release_authority(roles, person_id, cycle_id, group, approval):
    """Who releases a supervision hold now: ``"group"`` or ``"office"``; raise otherwise.

    ``roles``: the caller's roles; ``approval``: the leading group's recorded approval for
    the dissolved group's holds (a mapping), or None.
    """
    dissolved = group is not None and group["status"] == "dissolved"
    if not dissolved:
        if "supervisor" in roles:
            check_supervisor(group, person_id, cycle_id)
            return "group"
        raise errors.Forbidden("评审监督小组存续期间，其暂停令只能由小组解除",
                               "while the supervision group exists, only it releases its holds",
                               code="hold_released_by_group")
    if "office" not in roles:
        if "supervisor" in roles:  # a member of the dissolved group acts no more: that is Art. 9's
            check_supervisor(group, person_id, cycle_id)
        raise errors.Forbidden("评审监督小组已解散，其遗留的暂停令由领导小组办公室经领导小组批准后解除",
                               "the group is dissolved: the office releases its holds, with the leading "
                               "group's approval", code="hold_released_by_office")
    if approval is None:
        raise errors.Conflict("解除已解散评审监督小组的暂停令，须先经市质量强市领导小组批准",
                              "releasing a dissolved group's hold needs the leading group's approval first",
                              code="approval_required")
    return "office"

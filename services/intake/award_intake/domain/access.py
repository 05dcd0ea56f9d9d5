"""Who may see what (Art. 14, 25; contract.md: an applicant sees only its own).

Pure: no I/O. ``principal`` is the kit's Principal (sub, roles, district);
``application`` a mapping of the applications row; ``experts`` the subjects that the
latest ``panel.assigned`` names for it.

- the office, the third party, the supervision group and the leading group read every
  application of the cycle; a district coordinator those of its own district; an expert those
  it is assigned to; an applicant its own. ``third_party`` and ``supervisor`` reach these
  functions only as far as the kit's cycle access (``cycles.sits``) granted them for the
  application's cycle (the entrusted agency's staff, Art. 7 LG(3); the sitting group's
  members, Art. 9): the principal here is already narrowed to the roles it holds for that cycle;
- documents (the material of Art. 25) only the applicant, the office, the staff of the third
  party the leading group entrusted for the cycle, the assigned experts and the coordinators
  of the application's own district, who must review them (Art. 14: 初审); no other district;
- the resident ID number is shown whole to the office alone, masked to everyone else.
"""
from award_rules.identifiers import mask_resident_id
from award_shared import errors

SEE_ALL = ("office", "third_party", "supervisor", "leading_group")


def is_owner(principal, application):
    return principal.has("applicant") and principal.sub == application["applicant_sub"]


def is_assigned_expert(principal, experts):
    return principal.has("expert") and principal.sub in set(experts or ())


def can_read(principal, application, experts=()):
    return (principal.has(*SEE_ALL) or is_owner(principal, application)
            or (principal.has("district") and principal.district == application["district"])
            or is_assigned_expert(principal, experts))


def is_own_district(principal, application):
    return principal.has("district") and bool(principal.district) and principal.district == application["district"]


def can_read_documents(principal, application, experts=()):
    return (principal.has("office", "third_party") or is_owner(principal, application)
            or is_assigned_expert(principal, experts) or is_own_district(principal, application))


def deny(principal, application_id):
    """An applicant is not told that someone else's application exists (404); staff of the
    wrong district or role are told they may not (403)."""
    if principal.roles <= {"applicant"}:
        return errors.NotFound(f"未知的申报：{application_id}", f"unknown application {application_id}")
    # who reads what is this suite's access design (docs/design.md); Art. 25 is a duty of
    # confidentiality, not a list of readers, so the refusal cites no article (issue 31)
    return errors.Forbidden(f"无权查看申报 {application_id}", f"you may not read application {application_id}",
                            code="not_a_reader")


def require_owner(principal, application):
    if not is_owner(principal, application):
        raise deny(principal, application["application_id"])


def list_scope(principal):
    """Which applications of a cycle a principal lists: ("all",), ("district", d),
    ("expert", sub), ("applicant", sub); the first that applies, widest first."""
    if principal.has(*SEE_ALL):
        return ("all",)
    if principal.has("district") and principal.district:
        return ("district", principal.district)
    if principal.has("expert"):
        return ("expert", principal.sub)
    if principal.has("applicant"):
        return ("applicant", principal.sub)
    raise errors.Forbidden("无权查看申报列表", "your roles may not list applications")


def shown_resident_id(principal, resident_id):
    if resident_id is None:
        return None
    return resident_id if principal.has("office") else mask_resident_id(resident_id)

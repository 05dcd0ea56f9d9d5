"""Art. 3 and 14: who may apply, from where, and what the district's preliminary review records.

Art. 3: a unit is one established (依法成立) in the city's administrative area — the district,
county or functional zone where it is registered; an individual is one who does quality work
in the city — the district where they work, which that district confirms in its review (a home
address is not the test). Art. 14: the application goes to the coordinator of that district,
who organises the member units (成员单位) for the preliminary review and signs the
recommendation; the application attaches its evidence (证明材料), the kinds the rule set lists.
The districts are the rule set's list, or the edition's as the application notice amends it.

Pure: no I/O.
"""


def edition_districts(ruleset, amended=None):
    """The names an application of this edition chooses from: the notice's amendment, else the
    rule set's list; None when neither lists any (a notice published before issue 31)."""
    if amended is not None:
        return list(amended)
    listed = ruleset.get("districts")
    return [d["name"] for d in listed] if listed else None


def district_problems(form, districts):
    """Field errors when the form's district is not one of the edition's."""
    if districts is None or form["district"] in districts:
        return {}
    where = "where the unit is registered" if form["kind"] == "unit" else "where the person does quality work"
    return {"district": [f"Art. 3, 14: not a district, county or functional zone of Jinan in this edition's list "
                         f"({where}): one of {', '.join(districts)}"]}


def review_problems(kind, body):
    """Field errors of a district's review under Art. 3: a recommended individual's workplace
    in the district is confirmed; a unit's registration is shown by its evidence instead."""
    confirmed = body.get("workplace_confirmed")
    if kind == "unit":
        if confirmed is not None:
            return {"workplace_confirmed": ["not part of a unit's review: a unit is of the district where it is "
                                            "registered, which its registration evidence shows (Art. 3)"]}
        return {}
    if body["decision"] == "recommend" and confirmed is not True:
        return {"workplace_confirmed": ["Art. 3: a district recommends an individual only after confirming they do "
                                        "quality work in it (their workplace, not their home); otherwise it returns "
                                        "the application"]}
    return {}


def required_evidence(ruleset, kind):
    """The evidence kinds every application of ``kind`` attaches (Art. 14), as the rule set lists them."""
    return (ruleset.get("evidence") or {}).get(kind, [])


def missing_evidence(ruleset, kind, attached):
    """The listed evidence kinds no attached evidence document relates to."""
    return [e for e in required_evidence(ruleset, kind) if e["key"] not in attached]

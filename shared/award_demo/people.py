"""The 2019 field: made-up units and individuals of Jinan with valid identifiers (GB 32100 credit
codes, GB 11643 resident ID numbers), the same for the same ``n`` so a replay is repeatable.

Their fates are set here so the replay shows each rule: the first unit is a past winner (Art. 6,
refused at the draft), the second declares a 2018 safety accident (Art. 10(5), refused at
submission), the first individual began quality work in 2012 (Art. 12(2), under ten years),
the third unit fails the third party's qualification review (Art. 10(4)); the rest compete."""
from dataclasses import dataclass, field

from award_rules.identifiers import credit_code_check_char, organisation_code_check_char, resident_id_check_char

DISTRICTS = ("历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区")
PLACES = ("泉城", "历山", "趵突", "明湖", "千佛山", "黄河", "华山", "鹊华", "舜耕", "龙山", "稼轩", "济阳")
TRADES = (("精密机械", "secondary"), ("智能装备", "secondary"), ("软件信息", "tertiary"), ("生物医药", "secondary"),
          ("现代物流", "tertiary"), ("电力设备", "secondary"), ("文化旅游", "tertiary"), ("检验检测", "tertiary"))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "秀英", "志强", "海燕", "立新", "晓明", "红梅", "振华", "玉兰", "德胜", "文静", "卫东")
PDF = b"%PDF-1.7\n% demo\n"


@dataclass
class Applicant:
    n: int
    kind: str
    name: str
    sector: str
    district: str
    fraction: float               # how well the experts judge it, of each scale's maximum
    fate: str = "compete"         # past_winner | refused | fails_qualification | compete
    form: dict = field(default_factory=dict)
    tilt: tuple = ()
    application_id: str = None
    outcome: str = None           # what became of it, for the summary

    @property
    def sub(self):
        return f"applicant-{self.n:03d}"


def credit_code(n):
    body = f"MA3D{n:04d}"
    first17 = "91370100" + body + organisation_code_check_char(body)
    return first17 + credit_code_check_char(first17)


def resident_id(n, birth="19750315"):
    first17 = "370102" + birth + f"{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def _declarations(prefix):
    return [{"item": f"Art. {prefix}({i})", "affirmed": True, "statement": "经核实，符合该项条件"} for i in range(1, 8)]


def field_of(count):
    """``count`` applicants, about two units to one individual; scores spread from strong to weak."""
    people = []
    for n in range(count):
        kind = "individual" if n % 3 == 2 else "unit"
        district = DISTRICTS[n % len(DISTRICTS)]
        level = 0.93 - 0.5 * n / max(count - 1, 1)
        if kind == "unit":
            trade, sector = TRADES[n % len(TRADES)]
            name = f"济南{PLACES[n % len(PLACES)]}{trade}{'股份' if n % 2 else ''}有限公司"
            person = Applicant(n, kind, name, sector, district, level,
                               tilt=("ten_major_industries",) if n % 4 == 0 else ())
            person.form = {"kind": "unit", "name": name, "credit_code": credit_code(n), "district": district,
                           "sector": sector, "main_business_since": "2006-04-01", "sme": n % 2 == 0,
                           "tilt_claims": [{"kind": k, "evidence": "属于“十大产业”之智能制造与高端装备"} for k in person.tilt],
                           "incidents": [], "declarations": _declarations(10)}
        else:
            name = SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)]
            sector = "tertiary" if n % 2 else "secondary"
            person = Applicant(n, kind, name, sector, district, level)
            person.form = {"kind": "individual", "name": name, "resident_id": resident_id(n),
                           "employer_name": f"济南{PLACES[n % len(PLACES)]}质量技术服务有限公司",
                           "employer_credit_code": credit_code(5000 + n), "district": district, "sector": sector,
                           "quality_work_since": "2003-07-01", "incidents": [], "declarations": _declarations(12)}
        people.append(person)
    people[0].fate = "past_winner"
    people[1].fate = "refused"
    people[1].form["incidents"] = [{"kind": "larger_safety_accident", "occurred_on": "2018-08-14",
                                    "description": "车间发生较大生产安全事故"}]
    people[2].fate = "refused"
    people[2].form["quality_work_since"] = "2012-03-01"
    people[3].fate = "fails_qualification"
    return people

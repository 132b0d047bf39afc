#!/usr/bin/env python3
"""Writes Datasets/reference/policies.jsonl: GovBrain's policy library.

One real policy (the Guangxi 2021-2023 digital-government three-year plan, with its main tasks and
targets paraphrased) plus synthetic enterprise- and citizen-support policies composed from 24
policy themes x issuing level (province, the 14 cities, selected counties) x year, deterministic
(seed 2021). Each has a title, issuing office (GovBrain office code), a document number in the usual
form, dates, target industries / regions / scales / enterprise age / capital, tags, a 100-400
character summary and structured eligibility rules.

    python3 Tools/make_policy_library.py            # rewrites Datasets/reference/policies.jsonl
"""
import csv, json, os, random, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = os.path.join(ROOT, "Datasets", "reference")

CITY = {"450100": ("南宁市", "南府办规", "邕"), "450200": ("柳州市", "柳政规", "柳"), "450300": ("桂林市", "市政办规", "桂"),
        "450400": ("梧州市", "梧政规", "梧"), "450500": ("北海市", "北政办规", "北"), "450600": ("防城港市", "防政规", "防"),
        "450700": ("钦州市", "钦政规", "钦"), "450800": ("贵港市", "贵政办规", "贵"), "450900": ("玉林市", "玉政规", "玉"),
        "451000": ("百色市", "百政规", "百"), "451100": ("贺州市", "贺政规", "贺"), "451200": ("河池市", "河政规", "河"),
        "451300": ("来宾市", "来政规", "来"), "451400": ("崇左市", "崇政规", "崇")}
PROVINCE_DEPT_PREFIX = {"gov_office": "桂政办发", "miit": "桂工信规", "sci": "桂科规", "commerce": "桂商规", "culture": "桂文旅规",
                        "agri": "桂农厅规", "hrss": "桂人社规", "finance": "桂财规", "drc": "桂发改规", "civil": "桂民规",
                        "veterans": "桂退役军人规", "transport": "桂交规", "housing": "桂建规", "ecoenv": "桂环规", "market": "桂市监规"}

# theme: (department, title pattern, industries, scales, min_age, max_age, min_capital, tags, support sentence, amount, for_citizens)
THEMES = [
    ("miit", "关于支持中小微企业纾困发展的若干措施", [], ["micro", "small"], None, None, None, ["小微企业", "纾困"], "对符合条件的小微企业给予房租减免、贷款贴息和稳岗补贴，单户最高补助{amt}万元", 5, False),
    ("sci", "科技型中小企业研发费用补助实施细则", ["C", "I", "M"], ["micro", "small", "medium"], None, 10, None, ["科技创新", "研发投入"], "按企业上年度研发费用增量的10%给予补助，单户每年最高{amt}万元", 50, False),
    ("miit", "专精特新中小企业培育和奖励办法", ["C", "I"], ["small", "medium"], 3, None, 500, ["专精特新", "制造业"], "对新认定的国家级专精特新“小巨人”企业一次性奖励{amt}万元，自治区级专精特新企业奖励30万元", 100, False),
    ("miit", "工业企业技术改造项目补助办法", ["C"], [], 2, None, 1000, ["技术改造", "制造业"], "对设备投资额500万元以上的技术改造项目，按设备投资额的8%给予补助，单个项目最高{amt}万元", 300, False),
    ("bigdata", "推动中小企业数字化转型“上云用数赋智”行动方案", ["C", "F", "I", "G"], [], None, None, None, ["数字化转型", "上云"], "对购买云服务和数字化改造的企业按实际支出的30%给予补贴，最高{amt}万元", 20, False),
    ("drc", "鼓励企业上规入统奖励办法", ["C", "F", "H", "E", "L"], ["small", "medium"], None, None, None, ["上规入统", "规模以上企业"], "对首次纳入规模以上统计的工业、批零住餐和服务业企业一次性奖励{amt}万元", 10, False),
    ("commerce", "稳外贸促进出口企业发展若干措施", ["C", "F"], [], 1, None, None, ["外贸", "出口信保"], "对出口信用保险保费给予最高80%的补贴，对新开拓东盟市场的企业参展费用给予补助，单户最高{amt}万元", 30, False),
    ("culture", "促进文化和旅游企业恢复发展若干措施", ["H", "R"], [], None, None, None, ["文旅", "纾困"], "对A级旅游景区、星级饭店和旅行社给予经营补助和贷款贴息，单户最高{amt}万元", 15, False),
    ("agri", "扶持农业产业化龙头企业和农民专业合作社发展办法", ["A", "C13", "C14"], [], 2, None, None, ["乡村振兴", "农业产业化"], "对新认定的自治区级农业产业化重点龙头企业奖励{amt}万元，对示范合作社给予建设补助", 50, False),
    ("hrss", "创业担保贷款及贴息实施办法", [], ["micro"], None, 3, None, ["创业", "贷款贴息"], "个人创业担保贷款最高30万元，小微企业最高{amt}万元，按贷款市场报价利率给予贴息", 300, False),
    ("sci", "高新技术企业培育奖励办法", ["C", "I", "M"], [], 1, None, None, ["高新技术企业", "科技创新"], "对首次认定的高新技术企业给予一次性奖励{amt}万元，对重新认定的给予10万元奖励", 30, False),
    ("transport", "物流业降本增效若干政策措施", ["G"], [], None, None, None, ["物流", "降本增效"], "对新开通国际道路运输线路和多式联运班列给予运营补贴，单户最高{amt}万元", 50, False),
    ("commerce", "促进餐饮住宿消费发放消费券实施方案", ["H"], ["micro", "small"], None, None, None, ["消费券", "促消费"], "参与消费券核销的餐饮住宿企业按核销金额的5%获得补贴，单户最高{amt}万元", 5, False),
    ("housing", "支持建筑业企业做大做强若干措施", ["E"], [], 2, None, 2000, ["建筑业", "资质升级"], "对首次晋升施工总承包特级、一级资质的企业分别奖励{amt}万元和100万元", 200, False),
    ("ecoenv", "绿色制造和节能减排奖补办法", ["C", "D"], [], 2, None, None, ["绿色制造", "节能减排"], "对获评国家级绿色工厂的企业奖励{amt}万元，对节能改造项目按节能量给予奖励", 50, False),
    ("commerce", "电子商务进农村综合示范项目资金管理办法", ["F", "I", "A"], [], None, None, None, ["电子商务", "乡村振兴"], "对县乡村三级物流配送和农村电商服务站点建设给予补助，单个项目最高{amt}万元", 40, False),
    ("hrss", "企业吸纳就业和稳岗返还实施办法", [], [], 1, None, None, ["稳岗", "就业"], "对不裁员或少裁员的参保企业按上年度实际缴纳失业保险费的60%返还，大型企业30%，单户最高{amt}万元", 20, False),
    ("commerce", "边境贸易创新发展扶持办法", ["F", "G"], [], None, None, None, ["边境贸易", "东盟"], "对在边境口岸开展加工贸易和边民互市落地加工的企业给予物流和用工补助，单户最高{amt}万元", 60, False),
    ("finance", "政府采购支持中小企业发展实施办法", [], ["micro", "small", "medium"], None, None, None, ["政府采购", "中小企业"], "预留采购项目预算总额的40%以上专门面向中小企业，对小微企业报价给予10%的价格扣除，合同融资最高{amt}万元", 200, False),
    ("sci", "人才小高地和企业引进高层次人才补贴办法", ["C", "I", "M", "Q"], [], None, None, None, ["人才", "高层次人才"], "对企业全职引进的高层次人才给予安家补贴和项目经费，每人最高{amt}万元", 100, False),
    ("hrss", "高校毕业生就业创业补贴实施细则", [], [], None, None, None, ["就业", "高校毕业生"], "对离校2年内的高校毕业生给予一次性求职创业补贴和社保补贴，每人最高{amt}万元", 1, True),
    ("agri", "农机购置与应用补贴实施方案", [], [], None, None, None, ["农机", "惠农"], "对购置列入补贴范围的农业机械按中央财政补贴额测算，单台最高补贴{amt}万元", 15, True),
    ("civil", "高龄津贴和养老服务补贴发放办法", [], [], None, None, None, ["养老", "高龄津贴"], "对80周岁以上老年人按月发放高龄津贴，对经济困难的失能老人给予护理补贴，每人每年最高{amt}万元", 1, True),
    ("veterans", "退役军人就业创业扶持若干措施", [], [], None, None, None, ["退役军人", "就业创业"], "对退役军人创办的小微企业给予一次性创业补贴和贷款贴息，每人最高{amt}万元", 10, True),
]
DEPT_NAME = {"miit": "工业和信息化", "sci": "科学技术", "bigdata": "大数据发展", "drc": "发展和改革", "commerce": "商务", "culture": "文化和旅游",
             "agri": "农业农村", "hrss": "人力资源和社会保障", "transport": "交通运输", "housing": "住房和城乡建设", "ecoenv": "生态环境",
             "finance": "财政", "civil": "民政", "veterans": "退役军人事务"}


def summary(theme, place, year, amount, rng):
    dept, title, inds, scales, min_age, max_age, min_cap, tags, support, _, citizens = theme
    opening = rng.choice([f"为贯彻落实自治区关于稳经济、促发展的决策部署，进一步{('优化营商环境' if not citizens else '保障和改善民生')}，",
                          f"为深入实施创新驱动发展战略，推动{place}高质量发展，", f"为加快建设新时代壮美广西，结合{place}实际，"])
    who = "本市（县）行政区域内依法登记注册、具有独立法人资格的企业" if not citizens else "符合条件的本地户籍居民"
    if scales:
        who += "，企业规模为" + "、".join({"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}[s] for s in scales)
    if min_age:
        who += f"，成立满{min_age}年"
    if max_age:
        who += f"，成立不超过{max_age}年"
    if min_cap:
        who += f"，注册资本不低于{int(min_cap)}万元"
    rules = "申报主体须依法纳税、近三年无严重失信行为、未被列入经营异常名录。" if not citizens else "申请人须提供身份证明和相关佐证材料。"
    how = rng.choice(["申报通过广西数字政务一体化平台或“智桂通”统一受理，实行“免申即享”与依申请兑现相结合。",
                      "企业可通过政务服务网在线申报，主管部门在受理后20个工作日内完成审核并公示。",
                      "申报材料实行容缺受理，资金按季度集中拨付。"])
    text = f"{opening}制定本措施。支持对象为{who}。{support.format(amt=amount)}。{rules}{how}本措施自{year}年1月1日起施行，有效期3年。"
    return text


def main():
    rng = random.Random(2021)
    regions = list(csv.DictReader(open(os.path.join(REF, "guangxi_regions.csv"), encoding="utf-8")))
    counties = [r for r in regions if r["level"] == "county"]
    out = []
    plan = {
        "code": "POL-GX-DG-2021", "title": "全面推进广西数字政府建设三年行动实施方案", "issuer": "gov_office-450000", "docNumber": "",
        "publishedOn": "2021-03-01", "validFrom": "2021-01-01", "validUntil": "2023-12-31",
        "industries": [], "regions": ["450000"], "scales": [], "tags": ["数字政府", "一网通办", "一网统管", "一网协同"],
        "summary": ("为全面推进广西数字政府建设，以数字化转型驱动治理方式变革，自治区人民政府办公厅部署2021—2023年三年行动：夯实政务云、"
                    "电子政务外网等一体化基础设施，构建全区统一的政务数据资源体系和数据共享交换平台，推进政务服务“一网通办”、"
                    "省域治理“一网统管”、政府运行“一网协同”，整合12345政务服务便民热线，打造“智桂通”移动政务服务品牌，健全数字政府安全保障体系，"
                    "建设数字政府大脑，提升决策支持、市场监管、社会治理和公共服务的智能化水平。"),
        "eligibility": {"note": "规划文件，无申报条件"}, "forCitizens": False, "typicalAmount": 0,
        "tasks": [
            {"code": "TASK-DG-01", "name": "夯实一体化基础设施", "description": "统筹建设自治区、市、县三级政务云和电子政务外网，推动部门业务系统迁移上云",
             "targets": [{"code": "TGT-DG-01", "name": "政务信息系统上云率", "targetValue": "基本实现应上尽上(释义)"}]},
            {"code": "TASK-DG-02", "name": "构建政务数据资源体系", "description": "建设全区统一的数据共享交换平台和公共数据开放平台，完善人口、法人、空间地理等基础库",
             "targets": [{"code": "TGT-DG-02", "name": "政务数据共享需求满足率", "targetValue": "显著提升(释义)"}]},
            {"code": "TASK-DG-03", "name": "推进政务服务“一网通办”", "description": "依托广西数字政务一体化平台和“智桂通”，推进政务服务事项全程网办、跨省通办",
             "targets": [{"code": "TGT-DG-03", "name": "政务服务事项网上可办率", "targetValue": "持续提高(释义)"}]},
            {"code": "TASK-DG-04", "name": "推进省域治理“一网统管”", "description": "建设城市运行管理和经济运行监测平台，提升市场监管、应急管理、生态环境等领域智能化水平",
             "targets": [{"code": "TGT-DG-04", "name": "重点领域协同监管覆盖", "targetValue": "全区覆盖(释义)"}]},
            {"code": "TASK-DG-05", "name": "推进政府运行“一网协同”", "description": "建设全区统一的协同办公平台，推动公文、会议、督查等全流程网上运行",
             "targets": [{"code": "TGT-DG-05", "name": "协同办公平台覆盖层级", "targetValue": "自治区、市、县、乡(释义)"}]},
            {"code": "TASK-DG-06", "name": "整合12345政务服务便民热线", "description": "归并各类政务服务热线，建设知识库和智能派单，实现“一号响应”",
             "targets": [{"code": "TGT-DG-06", "name": "热线诉求派单准确率和按时办结率", "targetValue": "持续提高(释义)"}]},
            {"code": "TASK-DG-07", "name": "健全安全保障体系", "description": "落实网络安全等级保护和数据安全管理制度，建设安全运营中心",
             "targets": [{"code": "TGT-DG-07", "name": "重要信息系统安全防护", "targetValue": "全面达标(释义)"}]},
        ],
    }
    out.append(plan)
    issuers = [("450000", "广西壮族自治区")] + [(a, CITY[a][0]) for a in CITY]
    n = 0
    for year in (2021, 2022, 2023, 2024):
        for theme in THEMES:
            dept = theme[0]
            # The province issues every theme; cities and some counties issue local versions.
            places = [("450000", "广西壮族自治区")] + rng.sample(issuers[1:], 2) + [(c["adcode"], c["name"]) for c in rng.sample(counties, 1)]
            for adcode, place in places:
                if len(out) >= 420:
                    break
                n += 1
                level = "province" if adcode == "450000" else ("city" if adcode in CITY else "county")
                dept_code = dept if dept != "bigdata" or level != "county" else "gov_office"
                issuer = f"{dept_code}-{adcode}" if level != "county" or dept_code in ("gov_office", "hrss", "agri", "civil", "finance", "commerce", "drc", "market", "veterans", "housing", "transport", "ecoenv", "sci", "miit", "culture") else f"gov_office-{adcode}"
                number = rng.randint(1, 60)
                if level == "province":
                    doc = f"{PROVINCE_DEPT_PREFIX.get(dept, '桂政办发')}〔{year}〕{number}号"
                    title = ("广西壮族自治区" if rng.random() < 0.5 else "自治区") + theme[1]
                elif level == "city":
                    doc = f"{CITY[adcode][1]}〔{year}〕{number}号"
                    title = place + theme[1]
                else:
                    short = place[:2]
                    doc = f"{short}政规〔{year}〕{number}号"
                    title = place + theme[1]
                amount = max(1, int(theme[9] * rng.choice([0.5, 0.8, 1, 1, 1.2, 1.5, 2])))
                published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                until = f"{year + 2 + (1 if rng.random() < 0.3 else 0)}-12-31"
                regions_rule = [adcode]
                if theme[1].startswith("边境贸易"):
                    regions_rule = [a for a in ("451400", "450600", "451000") if adcode == "450000" or a == adcode] or [adcode]
                rules = {"industries": theme[2], "regions": regions_rule, "scales": theme[3], "minAgeYears": theme[4], "maxAgeYears": theme[5],
                         "minCapital": theme[6], "tags": theme[7], "validFrom": published, "validUntil": until,
                         "requires": ["依法纳税", "无严重失信记录"] if not theme[10] else ["本地户籍或居住证"]}
                rules = {k: v for k, v in rules.items() if v not in (None, [], "")}
                text = summary(theme, place, year, amount, rng)
                out.append({
                    "code": f"POL{year}{n:04d}", "title": title + ("（试行）" if rng.random() < 0.2 else ""), "issuer": issuer, "docNumber": doc,
                    "publishedOn": published, "validFrom": published, "validUntil": until, "industries": theme[2], "regions": regions_rule,
                    "scales": theme[3], "minAgeYears": theme[4], "maxAgeYears": theme[5], "minCapital": theme[6], "tags": theme[7],
                    "summary": text, "eligibility": rules, "forCitizens": theme[10], "typicalAmount": amount * 10000,
                })
    with open(os.path.join(REF, "policies.jsonl"), "w", encoding="utf-8") as f:
        for p in out:
            p = {k: v for k, v in p.items() if v is not None}
            f.write(json.dumps(p, ensure_ascii=False, separators=(",", ":")) + "\n")
    lens = [len(p["summary"]) for p in out]
    print(f"wrote {len(out)} policies; summary length {min(lens)}-{max(lens)} characters", file=sys.stderr)


if __name__ == "__main__":
    main()

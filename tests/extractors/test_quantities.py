"""Number + unit facts through the whole engine (ANNOTATION.md, "Canonical units and values").

Each row is (sentence, the fact's text as written, kind, value, value_max, unit, approx).
Sentences run through `extract_report`, so overlapping candidates are already resolved.
"""

from __future__ import annotations

import pytest

QUANTITIES = [
    ("今年新建一所学校", "一所", "count", 1, None, "所", "exact"),  # a count (是一所… is an article)
    # counts: the measure word as written, 名/位 → 人, 人次 kept
    ("在校学生数826人", "826人", "count", 826, None, "人", "exact"),
    ("全校有教师57名", "57名", "count", 57, None, "人", "exact"),
    ("共有专家12位", "12位", "count", 12, None, "人", "exact"),
    ("接待来访300人次", "300人次", "count", 300, None, "人次", "exact"),
    ("全年共接待学生２，３５６人次", "２，３５６人次", "count", 2356, None, "人次", "exact"),  # full-width grouping
    ("教师每学年参加培训不少于72学时", "不少于72学时", "count", 72, None, "学时", "at_least"),
    ("全县共有学校23所", "23所", "count", 23, None, "所", "exact"),
    ("共有26个教学班", "26个", "count", 26, None, "个", "exact"),
    ("学校有教学班二十六个", "二十六个", "count", 26, None, "个", "exact"),
    ("学生2,210人", "2,210人", "count", 2210, None, "人", "exact"),
    ("共有学生2 210人", "2 210人", "count", 2210, None, "人", "exact"),
    ("共有学生1.4万人", "1.4万人", "count", 14000, None, "人", "exact"),
    ("有两名教师", "两名", "count", 2, None, "人", "exact"),
    ("全校两千五百人", "两千五百人", "count", 2500, None, "人", "exact"),
    ("有学生廿人", "廿人", "count", 20, None, "人", "exact"),
    ("学生826人", "826人", "count", 826, None, "人", "exact"),
    ("826人参加", "826人", "count", 826, None, "人", "exact"),
    # areas → m2
    ("校园占地面积27184平方米", "27184平方米", "area", 27184, None, "m2", "exact"),
    ("建筑面积5000平米", "5000平米", "area", 5000, None, "m2", "exact"),
    ("绿化面积3000㎡", "3000㎡", "area", 3000, None, "m2", "exact"),
    ("占地80亩", "80亩", "area", 53333.6, None, "m2", "exact"),
    ("占地2公顷", "2公顷", "area", 20000, None, "m2", "exact"),
    ("校舍樓地板面積約28,000平方公尺", "約28,000平方公尺", "area", 28000, None, "m2", "about"),  # Taiwan units
    ("跑道長400公尺", "400公尺", "length", 400, None, "m", "exact"),
    ("开展家访活动860户次", "860户次", "count", 860, None, "户次", "exact"),
    ("建筑面积1.2万平方米", "1.2万平方米", "area", 12000, None, "m2", "exact"),
    ("辖区面积35平方公里", "35平方公里", "area", 35_000_000, None, "m2", "exact"),
    # money → CNY / USD
    ("投资3150万元", "3150万元", "money", 31_500_000, None, "CNY", "exact"),
    ("经费50000元", "50000元", "money", 50000, None, "CNY", "exact"),
    ("投资2亿元", "2亿元", "money", 200_000_000, None, "CNY", "exact"),
    ("捐款1000美元", "1000美元", "money", 1000, None, "USD", "exact"),
    ("捐款5万美元", "5万美元", "money", 50000, None, "USD", "exact"),
    ("投入资金100万", "100万", "money", 1_000_000, None, "CNY", "exact"),
    # rates → %
    ("合格率100%", "100%", "rate", 100, None, "%", "exact"),
    ("发生率为千分之三", "千分之三", "rate", 0.3, None, "%", "exact"),
    ("约有三成学生", "三成", "rate", 30, None, "%", "exact"),
    ("巩固率为99.6", "99.6", "rate", 99.6, None, "%", "exact"),
    ("入学率达100", "100", "rate", 100, None, "%", "exact"),
    ("占比百分之五十", "百分之五十", "rate", 50, None, "%", "exact"),
    # approximation words
    ("学生约500人", "约500人", "count", 500, None, "人", "about"),
    ("学生500人左右", "500人左右", "count", 500, None, "人", "about"),
    ("投入近10万元", "近10万元", "money", 100_000, None, "CNY", "about"),
    ("学生500余人", "500余人", "count", 500, None, "人", "over"),
    ("学生3000多人", "3000多人", "count", 3000, None, "人", "over"),
    ("学生三十多人", "三十多人", "count", 30, None, "人", "over"),
    ("学生三千五百余人", "三千五百余人", "count", 3500, None, "人", "over"),
    ("学生1万余人", "1万余人", "count", 10000, None, "人", "over"),
    ("学生300人以上", "300人以上", "count", 300, None, "人", "over"),
    ("捐款超过3万元", "超过3万元", "money", 30000, None, "CNY", "over"),
    ("学生突破800人", "突破800人", "count", 800, None, "人", "over"),
    ("学生不足100人", "不足100人", "count", 100, None, "人", "under"),
    ("学生不到50人", "不到50人", "count", 50, None, "人", "under"),
    ("生均面积不低于15平方米", "不低于15平方米", "area", 15, None, "m2", "at_least"),
    ("每学期至少3次", "至少3次", "count", 3, None, "次", "at_least"),
    ("确保巩固率达99%以上", "99%以上", "rate", 99, None, "%", "at_least"),
    ("合格率达到90%以上", "90%以上", "rate", 90, None, "%", "over"),
    ("占地面积约40亩", "约40亩", "area", 26666.8, None, "m2", "about"),
    # ranges: value is the lower end, value_max the upper
    ("班额12-15人", "12-15人", "count", 12, 15, "人", "exact"),
    ("班额12—15人", "12—15人", "count", 12, 15, "人", "exact"),
    ("资助1-5万元", "1-5万元", "money", 10000, 50000, "CNY", "exact"),
    ("资助1—5万元", "1—5万元", "money", 10000, 50000, "CNY", "exact"),
    ("学生七八十人", "七八十人", "count", 70, 80, "人", "exact"),
    ("教师十二三人", "十二三人", "count", 12, 13, "人", "exact"),
    # lengths, weights, durations, ratios, coefficients, scores
    ("跑道长400米", "400米", "length", 400, None, "m", "exact"),
    ("距县城5公里", "5公里", "length", 5000, None, "m", "exact"),
    ("捐赠大米500公斤", "500公斤", "weight", 500, None, "kg", "exact"),
    ("运来煤炭3吨", "3吨", "weight", 3000, None, "kg", "exact"),
    ("历时七天", "七天", "duration", 7, None, "day", "exact"),
    ("用时1个月", "1个月", "duration", 1, None, "month", "exact"),
    ("生师比17.33:1", "17.33:1", "quantity", 17.33, None, "ratio", "exact"),
    ("师生比1比11.6", "1比11.6", "quantity", 11.6, None, "ratio", "exact"),
    ("小学生师比为16.2:1，初中为12.5:1", "12.5:1", "quantity", 12.5, None, "ratio", "exact"),
    ("各校生师比在12:1至18:1之间", "12:1至18:1", "quantity", 12, 18, "ratio", "exact"),  # a range of ratios
    ("差异系数0.335", "0.335", "quantity", 0.335, None, "coef", "exact"),
    ("考试成绩608分", "608分", "quantity", 608, None, "分", "exact"),
    # a change keeps a positive value
    ("小学在校生比上年减少336人", "336人", "count", 336, None, "人", "exact"),
    # traditional characters and full-width digits are read as written
    ("在校學生８２６人", "８２６人", "count", 826, None, "人", "exact"),
    ("獎勵100萬元", "100萬元", "money", 1_000_000, None, "CNY", "exact"),
]

# (sentence, a number in it that is not a fact)
NOT_FACTS = [
    ("学校位于第87中学旁", "87"),
    ("第87中学", "87"),
    ("根据〔2012〕3号文件精神", "3号"),
    ("根据教发〔2012〕3号", "2012"),
    ("联系电话13812345678", "13812345678"),
    ("联系电话0571-88888888", "88888888"),
    ("拨打12345热线反映", "12345"),
    ("实施1856工程", "1856"),
    ("推行5+2模式", "5"),
    ("落实八项规定", "八项"),
    ("统一名称", "一名"),
    ("一个重要前提", "一个"),
    ("该校是一所公办全日制小学", "一所"),  # an article after the copula
    ("三年级学生", "三年"),
    ("上午8点开会", "8点"),
    ("会议于14:30开始", "14:30"),
]

IDS = [row[1] + "@" + row[0] for row in QUANTITIES]


@pytest.mark.parametrize("sentence,text,kind,value,value_max,unit,approx", QUANTITIES, ids=IDS)
def test_quantity(extract, sentence, text, kind, value, value_max, unit, approx):
    facts = extract(sentence)
    assert text in facts, f"no fact {text!r}; found {sorted(facts)}"
    fact = facts[text]
    got = (fact.kind, fact.value, fact.value_max, fact.unit, fact.approx)
    assert got == (kind, pytest.approx(value), pytest.approx(value_max) if value_max else None, unit, approx)


@pytest.mark.parametrize("sentence,number", NOT_FACTS, ids=[f"{n}@{s}" for s, n in NOT_FACTS])
def test_not_a_fact(extract, sentence, number):
    at = sentence.index(number)
    covering = [text for text in extract(sentence) if sentence.find(text) < at + len(number) and at < sentence.find(text) + len(text)]
    assert covering == []


# (text, expected (kind, value, unit) of its one fact): currencies named before the number, bare counts.
CURRENCY_AND_BARE = [
    ("新台币300万元", ("money", 3000000, "TWD")),
    ("港币50元", ("money", 50, "HKD")),
    ("在校学生数826，", ("count", 826, "人")),
    ("全县教师数57。", ("count", 57, "人")),
    ("學生人數約34萬。", ("count", 340000, "人")),  # a scale, and the people left unwritten
]


@pytest.mark.parametrize("text,expected", CURRENCY_AND_BARE, ids=[c[0] for c in CURRENCY_AND_BARE])
def test_currency_before_and_bare_counts(extract, text, expected):
    (fact,) = extract(text).values()
    assert (fact.kind, fact.value, fact.unit) == expected


# Rates and ranges written in other ways: (text, (kind, value, value_max, unit)).
MORE_FORMS = [
    ("合格率5%-20%", ("rate", 5, 20, "%")),
    ("九成学生", ("rate", 90, None, "%")),
    ("两成", ("rate", 20, None, "%")),
    ("百分之一百二十点五", ("rate", 120.5, None, "%")),
    ("一百二十到一百五十万元", ("money", 1200000, 1500000, "CNY")),
]


@pytest.mark.parametrize("text,expected", MORE_FORMS, ids=[c[0] for c in MORE_FORMS])
def test_more_forms(extract, text, expected):
    (fact,) = extract(text).values()
    assert (fact.kind, fact.value, fact.value_max, fact.unit) == expected


# Taiwan, Hong Kong and Macau write large numbers in Arabic groups under 万/亿, and 校 after digits.
MIXED_GROUPS = [
    ("学生总数共计21萬3,456人", ("count", 213456, "人")),
    ("预算新臺幣98億5,000萬元", ("money", 9850000000, "TWD")),
    ("公立国民小学计142校", ("count", 142, "所")),
]


@pytest.mark.parametrize("text,expected", MIXED_GROUPS, ids=[c[0] for c in MIXED_GROUPS])
def test_mixed_groups_and_school_counts(extract, text, expected):
    (fact,) = extract(text).values()
    assert (fact.kind, fact.value, fact.unit) == expected


# Macau and Hong Kong money: Arabic digits under Chinese units, currency codes before the number.
MONEY_FORMS = [
    ("拨款约澳门元9亿8千万元", ("money", 980000000, "MOP")),
    ("资助金额达MOP 3.2亿", ("money", 320000000, "MOP")),
    ("捐款HK$500万", ("money", 5000000, "HKD")),
]


@pytest.mark.parametrize("text,expected", MONEY_FORMS, ids=[c[0] for c in MONEY_FORMS])
def test_money_forms(extract, text, expected):
    (fact,) = extract(text).values()
    assert (fact.kind, fact.value, fact.unit) == expected

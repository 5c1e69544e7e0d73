"""The event of a date: what happened then, read from the verb the date attaches to (ANNOTATION.md).

Each row is (sentence, the date as written, the event); an event is right, as the
scorer counts it, when it equals the expected phrase or one contains the other.
"""

from __future__ import annotations

import pytest

EVENTS = [
    # the verb (and its object) after the date
    ("学校1908年创办。", "1908年", "创办"),
    ("1982年迁到新址，改建为砖瓦结构校舍。", "1982年", "迁址"),  # an event verb as its event noun
    ("1990年6月被评为县级文明单位。", "1990年6月", "被评为"),
    ("学校于2018年被命名为省级绿色学校。", "2018年", "被命名为"),  # (命名为 is one verb, as 评为 is)
    ("九月初组建了标准化学校督导评估验收组并对成员进行了培训。", "九月初", "验收组组建"),  # a body founded: body first
    # a light verb leaves the event to its object, past the actor and a 对… phrase
    ("11月21日至26日，督导检查组对全县学校进行了督导检查。", "11月21日至26日", "督导检查"),
    ("12月末，对市直学校的责任督学工作进行问卷调查。", "12月末", "问卷调查"),
    ("10月底，召开了全区热线基层工作站授牌仪式。", "10月底", "授牌仪式"),
    # the date closes its verb, or a verb without object takes what was named before 于
    ("欢胜中学始建于1968年，1982年迁到新址。", "1968年", "建校"),  # (an event verb as its event noun)
    ("二是校舍维修加固工作已于3月底全面完成。", "3月底", "维修加固完成"),
    ("该项目于4月20日进场施工，预计于9月20日竣工交付使用。", "4月20日", "进场施工"),
    ("3所幼儿园预计将于七月底开工。", "七月底", "幼儿园开工"),
    # what was done before 后; a date that only dates a noun phrase
    ("2006年危房改造后建成四层教学楼一栋。", "2006年", "危房改造"),
    ("制定并下发了《2012年市教育督导室工作要点》。", "2012年", "工作要点"),
    # traditional input; a comparison year; a deadline
    ("2005年高初中分離，學校規模擴大。", "2005年", "高初中分离"),
    ("参考学生数较2008年减少130人。", "2008年", "比较"),
    ("与2022年相比，收入预算增加312.4万元。", "2022年", "比较"),
    ("2018年通过国家验收。", "2018年", "通过国家验收"),  # a preposition that is the only verb
    ("该县2018年通过基本均衡发展评估认定，2019年启动优质均衡创建。", "2018年", "评估认定"),  # not the next date's clause
    ("截止到6月30日，全区街道已全部达标。", "6月30日", "截止"),
    # past a duration, an adverb, a second verb; a verb whose object follows a number
    ("2009年，历时五天完成了全县中小学评估验收工作。", "2009年", "评估验收"),
    ("十月中旬，接待并完成了省专项督导组的抽检工作。", "十月中旬", "抽检"),
    ("2012年又争取资金新建了一栋三层的实验楼。", "2012年", "新建实验楼"),
    ("在2010、2011两年中铺设塑胶跑道400米。", "2010、2011", "铺设塑胶跑道"),
    # a frame before the event (purpose, means), a topic before its verb, 以来 and 后 after the date
    ("今年五月份，为进一步提高服务水平，区政府对各热线进行了整合。", "今年五月份", "整合"),
    ("6月5日至8日，经与县教育局协商，组建了年终考核小组。", "6月5日至8日", "考核小组组建"),
    ("2016年3月，学校成立了家长委员会。", "2016年3月", "委员会成立"),
    ("2019年3月，市政府启动了学校标准化建设工程。", "2019年3月", "建设工程启动"),
    ("至9月底，其余维修项目将陆续完成并交付使用。", "9月底", "维修项目完成"),
    ("2005年以来，我县全面实施农村教育工程。", "2005年", "农村教育工程"),
    ("2002年后，三年多的时间，我县在校舍建设上共投入3000万元。", "2002年", "校舍建设投入"),
    ("2019年针对校舍不足，县政府把旧厂房划拨给了实验小学。", "2019年", "划拨"),  # a frame of purpose first
    ("2019年，县政府把旧厂房统筹划拨给了实验小学。", "2019年", "旧厂房划拨"),  # 统筹: an adverb here
    ("预计在12月底前全面完成全县学校的教学设施、设备重置。", "12月底", "设备重置"),  # a light verb under its adverb
    # a date of what modifies a noun (…的学校, …的要点): the modifier is its event
    ("2015年均衡发展已评估的学校共9所。", "2015年", "均衡发展评估"),
    ("依据2012年教育督导工作的要点，制定了计划。", "2012年", "督导工作"),
    ("2015年建成的教学楼已投入使用。", "2015年", "建成"),
    ("2009年，评估组专家是由省教育厅聘请的教授组成。", "2009年", "专家组成"),  # a copula frames the verb
    ("3月12日植树节当天，全校师生参加了义务植树活动。", "3月12日", "植树活动"),
    ("2月27日下午第二节课，在学校操场上，辅导员给同学们上了开学第一课。", "2月27日", "开学第一课"),
    # a motion before the event, a term after the date, a title's generic head
    ("2020年11月5日，省专家组来我县开展均衡发展督导评估。", "2020年11月5日", "督导评估"),
    ("2018年秋季学期起，全县实行课后延时服务。", "2018年秋季", "延时服务"),
    ("2017年12月，学校荣获全国文明校园称号。", "2017年12月", "文明校园"),
    # an event noun closed by 于 + date; traditional text
    ("本学期开学于2月20日，期末考试安排在6月28日。", "2月20日", "开学"),
    ("學校於2019年9月正式啟用新校舍。", "2019年9月", "启用新校舍"),
    ("本校創立於民國45年，101學年度起改制為完全中學。", "101學年度", "改制完全中学"),
    # a date in brackets dates the stage before them
    ("（二）全面推进阶段（2018年3月1日起）", "2018年3月1日", "推进阶段"),
    # a frame after who acted (…在…领导下，) leaves the event to the next clause
    ("2022年，市教育督导室在市委、市政府的正确领导下，认真履行督政、督学、评估监测职能。", "2022年", "履行监测职能"),
    # what a dated figure is compared with is no part of its event; 中 opening a word is no time word
    ("2019年本科上线率比上年提高5个百分点。", "2019年", "上线率提高"),
    ("2022年中考平均分比全县高出35.6分。", "2022年", "平均分高出"),
    # who organised whom leaves the event to the later light verb (组织8名督学对…进行了督导评估)
    ("2023年10月16日至20日，市政府教育督导室组织8名督学对我县义务教育优质均衡发展情况进行了督导评估。",
     "2023年10月16日至20日", "督导评估"),
]


@pytest.mark.parametrize("sentence,date,event", EVENTS, ids=[f"{e[1]}@{e[0][:12]}" for e in EVENTS])
def test_a_date_names_its_event(extract, sentence, date, event):
    fact = extract(sentence)[date]
    assert fact.kind == "date"
    assert fact.subject and (event in fact.subject or fact.subject in event), fact.subject


# The misses of issue 11 item 4: (text, fact text as written, kind, value, unit, date_start)
MORE_KINDS = [
    ("民國90年創校，105學年度學生487人，97年獲得優質學校獎。", "97年", "date", None, None, "2008"),
    ("师生比为1比14.4", "1比14.4", "quantity", 14.4, "ratio", None),
    ("学校每个年级一轨", "一轨", "count", 1, "轨", None),
    ("学校规模为2轨", "2轨", "count", 2, "轨", None),
    ("配备电脑四台", "四台", "count", 4, "台", None),
    ("安装40w节能灯", "40w", "quantity", 40, "W", None),
    ("光伏功率2.5kW", "2.5kW", "quantity", 2500, "W", None),
]


@pytest.mark.parametrize("text,fact_text,kind,value,unit,date_start", MORE_KINDS, ids=[f"{m[1]}@{m[0][:10]}" for m in MORE_KINDS])
def test_short_roc_years_tracks_sets_and_power(extract, text, fact_text, kind, value, unit, date_start):
    fact = extract(text)[fact_text]
    assert (fact.kind, fact.value, fact.unit, fact.date_start) == (kind, value, unit, date_start)

"""The subject of a fact: what its number measures, in simplified Chinese (ANNOTATION.md `subject`).

Each row is (sentence, the fact's text as written, subject); None means nothing in
the sentence names what the number measures.
"""

from __future__ import annotations

import pytest

SUBJECTS = [
    # before the number, with or without a link verb
    ("在校学生数826人", "826人", "在校学生数"),
    ("专任教师是57人", "57人", "专任教师"),
    ("全校共有教职工68人，专任教师57人。", "68人", "教职工"),
    ("全校共有教职工68人，专任教师57人。", "57人", "专任教师"),
    ("校园占地面积27184平方米", "27184平方米", "校园占地面积"),
    ("生均占地面积32.9平方米", "32.9平方米", "生均占地面积"),
    ("学历合格率达100%", "100%", "学历合格率"),
    ("小学入学率为100%", "100%", "小学入学率"),
    ("巩固率为99.6", "99.6", "巩固率"),
    ("全县有中小学45所", "45所", "中小学"),
    ("共有图书3万册", "3万册", "图书"),
    ("计算机120台", "120台", "计算机"),
    ("生师比17.33:1", "17.33:1", "生师比"),
    # after a measure word
    ("26个教学班", "26个", "教学班"),
    ("学校现有26个教学班，在校学生1200人。", "26个", "教学班"),
    ("学校现有26个教学班，在校学生1200人。", "1200人", "在校学生"),
    ("新建教学楼一栋，建筑面积3000平方米", "3000平方米", "建筑面积"),
    # list items that share a head
    ("其中市先进工作者10人，市骨干教师4人", "10人", "市先进工作者"),
    ("其中市先进工作者10人，市骨干教师4人", "4人", "市骨干教师"),
    ("学校有专任教师57人，其中高级教师12人，一级教师30人。", "12人", "高级教师"),
    ("共有学生826人，其中初中432人，小学394人。", "432人", "初中学生"),  # as the gold writes them
    ("共有学生826人，其中初中432人，小学394人。", "394人", "小学生"),
    ("全县共有专任教师3862人，其中小学2210人、初中1652人。", "1652人", "初中专任教师"),
    ("全县有留守儿童3256人，其中小学2150人，初中1106人。", "2150人", "小学留守儿童"),
    ("小学专任教师学历合格率为100%，初中为99.8%。", "100%", "小学专任教师学历合格率"),
    ("全县义务教育阶段在校生52368人，其中小学34120人、初中18248人。", "18248人", "初中在校生"),  # a part of the stage
    ("全县共有义务教育学校86所，其中小学62所、初中24所。", "62所", "小学"),
    ("学校现有在校学生1680人，较去年增加120人，其中女生812人。", "812人", "女生在校学生"),  # of the stock
    # traditional input, simplified subject
    ("學校佔地面積27184平方米", "27184平方米", "学校占地面积"),
    ("專任教師57人", "57人", "专任教师"),
    # nothing names it
    ("共计1.4万人", "1.4万人", None),
    # damaged text repeats a measure word; a word that starts with it is kept
    ("共抽检了两所中学、三所所小学", "三所", "抽检小学"),
    ("学校购进20盆盆景", "20盆", "盆景"),
    # an aside in brackets is skipped; a figure in brackets is of what precedes them
    ("校舍（含宿舍）面积3000平方米", "3000平方米", "校舍面积"),
    ("召开校务会议（每学期至少2次）", "至少2次", "校务会议"),
    # money put into something, a distributive, a stage in a name, what a duration is spent on
    ("我市在校舍改造上共投入3000万元", "3000万元", "校舍改造投入"),
    ("建设教师周转房200套，每套50平方米", "50平方米", "每套面积"),
    ("启动了实验中学2万平方米的二期工程", "2万平方米", "二期工程"),
    ("确保学生每周开展两小时课外阅读", "两小时", "课外阅读"),
    ("考评组历时三天完成考核", "三天", "考评历时"),  # a group's duration is of its work
    # list items after a measure word, damaged traditional text, an office before what it did
    ("全县有学校31所，其中小学23所、初中8所。", "23所", "小学"),
    ("全县有学校31所，其中小学23所、初中8所。", "8所", "初中"),
    ("學(xué)校佔(zhàn)地面積(jī)27184平方米", "27184平方米", "学校占地面积"),
    ("其中，城关街道办事处拆违达2.3万平方米", "2.3万平方米", "拆违"),
    # the next level of the same measure (初中为…), a level written after its measure
    ("全县小学生师比为16.2:1，初中为12.5:1。", "12.5:1", "初中生师比"),
    ("小学入学率为100%，初中为98.5%。", "98.5%", "初中入学率"),
    ("专任教师学历合格率小学为99.8%，初中为98.6%。", "99.8%", "小学学历合格率"),
    ("专任教师学历合格率小学为99.8%，初中为98.6%。", "98.6%", "初中学历合格率"),
    # a per-capita figure right after its total
    ("校舍建筑面积7.2万平方米，生均22.4平方米。", "22.4平方米", "生均校舍建筑面积"),
    # a share names its part, before 占 or as the figure before it
    ("女教师占教师总数的60%", "60%", "女教师占比"),
    ("高级职称教师占比为25%", "25%", "高级职称教师占比"),
    ("学校现有教师120人，其中女教师78人，占65%。", "65%", "女教师占比"),
    ("全县已有12所学校通过验收，占总数的85.7%。", "85.7%", "通过验收学校占比"),  # (as the gold writes 申报社区占比)
    # a sentence cut by a hard line break; a heading above is not part of it
    ("学校现有在校学\n生826人，专任教师\n57人。", "826人", "在校学生"),
    ("学校现有在校学\n生826人，专任教师\n57人。", "57人", "专任教师"),
    ("一、基本情况\n学校现有学生826人", "826人", "学生"),
    ("二〇二三年部门预算说明\n2023年收入预算总额为3456.78万元。", "3456.78万元", "收入预算总额"),  # a title line
    # what lasts: a group's work (考评小组历时), the event a duration frames or opens (…的时间，…投入; 历时…完成)
    ("检查组历时三天，走访了12所学校。", "三天", "检查历时"),
    ("2010年后，五年的时间，我县在校舍建设上共投入8000万元。", "五年", "校舍建设投入"),
    ("11月5日至11日，历时七天完成了全县学校的评估验收工作。", "七天", "评估验收历时"),
    # the title the things counted were given
    ("全县共有8所学校被评为省级文明校园。", "8所", "省级文明校园"),
    # the people counted make up a whole named before 由; a noun after 的 is what was counted, a frame is not
    ("总督学由市教育局局长、市政府教督办主任二人同时任职。", "二人", "总督学"),
    ("领导小组由分管副县长和教育局局长等7人组成。", "7人", "领导小组"),
    ("先后选派近70人次的教师参加了省级骨干培训。", "近70人次", "教师"),
    ("今年以来，我局共争取上级资金1.2亿元。", "1.2亿元", "上级资金"),  # the writer (我局) and a verb before the thing
    ("110年完成校舍補強工程，經費新臺幣4,500萬元。", "4,500萬元", "经费"),  # the currency before the amount
    ("评估组共抽查学校26所，回收有效问卷1156份。", "26所", "抽查学校"),  # who acted, then 共: what they counted
    ("评估组共抽查学校26所，回收有效问卷1156份。", "1156份", "有效问卷"),  # 有 inside a word names nothing
    ("在省教育厅带领下，督导评估组一行8人深入我县。", "8人", "督导评估组"),
    ("每百名学生拥有计算机31台。", "31台", "每百名学生拥有计算机"),  # an indicator's name keeps its verb
    ("学生在省级以上竞赛中获奖63人次。", "63人次", "学生获奖"),  # where it happened is no part of the subject
    ("在全县在校学生数较上年减少130人的情况下，上线人数仍有增加。", "130人", "在校学生数减少"),
    # a category, a quoted term, a role word (在学, 在职) and an aside are all part of what was counted
    ("其中：事业收入2,850.00万元；其他收入673.25万元。", "673.25万元", "其他收入"),
    ("“三公”经费预算数为45.60万元。", "45.60万元", "三公经费预算数"),
    ("全年研究生教育招生1.2万人，在学研究生3.5万人。", "3.5万人", "在学研究生"),
    ("小规模学校（100人以下）达到47所，占全县学校总数的38.2%。", "47所", "小规模学校"),
    ("小规模学校（100人以下）达到47所，占全县学校总数的38.2%。", "38.2%", "小规模学校占比"),
    # the items of a list after a category's first figure are of that category
    ("普通本专科招生12.3万人，在校生42.1万人，毕业生10.5万人。", "42.1万人", "普通本专科在校生"),
    ("普通本专科招生12.3万人，在校生42.1万人，毕业生10.5万人。", "10.5万人", "普通本专科毕业生"),
    ("特殊教育招生892人，在校生5621人。", "5621人", "特殊教育在校生"),
    ("全市共有公、民办幼儿园及学校42所，在校学生3.2万人。", "3.2万人", "在校学生"),  # a list is no category
    # …and after a count of the schools of one level, that level (statistics bulletins)
    ("小学412所，招生5.6万人，在校生32.8万人，毕业生5.1万人。", "5.6万人", "小学招生"),
    ("小学412所，招生5.6万人，在校生32.8万人，毕业生5.1万人。", "32.8万人", "小学在校生"),
    ("全市幼儿园652所，在园幼儿21.3万人。", "21.3万人", "在园幼儿"),
    # whose figure and per head stay however long the name (小学|生均, not 小学生|均), also for the next level
    ("小学生均一般公共预算教育经费12580元，初中生均16230元。", "12580元", "小学生均一般公共预算教育经费"),
    ("小学生均一般公共预算教育经费12580元，初中生均16230元。", "16230元", "初中生均一般公共预算教育经费"),
    ("普通高中生均教育事业费15680元。", "15680元", "普通高中生均教育事业费"),
    # 分别: the k-th figure is of the k-th item named before it, also for a later 分别 of the sentence
    ("小学、初中生均教学及辅助用房面积分别为5.2平方米和6.8平方米，生均体育运动场馆面积分别为9.6平方米和12.3平方米。",
     "6.8平方米", "初中生均教学及辅助用房面积"),
    ("小学、初中生均教学及辅助用房面积分别为5.2平方米和6.8平方米，生均体育运动场馆面积分别为9.6平方米和12.3平方米。",
     "9.6平方米", "小学生均体育运动场馆面积"),
    ("县域内小学、初中综合差异系数分别为0.412和0.356。", "0.412", "小学综合差异系数"),
    ("县域内小学、初中综合差异系数分别为0.412和0.356。", "0.356", "初中综合差异系数"),
    ("城区、农村学校分别有12所和20所。", "20所", "农村学校"),
    ("城区、农村、边远地区学校生均公用经费分别为850元、780元、900元。", "780元", "农村学校生均公用经费"),
    ("城区、农村、边远地区学校生均公用经费分别为850元、780元、900元。", "900元", "边远地区学校生均公用经费"),
    # …and, with no items before 分别, what the figures before it were of (语文平均分, 数学平均分)
    ("语文平均分86.5分，数学平均分82.3分，及格率分别为96.2%和93.8%。", "93.8%", "数学及格率"),
    ("在校学生2356人（其中留守儿童812人）。", "812人", "留守儿童"),
    # figures after 分别 for a list of years are one measure's values in those years: the measure named
    # after the years, or what the clause before says changed over them
    ("县财政对教育的投入逐年增加，2021年、2022年、2023年分别为3.2亿元、3.6亿元和4.1亿元。", "3.6亿元", "财政对教育投入"),
    ("近三年学校在校生人数稳步增长，2021年、2022年分别为1820人和1905人。", "1905人", "学校在校生人数"),
    ("2021年、2022年、2023年全县本科上线率分别为62.3%、65.1%和68.5%。", "65.1%", "本科上线率"),
    ("学校现有学生2016名，其中男生1052名、女生964名。", "964名", "女生"),
    # a verb that says which of the things were counted stays, before or after the figure, and for a list's items
    ("督导组实地察看了32所学校，查阅资料1200余份。", "32所", "察看学校"),
    ("全县新建了3所学校。", "3所", "新建学校"),
    ("全县新建学校31所，改建学校17所。", "17所", "改建学校"),
    ("抽查了学生作业600本。", "600本", "抽查学生作业"),
    ("全县共投入资金2.3亿元，新建校舍4.5万平方米，维修校舍2.1万平方米。", "2.1万平方米", "维修校舍"),
    ("今年我县共有3862名考生参加高考。", "3862名", "考生"),
    ("全县中小学全面实行课后服务，参与学生达4.2万人。", "4.2万人", "参与学生"),
    ("在城区共抽检了两所中学、三所小学和一所幼儿园。", "三所", "抽检小学"),
    ("在城区共抽检了两所中学、三所小学和一所幼儿园。", "一所", "抽检幼儿园"),
    ("招聘教师320名，其中研究生学历45名。", "320名", "招聘教师"),  # which teachers: the new ones  # 及格率, 留守儿童: words, not 及 + 格率
    ("全年共对8个县（市、区）政府履行教育职责情况进行了评价。", "8个", "县政府"),  # an aside after the measure word
    ("小学专任教师28.7万人，生师比16.3:1。", "16.3:1", "小学生师比"),
    ("学校先后获得“省级文明校园”、“市级示范学校”等荣誉称号20余项。", "20余项", "荣誉称号"),  # the kind after 等
    # a rate after a change is of the stock the change was of
    ("全省共有幼儿园1.52万所，比上年增加312所，增长2.1%。", "2.1%", "幼儿园增长"),
    ("入园儿童58.6万人，比上年减少4.3万人，下降6.8%。", "58.6万人", "入园儿童"),
    # …and not of a share between them, which changes by points
    ("县财政投入教育经费5.8亿元，占财政总支出的21.3%，同比增长6.5%。", "6.5%", "财政投入教育经费增长"),
    ("其中女教师78人，占65%，比上年提高2.1个百分点。", "2.1个百分点", "女教师占比提高"),
    # an unnumbered section heading above is no part of the sentence after it
    ("学校基本情况\n学校占地面积45亩。", "45亩", "学校占地面积"),
    # who acted and their verb are no part of it; a verb of one word stays whole
    ("县政府每年安排教育督导专项经费30万元。", "30万元", "教育督导专项经费"),
    ("全县建成“互联网+教育”示范学校15所。", "15所", "互联网教育示范学校"),
    ("近三年学生巩固率均为100%。", "100%", "学生巩固率"),  # when it was measured is no part of what
    ("本校國中會考5A人數18人，占全體考生8.2%。", "18人", "国中会考5A人数"),  # digits before a letter are a term
    ("本校國中會考5A人數18人，占全體考生8.2%。", "8.2%", "国中会考5A人数占比"),  # a share, its whole without 的
    ("其中，堤口办事处拆违达1.4万平米。", "1.4万平米", "拆违"),
    ("全县义务教育择校生比例控制在5%以内。", "5%以内", "义务教育择校生比例"),  # 控制在 links, as 达到 does
    ("教育局2023-24年度的教育开支预算为1,138亿元。", "1,138亿元", "教育开支预算"),  # the date is left out whole
    ("學校設有31個課室及4個特別室。", "4個", "特别室"),
    ("全县仍有3所学校未达标，缺编教师126人。", "126人", "缺编教师"),
]


@pytest.mark.parametrize("sentence,text,subject", SUBJECTS, ids=[f"{t}@{s}".replace("\n", "|") for s, t, _ in SUBJECTS])
def test_subject(extract, sentence, text, subject):
    facts = extract(sentence)
    assert text in facts, f"no fact {text!r}; found {sorted(facts)}"
    assert facts[text].subject == subject


# A change on a previous figure keeps its direction in the subject and names no stock metric;
# the new value of a figure (由…缩短至) has the figure's subject.
CHANGES = [
    ("全省共有幼儿园1.2万所，比上年减少356所。", "356所", "幼儿园减少"),
    ("在园幼儿186.53万人，比上年下降4.2%。", "4.2%", "在园幼儿下降"),
    ("全年完成地区生产总值286.3亿元、增长6.5%。", "6.5%", "地区生产总值增长"),  # after 、 as after ，
    ("审批时间由原来的15天缩短至5天。", "5天", "审批时间"),
    ("2024年部门收入预算12856.32万元，比2023年预算增加562.18万元，增长4.6%。", "562.18万元", "部门收入预算增加"),
    ("2024年部门收入预算12856.32万元，比2023年预算增加562.18万元，增长4.6%。", "4.6%", "部门收入预算增长"),
    ("本區小學學生體適能檢測通過率達82.6%，較上學年提升3.2%。", "3.2%", "学生体适能检测通过率提升"),
]


@pytest.mark.parametrize("text,written,subject", CHANGES, ids=[c[1] for c in CHANGES])
def test_change_on_previous_figure(extract, text, written, subject):
    fact = extract(text)[written]
    assert fact.subject == subject and fact.metric is None


# The noun phrase a number measures, where the sentence puts it after the number.
AFTER_THE_NUMBER = [
    ("50所公办中小学、幼儿园调整为42所。", "42所", "幼儿园"),
    ("新建了一栋2500平方米的教学楼。", "一栋", "新建教学楼"),
    ("三个乡镇建立的2.2万亩优质小麦示范区。", "2.2万亩", "优质小麦示范区"),
    ("3所幼儿园预计将于七月底开工。", "3所", "幼儿园"),  # what they will do is no part of them
    # a verb after the things counted that says which of them were (as the gold writes 申报社区)
    ("全区共有46个社区申报了创建活动。", "46个", "申报社区"),
    ("近三年来，共有126名学生在各类竞赛中获奖。", "126名", "获奖学生"),
    ("今年共有3200名学生参加了夏令营活动。", "3200名", "参加学生"),
    # …or whose object says which (通过…验收), unless all of them did (全部, 均): then the figure is the whole
    ("全县已有28所学校通过市级标准化学校验收。", "28所", "通过验收学校"),
    ("全县3所学校存在D级危房。", "3所", "存在危房学校"),
    ("今年有126名学生获得国家奖学金。", "126名", "获得奖学金学生"),
    ("全区111个社区全部达标并挂牌。", "111个", "社区"),
    ("全县86所中小学均已通过义务教育均衡发展验收。", "86所", "中小学"),
    # …and what was done to them (对 + the figure), where no scope (全县, 我县) says they are all
    ("县教育局组织46个督导组，对243所学校开展专项督导。", "243所", "督导学校"),
    ("督导室对34所中小学进行了发展性督导评估。", "34所", "督导评估中小学"),
    ("县教育局又对全县42所中小学、幼儿园分别实行了对口帮扶。", "42所", "中小学"),
]


@pytest.mark.parametrize("text,written,subject", AFTER_THE_NUMBER, ids=[c[1] for c in AFTER_THE_NUMBER])
def test_subject_after_the_number(extract, text, written, subject):
    assert extract(text)[written].subject == subject


# A count of times before a verb measures what was done (ANNOTATION.md: the shortest phrase a
# reader would put in a column header); right as the scorer counts it: equal or one contains the other.
FREQUENCIES = [
    ("教研室三次召开教学工作会议。", "三次", "教学工作会议"),
    ("共有5个单位8次受到通报批评。", "8次", "通报批评"),
    ("每年组织2次培训。", "2次", "培训"),
]


@pytest.mark.parametrize("text,written,subject", FREQUENCIES, ids=[c[1] for c in FREQUENCIES])
def test_a_count_of_times_names_what_was_done(extract, text, written, subject):
    found = extract(text)[written].subject
    assert found and (subject in found or found in subject), found


# A total metric names the whole (all schools, all students), never a part singled out by a quality,
# a programme or a kind of school: (sentence, fact text, metric).
WHOLE_OR_PART = [
    ("全县共有学校45所。", "45所", "schools.total"),
    ("小规模学校（100人以下）达到47所。", "47所", None),
    ("其中，普惠性幼儿园1.28万所。", "1.28万所", None),
    ("全年招聘教师320名。", "320名", "teachers.new"),
    ("今年全县招聘了100名教师。", "100名", "teachers.new"),
    ("督导组实地察看了32所学校。", "32所", None),
    ("全县新建学校31所，改建学校17所。", "17所", None),
    ("在城区共抽检了两所中学、三所小学和一所幼儿园。", "一所", None),
    ("共排查学校126所，整改隐患312处。", "126所", None),
    ("全县中小学全面实行课后服务，参与学生达4.2万人。", "4.2万人", None),
    ("建有计算机教室2间，计算机110台，每百名学生拥有计算机6.1台。", "110台", "computers.total"),
    ("建有计算机教室2间，计算机110台，每百名学生拥有计算机6.1台。", "6.1台", "computers.per_hundred"),
    ("完成标准化学校建设27所。", "27所", None),
    ("全县在校生9.8万人。", "9.8万人", "students.total"),
    ("县财政投入教育经费5.8亿元。", "5.8亿元", "investment.total"),
    ("机关运行经费预算为186.50万元。", "186.50万元", None),  # what an office spends on itself
    ("“三公”经费预算数为45.60万元。", "45.60万元", None),
    ("生均公用经费9972元，增长25.4%。", "9972元", "funds.per_student"),  # a figure per head, no sum
    ("小学412所，招生5.6万人，在校生32.8万人。", "32.8万人", "students.primary"),
    ("初中126所，在校生15.2万人。", "15.2万人", "students.junior"),
    ("全县义务教育阶段在校生52368人，其中小学34120人、初中18248人。", "34120人", "students.primary"),
    ("学校现有在校学生1680人，较去年增加120人，其中女生812人。", "812人", None),
    ("中等职业学校15所，在校生3.6万人。", "15所", "schools.vocational"),  # vocational schools apart
    ("中等职业学校15所，在校生3.6万人。", "3.6万人", "students.vocational"),
    ("全区共有特殊教育学校685所。", "685所", None),
    ("体育、艺术专任教师分别为326人、298人。", "326人", None),  # the teachers of one subject
    ("全县专任教师3650人。", "3650人", "teachers.full_time"),
    ("全校共有教職員工86人。", "86人", "teachers.total"),
    ("全校共有教職員工86人，其中正式教師64人，代理代課教師12人。", "64人", None),  # one kind of teacher
    ("新建了一栋2500平方米的教学楼。", "一栋", None),  # built this year: no stock of buildings
    ("特殊教育招生892人，在校生5621人。", "5621人", None),
    ("全市共有幼儿园312所，在园幼儿4.2万人。", "312所", "kindergartens.total"),  # kindergartens are counted apart
    ("全市共有幼儿园312所，在园幼儿4.2万人。", "4.2万人", "students.preschool"),
    ("全县共有各级各类学校86所，其中普通高中3所，幼儿园26所。", "86所", "schools.total"),
    ("成华区28所优质学校采用对口帮扶。", "28所", None),  # schools of a quality or an award
    ("共评估验收学校9所，其中先进学校2所，合格学校7所。", "2所", None),
    ("全市共有初中学校652所。", "652所", None),  # the schools of one level
    ("全县公办中小学42所。", "42所", None),
    ("全县共投入资金2.3亿元，新建校舍4.5万平方米，维修校舍2.1万平方米。", "4.5万平方米", None),  # built this year: no stock
    ("全县共投入资金2.3亿元，新建校舍4.5万平方米，维修校舍2.1万平方米。", "2.1万平方米", "area.renovated"),
    ("全县校舍建筑面积86.5万平方米。", "86.5万平方米", "area.building"),
    ("全县教育支出12.6亿元，其中教育事业费支出9.8亿元。", "12.6亿元", "spending.education"),
    ("全县教育支出12.6亿元，其中教育事业费支出9.8亿元。", "9.8亿元", None),  # a part of the spending
    ("今年我县共有3862名考生参加高考。", "3862名", "students.examinees"),
    ("本校現有學生1,245人，教職員86人。", "86人", "teachers.total"),
    ("全年共发放学生资助资金2860万元。", "2860万元", "funds.student_aid"),  # aid to students is no investment
    ("企业家捐资助学50万元。", "50万元", "funds.donations"),
    ("全年共受理群众来信来访86件，按期办结84件。", "86件", "cases.total"),
    ("全年共受理群众来信来访86件，按期办结84件。", "84件", "cases.handled"),  # the handled part of them
    ("全县普通高中招生6520人，在校生1.92万人，毕业生6180人。", "1.92万人", "students.senior"),
    ("全县普通高中招生6520人，在校生1.92万人，毕业生6180人。", "6180人", None),
    ("全县幼儿园在园幼儿2.36万人。", "2.36万人", "students.preschool"),
    ("全县仍有3所学校未达标，缺编教师126人。", "126人", None),  # the teachers lacking are no staff
    ("其中一般公共预算拨款收入3120.5万元。", "3120.5万元", None),  # a budget's income is no investment
    ("全县中小学生师比为15.2:1。", "15.2:1", "ratio.students_per_teacher"),
    ("全市共有义务教育阶段学校1034所，其中小学712所。", "1034所", "schools.compulsory"),
    ("全区义务教育阶段在校生31250人，比上年增加1120人。", "31250人", "students.compulsory"),
    ("幼儿园教职工3.12万人，专任教师1.86万人。", "3.12万人", None),  # one level's staff
    ("小学生师比为16.2:1，初中为12.5:1。", "16.2:1", "ratio.students_per_teacher.primary"),
    ("小学生师比为16.2:1，初中为12.5:1。", "12.5:1", "ratio.students_per_teacher.junior"),
    ("全县中小学共有教学仪器设备总值2.86亿元，生均1980元。", "2.86亿元", "funds.equipment"),
    ("全县中小学共有教学仪器设备总值2.86亿元，生均1980元。", "1980元", "equipment.per_student"),  # per head
    ("学校图书馆藏书3.2万册，阅览室座位240个。", "240个", None),  # what a room holds is no room
    ("学校共有图书室1间，藏书2.8万册。", "1间", "rooms.function"),
    ("近三年来，共有126名学生在各类竞赛中获奖。", "126名", None),  # those who won, took part or applied are a part
    ("全县有5所学校入选省级特色学校。", "5所", None),
    ("全县已有28所学校通过市级标准化学校验收。", "28所", None),
    ("全县86所中小学均已通过义务教育均衡发展验收。", "86所", "schools.total"),  # all of them
    ("县教育局组织46个督导组，对243所学校开展专项督导。", "243所", None),  # those inspected
    ("共有31个社区达标“无视觉污染社区”并挂牌。", "31个", None),
    ("城区、农村学校分别有12所和20所。", "12所", None),  # the schools of one place
    ("全县建成“互联网+教育”示范学校15所。", "15所", None),  # a quoted programme name, + and all
    ("本学期共开展家访活动480人次，覆盖学生1260人。", "1260人", None),  # those reached are a part
    ("营养改善计划惠及学生23399名。", "23399名", None),
    ("全区共有46个社区申报了创建活动。", "46个", None),
    ("组织全县近50名中小学校长参加了培训。", "近50名", None),
]


@pytest.mark.parametrize("sentence,text,metric", WHOLE_OR_PART, ids=[t for _, t, _ in WHOLE_OR_PART])
def test_a_total_metric_is_the_whole_not_a_part(extract, sentence, text, metric):
    assert extract(sentence)[text].metric == metric

"""Synthetic archives for scale tests and benchmarks, each file unique.

Sparse: file i holds report (i mod 13) of the samples and a letter tag naming i, so
every file has its own sha256 while its facts are exactly those of its report.
Dense: statistics bulletins and flattened tables written from the templates below,
with numbers drawn from a seeded generator (about one fact per 20 characters), so
cost per fact, not cost per character, dominates.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

SAMPLE_FILE = Path(__file__).resolve().parent.parent / "samples" / "000_fa63da99af307c15.txt"
REPORT_MARKER = re.compile(r"^篇\d+\s*$", re.MULTILINE)


def sample_reports() -> list[str]:
    """The texts of the sample file's reports, without their `篇N` marker lines."""
    parts = REPORT_MARKER.split(SAMPLE_FILE.read_text(encoding="utf-8"))[1:]
    return [part.strip("\n") + "\n" for part in parts]


def letter_tag(number: int) -> str:
    """A digit-free name for a number, so the tag adds no fact."""
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters = chr(ord("A") + digit) + letters
        if number == 0:
            return letters


def make_corpus(dest: Path, count: int) -> list[Path]:
    """Write `count` single-report files under `dest` and return their paths."""
    reports = sample_reports()
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = dest / f"report_{number:05d}.txt"
        path.write_text(f"{reports[number % len(reports)]}\n档案标记 {letter_tag(number)}\n", encoding="utf-8")
        paths.append(path)
    return paths


# Sentences of a statistics bulletin; each {field} becomes a number drawn by `_fill`.
BULLETIN_LINES = [
    "{year}年末，全{region}共有{level}学校{n3}所，比上年减少{n1}所；在校学生{d2}万人，比上年增加{n4}人；专任教师{n4}人，师生比1:{d1}。",
    "{level}招生{n5}人，毕业生{n5}人；毛入学率{pct}%，巩固率为{pct}%，比上年提高{d1}个百分点。",
    "全年教育经费总投入{d2}亿元，其中财政性教育经费{d2}亿元，占{pct}%；生均公用经费{n4}元，增长{d1}%。",
    "校舍建筑面积{d2}万平方米，生均{d1}平方米；图书{n3}万册，计算机{n4}台，运动场地{n5}平方米。",
    "{month}月{day}日至{day2}日，{region}教育局组织{n2}个督导组，对{n3}所学校开展专项督导，历时{n1}天，检查项目{n2}项。",
    "新建校舍{n2}栋，改造薄弱学校{n2}所，投资{n4}万元；铺设塑胶跑道{n3}米，绿化面积约{n4}平方米。",
    "资助家庭经济困难学生{n5}人次，发放资助金{d2}万元；营养改善计划惠及{n5}名学生，补助标准每生每天{n1}元。",
    "{year}年{month}月，{level}教师培训{n4}人次，其中国家级培训{n3}人，省级培训{n3}人，培训时长{n2}小时。",
    "学前三年毛入园率{pct}%，普惠性幼儿园覆盖率{pct}%，幼儿园{n3}所，在园幼儿{n5}人，增长{d1}%。",
    "高考报名{n5}人，本科上线{n4}人，上线率{pct}%；体育测试合格率{pct}%，近视率下降{d1}个百分点。",
    "{region}内现有省级示范校十二所，市级示范校二十六所，县级示范校三十余所，覆盖学生约{n2}万人。",
]
TABLE_HEADERS = ["学生数(人)", "专任教师(人)", "班数(个)", "校舍面积(平方米)", "经费(万元)", "巩固率(%)", "图书(册)"]
REGIONS = ["市", "县", "区", "旗", "州"]
LEVELS = ["小学", "初中", "普通高中", "中等职业", "特殊教育", "幼儿园"]
# Prose between the figures, as bulletins have it.
CONNECTING_LINES = [
    "全{region}教育系统坚持立德树人根本任务，深化教育综合改革，推进义务教育优质均衡发展，人民群众对教育的满意度不断提高。",
    "各级各类教育协调发展，办学条件持续改善，教育公平迈出新步伐，城乡之间、校际之间的差距进一步缩小。",
    "加强教师队伍建设，完善教师培训体系，落实乡村教师生活补助政策，教师的待遇和社会地位稳步提升。",
    "注：本公报数据不含技工学校，部分数据因四舍五入的原因，分项之和与总计略有出入，以正式出版的统计资料为准。",
    "学前教育普及普惠水平持续提高，特殊教育和专门教育得到加强，职业教育产教融合、校企合作不断深化。",
]
SCHOOL_NAMES = ["第一小学", "第二小学", "实验中学", "城关中学", "民族中学", "职业中学", "育才小学", "希望小学", "第三中学", "中心小学"]


def _fill(line: str, draw: random.Random) -> str:
    """The template with each field replaced by a number (or word) of its shape."""
    values = {
        "year": lambda: str(draw.randint(2008, 2023)),
        "month": lambda: str(draw.randint(1, 12)),
        "day": lambda: str(draw.randint(1, 14)),
        "day2": lambda: str(draw.randint(15, 28)),
        "region": lambda: draw.choice(REGIONS),
        "level": lambda: draw.choice(LEVELS),
        "pct": lambda: f"{draw.uniform(60, 99.9):.1f}",
        "d1": lambda: f"{draw.uniform(1, 30):.1f}",
        "d2": lambda: f"{draw.uniform(1, 99):.2f}",
        "n1": lambda: str(draw.randint(1, 9)),
        "n2": lambda: str(draw.randint(10, 99)),
        "n3": lambda: str(draw.randint(100, 999)),
        "n4": lambda: str(draw.randint(1000, 9999)),
        "n5": lambda: str(draw.randint(10000, 99999)),
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)](), line)


def _table(draw: random.Random) -> str:
    """A flattened table: a unit line, a header of columns with units, rows of school cells."""
    columns = draw.sample(TABLE_HEADERS, 4)
    rows = [" ".join(["学校", *columns])]
    for name in draw.sample(SCHOOL_NAMES, draw.randint(4, 8)):
        cells = [str(draw.randint(10, 3000)) if "%" not in c else f"{draw.uniform(80, 100):.1f}" for c in columns]
        rows.append(" ".join([name, *cells]))
    return "单位：见各列\n" + "\n".join(rows)


def dense_report(number: int) -> str:
    """Statistics-bulletin report `number`: a title, bulletin paragraphs and a flattened table."""
    draw = random.Random(number)
    year = draw.randint(2008, 2023)
    paragraphs = [f"{year}年{draw.choice(REGIONS)}教育事业发展统计公报 {letter_tag(number)}"]
    for _ in range(draw.randint(3, 6)):
        lines = [*draw.sample(CONNECTING_LINES, 2), *draw.sample(BULLETIN_LINES, draw.randint(2, 3))]
        paragraphs.append("".join(_fill(line, draw) for line in lines))
        if draw.random() < 0.2:
            paragraphs.append(_table(draw))
    return "\n".join(paragraphs) + "\n"


def make_dense_corpus(dest: Path, count: int) -> list[Path]:
    """Write `count` dense single-report files under `dest` and return their paths."""
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = dest / f"bulletin_{number:05d}.txt"
        path.write_text(dense_report(number), encoding="utf-8")
        paths.append(path)
    return paths


def make_one_line_report(path: Path, megabytes: float) -> Path:
    """One report of `megabytes` of UTF-8: the samples' text without line breaks, repeated (as text pulled out of a PDF)."""
    line = "".join(report.replace("\n", "") for report in sample_reports())
    size = int(megabytes * 1_000_000)
    text = (line * (size // len(line.encode("utf-8")) + 1)).encode("utf-8")[:size].decode("utf-8", "ignore")
    path.write_text(text, encoding="utf-8")
    return path

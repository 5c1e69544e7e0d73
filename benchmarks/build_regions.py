"""Regenerate `extractors/data/regions.tsv`, the administrative names report identity reads.

Source: the `adcodes.csv` bundled in the PyPI package cpca (GB/T 2260 codes of the
provinces, prefectures and counties of mainland China, and the top level of Taiwan,
Hong Kong and Macau). Their subdivisions, which GB/T 2260 does not list, come from
`EXTRA` below with codes local to this table. Groupings that are not places (市辖区) are left out. Output: `code<TAB>name`, six-digit codes
sorted, one line each.

    .venv/bin/pip download cpca --no-deps -d /tmp/cpca
    .venv/bin/python benchmarks/build_regions.py /tmp/cpca/cpca-*.whl
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}  # groupings, not places
OUT = Path(__file__).resolve().parent.parent / "extractors" / "data" / "regions.tsv"
EXTRA = {
    "710000": "台湾省",
    **{f"71{i:02d}00": name for i, name in enumerate(
        ["台北市", "新北市", "桃园市", "台中市", "台南市", "高雄市", "基隆市", "新竹市", "嘉义市", "新竹县", "苗栗县", "彰化县", "南投县", "云林县", "嘉义县", "屏东县", "宜兰县", "花莲县", "台东县", "澎湖县", "金门县", "连江县"], 1)},
    **{f"8100{i:02d}": name for i, name in enumerate(
        ["中西区", "湾仔区", "东区", "南区", "油尖旺区", "深水埗区", "九龙城区", "黄大仙区", "观塘区", "荃湾区", "屯门区", "元朗区", "北区", "大埔区", "西贡区", "沙田区", "葵青区", "离岛区"], 1)},
    **{f"8200{i:02d}": name for i, name in enumerate(
        ["花地玛堂区", "圣安多尼堂区", "大堂区", "望德堂区", "风顺堂区", "嘉模堂区", "圣方济各堂区", "路氹城"], 1)},
}


def official(wheel: Path) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("cpca/resources/adcodes.csv").decode("utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {row["adcode"][:6]: row["name"] for row in rows if row["name"] not in PLACEHOLDERS}


def main(wheel: str) -> None:
    names = {**official(Path(wheel)), **EXTRA}
    OUT.write_text("".join(f"{code}\t{names[code]}\n" for code in sorted(names)), encoding="utf-8")
    print(f"{len(names)} names written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])

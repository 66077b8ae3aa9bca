"""Report metadata: title, statistical year, organ and its kind, publication date.

The title is the first line that reads like a report title (… 年 … 政府信息公开 … 报告/年报). The
organ is what the title names before the year ("县政府办"), a bare county name meaning its people's
government (建宁县 → 建宁县人民政府). The year is the one the title states, else the statistical
period the text states; never the publication year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .chrome import iso_date
from .document import Line
from .places import is_county_name
from .textnorm import clean_line, fold_width, label_key, tidy_title

# A title names a report and is not a sentence: no sentence punctuation, no book-title marks.
_TITLE_SHAPE = re.compile(r"^[^。；;，,《》]{0,50}(?:年度报告|年报|工作报告)[^。；;，,《》]{0,12}$")
_TITLE_WORDS = re.compile(r"(?:19|20)\d{2}|信息公开|政务公开")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_IN_TEXT = re.compile(r"统计(?:数据)?(?:的)?(?:时限|期限|时间|区间|周期)[^\d]{0,8}((?:19|20)\d{2})\s*年")
_ORGAN_BEFORE_YEAR = re.compile(r"^(.*?)(?:关于)?(?:19|20)\d{2}\s*年")
_ORGAN_AFTER_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年度?(.*?)(?:政府信息公开|信息公开|政务公开|政府信息)")
_BARE_PLACE = re.compile(r"^.{1,12}(?:县|区|市|旗|林区|特区)$")
_GOVERNMENT = re.compile(r"^.{0,14}(?:县|区|市|旗|林区|特区)(?:人民)?政府$|^(?:县|区|市|旗)本级$")
_OFFICE = re.compile(r"政府办|政府办公室|政府办公厅|人民政府办")
_TOWNSHIP = re.compile(r"(?:乡|镇|街道|苏木|办事处|管委会|地区办事处)(?:人民政府|政府|党委|办事处)?$")
_SIGNATURE_DATE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_TITLE_WINDOW = 15


@dataclass
class Metadata:
    title: str | None
    title_index: int | None  # where the title stands among the lines (chrome before it is dropped)
    year: int | None
    organ: str | None
    organ_kind: str | None
    published: str | None


def find_title(lines: list[Line], hint: str | None) -> tuple[str | None, int | None]:
    """The title and the index of the line that repeats it in the body (None if none does).

    A page's own title (ArticleTitle meta, h1) wins over body lines when it names a report.
    """
    def is_title(text: str) -> bool:
        return bool(_TITLE_SHAPE.search(text) and _TITLE_WORDS.search(text))

    heads = [(i, tidy_title(line.text)) for i, line in enumerate(lines[:_TITLE_WINDOW]) if not line.is_row]
    if hint and is_title(tidy_title(hint)):
        title = tidy_title(hint)
        key = label_key(title)
        return title, next((i for i, text in heads if label_key(text) == key), None)
    for i, text in heads:
        if is_title(text):
            return text, i
    for (i, first), (j, second) in pairwise(heads):  # a title broken over two lines
        if j == i + 1 and len(first) <= 40 and len(second) <= 30 and is_title(first + second):
            return first + second, i
    return (tidy_title(hint) if hint else None), None


def find_year(title: str | None, text: str) -> int | None:
    if title and (years := _YEAR_IN_TITLE.findall(fold_width(title))):
        return int(years[0])
    if m := _YEAR_IN_TEXT.search(re.sub(r"\s+", "", text[:3000])):
        return int(m.group(1))
    return None


def find_organ(title: str | None) -> str | None:
    if not title:
        return None
    title = fold_width(title)
    m = _ORGAN_BEFORE_YEAR.match(title)
    organ = m.group(1).strip() if m else ""
    if not organ and (m := _ORGAN_AFTER_YEAR.match(title)):
        organ = m.group(1).strip()
    organ = clean_line(organ).strip("《》〈〉“”\"'「」[]【】()（）:：- ")
    if not organ:
        return None
    if _BARE_PLACE.match(organ) and is_county_name(organ):
        return organ + "人民政府"  # a title naming only its county (建宁县2022年…) is the county government's
    return organ


def organ_kind(organ: str | None) -> str | None:
    if not organ:
        return None
    if _OFFICE.search(organ):
        return "government_office"
    if _GOVERNMENT.match(organ) and not _TOWNSHIP.search(organ.removesuffix("人民政府").removesuffix("政府")):
        return "government"
    if _TOWNSHIP.search(organ):
        return "township"
    return "department"


def find_signature_date(lines: list[Line]) -> str | None:
    """The date under the signature at the end of a report ("建宁县人民政府 / 2023年1月15日")."""
    for line in reversed(lines[-4:]):
        text = fold_width(line.text).strip()
        if _SIGNATURE_DATE.match(text):
            return iso_date(text)
    return None


def read_metadata(lines: list[Line], title_hint: str | None, published: str | None) -> Metadata:
    title, index = find_title(lines, title_hint)
    text = "\n".join(line.text for line in lines)
    organ = find_organ(title)
    return Metadata(
        title=title,
        title_index=index,
        year=find_year(title, text),
        organ=organ,
        organ_kind=organ_kind(organ),
        published=published or find_signature_date(lines),
    )

"""Table layouts seen in real reports that once misled the parser: never a number in the wrong row."""

from __future__ import annotations

from extract import parse_bytes

HEAD = "某某县2023年政府信息公开工作年度报告\n一、总体情况\n全年共收到政府信息公开申请7件。\n"
ACTIVE = (
    "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
    "规章\t0\t0\t0\n行政规范性文件\t2\t1\t30\n"
)


def _parse(text: str):
    return parse_bytes(text.encode())


def test_unlabelled_numbers_do_not_take_the_next_rows_label():
    # "55" has no label of its own; 行政许可 below belongs to the 0 on its own line.
    text = HEAD + ACTIVE + (
        "（其中修订16件）\n55\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\n0\n"
        "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\n4\n行政强制\n5\n"
        "第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\n1.5\n"
    )
    report = _parse(text)
    assert report.cell("active", "licensing", "decisions").value == 0
    assert report.cell("active", "penalty", "decisions").value == 4
    assert report.cell("active", "coercion", "decisions").value == 5
    assert not [c for c in report.cells if c.value == 55]
    assert any("'55' have no row label" in e for e in report.errors)


def test_header_words_before_every_row_do_not_derail_the_order():
    # An OCR/markdown conversion repeats "类别 | 数据1 … | 总计" before each row, and a blank run
    # headed 申请人情况(总计) comes first: 总计 must not claim total_handled there.
    rows = [
        ("本年新收政府信息公开申请数量", 7), ("上年结转政府信息公开申请数量", 1), ("予以公开", 5),
        ("部分公开", 1), ("1.属于国家秘密", 0), ("2.其他法律行政法规禁止公开", 0), ("3.危及“三安全一稳定”", 0),
        ("4.保护第三方合法权益", 0), ("5.属于三类内部事务信息", 0), ("6.属于四类过程性信息", 0),
        ("7.属于行政执法案卷", 0), ("8.属于行政查询事项", 0), ("1.本机关不掌握相关政府信息", 1),
        ("2.没有现成信息需要另行制作", 0), ("3.补正后申请内容仍不明确", 0), ("1.信访举报投诉类申请", 0),
        ("2.重复申请", 0), ("3.要求提供公开出版物", 0), ("4.无正当理由大量反复申请", 0),
        ("5.要求行政机关确认或重新出具已获取信息", 0), ("1.申请人无正当理由逾期不补正", 0),
        ("2.申请人逾期未按收费通知要求缴纳费用", 0), ("3.其他", 0), ("（七）总计", 7), ("四、结转下年度继续办理", 1),
    ]
    md = ["## 三、收到和处理政府信息公开申请情况", "### 申请人情况 (总计)", "| (数据项目) | 数量 |", "|---|---|",
          "| - | - |"]
    for label, n in rows:
        md += ["| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |", "|---|---|---|---|---|---|---|---|",
               f"| {label} | {n} | 0 | 0 | 0 | 0 | 0 | {n} |"]
    report = _parse(HEAD + ACTIVE + "\n".join(md) + "\n## 五、存在的主要问题及改进情况\n无。\n")
    got = {c.row: c.value for c in report.cells if c.table == "requests" and c.column == "natural_person"}
    assert got["new_received"] == 7 and got["carried_over"] == 1 and got["granted"] == 5
    assert got["unable_not_held"] == 1 and got["total_handled"] == 7 and got["carried_forward"] == 1
    statuses = {c.status for c in report.cells if c.table == "requests"}
    assert statuses == {"ok"}
    assert {c.name: c.status for c in report.checks}["requests_balance"] == "pass"


def test_label_pushed_below_its_numbers_by_a_page_break():
    text = HEAD + ACTIVE + (
        "三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n"
        "一、本年新收政府信息公开申请数量\t7\t0\t0\t0\t0\t0\t7\n二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
        "三、本年\t5\t0\t0\t0\t0\t0\t5\n（一）予以公开\n\n度办理 结果\t(二) 部分公开\t1\t0\t0\t0\t0\t0\t1\n"
    )
    report = _parse(text)
    assert report.cell("requests", "granted", "total").value == 5
    assert report.cell("requests", "partially_granted", "total").value == 1


def test_markdown_blank_cell_is_blank_not_missing():
    text = (HEAD + "二、主动公开政府信息情况\n"
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 0 |  | 3 |\n")
    cell = _parse(text).cell("active", "regulations", "repealed")
    assert (cell.value, cell.status) == (None, "blank")

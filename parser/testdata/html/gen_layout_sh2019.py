# Made fixture generator: reproduces the table LAYOUT of a real page (上海市人民政府办公厅 2019年
# 政府信息公开工作年度报告, 2019 form): value cells spanning two grid columns under headers that
# span differently, &nbsp; for blanks, 总计 left blank on most rows, 元 in a 万元 column, a
# <br> inside header labels, table 四 with blank cells. The text around the tables is made.
# Run: python3 parser/testdata/html/gen_layout_sh2019.py > parser/testdata/html/j_2019_layout_sh.html
N = "&nbsp;"
def td(v, cs=1, rs=1, p=True):
    a = (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "")
    return f'<td nowrap="nowrap"{a}><p align="center">{v}</p></td>' if p else f'<td{a}>{v}</td>'
out = ['<!-- MADE FIXTURE: the layout of a real report page (Shanghai municipal government office, 2019,',
       'old form) with made text; see gen_layout_sh2019.py. Not a copy of the page. -->',
       '<html><head><meta charset="utf-8"><title>2019年示例市人民政府办公厅政府信息公开工作年度报告</title></head><body>',
       "<p style='text-align: center;font-weight: bold;'>2019年示例市人民政府办公厅政府信息公开工作年度报告</p>",
       "<p style='text-align: center'>发布日期：2020-01-31</p>",
       "<p>一、总体情况</p><p>（一）主动公开方面</p><p>2019年，主动公开规章13件。</p>",
       "<p>二、主动公开政府信息情况</p>",
       '<table align="center" border="1" cellspacing="1"><tbody>']
def grp(label):
    out.append("<tr>" + td(label, 5) + "</tr>")
grp("第二十条第（一）项")
out.append("<tr>" + td("信息内容") + td("本年新<br />制作数量") + td("本年新<br />公开数量", 2) + td("对外公开总数量") + "</tr>")
out.append("<tr>" + td("规章") + td("13") + td("13", 2) + td("524") + "</tr>")
out.append("<tr>" + td("规范性文件") + td("60") + td("60", 2) + td("368") + "</tr>")
for label, rows in (("第二十条第（五）项", ("行政许可", "其他对外管理服务事项")), ("第二十条第（六）项", ("行政处罚", "行政强制"))):
    grp(label)
    out.append("<tr>" + td("信息内容") + td("上一年项目数量") + td("本年增/减", 2) + td("处理决定数量") + "</tr>")
    for r in rows:
        out.append("<tr>" + td(r) + td("0", 2) + td("0") + td("0") + "</tr>")
grp("第二十条第（八）项")
out.append("<tr>" + td("信息内容") + td("上一年项目数量", 2) + td("本年增/减", 2) + "</tr>")
out.append("<tr>" + td("行政事业性收费") + td("0", 2) + td("0", 2) + "</tr>")
grp("第二十条第（九）项")
out.append("<tr>" + td("信息内容") + td("采购项目数量", 2) + td("采购总金额", 2) + "</tr>")
out.append("<tr>" + td("政府集中采购") + td("6", 2) + td("251000元", 2) + "</tr>")
out.append("</tbody></table><p>三、收到和处理政府信息公开申请情况</p><table align=\"center\" border=\"1\" cellspacing=\"1\"><tbody>")
out.append("<tr>" + td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3) + td("申请人情况", 7) + "</tr>")
out.append("<tr>" + td("自然人", 1, 2) + td("法人或其他组织", 5) + td("总计", 1, 2) + "</tr>")
out.append("<tr>" + "".join(td(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")) + "</tr>")
def vals(v):
    return "".join(td(N if x is None else str(x)) for x in v)
out.append("<tr>" + td("一、本年新收政府信息公开申请数量", 3) + vals([821, 35, None, None, 2, 1, 859]) + "</tr>")
out.append("<tr>" + td("二、上年结转政府信息公开申请数量", 3) + vals([18, None, None, None, None, None, 18]) + "</tr>")
result = [("（一）予以公开", [258, 12, None, None, 1, 1, None]),
          ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [3, None, None, None, None, None, None])]
out.append("<tr>" + td("三、本年度办理结果", 1, 20) + td(result[0][0], 2) + vals(result[0][1]) + "</tr>")
out.append("<tr>" + td(result[1][0], 2) + vals(result[1][1]) + "</tr>")
groups = [("（三）不予公开", [("1.属于国家秘密", [14]), ("2.其他法律行政法规禁止公开", []), ("3.危及“三安全一稳定”", []),
                          ("4.保护第三方合法权益", []), ("5.属于三类内部事务信息", [5]), ("6.属于四类过程性信息", [3, 1]),
                          ("7.属于行政执法案卷", []), ("8.属于行政查询事项", [10, 2])]),
          ("（四）无法提供", [("1.本机关不掌握相关政府信息", [252, 12, None, None, 1]), ("2.没有现成信息需要另行制作", [44, 3]),
                          ("3.补正后申请内容仍不明确", [25])]),
          ("（五）不予处理", [("1.信访举报投诉类申请", [148, 1]), ("2.重复申请", [5, 4]), ("3.要求提供公开出版物", []),
                          ("4.无正当理由大量反复申请", []), ("5.要求行政机关确认或重新出具已获取信息", [])])]
for g, rows in groups:
    for i, (label, v) in enumerate(rows):
        v = (v + [None] * 7)[:7]
        first = td(g, 1, len(rows)) if i == 0 else ""
        out.append("<tr>" + first + td(label) + vals(v) + "</tr>")
out.append("<tr>" + td("（六）其他处理", 2) + vals([None] * 7) + "</tr>")
out.append("<tr>" + td("（七）总计", 2) + vals([767, 35, None, None, 2, 1, 805]) + "</tr>")
out.append("<tr>" + td("四、结转下年度继续办理", 3) + vals([72, None, None, None, None, None, 72]) + "</tr>")
out.append("</tbody></table><p><br />四、政府信息公开行政复议、行政诉讼情况</p><table align=\"center\" border=\"1\" cellspacing=\"1\"><tbody>")
out.append("<tr>" + td("行政复议", 5, p=False) + td("行政诉讼", 10, p=False) + "</tr>")
out.append("<tr>" + "".join(td(x, 1, 2, p=False) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")) + td("未经复议直接起诉", 5, p=False) + td("复议后起诉", 5, p=False) + "</tr>")
out.append("<tr>" + "".join(td(x, p=False) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2) + "</tr>")
appeals = [5, None, None, 2, 7, 8, None, None, 1, 9, None, None, None, None, None]
out.append("<tr>" + "".join(td(N if x is None else f"<p>{x}</p>", p=False) for x in appeals) + "</tr>")
out.append("</tbody></table><p>五、政府信息公开工作存在的主要问题及改进情况</p><p>（一）主要问题</p><p>一是理论学习仍需加强。</p>")
out.append("<p>六、其他需要报告的事项</p><p>无。</p></body></html>")
print("\n".join(out))

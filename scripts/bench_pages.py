#!/usr/bin/env python3
"""bench_pages.py — write MADE report pages for scripts/bench-parse.sh, and time pandas on them.

    python3 scripts/bench_pages.py make OUTDIR [COUNT]   write COUNT (default 300) pages
    python3 scripts/bench_pages.py pandas OUTDIR         grid every page's tables with pandas.read_html,
                                                         print wall and CPU seconds, pages, frames
    python3 scripts/bench_pages.py time CMD ARG...       run CMD (stdout discarded), print its wall and CPU seconds

The pages are MADE, not captured: each one is a made HTML fixture of parser/testdata/html (the
real rowspan/colspan layouts of the two official forms, invented agencies and values), given
another invented body name, wrapped in the chrome a portal page carries (navigation lists, the
report's closing prose, a footer) to a size drawn between 7 and 41 KB, and written as GBK bytes
(five in six with a <meta> charset, the rest left to the parser's trial decoding), as most county
portals serve them. The generator is deterministic (a fixed seed): the same COUNT gives the same
bytes, so timings taken on two machines compare the same work. Each page says it is made in a
comment on its first line.
"""
import glob
import io
import os
import random
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "parser", "testdata", "html")
MIN_SIZE, MAX_SIZE = 7 << 10, 41 << 10

PLACES = ["东城县", "西山县", "南湖区", "北原县", "青河县", "白石县", "金沙区", "长宁县", "平安县", "临江市",
          "永丰县", "安远县", "清水县", "红星区", "新华区", "龙泉县", "凤凰县", "太平县", "宁海县", "云溪区"]

NAV = ["首页", "政务公开", "政府信息公开", "政策文件", "规划计划", "财政预决算", "人事信息", "重点领域",
       "政务服务", "互动交流", "通知公告", "工作动态", "机构职能", "政府信息公开年报", "依申请公开", "政策解读"]

PROSE = [
    "五、存在的主要问题及改进情况",
    "本年度政府信息公开工作取得了一定成效，但也存在一些不足：一是主动公开的深度和广度有待拓展；二是政策解读的形式还不够丰富；三是依申请公开办理的规范化水平有待提高。",
    "下一步，我们将进一步加强组织领导，健全工作机制，加大重点领域信息公开力度，丰富政策解读形式，提升政府网站建设管理水平，不断增强政府工作透明度。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。本机关认真落实人大代表建议和政协委员提案办理结果公开工作，全年办理建议提案若干件，均按时办结并公开办理结果。",
    "根据《政府信息公开信息处理费管理办法》，本年度未发生收费情况。年度政务公开工作要点落实情况良好，各项任务均已按要求完成。",
    "本机关持续加强政府信息公开平台建设，及时更新政府信息公开指南和目录，确保公众能够方便快捷地获取政府信息。",
]

FOOTER = ("<div class=\"footer\"><p>主办单位：{place}人民政府办公室　承办单位：{place}大数据中心</p>"
          "<p>网站标识码：{code}　备案号：某ICP备{icp}号　技术支持：某某信息技术有限公司</p>"
          "<p><a href=\"#\">网站地图</a> | <a href=\"#\">联系我们</a> | <a href=\"#\">返回顶部</a></p></div>\n")

META_RE = re.compile(r"<meta[^>]*charset[^>]*>", re.I)


def fixtures():
    """The made HTML fixtures that fit under MAX_SIZE, decoded, in name order."""
    out = []
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.html"))):
        raw = open(path, "rb").read()
        if len(raw) > MAX_SIZE:
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gbk")
        out.append((os.path.basename(path)[:-5], text))
    return out


def nav_block(rnd):
    items = "".join("<li><a href=\"/col/col%d/index.html\">%s</a></li>" % (rnd.randrange(1000, 9999), rnd.choice(NAV))
                    for _ in range(rnd.randrange(8, 20)))
    return "<div class=\"nav\"><ul>%s</ul></div>\n" % items


def make_page(rnd, name, text, place, target, with_meta):
    text = text.replace("示例县", place).replace("示例市", place[:-1] + "市").replace("示例镇", place[:-1] + "镇")
    text = META_RE.sub("", text)
    # Drop the fixture's own first-line comment: the page gets its own below.
    text = re.sub(r"^<!--.*?-->\s*", "", text, flags=re.S)
    if with_meta:
        meta = rnd.choice(["<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">",
                           "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">",
                           "<meta charset=\"GBK\">"])
        text = re.sub(r"<head>", "<head>\n" + meta, text, count=1, flags=re.I)
    head = ("<!-- MADE benchmark page (not captured): fixture %s of parser/testdata/html with an invented "
            "body name and portal chrome, written by scripts/bench_pages.py -->\n") % name
    footer = FOOTER.format(place=place, code=rnd.randrange(10**9, 10**10), icp=rnd.randrange(10**7, 10**8))
    top = nav_block(rnd)
    tail = [footer]
    body_end = text.lower().rfind("</body>")
    if body_end < 0:
        body_end = len(text)
    size = lambda: len((head + top + text + "".join(tail)).encode("gbk", "xmlcharrefreplace"))
    while size() < target:
        if rnd.random() < 0.3:
            tail.insert(0, nav_block(rnd))
        else:
            tail.insert(0, "<p style=\"text-indent:2em\">%s</p>\n" % rnd.choice(PROSE))
    body_start = re.search(r"<body[^>]*>", text, re.I)
    at = body_start.end() if body_start else 0
    page = head + text[:at] + "\n" + top + text[at:body_end] + "".join(tail) + text[body_end:]
    return page.encode("gbk", "xmlcharrefreplace")


def make(outdir, count):
    rnd = random.Random(15)
    os.makedirs(outdir, exist_ok=True)
    for old in glob.glob(os.path.join(outdir, "*.html")):
        os.remove(old)
    fx = fixtures()
    total = 0
    for i in range(count):
        name, text = fx[i % len(fx)]
        place = PLACES[(i // len(fx)) % len(PLACES)]
        target = rnd.randrange(MIN_SIZE, MAX_SIZE - 1024)  # a block more may overshoot it
        page = make_page(rnd, name, text, place, target, with_meta=rnd.randrange(6) != 0)
        with open(os.path.join(outdir, "page%03d_%s.html" % (i, name)), "wb") as f:
            f.write(page)
        total += len(page)
    print("bench_pages: wrote %d made pages (%.1f MB) from %d fixtures to %s" % (count, total / 1e6, len(fx), outdir))


def pandas_grid(outdir):
    """Times pandas.read_html (lxml) turning every page's tables into data frames; prints seconds."""
    import pandas as pd  # imported here: `make` needs no pandas

    paths = sorted(glob.glob(os.path.join(outdir, "*.html")))
    pages = [open(p, "rb").read() for p in paths]
    start, cpu = time.perf_counter(), time.process_time()
    frames = 0
    for raw in pages:
        # Bytes in, decoded as GBK (what a pandas user has to say for the pages without a meta).
        frames += len(pd.read_html(io.BytesIO(raw), flavor="lxml", encoding="gbk"))
    print("%.3f %.3f %d %d" % (time.perf_counter() - start, time.process_time() - cpu, len(pages), frames))


def time_cmd(argv):
    """Wall and CPU seconds (user + system) of one command, process start and exit included; its
    output goes to /dev/null."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print("%.3f %.3f" % (wall, cpu))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 300)
    elif len(sys.argv) == 3 and sys.argv[1] == "pandas":
        pandas_grid(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "time":
        time_cmd(sys.argv[2:])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()

"""Benchmark ``meetup-kg build`` on generated corpora of 1,000 and 10,000 articles.

Run from the repository root (not part of the test suite)::

    .venv/bin/python benchmarks/bench_build.py --sizes 1000 10000

For each size it writes a corpus and measures, each from process start:

* ``meetup-kg build --jobs J`` with an empty output folder (wall time, articles/s,
  peak memory of the whole process tree sampled from /proc every 0.1 s);
* ``jieba.lcut`` over the same article bodies, single process, in this process
  (dictionary loading excluded), and the ratio build / lcut;
* a rebuild with nothing changed, a rebuild after one article changed and one
  after 1% of the articles changed (time, and how many articles were extracted again);
  an edit appends a sentence naming an organisation and a technology (varied per
  article), so that the article's record, and the graph, change;
* the size of each output file.

Corpora (``--mode``): ``realistic`` (default; ``gen_corpus.py``: the layouts of real
articles read at run time, with people, organisations, titles, dates and cities
varied per copy), ``copy`` (the same templates copied unchanged: people, talks and
events repeat, the graph stays small and caches hit) or ``synthetic`` (the older
one-layout generator below: ``## 名字：标题`` and two paragraph shapes).

Also ``meetup-kg --help`` and a build of the single example article.  Results go
to ``benchmarks/results.json`` and ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "20250704-hongkong-meetup.md"
REGISTRY = ROOT / "examples" / "openeuler-community.json"
BIN = Path(sys.executable).parent

NOTES_MARKER = "<!-- notes: kept when the benchmark is run again -->"
# the part of RESULTS.md this script writes; every other section (others' before/after
# tables, analyses) is kept as it is
BEGIN_MARKER = "<!-- bench_build.py: generated from here -->"
END_MARKER = "<!-- bench_build.py: generated up to here -->"

TARGETS = {
    "build_vs_lcut_ratio": 1.5,  # 10,000 articles, build --jobs 2 <= 1.5x jieba.lcut
    "peak_rss_mb": 2048,
    "noop_rebuild_fraction": 0.10,
    "help_s": 0.5,
    "example_build_s": 3.0,
}

# ---------------------------------------------------------------- corpus
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
) + ["欧阳", "司马", "诸葛", "上官"]
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣"
    "怡佳雪琳晨阳博文昊然梓轩子涵雨欣思远振宇明永小玥建国海涛志强晓峰嘉懿睿哲若曦一诺慧中天翔"
)
COMPANIES = (
    "华为 麒麟软件 统信软件 中国移动 中国电信 中国联通 腾讯 阿里云 字节跳动 百度 京东 美团 网易 小米 "
    "中兴通讯 浪潮 新华三 飞腾 海光 龙芯中科 兆芯 中科院软件所 清华大学 北京大学 浙江大学 上海交通大学 "
    "复旦大学 南京大学 武汉大学 华中科技大学 中山大学 香港城市大学 哈尔滨工业大学 西安电子科技大学 "
    "润和软件 中软国际 软通动力 拓维信息 九州云 青云科技 招商银行 工商银行 国家电网 南方电网"
).split()
ORG_CHARS = list("星云数智联创远航芯睿安信达通泰和恒宏盛华科鼎天启明光")
TECH = (
    "RISC-V eBPF Kubernetes Rust LLVM GCC KVM QEMU iSula secGear A-Tune StratoVirt Kuasar DPU "
    "Docker containerd PostgreSQL openGauss MySQL Redis Kafka Spark Flink Hadoop TensorFlow PyTorch "
    "MindSpore vLLM 大模型 机密计算 虚拟化 容器 内核 调度器 文件系统 编译器 国密 可信计算 异构计算 "
    "边缘计算 嵌入式 实时系统 AI 推理 云原生 服务网格 可观测性 混合部署 智能运维"
).split()
DOMAINS = "金融 电力 运营商 政务 制造 医疗 教育 交通 能源 互联网 科研 汽车".split()
CITIES = "北京 上海 深圳 杭州 南京 武汉 成都 西安 香港 长沙 广州 苏州 天津 重庆 合肥 济南 厦门 青岛".split()
TITLE_TEMPLATES = [
    "{t}在{d}行业的实践",
    "基于{t}的{u}设计与实现",
    "{t}：从入门到生产",
    "openEuler {t} 技术进展",
    "{t}与{u}的融合探索",
    "面向{d}场景的{t}优化",
    "{t}性能调优实战",
    "{t}社区发展与未来规划",
]
ROLES = ["Maintainer", "Committer", "组长", "技术专家", "架构师", "高级工程师", "教授", "博士"]


def _sig_names() -> list[str]:
    try:
        data = json.loads(REGISTRY.read_text(encoding="utf-8"))
        names = [s.get("readme_title") or s["name"] for s in data["sigs"] if not s.get("archived")]
    except (OSError, ValueError, KeyError):
        names = []
    return names or ["Kernel SIG", "Compiler SIG", "机密计算 SIG", "RISC-V SIG", "AI SIG"]


class Corpus:
    """Deterministic generator of synthetic meetup recaps with a community-sized cast."""

    def __init__(self, n: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        r = self.rng
        people: set[str] = set()
        want = max(60, n // 2)  # a community: people recur, new ones keep coming
        while len(people) < want:
            given = "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2, 2))))
            people.add(r.choice(SURNAMES) + given)
        self.people = sorted(people)
        r.shuffle(self.people)
        orgs = set(COMPANIES)
        while len(orgs) < len(COMPANIES) + max(20, n // 20):
            orgs.add(
                "".join(r.sample(ORG_CHARS, 2)) + r.choice(["科技", "软件", "信息技术", "数据"])
            )
        self.orgs = sorted(orgs)
        self.sigs = _sig_names()
        self.affil = {p: r.choice(self.orgs) for p in self.people}
        self.sig_of = {p: r.choice(self.sigs) for p in self.people}
        # Zipf-like popularity: a few regulars give many talks
        self.cum_people = _cum([1 / (i + 1) ** 0.8 for i in range(len(self.people))])
        self.cum_orgs = _cum([1 / (i + 1) for i in range(len(self.orgs))])

    def person(self) -> str:
        return self.rng.choices(self.people, cum_weights=self.cum_people)[0]

    def title(self) -> str:
        r = self.rng
        t, u = r.sample(TECH, 2)
        return r.choice(TITLE_TEMPLATES).format(t=t, u=u, d=r.choice(DOMAINS))

    def article(self, i: int) -> str:
        r = self.rng
        year = 2019 + i % 7
        month, day = 1 + r.randrange(12), 1 + r.randrange(28)
        city = r.choice(CITIES)
        host = r.choices(self.orgs, cum_weights=self.cum_orgs)[0]
        edition = f"openEuler {city} Meetup {year} 第{i}期"
        parts = [
            f"---\ntitle: '{edition} 活动回顾'\ndate: '{year}-{month:02d}-{day:02d}'\n"
            f"category: news\nauthor: 'openEuler'\n---\n",
            f"{year} 年 {month} 月 {day} 日，{edition}在{city}举行，本次活动由{host}承办。"
            f"活动汇聚了来自{r.choice(self.orgs)}、{r.choice(self.orgs)}等单位的开发者，"
            f"围绕{r.choice(TECH)}与{r.choice(TECH)}展开交流。\n",
        ]
        for _ in range(r.randint(2, 5)):
            who = self.person()
            title = self.title()
            parts.append(f"## {who}：{title}\n")
            role = r.choice(ROLES)
            sig = re.sub(r"(?i)^openeuler\s*", "", self.sig_of[who])
            para = (
                f"{self.affil[who]}{role}、openEuler {sig} {r.choice(['Maintainer', 'Committer'])}"
                f"{who}介绍了{r.choice(TECH)}在{r.choice(DOMAINS)}场景的落地情况。"
                f"他指出，{r.choice(TECH)}和{r.choice(TECH)}的结合能够显著提升系统的性能与安全性，"
                f"并分享了团队在 {r.choice(TECH)} 上的优化经验。\n"
            )
            parts.append(para)
            for _ in range(r.randint(1, 4)):
                other = self.person()
                parts.append(
                    f"在{r.choice(DOMAINS)}领域，{r.choice(self.orgs)}已经基于 {r.choice(TECH)} "
                    f"完成了规模部署。{other}来自{self.affil[other]}，补充了关于{r.choice(TECH)}"
                    f"的实践，与会者就{r.choice(TECH)}的未来方向进行了讨论。\n"
                )
            parts.append(f"![图片](./media/{i}-{r.randrange(9)}.png)\n")
        parts.append(
            f"## 活动总结\n\n本次 Meetup 得到了{host}的大力支持，欢迎更多开发者加入 openEuler 社区。\n"
        )
        return "\n".join(parts)


def _cum(weights: list[float]) -> list[float]:
    out, s = [], 0.0
    for w in weights:
        s += w
        out.append(s)
    return out


def write_corpus(folder: Path, n: int, mode: str = "realistic") -> list[Path]:
    """``n`` articles of the given ``mode`` (see the module docstring), 100 per sub-folder."""
    if mode != "synthetic":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from gen_corpus import write_corpus as generated

        return generated(folder, n, mode)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    gen = Corpus(n)
    paths = [folder / EXAMPLE.name]
    shutil.copyfile(EXAMPLE, paths[0])
    for i in range(1, n):
        p = folder / f"{i // 100:03d}" / f"meetup-{i:05d}.md"
        p.parent.mkdir(exist_ok=True)
        p.write_text(gen.article(i), encoding="utf-8")
        paths.append(p)
    return paths


def bodies(paths: list[Path]) -> list[str]:
    """Article text after the front matter."""
    out = []
    for p in paths:
        text = p.read_text(encoding="utf-8")
        m = re.match(r"---\n.*?\n---\n", text, re.S)
        out.append(text[m.end() :] if m else text)
    return out


# ---------------------------------------------------------------- measuring
def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants, from the parent links in /proc."""
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        q = todo.pop()
        out.append(q)
        todo += kids.get(q, [])
    return out


def _tree_memory(pids: list[int], pss: bool) -> tuple[int, int]:
    """(sum of RSS, sum of PSS or 0) in bytes over ``pids`` (a process tree).

    RSS comes from /proc/PID/statm (cheap); PSS from smaps_rollup, which costs
    more, so the sampler asks for it less often.  The sampler must stay light:
    on a 2-core machine it competes with the workers it measures.
    """
    page = os.sysconf("SC_PAGE_SIZE")
    rss = total_pss = 0
    for q in pids:
        try:
            rss += int(Path(f"/proc/{q}/statm").read_text().split()[1]) * page
            if pss:
                for line in Path(f"/proc/{q}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total_pss += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            pass
    return rss, total_pss


ENV = dict(os.environ)  # PYTHONPATH is set here when measuring a snapshot (--commit)


def run(cmd: list[str], sample: bool = True) -> dict:
    """Run ``cmd``; wall time from process start, peak tree memory, output."""
    peak = {"rss": 0, "pss": 0}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=ENV
    )
    stop = threading.Event()

    def sampler() -> None:
        i = 0
        pids = [proc.pid]
        while not stop.is_set():
            if i % 5 == 0:  # workers live long: find the tree every 0.5 s
                pids = _tree(proc.pid)
            rss, pss = _tree_memory(pids, pss=i % 5 == 0)
            peak["rss"] = max(peak["rss"], rss)
            peak["pss"] = max(peak["pss"], pss)
            i += 1
            stop.wait(0.1)

    th = threading.Thread(target=sampler, daemon=True)
    if sample:
        th.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    if sample:
        th.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    m = re.search(r"(\d+) articles? extracted, (\d+) from cache", err)
    return {
        "wall_s": round(wall, 3),
        "peak_rss_mb": round(peak["rss"] / 2**20, 1),
        "peak_pss_mb": round(peak["pss"] / 2**20, 1),
        "extracted": int(m.group(1)) if m else None,
        "reused": int(m.group(2)) if m else None,
        "stdout": out.strip().splitlines()[-2:] if out.strip() else [],
    }


def time_lcut(texts: list[str]) -> dict:
    """jieba.lcut over ``texts`` in this process (dictionary load timed apart)."""
    import jieba

    jieba.setLogLevel(60)
    t0 = time.perf_counter()
    jieba.initialize()
    init = time.perf_counter() - t0
    t0 = time.perf_counter()
    tokens = 0
    for t in texts:
        tokens += len(jieba.lcut(t))
    return {
        "init_s": round(init, 3),
        "lcut_s": round(time.perf_counter() - t0, 3),
        "tokens": tokens,
    }


def bench_size(n: int, work: Path, jobs: int, registry: bool, mode: str = "realistic") -> dict:
    corpus = work / f"corpus-{n}"
    out = work / f"graphs-{n}"
    t0 = time.perf_counter()
    paths = write_corpus(corpus, n, mode)
    gen_s = time.perf_counter() - t0
    texts = bodies(paths)
    chars = sum(len(t) for t in texts)
    print(f"[{n}] corpus: {n} articles, {chars:,} body chars ({gen_s:.1f} s)", flush=True)

    lcut = time_lcut(texts)
    print(f"[{n}] jieba.lcut: {lcut['lcut_s']} s", flush=True)

    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(BIN / "meetup-kg"), "build", str(corpus), "-o", str(out), "--jobs", str(jobs)]
    if registry:
        cmd += ["--registry", str(REGISTRY)]
    first = run(cmd)
    print(f"[{n}] first build: {first['wall_s']} s, {first['peak_rss_mb']} MB", flush=True)
    noop = run(cmd)
    print(f"[{n}] no-change rebuild: {noop['wall_s']} s", flush=True)
    _edit(paths[n // 2], n // 2)
    one = run(cmd)
    print(f"[{n}] rebuild after one change: {one['wall_s']} s, {one['extracted']} extracted")
    sizes = {p.suffix[1:]: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    k = max(1, n // 100)
    for i, p in enumerate(paths[:: n // k][:k]):
        _edit(p, i)
    pct = run(cmd)
    print(f"[{n}] rebuild after 1% changed: {pct['wall_s']} s, {pct['extracted']} extracted")
    return {
        "mode": mode,
        "output_bytes": sizes,
        "pct_change_rebuild": pct,
        "articles": n,
        "body_chars": chars,
        "jobs": jobs,
        "registry": registry,
        "build": first,
        "articles_per_s": round(n / first["wall_s"], 1),
        "jieba": lcut,
        "build_vs_lcut_ratio": round(first["wall_s"] / lcut["lcut_s"], 2),
        "noop_rebuild": noop,
        "noop_rebuild_fraction": round(noop["wall_s"] / first["wall_s"], 3),
        "one_change_rebuild": one,
    }


def _edit(path: Path, i: int) -> None:
    """Append a sentence that changes the article's record (a sentence without names,
    such as a group photo, leaves the record, and the graph, as they were)."""
    name = (
        SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 3 + 1) % len(GIVEN)]
    )
    org, tech = COMPANIES[i % len(COMPANIES)], TECH[(i * 5) % len(TECH)]
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\n会后，{name}（{org}）分享了 {tech} 在生产环境中的实践。\n")


def bench_startup(work: Path, repeat: int = 5) -> dict:
    helps = [run([str(BIN / "meetup-kg"), "--help"], sample=False)["wall_s"] for _ in range(repeat)]
    one = work / "example"
    one.mkdir(exist_ok=True)
    shutil.copyfile(EXAMPLE, one / EXAMPLE.name)
    builds = []
    for i in range(3):
        out = work / f"example-graphs-{i}"
        shutil.rmtree(out, ignore_errors=True)  # no record cache: a real first build
        builds.append(run([str(BIN / "meetup-kg"), "build", str(one), "-o", str(out)])["wall_s"])
    return {
        "help_s": statistics.median(helps),
        "help_runs_s": helps,
        "example_build_s": statistics.median(builds),
        "example_build_runs_s": builds,
    }


# ---------------------------------------------------------------- report
def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def markdown(res: dict) -> str:
    env, st = res["environment"], res["startup"]
    tgt = res["targets"]
    lines = [
        "# Build benchmark",
        "",
        f"`{res['command']}` — commit {env['commit'][:10]}{' (dirty tree)' if env['dirty'] else ''}, "
        f"{env['cpus']} CPUs, Python {env['python']}, {env['date']}; load average "
        f"{env['loadavg_at_start'][0]} at start, {env.get('loadavg_at_end', ['?'])[0]} at end "
        "(other work on the machine slows every number here).",
        "Times are wall-clock from process start; memory is the peak over the whole process",
        "tree (parent, forkserver and workers), sampled every 0.1 s (PSS every 0.5 s): RSS summed",
        "over processes (shared pages counted in each) and PSS (shared pages split between them).",
        "",
        "| articles | build s | articles/s | peak RSS MB (PSS) | jieba.lcut s | build / lcut "
        "| no-change rebuild s (of first) | one-change rebuild s (re-extracted) "
        "| 1% changed rebuild s (of first) | JSON MB (KB/article) | GraphML MB | HTML MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in res["sizes"]:
        b, no, one = s["build"], s["noop_rebuild"], s["one_change_rebuild"]
        lines.append(
            f"| {s['articles']:,} | {b['wall_s']:.1f} | {s['articles_per_s']:.0f} "
            f"| {b['peak_rss_mb']:.0f} ({b['peak_pss_mb']:.0f}) | {s['jieba']['lcut_s']:.1f} "
            f"| {s['build_vs_lcut_ratio']:.2f} | {no['wall_s']:.2f} ({s['noop_rebuild_fraction']:.0%}) "
            f"| {one['wall_s']:.2f} ({one['extracted']}) {_pct(s)} {_sizes(s)}"
        )
    lines += [
        "",
        f"`meetup-kg --help`: {st['help_s']:.2f} s (median of {len(st['help_runs_s'])}); "
        f"build of the single example article: {st['example_build_s']:.2f} s "
        f"(median of {len(st['example_build_runs_s'])}, empty output folder, jieba's "
        "dictionary cache already written).",
        "",
        "## Targets",
        "",
        "| target | value | met |",
        "|---|---:|:---:|",
    ]
    for t in tgt.values():
        lines.append(f"| {t['what']} | {t['value']} | {'yes' if t['met'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def _pct(s: dict) -> str:
    """The 1%-changed rebuild's cell (absent from results of older runs)."""
    p = s.get("pct_change_rebuild")
    if not p:
        return "| - "
    return f"| {p['wall_s']:.1f} ({p['wall_s'] / s['build']['wall_s']:.0%}) "


def _sizes(s: dict) -> str:
    """The output sizes' cells."""
    b = s.get("output_bytes") or {}
    mb = lambda k: f"{b[k] / 2**20:.1f}" if k in b else "-"  # noqa: E731
    per = f" ({b['json'] / 1024 / s['articles']:.1f})" if "json" in b else ""
    return f"| {mb('json')}{per} | {mb('graphml')} | {mb('html')} |"


def targets(res: dict) -> dict:
    out = {}
    big = max(res["sizes"], key=lambda s: s["articles"]) if res["sizes"] else None
    if big:
        n = f"{big['articles']:,} articles"
        out["ratio"] = {
            "what": f"{n}: build --jobs {big['jobs']} <= {TARGETS['build_vs_lcut_ratio']}x jieba.lcut",
            "value": f"{big['build_vs_lcut_ratio']:.2f}x",
            "met": big["build_vs_lcut_ratio"] <= TARGETS["build_vs_lcut_ratio"],
        }
        peak = max(s["build"]["peak_rss_mb"] for s in res["sizes"])
        out["memory"] = {
            "what": f"peak memory (summed RSS) < {TARGETS['peak_rss_mb']} MB",
            "value": f"{peak:.0f} MB",
            "met": peak < TARGETS["peak_rss_mb"],
        }
        frac = max(s["noop_rebuild_fraction"] for s in res["sizes"])
        out["noop"] = {
            "what": f"no-change rebuild < {TARGETS['noop_rebuild_fraction']:.0%} of first build",
            "value": f"{frac:.1%}",
            "met": frac < TARGETS["noop_rebuild_fraction"],
        }
        ones = [s["one_change_rebuild"]["extracted"] for s in res["sizes"]]
        out["one_change"] = {
            "what": "rebuild after one change re-extracts 1 article",
            "value": ", ".join(str(x) for x in ones),
            "met": all(x == 1 for x in ones),
        }
    st = res["startup"]
    out["help"] = {
        "what": f"meetup-kg --help < {TARGETS['help_s']} s",
        "value": f"{st['help_s']:.2f} s",
        "met": st["help_s"] < TARGETS["help_s"],
    }
    out["example"] = {
        "what": f"example build < {TARGETS['example_build_s']} s",
        "value": f"{st['example_build_s']:.2f} s",
        "met": st["example_build_s"] < TARGETS["example_build_s"],
    }
    return out


def _merged(md: Path, table: str) -> str:
    """``md``'s text with the generated part replaced by ``table``: between the begin and
    end markers when it has them; else, in a file of the older layout, everything
    before the notes marker (hand-written analysis below it survives a re-run)."""
    block = f"{BEGIN_MARKER}\n{table}{END_MARKER}\n"
    if not md.exists():
        return block
    old = md.read_text(encoding="utf-8")
    if BEGIN_MARKER in old and END_MARKER in old:
        head, rest = old.split(BEGIN_MARKER, 1)
        return head + block + "\n" + rest.split(END_MARKER, 1)[1].lstrip("\n")
    if NOTES_MARKER in old:
        return block + "\n" + NOTES_MARKER + old.split(NOTES_MARKER, 1)[1]
    return block


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--registry", action="store_true", help="build with the openEuler registry")
    ap.add_argument(
        "--mode",
        choices=("realistic", "copy", "synthetic"),
        default="realistic",
        help="how the corpus is made (see above; default: realistic)",
    )
    ap.add_argument("--workdir", type=Path, help="where corpora go (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora")
    ap.add_argument(
        "--commit",
        help="measure this commit's extractor/ (e.g. HEAD) instead of the working tree, so "
        "edits made during the run neither change the code measured nor the cache fingerprint",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    ap.add_argument("--md", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = ap.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="meetup-kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    commit = _git("rev-parse", args.commit or "HEAD")
    dirty = not args.commit and bool(_git("status", "--porcelain", "--", "extractor"))
    if args.commit:
        snap = work / "src"
        snap.mkdir(exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", commit, "extractor"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(snap)], input=archive, check=True)
        # a regular package on PYTHONPATH is found before the editable install's finder
        ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(snap), ENV.get("PYTHONPATH")]))
    try:
        res: dict = {
            "command": "python benchmarks/bench_build.py "
            + " ".join(["--sizes", *map(str, args.sizes), "--jobs", str(args.jobs)])
            + (" --registry" if args.registry else "")
            + (f" --mode {args.mode}" if args.mode != "realistic" else "")
            + (f" --commit {args.commit}" if args.commit else ""),
            "environment": {
                "commit": commit,
                "dirty": dirty,
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
            },
            "startup": bench_startup(work),
        }
        print(f"startup: {res['startup']}", flush=True)
        res["sizes"] = [
            bench_size(n, work, args.jobs, args.registry, args.mode) for n in args.sizes
        ]
        res["targets"] = targets(res)
        res["environment"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    args.md.write_text(_merged(args.md, markdown(res)), encoding="utf-8")
    print(markdown(res))


if __name__ == "__main__":
    main()

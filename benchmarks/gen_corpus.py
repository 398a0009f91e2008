"""A realistic benchmark corpus: real article layouts, with new people, organisations,
talk titles, dates and cities in every copy.

Run from the repository root (bench_build.py calls it; alone it writes a corpus)::

    .venv/bin/python benchmarks/gen_corpus.py OUT_DIR --size 1000 [--mode realistic|copy]

Templates are read at run time, never stored in this repository: the development
corpus in ``../shared/corpus/dev`` with its gold records (``dev-gold``) when it is
there, the synthetic ``tests/unseen`` sets and ``tests/golden`` articles, and the
bundled example article.  A template's gold record (or, without one, the record the
extractor gives it) names the strings to vary: people, organisations, talk titles,
cities.  Each copy keeps the template's layout (headings, label lines, tables,
captions, front matter) and replaces

* every person by an invented name (surname + given name from general lists, Latin
  names for Latin ones), drawn from a community cast with Zipf-like popularity, so
  that people recur across articles as in a real community and new ones keep coming;
* every organisation by one from a general list of companies and universities (plus
  invented ones as the corpus grows);
* every talk title by a generated one; every city by another city;
* every date by one shifted by a whole number of years and months.

``--mode copy`` copies the templates unchanged, round robin, under new file names
(the old, flattering way: the same people, talks and events recur).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Template", "templates", "RealisticCorpus", "write_corpus"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
) + ["欧阳", "司马", "诸葛", "上官"]
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣"
    "怡佳雪琳晨阳博文昊然梓轩子涵雨思远振建国海志晓峰嘉懿睿哲若曦一诺慧天翔"
)
LATIN_GIVEN = (
    "Alex Anna Ben Chris David Emma Eric Frank Grace Helen Ivan Jack Jason Kevin Lily Lucas "
    "Maria Mark Nina Oscar Paul Peter Rachel Sam Sophie Tom Victor Wendy Yuki Zoe"
).split()
LATIN_SURNAMES = (
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo "
    "Smith Brown Miller Garcia Kim Tanaka Sato Nguyen Müller Rossi Dubois Silva"
).split()
COMPANIES = (
    "华为 麒麟软件 统信软件 中国移动 中国电信 中国联通 腾讯 阿里云 字节跳动 百度 京东 美团 网易 小米 "
    "中兴通讯 浪潮 新华三 飞腾 海光 龙芯中科 兆芯 中科院软件所 清华大学 北京大学 浙江大学 上海交通大学 "
    "复旦大学 南京大学 武汉大学 华中科技大学 中山大学 香港城市大学 哈尔滨工业大学 西安电子科技大学 "
    "润和软件 中软国际 软通动力 拓维信息 九州云 青云科技 招商银行 工商银行 国家电网 南方电网 "
    "蚂蚁集团 快手 滴滴 携程 哔哩哔哩 联想 vivo OPPO 荣耀 中国科学院 国防科技大学 电子科技大学"
).split()
LATIN_COMPANIES = (
    "Intel AMD Arm NVIDIA IBM Google Microsoft Oracle Cisco VMware SUSE Ericsson Nokia Samsung "
    "Red Hat Canonical Alibaba Tencent ByteDance Huawei Xiaomi Lenovo PingCAP Zilliz StreamNative"
).split(" ")
ORG_CHARS = list("星云数智联创远航芯睿安信达通泰和恒宏盛科鼎天启明光")
ORG_SUFFIXES = ["科技", "软件", "信息技术", "数据", "网络科技", "智能"]
TECH = (
    "RISC-V eBPF Kubernetes Rust LLVM GCC KVM QEMU DPU Docker containerd PostgreSQL MySQL "
    "Redis Kafka Spark Flink Hadoop TensorFlow PyTorch vLLM 大模型 机密计算 虚拟化 容器 内核 "
    "调度器 文件系统 编译器 国密 可信计算 异构计算 边缘计算 嵌入式 实时系统 AI 推理 云原生 服务网格 "
    "可观测性 混合部署 智能运维 数据湖 向量数据库 分布式存储 网关 微服务"
).split()
DOMAINS = "金融 电力 运营商 政务 制造 医疗 教育 交通 能源 互联网 科研 汽车 游戏 零售".split()
TITLE_TEMPLATES = [
    "{t}在{d}行业的实践",
    "基于{t}的{u}设计与实现",
    "{t}：从入门到生产",
    "{t} 技术进展与路线图",
    "{t}与{u}的融合探索",
    "面向{d}场景的{t}优化",
    "{t}性能调优实战",
    "{t}社区发展与未来规划",
    "{d}行业{t}落地经验分享",
    "深入解读 {t}",
]
CITIES = (
    "北京 上海 深圳 杭州 南京 武汉 成都 西安 香港 长沙 广州 苏州 天津 重庆 合肥 济南 厦门 青岛 "
    "大连 沈阳 郑州 福州 昆明 南宁 贵阳 太原 石家庄 哈尔滨 长春 无锡 宁波 东莞 珠海 佛山 南昌 兰州"
).split()
_DATE = re.compile(
    r"(?<!\d)(20[0-3]\d)(?:(年)(\d{1,2})(月)|([-/.])(\d{1,2})(?=[-/.]\d))"
    r"|(?<![\d年])(\d{1,2})(月)(\d{1,2})(日|号)"
)
_FILE_DATE = re.compile(r"(?<!\d)(20[0-3]\d)([01]\d)([0-3]\d)(?!\d)")


@dataclass(frozen=True)
class Template:
    """One article's text and the strings that a copy replaces."""

    doc: str  # path relative to its corpus folder
    text: str
    people: tuple[str, ...]
    orgs: tuple[str, ...]
    titles: tuple[str, ...]
    cities: tuple[str, ...]


def _gold_pairs() -> list[tuple[Path, Path, Path | None]]:
    """(corpus folder, article, gold record or None) for every template source found."""
    out: list[tuple[Path, Path, Path | None]] = []
    sources = [(SHARED / "dev", SHARED / "dev-gold")]
    for s in sorted((ROOT / "tests" / "unseen").glob("set*-corpus")):
        sources.append((s, s.with_name(s.name.replace("-corpus", "-gold"))))
    sources.append((ROOT / "tests" / "golden", ROOT / "tests" / "golden"))
    for corpus, gold in sources:
        if not corpus.is_dir():
            continue
        for md in sorted(corpus.rglob("*.md")):
            rel = md.relative_to(corpus)
            g = gold / rel.with_suffix(".json")
            out.append((corpus, md, g if g.is_file() else None))
    example = ROOT / "examples" / "20250704-hongkong-meetup.md"
    out.append((example.parent, example, None))
    return out


def _names_of(rec: dict) -> tuple[set[str], set[str], set[str], set[str]]:
    """People, organisations, talk titles and cities named by a (gold) record."""
    people: set[str] = set()
    orgs: set[str] = set()
    titles: set[str] = set()
    cities: set[str] = set()
    for e in rec.get("entities") or ():
        name = e.get("name") or ""
        if e.get("type") == "Person":
            people.add(name)
            people.update(e.get("aliases") or ())
        elif e.get("type") == "Organization":
            orgs.add(name)
        elif e.get("type") == "Location" and name in CITIES:
            cities.add(name)
    for t in rec.get("talks") or ():
        titles.add(t.get("title") or "")
        titles.update(t.get("title_aliases") or ())
        people.update(t.get("speakers") or ())
    ev = rec.get("event") or {}
    orgs.update(ev.get("organizers") or ())
    if ev.get("city"):
        cities.add(ev["city"])
    for r in rec.get("relations") or ():
        if r.get("type") == "affiliated_with":
            orgs.add(r.get("target") or "")
    return people, orgs, titles, cities


def templates(extract_missing: bool = True) -> list[Template]:
    """Every template article found (see the module docstring), in a fixed order."""
    out = []
    for corpus, md, gold in _gold_pairs():
        text = md.read_text(encoding="utf-8", errors="replace")
        if gold is not None:
            rec = json.loads(gold.read_text(encoding="utf-8"))
        elif extract_missing:
            from extractor.pipeline import extract_file

            r = extract_file(md, corpus)
            rec = r.to_dict() if hasattr(r, "to_dict") else {}
        else:
            rec = {}
        people, orgs, titles, cities = _names_of(rec)
        # a name the article does not contain verbatim cannot be replaced
        out.append(
            Template(
                doc=str(md.relative_to(corpus)),
                text=text,
                people=_present(people, text),
                orgs=_present(orgs, text),
                titles=_present(titles, text, 4),
                cities=_present(cities, text),
            )
        )
    return out


def _present(names: set[str], text: str, shortest: int = 2) -> tuple[str, ...]:
    """The names ``text`` contains verbatim (others cannot be replaced), sorted."""
    return tuple(sorted(x for x in names if len(x) >= shortest and x in text))


def _cum(weights: list[float]) -> list[float]:
    out, s = [], 0.0
    for w in weights:
        s += w
        out.append(s)
    return out


class RealisticCorpus:
    """Deterministic copies of the templates with a community-sized cast (see the module
    docstring)."""

    def __init__(self, n: int, seed: int = 7, tpls: list[Template] | None = None) -> None:
        self.rng = r = random.Random(seed)
        self.templates = tpls if tpls is not None else templates()
        people: set[str] = set()
        want = max(200, n * 2)  # a community: people recur, new ones keep coming
        while len(people) < want:
            given = "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2, 2))))
            people.add(r.choice(SURNAMES) + given)
        self.people = sorted(people)
        r.shuffle(self.people)
        self.latin_people = sorted({f"{g} {s}" for g in LATIN_GIVEN for s in LATIN_SURNAMES})
        r.shuffle(self.latin_people)
        orgs = set(COMPANIES)
        # (two characters and a suffix make only so many names: 3,600; past ~27,000
        # articles the wish for n / 10 would loop forever, so it stops at 3/4 of them)
        chars = len(set(ORG_CHARS))
        pool = chars * (chars - 1) * len(set(ORG_SUFFIXES))
        while len(orgs) < len(COMPANIES) + min(max(40, n // 10), pool * 3 // 4):
            orgs.add("".join(r.sample(ORG_CHARS, 2)) + r.choice(ORG_SUFFIXES))
        self.orgs = sorted(orgs)
        r.shuffle(self.orgs)
        self.cum_people = _cum([1 / (i + 1) ** 0.8 for i in range(len(self.people))])
        self.cum_latin = _cum([1 / (i + 1) ** 0.8 for i in range(len(self.latin_people))])
        self.cum_orgs = _cum([1 / (i + 1) for i in range(len(self.orgs))])

    def _person(self, latin: bool) -> str:
        if latin:
            return self.rng.choices(self.latin_people, cum_weights=self.cum_latin)[0]
        return self.rng.choices(self.people, cum_weights=self.cum_people)[0]

    def _org(self, latin: bool) -> str:
        if latin:
            return self.rng.choice(LATIN_COMPANIES)
        return self.rng.choices(self.orgs, cum_weights=self.cum_orgs)[0]

    def _title(self) -> str:
        r = self.rng
        t, u = r.sample(TECH, 2)
        return r.choice(TITLE_TEMPLATES).format(t=t, u=u, d=r.choice(DOMAINS))

    def article(self, i: int) -> tuple[str, str]:
        """(file name, text) of copy ``i``."""
        r = self.rng
        tpl = self.templates[i % len(self.templates)]
        repl: dict[str, str] = {}
        used: set[str] = set()
        for name in tpl.people:
            latin = name.isascii()
            new = self._person(latin)
            for _ in range(5):  # two people of one article stay two people
                if new not in used:
                    break
                new = self._person(latin)
            used.add(new)
            repl[name] = new
        for name in tpl.orgs:
            repl[name] = self._org(name.isascii())
        for name in tpl.titles:
            repl[name] = self._title()
        for name in tpl.cities:
            repl[name] = r.choice(CITIES)
        text = tpl.text
        if repl:
            # longest first: a title holding a name is replaced whole
            pattern = re.compile("|".join(map(re.escape, sorted(repl, key=len, reverse=True))))
            text = pattern.sub(lambda m: repl[m.group(0)], text)
        years, months = r.randrange(-4, 3), r.randrange(12)
        text = _DATE.sub(lambda m: _shift(m, years, months), text)
        stem = _FILE_DATE.sub(
            lambda m: f"{int(m[1]) + years}{(int(m[2]) - 1 + months) % 12 + 1:02d}{m[3]}",
            Path(tpl.doc).stem,
        )
        return f"{i // 100:03d}/{i:05d}-{stem}.md", text


def _shift(m: re.Match, years: int, months: int) -> str:
    """A date moved by ``years`` and ``months`` (days kept; month wraps without carry)."""
    if m[1]:
        year = int(m[1]) + years
        if m[2]:
            month = (int(m[3]) - 1 + months) % 12 + 1
            return f"{year}{m[2]}{month}{m[4]}"
        month = (int(m[6]) - 1 + months) % 12 + 1
        return f"{year}{m[5]}{month:0{len(m[6])}d}"
    month = (int(m[7]) - 1 + months) % 12 + 1
    return f"{month}{m[8]}{m[9]}{m[10]}"


def write_corpus(folder: Path, n: int, mode: str = "realistic", seed: int = 7) -> list[Path]:
    """Write ``n`` articles into ``folder`` (emptied first), 100 per sub-folder; their paths."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    tpls = templates()
    gen = RealisticCorpus(n, seed, tpls) if mode == "realistic" else None
    paths = []
    for i in range(n):
        if gen is not None:
            rel, text = gen.article(i)
        else:
            tpl = tpls[i % len(tpls)]
            rel, text = f"{i // 100:03d}/{i:05d}-{Path(tpl.doc).stem}.md", tpl.text
        p = folder / rel
        p.parent.mkdir(exist_ok=True)
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--mode", choices=("realistic", "copy"), default="realistic")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    paths = write_corpus(args.out, args.size, args.mode, args.seed)
    chars = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles, {chars / 2**20:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()

"""A synthetic corpus of the bundled genre: Chinese news reports on industrial clusters, deterministic.

Every document is drawn from ``random.Random(f"{seed}:{i}")``, so document ``i`` is the same
whatever ``--docs`` is (the 50-document corpus is the first 50 of the 1,000) and the same seed
always gives the same bytes. The names come from one "world" per seed: cities with their
districts, industries, brands, and the clusters, parks, platforms, companies, actions and
policies composed from them; documents pick them with Zipf-like weights, so a few recur in many
documents (as 青岛市 and 智能家电 do) and the long tail keeps adding new entities as the corpus
grows. Documents carry what extraction has to cope with in the bundled files:

- enumerations before a shared head (``集成电路、虚拟现实、人工智能等8个新兴产业园区``);
- indicators with years, units, 万/亿 and qualifiers (``到2025年…达到1.43万亿元``, ``增长6.5%左右``,
  ``突破五百亿元``), some in Chinese numerals;
- newspaper-PDF layout noise: lines broken mid-word at a column width, spaced digits
  (``2 0 2 5 年``), full-width digits (``６.５％``), a heading set vertically one character per line;
- GB18030 files beside UTF-8 ones.

Run: ``python benchmarks/gen_corpus.py --docs 1000 --seed 1 -o DIR`` (writes DIR/NNNN_hash.txt and
DIR/manifest.json in the format of ``data/corpus/manifest.json``). As a module:
``write_corpus(folder, docs, seed)`` or ``document(i, seed)``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: City -> (province, districts).
CITIES = {
    "青岛市": ("山东省", ("黄岛区", "即墨区", "城阳区", "崂山区", "李沧区", "胶州市", "平度市", "莱西市")),
    "济南市": ("山东省", ("历下区", "历城区", "章丘区", "长清区")),
    "烟台市": ("山东省", ("芝罘区", "福山区", "莱山区", "龙口市")),
    "潍坊市": ("山东省", ("奎文区", "寿光市", "高密市", "诸城市")),
    "宁波市": ("浙江省", ("鄞州区", "北仑区", "镇海区", "慈溪市")),
    "杭州市": ("浙江省", ("余杭区", "萧山区", "滨江区", "临平区")),
    "温州市": ("浙江省", ("瓯海区", "乐清市", "瑞安市")),
    "无锡市": ("江苏省", ("梁溪区", "新吴区", "江阴市", "宜兴市")),
    "苏州市": ("江苏省", ("昆山市", "吴江区", "相城区", "常熟市")),
    "常州市": ("江苏省", ("武进区", "新北区", "溧阳市")),
    "合肥市": ("安徽省", ("蜀山区", "包河区", "肥西县", "庐江县")),
    "成都市": ("四川省", ("双流区", "郫都区", "新都区", "龙泉驿区")),
    "武汉市": ("湖北省", ("江夏区", "蔡甸区", "东西湖区", "汉阳区")),
    "西安市": ("陕西省", ("雁塔区", "长安区", "高陵区")),
    "长沙市": ("湖南省", ("岳麓区", "雨花区", "望城区", "浏阳市")),
    "郑州市": ("河南省", ("金水区", "中牟县", "新郑市")),
    "厦门市": ("福建省", ("海沧区", "集美区", "翔安区")),
    "佛山市": ("广东省", ("顺德区", "南海区", "三水区")),
    "深圳市": ("广东省", ("南山区", "宝安区", "龙岗区", "光明区")),
    "东莞市": ("广东省", ("松山湖", "长安镇", "虎门镇")),
}
#: Industry, English name.
INDUSTRIES = (
    ("智能家电", "smart home appliances"), ("集成电路", "integrated circuits"), ("新型显示", "new displays"),
    ("虚拟现实", "virtual reality"), ("人工智能", "artificial intelligence"), ("生物医药", "biomedicine"),
    ("医疗器械", "medical devices"), ("新能源汽车", "new energy vehicles"), ("轨道交通装备", "rail transit equipment"),
    ("船舶与海工装备", "ships and offshore equipment"), ("高端化工", "high-end chemicals"), ("新材料", "new materials"),
    ("纺织服装", "textiles and apparel"), ("食品饮料", "food and beverages"), ("工业母机", "machine tools"),
    ("机器人", "robotics"), ("储能", "energy storage"), ("氢能", "hydrogen energy"), ("光伏", "photovoltaics"),
    ("动力电池", "power batteries"), ("低空经济", "low-altitude economy"), ("软件和信息服务", "software and IT services"),
    ("高端装备", "high-end equipment"), ("海洋生物医药", "marine biomedicine"), ("半导体", "semiconductors"),
    ("仪器仪表", "instruments"), ("橡胶", "rubber"), ("节能环保", "energy saving"), ("量子信息", "quantum information"),
    ("数字孪生", "digital twins"),
)
#: Syllables of brand names: two of them make 鑫瑞, 华泰, 卓越...
BRAND_CHARS = "华泰金鑫瑞德兴盛源丰宏达新通光明龙凤嘉恒远康宁永文博宇星辰云天中信卓越正和美汇聚润益昌晟睿思创科智芯蓝沧泉石峰松柏湾港海瀚浩"
COMPANY_SUFFIXES = ("集团", "股份有限公司", "科技有限公司", "集团有限公司", "智能科技股份有限公司")
PARK_HEADS = ("产业园", "产业园区", "产业基地", "特色产业园", "科技园", "生产基地")
PLATFORM_FORMS = ("国家{ind}创新中心", "{city}{ind}实验室", "{ind}产业技术创新中心", "{brand}工业互联网平台",
                  "{city}{ind}公共服务平台", "“{brand}”智算中心")
ACTION_FORMS = ("{ind}产业倍增行动", "{ind}产业链提升工程", "“{brand}”赋能行动", "{city2}制造业数字化转型行动",
                "{ind}领航企业培育工程", "专精特新企业梯度培育工程")
POLICY_FORMS = ("《{city}关于加快{ind}产业高质量发展的若干措施》", "《{city}{ind}产业发展三年行动计划（{y}—{y2}年）》",
                "《关于推动{ind}产业集群发展的实施意见》", "《{province}制造业高质量发展{y2}年行动方案》")
SOURCES = (("{city}日报", "{city}日报社"), ("{city}工业和信息化局官网", "{city}工业和信息化局"),
           ("{province}新闻网", "{province}新闻网"), ("经济参考报", "经济参考报社"))
FAMILY = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林"
GIVEN = "欣伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
DIGITS_FULL = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
CN_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    encoding: str
    meta: dict


def _zipf(rng: random.Random, items: list, s: float = 1.1):
    """One of ``items``, the first ones much more often (weights 1/rank**s)."""
    weights = _weights(len(items), s)
    return rng.choices(items, cum_weights=weights)[0]


@cache
def _weights(n: int, s: float) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank**s
        out.append(total)
    return out


def _distinct_sounds(names: list[str]) -> list[str]:
    """Keep one name per pinyin: 兴源 and 星源 would get the same IRI (``graph.iris.slug``), and a
    build that states two Chinese labels for one entity is refused by the shapes."""
    from graph.iris import slug

    kept: dict[str, str] = {}
    for name in names:
        kept.setdefault(slug(name), name)
    return sorted(kept.values())


@dataclass(frozen=True)
class World:
    """The names every document of one seed draws from, in Zipf order (common first)."""

    cities: list[str]
    industries: list[tuple[str, str]]
    brands: list[str]
    companies: list[str]
    clusters: list[str]
    parks: list[str]
    platforms: list[str]
    actions: list[str]
    policies: list[str]


@cache
def world(seed: int) -> World:
    rng = random.Random(f"{seed}:world")
    cities = list(CITIES)
    rng.shuffle(cities)
    cities.remove("青岛市")
    cities.insert(0, "青岛市")  # the bundled corpus's city stays the commonest
    industries = list(INDUSTRIES)
    rng.shuffle(industries)
    brands = sorted({rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS) for _ in range(900)})
    brands = _distinct_sounds([b for b in brands if b[0] != b[1]])
    rng.shuffle(brands)

    def place() -> tuple[str, str, str]:
        city = _zipf(rng, cities, 0.8)
        district = rng.choice(CITIES[city][1])
        return city, district, _zipf(rng, industries, 0.7)[0]

    companies = []
    for brand in brands[:600]:
        city = _zipf(rng, cities, 0.8)
        form = rng.random()
        short = city[:-1] if form < 0.3 else ""
        companies.append(f"{short}{brand}{rng.choice(COMPANY_SUFFIXES)}")
    clusters, parks, platforms, actions, policies = set(), set(), set(), set(), set()
    for _ in range(260):
        city, district, ind = place()
        clusters.add(rng.choice((f"{ind}产业集群", f"{city[:-1]}{ind}产业集群", f"{ind}先进制造业集群")))
        parks.add(f"{rng.choice((city[:-1], district[:-1], rng.choice(brands)))}{ind}{rng.choice(PARK_HEADS)}")
        platforms.add(rng.choice(PLATFORM_FORMS).format(ind=ind, city=city[:-1], brand=rng.choice(brands)))
        actions.add(rng.choice(ACTION_FORMS).format(ind=ind, brand=rng.choice(brands), city2=city[:-1]))
        y = rng.choice((2021, 2022, 2023, 2024))
        policies.add(rng.choice(POLICY_FORMS).format(city=city, ind=ind, y=y, y2=y + 2,
                                                     province=CITIES[city][0]))
    order = lambda names: rng.sample(sorted(names), len(names))  # noqa: E731 - a shuffled copy
    return World(cities, industries, brands, companies, order(clusters), order(parks), order(platforms),
                 order(actions), order(policies))


# ---------------------------------------------------------------------------------------------
# Numbers as the reports write them

def _cn_number(n: int) -> str:
    """``500`` -> ``五百``; ``12`` -> ``十二`` (0 < n < 10,000)."""
    out, units = "", ((1000, "千"), (100, "百"), (10, "十"))
    for size, unit in units:
        d, n = divmod(n, size)
        if d:
            out += ("" if (unit == "十" and not out and d == 1) else CN_DIGITS[d]) + unit
        elif out and n:
            out += "零" if not out.endswith("零") else ""
    return out + (CN_DIGITS[n] if n else "")


def _amount(rng: random.Random) -> str:
    """A money amount: 1.43万亿元, 500亿元, 五百亿元, 86.5亿元, 3200万元."""
    kind = rng.random()
    if kind < 0.2:
        return f"{rng.randint(1, 3)}.{rng.randint(1, 99):02d}".rstrip("0") + "万亿元"
    if kind < 0.4:
        return _cn_number(rng.choice((100, 200, 300, 500, 800, 1000))) + "亿元"
    if kind < 0.8:
        return f"{rng.randint(12, 2000)}亿元" if rng.random() < 0.6 else f"{rng.randint(10, 900)}.{rng.randint(1, 9)}亿元"
    return f"{rng.randint(200, 9000)}万元"


def _percent(rng: random.Random) -> str:
    return f"{rng.randint(2, 25)}.{rng.randint(0, 9)}%" if rng.random() < 0.6 else f"{rng.randint(3, 90)}%"


def _qualifier(rng: random.Random) -> str:
    return rng.choice(("左右", "以上", "", "", "以上"))


# ---------------------------------------------------------------------------------------------
# Sentences

def _pick(rng: random.Random, items: list, k: int) -> list:
    out: list = []
    while len(out) < k:
        item = _zipf(rng, items)
        if item not in out:
            out.append(item)
    return out


def _sentences(rng: random.Random, w: World, city: str, year: int) -> list[str]:
    """About 40–110 sentences of one report about ``city``."""
    province, districts = CITIES[city]
    ind = lambda: _zipf(rng, w.industries, 0.9)[0]  # noqa: E731
    target_year = year + rng.choice((1, 2, 3))
    make = [
        lambda: f"到{target_year}年，{city}{ind()}产业规模力争达到{_amount(rng)}，年均增长{_percent(rng)}{_qualifier(rng)}。",
        lambda: f"{year}年，全市规模以上工业增加值同比增长{_percent(rng)}{_qualifier(rng)}，"
                f"工业投资增长{_percent(rng)}。",
        lambda: f"规模以上工业企业数量突破{rng.randint(800, 9000)}家，高新技术企业达到{rng.randint(300, 8000)}家以上。",
        lambda: f"推动{_zipf(rng, w.clusters)}向世界级迈进，支持{_zipf(rng, w.clusters)}争创国家级先进制造业集群。",
        lambda: f"{rng.choice(districts)}加快建设{_zipf(rng, w.parks)}，引进{_zipf(rng, w.companies)}等龙头企业"
                f"{rng.randint(3, 40)}家。",
        lambda: "、".join(_pick(rng, [i for i, _ in w.industries], rng.randint(3, 5)))
                + f"等{rng.randint(4, 12)}个新兴产业专业园区加快建设，引导产业项目向园区集聚。",
        lambda: f"依托{_zipf(rng, w.platforms)}，{_zipf(rng, w.clusters)}集聚上下游企业{rng.randint(50, 900)}家，"
                f"产值突破{_amount(rng)}。",
        lambda: f"{_zipf(rng, w.companies)}投资{_amount(rng)}的{ind()}项目在{_zipf(rng, w.parks)}开工建设。",
        lambda: f"实施{_zipf(rng, w.actions)}，培育{ind()}领域专精特新企业{rng.randint(20, 400)}家。",
        lambda: f"{city}印发{_zipf(rng, w.policies)}，提出到{target_year}年{ind()}产业营业收入达到{_amount(rng)}。",
        lambda: f"{_zipf(rng, w.platforms)}落户{rng.choice(districts)}，支撑{_zipf(rng, w.clusters)}，"
                f"带动{ind()}产业链上下游协同创新。",
        lambda: "、".join(b for b in _pick(rng, w.brands, rng.randint(2, 4)))
                + f"等企业入选{province}“{rng.choice(('瞪羚', '独角兽', '单项冠军'))}”企业名单。",
        lambda: f"{_zipf(rng, w.companies)}、{_zipf(rng, w.companies)}加入{_zipf(rng, w.clusters)}，"
                f"配套率提高{rng.randint(2, 9)}个百分点。",
        lambda: f"数字经济核心产业增加值占生产总值比重达到{rng.randint(6, 20)}%左右，"
                f"新增{rng.randint(2, 9)}个省级工业互联网平台。",
        lambda: f"{rng.choice(districts)}聚焦{ind()}、{ind()}两大主导产业，力争园区全年规模以上工业增加值增速高于全省"
                f"{rng.randint(2, 3)}至{rng.randint(4, 6)}个百分点。",
        lambda: f"研发投入年均增长{rng.randint(8, 15)}%以上，技术合同交易额达到{_amount(rng)}。",
        lambda: f"{_zipf(rng, w.actions)}和{_zipf(rng, w.actions)}同步推进，全年开展供需对接活动"
                f"{_cn_number(rng.randint(10, 60))}场次。",
    ]
    count = rng.randint(40, 110)
    return [rng.choice(make)() for _ in range(count)]


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(sentences):
        n = rng.randint(2, 6)
        out.append("".join(sentences[i:i + n]))
        i += n
    return out


# ---------------------------------------------------------------------------------------------
# Layout noise

def _wrap(text: str, width: int) -> str:
    """Break a paragraph every ``width`` characters, wherever that falls (mid-word included)."""
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def _space_digits(text: str, rng: random.Random) -> str:
    """``2025年`` -> ``2 0 2 5 年`` in some places, as PDF text layers give it."""
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and text[j].isdigit():
            j += 1
        if j - i == 4 and text[j:j + 1] == "年" and rng.random() < 0.3:
            out.append(" ".join(text[i:j]) + " ")
            i = j
        elif j > i:
            out.append(text[i:j])
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _noisy(rng: random.Random, paragraph: str, pdf: bool) -> str:
    if rng.random() < 0.15:
        paragraph = paragraph.translate(DIGITS_FULL)
    if pdf:
        paragraph = _wrap(_space_digits(paragraph, rng), rng.randint(14, 34))
    return paragraph


def document(i: int, seed: int = 1) -> Document:
    """Document ``i`` of the corpus of ``seed`` (the same whatever the corpus size)."""
    rng = random.Random(f"{seed}:{i}")
    w = world(seed)
    city = _zipf(rng, w.cities, 0.8)
    province = CITIES[city][0]
    ind, ind_en = _zipf(rng, w.industries, 0.9)
    year = rng.choice((2021, 2022, 2023, 2024, 2025))
    day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    title = rng.choice((f"{city}：{ind}产业集群加速成势", f"聚焦{ind} {city}打造先进制造业高地",
                        f"{city}实施{_zipf(rng, w.actions)} 工业经济提质增效", f"{city}{ind}产业链跑出“加速度”"))
    source, publisher = (s.format(city=city, province=province) for s in rng.choice(SOURCES))
    pdf = rng.random() < 0.5
    reporter = rng.choice(FAMILY) + " " + rng.choice(GIVEN)
    lines = [title, "", f"□{source}记者 {reporter}", ""]
    paragraphs = _paragraphs(rng, _sentences(rng, w, city, year))
    for k, paragraph in enumerate(paragraphs):
        if k and rng.random() < 0.2:
            heading = rng.choice(("建群强链，释放发展合力", "做强载体", "创新赋能", "项目为王"))
            vertical = pdf and rng.random() < 0.4
            lines += ["\n".join(heading) if vertical else heading, ""]
        lines += ["  " + _noisy(rng, paragraph, pdf), ""]
    text = "\n".join(lines)
    encoding = "gb18030" if rng.random() < 0.15 else "utf-8"
    digest = hashlib.sha1(f"{seed}:{i}".encode()).hexdigest()[:16]
    meta = {
        "title": title,
        "title_en": f"{city}: {ind_en} (synthetic report {i})",
        "date": day.isoformat(),
        "source": source,
        "publisher": publisher,
        "region": city,
        "note": f"Synthetic document {i} of seed {seed} (benchmarks/gen_corpus.py); "
                + ("PDF-like layout, " if pdf else "") + f"{encoding}.",
    }
    return Document(f"{i:04d}_{digest}.txt", text, encoding, meta)


def write_corpus(folder: str | Path, docs: int, seed: int = 1) -> list[Path]:
    """Write documents ``0 .. docs-1`` and ``manifest.json`` into ``folder``; return the files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    manifest, files = {}, []
    for i in range(docs):
        doc = document(i, seed)
        path = folder / doc.name
        path.write_bytes(doc.text.encode(doc.encoding))
        manifest[doc.name] = doc.meta
        files.append(path)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="number of documents (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same bytes (default 1)")
    parser.add_argument("-o", "--output", required=True, help="folder to write (created if missing)")
    args = parser.parse_args()
    files = write_corpus(args.output, args.docs, args.seed)
    size = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} documents ({size / 1e6:.1f} MB) and manifest.json to {args.output}")


if __name__ == "__main__":
    main()

"""The zh/en switch: interface strings in both languages, chosen by ``?lang=`` or a cookie."""

from __future__ import annotations

from flask import Flask, g, request

from graph.types import ENTITY_TYPES, labels

#: zh and en name of each entity type, as ``ikg.ttl`` labels its class (English capitalised).
TYPES = {t: (zh, en[:1].upper() + en[1:]) for t in ENTITY_TYPES for zh, en in [labels(t)]}
PROPERTIES = {
    "inIndustry": ("所属产业", "in industry"), "hostsIndustry": ("承载产业", "hosts industry"),
    "partOfCluster": ("属于集群", "part of cluster"), "supportsCluster": ("支撑集群", "supports cluster"),
    "hasPark": ("拥有园区", "has park"), "operatedBy": ("运营方", "operated by"), "targets": ("设定目标", "targets"),
    "setBy": ("出自政策", "set by"), "memberOf": ("属于", "member of"),
    "locatedInPark": ("位于园区", "located in park"), "locatedIn": ("位于", "located in"),
    "linkedPark": ("关联园区（推理）", "linked park (inferred)"),
    "linkedCluster": ("关联集群（推理）", "linked cluster (inferred)"),
    "unitFamily": ("单位类别", "unit family"), "region": ("区域", "region"),
}
#: How an edge's evidence supports it (``ikg:how``; ``graph.model.HOW``).
HOW = {
    "stated": ("句中陈述", "stated in a sentence"), "section": ("按章节归属", "by section"),
    "name": ("由名称推得", "from a name"),
}
STRINGS = {
    "app": ("ikg 产业政策知识图谱", "ikg industrial-policy knowledge graph"),
    "home": ("首页", "Home"), "search": ("搜索", "Search"), "search_hint": ("搜索名称、拼音或英文…", "Search names, pinyin or English…"),
    "browse": ("浏览", "Browse"), "network": ("网络图", "Network"), "clusters_parks": ("集群—园区", "Clusters and parks"),
    "matrix": ("关系矩阵", "Matrix"), "paths": ("路径", "Paths"), "indicators": ("指标", "Indicators"),
    "query": ("SPARQL 查询", "SPARQL query"), "documents": ("文档", "Documents"), "entities": ("实体", "Entities"),
    "last_build": ("最近构建", "Last build"), "no_graph": ("图谱为空：请先运行 ikg build。", "The graph is empty: run ikg build first."),
    "type": ("类型", "Type"), "aliases": ("别名", "Aliases"), "mentions": ("提及", "Mentions"),
    "relations_out": ("对外关系", "Relations out"), "relations_in": ("指向它的关系", "Relations in"),
    "inferred": ("推理", "inferred"), "stated": ("陈述", "stated"), "gazetteer": ("名录", "gazetteer"), "sources": ("来源", "Sources"),
    "label_zh": ("中文名", "Chinese label"), "label_en": ("英文名", "English label"),
    "metric": ("指标", "Metric"), "value": ("数值", "Value"), "unit": ("单位", "Unit"), "qualifier": ("限定词", "Qualifier"),
    "year": ("年份", "Year"), "scope": ("范围", "Scope"), "kind": ("目标/实际", "Target/reported"),
    "target": ("目标", "target"), "reported": ("实际", "reported"), "document": ("文档", "Document"),
    "date": ("日期", "Date"), "title": ("标题", "Title"), "source": ("来源", "Source"),
    "legend": ("图例", "Legend"), "depth": ("深度", "Depth"), "until": ("截至日期", "Up to date"),
    "date_year": ("年", "Year"), "date_month": ("月", "Month"), "date_day": ("日", "Day"), "any_date": ("不限", "Any"),
    "apply": ("应用", "Apply"), "all": ("全部", "All"), "industry": ("产业", "Industry"), "region": ("区域", "Region"),
    "level": ("级别", "Level"), "sort": ("排序", "Sort"), "name": ("名称", "Name"), "next": ("下一页", "Next"),
    "prev": ("上一页", "Previous"), "no_results": ("没有结果。", "No results."),
    "showing": ("显示 {n} / {m} 个节点，请用筛选缩小范围。", "Showing {n} of {m} nodes; narrow the view with the filters."),
    "neighbourhood": ("邻域", "Neighbourhood"), "evidence": ("证据", "Evidence"),
    "open_in_network": ("在网络图中打开", "Open in the network view"), "from": ("起点", "From"), "to": ("终点", "To"),
    "find_paths": ("查找路径", "Find paths"), "same_entity": ("起点与终点相同。", "Start and end are the same entity."), "no_path": ("三跳之内没有路径。", "No path within three hops."),
    "include": ("包含", "Include"), "download": ("下载", "Download"), "language": ("English", "中文"),
    "none": ("无", "none"), "examples": ("示例查询", "Example queries"), "count": ("数量", "Count"), "chart": ("图表", "Chart"), "action": ("行动", "Action"),
    "tracker": ("指标追踪", "Indicator tracker"), "period": ("期间", "Period"),
    "values_of": ("{n} 个指标值，来自 {m} 个指标", "{n} values of {m} indicators"),
    "chart_summary": ("{values} 个值 · {documents} 篇文档 · {years}", "{values} values · {documents} documents · {years}"),
    "hollow_target": ("空心：目标", "hollow: target"), "filled_reported": ("实心：实际", "filled: reported"),
    "open_tracker": ("在指标追踪中查看", "Open in the indicator tracker"),
    "n_sentences": ("{n} 句，{m} 条关系", "{n} sentences, {m} relations"),
    "described_manifest": ("标题与日期来自语料清单（manifest.json）。", "Title and date from the corpus manifest (manifest.json)."),
    "described_add": ("标题与日期在 ikg add 时给出。", "Title and date given at ikg add."),
    "described_text": ("标题与日期从正文读出。", "Title and date read from the text."),
    "n_mentions": ("{n} 次提及", "{n} mentions"),
    "restated": ("另见 {n} 处", "stated {n} more times"), "indicator_values": ("指标值", "Indicator values"),
    "missing_part": ("缺少系统组件", "A part of the system is missing"),
    "missing_chromium": ("PDF 报告由 Chromium 打印，但本机没有安装 Chromium（/usr/bin/chromium）。",
                         "PDF reports are printed by Chromium, which is not installed (/usr/bin/chromium)."),
    "missing_chromium_start": ("PDF 报告由 Chromium 打印，但本机的 Chromium（/usr/bin/chromium）无法启动。",
                               "PDF reports are printed by Chromium, but /usr/bin/chromium does not start."),
    "missing_playwright": ("PDF 报告通过 Python 包 playwright 驱动 Chromium 打印，但该包没有安装。",
                           "PDF reports drive Chromium through the Python package playwright, which is not installed."),
    "missing_font": ("图片和 PDF 报告用来显示中文的字体文件缺失或已损坏。",
                     "The font that pictures and PDF reports draw Chinese with is missing or damaged."),
    "missing_install": ("请在服务器上运行“{install}”安装后重试。", "Run “{install}” on the server to install it, then try again."),
    "missing_font_install": ("请在服务器上的 ikg 源码目录中运行“{install}”重新安装 ikg，或取消 IKG_FONT 设置。",
                             "Reinstall ikg: run “{install}” in its source folder on the server, or unset IKG_FONT."),
    "sort_mentions": ("按提及数", "by mentions"), "sort_name": ("按名称", "by name"), "sort_degree": ("按关联数", "by links"),
    "no_chart": ("所选指标值中，没有哪个指标有两个以上带年份的值；去掉筛选条件可看到更多图表。",
                 "No indicator among the chosen values has two or more values with a year; remove a filter to see more charts."),
    # names in addresses (webapp/names.py)
    "entity_required": ("缺少参数 {name}：请给出实体的名称、别名、拼音或 IRI（可用搜索框查找）。",
                        "{name} is required: an entity's name, alias, pinyin or IRI (use the search box)."),
    "name_too_long": ("参数 {name} 过长（最多 {n} 个字符）。", "{name} is too long (at most {n} characters)."),
    "no_entity_named": ("图谱中没有名为“{name}”的实体", "No entity named “{name}” in the graph"),
    "did_you_mean": ("；您是否要找：{names}？", "; did you mean: {names}?"),
    "names_several": ("“{name}”指向 {n} 个实体", "“{name}” names {n} entities"),
    "choose_one": ("请选择您要找的那一个：", "Choose the one you mean:"),
    # adding a document from the browser (webapp/views/upload.py)
    "upload_title": ("添加文档", "Add a document"),
    "upload_intro": ("上传一份 PDF、DOCX、HTML 或文本文件（{kinds}），最大 {mb} MiB、{chars} 个字符；文档将加入语料并构建进图谱。",
                     "Upload a PDF, DOCX, HTML or text file ({kinds}), at most {mb} MiB and {chars} characters; it joins "
                     "the corpus and is built into the graph."),
    "upload_file": ("文件", "File"), "upload_send": ("上传并构建", "Upload and build"),
    "upload_off_title": ("未开放上传", "Uploads are off"),
    "upload_off": ("此服务器不接受从浏览器添加文档。", "This server does not take documents from the browser."),
    "upload_off_hint": ("管理员可设置 IKG_UPLOAD=1 后重启服务来开启上传，或在服务器上运行 ikg add。",
                        "An administrator can enable it with IKG_UPLOAD=1 and a restart, or run ikg add on the server."),
    "upload_refused": ("无法接收该文件", "The file was not accepted"),
    "upload_hint": ("请修正后从“添加文档”页重新上传。", "Fix it and upload again from the Add a document page."),
    "upload_no_file": ("请选择要上传的文件。", "Choose a file to upload."),
    "upload_one_file": ("请一次上传一个文件。", "Upload one file at a time."),
    "upload_truncated": ("上传的内容不完整，请重新上传。", "The upload was incomplete; send it again."),
    "upload_csrf": ("表单的安全令牌缺失或已过期：请重新打开上传页后再上传。",
                    "The form's security token is missing or stale: reload the upload page and send the file again."),
    "upload_too_large": ("文件超过 {mb} MiB 的上限（IKG_MAX_DOCUMENT_MB），请拆分成较小的文件。",
                         "The file is larger than the {mb} MiB limit (IKG_MAX_DOCUMENT_MB); split it into smaller files."),
    "upload_bad_name": ("文件名“{name}”含有路径、开头的点或控制字符，请改名后重新上传。",
                        "The file name “{name}” holds a path, a leading dot or a control character; rename it and upload again."),
    "upload_long_name": ("文件名超过 {n} 个字符。", "The file name is longer than {n} characters."),
    "upload_bad_type": ("不支持此文件类型；ikg 可读取：{kinds}。", "ikg does not read this type of file; it reads {kinds}."),
    "upload_mismatch": ("文件“{name}”的扩展名是 {suffix}，但内容是 {found}：请按真实类型上传。",
                        "“{name}” is named {suffix} but its content is {found}: upload it under its real type."),
    "upload_no_job": ("没有编号为 {job} 的上传任务。", "No upload {job}."),
    "upload_unreadable": ("无法读取该文档：{detail}", "The document cannot be read: {detail}"),
    "upload_exists": ("语料中已有同名但内容不同的文件“{detail}”；请改名后上传。",
                      "The corpus already holds another file named “{detail}”; rename yours and upload it."),
    "upload_left_out": ("该文档的图谱不符合 SHACL 约束，未加入图谱：{detail}",
                        "The document's graph breaks the SHACL shapes and was left out: {detail}"),
    "upload_failed": ("构建失败，原图谱保持不变：{detail}", "The build failed; the graph served is unchanged: {detail}"),
    "upload_progress": ("构建进度", "Progress"), "upload_done": ("已加入图谱。", "Added to the graph."),
    "upload_new_entities": ("文档中的实体（新实体在前）", "The document's entities (new ones first)"),
    "upload_new": ("新", "new"), "upload_again": ("再添加一份", "Add another"),
    "stage_received": ("已接收", "Received"), "stage_reading": ("读取中", "Reading"),
    "stage_extracting": ("抽取中", "Extracting"), "stage_validating": ("校验中", "Validating"),
    "stage_written": ("已写入", "Written"),
}


def pick(req, default: str) -> str:
    lang = req.args.get("lang") or req.cookies.get("lang") or default
    return lang if lang in ("zh", "en") else default


def t(key: str, **params) -> str:
    zh, en = STRINGS[key]
    text = en if g.get("lang") == "en" else zh
    return text.format(**params) if params else text


def type_name(type_: str) -> str:
    zh, en = TYPES.get(type_, (type_, type_))
    return en if g.get("lang") == "en" else zh


def property_name(prop: str) -> str:
    zh, en = PROPERTIES.get(prop, (prop, prop))
    return en if g.get("lang") == "en" else zh


def how_name(how: str | None, lang: str | None = None) -> str:
    """The label of an evidence's ``ikg:how`` in ``lang`` (the page's language by default); "" if unknown."""
    zh, en = HOW.get(how or "", ("", ""))
    return en if (lang or g.get("lang")) == "en" else zh


def how_labels(hows) -> str:
    """Both languages' labels of ``hows``, for the exports (which have no page language).

    >>> how_labels(["section", "stated"])
    '按章节归属 / by section; 句中陈述 / stated in a sentence'
    """
    return "; ".join(f"{HOW[h][0]} / {HOW[h][1]}" for h in hows if h in HOW)


def switch_language_url() -> str:
    """This page's address in the other language, with the parameters the page read (never one
    it does not know: a made-up parameter is not echoed into every page)."""
    from urllib.parse import urlencode

    from webapp.params import read_args

    args = [(k, v) for k, v in read_args(request.args) if k != "lang"]
    args.append(("lang", "zh" if g.get("lang") == "en" else "en"))
    return request.path + "?" + urlencode(args)


def unit_name(unit: str) -> str:
    """An indicator value's unit in the page's language (``webapp.units``)."""
    from webapp.units import unit_en

    return unit_en(unit) if g.get("lang") == "en" else unit


def qualifier_name(qualifier: str | None) -> str:
    """An indicator value's qualifier (以上, 左右, ...) in the page's language."""
    from webapp.units import qualifier_en

    return (qualifier_en(qualifier) if g.get("lang") == "en" else qualifier) if qualifier else ""


def period_name(period: str | None) -> str:
    """An indicator value's period (1-8月, 年均（至2025年）) in the page's language."""
    from webapp.units import period_en

    return (period_en(period) if g.get("lang") == "en" else period) if period else ""


def level_name(key: str, zh: str) -> str:
    """A level filter's option: 国家级 or National."""
    return key.capitalize() if g.get("lang") == "en" else f"{zh}级"


def init(app: Flask) -> None:
    from webapp.params import page_args

    app.jinja_env.globals.update(t=t, unit_name=unit_name, qualifier_name=qualifier_name, period_name=period_name,
                                 level_name=level_name, type_name=type_name, property_name=property_name, how_name=how_name,
                                 switch_language_url=switch_language_url, page_args=page_args)

    @app.after_request
    def _remember(response):
        lang = request.args.get("lang")
        if lang in ("zh", "en"):
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="Lax", httponly=True)
        return response

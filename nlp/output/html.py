"""``--format html``: one self-contained page per run for a reviewer's browser.

No network and no script: the CSS is inline, there is no JavaScript at all, and a
Content-Security-Policy forbids loading anything, so the page works offline and an
injected ``<script>`` could not run even if escaping failed. Every piece of report
text is escaped (``html.escape`` here; displaCy escapes the text it highlights).

Claims are highlighted in targets, actuals, qualitative targets and narratives with
displaCy's manual renderer (the only import of spaCy on any output path). We use its
``ent`` style, which takes character offsets, rather than the token-based ``span``
style: Chinese has no spaces, and the span renderer appends a space after every
token and draws each one as a tall inline block.
"""

from __future__ import annotations

import re
from html import escape
from typing import Iterable, Optional, Sequence

from .. import __version__
from ..taxonomy import FINE_ZH
from .rows import SEVERITY_RANK, max_severity, severity_rank, summary_row, worst_first

SEVERITY_ZH = {"high": "高", "medium": "中", "low": "低"}
KIND_ZH = {
    "count": "数量",
    "percent": "百分比",
    "money": "金额",
    "date": "日期",
    "duration": "时长",
    "ratio": "比例",
    "score": "分数",
}

#: displaCy's template for one claim; {text} arrives escaped, {label} and {tip} are ours.
CLAIM_TEMPLATE = '<mark class="claim claim-{label}" title="{tip}">{text}</mark>'

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0 auto;max-width:1400px;
padding:1em 2em;color:#222;line-height:1.5}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.92em}
table.indicators{table-layout:fixed}td{overflow-wrap:anywhere}.small{font-size:.8em;color:#555}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#eef3f8;position:sticky;top:0}
tr.sev-high td{background:#fdecea}tr.sev-medium td{background:#fff8e1}
.num{text-align:right;white-space:nowrap}.meta{color:#666;font-size:.9em}.dim{color:#888}
ul.flags{margin:0;padding-left:1.1em}ul.flags li{margin:0 0 .2em}
.sev{font-weight:bold;border-radius:3px;padding:0 4px;margin-right:4px;color:#fff;font-size:.85em}
.sev-high>.sev,.sev.sev-high{background:#c62828}.sev-medium>.sev,.sev.sev-medium{background:#ef8f00}
.sev-low>.sev,.sev.sev-low{background:#0277bd}
code{font-size:.9em}q{color:#555}
.entities{line-height:1.8!important}
mark.claim{padding:0 2px;border-radius:3px;background:#e3f2fd}
mark.claim-percent{background:#e8f5e9}mark.claim-money{background:#fff3e0}
mark.claim-date,mark.claim-duration{background:#f3e5f5}
details{margin:.5em 0}summary{cursor:pointer;font-weight:bold}
p.para{margin:.4em 0}.section{color:#666;font-size:.85em}
.errors li{color:#b71c1c}
"""

#: Widths of the indicator table's columns: text columns get the room, the long
#: 一级 text (often a whole sentence in old templates) is kept narrow and small.
COLGROUP = (
    '<colgroup><col style="width:3.5em"><col class="l1" style="width:7em"><col style="width:5.5em">'
    '<col style="width:13%"><col style="width:14%"><col style="width:10%"><col style="width:4.5em">'
    '<col style="width:6em"><col style="width:7%"><col></colgroup>'
)

#: Nothing may load: no script, no font, no image, no request of any kind.
CSP = "default-src 'none'; style-src 'unsafe-inline'"

_LABEL_RE = re.compile(r"[^a-z_]")
OPS = {">=": "≥", "<=": "≤", "~": "约", "=": ""}


def _e(value) -> str:
    return "" if value is None else escape(str(value), quote=True)


def _num(value) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _valid_spans(text: str, claims: Iterable[dict], base: int = 0) -> list[dict]:
    """displaCy spans for the claims that really lie in ``text`` (offsets relative
    to ``base``), sorted, overlaps dropped: a bad offset upstream costs a highlight,
    never a wrong one."""
    spans, last_end = [], 0
    for claim in sorted(claims, key=lambda c: (c["start"], -c["end"])):
        start, end = claim["start"] - base, claim["end"] - base
        if not (last_end <= start < end <= len(text)) or text[start:end] != claim["text"]:
            continue
        label = _LABEL_RE.sub("", str(claim.get("kind") or "claim").lower()) or "claim"
        tip = " ".join(
            _e(x)
            for x in (
                KIND_ZH.get(label, label),
                OPS.get(claim.get("op"), claim.get("op")),
                claim.get("value"),
                claim.get("unit"),
            )
            if x not in (None, "")
        )
        spans.append({"start": start, "end": end, "label": label, "params": {"tip": tip}})
        last_end = end
    return spans


def highlight(text: Optional[str], claims: Iterable[dict] = (), base: int = 0) -> str:
    """``text`` as escaped HTML with its claims marked."""
    if not text:
        return ""
    spans = _valid_spans(text, claims, base)
    if not spans:
        return _e(text).replace("\n", "<br>")
    from spacy import displacy

    return displacy.render(
        {"text": text, "ents": spans, "title": None},
        style="ent",
        manual=True,
        page=False,
        jupyter=False,
        minify=True,
        options={"template": CLAIM_TEMPLATE},
    )


def _flags_html(flags: Sequence[dict]) -> str:
    if not flags:
        return ""
    items = []
    for flag in sorted(flags, key=lambda f: -severity_rank(f.get("severity"))):
        sev = flag.get("severity") if flag.get("severity") in SEVERITY_RANK else "low"
        evidence = f" <q>{_e(flag['evidence'])}</q>" if flag.get("evidence") else ""
        items.append(
            f'<li class="sev-{sev}"><span class="sev">{SEVERITY_ZH[sev]}</span>'
            f"<code>{_e(flag['code'])}</code> {_e(flag['message'])}{evidence}</li>"
        )
    return '<ul class="flags">' + "".join(items) + "</ul>"


def _category(item: dict) -> str:
    if not item.get("subcategory"):
        return ""
    conf = item.get("confidence")
    conf_html = f' <span class="dim">{conf:.2f}</span>' if isinstance(conf, (int, float)) else ""
    return f"{_e(FINE_ZH.get(item['subcategory'], item['subcategory']))}{conf_html}"


def _indicators_html(indicators: Sequence[dict]) -> str:
    if not indicators:
        return '<p class="dim">没有找到指标表。</p>'
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "#",
            "一级",
            "填报类别",
            "指标",
            "目标",
            "实际",
            "得分/分值",
            "分类 (置信度)",
            "偏差原因",
            "标记",
        )
    )
    rows = []
    for ind in indicators:
        worst = max_severity(ind.get("flags", ()))
        cls = f' class="sev-{worst}"' if worst in SEVERITY_RANK else ""
        score = "/".join(s for s in (_num(ind.get("score")), _num(ind.get("weight"))) if s)
        project = f'<div class="dim">{_e(ind["project"])}</div>' if ind.get("project") else ""
        rows.append(
            f'<tr{cls}><td>{_e(ind["id"])}</td><td class="small">{_e(ind.get("level1"))}</td>'
            f'<td>{_e(ind.get("stated_category"))}</td>'
            f"<td>{project}{_e(ind.get('name'))}</td>"
            f"<td>{highlight(ind.get('target'), ind.get('target_claims', ()))}</td>"
            f"<td>{highlight(ind.get('actual'), ind.get('actual_claims', ()))}</td>"
            f'<td class="num">{_e(score)}</td><td>{_category(ind)}</td>'
            f'<td>{_e(ind.get("deviation_note"))}</td>'
            f"<td>{_flags_html(ind.get('flags', ()))}</td></tr>"
        )
    body = "".join(rows)
    return f'<table class="indicators">{COLGROUP}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _targets_html(targets: Sequence[dict]) -> str:
    if not targets:
        return ""
    rows = [
        f"<tr><td>{_e(t['id'])}</td><td>{highlight(t.get('text'), t.get('claims', ()))}</td>"
        f"<td>{highlight(t.get('actual'), t.get('actual_claims', ()))}</td><td>{_category(t)}</td>"
        f"<td>{_flags_html(t.get('flags', ()))}</td></tr>"
        for t in targets
    ]
    return (
        f"<details><summary>目标与任务 ({len(targets)})</summary><table><thead><tr><th>#</th><th>目标</th>"
        f"<th>实际完成</th><th>分类</th><th>标记</th></tr></thead><tbody>{''.join(rows)}</tbody></table></details>"
    )


def _narratives_html(paragraphs: Sequence[dict]) -> str:
    if not paragraphs:
        return ""
    claims = sum(len(p.get("claims", ())) for p in paragraphs)
    body = []
    for p in paragraphs:
        section = f'<span class="section">[{_e(p["section"])}]</span> ' if p.get("section") else ""
        body.append(
            f'<div class="para">{section}{highlight(p["text"], p.get("claims", ()), base=p["start"])}</div>'
        )
    return (
        f"<details><summary>叙述 ({len(paragraphs)} 段, {claims} 处数据)</summary>{''.join(body)}</details>"
    )


def _report_html(data: dict, anchor: str) -> str:
    s = summary_row(data)
    meta = " · ".join(
        _e(x)
        for x in (
            data["path"],
            data["kind"],
            f"总分 {_num(data['overall_score'])}" if data.get("overall_score") is not None else None,
            data.get("grade"),
        )
        if x
    )
    counts = (
        f"{s['indicators']} 个指标, {s['flagged']} 个有标记 · "
        + " ".join(
            f'<span class="sev sev-{k}">{SEVERITY_ZH[k]} {s[k]}</span>' for k in ("high", "medium", "low")
        )
        + f" · 弱度 {float(s['weakness'] or 0):.2f}"
    )
    report_flags = _flags_html(data.get("flags", ()))
    return (
        f'<section class="report" id="{anchor}"><h2>{_e(data.get("title") or data["path"])}</h2>'
        f'<p class="meta">{meta}</p><p>{counts}</p>'
        + (f"<h3>报告层面</h3>{report_flags}" if report_flags else "")
        + _indicators_html(data["indicators"])
        + _targets_html(data.get("targets", ()))
        + _narratives_html(data.get("narratives", ()))
        + "</section>"
    )


def render_html(datas: Iterable[dict], *, errors: Sequence[tuple[str, str]] = ()) -> str:
    """The whole page for report dicts (the JSON contract), worst report first."""
    ordered = worst_first(datas)
    index_rows = []
    for i, data in enumerate(ordered, 1):
        s = summary_row(data)
        index_rows.append(
            f'<tr><td><a href="#r{i}">{_e(data.get("title") or data["path"])}</a>'
            f' <span class="small">{_e(data["path"])}</span></td><td>{_e(data["kind"])}</td>'
            f'<td class="num">{s["indicators"]}</td><td class="num">{s["flagged"]}</td>'
            f'<td class="num">{s["high"]}</td>'
            f'<td class="num">{s["medium"]}</td><td class="num">{s["low"]}</td>'
            f'<td class="num">{float(s["weakness"] or 0):.2f}</td></tr>'
        )
    index = (
        "<table><thead><tr><th>报告 (最弱在前)</th><th>类型</th><th>指标</th><th>有标记</th>"
        "<th>高</th><th>中</th>"
        f"<th>低</th><th>弱度</th></tr></thead><tbody>{''.join(index_rows)}</tbody></table>"
    )
    failed = (
        '<h2>未能读取</h2><ul class="errors">' + "".join(f"<li>{_e(m)}</li>" for _, m in errors) + "</ul>"
        if errors
        else ""
    )
    body = "".join(_report_html(d, f"r{i}") for i, d in enumerate(ordered, 1))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>绩效自评审阅 · {len(ordered)} 份报告</title><style>{CSS}</style></head><body>"
        f"<h1>绩效自评审阅 · {len(ordered)} 份报告</h1>"
        f'<p class="meta">jixiao {_e(__version__)} · 标记: 高=必须复核, 中=应当复核, 低=提示</p>'
        f"{index}{failed}{body}</body></html>\n"
    )


def write_html(datas: Iterable[dict], stream, *, errors: Sequence[tuple[str, str]] = ()) -> None:
    stream.write(render_html(datas, errors=errors))

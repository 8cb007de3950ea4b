//! A self-contained HTML report for reviewers: every document with its findings highlighted in
//! place and its lines numbered, document-level findings at the top of their document, the
//! suppressed findings with their reasons, totals and filters by category and severity whose
//! counts follow the filters, and a print layout. Inline CSS and JavaScript only; nothing is
//! fetched. All linted text is escaped.
//!
//! A site report holds thousands of documents and a hundred thousand findings, so the browser
//! must not build them all. Each document's body is markup inside a `<script type="text/html">`
//! (raw text to the parser, no elements) that the page turns into elements when the document
//! scrolls near the viewport, is linked to, or is printed; and a rule's "How to fix" text is
//! written once, in a table the page fills each opened `<details>` from.

use super::Report;
use crate::diagnostic::{Category, Finding, Severity};
use crate::engine::Suppression;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --error: #c62828; --warning: #b26a00; --info: #1565c0; --bg: #fafafa; --line: #e0e0e0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #212121; background: var(--bg); }
header { padding: 16px 24px; background: #263238; color: #fff; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #cfd8dc; }
.layout { display: flex; align-items: flex-start; }
nav { position: sticky; top: 0; width: 280px; flex: none; max-height: 100vh; overflow: auto; padding: 16px; border-right: 1px solid var(--line); background: #fff; }
nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #607d8b; margin: 16px 0 6px; }
nav label { display: flex; justify-content: space-between; gap: 8px; cursor: pointer; padding: 1px 0; }
nav span.n, .n { color: #78909c; }
nav ul { list-style: none; padding: 0; margin: 0; }
nav li a { color: #37474f; text-decoration: none; word-break: break-all; }
nav li a:hover { text-decoration: underline; }
main { flex: 1; min-width: 0; padding: 16px 24px; }
article, section.suppressed { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 24px; }
article { content-visibility: auto; contain-intrinsic-size: auto 420px; }
article > h2, section.suppressed > h2 { margin: 0; padding: 10px 14px; font-size: 15px; border-bottom: 1px solid var(--line); display: flex; justify-content: space-between; gap: 12px; }
article > h2 code { word-break: break-all; }
.doc-title { display: block; margin-top: 2px; font-weight: normal; font-size: 13px; color: #546e7a; }
.counts span { margin-left: 8px; font-weight: normal; font-size: 12px; }
.pending { color: #90a4ae; padding: 12px 14px; }
.doc-level { margin: 0; padding: 10px 14px; list-style: none; border-bottom: 1px solid var(--line); background: #fff8e1; }
.panes { display: flex; }
.source { flex: 1.4; min-width: 0; margin: 0; padding: 12px 14px 12px 0; white-space: pre-wrap; word-wrap: break-word; font: 13px/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; border-right: 1px solid var(--line); max-height: 80vh; overflow: auto; }
.source .l { display: block; position: relative; padding-left: 4.2em; min-height: 1.6em; }
.source .l::before { content: attr(data-n); position: absolute; left: 0; width: 3.4em; text-align: right; color: #90a4ae; user-select: none; }
.findings { flex: 1; min-width: 0; margin: 0; padding: 8px 14px; list-style: none; max-height: 80vh; overflow: auto; }
.finding { padding: 6px 0 6px 10px; border-left: 3px solid var(--line); margin: 6px 0; }
.finding.sev-error { border-color: var(--error); }
.finding.sev-warning { border-color: var(--warning); }
.finding.sev-info { border-color: var(--info); }
.finding.suppressed { border-color: #90a4ae; color: #546e7a; }
.finding .where { font: 12px ui-monospace, monospace; color: #607d8b; text-decoration: none; }
.finding .code { font: 12px ui-monospace, monospace; font-weight: 600; }
.finding .msg { display: block; }
.finding details { color: #455a64; font-size: 13px; }
.finding details ul { margin: 4px 0; padding-left: 18px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; color: #fff; }
.badge.sev-error { background: var(--error); } .badge.sev-warning { background: var(--warning); } .badge.sev-info { background: var(--info); }
.badge.approved { background: #607d8b; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 14px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
mark { background: rgba(255, 193, 7, .35); border-bottom: 2px solid var(--warning); border-radius: 2px; cursor: help; color: inherit; }
mark.sev-error { background: rgba(198, 40, 40, .15); border-color: var(--error); }
mark.sev-info { background: rgba(21, 101, 192, .12); border-color: var(--info); }
mark.off { background: none; border-color: transparent; cursor: auto; }
mark.flash { outline: 2px solid #263238; }
.hidden { display: none; }
.clean { color: #607d8b; }
@media print {
  body { background: #fff; font-size: 11pt; }
  header { background: none; color: #000; padding: 0 0 8pt; }
  header p { color: #333; }
  nav { display: none; }
  .layout, .panes { display: block; }
  main { padding: 0; }
  article { content-visibility: visible; border: 0; border-top: 1px solid #999; border-radius: 0; }
  .source, .findings { max-height: none; overflow: visible; border: 0; }
  .finding, tr { break-inside: avoid; }
  mark, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

const SCRIPT: &str = r##"
(function () {
  var data = JSON.parse(document.getElementById('medlint-data').textContent);
  var F = data.f, SEV = ['error', 'warning', 'info'], CATS = data.cats;
  var sevOn = [true, true, true], catOn = CATS.map(function () { return true; });
  var onlyShown = document.getElementById('only-shown');
  function shown(id) { var f = F[id]; return sevOn[f[1]] && catOn[f[2]]; }
  function applyFilters(root) {
    root.querySelectorAll('.finding[id^="f-"]').forEach(function (li) {
      li.classList.toggle('hidden', !shown(+li.id.slice(2)));
    });
    root.querySelectorAll('mark[data-ids]').forEach(function (m) {
      m.classList.toggle('off', !m.dataset.ids.split(' ').some(function (id) { return shown(+id); }));
    });
  }
  var HELP = JSON.parse(document.getElementById('medlint-help').textContent);
  function fill(d) {
    if (d.dataset.h !== undefined && !d.dataset.filled) {
      d.insertAdjacentHTML('beforeend', HELP[+d.dataset.h] || '');
      d.dataset.filled = '1';
    }
  }
  document.addEventListener('toggle', function (e) { if (e.target.open) { fill(e.target); } }, true);
  function render(article) {
    var t = article.querySelector('script[type="text/html"]');
    if (!t) { return; }
    var pending = article.querySelector('.pending');
    var holder = document.createElement('template');
    holder.innerHTML = t.textContent;
    var body = holder.content;
    // A highlight's tooltip names its findings, taken from the list beside it.
    var msgs = {};
    body.querySelectorAll('.finding[id^="f-"]').forEach(function (li) {
      msgs[li.id.slice(2)] = li.querySelector('.code').textContent + ': ' + li.querySelector('.msg').textContent;
    });
    body.querySelectorAll('mark[data-ids]').forEach(function (m) {
      m.title = m.dataset.ids.split(' ').map(function (id) { return msgs[id]; }).join('\n');
    });
    applyFilters(body);
    if (pending) { pending.replaceWith(body); } else { article.appendChild(body); }
    t.remove();
    io.unobserve(article);
  }
  var io = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (e.isIntersecting) { render(e.target); } });
  }, { rootMargin: '1200px 0px' });
  var articles = document.querySelectorAll('article[data-doc]');
  articles.forEach(function (a) { io.observe(a); });
  function text(sel, value) { document.querySelectorAll(sel).forEach(function (e) { e.textContent = value; }); }
  function update() {
    document.querySelectorAll('input[data-sev]').forEach(function (i) { sevOn[SEV.indexOf(i.dataset.sev)] = i.checked; });
    document.querySelectorAll('input[data-cat]').forEach(function (i) { catOn[CATS.indexOf(i.dataset.cat)] = i.checked; });
    var bySev = [0, 0, 0], byCat = CATS.map(function () { return 0; }), byDoc = {}, total = 0;
    F.forEach(function (f) {
      if (catOn[f[2]]) { bySev[f[1]]++; }
      if (sevOn[f[1]]) { byCat[f[2]]++; }
      if (sevOn[f[1]] && catOn[f[2]]) {
        total++;
        var d = byDoc[f[0]] || (byDoc[f[0]] = [0, 0, 0, 0]);
        d[f[1]]++; d[3]++;
      }
    });
    SEV.forEach(function (s, i) { text('[data-count-sev="' + s + '"]', bySev[i]); });
    CATS.forEach(function (c, i) { text('[data-count-cat="' + c + '"]', byCat[i]); });
    document.querySelectorAll('[data-doc]').forEach(function (e) {
      var d = byDoc[e.dataset.doc] || [0, 0, 0, 0];
      e.querySelectorAll('[data-count]').forEach(function (c) { c.textContent = d[+c.dataset.count]; });
      e.classList.toggle('hidden', onlyShown.checked && d[3] === 0);
    });
    document.getElementById('showing').textContent = total === F.length
      ? 'Showing all ' + total + ' findings.'
      : 'Showing ' + total + ' of ' + F.length + ' findings.';
    articles.forEach(function (a) { if (!a.querySelector('script[type="text/html"]')) { applyFilters(a); } });
  }
  document.querySelectorAll('nav input').forEach(function (i) { i.addEventListener('change', update); });
  function flash(id) {
    var m = document.getElementById(id);
    while (m && m.tagName !== 'MARK') { m = m.nextElementSibling; }
    if (m) { m.classList.add('flash'); setTimeout(function () { m.classList.remove('flash'); }, 1200); }
  }
  // A link to a finding or a document renders its document first.
  function reveal(hash) {
    var id = hash.slice(1), m = /^[mf]-(\d+)$/.exec(id), d = /^doc-(\d+)$/.exec(id);
    var doc = m ? F[+m[1]] && F[+m[1]][0] : d ? +d[1] : null;
    if (doc === null || doc === undefined) { return; }
    var a = document.getElementById('doc-' + doc);
    if (!a) { return; }
    render(a);
    var target = document.getElementById(id);
    if (target) { target.scrollIntoView(); if (m) { flash(id); } }
  }
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[href^="#"]');
    if (!a) { return; }
    e.preventDefault();
    history.replaceState(null, '', a.getAttribute('href'));
    reveal(a.getAttribute('href'));
  });
  window.addEventListener('hashchange', function () { reveal(location.hash); });
  var closed = [];
  window.addEventListener('beforeprint', function () {
    articles.forEach(render);
    document.querySelectorAll('details:not([open])').forEach(function (d) { fill(d); d.open = true; closed.push(d); });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
  update();
  if (location.hash) { reveal(location.hash); }
  document.documentElement.dataset.readyMs = Math.round(performance.now());
  document.documentElement.dataset.ready = 'true';
})();
"##;

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The "How to fix" text of each finding, written once per distinct text: a finding's
/// `<details data-h="K">` is filled from entry K of the table when it is opened.
#[derive(Default)]
struct HelpTable<'a> {
    /// By help text and rule code, borrowed from the findings: nothing is copied to look up.
    index: HashMap<(&'a str, &'a str), usize>,
    entries: Vec<String>,
}

impl<'a> HelpTable<'a> {
    fn entry(&mut self, f: &'a Finding) -> usize {
        let key = (f.help(), f.rule.code.as_str());
        if let Some(&k) = self.index.get(&key) {
            return k;
        }
        let mut html = format!("<p>{}</p>", escape(f.help()));
        if !f.rule.references.is_empty() {
            html.push_str("<ul>");
            for r in &f.rule.references {
                let _ = write!(html, "<li>{}</li>", escape(r));
            }
            html.push_str("</ul>");
        }
        self.entries.push(html);
        self.index.insert(key, self.entries.len() - 1);
        self.entries.len() - 1
    }

    /// The table as a JSON array of markup strings, safe inside a `<script>` element.
    fn json(&self) -> String {
        let json = serde_json::to_string(&self.entries).unwrap_or_else(|_| "[]".into());
        script_safe(&json)
    }
}

/// Text that cannot end the `<script>` element it is written in.
fn script_safe(s: &str) -> String {
    s.replace("</", "<\\/")
}

fn details<'a>(out: &mut String, f: &'a Finding, help: &mut HelpTable<'a>) {
    let _ = write!(
        out,
        r#"<details data-h="{}"><summary>How to fix</summary></details>"#,
        help.entry(f)
    );
}

fn finding_item<'a>(out: &mut String, f: &'a Finding, id: usize, help: &mut HelpTable<'a>) {
    let sev = f.severity.as_str();
    let cat = f.rule.category.as_str();
    let _ = write!(
        out,
        r#"<li class="finding {sc}" id="f-{id}">"#,
        sc = severity_class(f.severity)
    );
    if let Some(s) = f.span {
        let _ = write!(
            out,
            r##"<a class="where" href="#m-{id}">{}:{}</a> "##,
            s.line, s.column
        );
    }
    let _ = write!(
        out,
        r#"<span class="badge {sc}">{sev}</span> <span class="code">{code} {name}</span>{cat}<span class="msg">{msg}</span>"#,
        sc = severity_class(f.severity),
        code = escape(&f.rule.code),
        name = escape(&f.rule.name),
        // The category, unless the rule's name already says it.
        cat = if f.rule.name == cat {
            String::new()
        } else {
            format!(r#" <span class="cat">· {cat}</span>"#)
        },
        msg = escape(&f.message),
    );
    details(out, f, help);
    out.push_str("</li>\n");
}

/// A finding a directive suppressed, with the reviewer's reason.
fn suppressed_item(out: &mut String, s: &Suppression) {
    let f = &s.finding;
    let line = s.line().map_or_else(String::new, |l| format!("{l}: "));
    let _ = write!(
        out,
        r#"<li class="finding suppressed"><span class="where">{line}</span><span class="badge approved">suppressed</span> <span class="code">{} {}</span><span class="msg">{}</span><span class="msg">Reason: {} (directive at line {})</span></li>"#,
        escape(&f.rule.code),
        escape(&f.rule.name),
        escape(&f.message),
        escape(s.reason.as_deref().unwrap_or("(no reason given)")),
        s.directive_line,
    );
}

/// The source text, one numbered line per `<span class="l">`, with every finding highlighted
/// in place: a mark never crosses a line, overlapping findings share marks, and each
/// finding's first mark is preceded by its anchor.
fn highlighted(text: &str, findings: &[(usize, &Finding)]) -> String {
    let clamp = |o: usize| o.min(text.len());
    let mut spans: Vec<(usize, usize, usize, &Finding)> = findings
        .iter()
        .filter_map(|&(i, f)| {
            f.span.map(|s| {
                (
                    clamp(s.text_start),
                    clamp(s.text_end).max(clamp(s.text_start)),
                    i,
                    f,
                )
            })
        })
        .collect();
    spans.sort_by_key(|&(start, end, i, _)| (start, end, i));
    let mut bounds: Vec<usize> = vec![0, text.len()];
    for &(start, end, _, _) in &spans {
        bounds.push(start);
        bounds.push(end);
    }
    bounds.extend(crate::source::lines::memchr_newlines(text.as_bytes()).map(|i| i + 1));
    bounds.retain(|&b| text.is_char_boundary(b));
    bounds.sort_unstable();
    bounds.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    let mut line = 1;
    let _ = write!(out, r#"<span class="l" data-n="{line}">"#);
    let mut next = 0; // the next span to enter
    let mut active: Vec<(usize, usize, usize, &Finding)> = Vec::new();
    for w in bounds.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|s| s.1 > a);
        // Every span entered here gets its anchor, an empty one too.
        while next < spans.len() && spans[next].0 <= a {
            let s = spans[next];
            let _ = write!(out, r#"<a class="anchor" id="m-{}"></a>"#, s.2);
            if s.1 > a {
                active.push(s);
            }
            next += 1;
        }
        let piece = &text[a..b];
        let (body, newline) = match piece.strip_suffix('\n') {
            Some(body) => (body, true),
            None => (piece, false),
        };
        if active.is_empty() {
            out.push_str(&escape(body));
        } else if !body.is_empty() {
            let worst = active
                .iter()
                .map(|s| s.3.severity)
                .max()
                .unwrap_or(Severity::Info);
            let ids: Vec<String> = active.iter().map(|s| s.2.to_string()).collect();
            // The tooltip is set when the document is rendered, from the findings' list.
            let _ = write!(
                out,
                r#"<mark class="{}" data-ids="{}">{}</mark>"#,
                severity_class(worst),
                ids.join(" "),
                escape(body),
            );
        }
        if newline {
            line += 1;
            let _ = write!(out, r#"</span><span class="l" data-n="{line}">"#);
        }
    }
    // Anchors of spans at the very end of the text.
    for s in &spans[next..] {
        let _ = write!(out, r#"<a class="anchor" id="m-{}"></a>"#, s.2);
    }
    out.push_str("</span>");
    out
}

struct Doc<'a> {
    path: &'a str,
    findings: Vec<(usize, &'a Finding)>,
    suppressed: Vec<&'a Suppression>,
}

fn counts(doc: &Doc) -> [usize; 3] {
    let mut c = [0; 3];
    for (_, f) in &doc.findings {
        c[severity_index(f.severity)] += 1;
    }
    c
}

/// A document's body, rendered when it is looked at.
fn document_body<'a>(html: &mut String, report: &Report, doc: &Doc<'a>, help: &mut HelpTable<'a>) {
    let document_level: Vec<&(usize, &Finding)> = doc
        .findings
        .iter()
        .filter(|(_, f)| f.span.is_none())
        .collect();
    if !document_level.is_empty() {
        html.push_str(r#"<ul class="doc-level">"#);
        for (i, f) in document_level {
            finding_item(html, f, *i, help);
        }
        html.push_str("</ul>");
    }
    let spanned: Vec<(usize, &Finding)> = doc
        .findings
        .iter()
        .filter(|(_, f)| f.span.is_some())
        .copied()
        .collect();
    html.push_str(r#"<div class="panes">"#);
    match report.source_of(doc.path).map(|p| &p.text) {
        Some(text) => {
            let _ = write!(
                html,
                r#"<pre class="source">{}</pre>"#,
                highlighted(text, &spanned)
            );
        }
        None => html.push_str(r#"<pre class="source clean">(source not available)</pre>"#),
    }
    html.push_str(r#"<ol class="findings">"#);
    if doc.findings.is_empty() && doc.suppressed.is_empty() {
        html.push_str(r#"<li class="clean">No findings.</li>"#);
    }
    for (i, f) in &spanned {
        finding_item(html, f, *i, help);
    }
    for s in &doc.suppressed {
        suppressed_item(html, s);
    }
    html.push_str("</ol></div>");
}

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Doc> = BTreeMap::new();
    let doc_of = |path| Doc {
        path,
        findings: Vec::new(),
        suppressed: Vec::new(),
    };
    for file in report.files {
        by_file.entry(file.as_ref()).or_insert_with(|| doc_of(file));
    }
    for (i, f) in report.findings.iter().enumerate() {
        by_file
            .entry(f.path.as_ref())
            .or_insert_with(|| doc_of(&f.path))
            .findings
            .push((i, f));
    }
    for s in report.suppressed {
        by_file
            .entry(s.finding.path.as_ref())
            .or_insert_with(|| doc_of(&s.finding.path))
            .suppressed
            .push(s);
    }
    let index_of: BTreeMap<&str, usize> =
        by_file.keys().enumerate().map(|(d, p)| (*p, d)).collect();
    let categories: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| report.findings.iter().any(|f| f.rule.category == *c))
        .collect();
    let mut html = String::new();
    let mut help = HelpTable::default();
    let s = report.summary;
    let _ = write!(
        html,
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>medlint report</title><style>{STYLE}</style></head><body>
<header><h1>medlint report</h1><p>{} findings ({} errors, {} warnings, {} infos) in {} files · {} suppressed · medlint {}</p><p id="showing"></p></header>
<div class="layout"><nav>"#,
        s.findings,
        s.errors,
        s.warnings,
        s.infos,
        s.files,
        s.suppressed,
        env!("CARGO_PKG_VERSION")
    );
    html.push_str("<h2>Severity</h2>");
    for (sev, n) in [
        ("error", s.errors),
        ("warning", s.warnings),
        ("info", s.infos),
    ] {
        let _ = write!(
            html,
            r#"<label><span><input type="checkbox" checked data-sev="{sev}"> {sev}</span><span class="n" data-count-sev="{sev}">{n}</span></label>"#
        );
    }
    html.push_str("<h2>Category</h2>");
    for c in &categories {
        let n = report
            .findings
            .iter()
            .filter(|f| f.rule.category == *c)
            .count();
        let _ = write!(
            html,
            r#"<label><span><input type="checkbox" checked data-cat="{c}"> {c}</span><span class="n" data-count-cat="{c}">{n}</span></label>"#
        );
    }
    html.push_str(r#"<h2>Documents</h2><label><span><input type="checkbox" id="only-shown"> only those with findings shown</span></label><ul>"#);
    for (d, doc) in by_file.values().enumerate() {
        let _ = write!(
            html,
            r##"<li data-doc="{d}"><a href="#doc-{d}"{}>{}</a> <span class="n" data-count="3">{}</span></li>"##,
            title_of(report, doc.path)
                .map_or_else(String::new, |t| format!(r#" title="{}""#, escape(t))),
            escape(doc.path),
            doc.findings.len()
        );
    }
    if !report.suppressed.is_empty() {
        let _ = write!(
            html,
            r##"</ul><h2>Audit trail</h2><ul><li><a href="#suppressed">Suppressed findings</a> <span class="n">{}</span></li>"##,
            report.suppressed.len()
        );
    }
    html.push_str("</ul></nav><main>\n");
    if !report.suppressed.is_empty() {
        let _ = write!(
            html,
            r#"<section class="suppressed" id="suppressed"><h2>Suppressed findings <span class="n">{}</span></h2><table><thead><tr><th>Document</th><th>Line</th><th>Rule</th><th>Finding</th><th>Reason</th><th>Directive</th></tr></thead><tbody>"#,
            report.suppressed.len()
        );
        for sup in report.suppressed {
            let f = &sup.finding;
            let d = index_of[f.path.as_ref()];
            let _ = write!(
                html,
                r##"<tr><td><a href="#doc-{d}">{}</a></td><td class="num">{}</td><td><code>{} {}</code></td><td>{}</td><td>{}</td><td class="num">line {}</td></tr>"##,
                escape(&f.path),
                sup.line()
                    .map_or_else(|| "—".to_string(), |l| l.to_string()),
                escape(&f.rule.code),
                escape(&f.rule.name),
                escape(&f.message),
                escape(sup.reason.as_deref().unwrap_or("(no reason given)")),
                sup.directive_line,
            );
        }
        html.push_str("</tbody></table></section>\n");
    }
    for (d, doc) in by_file.values().enumerate() {
        let [e, w, i] = counts(doc);
        let _ = write!(
            html,
            r#"<article id="doc-{d}" data-doc="{d}"><h2><span class="doc-name"><code>{}</code>{}</span><span class="counts"><span class="badge sev-error"><span data-count="0">{e}</span> errors</span><span class="badge sev-warning"><span data-count="1">{w}</span> warnings</span><span class="badge sev-info"><span data-count="2">{i}</span> infos</span>"#,
            escape(doc.path),
            title_of(report, doc.path).map_or_else(String::new, |t| format!(
                r#"<span class="doc-title">{}</span>"#,
                escape(t)
            )),
        );
        if !doc.suppressed.is_empty() {
            let _ = write!(
                html,
                r#"<span class="badge approved">{} suppressed</span>"#,
                doc.suppressed.len()
            );
        }
        html.push_str(
            r#"</span></h2><div class="pending">Loading…</div><script type="text/html">"#,
        );
        let start = html.len();
        document_body(&mut html, report, doc, &mut help);
        // The body's own markup never holds `</script`: every linted character is escaped.
        debug_assert!(!html[start..].contains("</script"));
        html.push_str("</script></article>\n");
    }
    // What the filters count: each finding's document, severity and category.
    html.push_str(r#"</main></div><script type="application/json" id="medlint-data">{"cats":["#);
    for (k, c) in categories.iter().enumerate() {
        let _ = write!(html, "{}\"{c}\"", if k == 0 { "" } else { "," });
    }
    html.push_str("],\"f\":[");
    for (k, f) in report.findings.iter().enumerate() {
        let cat = categories
            .iter()
            .position(|c| *c == f.rule.category)
            .unwrap_or(0);
        let _ = write!(
            html,
            "{}[{},{},{cat}]",
            if k == 0 { "" } else { "," },
            index_of[f.path.as_ref()],
            severity_index(f.severity),
        );
    }
    let _ = writeln!(
        html,
        "]}}</script><script type=\"application/json\" id=\"medlint-help\">{}</script><script>{SCRIPT}</script></body></html>",
        help.json()
    );
    out.write_all(html.as_bytes())
}

/// What the page calls itself, for the report's headings.
fn title_of<'r>(report: &'r Report, path: &str) -> Option<&'r str> {
    report.source_of(path)?.title.as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}

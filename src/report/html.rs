//! A self-contained HTML report for reviewers: every document with its findings highlighted in
//! place, document-level findings at the top of their document, totals and filters by category
//! and severity. Inline CSS and JavaScript only; nothing is fetched. All linted text is escaped.

use super::Report;
use crate::diagnostic::{Category, Finding, Severity};
use std::collections::BTreeMap;
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
nav label span.n { color: #78909c; }
nav ul { list-style: none; padding: 0; margin: 0; }
nav li a { color: #37474f; text-decoration: none; word-break: break-all; }
nav li a:hover { text-decoration: underline; }
main { flex: 1; min-width: 0; padding: 16px 24px; }
article { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 24px; }
article > h2 { margin: 0; padding: 10px 14px; font-size: 15px; border-bottom: 1px solid var(--line); display: flex; justify-content: space-between; gap: 12px; }
article > h2 code { word-break: break-all; }
.counts span { margin-left: 8px; font-weight: normal; font-size: 12px; }
.doc-level { margin: 0; padding: 10px 14px; list-style: none; border-bottom: 1px solid var(--line); background: #fff8e1; }
.panes { display: flex; }
.source { flex: 1.4; min-width: 0; margin: 0; padding: 12px 14px; white-space: pre-wrap; word-wrap: break-word; font: 13px/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; border-right: 1px solid var(--line); max-height: 80vh; overflow: auto; }
.findings { flex: 1; min-width: 0; margin: 0; padding: 8px 14px; list-style: none; max-height: 80vh; overflow: auto; }
.finding { padding: 6px 0 6px 10px; border-left: 3px solid var(--line); margin: 6px 0; }
.finding.sev-error { border-color: var(--error); }
.finding.sev-warning { border-color: var(--warning); }
.finding.sev-info { border-color: var(--info); }
.finding .where { font: 12px ui-monospace, monospace; color: #607d8b; text-decoration: none; }
.finding .code { font: 12px ui-monospace, monospace; font-weight: 600; }
.finding .msg { display: block; }
.finding details { color: #455a64; font-size: 13px; }
.finding details ul { margin: 4px 0; padding-left: 18px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; color: #fff; }
.badge.sev-error { background: var(--error); } .badge.sev-warning { background: var(--warning); } .badge.sev-info { background: var(--info); }
mark { background: rgba(255, 193, 7, .35); border-bottom: 2px solid var(--warning); border-radius: 2px; cursor: help; color: inherit; }
mark.sev-error { background: rgba(198, 40, 40, .15); border-color: var(--error); }
mark.sev-info { background: rgba(21, 101, 192, .12); border-color: var(--info); }
mark.off { background: none; border-color: transparent; cursor: auto; }
mark.flash { outline: 2px solid #263238; }
.hidden { display: none; }
.clean { color: #607d8b; }
"#;

const SCRIPT: &str = r#"
(function () {
  function update() {
    var sev = {}, cat = {};
    document.querySelectorAll('input[data-sev]').forEach(function (i) { sev[i.dataset.sev] = i.checked; });
    document.querySelectorAll('input[data-cat]').forEach(function (i) { cat[i.dataset.cat] = i.checked; });
    var shown = {};
    document.querySelectorAll('.finding').forEach(function (li) {
      var on = sev[li.dataset.sev] !== false && cat[li.dataset.cat] !== false;
      li.classList.toggle('hidden', !on);
      shown[li.dataset.id] = on;
    });
    document.querySelectorAll('mark[data-ids]').forEach(function (m) {
      var on = m.dataset.ids.split(' ').some(function (id) { return shown[id]; });
      m.classList.toggle('off', !on);
    });
  }
  document.querySelectorAll('nav input').forEach(function (i) { i.addEventListener('change', update); });
  document.querySelectorAll('a.where').forEach(function (a) {
    a.addEventListener('click', function () {
      var m = document.getElementById(a.getAttribute('href').slice(1));
      while (m && m.tagName !== 'MARK') { m = m.nextElementSibling; }
      if (m) { m.classList.add('flash'); setTimeout(function () { m.classList.remove('flash'); }, 1200); }
    });
  });
  update();
})();
"#;

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

fn finding_item(out: &mut String, f: &Finding, id: usize) {
    let sev = f.severity.as_str();
    let cat = f.rule.category.as_str();
    let _ = write!(
        out,
        r#"<li class="finding {sc}" id="f-{id}" data-id="{id}" data-sev="{sev}" data-cat="{cat}">"#,
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
        r#"<span class="badge {sc}">{sev}</span> <span class="code">{code} {name}</span> <span class="cat">· {cat}</span><span class="msg">{msg}</span><details><summary>How to fix</summary><p>{help}</p>"#,
        sc = severity_class(f.severity),
        code = escape(&f.rule.code),
        name = escape(&f.rule.name),
        msg = escape(&f.message),
        help = escape(f.help()),
    );
    if !f.rule.references.is_empty() {
        out.push_str("<ul>");
        for r in &f.rule.references {
            let _ = write!(out, "<li>{}</li>", escape(r));
        }
        out.push_str("</ul>");
    }
    out.push_str("</details></li>\n");
}

/// The source text with every finding highlighted in place; overlapping findings share marks.
fn highlighted(text: &str, findings: &[(usize, &Finding)]) -> String {
    let mut bounds: Vec<usize> = vec![0, text.len()];
    for (_, f) in findings {
        if let Some(s) = f.span {
            bounds.push(s.text_start.min(text.len()));
            bounds.push(s.text_end.min(text.len()));
        }
    }
    bounds.sort_unstable();
    bounds.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    let mut first_mark: BTreeMap<usize, bool> = BTreeMap::new();
    for w in bounds.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a == b || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        let active: Vec<&(usize, &Finding)> = findings
            .iter()
            .filter(|(_, f)| f.span.is_some_and(|s| s.text_start <= a && s.text_end >= b))
            .collect();
        let piece = escape(&text[a..b]);
        if active.is_empty() {
            out.push_str(&piece);
            continue;
        }
        let worst = active
            .iter()
            .map(|(_, f)| f.severity)
            .max()
            .unwrap_or(Severity::Info);
        let ids: Vec<String> = active.iter().map(|(i, _)| i.to_string()).collect();
        let title: Vec<String> = active
            .iter()
            .map(|(_, f)| format!("{} {}: {}", f.rule.code, f.rule.name, f.message))
            .collect();
        // Each finding's first piece is preceded by its anchor (several may start together).
        for (i, f) in &active {
            if f.span.is_some_and(|s| s.text_start == a) && first_mark.insert(*i, true).is_none() {
                let _ = write!(out, r#"<a class="anchor" id="m-{i}"></a>"#);
            }
        }
        let _ = write!(
            out,
            r#"<mark class="{}" data-ids="{}" title="{}">{piece}</mark>"#,
            severity_class(worst),
            ids.join(" "),
            escape(&title.join("\n")),
        );
    }
    out
}

pub fn write(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<(usize, &Finding)>> = BTreeMap::new();
    for file in report.files {
        by_file.entry(file.as_ref()).or_default();
    }
    for (i, f) in report.findings.iter().enumerate() {
        by_file.entry(f.path.as_ref()).or_default().push((i, f));
    }
    let mut html = String::new();
    let s = report.summary;
    let _ = write!(
        html,
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>medlint report</title><style>{STYLE}</style></head><body>
<header><h1>medlint report</h1><p>{} findings ({} errors, {} warnings, {} infos) in {} files · {} suppressed · medlint {}</p></header>
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
            r#"<label><span><input type="checkbox" checked data-sev="{sev}"> {sev}</span><span class="n">{n}</span></label>"#
        );
    }
    html.push_str("<h2>Category</h2>");
    for c in Category::ALL {
        let n = report
            .findings
            .iter()
            .filter(|f| f.rule.category == c)
            .count();
        if n == 0 {
            continue;
        }
        let _ = write!(
            html,
            r#"<label><span><input type="checkbox" checked data-cat="{c}"> {c}</span><span class="n">{n}</span></label>"#
        );
    }
    html.push_str("<h2>Documents</h2><ul>");
    for (d, (path, fs)) in by_file.iter().enumerate() {
        let _ = write!(
            html,
            r##"<li><a href="#doc-{d}">{}</a> <span class="n">{}</span></li>"##,
            escape(path),
            fs.len()
        );
    }
    html.push_str("</ul></nav><main>\n");
    for (d, (path, fs)) in by_file.iter().enumerate() {
        let count = |sev: Severity| fs.iter().filter(|(_, f)| f.severity == sev).count();
        let _ = write!(
            html,
            r#"<article id="doc-{d}"><h2><code>{}</code><span class="counts"><span class="badge sev-error">{} errors</span><span class="badge sev-warning">{} warnings</span><span class="badge sev-info">{} infos</span></span></h2>"#,
            escape(path),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        );
        let document_level: Vec<&(usize, &Finding)> =
            fs.iter().filter(|(_, f)| f.span.is_none()).collect();
        if !document_level.is_empty() {
            html.push_str(r#"<ul class="doc-level">"#);
            for (i, f) in document_level {
                finding_item(&mut html, f, *i);
            }
            html.push_str("</ul>");
        }
        let spanned: Vec<(usize, &Finding)> = fs
            .iter()
            .filter(|(_, f)| f.span.is_some())
            .copied()
            .collect();
        html.push_str(r#"<div class="panes">"#);
        match report.source_of(path) {
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
        if spanned.is_empty() && fs.is_empty() {
            html.push_str(r#"<li class="clean">No findings.</li>"#);
        }
        for (i, f) in &spanned {
            finding_item(&mut html, f, *i);
        }
        html.push_str("</ol></div></article>\n");
    }
    let _ = writeln!(html, "</main></div><script>{SCRIPT}</script></body></html>");
    out.write_all(html.as_bytes())
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

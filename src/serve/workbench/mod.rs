//! The analysts' workbench (分析工作台): Chinese-first pages for people who do not write SPARQL —
//! 总览 (`/`), 产业链 (`/chain/ID`), 攻关方向 (`/direction/ID`), 企业画像 (`/firm/ID`), 资源
//! (`/resource/ID`), other entities (`/entity/ID`), 培育库 (`/pools`) and 搜索 (`/search?q=`).
//!
//! Every page is one HTML shell and one script (`assets/serve/workbench.js`) that reads the page's
//! JSON from `/api/page/KIND?id=…&lang=…` — the same API a script can call — and draws its
//! tables (sortable), charts (ECharts) and network (Cytoscape.js). `/api/table?page=…&id=…&table=…
//! &format=xlsx|csv` writes any table of a page as a workbook or CSV with the same headings and
//! labels. Errors are in the page's language, with "did you mean" links.

mod build;
mod model;

use super::App;
use super::api::json_response;
use super::http::{Request, Response};
use super::respond::form_pairs;
use crate::base::Lang;
use crate::base::error::Error;
use crate::base::kind::{Kind, KindFilter};
use crate::base::names::Entity;
use build::{Context, t};
use model::Page;
use serde_json::json;

const SHELL: &str = include_str!("../../../assets/serve/workbench.html");

/// The page kinds with their own path segment.
pub(super) const ENTITY_PAGES: [&str; 5] = ["chain", "direction", "firm", "resource", "entity"];

fn params_of(request: &Request) -> Vec<(String, String)> {
    form_pairs(request.query.as_bytes())
}

fn value<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    super::api::value(params, name)
}

/// The page's language: `lang=en` gives English, anything else Chinese.
fn lang_of(params: &[(String, String)]) -> Lang {
    match value(params, "lang") {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The language an API call asks for; anything but `zh` or `en` is a 400 (the pages ask for one of
/// the two; the shell itself reads any other value as Chinese).
fn api_lang(params: &[(String, String)]) -> Result<Lang, Response> {
    match value(params, "lang") {
        None | Some("zh") => Ok(Lang::Zh),
        Some("en") => Ok(Lang::En),
        Some(other) => Err(json_response(
            400,
            &json!({ "error": format!("未知的语言“{other}”：请用 lang=zh（中文）或 lang=en（English）/ unknown lang '{other}': use zh or en") }),
        )),
    }
}

/// `GET /`, `/chain/ID`, …: the page shell; its script reads the page's JSON.
pub(super) fn shell(request: &Request, page: &str, id: &str) -> Response {
    let lang = lang_of(&params_of(request));
    let attr = |text: &str| {
        text.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    let html = SHELL
        .replace("{{lang}}", lang.tag())
        .replace("{{page}}", page)
        .replace("{{id}}", &attr(id))
        .replace(
            "{{title}}",
            &t(
                lang,
                "产业科技创新资源图谱 · 分析工作台",
                "Innovation resource map · workbench",
            ),
        );
    super::pages::html_response(html)
}

/// The filter a page resolves its entity with.
fn filter_of(page: &str) -> Option<KindFilter> {
    match page {
        "firm" => Some(KindFilter::Kind(Kind::Firm)),
        "chain" => Some(KindFilter::Kind(Kind::Chain)),
        "direction" => Some(KindFilter::Kind(Kind::Direction)),
        "resource" => Some(KindFilter::Resource),
        _ => None,
    }
}

fn what_of(page: &str, lang: Lang) -> String {
    match page {
        "firm" => t(lang, "企业", "firm"),
        "chain" => t(lang, "产业链", "chain"),
        "direction" => t(lang, "攻关方向", "direction"),
        "resource" => t(lang, "创新资源", "innovation resource"),
        _ => t(lang, "实体", "entity"),
    }
}

/// One sentence in the page's language, with the status it deserves; suggestions and candidates
/// as links.
fn error_response(error: &Error, page: &str, lang: Lang) -> Response {
    let what = what_of(page, lang);
    let link = |(id, label): &(String, String)| json!({ "id": id, "label": label, "href": format!("/{}/{}", if ENTITY_PAGES.contains(&page) { page } else { "entity" }, id) });
    let (status, message, links) = match error {
        Error::UnknownEntity {
            name, suggestions, ..
        } => {
            let mut message = t(
                lang,
                &format!("找不到“{name}”对应的{what}。"),
                &format!("No {what} is called “{name}”."),
            );
            if suggestions.is_empty() {
                message.push_str(&t(
                    lang,
                    "请用上方搜索框查找。",
                    " Use the search box above.",
                ));
            } else {
                message.push_str(&t(lang, "您是否要找：", " Did you mean: "));
                let names: Vec<String> = suggestions
                    .iter()
                    .map(|(id, label)| format!("{label}（{id}）"))
                    .collect();
                message.push_str(&names.join(if lang == Lang::Zh { "、" } else { ", " }));
                message.push_str(&t(lang, "？", "?"));
            }
            (
                404,
                message,
                suggestions.iter().map(link).collect::<Vec<_>>(),
            )
        }
        Error::AmbiguousEntity {
            name, candidates, ..
        } => (
            409,
            t(
                lang,
                &format!("“{name}”对应多个{what}，请选择其中一个："),
                &format!("“{name}” names several: choose one of these {what} pages:"),
            ),
            candidates.iter().map(link).collect(),
        ),
        Error::Timeout { .. } => (
            503,
            t(
                lang,
                "查询超时，请稍后重试。",
                "The request timed out; try again shortly.",
            ),
            Vec::new(),
        ),
        other => (
            500,
            t(
                lang,
                &format!("页面数据读取失败（{other}）。"),
                &format!("The page's data could not be read ({other})."),
            ),
            Vec::new(),
        ),
    };
    json_response(status, &json!({ "error": message, "links": links }))
}

fn busy(app: &App, lang: Lang) -> Response {
    json_response(
        503,
        &json!({ "error": t(lang, &format!("服务器繁忙（{} 个查询正在运行），请稍后重试。", app.options.threads), &format!("The server is busy ({} queries running); try again shortly.", app.options.threads)) }),
    )
    .with_header("Retry-After", "1")
}

/// What the page asked for, built; or the response to give instead (an error or a redirect).
fn build_page(
    app: &App,
    page: &str,
    params: &[(String, String)],
) -> Result<(Page, Lang), Response> {
    let lang = api_lang(params)?;
    let fail = |error: Error| error_response(&error, page, lang);
    let _permit = app
        .permits
        .acquire(app.options.timeout)
        .ok_or_else(|| busy(app, lang))?;
    let index = app.index().map_err(fail)?;
    let graph = app.graph().map_err(fail)?;
    let facts = app.facts().map_err(fail)?;
    let all = app.match_all().map_err(fail)?;
    let data_version = app.version().map_err(fail)?.describe_plain(lang);
    let cx = Context {
        store: &app.store,
        index: index.clone(),
        graph,
        facts,
        all,
        lang,
        timeout: app.options.timeout,
        financials: app.options.include_financials,
        data_version,
    };
    let entity = |page: &str| -> Result<Entity, Response> {
        let Some(id) = value(params, "id") else {
            return Err(json_response(
                400,
                &json!({ "error": t(lang, &format!("请给出{}：?id=…", what_of(page, lang)), &format!("give the {}: ?id=…", what_of(page, lang))) }),
            ));
        };
        match index.resolve(id, filter_of(page), page) {
            Ok(entity) if build::page_of(entity.kind) == page => Ok(entity.clone()),
            Ok(entity) => Err(redirect(entity, lang)),
            Err(error @ Error::UnknownEntity { .. }) if filter_of(page).is_some() => {
                // The name may be an entity with another page: send the page there.
                match index.resolve(id, None, page) {
                    Ok(entity) => Err(redirect(entity, lang)),
                    Err(_) => Err(fail(error)),
                }
            }
            Err(error) => Err(fail(error)),
        }
    };
    let built = match page {
        "overview" => build::overview(&cx),
        "pools" => build::pools(&cx),
        "analysis" => build::analysis(&cx),
        "search" => Ok(build::search(&cx, value(params, "q").unwrap_or(""))),
        "chain" => build::chain(&cx, &entity(page)?),
        "direction" => build::direction(&cx, &entity(page)?),
        "firm" => build::firm(&cx, &entity(page)?),
        "resource" => build::resource(&cx, &entity(page)?),
        "entity" => build::entity(&cx, &entity(page)?),
        other => {
            return Err(json_response(
                404,
                &json!({ "error": t(lang, &format!("没有名为 {other} 的页面。"), &format!("There is no page called {other}.")) }),
            ));
        }
    };
    built.map(|page| (page, lang)).map_err(fail)
}

/// Where an entity's page is, as an answer the page's script follows.
fn redirect(entity: &Entity, lang: Lang) -> Response {
    let href = build::href(entity.kind, &entity.id);
    json_response(
        200,
        &json!({ "redirect": href, "label": entity.label(lang) }),
    )
}

/// `GET /api/page/KIND?id=…&lang=…`: a page's content as JSON.
pub(super) fn page_api(app: &App, request: &Request, page: &str) -> Response {
    let params = params_of(request);
    match build_page(app, page, &params) {
        Ok((built, lang)) => {
            let mut response = json_response(200, &built.to_json(lang));
            response = response.with_header("Cache-Control", "no-cache");
            response
        }
        Err(response) => response,
    }
}

/// `GET /api/table?page=KIND&id=…&table=NAME&format=xlsx|csv&lang=…`: one table of a page as a
/// workbook or CSV for spreadsheets.
pub(super) fn table_download(app: &App, request: &Request) -> Response {
    let params = params_of(request);
    let lang = match api_lang(&params) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let page = value(&params, "page").unwrap_or("overview").to_owned();
    let format = value(&params, "format").unwrap_or("xlsx");
    if !matches!(format, "xlsx" | "csv") {
        return json_response(
            400,
            &json!({ "error": t(lang, &format!("不支持的格式 {format}：请用 xlsx 或 csv。"), &format!("unknown format {format}: use xlsx or csv")) }),
        );
    }
    let (built, lang) = match build_page(app, &page, &params) {
        Ok(built) => built,
        Err(response) => return response,
    };
    let name = value(&params, "table").unwrap_or("");
    let Some(table) = built.table(name) else {
        return json_response(
            404,
            &json!({ "error": t(lang, &format!("此页面没有名为 {name} 的表格；可下载：{}。", built.table_names().join("、")), &format!("this page has no table called {name}; it has {}", built.table_names().join(", "))) }),
        );
    };
    let stem = match &built.id {
        Some(id) => format!("{page}-{id}-{name}"),
        None => format!("{page}-{name}"),
    };
    let ascii: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let people = format!("{} - {}", built.title, table.title);
    let encoded: String = form_urlencoded::byte_serialize(people.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let mut body = Vec::new();
    let (media, extension) = if format == "csv" {
        if let Err(error) = crate::features::spreadsheet::write_csv(&table.sheet, &mut body) {
            return error_response(
                &Error::Input {
                    message: error.to_string(),
                },
                &page,
                lang,
            );
        }
        ("text/csv; charset=utf-8", "csv")
    } else {
        let year = app.graph().map(|g| i64::from(g.as_of())).unwrap_or(2025);
        if let Err(error) = crate::features::spreadsheet::write_xlsx(
            std::slice::from_ref(&table.sheet),
            &people,
            year,
            &mut body,
        ) {
            return error_response(&error, &page, lang);
        }
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    };
    Response::new(200, media, body).with_header(
        "Content-Disposition",
        format!(
            "attachment; filename=\"{ascii}.{extension}\"; filename*=UTF-8''{encoded}.{extension}"
        ),
    )
}

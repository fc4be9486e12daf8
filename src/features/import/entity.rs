//! Which entity each row of a sheet is about, and how it was found (credit code, id, name, content,
//! or new): what row mapping decides and the import plan reports.

use crate::base::Lang;

/// How a row's entity was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// Not in the store: the row adds it.
    New,
    CreditCode,
    Id,
    /// A label or alias equals the row's name.
    Label,
    /// An 8×10 row or investment with the same parts.
    Key,
}

impl MatchedBy {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MatchedBy::New, Lang::Zh) => "新增",
            (MatchedBy::CreditCode, Lang::Zh) => "按统一社会信用代码匹配",
            (MatchedBy::Id, Lang::Zh) => "按标识匹配",
            (MatchedBy::Label, Lang::Zh) => "按名称匹配",
            (MatchedBy::Key, Lang::Zh) => "按内容匹配",
            (MatchedBy::New, Lang::En) => "new",
            (MatchedBy::CreditCode, Lang::En) => "matched by credit code",
            (MatchedBy::Id, Lang::En) => "matched by id",
            (MatchedBy::Label, Lang::En) => "matched by name",
            (MatchedBy::Key, Lang::En) => "matched by content",
        }
    }
}

/// The entity one row is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlannedEntity {
    pub row: usize,
    pub iri: String,
    pub id: String,
    pub kind: String,
    pub name: String,
    pub matched: MatchedBy,
}

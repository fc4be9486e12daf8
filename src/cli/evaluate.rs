//! `innomap evaluate`: partner matching scored on the loaded map's own history (a temporal split),
//! beside the baselines; `--fit` learns the signal weights; `--consortia` checks whole consortia.

use super::ListFormat;
use anyhow::Context as _;
use clap::Args;
use innomap::features::evaluation::{EvaluateOptions, EvaluateReport, evaluate};
use innomap::features::table as people;
use innomap::{Error, Lang, PartnerWeights, Store, StoreConfig, WeightPolicy};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// The last known year (default: the year that leaves about 20 % of collaborations later).
    #[arg(long, value_name = "YEAR")]
    split_year: Option<i32>,
    /// K of recall@K and NDCG@K.
    #[arg(long, default_value_t = 10)]
    k: usize,
    /// Seed of the random baseline and of the samples.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Score at most this many later collaborations' queries (a seeded sample; default: all).
    #[arg(long, value_name = "N")]
    max_queries: Option<usize>,
    /// Learn the signal weights from the history before the split year (coordinate ascent on an
    /// inner temporal split), and score them beside the weights in use.
    #[arg(long)]
    fit: bool,
    /// Fit on at most this many inner queries (a seeded sample).
    #[arg(long, default_value_t = 300, value_name = "N")]
    fit_queries: usize,
    /// With --fit, write the fitted weights to this JSON file (for `match partners --weights`).
    #[arg(short = 'o', long = "output", value_name = "FILE", requires = "fit")]
    output: Option<PathBuf>,
    /// Rank with the weights in this file instead of the shipped ones.
    #[arg(long, value_name = "FILE")]
    weights: Option<PathBuf>,
    /// Also check consortia: later recorded consortia (and collaborations with a direction and 3+
    /// participants) against the consortium proposed for their direction and leader.
    #[arg(long)]
    consortia: bool,
    /// table or json.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

/// Reads a weights file written by `innomap evaluate --fit -o`.
pub fn read_weights(path: &Path) -> Result<PartnerWeights, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::Usage(format!(
            "--weights {}: cannot read it ({e}); give a file written by `innomap evaluate --fit -o FILE`",
            path.display()
        ))
    })?;
    PartnerWeights::from_json(&text).map_err(|e| {
        Error::Usage(format!(
            "--weights {}: {e}; give a file written by `innomap evaluate --fit -o FILE`",
            path.display()
        ))
    })
}

pub fn run(
    config: &StoreConfig,
    args: &EvaluateArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    if args.k == 0 {
        return Err(Error::Usage("--k must be at least 1".into()).into());
    }
    if args.fit_queries == 0 || args.max_queries == Some(0) {
        return Err(
            Error::Usage("--fit-queries and --max-queries must be at least 1".into()).into(),
        );
    }
    let weights = args
        .weights
        .as_deref()
        .map(read_weights)
        .transpose()?
        .unwrap_or_default();
    let store = Store::open(config)?;
    let input = innomap::read_projection(&store)?;
    let roles = innomap::projection::read_collaboration_roles(&store)?;
    let records = if args.consortia {
        innomap::projection::read_consortium_records(&store)?
    } else {
        Vec::new()
    };
    let options = EvaluateOptions {
        split_year: args.split_year,
        k: args.k,
        seed: args.seed,
        max_queries: args.max_queries,
        max_fit_queries: args.fit_queries,
        weights,
        fit: args.fit,
        consortia: args.consortia,
    };
    let (report, fitted) = evaluate(&input, &roles, &records, &WeightPolicy::default(), &options)?;
    if let (Some(path), Some(weights)) = (&args.output, &fitted) {
        let fit = report
            .fit
            .as_ref()
            .expect("a fit report with fitted weights");
        let file = serde_json::json!({
            "method": fit.method,
            "fitted_on": {
                "collaborations": report.collaborations,
                "split_year": report.split_year,
                "inner_split_year": fit.inner_split_year,
                "inner_queries": fit.inner_queries,
                "objective_before": fit.objective_before,
                "objective_after": fit.objective_after,
            },
            "epsilon": weights.epsilon,
            "weights": weights.to_json_map(),
        });
        std::fs::write(path, format!("{}\n", serde_json::to_string_pretty(&file)?))
            .with_context(|| format!("cannot write the weights to {}", path.display()))?;
    }
    match args.format {
        ListFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        ListFormat::Table => write_table(&report, lang, out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_table(report: &EvaluateReport, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let mut fit = people::Fit::new(out);
    let out: &mut dyn Write = &mut fit;
    let zh = lang == Lang::Zh;
    let k = report.k;
    if zh {
        writeln!(
            out,
            "时间切分：{} 年及以前的 {} 项合作已知，之后的 {} 项待预测；{} 个查询（共 {} 个，{} 个带攻关方向）",
            report.split_year,
            report.training_collaborations,
            report.later_collaborations,
            report.queries,
            report.eligible_queries,
            report.queries_with_direction
        )?;
    } else {
        writeln!(
            out,
            "Temporal split: {} collaborations up to {} known, {} later to predict; {} queries (of {}, {} with a direction)",
            report.training_collaborations,
            report.split_year,
            report.later_collaborations,
            report.queries,
            report.eligible_queries,
            report.queries_with_direction
        )?;
    }
    let mut table = people::new(Vec::new());
    let header: Vec<String> = if zh {
        vec![
            "排序方法".into(),
            format!("召回率@{k}"),
            "MRR".into(),
            format!("NDCG@{k}"),
            format!("新伙伴 召回率@{k}"),
            "新伙伴 MRR".into(),
            format!("新伙伴 NDCG@{k}"),
        ]
    } else {
        vec![
            "ranker".into(),
            format!("recall@{k}"),
            "MRR".into(),
            format!("NDCG@{k}"),
            format!("new: recall@{k}"),
            "new: MRR".into(),
            format!("new: NDCG@{k}"),
        ]
    };
    table.set_header(header);
    for r in &report.rankers {
        let name = if zh {
            ranker_zh(&r.ranker)
        } else {
            r.ranker.clone()
        };
        table.add_row(vec![
            name,
            format!("{:.3}", r.all_partners.recall_at_k),
            format!("{:.3}", r.all_partners.mrr),
            format!("{:.3}", r.all_partners.ndcg_at_k),
            format!("{:.3}", r.new_ties.recall_at_k),
            format!("{:.3}", r.new_ties.mrr),
            format!("{:.3}", r.new_ties.ndcg_at_k),
        ]);
    }
    people::write(out, table)?;
    if let Some(fit) = &report.fit {
        let weights: Vec<String> = fit
            .weights
            .iter()
            .filter(|(_, w)| **w > 0.0)
            .map(|(s, w)| {
                let name = innomap::matching::report::part_label(s);
                format!("{} {w:.3}", if zh { name.zh } else { name.en })
            })
            .collect();
        if zh {
            writeln!(
                out,
                "拟合：在 {} 年前的历史上再做时间切分（{} 年为界，{} 个查询），坐标上升法；目标 {:.3} → {:.3}；权重：{}",
                report.split_year + 1,
                fit.inner_split_year,
                fit.inner_queries,
                fit.objective_before,
                fit.objective_after,
                weights.join("、")
            )?;
        } else {
            writeln!(
                out,
                "Fit: an inner temporal split of the history up to {} (at {}, {} queries), coordinate ascent; objective {:.3} → {:.3}; weights: {}",
                report.split_year,
                fit.inner_split_year,
                fit.inner_queries,
                fit.objective_before,
                fit.objective_after,
                weights.join(", ")
            )?;
        }
    }
    if let Some(c) = &report.consortia {
        if zh {
            writeln!(
                out,
                "联合体检验：{} 个后来组建的联合体，推荐方案平均包含其成员的 {:.1} %，基线（所需能力最活跃的本地持有者）{:.1} %",
                c.cases,
                c.member_recall * 100.0,
                c.baseline_member_recall * 100.0
            )?;
        } else {
            writeln!(
                out,
                "Consortia: {} later consortia; the proposal contains {:.1} % of their members on average, the baseline ({}) {:.1} %",
                c.cases,
                c.member_recall * 100.0,
                c.baseline,
                c.baseline_member_recall * 100.0
            )?;
        }
    }
    Ok(())
}

fn ranker_zh(name: &str) -> String {
    match name {
        "innomap" => "innomap 伙伴推荐".into(),
        "innomap (fitted)" => "innomap（本次拟合权重）".into(),
        "random" => "随机".into(),
        "popularity" => "合作活跃度".into(),
        "need × rarity" => "能力需求×稀缺度".into(),
        "Adamic–Adar" => "共同伙伴（Adamic–Adar）".into(),
        "informed (multiplicative)" => "综合乘积基线".into(),
        other => other.into(),
    }
}

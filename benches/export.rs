//! Export speed: a 150-node subgraph of the bundled map written to every format.
//!
//! `cargo bench --bench export -- [--runs R] [--max-nodes N]`
//!
//! Loads the bundled data, projects it and reads the export facts (timed apart), selects the whole
//! map cut to the 150 most connected nodes, then times the layout (force-directed), each format
//! (dot, svg, png, graphml, gexf, json, html, ttl, nt) and all of them together, as the median of R
//! runs. The goal (issue 4): all formats together well under a second. Run by hand, never asserted
//! in tests.

use innomap::features::export::{self, Format, RenderOptions, SelectOptions, Selection, layout};
use innomap::{Lang, Store, StoreConfig, WeightPolicy};
use std::time::{Duration, Instant};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = arg(&args, "--runs").map_or(Ok(9), |r| r.parse())?;
    let max_nodes: usize = arg(&args, "--max-nodes").map_or(Ok(150), |r| r.parse())?;

    let start = Instant::now();
    let store = Store::open(&StoreConfig::default())?;
    let loaded = start.elapsed();
    let start = Instant::now();
    let (graph, _) = innomap::project(&store, &WeightPolicy::default())?;
    let facts = export::read_facts(&store, false)?;
    let subgraph = export::select(
        &graph,
        &facts,
        &Selection::Whole,
        &SelectOptions {
            max_nodes: Some(max_nodes),
            ..SelectOptions::default()
        },
    )?;
    let selected = start.elapsed();
    println!(
        "bundled data loaded in {:.1} ms; projected, facts read and {} nodes / {} edges selected in {:.1} ms",
        ms(loaded),
        subgraph.nodes.len(),
        subgraph.edges.len(),
        ms(selected)
    );

    let options = RenderOptions {
        lang: Lang::Zh,
        ..RenderOptions::default()
    };
    let mut layout_times = Vec::new();
    let mut per_format: Vec<(Format, Vec<Duration>, usize)> =
        Format::ALL.iter().map(|f| (*f, Vec::new(), 0)).collect();
    let mut totals = Vec::new();
    for _ in 0..runs {
        let all = Instant::now();
        let start = Instant::now();
        let drawing = layout::draw(&subgraph, options.lang);
        layout_times.push(start.elapsed());
        for (format, times, size) in per_format.iter_mut() {
            let start = Instant::now();
            let mut bytes = Vec::new();
            if format.is_rdf() {
                let triples = export::rdf::rdf_subgraph(&store, &subgraph)?;
                export::rdf::write_rdf(&triples, *format, &mut bytes)?;
            } else {
                export::write_graph(&subgraph, Some(&drawing), *format, &options, &mut bytes)?;
            }
            times.push(start.elapsed());
            *size = bytes.len();
        }
        totals.push(all.elapsed());
    }
    println!("median of {runs} runs:");
    println!("  {:<8} {:>9.1} ms", "layout", ms(median(layout_times)));
    for (format, times, size) in per_format {
        println!(
            "  {:<8} {:>9.1} ms  {:>9} bytes",
            format.as_str(),
            ms(median(times)),
            size
        );
    }
    println!(
        "  {:<8} {:>9.1} ms  (layout and all {} formats)",
        "total",
        ms(median(totals)),
        Format::ALL.len()
    );
    Ok(())
}

//! Test fixtures for matching: small hand-made graphs whose answers are worked out in the tests'
//! comments, a random graph generator and a tiny deterministic random number generator.

use crate::base::kind::Kind;
use crate::graph::*;

/// A linear congruential generator (Knuth's MMIX constants): deterministic, dependency-free.
pub(crate) struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 11
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 42) as f64
    }
}

pub(crate) fn labels(id: &str) -> Labels {
    Labels::new(format!("{id}·中"), format!("{id} (en)"))
}

/// A builder with shorthand for fixtures.
pub(crate) struct Fixture {
    pub builder: GraphBuilder,
    collaborations: usize,
}

impl Fixture {
    pub fn new(chains: &[&str], capabilities: &[&str]) -> Self {
        let mut builder = GraphBuilder::new();
        for c in chains {
            builder.add_chain(c, labels(c)).expect("fixture chain");
        }
        for c in capabilities {
            builder
                .add_capability(CapabilitySpec {
                    id: c.to_string(),
                    labels: labels(c),
                    broader: None,
                })
                .expect("fixture capability");
        }
        Fixture {
            builder,
            collaborations: 0,
        }
    }

    pub fn org(&mut self, spec: OrganisationSpec) -> &mut Self {
        self.builder
            .add_organisation(spec)
            .expect("fixture organisation");
        self
    }

    /// `times` collaborations of `kind` in `year` between `a` and `b`.
    pub fn tie(
        &mut self,
        a: &str,
        b: &str,
        kind: CollaborationKind,
        year: i32,
        times: usize,
    ) -> &mut Self {
        for _ in 0..times {
            self.collaborations += 1;
            self.builder.add_collaboration(CollaborationSpec {
                id: format!("k{}", self.collaborations),
                kind,
                year,
                participants: vec![a.to_owned(), b.to_owned()],
            });
        }
        self
    }

    pub fn direction(&mut self, id: &str, chain: &str, required: &[&str]) -> &mut Self {
        self.builder
            .add_direction(DirectionSpec {
                id: id.to_owned(),
                notation: id.to_owned(),
                labels: labels(id),
                chain: chain.to_owned(),
                required: required.iter().map(|s| s.to_string()).collect(),
            })
            .expect("fixture direction");
        self
    }

    pub fn build(self, as_of: i32) -> KnowledgeGraph {
        let policy = WeightPolicy {
            as_of: Some(as_of),
            ..WeightPolicy::default()
        };
        self.builder.build(&policy).expect("fixture graph")
    }
}

pub(crate) fn spec(id: &str, kind: Kind, locality: Locality) -> OrganisationSpec {
    OrganisationSpec::new(id, labels(id), kind, locality)
}

/// Fixture A (as of 2024). Direction T01 (chain steel) requires a, b, c, d.
///
/// ```text
///            x (firm, tech SME; b c)
///            | 0.6667 (one contracted R&D job: w 0.5)
/// small —0.5— y —0.25— lead —0.25— z (provincial key lab on the 8×10 list; c)
/// (firm, SME;  (univ.;  (firm, high-tech; a)
///  a)          b)
///             |0.5
///            ext-de (international institute, national; b d)        ext-bj (domestic univ., national; d)
/// other (leading firm of chain chem; a), unconnected
/// ```
///
/// Distances: three fresh joint projects give 1/(1+3) = 0.25, one gives 0.5, one contracted R&D
/// job 1/(1+0.5) = 0.6667.
pub(crate) fn fixture_a() -> KnowledgeGraph {
    use CollaborationKind::*;
    use Kind::*;
    use Locality::*;
    let mut f = Fixture::new(&["steel", "chem"], &["a", "b", "c", "d", "e"]);
    f.org(
        spec("lead", Firm, InCity)
            .with_chains(&["steel"])
            .with_tier(Tier::HighTechEnterprise)
            .with_capabilities(&["a"]),
    )
    .org(
        spec("x", Firm, InCity)
            .with_chains(&["steel"])
            .with_tier(Tier::TechSme)
            .with_capabilities(&["b", "c"]),
    )
    .org(
        spec("y", University, InCity)
            .with_level(Level::Provincial)
            .with_capabilities(&["b"]),
    )
    .org(
        spec("z", ProvincialKeyLab, OnCityList)
            .with_level(Level::Provincial)
            .with_capabilities(&["c"]),
    )
    .org(
        spec("small", Firm, InCity)
            .with_chains(&["steel"])
            .with_tier(Tier::TechSme)
            .with_capabilities(&["a"]),
    )
    .org(
        spec("other", Firm, InCity)
            .with_chains(&["chem"])
            .with_leading_firm(true)
            .with_capabilities(&["a"]),
    )
    .org(
        spec("ext-de", ResearchInstitute, International)
            .with_country("DE")
            .with_level(Level::National)
            .with_capabilities(&["d", "b"]),
    )
    .org(
        spec("ext-bj", University, Domestic)
            .with_level(Level::National)
            .with_capabilities(&["d"]),
    )
    .tie("lead", "x", ContractedRd, 2024, 1)
    .tie("lead", "y", JointProject, 2024, 3)
    .tie("lead", "z", JointProject, 2024, 3)
    .tie("small", "y", JointProject, 2024, 1)
    .tie("y", "ext-de", JointProject, 2024, 1)
    .direction("T01", "steel", &["a", "b", "c", "d"]);
    f.build(2024)
}

/// Fixture B (as of 2024), for the shared capacity. Chain s; directions D1 (p, q), D2 (p, q),
/// D3 (p, r). Firms f1, f2 (high-tech, chain s) hold p. University u holds q and r; provincial key
/// lab v holds q; university w holds r. Each firm is 0.25 from u (three joint projects) and 0.5
/// from v and w (one each).
pub(crate) fn fixture_b() -> KnowledgeGraph {
    use CollaborationKind::*;
    use Kind::*;
    use Locality::*;
    let mut f = Fixture::new(&["s"], &["p", "q", "r"]);
    for firm in ["f1", "f2"] {
        f.org(
            spec(firm, Firm, InCity)
                .with_chains(&["s"])
                .with_tier(Tier::HighTechEnterprise)
                .with_capabilities(&["p"]),
        );
    }
    f.org(spec("u", University, InCity).with_capabilities(&["q", "r"]))
        .org(spec("v", ProvincialKeyLab, InCity).with_capabilities(&["q"]))
        .org(spec("w", University, InCity).with_capabilities(&["r"]));
    for firm in ["f1", "f2"] {
        f.tie(firm, "u", JointProject, 2024, 3)
            .tie(firm, "v", JointProject, 2024, 1)
            .tie(firm, "w", JointProject, 2024, 1);
    }
    f.direction("D1", "s", &["p", "q"])
        .direction("D2", "s", &["p", "q"])
        .direction("D3", "s", &["p", "r"]);
    f.build(2024)
}

/// Fixture C (as of 2024), for the composition rules. Chain s; fields F (children p, q, r, n) and M
/// (children mx, my); direction D requires p, q, r.
///
/// ```text
///   u2 (univ., on list; mx) —0.25— lead (firm HTE, upstream; p) —0.5— u1 (univ.; n)
///                                   |0.25
///   desh (firm HTE; p mx my) —0.25— f2 (firm SME, upstream; q r) —0.5— g (firm, downstream; n)
///                                                                     |0.5
///                                                                     h (firm, midstream; q)
/// ```
///
/// Leaders: lead and desh both cost 0.5 (f2 covers q and r at 0.25 each); desh sorts first by id
/// but fails the focus test (1 of its 3 capabilities relates to D, it holds 1 of 3 required).
/// The core is lead + f2: no research member, one segment, two units.
pub(crate) fn fixture_c() -> KnowledgeGraph {
    use CollaborationKind::*;
    use Kind::*;
    use Locality::*;
    let mut f = Fixture::new(&["s"], &["F", "M"]);
    for (child, field) in [
        ("p", "F"),
        ("q", "F"),
        ("r", "F"),
        ("n", "F"),
        ("mx", "M"),
        ("my", "M"),
    ] {
        f.builder
            .add_capability(CapabilitySpec {
                id: child.to_owned(),
                labels: labels(child),
                broader: Some(field.to_owned()),
            })
            .expect("fixture capability");
    }
    let firm = |id: &str, tier: Tier, caps: &[&str]| {
        spec(id, Firm, InCity)
            .with_chains(&["s"])
            .with_tier(tier)
            .with_capabilities(caps)
    };
    f.org(firm("lead", Tier::HighTechEnterprise, &["p"]).with_segment(Segment::Upstream))
        .org(firm("f2", Tier::TechSme, &["q", "r"]).with_segment(Segment::Upstream))
        .org(firm("desh", Tier::HighTechEnterprise, &["p", "mx", "my"]))
        .org(firm("g", Tier::TechSme, &["n"]).with_segment(Segment::Downstream))
        .org(firm("h", Tier::TechSme, &["q"]).with_segment(Segment::Midstream))
        .org(spec("u1", University, InCity).with_capabilities(&["n"]))
        .org(spec("u2", University, OnCityList).with_capabilities(&["mx"]))
        .tie("lead", "f2", JointProject, 2024, 3)
        .tie("lead", "u1", JointProject, 2024, 1)
        .tie("lead", "u2", JointProject, 2024, 3)
        .tie("desh", "f2", JointProject, 2024, 3)
        .tie("f2", "g", JointProject, 2024, 1)
        .tie("g", "h", JointProject, 2024, 1)
        .direction("D", "s", &["p", "q", "r"]);
    f.build(2024)
}

/// A random county-like graph: `orgs` organisations (a third firms, the rest resources of every
/// kind, a tenth external), `capabilities` capabilities, `directions` directions over 3 chains,
/// about `ties_per_org` collaborations per organisation over 2016–2024, some hosting links.
pub(crate) fn random_graph(
    seed: u64,
    orgs: usize,
    capabilities: usize,
    directions: usize,
    ties_per_org: usize,
) -> KnowledgeGraph {
    let mut rng = Lcg::new(seed);
    let chains = ["c0", "c1", "c2"];
    let caps: Vec<String> = (0..capabilities).map(|i| format!("cap{i:03}")).collect();
    let cap_refs: Vec<&str> = caps.iter().map(String::as_str).collect();
    let mut f = Fixture::new(&chains, &cap_refs);
    let kinds = [
        Kind::University,
        Kind::NationalKeyLab,
        Kind::ProvincialKeyLab,
        Kind::ResearchInstitute,
        Kind::NewRdInstitution,
        Kind::Platform,
    ];
    for i in 0..orgs {
        let id = format!("o{i:04}");
        let firm = i % 3 == 0;
        let kind = if firm {
            Kind::Firm
        } else {
            kinds[rng.below(kinds.len() as u64) as usize]
        };
        let locality = match rng.below(10) {
            0 => Locality::Domestic,
            1 => Locality::International,
            2 => Locality::OnCityList,
            _ => Locality::InCity,
        };
        let locality = if firm && !matches!(locality, Locality::Domestic | Locality::International)
        {
            Locality::InCity
        } else {
            locality
        };
        let mut s = spec(&id, kind, locality);
        let chain = chains[rng.below(3) as usize];
        s = s.with_chains(&[chain]);
        if firm {
            s = s
                .with_tier(Tier::ALL[rng.below(4) as usize])
                .with_leading_firm(rng.below(10) == 0);
        } else {
            s = s.with_level(Level::ALL[rng.below(3) as usize]);
        }
        let held: Vec<&str> = (0..1 + rng.below(4))
            .map(|_| cap_refs[rng.below(capabilities as u64) as usize])
            .collect();
        s = s.with_capabilities(&held);
        if !firm && i > 3 && rng.below(8) == 0 {
            s = s.with_host(&format!("o{:04}", rng.below(i as u64)));
        }
        f.org(s);
    }
    let kinds_of_ties = CollaborationKind::ALL;
    for i in 0..orgs * ties_per_org {
        let a = rng.below(orgs as u64);
        let b = rng.below(orgs as u64);
        let c = rng.below(orgs as u64);
        if a == b {
            continue;
        }
        let mut participants = vec![format!("o{a:04}"), format!("o{b:04}")];
        if i % 5 == 0 && c != a && c != b {
            participants.push(format!("o{c:04}"));
        }
        f.builder.add_collaboration(CollaborationSpec {
            id: format!("rk{i}"),
            kind: kinds_of_ties[rng.below(5) as usize],
            year: 2016 + rng.below(9) as i32,
            participants,
        });
    }
    for d in 0..directions {
        let required: Vec<&str> = (0..3 + rng.below(4))
            .map(|_| cap_refs[rng.below(capabilities as u64) as usize])
            .collect();
        f.direction(&format!("T{:02}", d + 1), chains[d % 3], &required);
    }
    f.build(2024)
}

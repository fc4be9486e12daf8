//! Pass 1: every organisation's kind, chain, place and host (no output), then its capabilities,
//! tier and flags, written with its row on the 8×10 list, annual figures, patents and investments.

use super::catalogue::{
    CHAIN_SPECS, CHAINS, CROSS_SIZE, CROSS_TOP, EXTERNAL_CITIES, EXTERNAL_ONLY,
    EXTERNAL_POPULARITY, FIELD_SIZE, FOREIGN, MAX_CAPS, POPULARITY, field_capability,
};
use super::emit::{
    BIBO_PATENT, DCT_IDENTIFIER, DCT_RIGHTS_HOLDER, ORG_SUB, RDF_TYPE, SCHEMA_KNOWS, SYN, im, node,
    padded, push_padded, push_u64,
};
use super::generator::{FLAG_ACTIVE, FLAG_LEADING, FLAG_ON_LIST, Generator, NO_HOST, stream};
use super::kinds::{
    KIND_SPECS, LEVELS, TIER_HIGH_TECH, TIER_NONE, TIER_TECH_SME, TIERS, kind_index, spec,
};
use super::random::Rng;
use crate::base::kind::Kind;
use std::io;

/// Figures are written for these years; the newest is the default `--as-of`.
const FIGURE_YEARS: [u64; 3] = [2023, 2024, 2025];

impl Generator<'_> {
    /// Decides kind, chain, place and host of every organisation (no output).
    pub(super) fn lay_out(&mut self) {
        let n = self.n;
        let mut rng = self.rng(stream::LAYOUT);
        let shares: Vec<u32> = KIND_SPECS.iter().map(|s| s.share).collect();
        let chain_weights: Vec<u32> = CHAIN_SPECS.iter().map(|c| c.weight).collect();
        let orgs = &mut self.orgs;
        orgs.kind.reserve_exact(n);
        orgs.chain.reserve_exact(n);
        for i in 0..n {
            // The first organisations seed every chain with a firm in the city and the map with a
            // university, whatever the draws.
            let (kind, chain) = if i < CHAINS {
                (Kind::Firm, i)
            } else if i == CHAINS {
                (Kind::University, 0)
            } else {
                (
                    KIND_SPECS[rng.weighted(&shares)].kind,
                    rng.weighted(&chain_weights),
                )
            };
            orgs.kind.push(kind);
            orgs.chain.push(chain as u8);
        }
        let local = self.places.local();
        orgs.place = (0..n)
            .map(|i| {
                let spec = spec(orgs.kind[i]);
                if i >= CHAINS && rng.chance(spec.external) {
                    if rng.chance(spec.foreign) {
                        (local + EXTERNAL_CITIES + rng.below(FOREIGN.len())) as u16
                    } else {
                        (local + rng.below(EXTERNAL_CITIES)) as u16
                    }
                } else {
                    rng.weighted(&self.places.local_weights) as u16
                }
            })
            .collect();
        let mut universities: Vec<Vec<u32>> = vec![Vec::new(); CHAINS];
        let mut all_universities = Vec::new();
        let mut city_firms: Vec<Vec<u32>> = vec![Vec::new(); CHAINS];
        for i in 0..n {
            let c = orgs.chain[i] as usize;
            match orgs.kind[i] {
                Kind::University => {
                    universities[c].push(i as u32);
                    all_universities.push(i as u32);
                }
                Kind::Firm if self.places.is_local(orgs.place[i]) => city_firms[c].push(i as u32),
                _ => {}
            }
        }
        orgs.host = vec![NO_HOST; n];
        for i in 0..n {
            let c = orgs.chain[i] as usize;
            let university = |rng: &mut Rng| {
                let pool = if universities[c].is_empty() {
                    &all_universities
                } else {
                    &universities[c]
                };
                pool[rng.below(pool.len())]
            };
            let host = match orgs.kind[i] {
                Kind::NationalKeyLab | Kind::ProvincialKeyLab => university(&mut rng),
                Kind::EnterpriseRdInstitute => city_firms[c][rng.below(city_firms[c].len())],
                Kind::Platform if rng.chance(300) => university(&mut rng),
                Kind::NewRdInstitution if rng.chance(400) => university(&mut rng),
                _ => NO_HOST,
            };
            orgs.host[i] = host;
            if matches!(
                orgs.kind[i],
                Kind::NationalKeyLab | Kind::ProvincialKeyLab | Kind::EnterpriseRdInstitute
            ) {
                orgs.place[i] = orgs.place[host as usize];
            }
        }
    }

    /// Draws the capabilities of organisation `i`.
    fn draw_capabilities(&mut self, rng: &mut Rng, i: usize, count: usize, local_actor: bool) {
        let c = self.orgs.chain[i] as usize;
        let mut weights = POPULARITY;
        for weight in weights.iter_mut().skip(FIELD_SIZE - EXTERNAL_ONLY) {
            *weight = if local_actor {
                0
            } else {
                EXTERNAL_POPULARITY.max(*weight)
            };
        }
        let mut caps = [0u8; MAX_CAPS];
        let mut held = 0;
        let cross = rng.chance(150);
        let field_count = if cross { count - 1 } else { count }.max(1);
        // Universities are broad: one capability may come from a second field.
        let second_field =
            (self.orgs.kind[i] == Kind::University && rng.chance(500)).then(|| rng.below(CHAINS));
        let mut tries = 0;
        while held < field_count && tries < 40 {
            tries += 1;
            let field = match second_field {
                Some(other) if held == field_count - 1 && field_count > 1 => other,
                _ => c,
            };
            let cap = field_capability(field, rng.weighted(&weights));
            if !caps[..held].contains(&cap) {
                caps[held] = cap;
                held += 1;
            }
        }
        if cross && held < MAX_CAPS {
            caps[held] = (CROSS_TOP + 1 + rng.below(CROSS_SIZE)) as u8;
            held += 1;
        }
        caps[..held].sort_unstable();
        self.orgs.caps[i] = caps;
        self.orgs.cap_count[i] = held as u8;
    }

    pub(super) fn write_organisations(&mut self) -> io::Result<()> {
        let n = self.n;
        let mut rng = self.rng(stream::ORGANISATIONS);
        self.orgs.caps = vec![[0; MAX_CAPS]; n];
        self.orgs.cap_count = vec![0; n];
        self.orgs.tier = vec![TIER_NONE; n];
        self.orgs.flags = vec![0; n];
        self.orgs.degree = vec![0; n];

        // The 8×10 list: about `rows` resources per chain, drawn evenly over the eligible ones.
        let rows = (8 + n.isqrt() / 20).clamp(10, 30);
        let mut eligible = [0usize; CHAINS];
        for i in 0..n {
            if self.on_list_eligible(i) {
                eligible[self.orgs.chain[i] as usize] += 1;
            }
        }
        let mut listed = [0usize; CHAINS];
        let mut has_leader = [false; CHAINS];
        let mut city_firms: Vec<Vec<u32>> = vec![Vec::new(); CHAINS];
        for i in 0..n {
            if self.orgs.kind[i] == Kind::Firm && self.places.is_local(self.orgs.place[i]) {
                city_firms[self.orgs.chain[i] as usize].push(i as u32);
            }
        }
        let mut patent_number = 0u64;
        let mut investment_number = 0u64;
        let mut support_number = 0u64;
        for i in 0..n {
            let kind = self.orgs.kind[i];
            let c = self.orgs.chain[i] as usize;
            let place = self.orgs.place[i];
            let in_city = self.places.is_local(place);
            let spec = spec(kind);
            let mut flags = 0u8;
            if self.on_list_eligible(i)
                && listed[c] < rows
                && rng.below(2 * eligible[c].max(1)) < 3 * rows
            {
                flags |= FLAG_ON_LIST;
                listed[c] += 1;
            }
            // Firms: tier and the leading flag.
            let mut tier = TIER_NONE;
            if kind == Kind::Firm {
                if in_city {
                    if !has_leader[c] || rng.chance(20) {
                        flags |= FLAG_LEADING;
                        has_leader[c] = true;
                        tier = 2 + rng.weighted(&[500, 350, 150]) as u8;
                    } else {
                        tier = rng.weighted(&[300, 450, 200, 45, 5]) as u8;
                    }
                } else if rng.chance(300) {
                    tier = TIER_HIGH_TECH;
                }
            }
            self.orgs.tier[i] = tier;
            let leading = flags & FLAG_LEADING != 0;
            let active_rate = if kind == Kind::Firm && !in_city {
                500
            } else if leading {
                1000
            } else {
                spec.active
            };
            if rng.chance(active_rate) {
                flags |= FLAG_ACTIVE;
            }
            self.orgs.flags[i] = flags;
            let local_actor = in_city || flags & FLAG_ON_LIST != 0;
            let count = match kind {
                Kind::Firm if leading => 3 + rng.below(3),
                Kind::Firm => 1 + rng.weighted(&[300, 300, 220, 120, 60]),
                Kind::University => 3 + rng.below(3),
                Kind::NationalKeyLab | Kind::ProvincialKeyLab => 2 + rng.below(3),
                Kind::ResearchInstitute | Kind::NewRdInstitution => 2 + rng.below(3),
                Kind::Fund => 0,
                _ => 1 + rng.below(3),
            };
            if count > 0 {
                self.draw_capabilities(&mut rng, i, count, local_actor);
            }

            // The organisation itself.
            let mut s = std::mem::take(&mut self.s);
            let mut o = std::mem::take(&mut self.o);
            self.org_iri(i, &mut s);
            let class = &self.kind_classes[kind_index(kind)];
            self.w.iri(&s, RDF_TYPE, class)?;
            if let Some(standard) = spec.standard {
                self.w.iri(&s, RDF_TYPE, standard)?;
            }
            let number = padded(i as u64, self.width);
            self.w.labels(
                &s,
                &format!("{}{number}", spec.zh),
                &format!("{}{number}", spec.en),
            )?;
            self.w
                .iri(&s, im!("locatedIn"), &self.places.iris[place as usize])?;
            if kind == Kind::Firm {
                self.w.iri(&s, im!("inChain"), &self.chain_iris[c])?;
                if tier != TIER_NONE {
                    self.w.iri(&s, im!("tier"), TIERS[tier as usize])?;
                }
                if leading {
                    self.w.boolean_true(&s, im!("leadingFirm"))?;
                    if rng.chance(500) {
                        self.w.boolean_true(&s, im!("listed"))?;
                    }
                }
                let founded = 2024 - rng.below(40).min(rng.below(40)) as u64;
                self.w.integer(&s, im!("foundedYear"), founded)?;
                self.w
                    .string(&s, im!("creditCode"), &credit_code(i as u64))?;
            } else {
                if spec.levels.iter().any(|&l| l > 0) {
                    self.w
                        .iri(&s, im!("level"), LEVELS[rng.weighted(&spec.levels)])?;
                }
                let host = self.orgs.host[i];
                if host != NO_HOST {
                    self.org_iri(host as usize, &mut o);
                    self.w.iri(&s, ORG_SUB, &o)?;
                    if kind == Kind::EnterpriseRdInstitute {
                        self.w.iri(&o, im!("hasRDInstitution"), &s)?;
                    }
                }
            }
            for k in 0..self.orgs.cap_count[i] as usize {
                let cap = self.orgs.caps[i][k] as usize;
                self.w.iri(&s, SCHEMA_KNOWS, &self.cap_iris[cap])?;
            }
            self.w.illustrative(&s)?;

            // Its row on the 8×10 list.
            if flags & FLAG_ON_LIST != 0 {
                support_number += 1;
                node(&mut o, "support", "syn-s", support_number, 5);
                self.w.iri(&o, RDF_TYPE, im!("ChainSupport"))?;
                self.w.iri(&o, im!("chain"), &self.chain_iris[c])?;
                self.w.iri(&o, im!("resource"), &s)?;
                self.w
                    .lang(&o, im!("supportRole"), "技术支撑（示意）", "zh")?;
                self.w.lang(
                    &o,
                    im!("supportRole"),
                    "technology support (illustrative)",
                    "en",
                )?;
                self.w.illustrative(&o)?;
            }

            if kind == Kind::Firm && in_city {
                self.write_figures(&mut rng, i, &s, tier, leading)?;
                patent_number =
                    self.write_patents(&mut rng, i, &s, tier, leading, patent_number)?;
            }
            if kind == Kind::Fund && !city_firms[c].is_empty() {
                for _ in 0..1 + rng.below(6) {
                    investment_number += 1;
                    let firm = city_firms[c][rng.below(city_firms[c].len())] as usize;
                    node(&mut o, "investment", "syn-iv", investment_number, 6);
                    let mut investee = Vec::new();
                    self.org_iri(firm, &mut investee);
                    self.w.iri(&o, RDF_TYPE, im!("Investment"))?;
                    self.w.iri(&o, im!("investor"), &s)?;
                    self.w.iri(&o, im!("investee"), &investee)?;
                    self.w
                        .integer(&o, im!("year"), 2018 + rng.below(8) as u64)?;
                    self.w
                        .decimal_tenths(&o, im!("amount"), (50 + rng.below(5000) as u64) * 10)?;
                    self.w.iri(&o, im!("monetaryUnit"), im!("WanYuan"))?;
                    self.w.illustrative(&o)?;
                }
            }
            self.s = s;
            self.o = o;
            if kind == Kind::Firm {
                self.report.firms += 1;
            }
        }
        self.report.chain_supports = support_number as usize;
        self.report.patents = patent_number as usize;
        Ok(())
    }

    fn on_list_eligible(&self, i: usize) -> bool {
        matches!(
            self.orgs.kind[i],
            Kind::University
                | Kind::NationalKeyLab
                | Kind::ProvincialKeyLab
                | Kind::ResearchInstitute
                | Kind::NewRdInstitution
                | Kind::Platform
                | Kind::PilotBase
        ) && !self.places.is_foreign(self.orgs.place[i])
    }

    /// Annual figures 2023–2025 for a sample of the city's firms, in 万元 (tenths), integer only.
    fn write_figures(
        &mut self,
        rng: &mut Rng,
        i: usize,
        firm: &[u8],
        tier: u8,
        leading: bool,
    ) -> io::Result<()> {
        let rate = match tier {
            _ if leading => 1000,
            TIER_NONE => 100,
            TIER_TECH_SME => 450,
            _ => 700,
        };
        if !rng.chance(rate) {
            return Ok(());
        }
        // Revenue of the newest year, 300–600 万元 × 2^exponent, in tenths of 万元.
        let exponent = rng.below(9) + if leading { 4 } else { 0 };
        let mut revenue = (3 * (1000 + rng.below(1000) as u64)) << exponent;
        let rd_per_mille = match tier {
            TIER_NONE => rng.below(40),
            TIER_TECH_SME => 15 + rng.below(60),
            _ => 30 + rng.below(60),
        } as u64;
        let people_per_wan = 50 + rng.below(100) as u64;
        let st_per_mille = 40 + rng.below(200) as u64;
        let mut by_year = [0u64; 3];
        for k in (0..FIGURE_YEARS.len()).rev() {
            by_year[k] = revenue;
            revenue = revenue * 100 / (95 + rng.below(30) as u64);
        }
        let mut f = Vec::with_capacity(96);
        for (k, &year) in FIGURE_YEARS.iter().enumerate() {
            let revenue = by_year[k];
            f.clear();
            f.push(b'<');
            f.extend_from_slice(SYN.as_bytes());
            f.extend_from_slice(b"figures/");
            f.extend_from_slice(b"syn-f");
            push_padded(&mut f, i as u64, self.width);
            f.push(b'-');
            push_u64(&mut f, year);
            f.push(b'>');
            self.w.iri(firm, im!("annualFigures"), &f)?;
            self.w.iri(&f, RDF_TYPE, im!("AnnualFigures"))?;
            self.w.integer(&f, im!("year"), year)?;
            self.w.iri(&f, im!("monetaryUnit"), im!("WanYuan"))?;
            self.w.decimal_tenths(&f, im!("revenue"), revenue)?;
            let jitter = rng.below(11) as u64;
            self.w.decimal_tenths(
                &f,
                im!("rdSpend"),
                revenue * (rd_per_mille * 10 + jitter) / 10_000,
            )?;
            self.w.decimal_tenths(
                &f,
                im!("highTechRevenue"),
                revenue * (300 + rng.below(600) as u64) / 1000,
            )?;
            let employees = (revenue / 10 / people_per_wan).max(5);
            self.w.integer(&f, im!("employees"), employees)?;
            self.w
                .integer(&f, im!("stStaff"), employees * st_per_mille / 1000)?;
            self.w.illustrative(&f)?;
        }
        Ok(())
    }

    fn write_patents(
        &mut self,
        rng: &mut Rng,
        i: usize,
        firm: &[u8],
        tier: u8,
        leading: bool,
        mut number: u64,
    ) -> io::Result<u64> {
        let rate = match tier {
            _ if leading => 1000,
            TIER_NONE => 150,
            TIER_TECH_SME => 450,
            _ => 850,
        };
        if !rng.chance(rate) {
            return Ok(number);
        }
        let count = if leading {
            3 + rng.below(6)
        } else {
            1 + rng.below(3)
        };
        let mut p = Vec::with_capacity(96);
        for _ in 0..count {
            number += 1;
            let year = 2016 + rng.below(10) as u64;
            node(&mut p, "patent", "syn-pt", number, 7);
            self.w.iri(&p, RDF_TYPE, im!("Patent"))?;
            self.w.iri(&p, RDF_TYPE, BIBO_PATENT)?;
            let mut identifier = format!("CN{year}SYN");
            identifier.push_str(&padded(number, 7));
            self.w.string(&p, DCT_IDENTIFIER, &identifier)?;
            self.w.iri(&p, DCT_RIGHTS_HOLDER, firm)?;
            self.w.integer(&p, im!("year"), year)?;
            let caps = self.orgs.capabilities(i);
            if !caps.is_empty() {
                let cap = caps[rng.below(caps.len())] as usize;
                self.w.iri(&p, im!("capability"), &self.cap_iris[cap])?;
            }
            self.w.illustrative(&p)?;
        }
        Ok(number)
    }
}

/// An 18-character unified social credit code of the right alphabet, unique per organisation.
fn credit_code(number: u64) -> String {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut code = String::from("91329999MA");
    let mut digits = [b'0'; 8];
    let mut value = number;
    for slot in digits.iter_mut().rev() {
        *slot = ALPHABET[(value % 31) as usize];
        value /= 31;
    }
    code.push_str(std::str::from_utf8(&digits).unwrap_or("00000000"));
    code
}

#[cfg(test)]
mod tests {
    use super::{credit_code, push_padded, push_u64};

    #[test]
    fn numbers_are_formatted_without_the_standard_library() {
        let mut buf = Vec::new();
        push_padded(&mut buf, 42, 6);
        push_u64(&mut buf, 0);
        assert_eq!(buf, b"0000420");
        assert_eq!(credit_code(0).len(), 18);
        assert_ne!(credit_code(1), credit_code(31));
    }
}

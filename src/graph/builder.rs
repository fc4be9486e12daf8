//! [`GraphBuilder`]: assembles a [`KnowledgeGraph`] from plain Rust data (ids, labels, enums), checks
//! every reference, and reports problems as typed [`BuildError`]s.
//!
//! Entities may be added in any order; references between them are resolved in [`GraphBuilder::build`].

use crate::base::kind::Kind;
use crate::graph::knowledge_graph::{KnowledgeGraph, Relation, Tie};
use crate::graph::model::*;
use crate::graph::weights::WeightPolicy;
use std::collections::{HashMap, HashSet};

/// A problem in the data handed to the builder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("duplicate id '{id}': ids must be unique across everything loaded")]
    DuplicateId { id: String },
    #[error("'{from}' refers to unknown {field} '{target}'")]
    UnknownReference {
        from: String,
        field: &'static str,
        target: String,
    },
    #[error("'{from}' refers to '{target}' as its {field}, but '{target}' is not {expected}")]
    WrongReference {
        from: String,
        field: &'static str,
        target: String,
        expected: &'static str,
    },
    #[error("'{id}' has kind {kind}, which is not an organisation kind")]
    NotAnOrganisation { id: String, kind: Kind },
    #[error("'{id}' refers to itself as its {field}")]
    SelfReference { id: String, field: &'static str },
    #[error("collaboration '{id}' has fewer than two distinct participants")]
    TooFewParticipants { id: String },
}

/// An organisation as the projection hands it over. Build with [`OrganisationSpec::new`] and the
/// `with_*` methods, or fill the fields directly.
#[derive(Debug, Clone)]
pub struct OrganisationSpec {
    pub id: String,
    pub labels: Labels,
    pub kind: Kind,
    /// Chain ids (`im:inChain`).
    pub chains: Vec<String>,
    pub tier: Option<Tier>,
    /// Firms: chain segment (`im:chainSegment`).
    pub segment: Option<Segment>,
    pub level: Option<Level>,
    pub leading_firm: bool,
    pub locality: Locality,
    pub country: Option<String>,
    /// The id of its place (`im:locatedIn`).
    pub place: Option<String>,
    /// Capability ids held.
    pub capabilities: Vec<String>,
    /// The id of the host organisation.
    pub host: Option<String>,
}

impl OrganisationSpec {
    /// An organisation with no chains, tier, level, capabilities or host.
    pub fn new(id: &str, labels: Labels, kind: Kind, locality: Locality) -> Self {
        OrganisationSpec {
            id: id.to_owned(),
            labels,
            kind,
            chains: Vec::new(),
            tier: None,
            segment: None,
            level: None,
            leading_firm: false,
            locality,
            country: None,
            place: None,
            capabilities: Vec::new(),
            host: None,
        }
    }

    pub fn with_chains(mut self, chains: &[&str]) -> Self {
        self.chains.extend(chains.iter().map(|c| c.to_string()));
        self
    }

    pub fn with_capabilities(mut self, capabilities: &[&str]) -> Self {
        self.capabilities
            .extend(capabilities.iter().map(|c| c.to_string()));
        self
    }

    pub fn with_tier(mut self, tier: Tier) -> Self {
        self.tier = Some(tier);
        self
    }

    pub fn with_segment(mut self, segment: Segment) -> Self {
        self.segment = Some(segment);
        self
    }

    pub fn with_level(mut self, level: Level) -> Self {
        self.level = Some(level);
        self
    }

    pub fn with_leading_firm(mut self, leading: bool) -> Self {
        self.leading_firm = leading;
        self
    }

    pub fn with_country(mut self, country: &str) -> Self {
        self.country = Some(country.to_owned());
        self
    }

    pub fn with_host(mut self, host: &str) -> Self {
        self.host = Some(host.to_owned());
        self
    }
}

/// A person (talent).
#[derive(Debug, Clone)]
pub struct PersonSpec {
    pub id: String,
    pub labels: Labels,
    pub talent_category: TalentCategory,
    /// Organisation ids.
    pub affiliations: Vec<String>,
    /// Capability ids.
    pub capabilities: Vec<String>,
}

/// A capability concept.
#[derive(Debug, Clone)]
pub struct CapabilitySpec {
    pub id: String,
    pub labels: Labels,
    /// The id of the broader capability.
    pub broader: Option<String>,
}

/// A direction and the capabilities it requires.
#[derive(Debug, Clone)]
pub struct DirectionSpec {
    pub id: String,
    pub notation: String,
    pub labels: Labels,
    /// Chain id.
    pub chain: String,
    /// Capability ids.
    pub required: Vec<String>,
}

/// A past collaboration: every pair of its participants gets a tie.
#[derive(Debug, Clone)]
pub struct CollaborationSpec {
    /// The collaboration's own id; used only in error messages.
    pub id: String,
    pub kind: CollaborationKind,
    pub year: i32,
    /// Organisation ids.
    pub participants: Vec<String>,
}

/// Collects entities and relations, then builds an immutable [`KnowledgeGraph`].
#[derive(Debug, Default)]
pub struct GraphBuilder {
    ids: HashSet<String>,
    organisations: Vec<OrganisationSpec>,
    people: Vec<PersonSpec>,
    capabilities: Vec<CapabilitySpec>,
    directions: Vec<DirectionSpec>,
    chains: Vec<(String, Labels)>,
    collaborations: Vec<CollaborationSpec>,
    chain_supports: Vec<(String, String)>,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        GraphBuilder::default()
    }

    fn claim(&mut self, id: &str) -> Result<(), BuildError> {
        if self.ids.insert(id.to_owned()) {
            Ok(())
        } else {
            Err(BuildError::DuplicateId { id: id.to_owned() })
        }
    }

    /// Adds an industry chain.
    pub fn add_chain(&mut self, id: &str, labels: Labels) -> Result<&mut Self, BuildError> {
        self.claim(id)?;
        self.chains.push((id.to_owned(), labels));
        Ok(self)
    }

    /// Adds a capability.
    pub fn add_capability(&mut self, spec: CapabilitySpec) -> Result<&mut Self, BuildError> {
        self.claim(&spec.id)?;
        self.capabilities.push(spec);
        Ok(self)
    }

    /// Adds a direction.
    pub fn add_direction(&mut self, spec: DirectionSpec) -> Result<&mut Self, BuildError> {
        self.claim(&spec.id)?;
        self.directions.push(spec);
        Ok(self)
    }

    /// Adds an organisation; its kind must be an organisation kind.
    pub fn add_organisation(&mut self, spec: OrganisationSpec) -> Result<&mut Self, BuildError> {
        if !spec.kind.is_organisation() {
            return Err(BuildError::NotAnOrganisation {
                id: spec.id,
                kind: spec.kind,
            });
        }
        self.claim(&spec.id)?;
        self.organisations.push(spec);
        Ok(self)
    }

    /// Adds a person.
    pub fn add_person(&mut self, spec: PersonSpec) -> Result<&mut Self, BuildError> {
        self.claim(&spec.id)?;
        self.people.push(spec);
        Ok(self)
    }

    /// Adds a past collaboration.
    pub fn add_collaboration(&mut self, spec: CollaborationSpec) -> &mut Self {
        self.collaborations.push(spec);
        self
    }

    /// Records that `resource` is on the 8×10 list of `chain` (data, not a path edge).
    pub fn add_chain_support(&mut self, resource: &str, chain: &str) -> &mut Self {
        self.chain_supports
            .push((resource.to_owned(), chain.to_owned()));
        self
    }

    /// Resolves every reference, weighs the relations with `policy` and builds the graph.
    ///
    /// Errors: an unknown or wrongly typed reference, a self-reference, a collaboration with fewer
    /// than two distinct participants. O((n + m) log(n + m)) for n entities and m relations.
    pub fn build(self, policy: &WeightPolicy) -> Result<KnowledgeGraph, BuildError> {
        let GraphBuilder {
            ids: _,
            mut organisations,
            mut people,
            mut capabilities,
            mut directions,
            mut chains,
            collaborations,
            chain_supports,
        } = self;
        organisations.sort_by(|a, b| a.id.cmp(&b.id));
        people.sort_by(|a, b| a.id.cmp(&b.id));
        capabilities.sort_by(|a, b| a.id.cmp(&b.id));
        directions.sort_by(|a, b| a.id.cmp(&b.id));
        chains.sort_by(|a, b| a.0.cmp(&b.0));

        let mut index: HashMap<String, EntityIndex> = HashMap::new();
        for (i, o) in organisations.iter().enumerate() {
            index.insert(o.id.clone(), EntityIndex::Organisation(OrgIndex(i as u32)));
        }
        for (i, p) in people.iter().enumerate() {
            index.insert(p.id.clone(), EntityIndex::Person(PersonIndex(i as u32)));
        }
        for (i, c) in capabilities.iter().enumerate() {
            index.insert(
                c.id.clone(),
                EntityIndex::Capability(CapabilityIndex(i as u32)),
            );
        }
        for (i, d) in directions.iter().enumerate() {
            index.insert(
                d.id.clone(),
                EntityIndex::Direction(DirectionIndex(i as u32)),
            );
        }
        for (i, (id, _)) in chains.iter().enumerate() {
            index.insert(id.clone(), EntityIndex::Chain(ChainIndex(i as u32)));
        }
        let resolver = Resolver { index: &index };

        let chain_records: Vec<Chain> = chains
            .into_iter()
            .map(|(id, labels)| Chain { id, labels })
            .collect();

        let capability_records = capabilities
            .into_iter()
            .map(|c| {
                let broader = match &c.broader {
                    Some(b) if *b == c.id => {
                        return Err(BuildError::SelfReference {
                            id: c.id,
                            field: "broader capability",
                        });
                    }
                    Some(b) => Some(resolver.capability(&c.id, "broader capability", b)?),
                    None => None,
                };
                Ok(Capability {
                    id: c.id,
                    labels: c.labels,
                    broader,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;

        let direction_records = directions
            .into_iter()
            .map(|d| {
                let chain = resolver.chain(&d.id, &d.chain)?;
                let required = resolver.capabilities(&d.id, &d.required)?;
                Ok(Direction {
                    id: d.id,
                    notation: d.notation,
                    labels: d.labels,
                    chain,
                    required,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;

        let mut org_records = organisations
            .into_iter()
            .map(|o| {
                let mut chains = o
                    .chains
                    .iter()
                    .map(|c| resolver.chain(&o.id, c))
                    .collect::<Result<Vec<_>, _>>()?;
                sort_dedup(&mut chains);
                let capabilities = resolver.capabilities(&o.id, &o.capabilities)?;
                let host = match &o.host {
                    Some(h) if *h == o.id => {
                        return Err(BuildError::SelfReference {
                            id: o.id,
                            field: "host",
                        });
                    }
                    Some(h) => Some(resolver.organisation(&o.id, "host", h)?),
                    None => None,
                };
                Ok(Organisation {
                    id: o.id,
                    labels: o.labels,
                    kind: o.kind,
                    chains,
                    supported_chains: Vec::new(),
                    tier: o.tier,
                    segment: o.segment,
                    level: o.level,
                    leading_firm: o.leading_firm,
                    locality: o.locality,
                    country: o.country,
                    place: o.place,
                    capabilities,
                    host,
                    people: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;

        for (resource, chain) in &chain_supports {
            let org = resolver.organisation(chain, "resource", resource)?;
            let chain = resolver.chain(resource, chain)?;
            org_records[org.index()].supported_chains.push(chain);
        }

        let person_records = people
            .into_iter()
            .map(|p| {
                let mut affiliations = p
                    .affiliations
                    .iter()
                    .map(|a| resolver.organisation(&p.id, "affiliation", a))
                    .collect::<Result<Vec<_>, _>>()?;
                sort_dedup(&mut affiliations);
                let capabilities = resolver.capabilities(&p.id, &p.capabilities)?;
                Ok(Person {
                    id: p.id,
                    labels: p.labels,
                    talent_category: p.talent_category,
                    affiliations,
                    capabilities,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for (i, person) in person_records.iter().enumerate() {
            for org in &person.affiliations {
                org_records[org.index()].people.push(PersonIndex(i as u32));
            }
        }
        for org in &mut org_records {
            sort_dedup(&mut org.supported_chains);
            sort_dedup(&mut org.people);
        }

        // Relations between path nodes: organisations are nodes 0..n, people n..n+p.
        let mut resolved_collaborations = Vec::with_capacity(collaborations.len());
        for c in &collaborations {
            let mut participants = c
                .participants
                .iter()
                .map(|p| resolver.organisation(&c.id, "participant", p).map(|o| o.0))
                .collect::<Result<Vec<_>, _>>()?;
            sort_dedup(&mut participants);
            if participants.len() < 2 {
                return Err(BuildError::TooFewParticipants { id: c.id.clone() });
            }
            resolved_collaborations.push((c.kind, c.year, participants));
        }
        let as_of = policy
            .as_of
            .or_else(|| resolved_collaborations.iter().map(|c| c.1).max())
            .unwrap_or(0);

        let mut accumulators: HashMap<(u32, u32), Relation> = HashMap::new();

        for (kind, year, participants) in &resolved_collaborations {
            let Some(weight) = policy.event_weight(*kind, *year, as_of) else {
                continue;
            };
            for (i, &a) in participants.iter().enumerate() {
                for &b in &participants[i + 1..] {
                    let r = entry(&mut accumulators, a, b);
                    let tie = r.tie.get_or_insert(Tie {
                        count: 0,
                        first_year: *year,
                        last_year: *year,
                        kinds: 0,
                        weight: 0.0,
                    });
                    tie.count += 1;
                    tie.first_year = tie.first_year.min(*year);
                    tie.last_year = tie.last_year.max(*year);
                    tie.kinds |= kind.bit();
                    tie.weight += weight;
                    r.strength += weight;
                }
            }
        }
        for (i, org) in org_records.iter().enumerate() {
            if let Some(host) = org.host {
                let r = entry(&mut accumulators, i as u32, host.0);
                if !r.hosting {
                    r.hosting = true;
                    r.strength += policy.hosting_strength;
                }
            }
        }
        let org_count = org_records.len() as u32;
        for (i, person) in person_records.iter().enumerate() {
            for org in &person.affiliations {
                let r = entry(&mut accumulators, org_count + i as u32, org.0);
                r.affiliation = true;
                r.strength += policy.affiliation_strength;
            }
        }
        let mut relations: Vec<Relation> = accumulators.into_values().collect();
        relations.sort_by_key(|r| (r.a, r.b));
        for r in &mut relations {
            r.distance = WeightPolicy::distance(r.strength);
        }

        let mut holders = vec![Vec::new(); capability_records.len()];
        for (i, org) in org_records.iter().enumerate() {
            for c in &org.capabilities {
                holders[c.index()].push(OrgIndex(i as u32));
            }
        }

        Ok(KnowledgeGraph::assemble(
            org_records,
            person_records,
            capability_records,
            direction_records,
            chain_records,
            index,
            holders,
            relations,
            as_of,
            policy.clone(),
        ))
    }
}

fn entry(map: &mut HashMap<(u32, u32), Relation>, a: u32, b: u32) -> &mut Relation {
    let key = (a.min(b), a.max(b));
    map.entry(key).or_insert_with(|| Relation {
        a: key.0,
        b: key.1,
        tie: None,
        hosting: false,
        affiliation: false,
        strength: 0.0,
        distance: 1.0,
    })
}

fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    v.sort_unstable();
    v.dedup();
}

struct Resolver<'a> {
    index: &'a HashMap<String, EntityIndex>,
}

impl Resolver<'_> {
    fn lookup(
        &self,
        from: &str,
        field: &'static str,
        target: &str,
    ) -> Result<EntityIndex, BuildError> {
        self.index
            .get(target)
            .copied()
            .ok_or_else(|| BuildError::UnknownReference {
                from: from.to_owned(),
                field,
                target: target.to_owned(),
            })
    }

    fn wrong(from: &str, field: &'static str, target: &str, expected: &'static str) -> BuildError {
        BuildError::WrongReference {
            from: from.to_owned(),
            field,
            target: target.to_owned(),
            expected,
        }
    }

    fn organisation(
        &self,
        from: &str,
        field: &'static str,
        target: &str,
    ) -> Result<OrgIndex, BuildError> {
        match self.lookup(from, field, target)? {
            EntityIndex::Organisation(o) => Ok(o),
            _ => Err(Self::wrong(from, field, target, "an organisation")),
        }
    }

    fn chain(&self, from: &str, target: &str) -> Result<ChainIndex, BuildError> {
        match self.lookup(from, "chain", target)? {
            EntityIndex::Chain(c) => Ok(c),
            _ => Err(Self::wrong(from, "chain", target, "a chain")),
        }
    }

    fn capability(
        &self,
        from: &str,
        field: &'static str,
        target: &str,
    ) -> Result<CapabilityIndex, BuildError> {
        match self.lookup(from, field, target)? {
            EntityIndex::Capability(c) => Ok(c),
            _ => Err(Self::wrong(from, field, target, "a capability")),
        }
    }

    fn capabilities(
        &self,
        from: &str,
        targets: &[String],
    ) -> Result<Vec<CapabilityIndex>, BuildError> {
        let mut out = targets
            .iter()
            .map(|t| self.capability(from, "capability", t))
            .collect::<Result<Vec<_>, _>>()?;
        sort_dedup(&mut out);
        Ok(out)
    }
}

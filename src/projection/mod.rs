//! Projection: the SPARQL of `queries/projection/` run over the store, turned into a typed in-memory
//! [`KnowledgeGraph`] for the graph algorithms. After this step nothing sees an IRI or the store.

use crate::base::error::Error;
use crate::base::kind::Kind;
use crate::base::vocab;
use crate::graph::{
    CapabilitySpec, CollaborationKind, CollaborationSpec, DirectionSpec, GraphBuilder,
    KnowledgeGraph, Labels, Level, Locality, OrganisationSpec, PersonSpec, Segment, TalentCategory,
    Tier, WeightPolicy,
};
use crate::store::{Store, cache};
use oxigraph::model::Term;
use std::collections::{BTreeMap, BTreeSet, HashMap};

macro_rules! projection_query {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../queries/projection/", $name, ".rq")),
        )
    };
}

const CHAINS: (&str, &str) = projection_query!("chains");
const CAPABILITIES: (&str, &str) = projection_query!("capabilities");
const DIRECTIONS: (&str, &str) = projection_query!("directions");
const DIRECTION_REQUIREMENTS: (&str, &str) = projection_query!("direction-requirements");
const ORGANISATIONS: (&str, &str) = projection_query!("organisations");
const ORGANISATION_CHAINS: (&str, &str) = projection_query!("organisation-chains");
const HOLDINGS: (&str, &str) = projection_query!("organisation-capabilities");
const IN_CITY: (&str, &str) = projection_query!("in-city");
const COUNTRIES: (&str, &str) = projection_query!("countries");
const CHAIN_SUPPORTS: (&str, &str) = projection_query!("chain-supports");
const PEOPLE: (&str, &str) = projection_query!("people");
const AFFILIATIONS: (&str, &str) = projection_query!("affiliations");
const COLLABORATIONS: (&str, &str) = projection_query!("collaborations");
const PARTICIPANTS: (&str, &str) = projection_query!("collaboration-participants");
const ROLES: (&str, &str) = projection_query!("collaboration-roles");
const CONSORTIUM_RECORDS: (&str, &str) = projection_query!("consortium-records");
const TIER_YEARS: (&str, &str) = projection_query!("tier-years");

/// Every projection query, by name (for tests and for running them elsewhere).
pub const QUERIES: &[(&str, &str)] = &[
    CHAINS,
    CAPABILITIES,
    DIRECTIONS,
    DIRECTION_REQUIREMENTS,
    ORGANISATIONS,
    ORGANISATION_CHAINS,
    HOLDINGS,
    IN_CITY,
    COUNTRIES,
    CHAIN_SUPPORTS,
    PEOPLE,
    AFFILIATIONS,
    COLLABORATIONS,
    PARTICIPANTS,
];

/// What the projection read, for reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProjectionSummary {
    pub organisations: usize,
    pub people: usize,
    pub capabilities: usize,
    pub directions: usize,
    pub chains: usize,
    pub collaborations: usize,
    /// Collaborations left out because fewer than two of their participants are organisations.
    pub skipped_collaborations: usize,
}

/// Runs one projection query, handing each row to `each` as it comes (never the whole answer at
/// once: at national scale some answers have millions of rows).
fn each(
    store: &Store,
    (name, text): (&str, &str),
    mut each: impl FnMut(&[Option<Term>]) -> Result<(), Error>,
) -> Result<(), Error> {
    store.select_each(text, &format!("projection query {name}"), |row| each(row))
}

/// The id of an IRI term (its last segment for innomap IRIs, else the IRI itself).
fn id_of(term: &Option<Term>) -> Option<String> {
    match term {
        Some(Term::NamedNode(node)) => Some(
            vocab::id_of(node.as_str())
                .unwrap_or(node.as_str())
                .to_owned(),
        ),
        _ => None,
    }
}

fn text(term: &Option<Term>) -> String {
    match term {
        Some(Term::Literal(literal)) => literal.value().to_owned(),
        _ => String::new(),
    }
}

/// The local name of an `im:` IRI.
fn def_local(term: &Option<Term>) -> Option<&str> {
    match term {
        Some(Term::NamedNode(node)) => node.as_str().strip_prefix(vocab::DEF),
        _ => None,
    }
}

fn talent_category(local: &str) -> Option<TalentCategory> {
    Some(match local {
        "StrategicScientist" => TalentCategory::StrategicScientist,
        "InnovationLeader" => TalentCategory::InnovationLeader,
        "EntrepreneurshipLeader" => TalentCategory::EntrepreneurshipLeader,
        "YoungTalent" => TalentCategory::YoungTalent,
        "OutstandingEngineer" => TalentCategory::OutstandingEngineer,
        _ => return None,
    })
}

/// The lead and direction a collaboration states, when it does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollaborationRole {
    pub lead: Option<String>,
    pub direction: Option<String>,
}

/// A recorded consortium: direction, leader, year and members (ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsortiumRecord {
    pub id: String,
    pub direction: String,
    pub leader: String,
    pub year: i32,
    /// Sorted, without the leader.
    pub members: Vec<String>,
}

/// The leads and directions of collaborations, by collaboration id (for `innomap evaluate`).
pub fn read_collaboration_roles(
    store: &Store,
) -> Result<BTreeMap<String, CollaborationRole>, Error> {
    let mut roles = BTreeMap::new();
    each(store, ROLES, |row| {
        if let Some(id) = id_of(&row[0]) {
            let role = CollaborationRole {
                lead: id_of(&row[1]),
                direction: id_of(&row[2]),
            };
            if role.lead.is_some() || role.direction.is_some() {
                roles.insert(id, role);
            }
        }
        Ok(())
    })?;
    Ok(roles)
}

/// A firm's tier and the year it reached it (`im:tierYear`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierYear {
    pub firm: String,
    pub tier: Tier,
    pub year: i32,
}

/// The firms that record when they reached their tier, sorted by firm (for `innomap analyze trend`).
pub fn read_tier_years(store: &Store) -> Result<Vec<TierYear>, Error> {
    let mut found: BTreeMap<String, TierYear> = BTreeMap::new();
    each(store, TIER_YEARS, |row| {
        let (Some(firm), Some(tier), Ok(year)) = (
            id_of(&row[0]),
            def_local(&row[1]).and_then(Tier::from_concept_local_name),
            text(&row[2]).parse::<i32>(),
        ) else {
            return Ok(());
        };
        found
            .entry(firm.clone())
            .or_insert(TierYear { firm, tier, year });
        Ok(())
    })?;
    Ok(found.into_values().collect())
}

/// The recorded consortia, sorted by id (for `innomap evaluate --consortia`).
pub fn read_consortium_records(store: &Store) -> Result<Vec<ConsortiumRecord>, Error> {
    let mut records: BTreeMap<String, ConsortiumRecord> = BTreeMap::new();
    each(store, CONSORTIUM_RECORDS, |row| {
        let (Some(id), Some(direction), Some(leader), Some(member)) = (
            id_of(&row[0]),
            id_of(&row[1]),
            id_of(&row[2]),
            id_of(&row[4]),
        ) else {
            return Ok(());
        };
        let Ok(year) = text(&row[3]).parse::<i32>() else {
            return Ok(());
        };
        let record = records
            .entry(id.clone())
            .or_insert_with(|| ConsortiumRecord {
                id,
                direction,
                leader: leader.clone(),
                year,
                members: Vec::new(),
            });
        if member != record.leader {
            record.members.push(member);
        }
        Ok(())
    })?;
    Ok(records
        .into_values()
        .map(|mut r| {
            r.members.sort();
            r.members.dedup();
            r
        })
        .collect())
}

/// Everything the projection read, as plain specs: the graph's input before it is built. Kept apart
/// so that evaluation can hide collaborations before building.
#[derive(Debug, Clone, Default)]
pub struct ProjectionInput {
    pub chains: Vec<(String, Labels)>,
    pub capabilities: Vec<CapabilitySpec>,
    pub directions: Vec<DirectionSpec>,
    pub organisations: Vec<OrganisationSpec>,
    pub chain_supports: Vec<(String, String)>,
    pub people: Vec<PersonSpec>,
    pub collaborations: Vec<CollaborationSpec>,
    pub summary: ProjectionSummary,
}

impl ProjectionInput {
    /// Builds the graph, weighing ties with `policy`.
    pub fn build(self, policy: &WeightPolicy) -> Result<KnowledgeGraph, Error> {
        let build_error = |e: crate::graph::BuildError| Error::Input {
            message: format!("the data cannot be projected for matching: {e}"),
        };
        let mut builder = GraphBuilder::new();
        for (id, labels) in self.chains {
            builder.add_chain(&id, labels).map_err(build_error)?;
        }
        for spec in self.capabilities {
            builder.add_capability(spec).map_err(build_error)?;
        }
        for spec in self.directions {
            builder.add_direction(spec).map_err(build_error)?;
        }
        for spec in self.organisations {
            builder.add_organisation(spec).map_err(build_error)?;
        }
        for (resource, chain) in &self.chain_supports {
            builder.add_chain_support(resource, chain);
        }
        for spec in self.people {
            builder.add_person(spec).map_err(build_error)?;
        }
        for spec in self.collaborations {
            builder.add_collaboration(spec);
        }
        builder.build(policy).map_err(build_error)
    }
}

/// Projects the store into a graph, weighing ties with `policy`. On an on-disk store the graph is
/// saved beside it (`crate::store::cache`) and read back by every later run until the store is
/// written to; [`project_fresh`] always reads the store.
pub fn project(
    store: &Store,
    policy: &WeightPolicy,
) -> Result<(KnowledgeGraph, ProjectionSummary), Error> {
    let key = postcard::to_stdvec(policy).expect("a weight policy serialises");
    let name = format!("projection-{}", cache::key_name(&key));
    if let Some(saved) = cache::load(store, &name, &key) {
        return Ok(saved);
    }
    let (graph, summary) = project_fresh(store, policy)?;
    cache::save(store, &name, &key, &(&graph, &summary));
    Ok((graph, summary))
}

/// Projects the store into a graph by running the projection queries, never from a saved graph.
pub fn project_fresh(
    store: &Store,
    policy: &WeightPolicy,
) -> Result<(KnowledgeGraph, ProjectionSummary), Error> {
    let input = read_projection(store)?;
    let summary = input.summary.clone();
    Ok((input.build(policy)?, summary))
}

/// Runs the projection queries and gathers their answers as specs.
pub fn read_projection(store: &Store) -> Result<ProjectionInput, Error> {
    let mut input = ProjectionInput::default();
    let mut summary = ProjectionSummary::default();

    let mut chain_ids = BTreeSet::new();
    each(store, CHAINS, |row| {
        let Some(id) = id_of(&row[0]) else {
            return Ok(());
        };
        input
            .chains
            .push((id.clone(), Labels::new(text(&row[1]), text(&row[2]))));
        chain_ids.insert(id);
        Ok(())
    })?;
    summary.chains = chain_ids.len();

    let mut capability_ids = BTreeSet::new();
    each(store, CAPABILITIES, |row| {
        let Some(id) = id_of(&row[0]) else {
            return Ok(());
        };
        input.capabilities.push(CapabilitySpec {
            id: id.clone(),
            labels: Labels::new(text(&row[1]), text(&row[2])),
            broader: id_of(&row[3]),
        });
        capability_ids.insert(id);
        Ok(())
    })?;
    summary.capabilities = capability_ids.len();

    let mut required: BTreeMap<String, Vec<String>> = BTreeMap::new();
    each(store, DIRECTION_REQUIREMENTS, |row| {
        if let (Some(direction), Some(capability)) = (id_of(&row[0]), id_of(&row[1])) {
            required.entry(direction).or_default().push(capability);
        }
        Ok(())
    })?;
    each(store, DIRECTIONS, |row| {
        let (Some(id), Some(chain)) = (id_of(&row[0]), id_of(&row[2])) else {
            return Ok(());
        };
        let mut needs = required.remove(&id).unwrap_or_default();
        needs.sort();
        needs.dedup();
        let notation = match text(&row[1]) {
            empty if empty.is_empty() => id.clone(),
            notation => notation,
        };
        input.directions.push(DirectionSpec {
            id,
            notation,
            labels: Labels::new(text(&row[3]), text(&row[4])),
            chain,
            required: needs,
        });
        summary.directions += 1;
        Ok(())
    })?;

    // Facts about organisations, gathered first so that each organisation is added once, whole.
    let mut chains_of: HashMap<String, Vec<String>> = HashMap::new();
    each(store, ORGANISATION_CHAINS, |row| {
        if let (Some(org), Some(chain)) = (id_of(&row[0]), id_of(&row[1])) {
            chains_of.entry(org).or_default().push(chain);
        }
        Ok(())
    })?;
    let mut holdings: HashMap<String, Vec<String>> = HashMap::new();
    each(store, HOLDINGS, |row| {
        if let (Some(holder), Some(capability)) = (id_of(&row[0]), id_of(&row[1])) {
            holdings.entry(holder).or_default().push(capability);
        }
        Ok(())
    })?;
    let mut in_city: BTreeSet<String> = BTreeSet::new();
    each(store, IN_CITY, |row| {
        in_city.extend(id_of(&row[0]));
        Ok(())
    })?;
    // An organisation's country: a code other than CN wins (Hong Kong is inside CN but foreign
    // for locality, as the vocabulary says).
    let mut country_of: HashMap<String, String> = HashMap::new();
    each(store, COUNTRIES, |row| {
        let Some(org) = id_of(&row[0]) else {
            return Ok(());
        };
        let code = text(&row[1]);
        let entry = country_of.entry(org).or_insert_with(|| code.clone());
        if entry == "CN" && code != "CN" {
            *entry = code;
        }
        Ok(())
    })?;
    let mut supports: Vec<(String, String)> = Vec::new();
    each(store, CHAIN_SUPPORTS, |row| {
        if let (Some(resource), Some(chain)) = (id_of(&row[0]), id_of(&row[1])) {
            supports.push((resource, chain));
        }
        Ok(())
    })?;
    let on_list: BTreeSet<&str> = supports.iter().map(|(r, _)| r.as_str()).collect();

    let mut organisations: BTreeMap<String, OrganisationSpec> = BTreeMap::new();
    each(store, ORGANISATIONS, |row| {
        let Some(id) = id_of(&row[0]) else {
            return Ok(());
        };
        let kind = match &row[1] {
            Some(Term::NamedNode(class)) => Kind::from_class_iri(class.as_str()),
            _ => None,
        };
        let Some(kind) = kind else { return Ok(()) };
        // An organisation typed with two kind classes keeps the first kind in the list's order.
        if let Some(existing) = organisations.get(&id) {
            if Kind::ALL.iter().position(|k| *k == existing.kind)
                <= Kind::ALL.iter().position(|k| *k == kind)
            {
                return Ok(());
            }
        }
        let country = country_of.get(&id).cloned();
        let locality = if in_city.contains(&id) {
            Locality::InCity
        } else if on_list.contains(id.as_str()) {
            Locality::OnCityList
        } else if country.as_deref().is_some_and(|c| c != "CN") {
            Locality::International
        } else {
            Locality::Domestic
        };
        let mut spec = OrganisationSpec::new(
            &id,
            Labels::new(text(&row[2]), text(&row[3])),
            kind,
            locality,
        );
        if let Some(tier) = def_local(&row[4]).and_then(Tier::from_concept_local_name) {
            spec = spec.with_tier(tier);
        }
        if let Some(level) = def_local(&row[5]).and_then(Level::from_concept_local_name) {
            spec = spec.with_level(level);
        }
        if text(&row[6]) == "true" || text(&row[6]) == "1" {
            spec = spec.with_leading_firm(true);
        }
        if let Some(code) = &country {
            spec = spec.with_country(code);
        }
        if let Some(host) = id_of(&row[7]) {
            spec.host = Some(host);
        }
        if let Some(segment) = def_local(&row[8]).and_then(Segment::from_concept_local_name) {
            spec = spec.with_segment(segment);
        }
        spec.place = id_of(&row[9]);
        let mut chains = chains_of.remove(&id).unwrap_or_default();
        chains.retain(|c| chain_ids.contains(c));
        chains.sort();
        chains.dedup();
        spec.chains = chains;
        let mut capabilities = holdings.remove(&id).unwrap_or_default();
        capabilities.sort();
        capabilities.dedup();
        spec.capabilities = capabilities;
        organisations.insert(id, spec);
        Ok(())
    })?;
    // A host that is not an organisation of the map (e.g. a university left out of a partial load)
    // is dropped rather than failing the whole projection.
    let org_ids: BTreeSet<String> = organisations.keys().cloned().collect();
    for spec in organisations.values_mut() {
        if spec
            .host
            .as_ref()
            .is_some_and(|h| !org_ids.contains(h) || h == &spec.id)
        {
            spec.host = None;
        }
    }
    summary.organisations = organisations.len();
    input.organisations = organisations.into_values().collect();
    input.chain_supports = supports
        .iter()
        .filter(|(resource, chain)| org_ids.contains(resource) && chain_ids.contains(chain))
        .cloned()
        .collect();

    let mut affiliations: HashMap<String, Vec<String>> = HashMap::new();
    each(store, AFFILIATIONS, |row| {
        if let (Some(person), Some(org)) = (id_of(&row[0]), id_of(&row[1])) {
            if org_ids.contains(&org) {
                affiliations.entry(person).or_default().push(org);
            }
        }
        Ok(())
    })?;
    each(store, PEOPLE, |row| {
        let Some(id) = id_of(&row[0]) else {
            return Ok(());
        };
        let Some(category) = def_local(&row[1]).and_then(talent_category) else {
            return Ok(());
        };
        let mut orgs = affiliations.remove(&id).unwrap_or_default();
        orgs.sort();
        orgs.dedup();
        let mut capabilities = holdings.remove(&id).unwrap_or_default();
        capabilities.sort();
        capabilities.dedup();
        input.people.push(PersonSpec {
            id,
            labels: Labels::new(text(&row[2]), text(&row[3])),
            talent_category: category,
            affiliations: orgs,
            capabilities,
        });
        summary.people += 1;
        Ok(())
    })?;

    let mut participants_of: HashMap<String, Vec<String>> = HashMap::new();
    each(store, PARTICIPANTS, |row| {
        if let (Some(id), Some(participant)) = (id_of(&row[0]), id_of(&row[1])) {
            if org_ids.contains(&participant) {
                participants_of.entry(id).or_default().push(participant);
            }
        }
        Ok(())
    })?;
    // A collaboration with two kinds or years keeps the first row's, as the store orders them.
    let mut collaborations: BTreeMap<String, (Option<CollaborationKind>, i32, Vec<String>)> =
        BTreeMap::new();
    each(store, COLLABORATIONS, |row| {
        let Some(id) = id_of(&row[0]) else {
            return Ok(());
        };
        if collaborations.contains_key(&id) {
            return Ok(());
        }
        let kind = def_local(&row[1]).and_then(CollaborationKind::from_concept_local_name);
        let year = text(&row[2]).parse::<i32>().unwrap_or(0);
        let participants = participants_of.remove(&id).unwrap_or_default();
        collaborations.insert(id, (kind, year, participants));
        Ok(())
    })?;
    for (id, (kind, year, mut participants)) in collaborations {
        participants.sort();
        participants.dedup();
        let Some(kind) = kind else {
            summary.skipped_collaborations += 1;
            continue;
        };
        if participants.len() < 2 {
            summary.skipped_collaborations += 1;
            continue;
        }
        input.collaborations.push(CollaborationSpec {
            id,
            kind,
            year,
            participants,
        });
        summary.collaborations += 1;
    }

    input.summary = summary;
    Ok(input)
}

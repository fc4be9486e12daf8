//! The fixed catalogue of a dataset: concepts, the 8 chains with their capability fields, the
//! cross-cutting capabilities, the countries and the places organisations sit in.

use super::emit::{INTL_PLACE, im, padded, syn_iri};

pub(super) struct Concept {
    pub(super) slug: &'static str,
    pub(super) zh: &'static str,
    pub(super) en: &'static str,
}

const fn concept(slug: &'static str, zh: &'static str, en: &'static str) -> Concept {
    Concept { slug, zh, en }
}

pub(super) struct ChainSpec {
    pub(super) slug: &'static str,
    pub(super) zh: &'static str,
    pub(super) en: &'static str,
    pub(super) notation: &'static str,
    pub(super) group: &'static str,
    /// Share of organisations, per mille.
    pub(super) weight: u32,
    /// Directions of the chain.
    pub(super) directions: usize,
    /// The field's broad capability.
    pub(super) top: Concept,
    /// Narrower capabilities, most popular first; the last [`EXTERNAL_ONLY`] are held only outside.
    pub(super) capabilities: [Concept; FIELD_SIZE],
}

pub(super) const CHAINS: usize = 8;
pub(super) const FIELD_SIZE: usize = 8;
/// The rarest capabilities of each field, held by no local actor.
pub(super) const EXTERNAL_ONLY: usize = 2;
pub(super) const CROSS_SIZE: usize = 6;
/// Index of the cross-cutting broad capability; its narrower ones follow.
pub(super) const CROSS_TOP: usize = CHAINS * (FIELD_SIZE + 1);
pub(super) const CAPABILITIES: usize = CROSS_TOP + 1 + CROSS_SIZE;
pub(super) const DIRECTIONS: usize = 31;
pub(super) const FIRST_DIRECTION: usize = 41;
pub(super) const MAX_CAPS: usize = 5;

pub(super) const fn field_capability(chain: usize, rank: usize) -> u8 {
    (chain * (FIELD_SIZE + 1) + 1 + rank) as u8
}

const LEADING: &str = im!("LeadingChain");
const EMERGING: &str = im!("EmergingChain");

pub(super) const CHAIN_SPECS: [ChainSpec; CHAINS] = [
    ChainSpec {
        slug: "syn-metallurgy",
        zh: "合成冶金新材料",
        en: "Synthetic metallurgical materials",
        notation: "L1",
        group: LEADING,
        weight: 180,
        directions: 4,
        top: concept(
            "syn-metallurgical-technology",
            "冶金材料技术（合成）",
            "Metallurgical materials technology (synthetic)",
        ),
        capabilities: [
            concept(
                "syn-steelmaking-refining",
                "炼钢精炼",
                "Steelmaking and refining",
            ),
            concept(
                "syn-controlled-rolling",
                "控轧控冷",
                "Controlled rolling and cooling",
            ),
            concept("syn-alloy-design", "合金成分设计", "Alloy design"),
            concept("syn-strip-casting", "薄带铸轧", "Thin strip casting"),
            concept("syn-steel-coating", "钢材表面涂镀", "Steel surface coating"),
            concept(
                "syn-metallurgical-modelling",
                "冶金过程建模",
                "Metallurgical process modelling",
            ),
            concept(
                "syn-hydrogen-reduction",
                "氢基直接还原",
                "Hydrogen-based direct reduction",
            ),
            concept(
                "syn-slag-valorisation",
                "钢渣高值利用",
                "Steel slag valorisation",
            ),
        ],
    },
    ChainSpec {
        slug: "syn-chemicals",
        zh: "合成化工新材料",
        en: "Synthetic chemical materials",
        notation: "L2",
        group: LEADING,
        weight: 160,
        directions: 4,
        top: concept(
            "syn-chemical-technology",
            "化工材料技术（合成）",
            "Chemical materials technology (synthetic)",
        ),
        capabilities: [
            concept("syn-polymer-synthesis", "高分子合成", "Polymer synthesis"),
            concept(
                "syn-industrial-catalysis",
                "工业催化",
                "Industrial catalysis",
            ),
            concept(
                "syn-process-scale-up",
                "化工放大",
                "Chemical process scale-up",
            ),
            concept("syn-separation-membranes", "分离膜", "Separation membranes"),
            concept(
                "syn-electronic-chemicals",
                "电子化学品提纯",
                "Electronic chemical purification",
            ),
            concept(
                "syn-bio-based-polymers",
                "生物基高分子",
                "Bio-based polymers",
            ),
            concept(
                "syn-fluorinated-materials",
                "含氟功能材料",
                "Fluorinated functional materials",
            ),
            concept(
                "syn-resin-monomers",
                "高端树脂单体",
                "High-end resin monomers",
            ),
        ],
    },
    ChainSpec {
        slug: "syn-equipment",
        zh: "合成智能装备",
        en: "Synthetic intelligent equipment",
        notation: "L3",
        group: LEADING,
        weight: 160,
        directions: 4,
        top: concept(
            "syn-equipment-technology",
            "智能装备技术（合成）",
            "Intelligent equipment technology (synthetic)",
        ),
        capabilities: [
            concept("syn-motion-control", "运动控制", "Motion control"),
            concept(
                "syn-industrial-robotics",
                "工业机器人",
                "Industrial robotics",
            ),
            concept("syn-laser-processing", "激光加工", "Laser processing"),
            concept("syn-precision-machining", "精密加工", "Precision machining"),
            concept("syn-machine-vision", "机器视觉", "Machine vision"),
            concept("syn-hydraulics", "液压传动", "Hydraulic transmission"),
            concept("syn-high-end-bearings", "高端轴承", "High-end bearings"),
            concept("syn-cnc-kernels", "数控系统内核", "CNC system kernels"),
        ],
    },
    ChainSpec {
        slug: "syn-textiles",
        zh: "合成高端纺织",
        en: "Synthetic high-end textiles",
        notation: "L4",
        group: LEADING,
        weight: 100,
        directions: 4,
        top: concept(
            "syn-textile-technology",
            "纺织技术（合成）",
            "Textile technology (synthetic)",
        ),
        capabilities: [
            concept("syn-functional-fibres", "功能纤维", "Functional fibres"),
            concept("syn-spinning", "纺纱工艺", "Spinning"),
            concept("syn-weaving-knitting", "织造", "Weaving and knitting"),
            concept("syn-dyeing-finishing", "印染后整理", "Dyeing and finishing"),
            concept(
                "syn-textile-recycling",
                "纺织品循环再生",
                "Textile recycling",
            ),
            concept(
                "syn-technical-textiles",
                "产业用纺织品",
                "Technical textiles",
            ),
            concept(
                "syn-carbon-fibre-precursors",
                "碳纤维原丝",
                "Carbon-fibre precursors",
            ),
            concept("syn-smart-textiles", "智能纺织品", "Smart textiles"),
        ],
    },
    ChainSpec {
        slug: "syn-new-energy",
        zh: "合成新能源",
        en: "Synthetic new energy",
        notation: "E1",
        group: EMERGING,
        weight: 120,
        directions: 4,
        top: concept(
            "syn-energy-technology",
            "新能源技术（合成）",
            "New energy technology (synthetic)",
        ),
        capabilities: [
            concept("syn-battery-cells", "电池电芯", "Battery cells"),
            concept(
                "syn-battery-management",
                "电池管理系统",
                "Battery management systems",
            ),
            concept("syn-pv-modules", "光伏组件", "Photovoltaic modules"),
            concept("syn-fuel-cells", "氢燃料电池", "Hydrogen fuel cells"),
            concept("syn-power-conversion", "电能变换", "Power conversion"),
            concept(
                "syn-storage-integration",
                "储能系统集成",
                "Energy-storage integration",
            ),
            concept(
                "syn-solid-electrolytes",
                "固态电解质",
                "Solid-state electrolytes",
            ),
            concept("syn-electrolysers", "电解水制氢", "Water electrolysers"),
        ],
    },
    ChainSpec {
        slug: "syn-digital",
        zh: "合成数字经济",
        en: "Synthetic digital economy",
        notation: "E2",
        group: EMERGING,
        weight: 120,
        directions: 4,
        top: concept(
            "syn-digital-technology",
            "数字技术（合成）",
            "Digital technology (synthetic)",
        ),
        capabilities: [
            concept(
                "syn-industrial-internet",
                "工业互联网",
                "Industrial internet",
            ),
            concept("syn-cloud-platforms", "云平台", "Cloud platforms"),
            concept("syn-data-governance", "数据治理", "Data governance"),
            concept("syn-embedded-software", "嵌入式软件", "Embedded software"),
            concept("syn-cybersecurity", "网络安全", "Cybersecurity"),
            concept("syn-computer-vision", "计算机视觉", "Computer vision"),
            concept("syn-large-models", "行业大模型", "Industry large models"),
            concept(
                "syn-simulation-software",
                "工业仿真软件",
                "Industrial simulation software",
            ),
        ],
    },
    ChainSpec {
        slug: "syn-biomedicine",
        zh: "合成生物医药",
        en: "Synthetic biomedicine",
        notation: "E3",
        group: EMERGING,
        weight: 90,
        directions: 4,
        top: concept(
            "syn-biomedical-technology",
            "生物医药技术（合成）",
            "Biomedical technology (synthetic)",
        ),
        capabilities: [
            concept("syn-drug-formulation", "药物制剂", "Drug formulation"),
            concept("syn-biologics", "生物制品", "Biologics"),
            concept(
                "syn-medical-imaging",
                "医学影像设备",
                "Medical imaging devices",
            ),
            concept("syn-implant-materials", "植介入材料", "Implant materials"),
            concept(
                "syn-in-vitro-diagnostics",
                "体外诊断",
                "In-vitro diagnostics",
            ),
            concept("syn-bioprocessing", "生物发酵工艺", "Bioprocessing"),
            concept("syn-cell-therapy", "细胞治疗", "Cell therapy"),
            concept(
                "syn-high-end-catheters",
                "高端介入导管",
                "High-end catheters",
            ),
        ],
    },
    ChainSpec {
        slug: "syn-semiconductors",
        zh: "合成特色半导体",
        en: "Synthetic semiconductors",
        notation: "E4",
        group: EMERGING,
        weight: 70,
        directions: 3,
        top: concept(
            "syn-semiconductor-technology",
            "半导体技术（合成）",
            "Semiconductor technology (synthetic)",
        ),
        capabilities: [
            concept("syn-power-devices", "功率器件", "Power devices"),
            concept("syn-packaging-testing", "封装测试", "Packaging and testing"),
            concept("syn-wafer-processing", "晶圆工艺", "Wafer processing"),
            concept(
                "syn-semiconductor-materials",
                "半导体材料",
                "Semiconductor materials",
            ),
            concept("syn-chip-design", "芯片设计", "Chip design"),
            concept("syn-sic-substrates", "碳化硅衬底", "SiC substrates"),
            concept(
                "syn-lithography-materials",
                "光刻材料",
                "Lithography materials",
            ),
            concept("syn-eda-tools", "EDA工具", "EDA tools"),
        ],
    },
];

pub(super) const CROSS_TOP_CONCEPT: Concept = concept(
    "syn-cross-cutting-technology",
    "通用共性技术（合成）",
    "Cross-cutting technology (synthetic)",
);
pub(super) const CROSS_CAPABILITIES: [Concept; CROSS_SIZE] = [
    concept("syn-digital-twin", "数字孪生", "Digital twin"),
    concept("syn-machine-learning", "机器学习", "Machine learning"),
    concept(
        "syn-testing-inspection",
        "检验检测",
        "Testing and inspection",
    ),
    concept(
        "syn-low-carbon-processes",
        "低碳工艺",
        "Low-carbon processes",
    ),
    concept(
        "syn-standards-metrology",
        "标准与计量",
        "Standards and metrology",
    ),
    concept("syn-ip-management", "知识产权运营", "IP management"),
];

/// Zipf-like popularity of a field's capabilities by rank (840 / (rank + 1)).
pub(super) const POPULARITY: [u32; FIELD_SIZE] = [840, 420, 280, 210, 168, 140, 120, 105];
/// Popularity of the external-only capabilities among external organisations.
pub(super) const EXTERNAL_POPULARITY: u32 = 320;

/// The country nodes, exactly as the bundled data states them.
pub(super) const CHINA: (&str, &str, &str) = ("CN", "中国", "China");
pub(super) const FOREIGN: [(&str, &str, &str); 4] = [
    ("US", "美国", "United States"),
    ("JP", "日本", "Japan"),
    ("KR", "韩国", "Republic of Korea"),
    ("DE", "德国", "Germany"),
];
pub(super) const EXTERNAL_CITIES: usize = 8;
/// External cities in the synthetic province; the others are directly under China.
pub(super) const EXTERNAL_CITIES_IN_PROVINCE: usize = 3;

/// The places organisations sit in, by index: local places (towns, then zones), external Chinese
/// cities, foreign countries.
pub(super) struct Places {
    pub(super) towns: usize,
    pub(super) zones: usize,
    pub(super) local_weights: Vec<u32>,
    pub(super) iris: Vec<Vec<u8>>,
}

impl Places {
    pub(super) fn new(organisations: usize) -> Self {
        let towns = (organisations.isqrt() / 7).clamp(4, 150);
        let zones = (towns / 4).max(1);
        let mut iris = Vec::new();
        let mut local_weights = Vec::new();
        for t in 0..towns {
            iris.push(syn_iri(
                "place",
                &format!("syn-town-{}", padded(t as u64 + 1, 3)),
            ));
            local_weights.push(12 + 60 / (t as u32 + 1));
        }
        for z in 0..zones {
            iris.push(syn_iri(
                "place",
                &format!("syn-zone-{}", padded(z as u64 + 1, 2)),
            ));
            local_weights.push(6);
        }
        for c in 0..EXTERNAL_CITIES {
            iris.push(syn_iri(
                "place",
                &format!("syn-xcity-{}", padded(c as u64 + 1, 2)),
            ));
        }
        for (code, _, _) in FOREIGN {
            iris.push(format!("<{INTL_PLACE}{code}>").into_bytes());
        }
        Places {
            towns,
            zones,
            local_weights,
            iris,
        }
    }

    pub(super) fn local(&self) -> usize {
        self.towns + self.zones
    }

    pub(super) fn count(&self) -> usize {
        self.iris.len()
    }

    pub(super) fn is_local(&self, place: u16) -> bool {
        (place as usize) < self.local()
    }

    pub(super) fn is_foreign(&self, place: u16) -> bool {
        (place as usize) >= self.local() + EXTERNAL_CITIES
    }
}

pub(super) fn concept_of(index: usize) -> &'static Concept {
    if index >= CROSS_TOP {
        return if index == CROSS_TOP {
            &CROSS_TOP_CONCEPT
        } else {
            &CROSS_CAPABILITIES[index - CROSS_TOP - 1]
        };
    }
    let chain = &CHAIN_SPECS[index / (FIELD_SIZE + 1)];
    match index % (FIELD_SIZE + 1) {
        0 => &chain.top,
        r => &chain.capabilities[r - 1],
    }
}

#!/usr/bin/env python3
"""Write the bundled Zhangjiagang dataset, data/zjg/*.ttl.

The verified and plan-text entities are hand-written tables in this file (section "Hand-written
entities"); the illustrative bulk (most firms, annual figures, patents, collaborations, consortia,
people, investments) is generated from a fixed seed, so every run writes the same bytes.

    python3 scripts/bundled_data.py            # (re)write data/zjg/
    python3 scripts/bundled_data.py --check    # exit 1 if data/zjg/ differs from what would be written
    python3 scripts/bundled_data.py --out DIR  # write somewhere else

Provenance (DOMAIN.md): every entity states im:provenance — im:Verified with a dcterms:source literal,
im:PlanText (named in the 2025 work plan only), or im:Illustrative (invented, never a claim about the
real world). On a verified entity only what its source supports is verified (existence, name, its link
to the city or chain, and facts its dcterms:description names as sourced); its tier, town, capabilities,
figures, patents and collaborations are illustrative, and the entity's dcterms:description says so.
No URL is invented; sources are cited as literals.

Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys
import zlib
from collections import defaultdict

SEED = 20250308
ID = "https://w3id.org/innomap/id/"
IM = "https://w3id.org/innomap/def#"

STD_PREFIXES = [
    ("im", IM),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("schema", "https://schema.org/"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("bibo", "http://purl.org/ontology/bibo/"),
]

# ======================================================================================================
# Sources (literal citations; never URLs)
# ======================================================================================================

S_CHAINS = ("张家港市“十四五”产业发展规划（2021）；商务部2023年贸易周张家港页面；"
            "张家港市科技局2024年通知（“4+4”产业链与“8+10”创新体系）")
S_SUZHOU_DAILY = "苏州日报《创新港城 澎湃向“新”》（2025-12-17）"
S_INCUBATOR_PLAN = "《张家港市科创孵化载体“十四五”建设发展规划》（2021年6月发布）"
S_SINA_2026 = "新浪财经《创新征途，张家港全程深度“陪跑”》（2026-01-04）"
S_HYDROGEN_2019 = "张家港市人民政府网《张家港打造百亿级氢能产业链》（2019-11-05）"
S_GUOFU = "中国电力网报道：国富氢能港交所主板上市、专精特新“小巨人”，张家港发布氢能产业基金（2024-11-19）"
S_HURUN = "胡润研究院《2024全球独角兽榜》"
S_CHINADAILY_METAL = "China Daily Jiangsu: Zhangjiagang metallurgical new materials report (2025-08-12)"
S_EDZONE_2025 = "张家港经开区（杨舍镇）产业高质量发展推进会报道（2025-10-15）"
S_HUACHANG_POLYMER = "华昌聚合物公司新闻《华理科研院领导来华昌聚合物推进创新平台共建》"
S_TSINGHUA_H2 = "张家港市与清华大学共建氢能与锂离子电池技术联合研究院成立报道"
S_MOE = "教育部《全国高等学校名单》（2024）"
S_CAS = "中国科学院院属机构名录"
S_ZJG_PUBLIC = "张家港市人民政府及市科技局公开信息（具体篇目未记录）"
S_DIVISIONS = "民政部全国行政区划信息"
S_ZJG_DIVISIONS = "张家港市人民政府网·行政区划与区镇介绍"
S_ISO = "ISO 3166-1"
S_FIRM_PUBLIC = "企业公开信息（年报与官网简介）"
S_FOREIGN = "机构官方简介（名称与所在地）"

D_REAL_FIRM = ("存在及在张家港的经营已核实（见来源）；所在镇（区）、梯队、龙头标记、技术能力、年度指标、专利与合作均为示意数据。",
               "Existence and presence in Zhangjiagang verified (see source); town, tier, leading-firm flag, "
               "capabilities, annual figures, patents and collaborations are illustrative.")
D_REAL_EXT_FIRM = ("存在已核实（见来源）；技术能力与合作为示意数据。",
                   "Existence verified (see source); capabilities and collaborations are illustrative.")
D_REAL_RES = ("存在及与所支撑产业链的关联已核实（见来源）；级别、所在镇与技术能力为示意数据。",
              "Existence and link to the chain it backs verified (see source); level, town and capabilities are illustrative.")
D_REAL_EXT_RES = ("机构存在已核实（见来源）；技术能力与合作为示意数据。",
                  "The institution exists (see source); its capabilities and collaborations are illustrative.")
D_ILLUS_FIRM = ("虚构的示意企业，用于使图谱完整；不指向任何真实企业。",
                "An invented, illustrative firm that completes the map; it does not refer to any real company.")
D_ILLUS_RES = ("示意的创新资源，用于补全“8×10”清单；不代表真实机构。",
               "An illustrative innovation resource that completes the 8×10 list; not a real institution.")

# ======================================================================================================
# Hand-written entities: places
# ======================================================================================================

# (id, zh, en, placeType, parent (region, id), altLabels)
PROVINCES = [
    ("jiangsu", "江苏省", "Jiangsu", []),
    ("liaoning", "辽宁省", "Liaoning", []),
    ("gansu", "甘肃省", "Gansu", []),
    ("hubei", "湖北省", "Hubei", []),
    ("guangdong", "广东省", "Guangdong", []),
    ("heilongjiang", "黑龙江省", "Heilongjiang", []),
    ("shaanxi", "陕西省", "Shaanxi", []),
    ("shandong", "山东省", "Shandong", []),
]
CITIES = [  # (id, zh, en, province id or None for a municipality directly under CN)
    ("suzhou", "苏州市", "Suzhou", "jiangsu"),
    ("nanjing", "南京市", "Nanjing", "jiangsu"),
    ("wuxi", "无锡市", "Wuxi", "jiangsu"),
    ("zhenjiang", "镇江市", "Zhenjiang", "jiangsu"),
    ("beijing", "北京市", "Beijing", None),
    ("shanghai", "上海市", "Shanghai", None),
    ("tianjin", "天津市", "Tianjin", None),
    ("shenyang", "沈阳市", "Shenyang", "liaoning"),
    ("dalian", "大连市", "Dalian", "liaoning"),
    ("lanzhou", "兰州市", "Lanzhou", "gansu"),
    ("wuhan", "武汉市", "Wuhan", "hubei"),
    ("shenzhen", "深圳市", "Shenzhen", "guangdong"),
    ("harbin", "哈尔滨市", "Harbin", "heilongjiang"),
    ("xian", "西安市", "Xi'an", "shaanxi"),
    ("jinan", "济南市", "Jinan", "shandong"),
]
# Towns and zones of the city: (id, zh, en, type, parent id in zjg or None for the city, altLabels)
TOWNS = [
    ("yangshe", "杨舍", "Yangshe", "Town", None, ["杨舍镇"]),
    ("jingang", "金港", "Jingang", "Town", None, []),
    ("jinfeng", "锦丰", "Jinfeng", "Town", None, ["锦丰镇"]),
    ("tangqiao", "塘桥", "Tangqiao", "Town", None, ["塘桥镇"]),
    ("leyu", "乐余", "Leyu", "Town", None, ["乐余镇"]),
    ("fenghuang", "凤凰", "Fenghuang", "Town", None, ["凤凰镇"]),
    ("nanfeng", "南丰", "Nanfeng", "Town", None, ["南丰镇"]),
    ("daxin", "大新", "Daxin", "Town", None, ["大新镇"]),
    ("changyinsha", "常阴沙", "Changyinsha", "Zone", None, ["常阴沙现代农业示范园区"]),
    ("shuangshandao", "双山岛", "Shuangshan Island", "Zone", None, ["双山岛旅游度假区"]),
    ("ed-zone", "张家港经济技术开发区", "Zhangjiagang Economic and Technological Development Zone", "Zone", "yangshe",
     ["张家港经开区"]),
    ("bonded-zone", "张家港保税区", "Zhangjiagang Bonded Zone", "Zone", "jingang", []),
    ("metallurgy-park", "江苏扬子江国际冶金工业园", "Jiangsu Yangtze River International Metallurgical Industrial Park",
     "Zone", "jinfeng", ["冶金工业园"]),
    ("high-tech-zone", "张家港高新技术产业开发区", "Zhangjiagang High-tech Industrial Development Zone", "Zone", "tangqiao",
     ["张家港高新区"]),
]
TOWN_OF = {t[0]: (t[4] or t[0]) for t in TOWNS}

# Countries and regions other than China (international.ttl): (code, zh, en, contained in CN?)
COUNTRIES = [
    ("US", "美国", "United States", False),
    ("JP", "日本", "Japan", False),
    ("KR", "韩国", "Republic of Korea", False),
    ("DE", "德国", "Germany", False),
    ("HK", "中国香港", "Hong Kong, China", True),
    ("MO", "中国澳门", "Macao, China", True),
]

# ======================================================================================================
# Hand-written entities: chains
# ======================================================================================================

# (id, zh, en, group, notation, altLabels)
CHAINS = [
    ("metallurgy", "冶金新材料", "Metallurgical new materials", "LeadingChain", "L1", []),
    ("chemicals", "化工新材料", "Chemical and advanced polymer materials", "LeadingChain", "L2", ["先进高分子材料", "先进材料"]),
    ("equipment", "智能装备", "Intelligent high-end equipment", "LeadingChain", "L3", ["高端装备", "智能高端装备"]),
    ("textiles", "高端纺织", "High-end textiles", "LeadingChain", "L4", []),
    ("new-energy", "新能源", "New energy", "EmergingChain", "E1", []),
    ("digital", "数字经济", "Digital economy", "EmergingChain", "E2", []),
    ("biomedicine", "生物医药及高端医疗器械", "Biomedicine and high-end medical devices", "EmergingChain", "E3",
     ["生物医药"]),
    ("semiconductors", "特色半导体", "Characteristic semiconductors", "EmergingChain", "E4", ["先进特色半导体"]),
    ("new-type-storage", "新型储能", "New-type energy storage", "FutureIndustry", "N1", []),
    ("third-gen-semiconductors", "第三代半导体", "Third-generation semiconductors", "FutureIndustry", "N2", []),
    ("commercial-space", "商业航天", "Commercial space", "FutureIndustry", "N3", []),
    ("hydrogen-energy", "氢能", "Hydrogen energy", "FutureIndustry", "N4", []),
    ("low-altitude-economy", "低空经济", "Low-altitude economy", "FutureIndustry", "N5", []),
]
MAIN_CHAINS = [c[0] for c in CHAINS if c[3] != "FutureIndustry"]

# ======================================================================================================
# Hand-written entities: capability taxonomy (illustrative)
# ======================================================================================================

# (id, zh, en, broader or None); region cn unless listed in INTL_CAPS
CAPABILITIES = [
    ("metallurgical-engineering", "冶金工程", "Metallurgical engineering", None),
    ("steel-materials", "钢铁材料", "Steel materials", None),
    ("low-carbon-technology", "低碳技术", "Low-carbon technology", None),
    ("polymer-materials", "高分子材料", "Polymer materials", None),
    ("chemical-engineering", "化学工程", "Chemical engineering", None),
    ("fine-chemicals", "精细化学品", "Fine chemicals", None),
    ("advanced-manufacturing", "先进制造", "Advanced manufacturing", None),
    ("aerospace-engineering", "航天工程", "Aerospace engineering", None),
    ("electrical-engineering", "电气工程", "Electrical engineering", None),
    ("fibre-and-textile", "纤维与纺织", "Fibres and textiles", None),
    ("hydrogen-technology", "氢能技术", "Hydrogen technology", None),
    ("electrochemical-storage", "电化学储能", "Electrochemical energy storage", None),
    ("photovoltaics", "光伏技术", "Photovoltaics", None),
    ("industrial-internet", "工业互联网与数据", "Industrial internet and data", None),
    ("artificial-intelligence", "人工智能", "Artificial intelligence", None),
    ("industrial-software", "工业软件", "Industrial software", None),
    ("medical-devices", "医疗器械", "Medical devices", None),
    ("biomanufacturing", "生物制造", "Biomanufacturing", None),
    ("pharmaceutical-engineering", "制药工程", "Pharmaceutical engineering", None),
    ("semiconductor-materials", "半导体材料", "Semiconductor materials", None),
    ("semiconductor-devices", "半导体器件", "Semiconductor devices", None),
    ("testing-and-analysis", "检测与分析", "Testing and analysis", None),
    # metallurgy
    ("strip-casting", "薄带铸轧", "Thin-strip casting and rolling", "metallurgical-engineering"),
    ("rolling-technology", "轧制技术", "Rolling technology", "metallurgical-engineering"),
    ("clean-steelmaking", "洁净钢冶炼", "Clean steelmaking", "metallurgical-engineering"),
    ("inclusion-control", "夹杂物控制", "Inclusion control", "metallurgical-engineering"),
    ("steel-process-modelling", "冶金过程建模与智能控制", "Metallurgical process modelling and control",
     "metallurgical-engineering"),
    ("special-steel-alloying", "特殊钢合金设计", "Special-steel alloy design", "steel-materials"),
    ("steel-microstructure-control", "组织与性能调控", "Microstructure and property control", "steel-materials"),
    ("silicon-steel", "电工钢（硅钢）", "Electrical (silicon) steel", "steel-materials"),
    ("ccus", "二氧化碳捕集利用与封存", "Carbon capture, utilisation and storage", "low-carbon-technology"),
    ("waste-heat-recovery", "余热余能回收利用", "Waste heat and energy recovery", "low-carbon-technology"),
    # chemicals
    ("resin-synthesis", "高性能树脂合成", "High-performance resin synthesis", "polymer-materials"),
    ("composite-matrix-resin", "碳纤维复合材料基体树脂", "Matrix resins for carbon-fibre composites", "polymer-materials"),
    ("bio-based-polymers", "生物基可降解高分子", "Bio-based degradable polymers", "polymer-materials"),
    ("polymer-processing", "高分子加工与改性", "Polymer processing and modification", "polymer-materials"),
    ("polymerization-catalysis", "聚合与催化", "Polymerisation and catalysis", "chemical-engineering"),
    ("process-intensification", "化工过程强化", "Chemical process intensification", "chemical-engineering"),
    ("separation-membranes", "分离膜材料与膜过程", "Separation membranes and membrane processes", "chemical-engineering"),
    ("chemical-scale-up", "化工中试放大", "Chemical pilot and scale-up", "chemical-engineering"),
    ("continuous-flow-chemistry", "连续流反应技术", "Continuous-flow chemistry", "chemical-engineering"),
    ("electronic-wet-chemicals", "电子级湿化学品", "Electronic-grade wet chemicals", "fine-chemicals"),
    ("ultra-purification", "超纯提纯", "Ultra-high purification", "fine-chemicals"),
    ("coating-technology", "功能涂层与镀膜", "Functional coatings and thin films", "fine-chemicals"),
    # equipment
    ("laser-processing", "激光加工", "Laser processing", "advanced-manufacturing"),
    ("high-power-laser-source", "高功率激光器", "High-power laser sources", "advanced-manufacturing"),
    ("precision-machining", "精密加工", "Precision machining", "advanced-manufacturing"),
    ("motion-control", "运动控制", "Motion control", "advanced-manufacturing"),
    ("welding-technology", "焊接技术", "Welding technology", "advanced-manufacturing"),
    ("large-forging", "大型锻件", "Large forgings", "advanced-manufacturing"),
    ("heavy-pressure-vessels", "压力容器与重型装备", "Pressure vessels and heavy equipment", "advanced-manufacturing"),
    ("metal-3d-printing", "金属增材制造", "Metal additive manufacturing", "advanced-manufacturing"),
    ("remanufacturing", "再制造", "Remanufacturing", "advanced-manufacturing"),
    ("gearbox-transmission", "精密传动", "Precision transmission", "advanced-manufacturing"),
    ("cryogenic-engineering", "低温工程", "Cryogenic engineering", "advanced-manufacturing"),
    ("rocket-propulsion", "液体火箭发动机", "Liquid rocket engines", "aerospace-engineering"),
    ("aerospace-composite-structures", "航天复合材料结构", "Composite aerospace structures", "aerospace-engineering"),
    ("motor-drive", "电机与电驱动", "Electric motors and drives", "electrical-engineering"),
    ("power-electronics", "电力电子", "Power electronics", "electrical-engineering"),
    # textiles
    ("functional-fibres", "功能纤维", "Functional fibres", "fibre-and-textile"),
    ("melt-spinning", "熔融纺丝", "Melt spinning", "fibre-and-textile"),
    ("fibre-modification", "纤维改性", "Fibre modification", "fibre-and-textile"),
    ("core-spun-yarn", "包芯纱", "Core-spun yarn", "fibre-and-textile"),
    ("spinning-process", "纺纱工艺", "Yarn spinning processes", "fibre-and-textile"),
    ("fabric-design", "面料设计与开发", "Fabric design and development", "fibre-and-textile"),
    ("fabric-finishing", "功能整理", "Functional finishing", "fibre-and-textile"),
    ("green-dyeing", "绿色印染", "Green dyeing and printing", "fibre-and-textile"),
    ("waterless-dyeing", "无水少水染色", "Waterless and low-water dyeing", "fibre-and-textile"),
    ("dyeing-wastewater-treatment", "印染废水处理与回用", "Dyeing wastewater treatment and reuse", "fibre-and-textile"),
    ("smart-textile-machinery", "智能纺织装备", "Smart textile machinery", "fibre-and-textile"),
    # new energy
    ("liquid-hydrogen", "氢液化与液氢储运", "Hydrogen liquefaction and liquid-hydrogen logistics", "hydrogen-technology"),
    ("high-pressure-hydrogen-storage", "高压储氢与加注", "High-pressure hydrogen storage and refuelling",
     "hydrogen-technology"),
    ("water-electrolysis", "电解水制氢", "Water-electrolysis hydrogen production", "hydrogen-technology"),
    ("fuel-cell-stack", "燃料电池电堆", "Fuel-cell stacks", "hydrogen-technology"),
    ("membrane-electrode", "膜电极", "Membrane electrode assemblies", "hydrogen-technology"),
    ("low-pt-catalyst", "低铂催化剂", "Low-platinum catalysts", "hydrogen-technology"),
    ("bipolar-plates", "金属双极板", "Metal bipolar plates", "hydrogen-technology"),
    ("electrolyte-formulation", "电解液配方", "Electrolyte formulation", "electrochemical-storage"),
    ("lithium-salts", "新型锂盐", "Novel lithium salts", "electrochemical-storage"),
    ("solid-state-electrolyte", "固态电解质", "Solid-state electrolytes", "electrochemical-storage"),
    ("sodium-ion-battery", "钠离子电池", "Sodium-ion batteries", "electrochemical-storage"),
    ("battery-management", "储能系统集成与电池管理", "Storage system integration and battery management",
     "electrochemical-storage"),
    ("pv-glass", "光伏玻璃", "PV glass", "photovoltaics"),
    ("pv-module-encapsulation", "光伏组件封装", "PV module encapsulation", "photovoltaics"),
    ("perovskite-tandem", "钙钛矿叠层电池", "Perovskite tandem cells", "photovoltaics"),
    # digital
    ("industrial-iot", "工业物联网", "Industrial IoT", "industrial-internet"),
    ("cloud-platform", "云平台", "Cloud platforms", "industrial-internet"),
    ("edge-computing", "边缘计算", "Edge computing", "industrial-internet"),
    ("industrial-data-security", "工业数据安全", "Industrial data security", "industrial-internet"),
    ("data-governance", "数据治理", "Data governance", "industrial-internet"),
    ("privacy-computing", "隐私计算", "Privacy-preserving computation", "industrial-internet"),
    ("machine-learning", "机器学习", "Machine learning", "artificial-intelligence"),
    ("large-language-models", "行业大模型", "Industry large models", "artificial-intelligence"),
    ("knowledge-graph", "知识图谱", "Knowledge graphs", "artificial-intelligence"),
    ("machine-vision", "机器视觉", "Machine vision", "artificial-intelligence"),
    ("cad-cae-solver", "CAE仿真求解器", "CAE simulation solvers", "industrial-software"),
    ("industrial-software-engineering", "工业软件开发", "Industrial software engineering", "industrial-software"),
    ("mes-systems", "制造执行系统", "Manufacturing execution systems", "industrial-software"),
    ("digital-twin", "数字孪生", "Digital twins", "industrial-software"),
    # biomedicine
    ("orthopaedic-implants", "骨科植入物", "Orthopaedic implants", "medical-devices"),
    ("minimally-invasive-devices", "微创介入器械", "Minimally invasive interventional devices", "medical-devices"),
    ("interventional-robotics", "介入手术机器人", "Interventional surgical robotics", "medical-devices"),
    ("biomaterials", "生物医用材料", "Biomedical materials", "medical-devices"),
    ("surface-modification", "植入物表面改性", "Implant surface modification", "medical-devices"),
    ("strain-engineering", "菌种构建与代谢工程", "Strain and metabolic engineering", "biomanufacturing"),
    ("biofermentation", "生物发酵放大", "Fermentation scale-up", "biomanufacturing"),
    ("downstream-purification", "生物分离纯化", "Downstream bioseparation", "biomanufacturing"),
    ("green-api-synthesis", "绿色原料药合成", "Green API synthesis", "pharmaceutical-engineering"),
    ("gmp-process-development", "GMP工艺开发（CDMO）", "GMP process development (CDMO)", "pharmaceutical-engineering"),
    # semiconductors
    ("compound-epitaxy", "化合物半导体外延", "Compound-semiconductor epitaxy", "semiconductor-materials"),
    ("sic-substrate-growth", "碳化硅单晶衬底生长", "SiC single-crystal substrate growth", "semiconductor-materials"),
    ("mocvd-precursors", "MO源与前驱体", "MO sources and precursors", "semiconductor-materials"),
    ("electronic-specialty-gases", "电子特气", "Electronic specialty gases", "semiconductor-materials"),
    ("gan-power-devices", "氮化镓功率器件", "GaN power devices", "semiconductor-devices"),
    ("hall-sensors", "霍尔传感器", "Hall sensors", "semiconductor-devices"),
    ("sensor-asic", "传感器信号调理芯片", "Sensor signal-conditioning ICs", "semiconductor-devices"),
    ("device-packaging", "器件封装测试", "Device packaging and test", "semiconductor-devices"),
    # testing
    ("materials-characterisation", "材料表征", "Materials characterisation", "testing-and-analysis"),
    ("trace-analysis", "痕量杂质分析", "Trace impurity analysis", "testing-and-analysis"),
    ("non-destructive-testing", "无损检测", "Non-destructive testing", "testing-and-analysis"),
]
# Capabilities that only foreign organisations hold are minted by region intl (international.ttl).
INTL_CAPS = [
    ("hydrogen-direct-reduction", "氢基竖炉直接还原", "Hydrogen-based shaft-furnace direct reduction",
     "low-carbon-technology"),
    ("tmr-sensing", "隧道磁阻传感", "Tunnel magnetoresistance sensing", "semiconductor-devices"),
]

# Where on its chain each capability sits (产业链环节), for the firms' im:chainSegment (illustrative: the
# project's own reading of each capability, not a published classification). Upstream: raw and key
# materials and basic inputs; midstream: core processes, devices and equipment; downstream: systems,
# software, applications and services. A capability not listed is midstream. A firm's segment is the
# most common segment of its capabilities (ties: its first capability's), see Generator.segment_of.
CAP_SEGMENT = {
    **{c: "Upstream" for c in [
        "special-steel-alloying", "steel-microstructure-control", "silicon-steel", "resin-synthesis",
        "composite-matrix-resin", "bio-based-polymers", "polymerization-catalysis", "electronic-wet-chemicals",
        "ultra-purification", "functional-fibres", "melt-spinning", "fibre-modification", "water-electrolysis",
        "liquid-hydrogen", "low-pt-catalyst", "electrolyte-formulation", "lithium-salts", "solid-state-electrolyte",
        "pv-glass", "biomaterials", "strain-engineering", "biofermentation", "green-api-synthesis",
        "compound-epitaxy", "sic-substrate-growth", "mocvd-precursors", "electronic-specialty-gases",
        "large-forging", "hydrogen-direct-reduction"]},
    **{c: "Downstream" for c in [
        "steel-process-modelling", "ccus", "waste-heat-recovery", "remanufacturing", "fabric-design",
        "dyeing-wastewater-treatment", "battery-management", "industrial-iot", "cloud-platform", "edge-computing",
        "industrial-data-security", "data-governance", "privacy-computing", "machine-learning",
        "large-language-models", "knowledge-graph", "machine-vision", "cad-cae-solver",
        "industrial-software-engineering", "mes-systems", "digital-twin", "interventional-robotics",
        "gmp-process-development", "materials-characterisation", "trace-analysis", "non-destructive-testing"]},
}

# ======================================================================================================
# Hand-written entities: the 31 directions (illustrative; the real list is not public)
# ======================================================================================================

# (notation, chain, zh, en, required capabilities)
DIRECTIONS = [
    ("T01", "metallurgy", "超薄带铸轧", "Ultra-thin strip casting and rolling",
     ["strip-casting", "rolling-technology", "steel-microstructure-control", "steel-process-modelling"]),
    ("T02", "metallurgy", "高品质特殊钢洁净冶炼", "Clean smelting of high-quality special steel",
     ["clean-steelmaking", "special-steel-alloying", "inclusion-control", "materials-characterisation"]),
    ("T03", "metallurgy", "低碳冶金（氢冶金与CCUS）", "Low-carbon metallurgy (hydrogen metallurgy and CCUS)",
     ["hydrogen-direct-reduction", "ccus", "waste-heat-recovery", "water-electrolysis"]),
    ("T04", "metallurgy", "全流程智能炼钢", "Full-process smart steelmaking",
     ["steel-process-modelling", "industrial-iot", "machine-vision", "digital-twin"]),
    ("T05", "chemicals", "高性能树脂与复合材料基体", "High-performance resins and composite matrices",
     ["resin-synthesis", "composite-matrix-resin", "polymerization-catalysis", "materials-characterisation",
      "chemical-scale-up"]),
    ("T06", "chemicals", "电子级湿化学品", "Electronic wet chemicals",
     ["electronic-wet-chemicals", "ultra-purification", "trace-analysis", "chemical-scale-up"]),
    ("T07", "chemicals", "生物基可降解高分子", "Bio-based degradable polymers",
     ["bio-based-polymers", "polymerization-catalysis", "biofermentation", "polymer-processing"]),
    ("T08", "chemicals", "过程强化与分离膜", "Process intensification and separation membranes",
     ["process-intensification", "separation-membranes", "continuous-flow-chemistry", "chemical-scale-up"]),
    ("T09", "equipment", "大功率激光装备", "High-power laser equipment",
     ["laser-processing", "high-power-laser-source", "motion-control", "machine-vision"]),
    ("T10", "equipment", "新能源汽车电驱动及核心零部件", "EV electric drives and core components",
     ["motor-drive", "power-electronics", "precision-machining", "gearbox-transmission"]),
    ("T11", "equipment", "风电与能源装备精密部件", "Precision parts for wind and energy equipment",
     ["heavy-pressure-vessels", "welding-technology", "large-forging", "precision-machining",
      "non-destructive-testing"]),
    ("T12", "equipment", "商业航天发动机与箭体结构", "Commercial-space engines and rocket structures",
     ["rocket-propulsion", "aerospace-composite-structures", "cryogenic-engineering", "precision-machining",
      "metal-3d-printing"]),
    ("T13", "textiles", "功能纤维", "Functional fibres",
     ["functional-fibres", "melt-spinning", "fibre-modification", "materials-characterisation"]),
    ("T14", "textiles", "包芯纱与高端面料", "Core-spun yarn and premium fabrics",
     ["core-spun-yarn", "spinning-process", "fabric-design", "fabric-finishing"]),
    ("T15", "textiles", "绿色印染", "Green dyeing",
     ["green-dyeing", "waterless-dyeing", "dyeing-wastewater-treatment", "fabric-finishing"]),
    ("T16", "textiles", "智能纺织装备", "Smart textile machinery",
     ["smart-textile-machinery", "motion-control", "industrial-iot", "machine-vision"]),
    ("T17", "new-energy", "液氢储运", "Liquid-hydrogen storage and transport",
     ["liquid-hydrogen", "cryogenic-engineering", "high-pressure-hydrogen-storage", "heavy-pressure-vessels"]),
    ("T18", "new-energy", "燃料电池电堆及材料", "Fuel-cell stacks and materials",
     ["fuel-cell-stack", "membrane-electrode", "low-pt-catalyst", "bipolar-plates"]),
    ("T19", "new-energy", "电池电解液与新型储能", "Battery electrolytes and new-type storage",
     ["electrolyte-formulation", "lithium-salts", "solid-state-electrolyte", "sodium-ion-battery",
      "battery-management"]),
    ("T20", "new-energy", "光伏玻璃与组件", "PV glass and modules",
     ["pv-glass", "pv-module-encapsulation", "perovskite-tandem", "coating-technology"]),
    ("T21", "digital", "工业互联网平台", "Industrial internet platforms",
     ["industrial-iot", "cloud-platform", "edge-computing", "industrial-data-security"]),
    ("T22", "digital", "制造业行业大模型", "Industry AI models for manufacturing",
     ["large-language-models", "machine-learning", "knowledge-graph", "data-governance"]),
    ("T23", "digital", "工业软件", "Industrial software",
     ["cad-cae-solver", "industrial-software-engineering", "mes-systems", "digital-twin"]),
    ("T24", "digital", "城市数据基础设施", "Urban data infrastructure",
     ["data-governance", "cloud-platform", "digital-twin", "privacy-computing"]),
    ("T25", "biomedicine", "骨科植入物与3D打印", "Orthopaedic implants and 3D printing",
     ["orthopaedic-implants", "metal-3d-printing", "biomaterials", "surface-modification"]),
    ("T26", "biomedicine", "微创介入器械", "Minimally invasive devices",
     ["minimally-invasive-devices", "interventional-robotics", "polymer-processing", "biomaterials"]),
    ("T27", "biomedicine", "合成生物制造", "Synthetic-biology manufacturing",
     ["strain-engineering", "biofermentation", "downstream-purification", "bio-based-polymers"]),
    ("T28", "biomedicine", "绿色原料药与CDMO", "Green APIs and CDMO",
     ["green-api-synthesis", "continuous-flow-chemistry", "gmp-process-development", "trace-analysis"]),
    ("T29", "semiconductors", "化合物半导体外延与功率器件", "Compound-semiconductor epitaxy and power devices",
     ["compound-epitaxy", "gan-power-devices", "sic-substrate-growth", "device-packaging"]),
    ("T30", "semiconductors", "磁传感与霍尔传感器", "Magnetic and Hall sensors",
     ["hall-sensors", "compound-epitaxy", "tmr-sensing", "sensor-asic", "device-packaging"]),
    ("T31", "semiconductors", "前驱体与电子特气", "Precursors and electronic specialty gases",
     ["mocvd-precursors", "electronic-specialty-gases", "ultra-purification", "trace-analysis"]),
]
# Held by no local actor, only by external organisations (the gaps that matching must report).
EXTERNAL_ONLY_CAPS = {"hydrogen-direct-reduction", "composite-matrix-resin", "aerospace-composite-structures",
                      "solid-state-electrolyte", "perovskite-tandem", "cad-cae-solver", "interventional-robotics",
                      "sic-substrate-growth", "tmr-sensing"}

# Extra capabilities that firms of a chain may hold besides those its directions require.
CHAIN_EXTRA_CAPS = {
    "metallurgy": ["silicon-steel", "welding-technology", "large-forging"],
    "chemicals": ["coating-technology"],
    "equipment": ["remanufacturing", "welding-technology", "non-destructive-testing"],
    "textiles": [],
    "new-energy": ["water-electrolysis"],
    "digital": ["machine-vision"],
    "biomedicine": [],
    "semiconductors": ["power-electronics"],
}

# ======================================================================================================
# Hand-written entities: non-firm organisations of China (resources.ttl)
# ======================================================================================================

# (id, region, kind, zh, en, altLabels, level, host (id), place (region, id), provenance, source, caps, desc)
# provenance: "V" verified, "P" plan text, "G" illustrative. desc: None -> default for that provenance.
V, P, G = "V", "P", "G"
RESOURCES = [
    # --- universities, national institutes (shared Chinese reference entities, region cn) ---
    ("ustb", "cn", "university", "北京科技大学", "University of Science and Technology Beijing", [], "National", None,
     ("cn", "beijing"), V, S_MOE,
     ["clean-steelmaking", "inclusion-control", "steel-microstructure-control", "strip-casting", "materials-characterisation"], None),
    ("neu", "cn", "university", "东北大学", "Northeastern University", [], "National", None, ("cn", "shenyang"), V, S_MOE,
     ["rolling-technology", "steel-process-modelling", "strip-casting", "silicon-steel"], None),
    ("seu", "cn", "university", "东南大学", "Southeast University", [], "National", None, ("cn", "nanjing"), V, S_MOE,
     ["steel-microstructure-control", "machine-learning", "power-electronics", "digital-twin"], None),
    ("cisri", "cn", "research_institute", "钢铁研究总院", "Central Iron and Steel Research Institute",
     ["中国钢研科技集团有限公司", "钢研总院"], "National", None, ("cn", "beijing"), V, S_ZJG_PUBLIC,
     ["special-steel-alloying", "clean-steelmaking", "silicon-steel", "materials-characterisation"], None),
    ("shu", "cn", "university", "上海大学", "Shanghai University", [], "Provincial", None, ("cn", "shanghai"), V, S_MOE,
     ["special-steel-alloying", "clean-steelmaking"], None),
    ("special-steel-skl", "cn", "national_key_lab", "高品质特殊钢冶金与制备国家重点实验室",
     "State Key Laboratory of Advanced Special Steel", [], "National", "shu", ("cn", "shanghai"), V, S_ZJG_PUBLIC,
     ["clean-steelmaking", "special-steel-alloying", "inclusion-control"], None),
    ("njtech", "cn", "university", "南京工业大学", "Nanjing Tech University", [], "Provincial", None, ("cn", "nanjing"), V,
     S_MOE, ["polymerization-catalysis", "separation-membranes", "process-intensification"], None),
    ("njtech-skl-mcce", "cn", "national_key_lab", "材料化学工程国家重点实验室",
     "State Key Laboratory of Materials-Oriented Chemical Engineering", [], "National", "njtech", ("cn", "nanjing"), V,
     S_ZJG_PUBLIC,
     ["separation-membranes", "process-intensification", "chemical-scale-up", "bio-based-polymers", "ultra-purification"],
     None),
    ("licp", "cn", "research_institute", "中国科学院兰州化学物理研究所", "Lanzhou Institute of Chemical Physics, CAS",
     ["兰州化物所"], "National", None, ("cn", "lanzhou"), V, S_CAS,
     ["polymerization-catalysis", "coating-technology", "resin-synthesis"], None),
    ("ecust", "cn", "university", "华东理工大学", "East China University of Science and Technology", ["华理"], "National",
     None, ("cn", "shanghai"), V, S_MOE,
     ["composite-matrix-resin", "resin-synthesis", "strain-engineering", "biofermentation", "process-intensification"], None),
    ("ecust-synbio-skl", "cn", "national_key_lab", "华东理工大学合成生物学国家重点实验室",
     "State Key Laboratory of Synthetic Biology, ECUST", [], "National", "ecust", ("cn", "shanghai"), P, None,
     ["strain-engineering", "biofermentation", "downstream-purification"],
     ("工作计划所列的华东理工大学合成生物学国家重点实验室；实验室正式名称未经核实。",
      "The ECUST synthetic-biology state key lab as the work plan names it; its official name is not verified.")),
    ("soochow-university", "cn", "university", "苏州大学", "Soochow University", ["苏大"], "Provincial", None,
     ("cn", "suzhou"), V, S_MOE,
     ["functional-fibres", "fabric-finishing", "biomaterials", "orthopaedic-implants", "green-dyeing", "machine-learning"],
     None),
    ("just", "cn", "university", "江苏科技大学", "Jiangsu University of Science and Technology", ["江科大"], "Provincial",
     None, ("cn", "zhenjiang"), V, S_MOE, ["welding-technology", "heavy-pressure-vessels"], None),
    ("usts", "cn", "university", "苏州科技大学", "Suzhou University of Science and Technology", [], "Provincial", None,
     ("cn", "suzhou"), V, S_MOE, ["dyeing-wastewater-treatment", "data-governance"],
     ("位于苏州市区的苏州科技大学，与张家港的苏州理工学院是两所不同的学校。",
      "Suzhou University of Science and Technology, in Suzhou proper; not the Suzhou Institute of Technology in Zhangjiagang.")),
    ("tsinghua", "cn", "university", "清华大学", "Tsinghua University", [], "National", None, ("cn", "beijing"), V, S_MOE,
     ["motor-drive", "power-electronics", "fuel-cell-stack", "battery-management", "machine-learning"], None),
    ("pku", "cn", "university", "北京大学", "Peking University", [], "National", None, ("cn", "beijing"), V, S_MOE,
     ["machine-learning", "large-language-models", "knowledge-graph"], None),
    ("hit", "cn", "university", "哈尔滨工业大学", "Harbin Institute of Technology", ["哈工大"], "National", None,
     ("cn", "harbin"), V, S_MOE, ["welding-technology", "rocket-propulsion", "precision-machining", "motion-control"], None),
    ("hust", "cn", "university", "华中科技大学", "Huazhong University of Science and Technology", ["华中科大"], "National",
     None, ("cn", "wuhan"), V, S_MOE,
     ["laser-processing", "high-power-laser-source", "motor-drive", "machine-learning", "digital-twin"], None),
    ("nuaa", "cn", "university", "南京航空航天大学", "Nanjing University of Aeronautics and Astronautics", ["南航"],
     "National", None, ("cn", "nanjing"), V, S_MOE,
     ["precision-machining", "metal-3d-printing", "non-destructive-testing"], None),
    ("donghua", "cn", "university", "东华大学", "Donghua University", [], "National", None, ("cn", "shanghai"), V, S_MOE,
     ["functional-fibres", "melt-spinning", "fibre-modification", "waterless-dyeing", "green-dyeing"], None),
    ("jiangnan", "cn", "university", "江南大学", "Jiangnan University", [], "National", None, ("cn", "wuxi"), V, S_MOE,
     ["spinning-process", "green-dyeing", "fabric-design", "biofermentation", "strain-engineering"], None),
    ("tiangong", "cn", "university", "天津工业大学", "Tiangong University", [], "Provincial", None, ("cn", "tianjin"), V,
     S_MOE, ["separation-membranes", "functional-fibres", "smart-textile-machinery"], None),
    ("dicp", "cn", "research_institute", "中国科学院大连化学物理研究所", "Dalian Institute of Chemical Physics, CAS",
     ["大连化物所"], "National", None, ("cn", "dalian"), V, S_CAS,
     ["fuel-cell-stack", "membrane-electrode", "low-pt-catalyst", "water-electrolysis"], None),
    ("ujs", "cn", "university", "江苏大学", "Jiangsu University", [], "Provincial", None, ("cn", "zhenjiang"), V, S_MOE,
     ["ccus", "waste-heat-recovery", "motor-drive"], None),
    ("sjtu", "cn", "university", "上海交通大学", "Shanghai Jiao Tong University", ["上海交大"], "National", None,
     ("cn", "shanghai"), V, S_MOE, ["fuel-cell-stack", "battery-management", "digital-twin"], None),
    ("njupt", "cn", "university", "南京邮电大学", "Nanjing University of Posts and Telecommunications", [], "Provincial",
     None, ("cn", "nanjing"), V, S_MOE,
     ["industrial-iot", "edge-computing", "privacy-computing", "industrial-data-security"], None),
    ("cpu", "cn", "university", "中国药科大学", "China Pharmaceutical University", [], "National", None,
     ("cn", "nanjing"), V, S_MOE,
     ["green-api-synthesis", "gmp-process-development", "downstream-purification", "trace-analysis"], None),
    ("sibet", "cn", "research_institute", "中国科学院苏州生物医学工程技术研究所",
     "Suzhou Institute of Biomedical Engineering and Technology, CAS", ["苏州医工所"], "National", None,
     ("cn", "suzhou"), V, S_CAS, ["minimally-invasive-devices", "biomaterials", "machine-vision"], None),
    ("sim", "cn", "research_institute", "中国科学院上海微系统与信息技术研究所",
     "Shanghai Institute of Microsystem and Information Technology, CAS", ["上海微系统所"], "National", None,
     ("cn", "shanghai"), V, S_CAS, ["sensor-asic", "compound-epitaxy", "gan-power-devices", "device-packaging"], None),
    ("sinano", "cn", "research_institute", "中国科学院苏州纳米技术与纳米仿生研究所",
     "Suzhou Institute of Nano-Tech and Nano-Bionics, CAS", ["苏州纳米所"], "National", None, ("cn", "suzhou"), V, S_CAS,
     ["compound-epitaxy", "gan-power-devices", "materials-characterisation"], None),
    ("xidian", "cn", "university", "西安电子科技大学", "Xidian University", ["西电"], "National", None, ("cn", "xian"), V,
     S_MOE, ["gan-power-devices", "sensor-asic", "device-packaging"], None),
    ("suzhou-laboratory", "cn", "new_rd_institution", "苏州实验室", "Suzhou Laboratory",
     ["材料科学姑苏实验室", "Gusu Laboratory of Materials"], "National", None, ("cn", "suzhou"), V,
     "苏州实验室公开信息（原名材料科学姑苏实验室）",
     ["materials-characterisation", "steel-microstructure-control", "compound-epitaxy", "sodium-ion-battery"],
     ("存在及原名（材料科学姑苏实验室）已核实；与产业链的关联出自工作计划；技术能力为示意数据。",
      "Existence and former name (Gusu Laboratory of Materials) verified; its links to chains come from the work plan; "
      "capabilities are illustrative.")),
    # external only (not on the 8×10 list): holders of the city's capability gaps
    ("nju", "cn", "university", "南京大学", "Nanjing University", ["南大"], "National", None, ("cn", "nanjing"), V, S_MOE,
     ["perovskite-tandem", "materials-characterisation"], None),
    ("dut", "cn", "university", "大连理工大学", "Dalian University of Technology", ["大工"], "National", None,
     ("cn", "dalian"), V, S_MOE, ["cad-cae-solver", "industrial-software-engineering", "process-intensification"], None),
    ("nwpu", "cn", "university", "西北工业大学", "Northwestern Polytechnical University", ["西工大"], "National", None,
     ("cn", "xian"), V, S_MOE, ["aerospace-composite-structures", "metal-3d-printing", "rocket-propulsion"], None),
    ("sdu", "cn", "university", "山东大学", "Shandong University", ["山大"], "National", None, ("cn", "jinan"), V, S_MOE,
     ["sic-substrate-growth", "materials-characterisation"], None),
    ("siat", "cn", "research_institute", "中国科学院深圳先进技术研究院", "Shenzhen Institute of Advanced Technology, CAS",
     ["深圳先进院"], "National", None, ("cn", "shenzhen"), V, S_CAS,
     ["interventional-robotics", "machine-learning", "biomaterials"], None),
    ("iop-cas", "cn", "research_institute", "中国科学院物理研究所", "Institute of Physics, CAS", ["中科院物理所"],
     "National", None, ("cn", "beijing"), V, S_CAS, ["solid-state-electrolyte", "sodium-ion-battery"], None),
    # --- resources in or of the city (region zjg) ---
    ("jiangsu-metallurgy-institute", "zjg", "research_institute", "江苏省冶金技术研究院",
     "Jiangsu Institute of Metallurgical Technology", [], "Provincial", None, ("cn", "zhangjiagang"), V, S_ZJG_PUBLIC,
     ["steel-process-modelling", "waste-heat-recovery", "ccus", "materials-characterisation", "rolling-technology"], None),
    ("special-steel-skl-zjg", "zjg", "platform", "高品质特殊钢冶金与制备国家重点实验室张家港产业化中心",
     "Zhangjiagang Industrialisation Centre of the State Key Laboratory of Advanced Special Steel", [], "National",
     "special-steel-skl", ("cn", "zhangjiagang"), V, S_ZJG_PUBLIC,
     ["clean-steelmaking", "inclusion-control", "special-steel-alloying"], None),
    ("shagang-provincial-lab", "zjg", "provincial_key_lab", "沙钢省级重点实验室", "Shagang provincial key laboratory",
     [], "Provincial", "shagang", ("zjg", "metallurgy-park"), P, None,
     ["strip-casting", "silicon-steel", "steel-microstructure-control"],
     ("工作计划所列沙钢省级重点实验室；正式名称未经核实。",
      "The Shagang provincial key lab named in the work plan; its official name is not verified.")),
    ("njtech-zjg-base", "zjg", "new_rd_institution", "南京工业大学张家港产业基地及学院",
     "Nanjing Tech University Zhangjiagang industrial base and college", [], None, "njtech-skl-mcce",
     ("cn", "zhangjiagang"), P, None,
     ["chemical-scale-up", "process-intensification", "electronic-wet-chemicals", "polymer-processing"],
     ("工作计划所列材料化学工程国家重点实验室张家港产业基地及学院；名称与形式未经核实。",
      "The Zhangjiagang industrial base and college of the materials-oriented chemical engineering lab, as the plan "
      "names it; name and form not verified.")),
    ("bonded-zone-pilot-base", "zjg", "pilot_base", "张家港保税区化工中试基地", "Zhangjiagang Bonded Zone chemical pilot base",
     [], "Provincial", None, ("zjg", "bonded-zone"), V, S_ZJG_PUBLIC,
     ["chemical-scale-up", "continuous-flow-chemistry", "process-intensification"], None),
    ("suda-zjg-institute", "zjg", "new_rd_institution", "苏州大学张家港工业技术研究院",
     "Soochow University Zhangjiagang Institute of Industrial Technology", ["苏大张家港工研院"], "Municipal",
     "soochow-university", ("cn", "zhangjiagang"), V, S_ZJG_PUBLIC,
     ["fibre-modification", "polymer-processing", "waterless-dyeing", "trace-analysis"], None),
    ("zjg-chem-testing-platform", "zjg", "platform", "张家港化工新材料检测公共服务平台",
     "Zhangjiagang chemical new-materials testing service platform", [], "Municipal", None, ("zjg", "bonded-zone"), G, None,
     ["trace-analysis", "materials-characterisation", "polymer-processing"], None),
    ("zjg-advanced-polymer-centre", "zjg", "new_rd_institution", "张家港先进高分子材料创新中心",
     "Zhangjiagang advanced polymer materials innovation centre", [], "Municipal", None, ("zjg", "jingang"), G, None,
     ["bio-based-polymers", "polymer-processing", "resin-synthesis", "polymerization-catalysis"], None),
    ("hust-suzhou-institute", "zjg", "new_rd_institution", "华中科技大学苏州科创院",
     "HUST Suzhou Innovation Institute", ["华中科大苏州科创院"], "Provincial", "hust", ("cn", "zhangjiagang"), V,
     S_SINA_2026,
     ["laser-processing", "motor-drive", "power-electronics", "machine-learning", "large-language-models", "edge-computing"],
     None),
    ("just-zjg-campus", "zjg", "university", "江苏科技大学张家港校区",
     "Jiangsu University of Science and Technology, Zhangjiagang Campus", ["江科大张家港校区"], "Provincial", "just",
     ("cn", "zhangjiagang"), V, S_INCUBATOR_PLAN,
     ["welding-technology", "precision-machining", "motion-control", "non-destructive-testing"], None),
    ("suzhou-institute-of-technology", "zjg", "university", "苏州理工学院", "Suzhou Institute of Technology",
     ["江苏科技大学苏州理工学院"], "Provincial", "just", ("cn", "zhangjiagang"), V, S_INCUBATOR_PLAN,
     ["motion-control", "industrial-iot", "mes-systems", "machine-vision"],
     ("位于张家港的苏州理工学院（原江苏科技大学苏州理工学院），与苏州市区的苏州科技大学不同；能力为示意数据。",
      "Suzhou Institute of Technology in Zhangjiagang (formerly JUST's college), not Suzhou University of Science and "
      "Technology in Suzhou; capabilities are illustrative.")),
    ("shazhou-polytechnic", "zjg", "university", "沙洲职业工学院", "Shazhou Professional Institute of Technology", [],
     "Municipal", None, ("cn", "zhangjiagang"), V, S_INCUBATOR_PLAN,
     ["spinning-process", "fabric-design", "smart-textile-machinery", "precision-machining", "motion-control"], None),
    ("remanufacturing-base", "zjg", "platform", "国家再制造产业示范基地（张家港）",
     "National Remanufacturing Industry Demonstration Base (Zhangjiagang)", [], "National", None, ("cn", "zhangjiagang"),
     V, S_ZJG_PUBLIC, ["remanufacturing", "non-destructive-testing", "laser-processing"], None),
    ("zjg-equipment-testing-platform", "zjg", "platform", "张家港智能装备检测公共服务平台",
     "Zhangjiagang intelligent equipment testing service platform", [], "Municipal", None, ("zjg", "ed-zone"), G, None,
     ["non-destructive-testing", "motion-control", "machine-vision"], None),
    ("zjg-textile-association", "zjg", "platform", "张家港市纺织行业协会", "Zhangjiagang Textile Industry Association", [],
     "Municipal", None, ("cn", "zhangjiagang"), V, S_ZJG_PUBLIC, ["fabric-design", "spinning-process"], None),
    ("zjg-textile-service-platform", "zjg", "platform", "张家港高端纺织创新服务平台",
     "Zhangjiagang high-end textile innovation service platform", [], "Municipal", None, ("zjg", "tangqiao"), G, None,
     ["fabric-design", "green-dyeing", "core-spun-yarn"], None),
    ("zjg-textile-pilot-base", "zjg", "pilot_base", "张家港纺织智能装备中试基地", "Zhangjiagang smart textile machinery pilot base",
     [], "Municipal", None, ("zjg", "fenghuang"), G, None,
     ["smart-textile-machinery", "industrial-iot", "dyeing-wastewater-treatment"], None),
    ("suzhou-hydrogen-innovation-centre", "zjg", "new_rd_institution", "苏州市氢能产业创新中心",
     "Suzhou Hydrogen Industry Innovation Centre", [], "Municipal", None, ("cn", "zhangjiagang"), V, S_HYDROGEN_2019,
     ["fuel-cell-stack", "membrane-electrode", "high-pressure-hydrogen-storage", "bipolar-plates"],
     ("张家港与中国科学院大连化学物理研究所共建（已核实），可能即工作计划所称“氢能中心”；级别与能力为示意数据。",
      "Co-built by Zhangjiagang and the CAS Dalian Institute of Chemical Physics (verified); likely the plan's "
      "'hydrogen centre'; level and capabilities are illustrative.")),
    ("tsinghua-zjg-hydrogen-institute", "zjg", "new_rd_institution", "清华大学张家港氢能与先进锂电技术联合研究院",
     "Tsinghua–Zhangjiagang Joint Institute of Hydrogen and Advanced Lithium Battery Technology", [], "Municipal",
     "tsinghua", ("cn", "zhangjiagang"), V, S_TSINGHUA_H2,
     ["electrolyte-formulation", "lithium-salts", "battery-management", "fuel-cell-stack", "sodium-ion-battery"], None),
    ("crrc-hydrogen-base", "zjg", "platform", "中车张家港氢能基地", "CRRC Zhangjiagang Hydrogen Energy Base", [], None,
     "crrc", ("zjg", "bonded-zone"), V, S_INCUBATOR_PLAN,
     ["fuel-cell-stack", "high-pressure-hydrogen-storage", "motor-drive"], None),
    ("ujs-carbon-neutral-base", "zjg", "platform", "江苏大学张家港碳中和研究基地",
     "Jiangsu University Zhangjiagang Carbon Neutrality Base", [], "Municipal", "ujs", ("cn", "zhangjiagang"), V,
     S_ZJG_PUBLIC, ["ccus", "waste-heat-recovery", "water-electrolysis"], None),
    ("zjg-hydrogen-public-platform", "zjg", "platform", "张家港氢能公共服务平台", "Zhangjiagang hydrogen public service platform",
     [], "Municipal", None, ("zjg", "ed-zone"), G, None,
     ["high-pressure-hydrogen-storage", "non-destructive-testing", "trace-analysis"], None),
    ("zjg-pv-storage-pilot-base", "zjg", "pilot_base", "张家港光伏与储能中试基地", "Zhangjiagang PV and storage pilot base",
     [], "Municipal", None, ("zjg", "jingang"), G, None,
     ["pv-glass", "pv-module-encapsulation", "coating-technology", "battery-management"], None),
    ("tencent-cloud-base", "zjg", "platform", "腾讯云（张家港）工业云基地", "Tencent Cloud Industrial Cloud Base (Zhangjiagang)",
     [], None, "tencent", ("cn", "zhangjiagang"), V, S_ZJG_PUBLIC,
     ["cloud-platform", "industrial-iot", "large-language-models", "edge-computing"], None),
    ("zjg-industrial-internet-platform", "zjg", "platform", "张家港工业互联网公共服务平台",
     "Zhangjiagang industrial internet service platform", [], "Municipal", None, ("zjg", "ed-zone"), G, None,
     ["industrial-iot", "data-governance", "industrial-data-security", "mes-systems"], None),
    ("zjg-ai-innovation-centre", "zjg", "new_rd_institution", "张家港人工智能创新中心",
     "Zhangjiagang artificial intelligence innovation centre", [], "Municipal", None, ("zjg", "yangshe"), G, None,
     ["machine-learning", "knowledge-graph", "machine-vision", "privacy-computing"], None),
    ("feixiang-pharma-park", "zjg", "platform", "飞翔医药产业园", "Feixiang Pharmaceutical Industrial Park", [],
     "Municipal", None, ("cn", "zhangjiagang"), V, S_ZJG_PUBLIC,
     ["green-api-synthesis", "gmp-process-development", "continuous-flow-chemistry"],
     ("存在已核实，并为工作计划所列；级别与能力为示意数据。",
      "Existence verified and named in the work plan; level and capabilities are illustrative.")),
    ("med-eng-translation-base", "zjg", "platform", "张家港医工转化基地",
     "Zhangjiagang medical-engineering translation base", [], "Municipal", None, ("cn", "zhangjiagang"), V, S_ZJG_PUBLIC,
     ["biomaterials", "surface-modification", "minimally-invasive-devices", "metal-3d-printing"], None),
    ("ortho-device-cluster", "zjg", "platform", "张家港骨科医疗器械产业集群", "Zhangjiagang orthopaedic device cluster",
     [], "Municipal", None, ("cn", "zhangjiagang"), V, S_ZJG_PUBLIC, ["orthopaedic-implants", "surface-modification"],
     None),
    ("zjg-biomed-pilot-base", "zjg", "pilot_base", "张家港生物医药中试基地", "Zhangjiagang biomedicine pilot base", [],
     "Municipal", None, ("zjg", "bonded-zone"), G, None,
     ["gmp-process-development", "biofermentation", "downstream-purification"], None),
    ("zjg-icc", "zjg", "platform", "张家港市集成电路产业促进中心", "Zhangjiagang IC Industry Promotion Centre",
     ["张家港ICC"], "Municipal", None, ("cn", "zhangjiagang"), V, S_SINA_2026,
     ["device-packaging", "trace-analysis", "sensor-asic", "materials-characterisation"],
     ("存在已核实（见来源）；与中国科学院上海微系统所合作共建；级别与能力为示意数据。",
      "Existence verified (see source); built with the CAS Shanghai Institute of Microsystem; level and capabilities "
      "are illustrative.")),
    ("cas-nano-zjg", "zjg", "new_rd_institution", "中科院苏州纳米所张家港纳米研究院", "SINANO Zhangjiagang Nano Institute",
     [], "Provincial", "sinano", ("zjg", "high-tech-zone"), V, S_ZJG_PUBLIC,
     ["compound-epitaxy", "gan-power-devices", "device-packaging"],
     ("苏州纳米所在张家港的研究机构已核实，可能即工作计划所称“中科纳米”；正式名称、级别与能力为示意数据。",
      "SINANO's Zhangjiagang institute is verified, likely the plan's '中科纳米'; official name, level and capabilities "
      "are illustrative.")),
    ("pan-semi-park", "zjg", "platform", "泛半导体先进材料产业园", "Pan-semiconductor advanced materials industrial park",
     [], "Municipal", None, ("cn", "zhangjiagang"), V, S_ZJG_PUBLIC,
     ["electronic-specialty-gases", "mocvd-precursors", "ultra-purification"], None),
    ("ic-materials-centre", "zjg", "new_rd_institution", "集成电路先进材料创新中心", "IC advanced materials innovation centre",
     [], "Municipal", None, ("cn", "zhangjiagang"), V, S_ZJG_PUBLIC,
     ["mocvd-precursors", "electronic-wet-chemicals", "trace-analysis"], None),
    ("zjg-compound-semi-pilot", "zjg", "pilot_base", "张家港化合物半导体中试平台", "Zhangjiagang compound semiconductor pilot line",
     [], "Municipal", None, ("zjg", "high-tech-zone"), G, None,
     ["compound-epitaxy", "device-packaging", "gan-power-devices"], None),
]

# Enterprise R&D institutes that are verified or on the 8×10 list (firms.ttl); more are generated.
# (id, zh, en, level, host firm (region, kind, id), place (region,id), prov, source, caps, desc)
RD_INSTITUTES = [
    ("shagang-steel-institute", "江苏省（沙钢）钢铁研究院", "Jiangsu (Shagang) Iron and Steel Research Institute", "Provincial",
     ("zjg", "firm", "shagang"), ("zjg", "metallurgy-park"), V, S_ZJG_PUBLIC,
     ["strip-casting", "silicon-steel", "steel-process-modelling", "clean-steelmaking"], None),
    ("shagang-tech-centre", "沙钢国家企业技术中心", "Shagang National Enterprise Technology Centre", "National",
     ("zjg", "firm", "shagang"), ("zjg", "metallurgy-park"), V, S_ZJG_PUBLIC,
     ["rolling-technology", "ccus", "steel-microstructure-control"], None),
    ("huachang-materials-institute", "华昌功能新材料研究院", "Huachang Functional New Materials Institute", None,
     ("zjg", "firm", "huachang-chem"), ("zjg", "bonded-zone"), V, S_ZJG_PUBLIC,
     ["polymerization-catalysis", "resin-synthesis", "coating-technology"],
     ("与中国科学院兰州化学物理研究所合作共建（已核实）；级别、所在镇与能力为示意数据。",
      "Built with the CAS Lanzhou Institute of Chemical Physics (verified); level, town and capabilities are illustrative.")),
    ("epoint-institute", "国泰新点中央研究院", "Epoint Central Research Institute", None,
     ("zjg", "firm", "epoint"), ("zjg", "ed-zone"), V, S_EDZONE_2025,
     ["large-language-models", "knowledge-graph", "cloud-platform"], None),
    ("honeywell-uop-rd", "霍尼韦尔UOP中国研发中心", "Honeywell UOP China R&D Centre", None,
     ("intl", "firm", "honeywell"), ("zjg", "bonded-zone"), V, S_INCUBATOR_PLAN,
     ["process-intensification", "separation-membranes", "polymerization-catalysis"], None),
    ("ppg-innovation-centre", "PPG中国应用创新中心", "PPG China Application Innovation Centre", None,
     ("intl", "firm", "ppg"), ("zjg", "bonded-zone"), V, S_INCUBATOR_PLAN,
     ["coating-technology", "resin-synthesis", "materials-characterisation"], None),
    ("merck-electronics-centre", "默克电子科技中心（张家港）", "Merck Electronics Centre (Zhangjiagang)", None,
     ("intl", "firm", "merck-kgaa"), ("zjg", "bonded-zone"), V, S_ZJG_PUBLIC,
     ["electronic-specialty-gases", "mocvd-precursors", "ultra-purification"], None),
    # illustrative institutes of real firms that the 8×10 list uses
    ("longjie-fibre-institute", "龙杰特种纤维研发中心", "Longjie special fibre R&D centre", "Provincial",
     ("zjg", "firm", "longjie"), ("zjg", "tangqiao"), G, None, ["functional-fibres", "fibre-modification"], None),
    ("guofu-hydrogen-institute", "国富氢能研究院", "Guofu Hydrogen research institute", "Provincial",
     ("zjg", "firm", "guofu"), ("zjg", "ed-zone"), G, None, ["liquid-hydrogen", "cryogenic-engineering"], None),
    ("guotai-huarong-institute", "国泰华荣电解液研究院", "Guotai Huarong electrolyte research institute", "Provincial",
     ("zjg", "firm", "guotai-huarong"), ("zjg", "bonded-zone"), G, None,
     ["electrolyte-formulation", "lithium-salts"], None),
    ("aidier-institute", "爱得科技骨科研究院", "Aidier orthopaedics research institute", "Municipal",
     ("zjg", "firm", "aidier"), ("zjg", "yangshe"), G, None, ["orthopaedic-implants", "surface-modification"], None),
]

# The 8×10 list: chain -> [(resource id, provenance, role zh, role en)]
SUPPORT_ROWS = {
    "metallurgy": [
        ("shagang-steel-institute", V, "企业省级研究院", "provincial enterprise research institute"),
        ("shagang-tech-centre", V, "国家企业技术中心", "national enterprise technology centre"),
        ("jiangsu-metallurgy-institute", V, "省级冶金研究院所", "provincial metallurgy institute"),
        ("special-steel-skl-zjg", V, "国家重点实验室产业化中心", "state key lab industrialisation centre"),
        ("ustb", V, "沙钢合作高校", "Shagang partner university"),
        ("neu", V, "沙钢合作高校", "Shagang partner university"),
        ("seu", V, "沙钢合作高校", "Shagang partner university"),
        ("cisri", V, "沙钢合作院所", "Shagang partner institute"),
        ("shagang-provincial-lab", P, "省重点实验室", "provincial key laboratory"),
        ("suzhou-laboratory", P, "央地协同（先进金属材料）", "central–local cooperation on advanced metal materials"),
    ],
    "chemicals": [
        ("njtech-skl-mcce", P, "国家重点实验室（张家港产业基地）", "state key lab with a Zhangjiagang base"),
        ("njtech-zjg-base", P, "产业基地及学院", "industrial base and college"),
        ("huachang-materials-institute", V, "企业研究院", "enterprise research institute"),
        ("licp", V, "共建华昌研究院", "co-builder of the Huachang institute"),
        ("honeywell-uop-rd", V, "外资研发中心", "foreign-invested R&D centre"),
        ("ppg-innovation-centre", V, "外资应用创新中心", "foreign-invested application centre"),
        ("bonded-zone-pilot-base", V, "化工中试基地", "chemical pilot base"),
        ("suda-zjg-institute", V, "高校地方研究院", "university local institute"),
        ("zjg-chem-testing-platform", G, "检测服务", "testing services"),
        ("zjg-advanced-polymer-centre", G, "高分子材料创新中心", "polymer innovation centre"),
    ],
    "equipment": [
        ("hust-suzhou-institute", V, "高校科创院（2025）", "university innovation institute (2025)"),
        ("just-zjg-campus", V, "高校校区", "university campus"),
        ("suzhou-institute-of-technology", V, "本地高校", "local university"),
        ("shazhou-polytechnic", V, "本地高校", "local college"),
        ("remanufacturing-base", V, "国家示范基地", "national demonstration base"),
        ("tsinghua", V, "与经开区合作", "cooperation with the development zone"),
        ("pku", V, "与经开区合作", "cooperation with the development zone"),
        ("hit", V, "与经开区合作", "cooperation with the development zone"),
        ("nuaa", G, "航天与精密制造合作", "aerospace and precision manufacturing partner"),
        ("zjg-equipment-testing-platform", G, "检测服务", "testing services"),
    ],
    "textiles": [
        ("shazhou-polytechnic", V, "现代纺织专业", "modern textiles programme"),
        ("suda-zjg-institute", V, "高校地方研究院", "university local institute"),
        ("zjg-textile-association", V, "行业协会", "industry association"),
        ("donghua", G, "纺织高校", "textile university"),
        ("jiangnan", G, "纺织高校", "textile university"),
        ("soochow-university", G, "纺织与服装学科", "textile and clothing engineering"),
        ("longjie-fibre-institute", G, "企业研发中心", "enterprise R&D centre"),
        ("tiangong", G, "纺织高校", "textile university"),
        ("zjg-textile-service-platform", G, "创新服务", "innovation services"),
        ("zjg-textile-pilot-base", G, "中试", "pilot production"),
    ],
    "new-energy": [
        ("suzhou-hydrogen-innovation-centre", V, "氢能创新中心", "hydrogen innovation centre"),
        ("tsinghua-zjg-hydrogen-institute", V, "氢能与锂电联合研究院", "hydrogen and lithium battery institute"),
        ("crrc-hydrogen-base", V, "氢能产业基地", "hydrogen industry base"),
        ("ujs-carbon-neutral-base", V, "碳中和研究基地", "carbon-neutrality base"),
        ("dicp", V, "共建氢能创新中心", "co-builder of the hydrogen centre"),
        ("zjg-hydrogen-public-platform", G, "公共服务", "public services"),
        ("guotai-huarong-institute", G, "企业研究院", "enterprise research institute"),
        ("guofu-hydrogen-institute", G, "企业研究院", "enterprise research institute"),
        ("sjtu", G, "能源学科合作", "energy research partner"),
        ("zjg-pv-storage-pilot-base", G, "中试", "pilot production"),
    ],
    "digital": [
        ("epoint-institute", V, "企业中央研究院", "enterprise central research institute"),
        ("tencent-cloud-base", V, "工业云基地", "industrial cloud base"),
        ("hust-suzhou-institute", V, "人工智能方向", "artificial intelligence"),
        ("hust", G, "高校合作", "university partner"),
        ("njupt", G, "信息通信学科", "ICT research partner"),
        ("seu", G, "高校合作", "university partner"),
        ("pku", G, "人工智能合作", "AI research partner"),
        ("zjg-industrial-internet-platform", G, "公共服务", "public services"),
        ("zjg-ai-innovation-centre", G, "人工智能创新中心", "AI innovation centre"),
        ("suzhou-institute-of-technology", G, "本地高校", "local university"),
    ],
    "biomedicine": [
        ("feixiang-pharma-park", V, "医药产业园", "pharmaceutical park"),
        ("ecust-synbio-skl", P, "合成生物学国家重点实验室", "synthetic-biology state key lab"),
        ("med-eng-translation-base", V, "医工转化", "medical-engineering translation"),
        ("ortho-device-cluster", V, "骨科器械集群", "orthopaedic device cluster"),
        ("cpu", G, "药学高校", "pharmacy university"),
        ("soochow-university", G, "医学与材料学科", "medicine and materials"),
        ("aidier-institute", G, "企业研究院", "enterprise research institute"),
        ("sibet", G, "医工研究所", "biomedical engineering institute"),
        ("zjg-biomed-pilot-base", G, "中试", "pilot production"),
        ("jiangnan", G, "发酵与合成生物学科", "fermentation and synthetic biology"),
    ],
    "semiconductors": [
        ("zjg-icc", V, "集成电路产业促进中心", "IC industry promotion centre"),
        ("sim", V, "共建ICC", "co-builder of the ICC"),
        ("cas-nano-zjg", V, "纳米所张家港研究院", "SINANO Zhangjiagang institute"),
        ("pan-semi-park", V, "先进材料产业园", "advanced materials park"),
        ("ic-materials-centre", V, "先进材料创新中心", "advanced materials innovation centre"),
        ("merck-electronics-centre", V, "外资电子材料中心", "foreign-invested electronics centre"),
        ("suzhou-laboratory", P, "央地协同", "central–local cooperation"),
        ("sinano", G, "纳米所", "nano institute"),
        ("xidian", G, "宽禁带半导体学科", "wide-bandgap semiconductor research"),
        ("zjg-compound-semi-pilot", G, "中试", "pilot production"),
    ],
}

# ======================================================================================================
# Hand-written entities: real firms
# ======================================================================================================

# (id, region, zh, en, altLabels, chains, place (region,id), tier, leading, founded, listed, source, caps, desc)
REAL_FIRMS = [
    ("shagang", "zjg", "江苏沙钢集团有限公司", "Jiangsu Shagang Group Co., Ltd.", ["沙钢集团", "沙钢", "Shagang Group"],
     ["metallurgy"], ("zjg", "metallurgy-park"), "HighTechEnterprise", True, 1975, None,
     S_CHINADAILY_METAL + "；" + S_SUZHOU_DAILY,
     ["strip-casting", "silicon-steel", "clean-steelmaking", "ccus", "steel-process-modelling"],
     ("存在、在张家港的经营及成立年份（1975）已核实（见来源）；梯队、龙头标记、能力、年度指标、专利与合作均为示意数据。",
      "Existence, presence in Zhangjiagang and founding year (1975) verified (see source); tier, leading-firm flag, "
      "capabilities, annual figures, patents and collaborations are illustrative.")),
    ("yonggang", "zjg", "江苏永钢集团有限公司", "Jiangsu Yonggang Group Co., Ltd.", ["永钢集团", "永钢"], ["metallurgy"],
     ("zjg", "nanfeng"), "HighTechEnterprise", True, None, None, S_CHINADAILY_METAL,
     ["special-steel-alloying", "rolling-technology", "steel-microstructure-control", "waste-heat-recovery"], None),
    ("huachang-chem", "zjg", "江苏华昌化工股份有限公司", "Jiangsu Huachang Chemical Co., Ltd.", ["华昌化工", "华昌"],
     ["chemicals"], ("zjg", "bonded-zone"), "HighTechEnterprise", True, None, None, S_FIRM_PUBLIC,
     ["polymerization-catalysis", "resin-synthesis", "chemical-scale-up"],
     ("张家港的江苏华昌化工，与上海的华昌聚合物是两家企业；" + D_REAL_FIRM[0],
      "Jiangsu Huachang Chemical in Zhangjiagang, not the Shanghai resin maker Huachang Polymer. " + D_REAL_FIRM[1])),
    ("huachang-energy", "zjg", "华昌能源", "Huachang Energy", ["华昌能源科技"], ["new-energy"], ("zjg", "jingang"),
     "HighTechEnterprise", False, None, None, S_SUZHOU_DAILY,
     ["fuel-cell-stack", "membrane-electrode", "bipolar-plates"], None),
    ("changhua", "zjg", "长华化学科技股份有限公司", "Changhua Chemical Technology Co., Ltd.", ["长华化学"], ["chemicals"],
     ("zjg", "bonded-zone"), "HighTechEnterprise", True, None, None, S_FIRM_PUBLIC,
     ["polymerization-catalysis", "polymer-processing", "process-intensification"], None),
    ("hans-laser-east", "zjg", "大族激光华东基地", "Han's Laser East China Base", ["大族激光华东", "Han's Laser East China"],
     ["equipment"], ("zjg", "yangshe"), "HighTechEnterprise", True, None, None, S_ZJG_PUBLIC,
     ["laser-processing", "high-power-laser-source", "motion-control"], None),
    ("hailu", "zjg", "苏州海陆重工股份有限公司", "Suzhou Hailu Heavy Industry Co., Ltd.", ["海陆重工"], ["equipment"],
     ("zjg", "ed-zone"), "HighTechEnterprise", True, None, None, S_EDZONE_2025,
     ["heavy-pressure-vessels", "welding-technology", "large-forging", "waste-heat-recovery"], None),
    ("furui", "zjg", "张家港富瑞特种装备股份有限公司", "Zhangjiagang Furui Special Equipment Co., Ltd.", ["富瑞特装"],
     ["equipment", "new-energy"], ("zjg", "ed-zone"), "HighTechEnterprise", True, None, None, S_FIRM_PUBLIC,
     ["cryogenic-engineering", "heavy-pressure-vessels", "high-pressure-hydrogen-storage"], None),
    ("space-pioneer", "zjg", "天兵科技", "Space Pioneer", ["北京天兵科技有限公司", "Beijing Tianbing Technology Co., Ltd."],
     ["equipment", "commercial-space"], ("zjg", "ed-zone"), "Unicorn", False, 2019, None,
     S_HURUN + "；" + S_SUZHOU_DAILY,
     ["rocket-propulsion", "cryogenic-engineering", "metal-3d-printing"],
     ("独角兽身份（胡润2024）与张家港火箭生产基地已核实，总部在北京；所在镇、能力、年度指标、专利与合作为示意数据。",
      "Unicorn status (Hurun 2024) and the Zhangjiagang rocket production base verified; headquartered in Beijing; "
      "town, capabilities, figures, patents and collaborations are illustrative.")),
    ("longjie", "zjg", "苏州龙杰特种纤维股份有限公司", "Suzhou Longjie Special Fiber Co., Ltd.", ["龙杰特纤", "龙杰"],
     ["textiles"], ("zjg", "tangqiao"), "HighTechEnterprise", True, None, None, S_FIRM_PUBLIC,
     ["functional-fibres", "melt-spinning", "fibre-modification"], None),
    ("guofu", "zjg", "江苏国富氢能技术装备股份有限公司", "Jiangsu Guofu Hydrogen Energy Equipment Co., Ltd.", ["国富氢能"],
     ["new-energy", "hydrogen-energy"], ("zjg", "ed-zone"), "Gazelle", True, None, True, S_GUOFU,
     ["liquid-hydrogen", "high-pressure-hydrogen-storage", "cryogenic-engineering"],
     ("专精特新“小巨人”与2024年港交所上市已核实（见来源）；梯队、龙头标记、能力、年度指标、专利与合作为示意数据。",
      "'Little giant' status and the 2024 Hong Kong listing verified (see source); tier, leading-firm flag, capabilities, "
      "figures, patents and collaborations are illustrative.")),
    ("guotai-huarong", "zjg", "江苏国泰华荣化工新材料有限公司", "Jiangsu Guotai Huarong Chemical New Material Co., Ltd.",
     ["国泰华荣", "国泰"], ["new-energy"], ("zjg", "bonded-zone"), "HighTechEnterprise", True, None, None, S_FIRM_PUBLIC,
     ["electrolyte-formulation", "lithium-salts", "ultra-purification"], None),
    ("epoint", "zjg", "国泰新点软件股份有限公司", "Epoint Software Co., Ltd.", ["国泰新点", "新点软件", "国泰", "Epoint"],
     ["digital"], ("zjg", "ed-zone"), "HighTechEnterprise", True, None, None, S_EDZONE_2025,
     ["cloud-platform", "data-governance", "large-language-models", "industrial-software-engineering", "knowledge-graph"],
     None),
    ("aidier", "zjg", "爱得科技", "Aidier Medical", [], ["biomedicine"], ("zjg", "yangshe"), "Gazelle", True, None, None,
     S_ZJG_PUBLIC, ["orthopaedic-implants", "metal-3d-printing", "surface-modification"], None),
    ("matrix-opto", "zjg", "苏州矩阵光电有限公司", "Suzhou Matrix Optoelectronics Co., Ltd.", ["矩阵光电"],
     ["semiconductors"], ("zjg", "high-tech-zone"), "Gazelle", True, None, None, S_SUZHOU_DAILY,
     ["hall-sensors", "compound-epitaxy", "sensor-asic"],
     ("化合物半导体霍尔传感器IDM产线已核实（见来源）；梯队、所在镇、年度指标、专利与合作为示意数据。",
      "Its compound-semiconductor Hall-sensor IDM line is verified (see source); tier, town, figures, patents and "
      "collaborations are illustrative.")),
    ("hc-semitek", "zjg", "华灿光电（苏州）有限公司", "HC SemiTek (Suzhou) Co., Ltd.", ["华灿光电"],
     ["semiconductors", "third-gen-semiconductors"], ("zjg", "ed-zone"), "HighTechEnterprise", True, None, None,
     S_FIRM_PUBLIC, ["compound-epitaxy", "gan-power-devices"], None),
    ("guotai-group", "zjg", "江苏国泰国际集团股份有限公司", "Jiangsu Guotai International Group Co., Ltd.",
     ["江苏国泰", "国泰集团", "国泰"], ["textiles"], ("zjg", "yangshe"), None, False, None, None, S_FIRM_PUBLIC,
     ["fabric-design"],
     ("张家港的国泰外贸集团，与国泰新点、国泰华荣不同；" + D_REAL_FIRM[0],
      "The Guotai trading group of Zhangjiagang, distinct from Epoint and Guotai Huarong. " + D_REAL_FIRM[1])),
    # external firms elsewhere in China
    ("shanghai-huachang-polymer", "cn", "华东理工大学华昌聚合物有限公司",
     "East China University of Science and Technology Huachang Polymer Co., Ltd.", ["华昌聚合物", "华昌"], ["chemicals"],
     ("cn", "shanghai"), None, False, None, None, S_HUACHANG_POLYMER,
     ["composite-matrix-resin", "resin-synthesis"],
     ("上海的树脂企业（乙烯基酯树脂、碳纤维复合材料基体树脂，见来源），与张家港的江苏华昌化工不同。",
      "A Shanghai resin maker (vinyl-ester and carbon-fibre matrix resins, see source), not Jiangsu Huachang Chemical "
      "of Zhangjiagang.")),
    ("crrc", "cn", "中国中车股份有限公司", "CRRC Corporation Limited", ["中国中车", "中车"], ["equipment", "new-energy"],
     ("cn", "beijing"), None, False, None, None, S_FIRM_PUBLIC, ["fuel-cell-stack", "motor-drive"], D_REAL_EXT_FIRM),
    ("tencent", "cn", "腾讯", "Tencent", ["腾讯云", "Tencent Cloud"], ["digital"], ("cn", "shenzhen"), None, False, None,
     None, S_FIRM_PUBLIC, ["cloud-platform", "large-language-models"], D_REAL_EXT_FIRM),
]

# ======================================================================================================
# Hand-written entities: foreign organisations (international.ttl)
# ======================================================================================================

# (id, kind, zh, en, altLabels, country, chains (firms), caps, level)
FOREIGN_ORGS = [
    ("honeywell", "firm", "霍尼韦尔", "Honeywell International Inc.", ["Honeywell"], "US", ["chemicals"],
     ["process-intensification", "separation-membranes", "ccus"]),
    ("ppg", "firm", "PPG工业公司", "PPG Industries, Inc.", ["PPG"], "US", ["chemicals"],
     ["coating-technology", "resin-synthesis"]),
    ("merck-kgaa", "firm", "默克集团", "Merck KGaA", ["默克"], "DE", ["semiconductors"],
     ["electronic-specialty-gases", "mocvd-precursors"]),
    ("ncsu", "university", "北卡罗来纳州立大学", "North Carolina State University", ["NC State"], "US", [],
     ["functional-fibres", "fabric-finishing", "smart-textile-machinery"]),
    ("tohoku-university", "university", "日本东北大学", "Tohoku University", [], "JP", [],
     ["tmr-sensing", "hall-sensors", "steel-microstructure-control"]),
    ("aist-japan", "research_institute", "日本产业技术综合研究所", "National Institute of Advanced Industrial Science and Technology (AIST)",
     ["AIST"], "JP", [], ["sic-substrate-growth", "gan-power-devices"]),
    ("kaist", "university", "韩国科学技术院", "Korea Advanced Institute of Science and Technology", ["KAIST"], "KR", [],
     ["solid-state-electrolyte", "machine-learning", "battery-management"]),
    ("kitech", "research_institute", "韩国生产技术研究院", "Korea Institute of Industrial Technology", ["KITECH"], "KR", [],
     ["smart-textile-machinery", "welding-technology", "green-dyeing"]),
    ("mpie", "research_institute", "马普钢铁研究所", "Max-Planck-Institut für Eisenforschung", ["MPIE"], "DE", [],
     ["hydrogen-direct-reduction", "steel-microstructure-control"]),
    ("fraunhofer-ilt", "research_institute", "弗劳恩霍夫激光技术研究所", "Fraunhofer Institute for Laser Technology ILT",
     ["Fraunhofer ILT"], "DE", [], ["laser-processing", "high-power-laser-source", "metal-3d-printing"]),
    ("hzb", "research_institute", "柏林亥姆霍兹材料与能源中心", "Helmholtz-Zentrum Berlin für Materialien und Energie",
     ["HZB"], "DE", [], ["perovskite-tandem", "materials-characterisation"]),
    ("polyu", "university", "香港理工大学", "The Hong Kong Polytechnic University", ["PolyU"], "HK", [],
     ["functional-fibres", "fabric-design", "smart-textile-machinery"]),
    ("hkust", "university", "香港科技大学", "The Hong Kong University of Science and Technology", ["HKUST"], "HK", [],
     ["machine-learning", "gan-power-devices"]),
    ("um-macau", "university", "澳门大学", "University of Macau", [], "MO", [], ["sensor-asic", "machine-learning"]),
]

# ======================================================================================================
# Name material for illustrative entities
# ======================================================================================================

BRAND_FIRST = [("华", "Hua"), ("恒", "Heng"), ("鑫", "Xin"), ("瑞", "Rui"), ("康", "Kang"), ("润", "Run"), ("嘉", "Jia"),
               ("宏", "Hong"), ("骏", "Jun"), ("博", "Bo"), ("弘", "Hong"), ("晨", "Chen"), ("澄", "Cheng"),
               ("港", "Gang"), ("江", "Jiang"), ("盛", "Sheng"), ("凯", "Kai"), ("卓", "Zhuo"), ("锦", "Jin"),
               ("丰", "Feng"), ("汇", "Hui"), ("源", "Yuan"), ("诚", "Cheng"), ("德", "De"), ("佳", "Jia"),
               ("思", "Si"), ("沃", "Wo"), ("睿", "Rui"), ("致", "Zhi"), ("启", "Qi"), ("铭", "Ming"), ("昱", "Yu"),
               ("峻", "Jun"), ("景", "Jing"), ("澜", "Lan"), ("霖", "Lin")]
BRAND_SECOND = [("锐", "rui"), ("邦", "bang"), ("创", "chuang"), ("科", "ke"), ("昊", "hao"), ("越", "yue"),
                ("驰", "chi"), ("晟", "sheng"), ("峰", "feng"), ("宇", "yu"), ("拓", "tuo"), ("腾", "teng"),
                ("泽", "ze"), ("辰", "chen"), ("翔", "xiang"), ("捷", "jie"), ("益", "yi"), ("朗", "lang"),
                ("川", "chuan"), ("岳", "yue"), ("衡", "heng"), ("璟", "jing"), ("曜", "yao"), ("屹", "yi")]
BRAND_BLOCK = {"华为", "恒瑞", "华创", "恒创", "瑞科", "宏创", "华科", "汇创", "盛泽", "华翔", "恒科", "康辰", "润泽",
               "德邦", "锦峰", "华晟", "康益", "江宇", "恒岳", "华腾", "华宇", "华益", "华邦", "博腾", "宏宇"}
INDUSTRY_WORDS = {
    "metallurgy": [("特钢", "Special Steel", "steel"), ("金属材料", "Metal Materials", "metal"),
                   ("合金科技", "Alloy Technology", "alloy"), ("精密钢管", "Precision Steel Tube", "tube"),
                   ("冶金科技", "Metallurgical Technology", "metallurgy"), ("焊材", "Welding Materials", "welding")],
    "chemicals": [("新材料", "New Materials", "materials"), ("化工", "Chemical", "chemical"),
                  ("高分子材料", "Polymer Materials", "polymer"), ("精细化工", "Fine Chemicals", "finechem"),
                  ("树脂", "Resin", "resin"), ("膜科技", "Membrane Technology", "membrane")],
    "equipment": [("智能装备", "Intelligent Equipment", "equipment"), ("机械", "Machinery", "machinery"),
                  ("激光科技", "Laser Technology", "laser"), ("精密制造", "Precision Manufacturing", "precision"),
                  ("动力科技", "Power Technology", "power"), ("重工", "Heavy Industry", "heavy")],
    "textiles": [("纺织", "Textile", "textile"), ("化纤", "Chemical Fibre", "fibre"),
                 ("纺织科技", "Textile Technology", "textech"), ("印染", "Dyeing and Finishing", "dyeing"),
                 ("纺机", "Textile Machinery", "texmach")],
    "new-energy": [("氢能科技", "Hydrogen Technology", "hydrogen"), ("新能源", "New Energy", "energy"),
                   ("储能科技", "Energy Storage Technology", "storage"), ("光伏科技", "Photovoltaic Technology", "pv"),
                   ("锂电材料", "Lithium Battery Materials", "lithium")],
    "digital": [("数字科技", "Digital Technology", "digital"), ("信息技术", "Information Technology", "it"),
                ("智能科技", "Intelligent Technology", "ai"), ("软件", "Software", "software"),
                ("数据科技", "Data Technology", "data")],
    "biomedicine": [("医疗器械", "Medical Devices", "meddev"), ("生物科技", "Biotechnology", "bio"),
                    ("医药科技", "Pharmaceutical Technology", "pharma"), ("医疗科技", "Medical Technology", "medtech")],
    "semiconductors": [("半导体", "Semiconductor", "semi"), ("微电子", "Microelectronics", "micro"),
                       ("电子材料", "Electronic Materials", "elmat"), ("光电科技", "Optoelectronic Technology", "opto"),
                       ("传感科技", "Sensing Technology", "sensing")],
}
# Which direction a word suggests, so that names and capabilities agree (index into the chain's directions).
WORD_FOCUS = {
    "steel": [1, 0], "metal": [0, 1], "alloy": [1], "tube": [0, 1], "metallurgy": [2, 3], "welding": [1],
    "materials": [0, 2], "chemical": [3, 1], "polymer": [0, 2], "finechem": [1], "resin": [0], "membrane": [3],
    "equipment": [0, 3], "machinery": [1, 2], "laser": [0], "precision": [1, 2, 3], "power": [1], "heavy": [2],
    "textile": [1], "fibre": [0], "textech": [0, 1], "dyeing": [2], "texmach": [3],
    "hydrogen": [0, 1], "energy": [2, 3], "storage": [2], "pv": [3], "lithium": [2],
    "digital": [0, 3], "it": [0, 2], "ai": [1], "software": [2], "data": [3],
    "meddev": [1, 0], "bio": [2], "pharma": [3], "medtech": [0, 1],
    "semi": [0], "micro": [1], "elmat": [2], "opto": [0], "sensing": [1],
}
CHAIN_TOWNS = {
    "metallurgy": [("metallurgy-park", 5), ("jinfeng", 3), ("nanfeng", 3), ("daxin", 2), ("leyu", 1)],
    "chemicals": [("bonded-zone", 6), ("jingang", 3), ("leyu", 2), ("daxin", 1)],
    "equipment": [("ed-zone", 5), ("yangshe", 2), ("tangqiao", 3), ("fenghuang", 3), ("nanfeng", 1), ("daxin", 1)],
    "textiles": [("tangqiao", 4), ("fenghuang", 3), ("leyu", 2), ("nanfeng", 2), ("daxin", 2), ("yangshe", 1)],
    "new-energy": [("ed-zone", 5), ("bonded-zone", 3), ("jingang", 2), ("leyu", 1)],
    "digital": [("yangshe", 5), ("ed-zone", 3), ("tangqiao", 1), ("shuangshandao", 1)],
    "biomedicine": [("bonded-zone", 3), ("yangshe", 3), ("ed-zone", 2), ("leyu", 1), ("changyinsha", 1)],
    "semiconductors": [("high-tech-zone", 5), ("tangqiao", 2), ("ed-zone", 3)],
}
ILLUSTRATIVE_FIRMS_PER_CHAIN = {"metallurgy": 18, "chemicals": 17, "equipment": 20, "textiles": 18,
                                "new-energy": 17, "digital": 16, "biomedicine": 16, "semiconductors": 13}

SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("赵", "Zhao"),
            ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"), ("朱", "Zhu"), ("马", "Ma"),
            ("胡", "Hu"), ("郭", "Guo"), ("林", "Lin"), ("何", "He"), ("高", "Gao"), ("沈", "Shen"), ("顾", "Gu"),
            ("钱", "Qian"), ("陆", "Lu"), ("蒋", "Jiang"), ("缪", "Miao"), ("季", "Ji"), ("邵", "Shao"), ("殷", "Yin")]
GIVEN = [("志远", "Zhiyuan"), ("海涛", "Haitao"), ("晓明", "Xiaoming"), ("建华", "Jianhua"), ("雨婷", "Yuting"),
         ("思源", "Siyuan"), ("立新", "Lixin"), ("佳琪", "Jiaqi"), ("文博", "Wenbo"), ("丽娟", "Lijuan"),
         ("国平", "Guoping"), ("子涵", "Zihan"), ("俊杰", "Junjie"), ("秀英", "Xiuying"), ("一鸣", "Yiming"),
         ("振宇", "Zhenyu"), ("若曦", "Ruoxi"), ("明哲", "Mingzhe"), ("嘉怡", "Jiayi"), ("宏伟", "Hongwei"),
         ("晨阳", "Chenyang"), ("静怡", "Jingyi"), ("永强", "Yongqiang"), ("梦洁", "Mengjie"), ("天佑", "Tianyou"),
         ("书瑶", "Shuyao"), ("浩然", "Haoran"), ("欣然", "Xinran"), ("卫东", "Weidong"), ("冬梅", "Dongmei")]

# ======================================================================================================
# RDF terms and the in-memory model
# ======================================================================================================


class Iri(str):
    """An IRI term."""


class Lit:
    """A literal: a language-tagged string, a plain string, an integer, a decimal or a boolean."""

    __slots__ = ("value", "lang", "kind")

    def __init__(self, value, lang=None, kind=None):
        self.value, self.lang, self.kind = value, lang, kind


def zh(text):
    return Lit(text, "zh")


def en(text):
    return Lit(text, "en")


def dec(value):
    return Lit(round(float(value), 1), kind="decimal")


def iri(region, segment, name):
    return Iri(f"{ID}{region}/{segment}/{name}")


def im(local):
    return Iri(IM + local)


SCHEMA = "https://schema.org/"
RDFS_LABEL = "rdfs:label"
KIND_CLASSES = {
    "firm": ("Firm", "schema:Corporation"),
    "university": ("University", "schema:CollegeOrUniversity"),
    "national_key_lab": ("NationalKeyLab", "schema:ResearchOrganization"),
    "provincial_key_lab": ("ProvincialKeyLab", "schema:ResearchOrganization"),
    "research_institute": ("ResearchInstitute", "schema:ResearchOrganization"),
    "new_rd_institution": ("NewRDInstitution", "schema:ResearchOrganization"),
    "enterprise_rd_institute": ("EnterpriseRDInstitute", "schema:ResearchOrganization"),
    "platform": ("Platform", None),
    "pilot_base": ("PilotBase", None),
    "fund": ("Fund", "schema:FundingAgency"),
}
PROV = {V: "im:Verified", P: "im:PlanText", G: "im:Illustrative"}


class Dataset:
    """Blocks of triples per output file, in writing order, and the global id registry."""

    def __init__(self):
        self.blocks = defaultdict(list)  # file -> [(comment or None, subject, [(pred, [objects])])]
        self.ids = {}

    def mint(self, region, segment, name):
        if name in self.ids:
            raise SystemExit(f"duplicate id {name!r}: {self.ids[name]} and {region}/{segment}")
        self.ids[name] = f"{region}/{segment}"
        return iri(region, segment, name)

    def add(self, file, subject, props, comment=None):
        clean = []
        for pred, objs in props:
            if not isinstance(objs, list):
                objs = [objs]
            objs = [o for o in objs if o is not None]
            if objs:
                clean.append((pred, objs))
        self.blocks[file].append((comment, subject, clean))


class Org:
    """An organisation as the generator sees it (firm or innovation resource)."""

    def __init__(self, **kw):
        self.alt = []
        self.level = None
        self.host = None
        self.source = None
        self.desc = None
        self.caps = []
        self.chains = []
        self.tier = None
        self.promoted_tier = None
        self.leading = False
        self.founded = None
        self.listed = None
        self.rd_institutes = []
        self.figures = None
        self.pools = set()
        self.illustrative_firm = False
        self.__dict__.update(kw)

    @property
    def chain(self):
        return self.chains[0] if self.chains else None


# ======================================================================================================
# Generation
# ======================================================================================================


class Generator:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.ds = Dataset()
        self.orgs = {}  # id -> Org
        self.place_iri = {}  # (region, id) -> Iri
        self.place_parent = {}  # Iri -> parent Iri
        self.cap_iri = {}
        self.cap_label = {}
        self.chain_iri = {}
        self.dir_iri = {}
        self.list_resources = set()  # ids of resources on the 8×10 list
        self.patent_serial = 0
        self.patents = []  # (holders ids, year, cap)
        self.collabs = []
        self.consortia = []
        self.city = None

    # ---------------------------------------------------------------- helpers
    def org_iri(self, o):
        return iri(o.region, o.kind, o.id)

    def place_id(self, place):
        return str(place).rsplit("/", 1)[1]

    def in_city(self, place):
        p = place
        while p is not None:
            if p == self.city:
                return True
            p = self.place_parent.get(p)
        return False

    def is_local(self, o):
        return self.in_city(o.place) or o.id in self.list_resources

    def weighted(self, items, weights):
        return self.rng.choices(items, weights=weights, k=1)[0]

    # ---------------------------------------------------------------- places
    def build_places(self):
        ds = self.ds
        cn = ds.mint("intl", "place", "CN")
        self.place_iri[("intl", "CN")] = cn
        ds.add("places.ttl", cn, [
            ("a", [Iri("im:Place"), Iri("schema:Place")]),
            (RDFS_LABEL, [zh("中国"), en("China")]),
            ("im:placeType", Iri("im:Country")), ("im:countryCode", Lit("CN")),
            ("im:provenance", Iri("im:Verified")), ("dcterms:source", Lit(S_ISO)),
        ], comment="Countries: China (other countries and regions are in international.ttl)")
        for pid, pzh, pen, alt in PROVINCES:
            p = ds.mint("cn", "place", pid)
            self.place_iri[("cn", pid)] = p
            self.place_parent[p] = cn
            ds.add("places.ttl", p, [
                ("a", [Iri("im:Place"), Iri("schema:Place")]), (RDFS_LABEL, [zh(pzh), en(pen)]),
                ("im:placeType", Iri("im:Province")), ("schema:containedInPlace", cn),
                ("im:provenance", Iri("im:Verified")), ("dcterms:source", Lit(S_DIVISIONS)),
            ], comment="Provinces" if pid == PROVINCES[0][0] else None)
        for cid, czh, cen, prov in CITIES:
            c = ds.mint("cn", "place", cid)
            self.place_iri[("cn", cid)] = c
            parent = self.place_iri[("cn", prov)] if prov else cn
            self.place_parent[c] = parent
            ds.add("places.ttl", c, [
                ("a", [Iri("im:Place"), Iri("schema:Place")]), (RDFS_LABEL, [zh(czh), en(cen)]),
                ("im:placeType", Iri("im:City")), ("schema:containedInPlace", parent),
                ("im:provenance", Iri("im:Verified")), ("dcterms:source", Lit(S_DIVISIONS)),
            ], comment="Cities where the city's partners sit" if cid == CITIES[0][0] else None)
        city = ds.mint("cn", "place", "zhangjiagang")
        self.city = city
        self.place_iri[("cn", "zhangjiagang")] = city
        self.place_parent[city] = self.place_iri[("cn", "suzhou")]
        ds.add("places.ttl", city, [
            ("a", [Iri("im:Place"), Iri("schema:Place")]), (RDFS_LABEL, [zh("张家港市"), en("Zhangjiagang")]),
            ("skos:altLabel", [zh("张家港"), zh("港城")]),
            ("im:placeType", Iri("im:City")), ("schema:containedInPlace", self.place_iri[("cn", "suzhou")]),
            ("im:provenance", Iri("im:Verified")), ("dcterms:source", Lit(S_DIVISIONS)),
            ("dcterms:description", [zh("苏州市代管的县级市。"), en("A county-level city administered by Suzhou.")]),
        ], comment="The city")
        for tid, tzh, ten, ttype, parent, alt in TOWNS:
            t = ds.mint("zjg", "place", tid)
            self.place_iri[("zjg", tid)] = t
        for tid, tzh, ten, ttype, parent, alt in TOWNS:
            t = self.place_iri[("zjg", tid)]
            par = self.place_iri[("zjg", parent)] if parent else city
            self.place_parent[t] = par
            ds.add("places.ttl", t, [
                ("a", [Iri("im:Place"), Iri("schema:Place")]), (RDFS_LABEL, [zh(tzh), en(ten)]),
                ("skos:altLabel", [zh(a) for a in alt]),
                ("im:placeType", Iri("im:" + ttype)), ("schema:containedInPlace", par),
                ("im:provenance", Iri("im:Verified")), ("dcterms:source", Lit(S_ZJG_DIVISIONS)),
            ], comment="Towns and zones of Zhangjiagang (zones inside a town name it as their parent)"
                if tid == TOWNS[0][0] else None)
        for code, czh, cen, in_cn in COUNTRIES:
            c = ds.mint("intl", "place", code)
            self.place_iri[("intl", code)] = c
            if in_cn:
                self.place_parent[c] = cn
            ds.add("international.ttl", c, [
                ("a", [Iri("im:Place"), Iri("schema:Place")]), (RDFS_LABEL, [zh(czh), en(cen)]),
                ("im:placeType", Iri("im:Country")), ("im:countryCode", Lit(code)),
                ("schema:containedInPlace", cn if in_cn else None),
                ("dcterms:description", [zh("海外人才飞地所在地区。"), en("Seat of an overseas talent enclave.")]
                 if in_cn else None),
                ("im:provenance", Iri("im:Verified")), ("dcterms:source", Lit(S_ISO)),
            ], comment="Countries and regions" if code == COUNTRIES[0][0] else None)

    # ---------------------------------------------------------------- chains, capabilities, directions
    def build_concepts(self):
        ds = self.ds
        scheme = ds.mint("zjg", "scheme", "chains")
        ds.add("chains.ttl", scheme, [
            ("a", Iri("skos:ConceptScheme")),
            (RDFS_LABEL, [zh("张家港产业链"), en("Zhangjiagang industry chains")]),
            ("im:provenance", Iri("im:Verified")), ("dcterms:source", Lit(S_CHAINS)),
        ], comment="The scheme")
        for cid, czh, cen, group, notation, alt in CHAINS:
            c = ds.mint("zjg", "chain", cid)
            self.chain_iri[cid] = c
            verified = group != "FutureIndustry"
            ds.add("chains.ttl", c, [
                ("a", [Iri("im:Chain"), Iri("skos:Concept")]), ("skos:inScheme", scheme),
                (RDFS_LABEL, [zh(czh), en(cen)]), ("skos:prefLabel", [zh(czh), en(cen)]),
                ("skos:altLabel", [zh(a) for a in alt]),
                ("skos:notation", Lit(notation)), ("im:chainGroup", Iri("im:" + group)),
                ("im:city", iri("cn", "place", "zhangjiagang")),
                ("im:provenance", Iri("im:Verified" if verified else "im:PlanText")),
                ("dcterms:source", Lit(S_CHAINS) if verified else None),
            ], comment={"L1": "Leading chains (主导产业), verified", "E1": "Emerging chains (新兴产业), verified",
                        "N1": "'N' future industries (未来产业) of the 2025 plan"}.get(notation))
        cscheme = ds.mint("cn", "scheme", "capabilities")
        ds.add("capabilities.ttl", cscheme, [
            ("a", Iri("skos:ConceptScheme")),
            (RDFS_LABEL, [zh("技术能力分类"), en("Capability taxonomy")]),
            ("dcterms:description", [zh("示意的技术能力分类：每个领域若干顶层能力，其下为细分能力（skos:broader）。"),
                                     en("An illustrative capability taxonomy: a few broad capabilities per field, "
                                        "narrower ones under them (skos:broader).")]),
            ("im:provenance", Iri("im:Illustrative")),
        ], comment="The scheme")
        for cap_id, czh, cen, broader in CAPABILITIES:
            self.cap_iri[cap_id] = ds.mint("cn", "capability", cap_id)
            self.cap_label[cap_id] = (czh, cen)
        for cap_id, czh, cen, broader in INTL_CAPS:
            self.cap_iri[cap_id] = ds.mint("intl", "capability", cap_id)
            self.cap_label[cap_id] = (czh, cen)
        for file, table in (("capabilities.ttl", CAPABILITIES), ("international.ttl", INTL_CAPS)):
            for i, (cap_id, czh, cen, broader) in enumerate(table):
                comment = None
                if file == "capabilities.ttl" and i == 0:
                    comment = "Top-level capabilities"
                elif file == "capabilities.ttl" and broader and table[i - 1][3] is None:
                    comment = "Narrower capabilities"
                elif file == "international.ttl" and i == 0:
                    comment = "Capabilities that only foreign organisations hold (same scheme, minted by region intl)"
                ds.add(file, self.cap_iri[cap_id], [
                    ("a", [Iri("im:Capability"), Iri("skos:Concept")]), ("skos:inScheme", cscheme),
                    (RDFS_LABEL, [zh(czh), en(cen)]), ("skos:prefLabel", [zh(czh), en(cen)]),
                    ("skos:broader", self.cap_iri[broader] if broader else None),
                    ("im:provenance", Iri("im:Illustrative")),
                ], comment=comment)
        dscheme = ds.mint("zjg", "scheme", "directions")
        ds.add("directions.ttl", dscheme, [
            ("a", Iri("skos:ConceptScheme")),
            (RDFS_LABEL, [zh("31个关键技术攻关方向"), en("The 31 key-technology directions")]),
            ("dcterms:description", [zh("工作计划提出31个攻关方向，但清单未公开；此处按产业链各4个（特色半导体3个）示意填充。"),
                                     en("The work plan names 31 directions but the list is not public; these are "
                                        "illustrative, four per chain (three for semiconductors).")]),
            ("im:provenance", Iri("im:Illustrative")),
        ], comment="The scheme")
        for notation, chain, dzh, den, caps in DIRECTIONS:
            d = ds.mint("zjg", "direction", notation)
            self.dir_iri[notation] = d
            assert 3 <= len(caps) <= 6
            ds.add("directions.ttl", d, [
                ("a", [Iri("im:Direction"), Iri("skos:Concept")]), ("skos:inScheme", dscheme),
                (RDFS_LABEL, [zh(dzh), en(den)]), ("skos:prefLabel", [zh(dzh), en(den)]),
                ("skos:notation", Lit(notation)), ("im:inChain", self.chain_iri[chain]),
                ("im:requiresCapability", [self.cap_iri[c] for c in caps]),
                ("im:provenance", Iri("im:Illustrative")),
            ], comment=f"{dict((c[0], c[2]) for c in CHAINS)[chain]} ({chain})"
                if notation in ("T01", "T05", "T09", "T13", "T17", "T21", "T25", "T29") else None)

    # ---------------------------------------------------------------- organisations
    def build_orgs(self):
        for rid, region, kind, rzh, ren, alt, level, host, place, prov, source, caps, desc in RESOURCES:
            self.orgs[rid] = Org(id=rid, region=region, kind=kind, zh=rzh, en=ren, alt=alt, level=level, host=host,
                                 place=self.place_iri[place], prov=prov, source=source, caps=list(caps), desc=desc,
                                 file="resources.ttl")
        for rid, rzh, ren, level, host, place, prov, source, caps, desc in RD_INSTITUTES:
            self.orgs[rid] = Org(id=rid, region="zjg", kind="enterprise_rd_institute", zh=rzh, en=ren, level=level,
                                 host=host[2], place=self.place_iri[place], prov=prov, source=source, caps=list(caps),
                                 desc=desc, file="firms.ttl")
        for (fid, region, fzh, fen, alt, chains, place, tier, leading, founded, listed, source, caps,
             desc) in REAL_FIRMS:
            self.orgs[fid] = Org(id=fid, region=region, kind="firm", zh=fzh, en=fen, alt=alt, chains=list(chains),
                                 place=self.place_iri[place], tier=tier, leading=leading, founded=founded,
                                 listed=listed, prov=V, source=source, caps=list(caps), desc=desc, file="firms.ttl")
        for oid, kind, ozh, oen, alt, country, chains, caps in FOREIGN_ORGS:
            self.orgs[oid] = Org(id=oid, region="intl", kind=kind, zh=ozh, en=oen, alt=alt, chains=list(chains),
                                 place=self.place_iri[("intl", country)], prov=V, source=S_FOREIGN, caps=list(caps),
                                 desc=D_REAL_EXT_RES if kind != "firm" else D_REAL_EXT_FIRM, file="international.ttl",
                                 level=None)
        for o in self.orgs.values():
            if o.kind == "enterprise_rd_institute":
                self.orgs[o.host].rd_institutes.append(o.id)
        for chain, rows in SUPPORT_ROWS.items():
            for rid, *_ in rows:
                self.list_resources.add(rid)

    def make_illustrative_firms(self):
        rng = self.rng
        used_brands = set()
        pairs = [(a, b) for a in BRAND_FIRST for b in BRAND_SECOND
                 if a[0] + b[0] not in BRAND_BLOCK and a[0] != b[0] and a[1].lower() != b[1]]
        rng.shuffle(pairs)
        dirs_by_chain = defaultdict(list)
        for notation, chain, _, _, caps in DIRECTIONS:
            dirs_by_chain[chain].append(caps)
        new = []
        for chain in MAIN_CHAINS:
            for i in range(ILLUSTRATIVE_FIRMS_PER_CHAIN[chain]):
                (b1, p1), (b2, p2) = pairs.pop()
                brand_zh, brand_py = b1 + b2, p1 + p2
                used_brands.add(brand_zh)
                wzh, wen, wid = rng.choice(INDUSTRY_WORDS[chain])
                fid = f"{brand_py.lower()}-{wid}"
                r = rng.random()
                if r < 0.72:
                    fzh, fen = f"张家港{brand_zh}{wzh}有限公司", f"Zhangjiagang {brand_py} {wen} Co., Ltd."
                elif r < 0.9:
                    fzh, fen = f"江苏{brand_zh}{wzh}股份有限公司", f"Jiangsu {brand_py} {wen} Co., Ltd."
                else:
                    fzh, fen = f"苏州{brand_zh}{wzh}有限公司", f"Suzhou {brand_py} {wen} Co., Ltd."
                towns, weights = zip(*CHAIN_TOWNS[chain])
                town = self.weighted(towns, weights)
                t = rng.random()
                tier = ("TechSME" if t < 0.42 else "HighTechEnterprise" if t < 0.82 else
                        "Gazelle" if t < 0.91 else None)
                founded = (rng.randint(2015, 2022) if tier == "Gazelle" else
                           rng.randint(2008, 2023) if tier == "TechSME" else rng.randint(1996, 2020))
                focus_idx = WORD_FOCUS[wid]
                focus = [dirs_by_chain[chain][rng.choice(focus_idx)]]
                if rng.random() < 0.4:
                    focus.append(rng.choice(dirs_by_chain[chain]))
                pool = sorted({c for caps in focus for c in caps if c not in EXTERNAL_ONLY_CAPS})
                lo, hi = {"TechSME": (1, 3), None: (1, 2), "HighTechEnterprise": (2, 4), "Gazelle": (3, 5)}[tier]
                k = min(len(pool), rng.randint(lo, hi))
                caps = rng.sample(pool, k)
                if CHAIN_EXTRA_CAPS[chain] and rng.random() < 0.15:
                    extra = rng.choice(CHAIN_EXTRA_CAPS[chain])
                    if extra not in caps:
                        caps.append(extra)
                o = Org(id=fid, region="zjg", kind="firm", zh=fzh, en=fen, alt=[],
                        chains=[chain], place=self.place_iri[("zjg", town)], tier=tier, founded=founded, prov=G,
                        caps=caps, desc=None, file="firms.ttl", illustrative_firm=True, brand=(brand_zh, brand_py),
                        word=(wzh, wen))
                assert fid not in self.orgs, fid
                self.orgs[fid] = o
                new.append(o)
        # Every town and zone gets at least one firm: move one from the chain's most crowded place.
        for town in [t[0] for t in TOWNS if t[4] is None]:
            here = [o for o in new if TOWN_OF[self.place_id(o.place)] == town]
            if here:
                continue
            chains = sorted(c for c, towns in CHAIN_TOWNS.items() if town in dict(towns))
            cand = sorted([o for o in new if o.chain in chains], key=lambda o: o.id)
            crowd = defaultdict(list)
            for o in cand:
                crowd[self.place_id(o.place)].append(o)
            busiest = max(sorted(crowd), key=lambda p: len(crowd[p]))
            crowd[busiest][0].place = self.place_iri[("zjg", town)]
        # A second leading firm for textiles, a third for metallurgy (illustrative).
        for chain in ("textiles", "metallurgy"):
            cand = [o for o in new if o.chain == chain and o.tier == "HighTechEnterprise"]
            cand.sort(key=lambda o: (-len(o.caps), o.id))
            cand[0].leading = True
        self.illustrative = new

    def assign_pools(self):
        """Pick the firms of the three cultivation pools and the near-threshold tech SMEs."""
        rng = self.rng
        small = sorted([o for o in self.illustrative if o.tier in ("TechSME", None) and not o.leading],
                       key=lambda o: o.id)
        smes = [o for o in small if o.tier == "TechSME"]
        rng.shuffle(smes)
        for o in smes[:5]:
            o.pools.add("near-above")
        for o in smes[5:10]:
            o.pools.add("near-below")
        rest = [o for o in small if not o.pools & {"near-above", "near-below"}]
        rng.shuffle(rest)
        for o in rest[:12]:
            o.pools.add("isolated")
            o.pools.add("no-uni")
        for o in rest[12:20]:
            o.pools.add("no-uni")
        rng.shuffle(rest)
        for o in rest[:14]:
            o.pools.add("no-patent")
        rng.shuffle(rest)
        for o in rest[:12]:
            o.pools.add("no-rd")

    # ---------------------------------------------------------------- capability fixes
    def local_holders(self):
        holders = defaultdict(set)
        for o in self.orgs.values():
            if self.is_local(o):
                for c in o.caps:
                    holders[c].add(o.id)
        return holders

    def fix_capabilities(self):
        rng = self.rng
        log = []
        firms_by_chain = defaultdict(list)
        for o in self.orgs.values():
            if o.kind == "firm" and self.is_local(o):
                for c in o.chains:
                    firms_by_chain[c].append(o)
        # (1) no single illustrative firm covers all local capabilities of a direction
        for notation, chain, _, _, caps in DIRECTIONS:
            local_caps = [c for c in caps if c not in EXTERNAL_ONLY_CAPS]
            for o in sorted(firms_by_chain[chain], key=lambda o: o.id):
                if o.illustrative_firm and set(local_caps) <= set(o.caps) and len(o.caps) > 1:
                    drop = rng.choice(local_caps)
                    o.caps.remove(drop)
                    log.append(f"{o.id}: dropped {drop} ({notation} single-holder)")
        # (2) every local-coverable required capability has a local holder
        holders = self.local_holders()
        for notation, chain, _, _, caps in DIRECTIONS:
            for c in caps:
                if c in EXTERNAL_ONLY_CAPS or holders[c]:
                    continue
                cand = sorted([o for o in firms_by_chain[chain] if o.illustrative_firm and len(o.caps) < 5],
                              key=lambda o: (len(o.caps), o.id))
                cand[0].caps.append(c)
                holders[c].add(cand[0].id)
                log.append(f"{cand[0].id}: added {c} ({notation} coverage)")
        # (3) every direction has an eligible leader, and a leader whose business is the direction's:
        # a firm whose name says it works on the direction (WORD_FOCUS) is taken first, promoted to
        # high-tech enterprise if it is a tech SME outside every pool; a firm of another focus only when
        # the chain has none.
        for notation, chain, _, _, caps in DIRECTIONS:
            if not self.eligible_leaders(notation):
                idx = [d[0] for d in DIRECTIONS if d[1] == chain].index(notation)
                local = [c for c in caps if c not in EXTERNAL_ONLY_CAPS]
                focused = sorted([o for o in firms_by_chain[chain] if o.illustrative_firm and not o.pools and
                                  idx in WORD_FOCUS[o.id.split("-", 1)[1]] and set(o.caps) & set(local)],
                                 key=lambda o: (-len(set(o.caps) & set(local)), o.id))
                if focused:
                    o = focused[0]
                    if o.tier not in ("HighTechEnterprise", "Gazelle", "Unicorn") and not o.leading:
                        # Written out only: the rest of the generation (figures, institutes, ties) sees
                        # the firm as it was, so that the seeded draws of every other entity stay put.
                        log.append(f"{o.id}: promoted from {o.tier} to HighTechEnterprise ({notation} leader)")
                        o.promoted_tier = "HighTechEnterprise"
                    continue
                cand = sorted([o for o in firms_by_chain[chain] if o.illustrative_firm and
                               o.tier in ("HighTechEnterprise", "Gazelle") and not o.pools],
                              key=lambda o: (idx not in WORD_FOCUS[o.id.split("-", 1)[1]], len(o.caps), o.id))
                c = local[0]
                cand[0].caps.append(c)
                log.append(f"{cand[0].id}: added {c} ({notation} leader)")
        # (4) external-only capabilities really are external only
        holders = self.local_holders()
        for c in EXTERNAL_ONLY_CAPS:
            assert not holders[c], (c, holders[c])
        self.fix_log = log

    def eligible_leaders(self, notation):
        chain, caps = next((d[1], d[4]) for d in DIRECTIONS if d[0] == notation)
        out = []
        for o in self.orgs.values():
            if (o.kind == "firm" and self.is_local(o) and chain in o.chains and
                    (o.leading or o.tier in ("HighTechEnterprise", "Gazelle", "Unicorn")) and set(o.caps) & set(caps)):
                out.append(o)
        return sorted(out, key=lambda o: o.id)

    # ---------------------------------------------------------------- R&D institutes, figures, patents
    def make_rd_institutes(self):
        rng = self.rng
        for o in self.local_firms():
            if o.rd_institutes or "no-rd" in o.pools:
                continue
            big = o.leading or o.tier in ("Gazelle", "Unicorn") or (o.tier == "HighTechEnterprise" and rng.random() < 0.06)
            if not big or "near-above" in o.pools or "near-below" in o.pools:
                continue
            if o.illustrative_firm:
                short_zh = o.zh.replace("有限公司", "").replace("股份", "")
                izh, ien = f"{short_zh}工程技术研究中心", f"{o.brand[1]} {o.word[1]} Engineering Research Centre"
            else:
                short_zh = o.alt[0] if o.alt else o.zh
                izh, ien = f"{short_zh}研究院", f"{o.en.split(' Co.')[0].rstrip(',')} Research Institute"
            iid = f"{o.id}-institute"
            caps = []  # a generated institute adds no capability beyond its firm's
            inst = Org(id=iid, region="zjg", kind="enterprise_rd_institute", zh=izh, en=ien,
                       level="Provincial" if (o.leading or o.tier == "Unicorn") else "Municipal", host=o.id,
                       place=o.place, prov=G, caps=caps, desc=None, file="firms.ttl")
            self.orgs[iid] = inst
            o.rd_institutes.append(iid)

    def local_firms(self):
        return sorted([o for o in self.orgs.values() if o.kind == "firm" and o.region == "zjg"], key=lambda o: o.id)

    REAL_SCALE = {"shagang": 2.2e7, "yonggang": 8.5e6, "huachang-chem": 9.0e5, "changhua": 2.8e5,
                  "hans-laser-east": 1.6e5, "hailu": 2.4e5, "furui": 2.6e5, "space-pioneer": 3.5e4, "longjie": 1.1e5,
                  "guofu": 6.0e4, "guotai-huarong": 3.8e5, "epoint": 2.1e5, "aidier": 2.6e4, "matrix-opto": 1.8e4,
                  "hc-semitek": 1.4e5, "guotai-group": 3.2e6, "huachang-energy": 2.4e4}

    @staticmethod
    def rd_threshold(revenue):
        return 0.05 if revenue <= 5000 else 0.04 if revenue <= 20000 else 0.03

    def make_figures(self):
        rng = self.rng
        firms = self.local_firms()
        no_fig = [o for o in firms if o.illustrative_firm and not o.pools and not o.leading]
        rng.shuffle(no_fig)
        skip = {o.id for o in no_fig[:44]}
        for o in firms:
            if o.id in skip:
                continue
            tier, pools = o.tier, o.pools
            near = "near-above" in pools or "near-below" in pools
            if o.id in self.REAL_SCALE:
                r25 = self.REAL_SCALE[o.id] * rng.uniform(0.9, 1.1)
            elif near:
                r25 = rng.uniform(1500, 4500)
            elif o.leading:
                r25 = rng.uniform(1.2e5, 6e5)
            else:
                lo, hi = {"TechSME": (600, 9000), None: (800, 25000), "HighTechEnterprise": (3500, 150000),
                          "Gazelle": (9000, 90000)}[tier]
                r25 = lo * (hi / lo) ** rng.random()
            if tier in ("Gazelle", "Unicorn"):
                g = rng.uniform(0.22, 0.48)
            else:
                g = rng.uniform(-0.06, 0.18)
            revs = [r25 / (1 + g) ** 2 * rng.uniform(0.97, 1.03), r25 / (1 + g) * rng.uniform(0.98, 1.02), r25]
            thr = self.rd_threshold(revs[2])
            qualified = tier in ("HighTechEnterprise", "Gazelle", "Unicorn")
            if "no-rd" in pools:
                rd_ratio = [rng.choice([0.0, rng.uniform(0.002, 0.01)]), rng.choice([0.0, 0.0, rng.uniform(0.002, 0.008)]),
                            0.0]
            elif "near-above" in pools:
                r = thr + rng.uniform(0.0012, 0.004)
                rd_ratio = [r, r, r]
            elif "near-below" in pools:
                r = thr + (rng.uniform(-0.004, -0.0012) if rng.random() < 0.6 else rng.uniform(0.0012, 0.004))
                rd_ratio = [r, r, r]
            elif qualified:
                base = thr + (rng.uniform(0.003, 0.012) if o.leading else rng.uniform(0.004, 0.03))
                rd_ratio = [base * rng.uniform(0.97, 1.03) for _ in range(3)]
            elif tier == "TechSME":
                rd_ratio = [rng.uniform(0.01, 0.07) for _ in range(3)]
            else:
                rd_ratio = [rng.uniform(0.0, 0.02) for _ in range(3)]
            per_capita = rng.uniform(55, 160) if not o.leading else rng.uniform(250, 700)
            emp25 = max(12, int(revs[2] / per_capita))
            if near:
                emp25 = rng.randint(45, 90)
            emps = [max(10, int(emp25 / (1 + g * 0.6) ** (2 - i) * rng.uniform(0.97, 1.03))) for i in range(2)] + [emp25]
            if "near-above" in pools:
                st_ratio = rng.uniform(0.105, 0.125)
            elif "near-below" in pools:
                # the members that pass the R&D test miss the staff test
                st_ratio = rng.uniform(0.088, 0.098) if rd_ratio[0] >= thr else rng.uniform(0.105, 0.13)
            elif qualified:
                st_ratio = rng.uniform(0.12, 0.32) if not o.leading else rng.uniform(0.11, 0.16)
            elif tier == "TechSME":
                st_ratio = rng.uniform(0.06, 0.25)
            else:
                st_ratio = rng.uniform(0.03, 0.11)
            if qualified or near:
                ht_ratio = rng.uniform(0.62, 0.9)
            else:
                ht_ratio = rng.uniform(0.2, 0.75)
            rows = []
            for i, year in enumerate((2023, 2024, 2025)):
                rev = round(revs[i], 1)
                rd = round(rev * rd_ratio[i], 1)
                rows.append((year, rev, rd, round(rev * ht_ratio * rng.uniform(0.97, 1.0), 1), emps[i],
                             max(1, int(round(emps[i] * st_ratio * rng.uniform(0.97, 1.03)))) if st_ratio > 0 else 0))
            # keep the near-threshold cases exactly on their side of the line after rounding
            if "near-above" in pools or "near-below" in pools:
                emp, st = rows[2][4], rows[2][5]
                want_above_staff = "near-above" in pools or rd_ratio[0] < thr
                if want_above_staff and st / emp < 0.10:
                    st = int(emp * 0.1) + 1
                if not want_above_staff and st / emp >= 0.10:
                    st = int(emp * 0.1) - 1 if emp * 0.1 == int(emp * 0.1) else int(emp * 0.1)
                rows[2] = rows[2][:5] + (st,)
            o.figures = rows

    def make_patents(self):
        rng = self.rng
        for o in self.local_firms():
            if "no-patent" in o.pools or not o.caps:
                continue
            lo, hi = ((2, 3) if o.leading else {"TechSME": (1, 1), None: (0, 1), "HighTechEnterprise": (1, 1),
                                                 "Gazelle": (1, 2), "Unicorn": (3, 3)}[o.tier])
            for _ in range(rng.randint(lo, hi)):
                year = self.year(2016)
                self.patents.append(([o.id], year, rng.choice(o.caps)))

    def year(self, start=2015):
        years = list(range(start, 2026))
        return self.weighted(years, [(y - start + 1) ** 1.5 for y in years])

    # ---------------------------------------------------------------- collaborations
    HUB = {"ustb": 16, "neu": 8, "shagang-steel-institute": 7, "suzhou-laboratory": 5, "soochow-university": 9,
           "suda-zjg-institute": 10, "hust-suzhou-institute": 14, "shazhou-polytechnic": 12, "just-zjg-campus": 8,
           "njtech-skl-mcce": 10, "suzhou-hydrogen-innovation-centre": 10, "tsinghua-zjg-hydrogen-institute": 8,
           "tsinghua": 5, "dicp": 4, "zjg-icc": 9, "sinano": 4, "cas-nano-zjg": 6, "jiangnan": 7, "donghua": 8,
           "cpu": 7, "med-eng-translation-base": 5, "seu": 6, "cisri": 5, "jiangsu-metallurgy-institute": 4}

    def add_collab(self, kind, year, parts, lead, caps, chain):
        for p in parts:
            assert p in self.orgs, p
        assert lead in parts and 2 <= len(parts) <= 5 and len(set(parts)) == len(parts)
        for c in caps:
            assert any(c in self.orgs[p].caps for p in parts), (c, parts)
        self.collabs.append(dict(kind=kind, year=year, parts=parts, lead=lead, caps=caps, chain=chain))
        if kind == "CoPatent":
            holders = [p for p in parts if self.orgs[p].kind != "platform"][:3]
            self.patents.append((holders, year, caps[0]))

    def pick_caps(self, parts, chain):
        rng = self.rng
        chain_caps = set()
        for d in DIRECTIONS:
            if d[1] == chain:
                chain_caps.update(d[4])
        chain_caps.update(CHAIN_EXTRA_CAPS.get(chain, []))
        count = defaultdict(int)
        for p in parts:
            for c in self.orgs[p].caps:
                count[c] += 1
        shared = sorted(c for c, n in count.items() if n >= 2)
        in_chain = sorted(c for c in count if c in chain_caps)
        lead_caps = sorted(self.orgs[parts[0]].caps)
        pool = ([c for c in shared if c in chain_caps] or shared or [c for c in lead_caps if c in chain_caps] or in_chain
                or lead_caps or sorted(count))
        k = 2 if len(pool) > 1 and rng.random() < 0.3 else 1
        return rng.sample(pool, k)

    def non_firm(self, oid):
        return self.orgs[oid].kind != "firm"

    def make_collaborations(self):
        rng = self.rng
        firms = [o for o in self.local_firms()]
        budget = {}
        for o in firms:
            if "isolated" in o.pools:
                budget[o.id] = 0
            elif o.leading:
                budget[o.id] = int(min(30, 6 + rng.paretovariate(1.1) * 5))
            elif o.tier in ("Gazelle", "Unicorn"):
                budget[o.id] = rng.randint(3, 6)
            elif o.tier == "HighTechEnterprise":
                budget[o.id] = self.weighted([1, 2, 3, 4], [42, 34, 17, 7])
            else:
                budget[o.id] = self.weighted([1, 2, 3], [62, 30, 8])
        res_by_chain = {c: [r[0] for r in rows] for c, rows in SUPPORT_ROWS.items()}
        remaining = dict(budget)
        slots = [fid for fid in sorted(budget) for _ in range(budget[fid])]
        rng.shuffle(slots)
        no_uni = {o.id for o in firms if "no-uni" in o.pools}
        no_pat = {o.id for o in firms if "no-patent" in o.pools}
        for lead in slots:
            if remaining[lead] <= 0:
                continue
            remaining[lead] -= 1
            lo = self.orgs[lead]
            chain = lo.chain
            n = self.weighted([2, 3, 4, 5], [58, 29, 10, 3])
            parts = [lead]
            for _ in range(n - 1):
                allow_res = not any(p in no_uni for p in parts)
                if allow_res and rng.random() < 0.58:
                    cands = [r for r in res_by_chain[chain] if r not in parts]
                    parts.append(self.weighted(cands, [self.HUB.get(r, 2) for r in cands]))
                    continue
                same = rng.random() < 0.8
                has_res = any(self.non_firm(p) for p in parts)
                cands = [f.id for f in firms if remaining[f.id] > 0 and f.id not in parts and
                         ((chain in f.chains) == same) and not (has_res and f.id in no_uni)]
                if not cands:
                    continue
                pick = self.weighted(cands, [remaining[c] for c in cands])
                remaining[pick] -= 1
                parts.append(pick)
            if len(parts) < 2:
                if lead in no_uni:
                    remaining[lead] += 1
                    continue
                cands = res_by_chain[chain]
                parts.append(self.weighted(cands, [self.HUB.get(r, 2) for r in cands]))
            has_res = any(self.non_firm(p) for p in parts)
            kinds = (["JointProject", "ContractedRD", "CoPatent", "SharedPlatform"], [38, 27, 13, 22]) if has_res else \
                (["JointProject", "CoPatent", "ContractedRD"], [62, 20, 18])
            kind = self.weighted(*kinds)
            if kind == "CoPatent" and any(p in no_pat for p in parts):
                kind = "JointProject"
            lead_id = lead
            if kind == "SharedPlatform" and rng.random() < 0.5:
                lead_id = next(p for p in parts if self.non_firm(p))
                parts = [lead_id] + [p for p in parts if p != lead_id]
            self.add_collab(kind, self.year(), parts, lead_id, self.pick_caps(parts, chain), chain)
        self.budget = budget

    def make_external_collaborations(self):
        """Collaborations that reach organisations outside the city's local actors, many of them abroad."""
        rng = self.rng
        chain_of_cap = defaultdict(set)
        for d in DIRECTIONS:
            for c in d[4]:
                chain_of_cap[c].add(d[1])
        for chain, extra in CHAIN_EXTRA_CAPS.items():
            for c in extra:
                chain_of_cap[c].add(chain)
        firms = [o for o in self.local_firms() if not o.pools & {"isolated", "no-uni"}]
        externals = sorted([o for o in self.orgs.values() if not self.is_local(o) and o.kind != "enterprise_rd_institute"
                            and o.id not in ("shu",)], key=lambda o: o.id)
        for ext in externals:
            chains = sorted({ch for c in ext.caps for ch in chain_of_cap[c]})
            if ext.kind == "firm" and ext.chains:
                chains = [c for c in ext.chains if c in MAIN_CHAINS] or chains
            if not chains:
                continue
            n = 1 if ext.kind == "firm" and ext.region == "intl" else rng.randint(1, 3)
            for _ in range(n):
                chain = rng.choice(chains)
                cands = [f for f in firms if chain in f.chains]
                weights = [8 if f.leading else 3 if f.tier in ("Gazelle", "Unicorn") else 1 for f in cands]
                firm = self.weighted(cands, weights)
                parts = [firm.id, ext.id]
                if rng.random() < 0.35:
                    res = [r[0] for r in SUPPORT_ROWS[chain] if r[0] not in parts]
                    parts.append(self.weighted(res, [self.HUB.get(r, 2) for r in res]))
                # the capability is one the external partner brings when it matters to the chain
                ext_caps = sorted(c for c in ext.caps if chain in chain_of_cap[c])
                caps = [rng.choice(ext_caps)] if ext_caps else self.pick_caps(parts, chain)
                kind = self.weighted(["JointProject", "ContractedRD", "CoPatent", "SharedPlatform"], [40, 30, 15, 15])
                if kind == "CoPatent" and "no-patent" in firm.pools:
                    kind = "JointProject"
                self.add_collab(kind, self.year(2017), parts, firm.id, caps, chain)

    TOTAL_COLLABORATIONS = 306

    def trim_collaborations(self):
        """Drop random firm-led collaborations down to the target count, never leaving a firm without any."""
        rng = self.rng
        count = defaultdict(int)
        for c in self.collabs:
            for p in c["parts"]:
                count[p] += 1
        order = list(range(len(self.collabs)))
        rng.shuffle(order)
        drop = set()
        for i in order:
            if len(self.collabs) - len(drop) <= self.TOTAL_COLLABORATIONS:
                break
            c = self.collabs[i]
            if c["kind"] in ("ConsortiumWork",) or any(self.orgs[p].region == "intl" for p in c["parts"]):
                continue
            firms = [p for p in c["parts"] if self.orgs[p].kind == "firm"]
            if all(count[p] >= 2 for p in firms) and not any(self.orgs[p].leading for p in firms[:1]):
                drop.add(i)
                for p in c["parts"]:
                    count[p] -= 1
        kept = [c for i, c in enumerate(self.collabs) if i not in drop]
        # co-patents of dropped collaborations go too
        dropped_patents = {(tuple(p for p in self.collabs[i]["parts"] if self.orgs[p].kind != "platform")[:3],
                            self.collabs[i]["year"], self.collabs[i]["caps"][0])
                           for i in drop if self.collabs[i]["kind"] == "CoPatent"}
        self.patents = [p for p in self.patents if (tuple(p[0]), p[1], p[2]) not in dropped_patents]
        self.collabs = kept

    # ---------------------------------------------------------------- consortia
    FORCED_MEMBERS = {"suzhou-laboratory": ["T01", "T02", "T03", "T29"],
                      "njtech-skl-mcce": ["T05", "T06", "T07", "T08"],
                      "hust-suzhou-institute": ["T09", "T10", "T21", "T22"],
                      "suda-zjg-institute": ["T06", "T07", "T13", "T15"]}
    CONSORTIUM_DIRECTIONS = ["T01", "T02", "T03", "T05", "T06", "T07", "T08", "T09", "T10", "T12", "T13", "T15", "T17",
                             "T18", "T21", "T22", "T25", "T29"]

    def make_consortia(self):
        rng = self.rng
        led = defaultdict(int)
        for notation in self.CONSORTIUM_DIRECTIONS:
            chain, caps, dzh, den = next((d[1], d[4], d[2], d[3]) for d in DIRECTIONS if d[0] == notation)
            local_caps = [c for c in caps if c not in EXTERNAL_ONLY_CAPS]
            cands = [o for o in self.eligible_leaders(notation) if not o.pools and led[o.id] < 2]
            cands.sort(key=lambda o: (not o.leading, -len(set(o.caps) & set(caps)), led[o.id], o.id))
            leader = cands[0]
            led[leader.id] += 1
            forced = [r for r, dirs in self.FORCED_MEMBERS.items() if notation in dirs]
            members = list(forced)
            covered = set(leader.caps) | {c for m in members for c in self.orgs[m].caps}
            pool = [o for o in self.orgs.values() if self.is_local(o) and o.id != leader.id and
                    not o.pools & {"isolated", "no-uni"} and o.kind != "enterprise_rd_institute" and
                    (chain in o.chains or o.id in {r[0] for r in SUPPORT_ROWS[chain]})]
            pool.sort(key=lambda o: o.id)
            while True:
                missing = [c for c in local_caps if c not in covered]
                if not missing:
                    break
                best = max(pool, key=lambda o: (len(set(o.caps) & set(missing)),
                                                self.HUB.get(o.id, 2 if o.kind != "firm" else 1), o.id)
                           if o.id not in members else (-1,))
                if not set(best.caps) & set(missing):
                    break
                members.append(best.id)
                covered |= set(best.caps)
            if not any(self.non_firm(m) for m in members):
                res = sorted((r[0] for r in SUPPORT_ROWS[chain] if self.orgs[r[0]].kind != "enterprise_rd_institute"),
                             key=lambda r: (-len(set(self.orgs[r].caps) & set(caps)), -self.HUB.get(r, 1), r))
                members.append(res[0])
            extra_firms = [o for o in pool if o.kind == "firm" and o.id not in members and set(o.caps) & set(caps)]
            for o in rng.sample(extra_firms, min(len(extra_firms), rng.randint(1, 2))):
                members.append(o.id)
            year = rng.randint(2023, 2025)
            self.consortia.append(dict(notation=notation, chain=chain, leader=leader.id, members=members, year=year,
                                       zh=f"{dzh}创新联合体", en=f"{den} innovation consortium"))
            work = [leader.id] + rng.sample(members, min(len(members), rng.randint(2, 4)))
            if not any(self.non_firm(p) for p in work):
                work[-1] = next(m for m in members if self.non_firm(m))
            work = list(dict.fromkeys(work))
            ccaps = [c for c in local_caps if any(c in self.orgs[p].caps for p in work)]
            self.add_collab("ConsortiumWork", rng.randint(year, 2025), work, leader.id, rng.sample(ccaps, 1), chain)

    # ---------------------------------------------------------------- people, funds
    def make_people(self):
        rng = self.rng
        used = set()
        names = [(s, g) for s in SURNAMES for g in GIVEN]
        rng.shuffle(names)
        firms = [o for o in self.local_firms() if not o.pools & {"isolated"}]
        list_res = sorted(self.list_resources)
        research = [r for r in list_res if self.orgs[r].kind in ("university", "national_key_lab", "research_institute",
                                                                   "new_rd_institution", "provincial_key_lab")]
        leading = [o.id for o in firms if o.leading]
        young_orgs = [r for r in list_res if self.orgs[r].kind in ("university", "new_rd_institution")]
        cats = [("StrategicScientist", research), ("InnovationLeader", leading + [o.id for o in firms
                                                                                if o.tier in ("Gazelle", "Unicorn")]),
                ("EntrepreneurshipLeader", [o.id for o in firms if o.illustrative_firm and
                                            o.tier in ("TechSME", "Gazelle", "HighTechEnterprise")]),
                ("YoungTalent", young_orgs + [o.id for o in firms if o.tier == "HighTechEnterprise"]),
                ("OutstandingEngineer", leading + [o.id for o in firms if o.tier == "HighTechEnterprise"])]
        self.people = []
        for cat, orgs in cats:
            for _ in range(9):
                (szh, spy), (gzh, gpy) = names.pop()
                pid = f"{spy}-{gpy}".lower()
                assert pid not in used
                used.add(pid)
                org = self.orgs[rng.choice(sorted(set(orgs)))]
                affs = [org.id]
                if org.kind == "firm" and rng.random() < 0.2:
                    res = [r[0] for r in SUPPORT_ROWS[org.chain]]
                    affs.append(rng.choice(res))
                chain = org.chain or next(c for c, rows in SUPPORT_ROWS.items() if org.id in [r[0] for r in rows])
                caps = sorted({c for a in affs for c in self.orgs[a].caps} - EXTERNAL_ONLY_CAPS)
                self.people.append(dict(id=pid, zh=szh + gzh, en=f"{spy} {gpy}", cat=cat, affs=affs, chain=chain,
                                        caps=rng.sample(caps, min(len(caps), rng.randint(1, 3)))))

    FUNDS = [
        ("talent-fund-one", "人才一号母基金", "Talent No. 1 Fund of Funds", P, None, "Municipal",
         ("工作计划所列、服务人才项目的母基金。", "The fund of funds for talent projects named in the work plan.")),
        ("shazhou-c-plan-fund", "沙洲科创C计划基金", "Shazhou Sci-Tech C-Plan Fund", P, None, "Municipal",
         ("工作计划所列的科创投资基金。", "The sci-tech investment fund named in the work plan.")),
        ("zjg-hydrogen-fund", "张家港氢能产业基金", "Zhangjiagang Hydrogen Industry Fund", V, S_GUOFU, None,
         ("2024年张家港氢能产业发展大会发布（已核实）；规模与投资为示意数据。",
          "Announced at the 2024 Zhangjiagang hydrogen industry conference (verified); size and investments are "
          "illustrative.")),
        ("hust-rongchuang-fund", "华中科大苏州科创院融创基金", "Rongchuang Fund of the HUST Suzhou Innovation Institute", V,
         S_SINA_2026, None,
         ("支持华中科大苏州科创院建设运行、总规模50亿元（已核实）；投资记录为示意数据。",
          "Supports the HUST Suzhou Innovation Institute, 5 billion yuan in total (verified); investments are "
          "illustrative.")),
        ("gangcheng-angel-fund", "港城科创天使基金", "Gangcheng sci-tech angel fund", G, None, "Municipal",
         ("示意的天使投资基金。", "An illustrative angel fund.")),
        ("zjg-semiconductor-fund", "张家港特色半导体产业投资基金", "Zhangjiagang characteristic semiconductor industry fund", G,
         None, "Municipal", ("示意的产业基金。", "An illustrative industry fund.")),
    ]

    def make_investments(self):
        rng = self.rng
        targets = [o for o in self.local_firms() if o.illustrative_firm and o.tier in ("TechSME", "Gazelle",
                                                                                        "HighTechEnterprise")
                   and "isolated" not in o.pools]
        by_chain = defaultdict(list)
        for o in targets:
            by_chain[o.chain].append(o)
        plan = [("talent-fund-one", None, 6), ("shazhou-c-plan-fund", None, 6), ("zjg-hydrogen-fund", "new-energy", 4),
                ("hust-rongchuang-fund", "digital", 2), ("hust-rongchuang-fund", "equipment", 1),
                ("gangcheng-angel-fund", None, 3), ("zjg-semiconductor-fund", "semiconductors", 3)]
        self.investments = []
        for fund, chain, n in plan:
            pool = by_chain[chain] if chain else [o for o in targets if o.chain in ("new-energy", "digital", "biomedicine",
                                                                                    "semiconductors", "equipment")]
            for o in rng.sample(pool, min(n, len(pool))):
                lo, hi = (200, 1500) if fund == "gangcheng-angel-fund" else (800, 12000)
                self.investments.append(dict(fund=fund, firm=o.id, year=rng.randint(2021, 2025),
                                             amount=round(lo * (hi / lo) ** rng.random(), -1)))

    # ---------------------------------------------------------------- run
    def run(self):
        self.build_places()
        self.build_concepts()
        self.build_orgs()
        self.make_illustrative_firms()
        self.assign_pools()
        self.fix_capabilities()
        self.make_rd_institutes()
        self.make_figures()
        self.make_patents()
        self.make_consortia()
        self.make_collaborations()
        self.make_external_collaborations()
        self.trim_collaborations()
        self.make_people()
        self.make_investments()
        self.emit()
        return self.ds

    # ---------------------------------------------------------------- emit triples
    KIND_ZH = {"JointProject": "联合项目", "CoPatent": "联合专利", "ContractedRD": "委托研发", "SharedPlatform": "共建平台",
               "ConsortiumWork": "创新联合体合作"}
    KIND_EN = {"JointProject": "Joint project", "CoPatent": "Co-patent", "ContractedRD": "Contracted R&D",
               "SharedPlatform": "Shared platform", "ConsortiumWork": "Consortium work"}

    @staticmethod
    def split_alt(alt):
        return [zh(a) if any("\u4e00" <= ch <= "\u9fff" for ch in a) else en(a) for a in alt]

    def short_zh(self, o):
        cjk = [a for a in o.alt if any("\u4e00" <= ch <= "\u9fff" for ch in a)]
        return cjk[0] if cjk and o.kind == "firm" else o.zh

    def short_en(self, o):
        return o.en.replace(" Co., Ltd.", "").replace(" Corporation Limited", "")

    @staticmethod
    def segment_of(o):
        """The firm's chain segment: the most common segment of its capabilities, ties to the first's."""
        segments = [CAP_SEGMENT.get(c, "Midstream") for c in o.caps]
        return max(dict.fromkeys(segments), key=segments.count)

    @staticmethod
    def tier_year(o):
        """The year an illustrative firm reached its tier: after its founding, 2016–2025, from a hash
        of its id (not the shared random stream, so that nothing else moves). Real firms get none:
        their recognition years are not in the sources used."""
        if o.prov != G or not o.tier:
            return None
        lo = min(max((o.founded or 2010) + 1, 2016), 2025)
        return lo + zlib.crc32(o.id.encode()) % (2025 - lo + 1)

    def emit_org(self, o, comment=None):
        cls, std = KIND_CLASSES[o.kind]
        desc = o.desc
        if desc is None:
            if o.prov == V:
                desc = D_REAL_FIRM if o.kind == "firm" else D_REAL_RES
        props = [
            ("a", [Iri("im:" + cls)] + ([Iri(std)] if std else [])),
            (RDFS_LABEL, [zh(o.zh), en(o.en)]),
            ("skos:altLabel", self.split_alt(o.alt)),
            ("im:locatedIn", o.place),
            ("org:subOrganizationOf", self.org_iri(self.orgs[o.host]) if o.host else None),
            ("im:level", Iri("im:" + o.level) if o.level else None),
        ]
        if o.kind == "firm":
            props += [
                ("im:inChain", [self.chain_iri[c] for c in o.chains]),
                ("im:tier", Iri("im:" + (o.promoted_tier or o.tier)) if o.tier else None),
                ("im:chainSegment", Iri("im:" + self.segment_of(o)) if o.caps else None),
                ("im:leadingFirm", True if o.leading else None),
                ("im:listed", True if o.listed else None),
                ("im:foundedYear", o.founded),
                ("im:tierYear", self.tier_year(o)),
                ("im:hasRDInstitution", [self.org_iri(self.orgs[i]) for i in o.rd_institutes]),
                ("im:annualFigures", [iri("zjg", "figures", f"{o.id}-{row[0]}") for row in o.figures or []]),
            ]
        props += [
            ("schema:knowsAbout", [self.cap_iri[c] for c in o.caps]),
            ("dcterms:description", [zh(desc[0]), en(desc[1])] if desc else None),
            ("im:provenance", Iri(PROV[o.prov])),
            ("dcterms:source", Lit(o.source) if o.source else None),
        ]
        self.ds.add(o.file, self.ds.mint(o.region, o.kind, o.id), props, comment=comment)

    def emit(self):
        ds = self.ds
        # resources.ttl: non-firm organisations of China, then the 8×10 rows
        res = [self.orgs[r[0]] for r in RESOURCES]
        first_zjg = next(o.id for o in res if o.region == "zjg")
        for o in res:
            comment = ("Universities, labs and institutes elsewhere in China (region cn); those on the 8×10 list are "
                       "local actors, the others external" if o.id == res[0].id else
                       "Innovation resources in or of Zhangjiagang (region zjg)" if o.id == first_zjg else None)
            self.emit_org(o, comment)
        for chain in MAIN_CHAINS:
            for i, (rid, prov, role_zh, role_en) in enumerate(SUPPORT_ROWS[chain]):
                r = self.orgs[rid]
                if prov == V:
                    source = r.source if r.source not in (S_MOE, S_CAS, S_FOREIGN, None) else S_ZJG_PUBLIC
                    if rid == "dicp":
                        source = S_HYDROGEN_2019
                else:
                    source = None
                ds.add("resources.ttl", ds.mint("zjg", "support", f"{chain}-{rid}"), [
                    ("a", Iri("im:ChainSupport")), ("im:chain", self.chain_iri[chain]),
                    ("im:resource", self.org_iri(r)), ("im:supportRole", [zh(role_zh), en(role_en)]),
                    ("im:provenance", Iri(PROV[prov])), ("dcterms:source", Lit(source) if source else None),
                ], comment=f"8×10 list: {chain}" if i == 0 else None)
        # firms.ttl
        real = [self.orgs[f[0]] for f in REAL_FIRMS]
        for o in real:
            comment = ("Real firms named in DOMAIN.md (existence verified; tiers, figures and links illustrative)"
                       if o.id == real[0].id else
                       "Firms elsewhere in China (external)" if o.id == "shanghai-huachang-polymer" else None)
            self.emit_org(o, comment)
        for chain in MAIN_CHAINS:
            chain_firms = [o for o in self.illustrative if o.chain == chain]
            for i, o in enumerate(chain_firms):
                self.emit_org(o, f"Illustrative firms: {chain}" if i == 0 else None)
        insts = sorted([o for o in self.orgs.values() if o.kind == "enterprise_rd_institute"],
                       key=lambda o: (o.prov != V, o.id))
        for i, o in enumerate(insts):
            self.emit_org(o, "Enterprise R&D institutes (the leading firms' independent R&D institutions)"
                          if i == 0 else None)
        first = True
        for o in self.local_firms():
            for year, rev, rd, ht, emp, st in o.figures or []:
                ds.add("firms.ttl", ds.mint("zjg", "figures", f"{o.id}-{year}"), [
                    ("a", Iri("im:AnnualFigures")), ("im:year", year), ("im:revenue", dec(rev)),
                    ("im:rdSpend", dec(rd)), ("im:highTechRevenue", dec(ht)), ("im:employees", emp),
                    ("im:stStaff", st), ("im:monetaryUnit", Iri("im:WanYuan")), ("im:provenance", Iri("im:Illustrative")),
                ], comment="Annual figures (illustrative, 万元)" if first else None)
                first = False
        for n, (holders, year, cap) in enumerate(self.patents, start=1):
            ds.add("firms.ttl", ds.mint("zjg", "patent", f"patent-{n:04d}"), [
                ("a", [Iri("im:Patent"), Iri("bibo:Patent")]),
                ("dcterms:identifier", Lit(f"CN{year}XXXX{n:04d}.X")),
                ("dcterms:rightsHolder", [self.org_iri(self.orgs[h]) for h in holders]),
                ("im:year", year), ("im:capability", self.cap_iri[cap]), ("im:provenance", Iri("im:Illustrative")),
            ], comment="Patents (illustrative; identifiers are masked placeholders, not real application numbers)"
                if n == 1 else None)
        # international.ttl: foreign organisations
        for i, (oid, *_rest) in enumerate(FOREIGN_ORGS):
            self.emit_org(self.orgs[oid], "Foreign organisations (plan partners: USA, Japan, Korea; also Germany, "
                                          "and the Hong Kong and Macao talent enclaves)" if i == 0 else None)
        # collaborations.ttl
        for i, c in enumerate(self.consortia):
            ds.add("collaborations.ttl", ds.mint("zjg", "consortium", f"consortium-{c['notation'].lower()}"), [
                ("a", [Iri("im:Consortium"), Iri("org:OrganizationalCollaboration")]),
                (RDFS_LABEL, [zh(c["zh"]), en(c["en"])]), ("im:direction", self.dir_iri[c["notation"]]),
                ("im:leader", self.org_iri(self.orgs[c["leader"]])),
                ("im:member", [self.org_iri(self.orgs[m]) for m in c["members"]]),
                ("im:year", c["year"]), ("im:provenance", Iri("im:Illustrative")),
            ], comment="Task-based innovation consortia (the city reports 18; these are illustrative)" if i == 0 else None)
        collabs = sorted(self.collabs, key=lambda c: (c["year"], c["chain"], c["lead"], c["parts"], c["kind"]))
        for n, c in enumerate(collabs, start=1):
            lead = self.orgs[c["lead"]]
            cap = self.cap_label[c["caps"][0]]
            ds.add("collaborations.ttl", ds.mint("zjg", "collaboration", f"collab-{n:04d}"), [
                ("a", [Iri("im:Collaboration"), Iri("schema:Project")]),
                ("im:collaborationKind", Iri("im:" + c["kind"])), ("im:year", c["year"]),
                ("im:participant", [self.org_iri(self.orgs[p]) for p in c["parts"]]),
                ("im:lead", self.org_iri(lead)), ("im:capability", [self.cap_iri[x] for x in c["caps"]]),
                ("im:provenance", Iri("im:Illustrative")),
            ], comment="Collaborations 2015–2025 (illustrative)" if n == 1 else None)
        # talents.ttl
        for i, p in enumerate(sorted(self.people, key=lambda p: (p["cat"], p["id"]))):
            ds.add("talents.ttl", ds.mint("zjg", "person", p["id"]), [
                ("a", [Iri("im:Person"), Iri("schema:Person")]), (RDFS_LABEL, [zh(p["zh"]), en(p["en"])]),
                ("im:talentCategory", Iri("im:" + p["cat"])),
                ("schema:affiliation", [self.org_iri(self.orgs[a]) for a in p["affs"]]),
                ("im:inChain", self.chain_iri[p["chain"]]), ("schema:knowsAbout", [self.cap_iri[c] for c in p["caps"]]),
                ("dcterms:description", [zh("虚构的示意人物，不指向任何真实个人。"),
                                         en("An invented, illustrative person; not a real individual.")]),
                ("im:provenance", Iri("im:Illustrative")),
            ])
        # funds.ttl
        for i, (fid, fzh, fen, prov, source, level, desc) in enumerate(self.FUNDS):
            ds.add("funds.ttl", ds.mint("zjg", "fund", fid), [
                ("a", [Iri("im:Fund"), Iri("schema:FundingAgency")]), (RDFS_LABEL, [zh(fzh), en(fen)]),
                ("im:locatedIn", self.city), ("im:level", Iri("im:" + level) if level else None),
                ("dcterms:description", [zh(desc[0]), en(desc[1])]), ("im:provenance", Iri(PROV[prov])),
                ("dcterms:source", Lit(source) if source else None),
            ], comment="Funds" if i == 0 else None)
        for n, inv in enumerate(sorted(self.investments, key=lambda v: (v["year"], v["fund"], v["firm"])), start=1):
            ds.add("funds.ttl", ds.mint("zjg", "investment", f"investment-{n:03d}"), [
                ("a", Iri("im:Investment")), ("im:investor", iri("zjg", "fund", inv["fund"])),
                ("im:investee", self.org_iri(self.orgs[inv["firm"]])), ("im:year", inv["year"]),
                ("im:amount", dec(inv["amount"])), ("im:monetaryUnit", Iri("im:WanYuan")),
                ("im:provenance", Iri("im:Illustrative")),
            ], comment="Investments (illustrative; only in illustrative firms)" if n == 1 else None)


# ======================================================================================================
# Turtle writer
# ======================================================================================================

FILES = ["places.ttl", "chains.ttl", "capabilities.ttl", "directions.ttl", "resources.ttl", "firms.ttl",
         "collaborations.ttl", "talents.ttl", "funds.ttl", "international.ttl"]

HEADERS = {
    "places.ttl": "Places: China, provinces and cities where partners sit, Suzhou and the city of Zhangjiagang, and "
                  "its ten towns and zones (plus four named parks inside towns).",
    "chains.ttl": "The industry chains: the verified '4+4' (four leading, four emerging) and the plan's 'N' future "
                  "industries.",
    "capabilities.ttl": "The capability taxonomy (SKOS, region cn): broad capabilities per field with narrower ones "
                        "under them. Illustrative.",
    "directions.ttl": "The 31 key-technology directions T01–T31, four per chain (three for semiconductors), each "
                      "requiring 3–6 capabilities. Illustrative: the real list is not public.",
    "resources.ttl": "Non-firm organisations of China (universities, key labs, institutes, new R&D institutions, "
                     "platforms, pilot bases) and the rows of the 8×10 list (im:ChainSupport: a resource backs a "
                     "chain), each row with its own provenance (V verified, P plan text, G illustrative).",
    "firms.ttl": "Firms (real ones named in DOMAIN.md, external firms elsewhere in China, illustrative ones), their "
                 "enterprise R&D institutes, annual figures (万元) and patents.",
    "collaborations.ttl": "Task-based innovation consortia and past collaborations (joint projects, co-patents, "
                          "contracted R&D, shared platforms, consortium work), 2015–2025. All illustrative.",
    "talents.ttl": "People in the five talent categories of the plan. All invented and illustrative.",
    "funds.ttl": "Funds (two named in the plan, two verified, two illustrative) and their investments "
                 "(illustrative).",
    "international.ttl": "Countries and regions other than China (with Hong Kong and Macao as talent-enclave "
                         "regions), foreign organisations, and the capabilities only they hold.",
}
PROVENANCE_NOTE = [
    "Provenance: every entity states im:provenance. im:Verified entities carry a dcterms:source literal; on them",
    "only what the source supports is verified, and dcterms:description names the illustrative parts. im:PlanText",
    "marks what only the 2025 work plan names; im:Illustrative marks invented data that is never a claim about the",
    "real world. Generated by scripts/bundled_data.py (fixed seed); edit the script, not this file.",
]


def esc(text):
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Writer:
    def __init__(self):
        self.used = {}

    def term(self, t):
        if isinstance(t, Iri):
            s = str(t)
            if s == "a":
                return "a"
            if s.startswith(ID):
                region, segment, name = s[len(ID):].split("/")
                prefix = f"{region}-{segment}"
                self.used[prefix] = f"{ID}{region}/{segment}/"
                return f"{prefix}:{name}"
            if s.startswith("http"):
                for p, ns in STD_PREFIXES:
                    if s.startswith(ns):
                        self.used[p] = ns
                        return f"{p}:{s[len(ns):]}"
                return f"<{s}>"
            self.used[s.split(":")[0]] = dict(STD_PREFIXES)[s.split(":")[0]]
            return s
        if isinstance(t, bool):
            return "true" if t else "false"
        if isinstance(t, int):
            return str(t)
        if isinstance(t, Lit):
            if t.kind == "decimal":
                return f"{t.value:.1f}"
            if t.lang:
                return f'"{esc(t.value)}"@{t.lang}'
            return f'"{esc(t.value)}"'
        raise TypeError(t)

    def file(self, name, blocks):
        body = []
        for comment, subject, props in blocks:
            if comment:
                body.append(f"\n# --- {comment} ---\n")
            lines = []
            for pred, objs in props:
                p = "a" if pred == "a" else self.term(Iri(pred))
                lines.append(f"{p} " + " , ".join(self.term(o) for o in objs))
            body.append(f"{self.term(subject)} " + " ;\n    ".join(lines) + " .\n")
        head = [f"# innomap bundled dataset — Zhangjiagang (张家港) — {name}", "#"]
        words, line = HEADERS[name].split(), "#"
        for w in words:
            if len(line) + len(w) + 1 > 110:
                head.append(line)
                line = "#"
            line += " " + w
        head += [line, "#"] + ["# " + x for x in PROVENANCE_NOTE] + [""]
        std = [p for p, _ in STD_PREFIXES if p in self.used]
        inst = sorted(p for p in self.used if p not in dict(STD_PREFIXES))
        head += [f"@prefix {p}: <{self.used[p]}> ." for p in std + inst]
        return "\n".join(head) + "\n" + "\n".join(body).replace("\n\n\n", "\n\n")


def render(ds):
    out = {}
    for name in FILES:
        w = Writer()
        out[name] = w.file(name, ds.blocks[name])
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = pathlib.Path(__file__).resolve().parent.parent / "data" / "zjg"
    ap.add_argument("--out", type=pathlib.Path, default=here, help="output folder (default: data/zjg)")
    ap.add_argument("--check", action="store_true", help="compare with the folder instead of writing")
    args = ap.parse_args(argv)
    gen = Generator()
    files = render(gen.run())
    if args.check:
        stale = [n for n, text in files.items()
                 if not (args.out / n).exists() or (args.out / n).read_text(encoding="utf-8") != text]
        if stale:
            print(f"out of date: {', '.join(stale)}; run scripts/bundled_data.py", file=sys.stderr)
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    for line in gen.fix_log:
        print("fix:", line, file=sys.stderr)
    print(f"wrote {len(files)} files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

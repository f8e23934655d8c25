/// The fixed vocabulary of the synthetic community: themes and their topics, improvement methods, roles,
/// sectors, nations and regions, names and organisations. Static data only; all arrays are in a fixed order,
/// so indices into them are stable and output built from them is deterministic.
enum Taxonomy {
    /// A theme of health and care improvement, with the topics and challenges members working on it name.
    struct Theme: Sendable {
        /// Lower-case with hyphens, e.g. `patient-safety`.
        let slug: String
        let name: String
        /// Lower-case short phrases, most common first.
        let topics: [String]
        /// Challenge sentences, lower-case, e.g. "reducing inpatient falls on older people's wards".
        let challenges: [String]
    }

    struct Role: Sendable {
        let slug: String
        /// Share of the community, relative.
        let weight: Double
        /// Relative weights over ``sectors``, in their order.
        let sectorWeights: [Double]
        /// Job titles for bios.
        let titles: [String]
        /// Support areas (from ``supportAreas``) this role most often offers.
        let offers: [String]
    }

    struct Nation: Sendable {
        let name: String
        /// Share of the community.
        let weight: Double
    }

    struct Region: Sendable {
        /// The region name (England) or the nation name (elsewhere); the `region` column.
        let name: String
        let slug: String
        /// Index into ``nations``.
        let nation: Int
        /// Relative population within the nation.
        let population: Double
        /// Places for organisation names ("{P}").
        let places: [String]
        /// Universities in the region.
        let universities: [String]
    }

    /// Who may join a special interest group that is not about a theme.
    enum Audience: Sendable {
        case nation(String), role(String), sector(String), anyone
    }

    struct ExtraSIG: Sendable {
        let slug: String
        let name: String
        let description: String
        let keywords: [String]
        let audience: Audience
    }

    // MARK: Roles and sectors

    static let sectors = [
        "acute", "primary-care", "community", "mental-health", "social-care", "public-health", "academic",
        "national-body", "voluntary",
    ]

    /// Per sector (in the order of ``sectors``): slugs of the themes its members most often work on first.
    static let sectorThemes: [[String]] = [
        ["patient-safety", "deterioration-and-sepsis", "urgent-and-emergency-care", "elective-recovery", "falls"],
        ["primary-care-access", "population-health", "diabetes", "medicines-safety"],
        ["integrated-care", "frailty", "end-of-life-care", "care-homes"],
        ["mental-health", "peer-support", "learning-disabilities-and-autism"],
        ["care-homes", "integrated-care", "dementia", "workforce-wellbeing"],
        ["population-health", "health-inequalities", "infection-prevention"],
        ["qi-capability", "digital-and-data", "health-inequalities"],
        ["qi-capability", "patient-safety", "digital-and-data"],
        ["co-production", "peer-support", "health-inequalities", "patient-experience"],
    ]

    //                     acute prim  comm  mh    soc   pub   acad  nat   vol
    static let roles: [Role] = [
        Role(slug: "clinician", weight: 19, sectorWeights: [50, 22, 8, 14, 0, 2, 3, 1, 0], titles: [
            "consultant physician", "general practitioner", "consultant psychiatrist", "consultant paediatrician",
            "consultant anaesthetist", "emergency medicine consultant", "surgical registrar", "geriatrician",
            "consultant obstetrician", "junior doctor", "clinical director", "consultant intensivist",
        ], offers: ["engaging clinicians", "mentoring", "writing for publication"]),
        Role(slug: "nurse", weight: 10, sectorWeights: [45, 12, 20, 15, 5, 2, 1, 0, 0], titles: [
            "ward manager", "nurse consultant", "district nurse", "mental health nurse", "midwife",
            "clinical nurse specialist", "practice nurse", "matron", "health visitor", "deputy chief nurse",
        ], offers: ["running workshops", "mentoring", "engaging clinicians"]),
        Role(slug: "allied-health-professional", weight: 7, sectorWeights: [40, 12, 28, 10, 5, 1, 3, 0, 1],
             titles: [
                 "physiotherapist", "occupational therapist", "speech and language therapist", "dietitian",
                 "paramedic", "pharmacist", "radiographer", "podiatrist", "clinical psychologist",
             ], offers: ["running workshops", "training design", "mentoring"]),
        Role(slug: "improvement-specialist", weight: 19, sectorWeights: [38, 8, 12, 12, 3, 3, 4, 18, 2], titles: [
            "improvement advisor", "quality improvement lead", "head of improvement", "improvement coach",
            "transformation manager", "patient safety specialist", "improvement fellow", "quality and safety lead",
        ], offers: ["coaching", "facilitation", "measurement support", "data analysis"]),
        Role(slug: "manager", weight: 15, sectorWeights: [35, 18, 14, 12, 8, 3, 1, 6, 3], titles: [
            "service manager", "operations manager", "general manager", "director of operations",
            "divisional director", "practice manager", "programme manager", "chief executive", "head of nursing",
        ], offers: ["project management", "building a business case", "stakeholder engagement"]),
        Role(slug: "researcher", weight: 9, sectorWeights: [10, 2, 2, 2, 1, 3, 75, 4, 1], titles: [
            "health services researcher", "research fellow", "senior lecturer", "professor of health policy",
            "phd student", "implementation scientist", "evaluation lead",
        ], offers: ["evaluation", "literature reviews", "writing for publication", "data analysis"]),
        Role(slug: "policymaker", weight: 4, sectorWeights: [2, 1, 1, 1, 3, 12, 3, 75, 2], titles: [
            "policy adviser", "policy lead", "senior analyst", "head of policy", "commissioner", "civil servant",
        ], offers: ["networking introductions", "stakeholder engagement", "building a business case"]),
        Role(slug: "patient-leader", weight: 6, sectorWeights: [20, 8, 10, 12, 4, 2, 4, 5, 35], titles: [
            "patient leader", "patient partner", "carer and patient advocate", "expert by experience",
            "lay member", "patient safety partner",
        ], offers: ["lived experience perspective", "patient involvement", "storytelling"]),
        Role(slug: "charity-professional", weight: 5, sectorWeights: [0, 0, 4, 2, 6, 2, 0, 4, 82], titles: [
            "programme officer", "charity chief executive", "community development worker",
            "volunteer coordinator", "policy and campaigns manager", "head of services",
        ], offers: ["patient involvement", "funding bids", "networking introductions"]),
        Role(slug: "public-service-staff", weight: 6, sectorWeights: [2, 2, 10, 3, 40, 38, 0, 4, 1], titles: [
            "public health practitioner", "social worker", "local authority commissioner", "housing officer",
            "environmental health officer", "public health consultant", "police liaison officer",
        ], offers: ["stakeholder engagement", "data analysis", "networking introductions"]),
    ]

    // MARK: Methods, offers and needs

    /// Improvement methods, most widely known first.
    static let methods = [
        "model for improvement", "pdsa cycles", "statistical process control", "run charts", "process mapping",
        "driver diagrams", "lean", "human factors", "experience-based co-design", "measurement for improvement",
        "root cause analysis", "appreciative inquiry", "demand and capacity", "systems thinking",
        "value stream mapping", "design thinking", "six sigma", "clinical microsystems", "positive deviance",
        "theory of constraints", "failure modes and effects analysis", "kaizen", "liberating structures",
        "breakthrough series collaboratives", "realist evaluation", "social movement approaches",
        "learning from excellence", "after action reviews",
    ]

    /// Things members offer ("I can help with") and look for ("I need help with").
    static let supportAreas = [
        "coaching", "facilitation", "data analysis", "evaluation", "funding bids", "spreading and scaling",
        "engaging clinicians", "patient involvement", "lived experience perspective", "mentoring",
        "running workshops", "project management", "writing for publication", "measurement support",
        "building a business case", "leadership development", "networking introductions", "digital tools",
        "literature reviews", "sustaining change", "stakeholder engagement", "training design", "storytelling",
    ]

    // MARK: Nations and regions

    /// England about 80% of the community, split below by population; then Scotland, Wales, NI, Ireland.
    static let nations = [
        Nation(name: "England", weight: 80), Nation(name: "Scotland", weight: 9), Nation(name: "Wales", weight: 5),
        Nation(name: "Northern Ireland", weight: 3), Nation(name: "Ireland", weight: 3),
    ]

    /// Phrases that place a challenge in a setting, per sector (same order as ``sectors``).
    static let settings: [[String]] = [
        ["in our acute trust", "across our hospital", "on our medical wards", "in our surgical division"],
        ["in general practice", "across our primary care network", "in our practice"],
        ["in community services", "across our community teams", "in people's homes"],
        ["in our mental health trust", "across community mental health teams", "on our inpatient wards"],
        ["in adult social care", "across local care homes", "in home care"],
        ["across the local population", "with our local authority partners", "in our most deprived wards"],
        ["through an improvement evaluation", "in a multi-site study", "with our research partners"],
        ["at national scale", "across the whole system", "through a national programme"],
        ["with local communities", "with people with lived experience", "through community groups"],
    ]
}

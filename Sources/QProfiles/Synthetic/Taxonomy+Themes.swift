extension Taxonomy {
    /// The themes, most popular first (popularity falls off Zipf-like with the index).
    static let themes: [Theme] = [
        Theme(slug: "qi-capability", name: "Quality improvement capability", topics: [
            "building improvement capability", "improvement coaching", "qi training programmes", "improvement faculty",
            "quality management systems", "spread and scale", "sustaining improvement", "improvement networks",
            "leadership for improvement", "learning health systems", "board development for quality",
            "evaluating improvement", "improvement in small organisations",
        ], challenges: [
            "building quality improvement capability across our trust",
            "embedding a quality management system from ward to board",
            "spreading a successful improvement across sites", "sustaining gains after an improvement project ends",
            "training frontline staff to lead their own improvement projects",
        ]),
        Theme(slug: "patient-safety", name: "Patient safety", topics: [
            "safety culture", "incident reporting", "patient safety incident response framework", "learning from deaths",
            "never events", "safety huddles", "psychological safety", "restorative just culture", "safety-ii",
            "human error", "duty of candour", "pressure ulcers", "diagnostic error",
        ], challenges: [
            "moving from root cause analysis to a systems approach to learning from incidents",
            "improving how we learn from patient safety incidents", "reducing hospital-acquired pressure ulcers",
            "embedding daily safety huddles on every ward", "building psychological safety in surgical teams",
        ]),
        Theme(slug: "mental-health", name: "Mental health", topics: [
            "crisis care", "community mental health", "restrictive practice", "inpatient mental health",
            "perinatal mental health", "eating disorders", "suicide prevention", "psychosis", "talking therapies",
            "physical health in serious mental illness", "out of area placements", "mental health liaison",
        ], challenges: [
            "reducing restrictive practice on acute mental health wards",
            "improving physical health checks for people with serious mental illness",
            "reducing out of area placements for mental health inpatients",
            "improving access to crisis care out of hours", "reducing waiting times for talking therapies",
        ]),
        Theme(slug: "health-inequalities", name: "Health inequalities", topics: [
            "core20plus5", "deprivation", "ethnic inequalities", "inclusion health", "homelessness",
            "gypsy roma and traveller health", "anchor institutions", "digital exclusion", "health literacy",
            "rural health", "equity of access", "racism in healthcare", "social determinants of health",
        ], challenges: [
            "closing the gap in waiting times between our most and least deprived areas",
            "improving access to care for people experiencing homelessness",
            "tackling ethnic inequalities in maternity outcomes",
            "using our data to find who is missing from our services",
            "making our organisation an anchor institution for local employment",
        ]),
        Theme(slug: "co-production", name: "Co-production", topics: [
            "patient and public involvement", "lived experience", "co-design", "patient leadership",
            "community engagement", "carers", "shared decision making", "patient partners", "coproduced research",
            "power sharing", "paying patient partners", "citizen engagement",
        ], challenges: [
            "co-producing service redesign with people who use our services",
            "making patient partnership more than tokenism", "involving carers in discharge planning",
            "building a paid patient leader role into our improvement team",
            "co-designing a community mental health pathway with service users",
        ]),
        Theme(slug: "workforce-wellbeing", name: "Workforce wellbeing", topics: [
            "staff wellbeing", "burnout", "retention", "flexible working", "staff engagement", "joy in work",
            "compassionate leadership", "civility and respect", "international recruitment", "nursing retention",
            "staff psychological support", "rota design",
        ], challenges: [
            "improving retention of newly qualified nurses", "reducing burnout in emergency department staff",
            "improving joy in work for junior doctors", "tackling incivility between teams",
            "introducing flexible working for ward nurses",
        ]),
        Theme(slug: "integrated-care", name: "Integrated care", topics: [
            "integrated care systems", "place-based partnerships", "hospital discharge", "virtual wards",
            "anticipatory care", "multidisciplinary teams", "health and social care integration", "neighbourhood health",
            "system flow", "provider collaboratives", "care coordination", "transfer of care",
        ], challenges: [
            "reducing delayed discharges from acute wards", "setting up a virtual ward for frail older people",
            "joining up health and social care teams in one neighbourhood",
            "improving flow across our integrated care system", "building integrated neighbourhood teams",
        ]),
        Theme(slug: "patient-experience", name: "Patient experience", topics: [
            "patient feedback", "friends and family test", "complaints", "compassionate care", "communication",
            "waiting well", "accessible information", "person-centred care", "patient stories", "always events",
            "carer experience", "outpatient experience",
        ], challenges: [
            "using real-time patient feedback to improve ward care", "learning from complaints rather than defending them",
            "improving communication with patients on waiting lists", "making person-centred care routine in outpatients",
            "turning patient stories into service change",
        ]),
        Theme(slug: "digital-and-data", name: "Digital and data", topics: [
            "electronic patient records", "data for improvement", "dashboards", "remote monitoring",
            "artificial intelligence", "interoperability", "digital inclusion", "population health analytics",
            "telehealth", "clinical decision support", "information governance", "digital maturity", "open data",
        ], challenges: [
            "building a live dashboard our teams actually use",
            "using remote monitoring to keep patients safely at home",
            "making our electronic patient record support improvement work", "evaluating an ai triage tool safely",
            "linking health and social care data for improvement",
        ]),
        Theme(slug: "primary-care-access", name: "Primary care access", topics: [
            "general practice access", "care navigation", "total triage", "online consultation", "continuity of care",
            "additional roles", "community pharmacy", "same day access", "appointment demand", "primary care networks",
            "telephone access", "personalised care",
        ], challenges: [
            "improving same-day access in general practice", "reducing the 8am rush for appointments",
            "protecting continuity of care for patients with long-term conditions",
            "making total triage work for patients and staff",
            "integrating additional roles into our primary care network",
        ]),
        Theme(slug: "urgent-and-emergency-care", name: "Urgent and emergency care", topics: [
            "emergency department crowding", "ambulance handovers", "same day emergency care", "corridor care",
            "four-hour standard", "frequent attenders", "111 services", "acute medical units", "patient flow",
            "minor injuries", "mental health in emergency departments", "urgent community response",
        ], challenges: [
            "reducing ambulance handover delays", "ending corridor care in our emergency department",
            "expanding same day emergency care", "supporting frequent attenders with complex needs",
            "improving flow from the emergency department to the wards",
        ]),
        Theme(slug: "frailty", name: "Frailty", topics: [
            "frailty assessment", "comprehensive geriatric assessment", "deconditioning", "polypharmacy in older people",
            "older people's services", "acute frailty units", "hospital at home", "clinical frailty scale",
            "end pj paralysis", "community frailty", "healthy ageing", "advance care planning for older people",
        ], challenges: [
            "reducing deconditioning in older people during hospital stays",
            "identifying frailty early in the emergency department",
            "delivering hospital at home for frail older people",
            "supporting frail older people to live well at home", "reducing length of stay for frail older people",
        ]),
        Theme(slug: "falls", name: "Falls prevention", topics: [
            "inpatient falls", "falls in the community", "bone health", "hip fracture", "post-falls review",
            "bed rails", "lying and standing blood pressure", "strength and balance", "falls risk assessment",
            "enhanced supervision", "delirium and falls", "falls in care homes",
        ], challenges: [
            "reducing inpatient falls on older people's wards", "reducing falls with harm in care homes",
            "improving post-falls review after an inpatient fall",
            "increasing strength and balance classes in the community", "reducing time to surgery after hip fracture",
        ]),
        Theme(slug: "dementia", name: "Dementia", topics: [
            "dementia diagnosis", "delirium", "dementia friendly wards", "carers of people with dementia",
            "memory clinics", "post-diagnostic support", "behaviour that challenges", "this is me",
            "dementia in care homes", "antipsychotic prescribing in dementia", "young onset dementia",
            "cognitive stimulation",
        ], challenges: [
            "improving the experience of people with dementia in hospital",
            "increasing dementia diagnosis rates in primary care",
            "improving post-diagnostic support for people with dementia and their carers",
            "reducing antipsychotic prescribing for people with dementia", "screening for delirium on admission",
        ]),
        Theme(slug: "maternity-and-neonatal", name: "Maternity and neonatal care", topics: [
            "maternity safety", "continuity of carer", "stillbirth", "neonatal care", "postpartum haemorrhage",
            "perinatal mental health", "smoking in pregnancy", "induction of labour", "maternity voices partnerships",
            "fetal monitoring", "breastfeeding", "preterm birth",
        ], challenges: [
            "reducing stillbirths through better fetal monitoring",
            "listening to women and families in maternity services", "reducing postpartum haemorrhage",
            "improving neonatal outcomes for preterm babies", "reducing smoking in pregnancy",
        ]),
        Theme(slug: "children-and-young-people", name: "Children and young people", topics: [
            "children's mental health", "transition to adult services", "asthma in children",
            "paediatric early warning", "school nursing", "child and adolescent mental health services",
            "neurodivergent children", "youth participation", "childhood obesity", "looked after children",
            "paediatric sepsis", "children's waiting lists",
        ], challenges: [
            "reducing waits for child and adolescent mental health services",
            "improving transition from children's to adult services", "reducing asthma admissions in children",
            "involving young people in service redesign", "implementing a paediatric early warning system",
        ]),
        Theme(slug: "deterioration-and-sepsis", name: "Deterioration and sepsis", topics: [
            "sepsis", "news2", "early warning scores", "recognising deterioration", "critical care outreach",
            "escalation", "call for concern", "martha's rule", "acute kidney injury", "observations",
            "treatment escalation plans", "sepsis six",
        ], challenges: [
            "improving recognition and escalation of the deteriorating patient",
            "implementing martha's rule so families can call for help", "reducing time to antibiotics in sepsis",
            "improving completion of observations at night", "reducing cardiac arrests on general wards",
        ]),
        Theme(slug: "medicines-safety", name: "Medicines safety", topics: [
            "medication errors", "polypharmacy", "structured medication reviews", "antimicrobial stewardship",
            "opioid prescribing", "insulin safety", "anticoagulation", "deprescribing", "medicines reconciliation",
            "high risk medicines", "electronic prescribing", "valproate",
        ], challenges: [
            "reducing medication errors at transfer of care", "reducing harm from high-risk medicines",
            "increasing structured medication reviews for people on many medicines",
            "reducing long-term opioid prescribing", "improving insulin safety on surgical wards",
        ]),
        Theme(slug: "end-of-life-care", name: "End of life care", topics: [
            "palliative care", "advance care planning", "respect forms", "dying at home", "bereavement",
            "last days of life", "compassionate communities", "hospice care", "end of life care in hospital",
            "specialist palliative care", "care after death", "serious illness conversations",
        ], challenges: [
            "increasing advance care planning conversations", "helping more people die in their preferred place",
            "improving care in the last days of life in hospital", "supporting bereaved families",
            "building compassionate communities around people who are dying",
        ]),
        Theme(slug: "elective-recovery", name: "Elective recovery", topics: [
            "waiting lists", "theatre productivity", "day case surgery", "outpatient transformation",
            "patient-initiated follow-up", "surgical hubs", "waiting list validation", "prehabilitation",
            "advice and guidance", "community diagnostic centres", "on the day cancellations",
            "getting it right first time",
        ], challenges: [
            "reducing on-the-day cancellations in theatres", "helping patients wait well for surgery",
            "improving theatre utilisation", "introducing patient-initiated follow-up in outpatients",
            "reducing waits for diagnostic tests",
        ]),
        Theme(slug: "population-health", name: "Population health", topics: [
            "prevention", "smoking cessation", "obesity", "physical activity", "cardiovascular disease prevention",
            "hypertension", "alcohol harm", "vaccination uptake", "screening uptake", "population health management",
            "social prescribing", "healthy communities",
        ], challenges: [
            "improving blood pressure control in our population",
            "increasing vaccination uptake in underserved communities",
            "growing social prescribing across our primary care network", "increasing cancer screening uptake",
            "using population health management to target prevention",
        ]),
        Theme(slug: "infection-prevention", name: "Infection prevention and control", topics: [
            "hand hygiene", "healthcare associated infections", "c difficile", "mrsa", "catheter associated infections",
            "surgical site infection", "covid-19", "outbreak management", "antimicrobial resistance", "ventilation",
            "gram negative bloodstream infections", "personal protective equipment",
        ], challenges: [
            "reducing catheter-associated urinary tract infections", "reducing surgical site infections",
            "reducing c difficile infections", "improving hand hygiene compliance",
            "learning from covid-19 outbreaks",
        ]),
        Theme(slug: "learning-disabilities-and-autism", name: "Learning disabilities and autism", topics: [
            "learning disabilities", "autism", "reasonable adjustments", "annual health checks",
            "learning from lives and deaths", "stopping over-medication", "easy read", "hospital passports",
            "inpatient autism care", "oliver mcgowan training", "mortality review", "supported living",
        ], challenges: [
            "increasing annual health checks for people with learning disabilities",
            "making reasonable adjustments routine in hospital",
            "reducing overmedication of people with learning disabilities",
            "supporting autistic people in inpatient settings",
            "learning from the lives and deaths of people with learning disabilities",
        ]),
        Theme(slug: "care-homes", name: "Care homes and home care", topics: [
            "care home quality", "enhanced health in care homes", "care home workforce",
            "hospital admissions from care homes", "medicines in care homes", "red bag scheme", "care home visiting",
            "care home infection control", "residential care", "domiciliary care", "home care",
            "care home pharmacy",
        ], challenges: [
            "reducing avoidable hospital admissions from care homes",
            "supporting care home staff to recognise deterioration", "improving medicines management in care homes",
            "improving recruitment and retention in home care", "joining up primary care and care homes",
        ]),
        Theme(slug: "nutrition-and-hydration", name: "Nutrition and hydration", topics: [
            "malnutrition", "hydration", "mealtimes", "protected mealtimes", "dysphagia", "enteral feeding",
            "food insecurity", "nutrition screening", "oral health", "dehydration in care homes",
            "weight loss in older people", "hospital food",
        ], challenges: [
            "improving hydration for older people in hospital", "reducing malnutrition in the community",
            "making protected mealtimes work", "improving oral care for inpatients",
            "screening for malnutrition on admission",
        ]),
        Theme(slug: "sustainability", name: "Sustainability and green care", topics: [
            "net zero", "green care", "sustainable healthcare", "anaesthetic gases", "inhaler prescribing",
            "waste reduction", "low-value care", "greener theatres", "climate change and health",
            "sustainable quality improvement", "travel and transport", "reusable equipment",
        ], challenges: [
            "reducing the carbon footprint of our theatres", "switching to lower-carbon inhalers",
            "reducing waste from single-use equipment", "building sustainability into quality improvement",
            "reducing low-value care",
        ]),
        Theme(slug: "diabetes", name: "Diabetes", topics: [
            "type 2 diabetes", "diabetes prevention", "diabetic foot care", "insulin pumps", "structured education",
            "diabetes in young people", "gestational diabetes", "diabetes remission", "continuous glucose monitoring",
            "diabetes inpatient care", "diabetic eye screening", "hba1c",
        ], challenges: [
            "reducing amputations through better diabetic foot care",
            "increasing uptake of structured diabetes education", "supporting type 2 diabetes remission",
            "improving diabetes care for inpatients", "improving diabetes outcomes for young adults",
        ]),
        Theme(slug: "stroke", name: "Stroke", topics: [
            "thrombectomy", "thrombolysis", "stroke rehabilitation", "early supported discharge",
            "atrial fibrillation", "tia clinics", "stroke units", "life after stroke", "speech and language therapy",
            "secondary prevention", "hyperacute stroke", "community stroke care",
        ], challenges: [
            "reducing door-to-needle time for thrombolysis", "improving access to thrombectomy",
            "improving rehabilitation after stroke", "increasing early supported discharge after stroke",
            "detecting atrial fibrillation earlier",
        ]),
        Theme(slug: "cancer", name: "Cancer", topics: [
            "early diagnosis", "faster diagnosis standard", "cancer screening", "chemotherapy", "cancer waiting times",
            "personalised care for cancer", "living with and beyond cancer", "rapid diagnostic centres",
            "lung cancer screening", "cancer inequalities", "radiotherapy", "cancer nurse specialists",
        ], challenges: [
            "reducing time to cancer diagnosis", "improving uptake of lung cancer screening",
            "personalising care after cancer treatment", "reducing inequalities in cancer outcomes",
            "meeting the faster diagnosis standard",
        ]),
        Theme(slug: "peer-support", name: "Peer support", topics: [
            "peer support workers", "peer support networks", "mutual aid", "recovery colleges", "peer mentoring",
            "community groups", "peer-led services", "lived experience workforce", "self-management",
            "group consultations", "online peer support", "buddying",
        ], challenges: [
            "embedding peer support workers in community mental health teams",
            "setting up a peer mentoring scheme for new staff", "growing a recovery college",
            "running group consultations for people with long-term conditions",
            "supporting peer-led community groups",
        ]),
    ]
}

extension Taxonomy {
    /// First names heard across the UK and Irish health and care workforce.
    static let firstNames = [
        "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Hannah", "Charlotte", "Lucy", "Sarah",
        "Rebecca", "Rachel", "Helen", "Claire", "Joanne", "Nicola", "Karen", "Susan", "Alison", "Catherine",
        "Elizabeth", "Jane", "Ruth", "Zoë", "Chloë", "Renée", "Priya", "Aisha", "Fatima", "Amara", "Chiamaka",
        "Ngozi", "Mei", "Anjali", "Sana", "Agnieszka", "Katarzyna", "María", "Inês", "Oliver", "George", "Harry",
        "Jack", "Thomas", "James", "William", "Daniel", "Matthew", "David", "Andrew", "Richard", "Mark", "Paul",
        "Simon", "Peter", "Michael", "Christopher", "Stephen", "Jonathan", "Ben", "Sam", "Alex", "Mohammed",
        "Ahmed", "Omar", "Raj", "Arjun", "Vikram", "Oluwaseun", "Chinedu", "Kwame", "Tomasz", "Piotr", "José",
        "André", "Jordan", "Robin", "Jamie", "Chris",
    ]

    /// Surnames heard across the UK and Irish health and care workforce.
    static let lastNames = [
        "Smith", "Jones", "Taylor", "Brown", "Wilson", "Johnson", "Walker", "Wright", "Robinson", "Thompson",
        "White", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Clarke", "Lewis", "Jackson", "Turner",
        "Hill", "Moore", "Cooper", "Ward", "Morris", "King", "Baker", "Harrison", "Patel", "Khan", "Begum", "Ahmed",
        "Shah", "Singh", "Kaur", "Hussain", "Okafor", "Adeyemi", "Mensah", "Osei", "Chen", "Wong", "Nowak",
        "Kowalski", "Fernandes", "Santos", "Müller", "Đorđević", "Brontë", "Ellis", "Holmes", "Barker", "Fletcher",
    ]

    /// Nation-specific first and last names (order of ``nations``; England uses the general lists only).
    static let nationFirstNames: [[String]] = [
        [],
        ["Eilidh", "Catrìona", "Mhairi", "Kirsty", "Fiona", "Morag", "Iona", "Ailsa", "Calum", "Ewan", "Hamish",
         "Ruairidh", "Fraser", "Lachlan", "Euan", "Alasdair"],
        ["Siân", "Rhiannon", "Cerys", "Ffion", "Gwenllian", "Angharad", "Nia", "Dafydd", "Rhys", "Llŷr", "Gethin",
         "Iwan", "Emyr", "Owain", "Huw", "Carys"],
        ["Niamh", "Aoife", "Siobhán", "Gráinne", "Orla", "Clodagh", "Caoimhe", "Seán", "Ciarán", "Pádraig",
         "Eoin", "Conor", "Declan", "Ruairí", "Darragh"],
        ["Niamh", "Aoife", "Siobhán", "Gráinne", "Órla", "Sinéad", "Róisín", "Máire", "Seán", "Ciarán", "Pádraig",
         "Eoghan", "Oisín", "Colm", "Cathal", "Dónal"],
    ]

    static let nationLastNames: [[String]] = [
        [],
        ["MacLeod", "Mackenzie", "Campbell", "Stewart", "MacDonald", "Robertson", "Fraser", "Murray", "Ross",
         "Morrison", "Paterson", "MacKinnon"],
        ["Davies", "Evans", "Williams", "Roberts", "Price", "Pritchard", "Rees", "Lloyd", "Morgan", "ap Rhys",
         "Llywelyn", "Jenkins"],
        ["O'Neill", "McCann", "Doherty", "Quinn", "McLaughlin", "Kelly", "Murphy", "Gallagher", "Ó Briain",
         "McAllister", "Devlin", "Hamill"],
        ["Ó Briain", "Ní Bhriain", "Mac Giolla", "Ó Súilleabháin", "Ní Dhomhnaill", "Murphy", "Kelly", "Byrne",
         "Ryan", "O'Sullivan", "Walsh", "Ó Conaill", "Fitzgerald", "Ní Mhurchú"],
    ]

    /// Bio templates. `{Role}`/`{role}` the job title (capitalised or not), `{a role}` with its article,
    /// `{org}` the organisation (or place), `{place}`, `{t1}`, `{t2}` topics, `{method}`, `{challenge}`,
    /// `{offer}`, `{year}` the year the member joined.
    static let bios = [
        "{Role} at {org}. Interested in {t1} and {t2}.",
        "I am {a role} working on {t1} at {org}. I have used {method} in several projects.",
        "{Role} based in {place}. Currently {challenge}.",
        "Passionate about {t1}, {t2} and learning from others. Q member since {year}.",
        "Working on {challenge} at {org}. Keen to connect with people interested in {t1}.",
        "{Role} with a long interest in {t1}. Happy to help with {offer}.",
        "I lead work on {t1} at {org} using {method}. Always keen to swap notes.",
        "{Role}. My improvement work focuses on {t1} and {t2} in {place}.",
    ]

    /// Bio templates for patient leaders.
    static let patientLeaderBios = [
        "Patient leader with lived experience of {t1}. I work alongside teams at {org} on {challenge}.",
        "Carer and {role} in {place}. I bring lived experience to work on {t1} and {t2}.",
        "{Role} helping services get {t1} right. Happy to help with {offer}.",
    ]
}

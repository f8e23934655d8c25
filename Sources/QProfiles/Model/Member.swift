/// A member's identifier: 1–64 characters of `A-Z a-z 0-9 . _ : -`.
public typealias MemberID = String

/// One member of the community, with the fields of the design's `members.csv`.
public struct Member: Sendable, Hashable, Codable {
    public var id: MemberID
    public var name: String
    public var role: String
    public var sector: String
    public var region: String
    public var organisation: String
    /// Interests and challenges.
    public var topics: [String]
    /// Improvement methods the member knows.
    public var methods: [String]
    /// "I can help with".
    public var offers: [String]
    /// "I am looking for help with".
    public var needs: [String]
    /// Ids of the groups the member belongs to.
    public var groups: [String]
    /// The improvement challenge the member is working on now (free text).
    public var challenge: String
    public var bio: String
    /// `YYYY-MM-DD`, or nil when unknown.
    public var joined: String?
    /// `false`: never shown to anyone else, in any output.
    public var discoverable: Bool
    /// Unknown columns of `members.csv`, kept as extra categorical attributes (column → value).
    public var attributes: [String: String]

    public init(
        id: MemberID, name: String = "", role: String = "", sector: String = "", region: String = "",
        organisation: String = "", topics: [String] = [], methods: [String] = [], offers: [String] = [],
        needs: [String] = [], groups: [String] = [], challenge: String = "", bio: String = "",
        joined: String? = nil, discoverable: Bool = true, attributes: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.sector = sector
        self.region = region
        self.organisation = organisation
        self.topics = topics
        self.methods = methods
        self.offers = offers
        self.needs = needs
        self.groups = groups
        self.challenge = challenge
        self.bio = bio
        self.joined = joined
        self.discoverable = discoverable
        self.attributes = attributes
    }
}

/// The kind of a group.
public enum GroupKind: String, Sendable, Hashable, Codable, CaseIterable {
    case sig, lab, exchange, event, programme, other
}

/// A special interest group, Q Lab cohort, Q Exchange project, event or other group.
public struct Group: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var kind: GroupKind
    public var description: String
    public var keywords: [String]

    public init(id: String, name: String = "", kind: GroupKind = .other, description: String = "",
                keywords: [String] = []) {
        self.id = id
        self.name = name
        self.kind = kind
        self.description = description
        self.keywords = keywords
    }
}

/// An undirected, weighted tie between two members. Stored with `source < target`.
public struct Connection: Sendable, Hashable, Codable {
    public var source: MemberID
    public var target: MemberID
    /// `connection` by default; also e.g. `collaboration`, `message`, `event`, `comment`.
    public var kind: String
    /// Greater than zero.
    public var weight: Double
    /// `YYYY-MM-DD` or an ISO 8601 date-time, or nil when unknown.
    public var created: String?

    /// Makes a connection with its ends in canonical order (`source < target`).
    public init(_ a: MemberID, _ b: MemberID, kind: String = "connection", weight: Double = 1,
                created: String? = nil) {
        if a <= b { source = a; target = b } else { source = b; target = a }
        self.kind = kind
        self.weight = weight
        self.created = created
    }
}

/// What a member did with a suggestion.
public enum FeedbackAction: String, Sendable, Hashable, Codable, CaseIterable {
    case dismiss, connected, shown
}

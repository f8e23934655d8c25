import QLinearAlgebra
/// The rule that a generated community's ties follow, for evaluating rankings on communities unlike Q.
public enum CommunityKind: String, CaseIterable, Sendable {
    /// Q-like: shared themes, places and groups, friends of friends, some ties across every boundary.
    case q
    /// Like a school class: members of the same unit (the extra `unit` column, about 25 members each) connect;
    /// few ties cross units.
    case classroom
    /// Like a hospital ward: members of the same unit (`unit`) connect across roles; ties between people of the
    /// same role are rare.
    case ward
    /// Like an online network: sparse ties (about 2 per member), mostly to already popular members and friends
    /// of friends.
    case online

    /// Whether members belong to units (written as the extra `unit` column).
    public var hasUnits: Bool { self == .classroom || self == .ward }

    /// Members per unit, on average.
    static let unitSize = 25

    /// The unit of every member: a seeded draw per member, so units mix join dates.
    static func units(count: Int, seed: UInt64) -> [Int32] {
        let unitCount = max(1, count / unitSize)
        return (0..<count).map { member in
            var rng = SeededGenerator(seed: seed, stream: 9, index: member)
            return Int32(rng.below(unitCount))
        }
    }
}

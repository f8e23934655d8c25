/// Every group, who belongs to it, and the ties its activities create on set days (lab collaborations, Q Exchange
/// comments, event meetings).
struct GroupCatalogue {
    /// The rows of the groups table, in output order: SIGs, labs, exchanges, events.
    let groups: [Group]
    /// The first day a group can bring members together.
    let startDay: [Int32]
    /// Member → groups, in the order of ``groups``.
    let memberGroups: IndexLists
    /// Group → members, ascending.
    let groupMembers: IndexLists
    /// Day → indices into the `scheduled…` arrays.
    let scheduledByDay: IndexLists
    let scheduledA: [Int32]
    let scheduledB: [Int32]
    let scheduledKind: [TieKind]

    /// - Complexity: O(members + memberships + scheduled ties).
    init(population: Population, lists: MemberLists, plan: GroupPlan, seed: UInt64) {
        var builder = GroupBuilder(population: population, lists: lists, seed: seed)
        builder.addSIGs(count: plan.sigs)
        builder.addLabs(count: plan.labs)
        builder.addExchanges(count: plan.exchanges)
        builder.addEvents(national: plan.nationalEvents, regionalPerYear: plan.regionalEventsPerYear)

        groups = builder.groups
        startDay = builder.startDay
        memberGroups = IndexLists(keyCount: population.count, keys: builder.membershipMember,
                                  values: builder.membershipGroup)
        var groupKeys: [Int32] = []
        var memberValues: [Int32] = []
        groupKeys.reserveCapacity(memberGroups.totalCount)
        memberValues.reserveCapacity(memberGroups.totalCount)
        for member in 0..<population.count {
            for group in memberGroups.list(member) {
                groupKeys.append(group)
                memberValues.append(Int32(member))
            }
        }
        groupMembers = IndexLists(keyCount: groups.count, keys: groupKeys, values: memberValues)
        scheduledByDay = IndexLists(keyCount: Population.lastTieDay + 1, keys: builder.tieDay,
                                    values: (0..<Int32(builder.tieDay.count)).map { $0 })
        scheduledA = builder.tieA
        scheduledB = builder.tieB
        scheduledKind = builder.tieKind
    }
}

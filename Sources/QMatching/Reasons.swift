import QProfiles

/// Specific, checkable reasons why two members (or a query and a member) match.
public enum Reasons {
    /// Why `candidate` suits `member`: shared topics and methods (rarest first), shared groups, what one
    /// can help the other with, and the boundary the tie would cross.
    public static func between(_ member: Member, and candidate: Member, model: InterestModel,
                               groupNames: [String: String] = [:], limit: Int = 3) -> [String] {
        var reasons: [String] = []
        let topics = shared(member.topics + member.offers + member.needs, candidate.topics + candidate.offers
            + candidate.needs, prefix: "topic:", model: model, limit: limit)
        if !topics.isEmpty { reasons.append("shared interests: " + topics.joined(separator: ", ")) }
        let methods = shared(member.methods, candidate.methods, prefix: "method:", model: model, limit: limit)
        if !methods.isEmpty { reasons.append("both use " + methods.joined(separator: ", ")) }
        let groups = Set(member.groups).intersection(candidate.groups).sorted()
        if !groups.isEmpty {
            let names = groups.prefix(limit).map { groupNames[$0].flatMap { $0.isEmpty ? nil : $0 } ?? $0 }
            reasons.append("both in " + names.joined(separator: ", ")
                + (groups.count > limit ? " and \(groups.count - limit) more groups" : ""))
        }
        let canHelp = matching(candidate.offers, member.needs, limit: limit)
        if !canHelp.isEmpty { reasons.append("can help you with " + canHelp.joined(separator: ", ")) }
        let couldHelp = matching(member.offers, candidate.needs, limit: limit)
        if !couldHelp.isEmpty { reasons.append("you could help with " + couldHelp.joined(separator: ", ")) }
        if let boundary = boundary(from: member, to: candidate) { reasons.append(boundary) }
        return reasons
    }

    /// Why `candidate` matches a free-text query: their challenge, topics and methods that share its words.
    public static func matching(query: String, candidate: Member, model: InterestModel, limit: Int = 3) -> [String] {
        let words = Set(Tokenizer.words(query))
        guard !words.isEmpty else { return [] }
        func overlaps(_ text: String) -> Int { Set(Tokenizer.words(text)).intersection(words).count }
        var reasons: [String] = []
        if overlaps(candidate.challenge) > 0 { reasons.append("working on: \(candidate.challenge)") }
        let topics = (candidate.topics + candidate.offers + candidate.needs).filter { overlaps($0) > 0 }
        var seen = Set<String>()
        let distinct = topics.filter { seen.insert($0.lowercased()).inserted }
            .sorted { overlaps($0) > overlaps($1) }
        if !distinct.isEmpty { reasons.append("interested in " + distinct.prefix(limit).joined(separator: ", ")) }
        let methods = candidate.methods.filter { overlaps($0) > 0 }
        if !methods.isEmpty { reasons.append("uses " + methods.prefix(limit).joined(separator: ", ")) }
        if reasons.isEmpty {
            let found = words.filter { overlaps(candidate.bio) > 0 && Tokenizer.words(candidate.bio).contains($0) }.sorted()
            if !found.isEmpty { reasons.append("mentions " + found.prefix(limit).joined(separator: ", ")) }
        }
        return reasons
    }

    /// "works in Wales, in social care" when the candidate is in another nation or sector.
    public static func boundary(from member: Member, to candidate: Member) -> String? {
        var parts: [String] = []
        let a = Geography.nation(of: member), b = Geography.nation(of: candidate)
        if !a.isEmpty, !b.isEmpty, a != b { parts.append("in \(candidate.region.isEmpty ? b : candidate.region)") }
        if !member.sector.isEmpty, !candidate.sector.isEmpty, member.sector != candidate.sector {
            parts.append("in \(candidate.sector.replacingOccurrences(of: "-", with: " "))")
        }
        if !member.role.isEmpty, !candidate.role.isEmpty, member.role != candidate.role, parts.isEmpty {
            return nil
        }
        return parts.isEmpty ? nil : "works " + parts.joined(separator: ", ")
    }

    /// Items in both lists (case-insensitive), rarest first by the model's IDF.
    static func shared(_ a: [String], _ b: [String], prefix: String, model: InterestModel, limit: Int) -> [String] {
        let right = Set(b.map { $0.lowercased() })
        var seen = Set<String>()
        let common = a.filter { right.contains($0.lowercased()) && seen.insert($0.lowercased()).inserted }
        return common.map { item -> (String, Float) in
            (item, model.column(of: prefix + item.lowercased()).map { model.idf[$0] } ?? 0)
        }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(limit).map(\.0)
    }

    static func matching(_ offers: [String], _ needs: [String], limit: Int) -> [String] {
        let wanted = Set(needs.map { $0.lowercased() })
        var seen = Set<String>()
        return offers.filter { wanted.contains($0.lowercased()) && seen.insert($0.lowercased()).inserted }
            .prefix(limit).map { $0 }
    }
}

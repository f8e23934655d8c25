import ArgumentParser
import Foundation
import QMatching
import QProfiles

struct TeamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teams",
        abstract: "Cut a pool into teams or cohorts that cover a brief, mix nations, sectors and roles, and can work together.",
        discussion: """
            Each team's members, the brief's topics covered and missing, its mix and its objective (coverage + \
            spread + cohesion), with the same figures for a random cut and a greedy one beside it. Nothing is \
            stored.
            """)

    @OptionGroup var options: IndexOptions
    @Option(help: "The group whose discoverable members form the pool.") var group: String?
    @Option(help: ArgumentHelp("A file of member ids, one a line.", valueName: "file")) var members: String?
    @Option(help: ArgumentHelp("Team sizes, MIN..MAX (e.g. 5..7).", valueName: "min..max")) var size: String?
    @Option(help: "The number of teams.") var teams: Int?
    @Option(help: ArgumentHelp("Topics every team should cover, separated by ';'.", valueName: "topics")) var cover: String?
    @Option(help: "Mix these evenly across teams: nation, sector, role, region (comma-separated).") var spread: String?
    @Option(help: ArgumentHelp("Two members who must share a team, A,B (repeatable).", valueName: "a,b"))
    var together: [String] = []
    @Option(help: ArgumentHelp("Two members who must not share a team, A,B (repeatable).", valueName: "a,b"))
    var apart: [String] = []
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "table or json.") var format: DocumentFormat = .table

    func validate() throws {
        guard (group == nil) != (members == nil) else { throw ValidationError("Give --group or --members (one of them).") }
        guard (size == nil) != (teams == nil) else { throw ValidationError("Give --size MIN..MAX or --teams K (one of them).") }
        if let size { _ = try Self.range(size) }
        if let teams, teams < 1 { throw ValidationError("--teams must be at least 1, not \(teams).") }
        for pair in together + apart where Self.pair(pair) == nil {
            throw ValidationError("--together and --apart take two different member ids, A,B, not '\(pair)'.")
        }
        if let spread {
            do { _ = try MixField.list(spread) } catch let error as MatchingError { throw ValidationError("--spread: \(error.description).") }
        }
    }

    static func range(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low >= 1, low <= high else {
            throw ValidationError("--size must be MIN..MAX with 1 ≤ MIN ≤ MAX, e.g. 5..7, not '\(text)'.")
        }
        return low...high
    }

    static func pair(_ text: String) -> [String]? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return parts.count == 2 && parts[0] != parts[1] && !parts[0].isEmpty ? parts : nil
    }

    func run() async throws {
        let ids = try members.map(RoundsNewCommand.readIDs)
        let (store, view) = try await options.open()
        let range = try size.map(Self.range)
        let request = TeamRequest(
            group: group, members: ids, minSize: range?.lowerBound, maxSize: range?.upperBound, teams: teams,
            cover: (cover ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            spread: try spread.map(MixField.list) ?? [], together: together.compactMap(Self.pair),
            apart: apart.compactMap(Self.pair), seed: seed)
        let result: TeamsView
        do { result = try await TeamService(store: store, view: view).plan(request) } catch let error as MatchingError where error.isInvalidInput {
            throw UsageError(error.description)
        }
        switch format {
        case .json: print(try jsonText(result))
        case .table: printTable(result)
        }
    }

    func printTable(_ result: TeamsView) {
        print("\(result.teams.count) teams from \(result.pool) members")
        for team in result.teams {
            print(String(format: "Team %d  objective %.3f (coverage %.2f, spread %.2f, cohesion %.2f)", team.number,
                         team.figures.objective, team.figures.coverage, team.figures.spread, team.figures.cohesion)
                + (team.figures.brokenRules > 0 ? "  \(team.figures.brokenRules) pair rules broken" : ""))
            print("  " + team.members.map { "\($0.name.isEmpty ? $0.id : $0.name) (\($0.id))" }.joined(separator: ", "))
            if !team.covered.isEmpty || !team.missing.isEmpty {
                print("  covers: " + (team.covered.isEmpty ? "-" : team.covered.joined(separator: "; "))
                    + (team.missing.isEmpty ? "" : "   missing: " + team.missing.joined(separator: "; ")))
            }
            for (field, counts) in team.mix.sorted(by: { $0.key < $1.key }) {
                print("  \(field): " + counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                    .map { "\(Reasons.words($0.key)) \($0.value)" }.joined(separator: ", "))
            }
            for reason in team.reasons { print("  - \(reason)") }
        }
        print("\nmethod      objective  coverage  spread  cohesion  broken  worst team  median  best")
        for m in result.methods {
            print(m.method.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: "  %9.2f  %8.3f  %6.3f  %8.3f  %6d  %10.3f  %6.3f  %5.3f", m.objective, m.coverage, m.spread,
                         m.cohesion, m.brokenRules, m.worstTeam, m.medianTeam, m.bestTeam))
        }
    }
}

import ArgumentParser

/// `qmatch graph …`: proximity scores, communities, statistics and introduction paths on the member graph
/// (from the store) or on a TSV edge list.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Scores, communities, statistics and introduction paths on the connection graph.",
        discussion: """
            Without --edges the graph is built from the store (--db): connections weighted by kind, plus ties \
            between members who share groups; members who are not discoverable never appear in the output. \
            With --edges E.tsv it is read from lines `source<TAB>target[<TAB>weight]` (`#` comments and blank \
            lines allowed).
            """,
        subcommands: [GraphScoresCommand.self, GraphCommunitiesCommand.self, GraphStatsCommand.self,
                      GraphPathCommand.self]
    )
}

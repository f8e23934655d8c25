import ArgumentParser

/// `qmatch rounds …`: coffee pairing rounds.
struct RoundsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rounds",
        abstract: "Pairing rounds (coffee trials): plan a round, list them, show one, record who met.",
        discussion: """
            Everyone who opted in is placed every round (one three for an odd count, never the same person in \
            a three twice running). Pairs are chosen by an exact maximum-weight matching on reciprocal weights \
            (both should gain), never repeating a pair while any alternative exists, never pairing members \
            already connected or who dismissed each other.
            """,
        subcommands: [RoundsNewCommand.self, RoundsListCommand.self, RoundsShowCommand.self, RoundsRecordCommand.self]
    )
}

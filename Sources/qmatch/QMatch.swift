import ArgumentParser
import Foundation

/// The root command; ``Entry`` runs it after checking the subcommand names.
struct QMatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qmatch",
        abstract: "Connects the members of a professional community with the people they most need to meet.",
        discussion: "Exit status: 0 on success, 64 on usage errors, 1 on other errors.",
        subcommands: [
            GenerateCommand.self, ImportCommand.self, ExportCommand.self, StatsCommand.self, BuildCommand.self,
            SimilarCommand.self, SearchCommand.self, ExportVectorsCommand.self, KNNCommand.self, GraphCommand.self,
            GroupsCommand.self, ShowCommand.self, RecommendCommand.self, RecruitCommand.self, FeedbackCommand.self, EvalCommand.self,
            RoundsCommand.self, TeamsCommand.self, GroupsForCommand.self, LinkCommand.self,
            BLASCommand.self, BenchQueryCommand.self, BenchRoundsCommand.self, BenchRecommendCommand.self, BenchSearchCommand.self,
        ]
    )
}

import ArgumentParser
import QMatching
import QProfiles

struct ExportVectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-vectors",
        abstract: "Write the discoverable members' interest vectors as a float32 .npy (N, d), and their ids.",
        discussion: "Row i of V.npy is the member on line i of V.npy.ids (or --ids).")

    @OptionGroup var options: IndexOptions
    @Option(help: ArgumentHelp("The .npy to write.", valueName: "V.npy")) var out: String
    @Option(help: ArgumentHelp("Where the ids go (default: OUT.ids).", valueName: "file")) var ids: String?

    func run() async throws {
        let (_, view) = try await options.open()
        let index = view.index
        let rows = (0..<index.ids.count).filter { view.isVisible($0) }
        var values: [Float] = []
        values.reserveCapacity(rows.count * index.interests.dimension)
        for row in rows { values += index.interests.row(row) }
        try NpyFile.write(values, rows: rows.count, columns: index.interests.dimension, to: out)
        let idPath = ids ?? out + ".ids"
        let writer = try TableWriter(path: idPath, format: .csv, columns: ["id"])
        for row in rows { try writer.write([.text(index.ids[row])]) }
        try writer.finish()
        print("wrote \(rows.count) × \(index.interests.dimension) vectors to \(out) and their ids to \(idPath)")
    }
}

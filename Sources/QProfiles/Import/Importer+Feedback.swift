extension ProfileStore {
    /// Reads and validates the rows of a feedback file (whether its members exist is checked in the import's
    /// transaction); each member, other and action appears once.
    static func readFeedback(_ path: String, _ report: inout ImportReport,
                             _ rejections: inout [Rejection]) throws -> [(FeedbackRecord, Int, String)] {
        let reader = try reader(path, required: ["member", "other", "action", "first_at", "last_at"],
                                known: Columns.feedback)
        unreadable(reader, &rejections)
        warnUnknown(reader, known: Columns.feedback, &report)
        let columns = columnMap(reader)
        var seen: [String: Int] = [:]
        var records: [(FeedbackRecord, Int, String)] = []
        for record in reader.records {
            let parser = FieldParser(path: path, columns: columns, record: record)
            do {
                let feedback = try FeedbackRecord(parser)
                let key = "\(feedback.member) \(feedback.other) \(feedback.action.rawValue)"
                if let first = seen[key] {
                    throw parser.fail("action", "repeats the feedback of line \(first) (expected each member, other "
                        + "and action once)")
                }
                seen[key] = record.line
                records.append((feedback, record.line, path))
            } catch let error as ProfileError {
                rejections.append(rejection(error, path, record, reader.columns))
            }
        }
        return records
    }
}

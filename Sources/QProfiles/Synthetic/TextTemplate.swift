/// A text with `{name}` slots, parsed once and filled many times (much cheaper than repeated replacing).
struct TextTemplate {
    private enum Piece {
        case text(String)
        case slot(Int)
    }

    private let pieces: [Piece]

    /// `slots` names the slots in the order ``render(_:)`` takes their values; an unknown `{name}` stays as text.
    init(_ text: String, slots: [String]) {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if let slot = slots.firstIndex(of: name) {
                if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
                pieces.append(.slot(slot))
            } else {
                pieces.append(.text(String(rest[...close])))
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    /// The text with each slot replaced by `values[slot]`.
    func render(_ values: [String]) -> String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text): result += text
            case .slot(let slot): result += values[slot]
            }
        }
        return result
    }
}

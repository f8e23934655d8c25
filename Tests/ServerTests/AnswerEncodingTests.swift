import Foundation
import Testing
@testable import QMatchServer
@testable import QMatching

/// Answers are written straight into the response buffer; they must read back exactly as `JSONEncoder`'s do:
/// the same objects, the same strings (quotes, backslashes, control characters, slashes, any script) and the
/// same floats to the bit, with or without breakdowns.
@Suite struct AnswerEncodingTests {
    static func randomText(_ generator: inout SystemRandomNumberGenerator) -> String {
        let pieces = ["Ann", "\"quoted\"", "back\\slash", "a/b", "line\nbreak", "tab\t", "\u{01}\u{1F}", "Siân",
                      "Łódź", "日本", "👩🏽‍⚕️", "", " ", "</script>", "\r\n", "\u{7F}", "\u{2028}"]
        return (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            .joined()
    }

    static func randomFloat(_ generator: inout SystemRandomNumberGenerator) -> Float {
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: return Float.random(in: -1...1, using: &generator)
        case 1: return Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &generator))   // any finite positive
        case 2: return -Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &generator))
        case 3: return [0, -0.0, 1, 0.1, 1e-5, 3.4e38, .leastNonzeroMagnitude, .greatestFiniteMagnitude].randomElement(using: &generator)!
        case 4: return Float(Int.random(in: -1000...1000, using: &generator))
        default: return Float.random(in: 0...0.001, using: &generator)
        }
    }

    @Test func answersReadBackAsJSONEncodersDo() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let items = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                MemberRecommendations.Item(
                    id: "m\(Int.random(in: 0...99999, using: &generator))", name: Self.randomText(&generator),
                    score: Self.randomFloat(&generator),
                    reasons: (0..<Int.random(in: 0...4, using: &generator)).map { _ in Self.randomText(&generator) },
                    breakdown: round % 2 == 0 ? nil : (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                        MemberRecommendations.Part(signal: Self.randomText(&generator), value: Self.randomFloat(&generator))
                    })
            }
            let answer = MemberRecommendations(member: "a/\"b\"", blend: Self.randomText(&generator), recommendations: items)
            let written = try JSONResponse.body(answer), encoded = try JSONResponse.encoder.encode(answer)
            let mine = Data(written.readableBytesView)
            // The same objects.
            let a = try JSONSerialization.jsonObject(with: mine) as? NSDictionary
            let b = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
            #expect(a != nil && a == b, "\(String(decoding: mine, as: UTF8.self))")
            // The same values, floats to the bit.
            let x = try JSONDecoder().decode(MemberRecommendations.self, from: mine)
            let y = try JSONDecoder().decode(MemberRecommendations.self, from: encoded)
            #expect(x.member == y.member && x.blend == y.blend && x.recommendations.count == y.recommendations.count)
            for (p, q) in zip(x.recommendations, y.recommendations) {
                #expect(p.id == q.id && p.name == q.name && p.reasons == q.reasons)
                #expect(p.score.bitPattern == q.score.bitPattern, "\(p.score) \(q.score)")
                #expect((p.breakdown == nil) == (q.breakdown == nil))
                for (u, v) in zip(p.breakdown ?? [], q.breakdown ?? []) {
                    #expect(u.signal == v.signal && u.value.bitPattern == v.value.bitPattern)
                }
            }
        }
    }

    @Test func aScoreThatIsNotANumberIsRefusedAsJSONEncoderRefusesIt() {
        for bad in [Float.nan, .infinity, -.infinity] {
            let answer = MemberRecommendations(member: "m1", blend: "default", recommendations: [
                .init(id: "m2", name: "x", score: bad, reasons: [], breakdown: nil)])
            #expect(throws: EncodingError.self) { try JSONResponse.body(answer) }
            #expect(throws: EncodingError.self) { try JSONResponse.encoder.encode(answer) }
        }
    }
}

/// Member ids `m000001`, `m000002`, … zero-padded to one width, so text order is join order.
struct MemberIDFormat {
    let width: Int

    init(count: Int) { width = max(6, String(count).count) }

    func id(_ index: Int) -> String {
        var value = index + 1
        return String(unsafeUninitializedCapacity: width + 1) { buffer in
            buffer[0] = UInt8(ascii: "m")
            for position in stride(from: width, through: 1, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            return width + 1
        }
    }
}

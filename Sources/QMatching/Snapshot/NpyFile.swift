import Foundation

/// NumPy `.npy` files (format 1.0–3.0): 2-D, C order, little-endian `float32` in, `int32`/`float32` out.
public enum NpyFile {
    /// A `rows × columns` float32 matrix read from a `.npy` file, in one allocation.
    public struct Matrix: Sendable {
        public let rows: Int
        public let columns: Int
        /// Row-major values.
        public let storage: FloatStorage
        /// A copy of the values.
        public var values: [Float] { Array(storage.buffer) }
    }

    /// Reads a 2-D float32 C-order array.
    /// - Throws: ``MatchingError`` naming the file and what is wrong: not a `.npy` file, a bad header, a
    ///   dtype other than `<f4`, Fortran order, not 2-D, truncated or over-long data.
    /// - Complexity: O(file size).
    public static func readMatrix(_ path: String) throws -> Matrix {
        guard FileManager.default.fileExists(atPath: path) else { throw MatchingError.invalidInput("\(path): no such file") }
        // Read the header first, then the data straight into its final buffer (no mapping, no extra copy).
        guard let handle = FileHandle(forReadingAtPath: path) else { throw MatchingError.io("\(path): cannot open") }
        defer { try? handle.close() }
        let fileSize: Int
        do { fileSize = Int(try handle.seekToEnd()); try handle.seek(toOffset: 0) } catch {
            throw MatchingError.io("\(path): cannot read (\(error.localizedDescription))")
        }
        let data: Data
        do { data = try handle.read(upToCount: min(fileSize, 1 << 17)) ?? Data() } catch {
            throw MatchingError.io("\(path): cannot read (\(error.localizedDescription))")
        }
        func fail(_ message: String) -> MatchingError { .invalidInput("\(path): \(message)") }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard data.count >= 10, Array(data.prefix(6)) == magic else {
            throw fail("not a .npy file (expected the magic bytes \\x93NUMPY)")
        }
        let major = data[data.startIndex + 6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(data[data.startIndex + 8]) | Int(data[data.startIndex + 9]) << 8
            headerStart = 10
        case 2, 3:
            guard data.count >= 12 else { throw fail("truncated header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(data[data.startIndex + 8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw fail("unsupported .npy format version \(major) (expected 1, 2 or 3)")
        }
        guard data.count >= headerStart + headerLength else { throw fail("truncated header") }
        let header = String(decoding: data[(data.startIndex + headerStart)..<(data.startIndex + headerStart + headerLength)],
                            as: UTF8.self)
        let descr = try value(of: "descr", in: header, path: path)
        guard descr == "'<f4'" || descr == "'=f4'" || descr == "'f4'" || descr == "\"<f4\"" else {
            throw fail("dtype \(descr) is not supported (expected float32, '<f4'; convert with x.astype(np.float32))")
        }
        let order = try value(of: "fortran_order", in: header, path: path)
        guard order == "False" else {
            throw fail(order == "True" ? "the array is in Fortran order (expected C order; use np.ascontiguousarray(x))"
                                        : "bad fortran_order \(order) in the header")
        }
        let shapeText = try value(of: "shape", in: header, path: path)
        let dims = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let shape = dims.compactMap { Int($0) }
        guard shape.count == dims.count, shape.allSatisfy({ $0 >= 0 }) else { throw fail("bad shape \(shapeText) in the header") }
        guard shape.count == 2 else {
            throw fail("the array has \(shape.count) dimension\(shape.count == 1 ? "" : "s") \(shapeText) "
                + "(expected 2: rows × dimension)")
        }
        let (rows, columns) = (shape[0], shape[1])
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, count <= Int.max / 4 else { throw fail("shape \(shapeText) is too large") }
        guard rows == 0 || columns > 0 else { throw fail("shape \(shapeText) has rows of dimension 0") }
        let dataStart = headerStart + headerLength
        let expected = count * 4
        let available = fileSize - dataStart
        guard available >= expected else {
            throw fail("truncated data: \(available) bytes for shape (\(rows), \(columns)) (expected \(expected))")
        }
        guard available == expected else {
            throw fail("\(available - expected) bytes after the data (expected exactly \(expected) bytes for the shape)")
        }
        let storage = FloatStorage(uninitializedCount: count)
        do {
            try handle.seek(toOffset: UInt64(dataStart))
            var offset = 0
            let raw = UnsafeMutableRawPointer(storage.mutableBase)
            while offset < expected {
                guard let chunk = try handle.read(upToCount: min(8 << 20, expected - offset)), !chunk.isEmpty else {
                    throw fail("truncated data while reading")
                }
                chunk.withUnsafeBytes { (raw + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                offset += chunk.count
            }
        } catch let error as MatchingError { throw error } catch {
            throw MatchingError.io("\(path): cannot read (\(error.localizedDescription))")
        }
        return Matrix(rows: rows, columns: columns, storage: storage)
    }

    private static func value(of key: String, in header: String, path: String) throws -> String {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else {
            throw MatchingError.invalidInput("\(path): bad header: no '\(key)' (expected a NumPy .npy header)")
        }
        var rest = header[keyRange.upperBound...].drop { $0 == " " || $0 == ":" }
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else {
                throw MatchingError.invalidInput("\(path): bad header: unclosed shape")
            }
            return String(rest[...close])
        }
        if let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) { rest = rest[..<end] }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    /// Writes `values` (`rows × columns`, row-major) as a `.npy` of `descr` (`<i4` or `<f4`), atomically.
    static func write(_ bytes: UnsafeRawBufferPointer, descr: String, rows: Int, columns: Int, to path: String) throws {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let length = UInt16(header.utf8.count)
        out.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        out.append(contentsOf: Array(header.utf8))
        out.append(contentsOf: bytes)
        do { try out.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw MatchingError.io("\(path): cannot write (\(error.localizedDescription))")
        }
    }

    /// Writes an int32 matrix.
    public static func write(_ values: [Int32], rows: Int, columns: Int, to path: String) throws {
        precondition(values.count == rows * columns)
        try values.withUnsafeBytes { try write($0, descr: "<i4", rows: rows, columns: columns, to: path) }
    }

    /// Writes a float32 matrix.
    public static func write(_ values: [Float], rows: Int, columns: Int, to path: String) throws {
        precondition(values.count == rows * columns)
        try values.withUnsafeBytes { try write($0, descr: "<f4", rows: rows, columns: columns, to: path) }
    }
}

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
        let prefix: Data
        do { prefix = try handle.read(upToCount: min(fileSize, maximumHeaderBytes)) ?? Data() } catch {
            throw MatchingError.io("\(path): cannot read (\(error.localizedDescription))")
        }
        let layout = try Layout(prefix, fileSize: fileSize, path: path)
        let expected = layout.count * 4
        let storage = FloatStorage(uninitializedCount: layout.count)
        do {
            try handle.seek(toOffset: UInt64(layout.dataStart))
            var offset = 0
            let raw = UnsafeMutableRawPointer(storage.mutableBase)
            while offset < expected {
                guard let chunk = try handle.read(upToCount: min(8 << 20, expected - offset)), !chunk.isEmpty,
                      chunk.count <= expected - offset else {
                    throw MatchingError.invalidInput("\(path): truncated data while reading")
                }
                chunk.withUnsafeBytes { (raw + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                offset += chunk.count
            }
        } catch let error as MatchingError { throw error } catch {
            throw MatchingError.io("\(path): cannot read (\(error.localizedDescription))")
        }
        return Matrix(rows: layout.rows, columns: layout.columns, storage: storage)
    }

    /// The shape `(rows, columns)` of a 2-D float32 C-order `.npy` file, from its header alone (the data are
    /// not read), with every check of ``readMatrix(_:)`` that the header and the file size allow.
    /// - Throws: ``MatchingError`` as ``readMatrix(_:)``.
    public static func shape(of path: String) throws -> (rows: Int, columns: Int) {
        guard FileManager.default.fileExists(atPath: path) else { throw MatchingError.invalidInput("\(path): no such file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw MatchingError.io("\(path): cannot open") }
        defer { try? handle.close() }
        do {
            let fileSize = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
            let prefix = try handle.read(upToCount: min(fileSize, maximumHeaderBytes)) ?? Data()
            let layout = try Layout(prefix, fileSize: fileSize, path: path)
            return (layout.rows, layout.columns)
        } catch let error as MatchingError { throw error } catch {
            throw MatchingError.io("\(path): cannot read (\(error.localizedDescription))")
        }
    }

    /// Reads a 2-D float32 C-order array from the bytes of a whole `.npy` file (`name` is for messages).
    /// - Throws: ``MatchingError`` as ``readMatrix(_:)``.
    /// - Complexity: O(`bytes.count`).
    public static func matrix(from bytes: Data, name: String) throws -> Matrix {
        let layout = try Layout(bytes.prefix(maximumHeaderBytes), fileSize: bytes.count, path: name)
        let storage = FloatStorage(uninitializedCount: layout.count)
        bytes.withUnsafeBytes { raw in
            UnsafeMutableRawBufferPointer(start: storage.mutableBase, count: layout.count * 4)
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[layout.dataStart...]))
        }
        return Matrix(rows: layout.rows, columns: layout.columns, storage: storage)
    }

    /// The most header bytes read (NumPy writes headers of a few hundred bytes).
    static let maximumHeaderBytes = 1 << 17

    /// Where the values of a `.npy` file are and what shape they have, from its first bytes; every field
    /// checked, sizes with overflow-safe arithmetic, and the data length checked against the file size.
    struct Layout {
        let rows: Int, columns: Int, dataStart: Int
        var count: Int { rows * columns }

        /// - Parameter data: the first bytes of the file (at most ``maximumHeaderBytes``).
        init(_ data: Data, fileSize: Int, path: String) throws {
            func fail(_ message: String) -> MatchingError { .invalidInput("\(path): \(message)") }
            let bytes = [UInt8](data)
            let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
            guard bytes.count >= 10, Array(bytes.prefix(6)) == magic else {
                throw fail("not a .npy file (expected the magic bytes \\x93NUMPY)")
            }
            let major = bytes[6]
            let headerLength: Int, headerStart: Int
            switch major {
            case 1:
                headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
                headerStart = 10
            case 2, 3:
                guard bytes.count >= 12 else { throw fail("truncated header") }
                headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
                headerStart = 12
            default:
                throw fail("unsupported .npy format version \(major) (expected 1, 2 or 3)")
            }
            guard headerLength <= maximumHeaderBytes - headerStart else {
                throw fail("the header is \(headerLength) bytes long (expected at most \(maximumHeaderBytes - headerStart))")
            }
            guard bytes.count >= headerStart + headerLength, fileSize >= headerStart + headerLength else {
                throw fail("truncated header")
            }
            let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
            let descr = try value(of: "descr", in: header, path: path)
            guard descr == "'<f4'" || descr == "'=f4'" || descr == "'f4'" || descr == "\"<f4\"" else {
                throw fail("dtype \(descr.prefix(40)) is not supported (expected float32, '<f4'; convert with x.astype(np.float32))")
            }
            let order = try value(of: "fortran_order", in: header, path: path)
            guard order == "False" else {
                throw fail(order == "True" ? "the array is in Fortran order (expected C order; use np.ascontiguousarray(x))"
                                            : "bad fortran_order \(order.prefix(40)) in the header")
            }
            let shapeText = try value(of: "shape", in: header, path: path)
            let dims = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let shape = dims.compactMap { Int($0) }
            guard shape.count == dims.count, shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("bad shape \(shapeText.prefix(60)) in the header")
            }
            guard shape.count == 2 else {
                throw fail("the array has \(shape.count) dimension\(shape.count == 1 ? "" : "s") \(shapeText.prefix(60)) "
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
            self.rows = rows
            self.columns = columns
            self.dataStart = dataStart
        }
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

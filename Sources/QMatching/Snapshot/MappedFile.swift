#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file. `@unchecked Sendable`: the mapping is never written and
/// lives until `deinit`.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int

    /// - Throws: ``MatchingError`` when the file cannot be opened or mapped.
    init(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw errno == ENOENT ? MatchingError.notFound("\(path): no index here (run `qmatch build`)")
                : MatchingError.io("\(path): cannot open (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw MatchingError.io("\(path): cannot stat (\(String(cString: strerror(errno))))")
        }
        count = Int(info.st_size)
        guard count > 0 else {
            base = UnsafeRawPointer(bitPattern: 1)!  // never read: callers check count first
            return
        }
        guard let mapping = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), mapping != MAP_FAILED else {
            throw MatchingError.io("\(path): cannot map (\(String(cString: strerror(errno))))")
        }
        base = UnsafeRawPointer(mapping)
    }

    deinit {
        if count > 0 { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: count > 0 ? base : nil, count: count) }
}

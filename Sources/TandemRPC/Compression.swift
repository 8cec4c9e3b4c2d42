import CZlib

/// A message compression gRPC can negotiate (`grpc-encoding`, `grpc-accept-encoding`), with the
/// zlib code that applies it. Decompression is always bounded: a peer cannot make a small message
/// expand past the receive limit.
public struct Compression: Hashable, Sendable, CustomStringConvertible {
    private enum Algorithm: Hashable, Sendable {
        case identity, gzip, deflate
    }

    private let algorithm: Algorithm

    private init(_ algorithm: Algorithm) {
        self.algorithm = algorithm
    }

    /// No compression: what an absent `grpc-encoding` means.
    public static let identity = Compression(.identity)
    /// gzip (RFC 1952), the encoding every gRPC implementation supports.
    public static let gzip = Compression(.gzip)
    /// HTTP's `deflate`: the zlib format (RFC 1950).
    public static let deflate = Compression(.deflate)

    /// The encodings this implementation supports, in order of preference.
    public static let supported: [Compression] = [.gzip, .deflate, .identity]

    /// The encoding a header names (case-insensitive); `nil` for one this implementation lacks.
    public init?(name: some StringProtocol) {
        switch name.lowercased() {
        case "identity": self = .identity
        case "gzip": self = .gzip
        case "deflate": self = .deflate
        default: return nil
        }
    }

    /// The name in `grpc-encoding`.
    public var name: String {
        switch self.algorithm {
        case .identity: "identity"
        case .gzip: "gzip"
        case .deflate: "deflate"
        }
    }

    public var description: String { self.name }

    /// The supported encodings a `grpc-accept-encoding` value lists, in its order, without
    /// duplicates; names this implementation lacks are ignored.
    public static func parseList(_ headerValue: some StringProtocol) -> [Compression] {
        var list: [Compression] = []
        for item in headerValue.split(separator: ",") {
            let name = item.trimmingBlanks()
            if let compression = Compression(name: name), !list.contains(compression) {
                list.append(compression)
            }
        }
        return list
    }

    /// A `grpc-accept-encoding` value listing `compressions`.
    public static func headerValue(_ compressions: [Compression]) -> String {
        compressions.map(\.name).joined(separator: ",")
    }

    /// `bytes` compressed; a new compression context per message, as gRPC requires.
    ///
    /// - Throws: `INTERNAL` if zlib cannot start (out of memory) or the input exceeds 4 GiB.
    public func compress(_ bytes: some Collection<UInt8>) throws(RPCError) -> [UInt8] {
        switch self.algorithm {
        case .identity: return Array(bytes)
        case .gzip:
            return try Self.withContiguousBytes(bytes) { input throws(RPCError) in
                try Self.deflate(input, windowBits: 31)
            }
        case .deflate:
            return try Self.withContiguousBytes(bytes) { input throws(RPCError) in
                try Self.deflate(input, windowBits: 15)
            }
        }
    }

    /// The bytes `bytes` decompress to, refusing to produce more than `limit` bytes: memory used
    /// stays near `limit` however far the input would expand.
    ///
    /// - Throws: `RESOURCE_EXHAUSTED` past `limit`; `INTERNAL` for data that is corrupt or cut short.
    public func decompress(_ bytes: some Collection<UInt8>, limit: Int) throws(RPCError) -> [UInt8] {
        switch self.algorithm {
        case .identity:
            guard bytes.count <= limit else { throw Self.overLimit(limit) }
            return Array(bytes)
        case .gzip, .deflate:
            // windowBits 47 (15 + 32) detects a gzip or a zlib header: peers differ in which they send.
            return try Self.withContiguousBytes(bytes) { input throws(RPCError) in
                try Self.inflate(input, limit: max(0, limit))
            }
        }
    }

    static func overLimit(_ limit: Int) -> RPCError {
        RPCError(code: .resourceExhausted, message: "decompressed message exceeds the limit of \(limit) bytes")
    }

    private static func withContiguousBytes<Result>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws(RPCError) -> Result
    ) throws(RPCError) -> Result {
        let outcome: Swift.Result<Result, RPCError>? = bytes.withContiguousStorageIfAvailable { input in
            do throws(RPCError) { return .success(try body(input)) } catch { return .failure(error) }
        }
        if let outcome { return try outcome.get() }
        let copy = Array(bytes)
        let result: Swift.Result<Result, RPCError> = copy.withUnsafeBufferPointer { input in
            do throws(RPCError) { return .success(try body(input)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private static func deflate(_ input: UnsafeBufferPointer<UInt8>, windowBits: Int32) throws(RPCError) -> [UInt8] {
        guard input.count <= Int(UInt32.max) else {
            throw RPCError(code: .internalError, message: "message too large to compress")
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        let status = tandem_deflateInit2(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else {
            throw RPCError(code: .internalError, message: "compression failed to start (zlib \(status))")
        }
        defer { CZlib.deflateEnd(stream) }
        // deflateBound is an upper bound for one Z_FINISH call with all the input.
        let bound = Int(CZlib.deflateBound(stream, uLong(input.count)))
        var finished = false
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = uInt(buffer.count)
            finished = CZlib.deflate(stream, Z_FINISH) == Z_STREAM_END
            initialized = finished ? buffer.count - Int(stream.pointee.avail_out) : 0
        }
        guard finished else {
            throw RPCError(code: .internalError, message: "compression did not finish")
        }
        return output
    }

    private static func inflate(_ input: UnsafeBufferPointer<UInt8>, limit: Int) throws(RPCError) -> [UInt8] {
        guard input.count <= Int(UInt32.max) else { throw Self.overLimit(limit) }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        let status = tandem_inflateInit2(stream, 47)
        guard status == Z_OK else {
            throw RPCError(code: .internalError, message: "decompression failed to start (zlib \(status))")
        }
        defer { CZlib.inflateEnd(stream) }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.pointee.avail_in = uInt(input.count)

        // Inflate into a small scratch chunk and grow the output no further than the limit, so a
        // bomb costs at most `limit` bytes plus one chunk.
        var scratch = [UInt8](repeating: 0, count: min(64 * 1024, limit) + 1)
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, max(4096, input.count * 2)))
        while true {
            let (code, produced) = scratch.withUnsafeMutableBufferPointer { chunk in
                stream.pointee.next_out = chunk.baseAddress
                stream.pointee.avail_out = uInt(chunk.count)
                let code = CZlib.inflate(stream, Z_NO_FLUSH)
                return (code, chunk.count - Int(stream.pointee.avail_out))
            }
            if produced > 0 {
                let total = output.count + produced
                guard total <= limit else { throw Self.overLimit(limit) }
                if total > output.capacity {
                    output.reserveCapacity(min(limit, max(total, output.count * 2)))
                }
                output.append(contentsOf: scratch[..<produced])
            }
            switch code {
            case Z_OK:
                continue
            case Z_STREAM_END:
                // gzip allows several members one after the other; each is decompressed in turn.
                guard stream.pointee.avail_in > 0 else { return output }
                guard CZlib.inflateReset(stream) == Z_OK else { throw Self.corrupt("reset failed") }
            case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                throw Self.corrupt("compressed data ends early")
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(code)"
                throw Self.corrupt(reason)
            }
        }
    }

    private static func corrupt(_ reason: String) -> RPCError {
        RPCError(code: .internalError, message: "message decompression failed: \(reason)")
    }
}

extension StringProtocol {
    /// The text without spaces and tabs at either end.
    fileprivate func trimmingBlanks() -> SubSequence {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = self.firstIndex(where: { !isBlank($0) }) else { return self[self.endIndex...] }
        let end = self.lastIndex(where: { !isBlank($0) })!
        return self[start...end]
    }
}

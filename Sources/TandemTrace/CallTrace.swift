import Synchronization

/// What identifies a request as it crosses the services: its W3C trace context and its request id.
///
/// A server call takes both from its caller (`traceparent`, `x-request-id`) or makes new ones,
/// runs its handler with them bound to ``CallTrace/current``, logs them with the call, and the
/// client sends them on every call the handler makes (a new span of the same trace, the same
/// request id). Events store the `traceparent` of the call that made them.
public struct CallTrace: Sendable, Hashable {
    /// 32 lower-case hex digits, not all zero.
    public var traceID: String
    /// 16 lower-case hex digits, not all zero: this call's span.
    public var spanID: String
    /// The trace flags (bit 0: sampled), as the caller sent them.
    public var flags: UInt8
    /// At most 128 printable ASCII characters.
    public var requestID: String

    @TaskLocal public static var current: CallTrace?

    public static let traceparentHeader = "traceparent"
    public static let requestIDHeader = "x-request-id"

    /// The `traceparent` header of this span: `00-<trace id>-<span id>-<flags>`.
    public var traceparent: String {
        let flagsText = String(flags, radix: 16)
        return "00-\(traceID)-\(spanID)-\(flags < 16 ? "0" : "")\(flagsText)"
    }

    /// The trace of a server call with these request headers: the caller's trace with a new span
    /// (a new trace when `traceparent` is missing or malformed), and the caller's request id when
    /// it is usable (a new one otherwise).
    public static func incoming(traceparent: String?, requestID: String?) -> CallTrace {
        let parent = traceparent.flatMap(parse)
        let span = randomHex(bytes: 8)
        // Without a usable request id from the caller, the call's span id serves as one.
        let id = requestID.flatMap { isUsableRequestID($0) ? $0 : nil } ?? span
        return CallTrace(
            traceID: parent?.traceID ?? randomHex(bytes: 16), spanID: span, flags: parent?.flags ?? 1, requestID: id)
    }

    /// A new span of the same trace and request, for an outgoing call.
    public func child() -> CallTrace {
        CallTrace(traceID: traceID, spanID: Self.randomHex(bytes: 8), flags: flags, requestID: requestID)
    }

    /// The trace id and flags of a version-00 `traceparent`, or nil when it is not one
    /// (W3C Trace Context §3.2: lower-case hex, ids not all zero, version ff invalid).
    public static func parse(_ header: String) -> (traceID: String, spanID: String, flags: UInt8)? {
        let parts = header.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", isHex(parts[0]) else { return nil }
        // A higher version may carry more fields; version 00 has exactly four.
        if parts[0] == "00" && parts.count != 4 { return nil }
        let (trace, span, flags) = (parts[1], parts[2], parts[3])
        guard trace.count == 32, span.count == 16, flags.count == 2, isHex(trace), isHex(span), isHex(flags),
            trace.contains(where: { $0 != "0" }), span.contains(where: { $0 != "0" }),
            let flagValue = UInt8(flags, radix: 16)
        else { return nil }
        return (String(trace), String(span), flagValue)
    }

    static func isHex(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// A caller's request id is kept when it is 1 to 128 printable ASCII characters.
    static func isUsableRequestID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128 && id.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// `count` random bytes (8 or 16) as lower-case hex, never all zero, written straight into
    /// the string (this runs for every call).
    static func randomHex(bytes count: Int) -> String {
        let words = (count + 7) / 8
        return String(unsafeUninitializedCapacity: words * 16) { buffer in
            for index in 0..<words {
                var word = IdentifierBits.next()
                if word == 0 { word = 1 }  // never all zero: a probability of 2^-64, but invalid when it happens
                for nibble in 0..<16 {
                    let value = UInt8(truncatingIfNeeded: word >> (60 - 4 * UInt64(nibble))) & 0xF
                    buffer[index * 16 + nibble] = value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
                }
            }
            return words * 16
        }
    }

}

/// Random-looking 64-bit words for trace and span ids, without a system call each.
///
/// Ids must be unique and spread evenly, not secret: SplitMix64 over a shared counter, seeded
/// once from the system generator, gives every call a distinct word (the mix is a bijection of
/// the counter) for the cost of one atomic add. The system generator cost a `getrandom` call per
/// word, three per call.
enum IdentifierBits {
    private static let counter: Atomic<UInt64> = {
        var system = SystemRandomNumberGenerator()
        return Atomic(system.next())
    }()

    static func next() -> UInt64 {
        var z = counter.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

internal import CNGHTTP2

/// Reusable storage for the `nghttp2_nv` array of one submission, so a HEADERS submission does
/// not allocate once the buffers have grown. nghttp2 copies names and values when it queues the
/// frame, so the pointers only live for the duration of `withPairs`.
struct NameValueScratch {
    private var bytes: [UInt8] = []
    private var offsets: [(name: Int, value: Int)] = []
    private var pairs: [nghttp2_nv] = []

    init() {}

    mutating func withPairs<Result>(
        _ headers: [HTTP2Header], _ body: (UnsafePointer<nghttp2_nv>?, Int) -> Result
    ) -> Result {
        self.bytes.removeAll(keepingCapacity: true)
        self.offsets.removeAll(keepingCapacity: true)
        self.pairs.removeAll(keepingCapacity: true)
        for header in headers {
            let name = self.bytes.count
            self.bytes.append(contentsOf: header.name.utf8)
            let value = self.bytes.count
            self.bytes.append(contentsOf: header.value.utf8)
            self.offsets.append((name, value))
        }
        // An empty block still needs a valid base address.
        if self.bytes.isEmpty { self.bytes.append(0) }
        return self.bytes.withUnsafeMutableBufferPointer { storage in
            let base = storage.baseAddress!
            for (index, header) in headers.enumerated() {
                let (name, value) = self.offsets[index]
                self.pairs.append(
                    nghttp2_nv(
                        name: base + name, value: base + value,
                        namelen: header.name.utf8.count, valuelen: header.value.utf8.count,
                        flags: Self.flags(for: header.name)))
            }
            return self.pairs.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
        }
    }

    /// Credentials are never entered into the HPACK dynamic table, so a compression side channel
    /// cannot recover them (RFC 7541 §7.1.3).
    private static func flags(for name: String) -> UInt8 {
        switch name {
        case "authorization", "proxy-authorization", "cookie":
            UInt8(NGHTTP2_NV_FLAG_NO_INDEX.rawValue)
        default:
            UInt8(NGHTTP2_NV_FLAG_NONE.rawValue)
        }
    }
}

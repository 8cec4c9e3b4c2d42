/// The header block being received, with its size as SETTINGS_MAX_HEADER_LIST_SIZE counts it.
struct InboundHeaderBlock {
    private(set) var streamID: Int32 = 0
    private(set) var headers: [HTTP2Header] = []
    private(set) var listSize = 0
    /// The block went over the limit: its fields are dropped as they arrive.
    private(set) var isTooLarge = false
    /// A HEADERS frame has begun and its block (with any CONTINUATION frames) is not complete.
    private(set) var isOpen = false

    init() {}

    mutating func begin(streamID: Int32) {
        self.streamID = streamID
        self.headers = []
        self.headers.reserveCapacity(12)
        self.listSize = 0
        self.isTooLarge = false
        self.isOpen = true
    }

    /// The block's last frame has arrived.
    mutating func end() {
        self.isOpen = false
    }

    /// Adds one field unless the block is over `limit`.
    mutating func append(
        name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, limit: Int
    ) {
        guard !self.isTooLarge else { return }
        self.listSize += name.count + value.count + 32
        if self.listSize > limit {
            self.isTooLarge = true
            self.headers = []
            return
        }
        self.headers.append(
            HTTP2Header(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
    }

    /// Hands the fields over (for the `.headers` event) and forgets them.
    mutating func take() -> [HTTP2Header] {
        defer { self.headers = [] }
        return self.headers
    }
}

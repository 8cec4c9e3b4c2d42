/// A check that failed before anything was timed: the two codecs disagree, or a round trip lost data.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String

    /// Names the first byte where two encodings of the same value differ.
    static func bytesDiffer(_ name: String, tandem: [UInt8], swiftProtobuf: [UInt8]) -> BenchmarkFailure {
        let offset =
            zip(tandem, swiftProtobuf).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(tandem.count, swiftProtobuf.count)
        func window(_ bytes: [UInt8]) -> String {
            bytes[max(0, offset - 8)..<min(bytes.count, offset + 8)]
                .map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
                .joined(separator: " ")
        }
        return BenchmarkFailure(
            description: """
                \(name): Tandem's encoding (\(tandem.count) bytes) differs from swift-protobuf's \
                (\(swiftProtobuf.count) bytes) at byte \(offset)
                  Tandem:         \(window(tandem))
                  swift-protobuf: \(window(swiftProtobuf))
                """)
    }
}

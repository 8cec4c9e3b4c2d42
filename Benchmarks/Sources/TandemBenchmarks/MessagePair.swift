import SwiftProtobuf
import TandemSchema

/// Builds comparisons for one message value held in both codecs' types, after checking that
/// both encode it to the same bytes and both decode those bytes back to the value.
struct MessagePair<Tandem: ProtoMessage, SwiftProtobufMessage: SwiftProtobuf.Message & Equatable> {
    let name: String
    let tandem: Tandem
    let swiftProtobuf: SwiftProtobufMessage
    /// The encoding both sides produce.
    let bytes: [UInt8]

    init(_ name: String, tandem: Tandem, swiftProtobuf: SwiftProtobufMessage) throws {
        self.name = name
        self.tandem = tandem
        self.swiftProtobuf = swiftProtobuf
        let tandemBytes = tandem.serializedBytes()
        let swiftProtobufBytes: [UInt8] = try swiftProtobuf.serializedBytes()
        guard tandemBytes == swiftProtobufBytes else {
            throw BenchmarkFailure.bytesDiffer(name, tandem: tandemBytes, swiftProtobuf: swiftProtobufBytes)
        }
        bytes = tandemBytes
        guard try Tandem(serializedBytes: bytes) == tandem else {
            throw BenchmarkFailure(description: "\(name): Tandem's decode does not give back the value")
        }
        guard try SwiftProtobufMessage(serializedBytes: bytes) == swiftProtobuf else {
            throw BenchmarkFailure(description: "\(name): swift-protobuf's decode does not give back the value")
        }
    }

    /// `message.serializedBytes()` into a `[UInt8]` on both sides.
    var encode: Comparison {
        let tandem = tandem
        let swiftProtobuf = swiftProtobuf
        return Comparison(
            name: "encode \(name)", encodedSize: bytes.count,
            tandem: { iterations in
                for _ in 0..<iterations {
                    blackHole(tandem.serializedBytes())
                }
            },
            swiftProtobuf: { iterations in
                for _ in 0..<iterations {
                    blackHole(try! swiftProtobuf.serializedBytes() as [UInt8])
                }
            })
    }

    /// `M(serializedBytes:)` from the same `[UInt8]` on both sides.
    var decode: Comparison {
        let bytes = bytes
        return Comparison(
            name: "decode \(name)", encodedSize: bytes.count,
            tandem: { iterations in
                for _ in 0..<iterations {
                    blackHole(try! Tandem(serializedBytes: bytes))
                }
            },
            swiftProtobuf: { iterations in
                for _ in 0..<iterations {
                    blackHole(try! SwiftProtobufMessage(serializedBytes: bytes))
                }
            })
    }
}

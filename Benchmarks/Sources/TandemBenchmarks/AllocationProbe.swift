import SwiftProtobuf
import TandemSchema

/// Heap allocations per encode and per decode of one message, on both sides.
struct AllocationProbe {
    let name: String
    let encodedSize: Int
    let tandemEncode: Double
    let tandemDecode: Double
    let swiftProtobufEncode: Double
    let swiftProtobufDecode: Double

    init<T, S>(_ pair: MessagePair<T, S>, iterations: Int = 1_000) {
        name = pair.name
        encodedSize = pair.bytes.count
        let encode = pair.encode
        let decode = pair.decode
        tandemEncode = AllocationCount.perOperation(iterations: iterations, encode.tandem)
        tandemDecode = AllocationCount.perOperation(iterations: iterations, decode.tandem)
        swiftProtobufEncode = AllocationCount.perOperation(iterations: iterations, encode.swiftProtobuf)
        swiftProtobufDecode = AllocationCount.perOperation(iterations: iterations, decode.swiftProtobuf)
    }
}

// libFuzzer target over the decoders of every request message Tandem serves.
//
// The first input byte picks the request type (in the order of `requestTypes`), the rest is the
// message body. Decoding hostile bytes must never trap; whatever decodes must re-encode to bytes
// that decode and re-encode to the very same bytes.
import TandemSchema

/// Every request type of every service in the contract, sorted by full name.
let requestTypes: [any ProtoMessage.Type] = {
    let byName = Dictionary(Schema.messageTypes.map { ($0.protoName, $0) }, uniquingKeysWith: { first, _ in first })
    let names = Set(Schema.services.flatMap { $0.methods.map(\.requestType) })
    return names.sorted().map { byName[$0]! }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let type = requestTypes[Int(data[0]) % requestTypes.count]
    checkRoundTrip(type, UnsafeRawBufferPointer(start: data + 1, count: size - 1))
    return 0
}

func checkRoundTrip<M: ProtoMessage>(_ type: M.Type, _ body: UnsafeRawBufferPointer) {
    guard let message = try? M(decoding: body) else { return }
    let encoded = message.serializedBytes()
    let again: M
    do {
        again = try M(serializedBytes: encoded)
    } catch {
        fatalError("\(M.protoName): re-decoding Tandem's own encoding failed: \(error)")
    }
    precondition(again.serializedBytes() == encoded, "\(M.protoName): encoding is not stable across a round trip")
}

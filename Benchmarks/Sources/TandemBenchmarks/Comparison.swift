/// One workload done by both codecs: each side runs `iterations` operations per call.
///
/// The closures loop themselves, so a timed batch costs one closure call, not one per operation.
struct Comparison {
    let name: String
    /// Size of the encoded message, the same for both sides (checked before timing).
    let encodedSize: Int
    let tandem: (_ iterations: Int) -> Void
    let swiftProtobuf: (_ iterations: Int) -> Void
}

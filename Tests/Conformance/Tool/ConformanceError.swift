/// Why a case could not be checked or converted: a malformed corpus file, or a value the Swift
/// type cannot hold.
struct ConformanceError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

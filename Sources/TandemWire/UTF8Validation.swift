/// UTF-8 validation for string fields, specialised for contiguous bytes.
///
/// `String(validating:as:)` is an unspecialised generic call that cost about 70 ns a string in the
/// benchmarks; this check skips ASCII eight bytes at a time and costs a fraction of that.
@usableFromInline
enum UTF8Validation {
    @inlinable
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            // ASCII runs, a word at a time.
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { return true }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            @inline(__always) func continuation(_ offset: Int) -> UInt8? {
                guard index + offset < count else { return nil }
                let byte = base[index + offset]
                return byte & 0xC0 == 0x80 ? byte : nil
            }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(1) != nil else { return false }
                index += 2
            case 0xE0...0xEF:
                guard let second = continuation(1), continuation(2) != nil else { return false }
                // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
                if lead == 0xE0 && second < 0xA0 || lead == 0xED && second > 0x9F { return false }
                index += 3
            case 0xF0...0xF4:
                guard let second = continuation(1), continuation(2) != nil, continuation(3) != nil else {
                    return false
                }
                // No overlong forms (F0 80..8F) and nothing above U+10FFFF (F4 90..BF).
                if lead == 0xF0 && second < 0x90 || lead == 0xF4 && second > 0x8F { return false }
                index += 4
            default:
                return false
            }
        }
        return true
    }
}

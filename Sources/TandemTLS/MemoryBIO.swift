internal import COpenSSL

/// Reading a memory BIO whole, which both the ciphertext drain and certificate printing need.
enum MemoryBIO {
    /// Everything written to `bio` and not read yet.
    static func readAll(_ bio: OpaquePointer) -> [UInt8] {
        let pending = Int(tandem_BIO_pending(bio))
        guard pending > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: pending) { buffer, initialized in
            var read = 0
            initialized = BIO_read_ex(bio, buffer.baseAddress, pending, &read) == 1 ? read : 0
        }
    }
}

extension HTTP2Session {
    /// Which end of the connection the session plays.
    package enum Role: Hashable, Sendable {
        /// Accepts streams; expects the client preface first.
        case server
        /// Opens streams; sends the client preface first.
        case client
    }
}

extension CommonV1 {
    /// A whole calendar date without time of day or zone, read in the tenant's time zone.
    public struct Date: ProtoMessage {
        public static let protoName = "tandem.common.v1.Date"
        /// 1 to 9999.
        public var year: Int32 = 0
        /// 1 to 12.
        public var month: Int32 = 0
        /// 1 to the last day of the month.
        public var day: Int32 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoInt32.self, 1, "year", &year)
            try visitor.visitSingular(ProtoInt32.self, 2, "month", &month)
            try visitor.visitSingular(ProtoInt32.self, 3, "day", &day)
        }
    }
}

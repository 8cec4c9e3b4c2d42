extension ProjectsV1 {
    /// Request of ProjectService.CreateProject.
    public struct CreateProjectRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.CreateProjectRequest"
        /// The project to create: name is required; output-only fields are ignored.
        public var project: Project?
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Project>.self, 1, "project", &project)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of ProjectService.CreateProject.
    public struct CreateProjectResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.CreateProjectResponse"
        public var project: Project?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Project>.self, 1, "project", &project)
        }
    }

    /// Request of ProjectService.GetProject.
    public struct GetProjectRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.GetProjectRequest"
        public var id: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
        }
    }

    /// Response of ProjectService.GetProject.
    public struct GetProjectResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.GetProjectResponse"
        public var project: Project?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Project>.self, 1, "project", &project)
        }
    }

    /// Request of ProjectService.ListProjects.
    public struct ListProjectsRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListProjectsRequest"
        /// Only projects owned by this user.
        public var owner: String = ""
        /// Only projects this user is a member of.
        public var member: String = ""
        /// Only projects in one of these statuses.
        public var statuses: [ProjectStatus] = []
        /// Case-insensitive substring of the name, outcome or description.
        public var text: String = ""
        /// Also list archived projects.
        public var includeArchived: Bool = false
        public var pageSize: Int32 = 0
        public var pageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "owner", &owner)
            try visitor.visitSingular(ProtoString.self, 2, "member", &member)
            try visitor.visitRepeated(EnumCodec<ProjectStatus>.self, 3, "statuses", &statuses)
            try visitor.visitSingular(ProtoString.self, 4, "text", &text)
            try visitor.visitSingular(ProtoBool.self, 30, "include_archived", &includeArchived)
            try visitor.visitSingular(ProtoInt32.self, 50, "page_size", &pageSize)
            try visitor.visitSingular(ProtoString.self, 51, "page_token", &pageToken)
        }
    }

    /// Response of ProjectService.ListProjects.
    public struct ListProjectsResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ListProjectsResponse"
        public var projects: [Project] = []
        public var nextPageToken: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitRepeated(MessageCodec<Project>.self, 1, "projects", &projects)
            try visitor.visitSingular(ProtoString.self, 2, "next_page_token", &nextPageToken)
        }
    }

    /// Request of ProjectService.UpdateProject.
    public struct UpdateProjectRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.UpdateProjectRequest"
        /// The project with `id` set and the new values of the fields in update_mask.
        public var project: Project?
        /// Required: the fields to change, by proto field name.
        public var updateMask: GoogleProtobuf.FieldMask?
        /// ABORTED unless it equals the project's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Project>.self, 1, "project", &project)
            try visitor.visitOptional(MessageCodec<GoogleProtobuf.FieldMask>.self, 2, "update_mask", &updateMask)
            try visitor.visitSingular(ProtoInt64.self, 3, "expected_version", &expectedVersion)
        }
    }

    /// Response of ProjectService.UpdateProject.
    public struct UpdateProjectResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.UpdateProjectResponse"
        public var project: Project?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Project>.self, 1, "project", &project)
        }
    }

    /// Request of ProjectService.ArchiveProject.
    public struct ArchiveProjectRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ArchiveProjectRequest"
        public var id: String = ""
        /// ABORTED unless it equals the project's version; 0 means unconditional.
        public var expectedVersion: Int64 = 0
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "id", &id)
            try visitor.visitSingular(ProtoInt64.self, 2, "expected_version", &expectedVersion)
        }
    }

    /// Response of ProjectService.ArchiveProject.
    public struct ArchiveProjectResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.ArchiveProjectResponse"
        /// The archived project.
        public var project: Project?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Project>.self, 1, "project", &project)
        }
    }

    /// Request of ProjectService.PromoteTask.
    public struct PromoteTaskRequest: ProtoMessage {
        public static let protoName = "tandem.projects.v1.PromoteTaskRequest"
        /// The task to promote.
        public var taskID: String = ""
        /// Project name; defaults to the task's title.
        public var name: String = ""
        /// The outcome the project delivers.
        public var outcome: String = ""
        /// Project owner; defaults to the task's owner, then to the actor.
        public var owner: String = ""
        /// Defaults to today.
        public var startDate: CommonV1.Date?
        /// Defaults to the task's due date.
        public var targetDate: CommonV1.Date?
        /// Idempotency key: a retry with the same value returns the first result.
        public var requestID: String = ""
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitSingular(ProtoString.self, 1, "task_id", &taskID)
            try visitor.visitSingular(ProtoString.self, 2, "name", &name)
            try visitor.visitSingular(ProtoString.self, 3, "outcome", &outcome)
            try visitor.visitSingular(ProtoString.self, 4, "owner", &owner)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 5, "start_date", &startDate)
            try visitor.visitOptional(MessageCodec<CommonV1.Date>.self, 6, "target_date", &targetDate)
            try visitor.visitSingular(ProtoString.self, 15, "request_id", &requestID)
        }
    }

    /// Response of ProjectService.PromoteTask.
    public struct PromoteTaskResponse: ProtoMessage {
        public static let protoName = "tandem.projects.v1.PromoteTaskResponse"
        /// The new project.
        public var project: Project?
        /// The task, now the project's first work item.
        public var task: TasksV1.Task?
        public var unknownFields = UnknownFields()
        public init() {}

        @inlinable
        public mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {
            try visitor.visitOptional(MessageCodec<Project>.self, 1, "project", &project)
            try visitor.visitOptional(MessageCodec<TasksV1.Task>.self, 2, "task", &task)
        }
    }
}

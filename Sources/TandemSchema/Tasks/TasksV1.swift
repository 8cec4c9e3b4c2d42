/// `tandem.tasks.v1`.
public enum TasksV1: SchemaNamespace {
    public static var messageTypes: [any ProtoMessage.Type] {
        [
            Task.self, Recurrence.self, Blocker.self,
            CreateTaskRequest.self, CreateTaskResponse.self, GetTaskRequest.self, GetTaskResponse.self,
            UpdateTaskRequest.self, UpdateTaskResponse.self, SetTaskStatusRequest.self, SetTaskStatusResponse.self,
            AddBlockerRequest.self, AddBlockerResponse.self, ResolveBlockerRequest.self, ResolveBlockerResponse.self,
            ListTasksRequest.self, ListTasksResponse.self, DeleteTaskRequest.self, DeleteTaskResponse.self,
            GetWorkloadRequest.self, GetWorkloadResponse.self, OwnerWorkload.self,
        ]
    }

    public static var enumTypes: [any ProtoEnum.Type] {
        [TaskStatus.self, Priority.self, RecurrenceFrequency.self, RecurrenceAnchor.self, TaskOrder.self]
    }

    public static var services: [ServiceDescriptor] {
        [TaskService.descriptor]
    }
}
